//! `Payload::parse` allocates nothing: a counting global allocator proves it. (A global
//! allocator needs `unsafe`; the library itself forbids it.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const DATA: &str = include_str!("vectors/emv-vectors.tsv");

#[test]
fn parsing_allocates_nothing() {
    let payloads: Vec<&str> = DATA
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(4))
        .collect();
    let lenient = emvqr::ParseOptions::lenient();
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut valid = 0usize;
    for p in &payloads {
        if let Ok(p) = emvqr::Payload::parse(p) {
            valid += usize::from(p.merchant_name().is_some());
            valid += p.merchant_accounts().count();
        }
        let _ = lenient
            .parse(p)
            .map(|p| p.additional_data().and_then(|a| a.bill_number()));
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert!(valid > 50);
    assert_eq!(after - before, 0, "parse allocated");
    // And the counter does count: building allocates.
    let _ = emvqr::PayloadBuilder::new().merchant_name("x").build();
    assert!(ALLOCATIONS.load(Ordering::SeqCst) > after);
}
