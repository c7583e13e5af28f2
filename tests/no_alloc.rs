//! `Payload::parse` allocates nothing: a counting global allocator proves it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
use common::allocations;

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

const DATA: &str = include_str!("vectors/emv-vectors.tsv");

#[test]
fn parsing_allocates_nothing() {
    let payloads: Vec<&str> = DATA
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(4))
        .collect();
    let lenient = emvqr::ParseOptions::lenient();
    let before = allocations();
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
    let after = allocations();
    assert!(valid > 50);
    assert_eq!(after - before, 0, "parse allocated");
    // And the counter does count: building allocates.
    let _ = emvqr::PayloadBuilder::new().merchant_name("x").build();
    assert!(allocations() > after);
}

#[test]
fn building_allocates_only_the_output() {
    let s = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";
    let p = emvqr::Payload::parse(s).unwrap();
    let builder = emvqr::PayloadBuilder::from(&p);
    let before = allocations();
    let out = builder.build().unwrap();
    let after = allocations();
    assert_eq!(out, s);
    assert_eq!(after - before, 1, "build allocated more than its output");
}
