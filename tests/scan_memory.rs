//! The scanner's peak memory stays under the cap it documents
//! ([`ScanOptions::max_alloc`]): a counting global allocator records the
//! most bytes live at once during each call.
#![cfg(all(feature = "render", feature = "scan"))]
#![allow(
    missing_docs,
    unsafe_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout
)]

mod images;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use emvqr::scan::{load_luma, read_luma, scan_image, ScanError, ScanOptions};
use images::{blotted_photo, camera_frame, finder_grid, progressive_jpeg, rgb_png};

/// Counts the bytes live on the current thread, and the most at once.
struct Peak;

thread_local! {
    static LIVE: Cell<u64> = const { Cell::new(0) };
    static PEAK: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let size = layout.size() as u64;
            // try_with: the thread's own locals may be gone while it exits
            let _ = LIVE.try_with(|l| {
                l.set(l.get() + size);
                let _ = PEAK.try_with(|m| m.set(m.get().max(l.get())));
            });
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        let _ = LIVE.try_with(|l| l.set(l.get().saturating_sub(layout.size() as u64)));
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// The most bytes live at once while `f` ran, above what was live before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let r = f();
    (r, PEAK.with(Cell::get) - before)
}

const MIB: u64 = 1 << 20;

/// The file: 13000 x 13000 white pixels in a progressive JPEG, a
/// few hundred kilobytes that took about 500 MB to decode. Its coefficients
/// alone are over the default cap, so it is refused before any of them is
/// allocated.
#[test]
fn the_huge_progressive_jpeg_is_refused_before_the_peak() {
    let jpeg = progressive_jpeg(13_000, 13_000);
    assert!(jpeg.len() < 700_000, "{} bytes", jpeg.len());
    let (r, peak) = peak_of(|| scan_image(&jpeg, &ScanOptions::new()));
    match r {
        Err(ScanError::TooLarge(m)) => assert!(m.contains("progressive"), "{m}"),
        other => panic!("{other:?}"),
    }
    println!("progressive JPEG 13000 x 13000: refused, peak {peak} bytes");
    assert!(peak < MIB, "{peak} bytes");
}

/// A progressive JPEG within the cap decodes, and its peak is what was
/// counted for it: the grey image plus the coefficients.
#[test]
fn a_progressive_jpeg_peaks_at_its_counted_cost() {
    let jpeg = progressive_jpeg(3000, 3000);
    // 3000 x 3000 grey, and 188 x 188 MCUs of six 128-byte blocks
    let counted = 3000 * 3000 + 188 * 188 * 6 * 128;
    let cap = counted + 4 * MIB;
    let opts = ScanOptions::new().max_alloc(cap);
    let (img, peak) = peak_of(|| load_luma(&jpeg, &opts).unwrap());
    assert_eq!((img.width, img.height), (3000, 3000));
    println!("progressive JPEG 3000 x 3000: counted {counted}, peak {peak}");
    assert!(peak <= cap, "peak {peak}, cap {cap}");
    // and a cap just under the count refuses it
    let opts = ScanOptions::new().max_alloc(counted - 1);
    assert!(matches!(
        load_luma(&jpeg, &opts),
        Err(ScanError::TooLarge(_))
    ));
}

/// An RGB PNG is decoded row by row straight to grey: the whole scan (decode
/// and reading) of a 3000 x 3000 RGB image, whose RGB pixels alone take
/// 27 MB, stays under a 24 MiB cap.
#[test]
fn an_rgb_png_is_read_under_a_cap_smaller_than_its_pixels() {
    let png = rgb_png(3000, 3000);
    let cap = 24 * MIB;
    let opts = ScanOptions::new().max_alloc(cap);
    let (r, peak) = peak_of(|| scan_image(&png, &opts));
    assert_eq!(r.unwrap(), vec![]);
    println!("RGB PNG 3000 x 3000: peak {peak} bytes under a cap of {cap}");
    assert!(peak <= cap, "peak {peak}, cap {cap}");
}

/// Beyond decoding, the scanner's own working memory is a small multiple of
/// the pixels it reads, whatever the image shows: under 2 bytes a pixel (the
/// inverted copy, the black-and-white matrix, the smaller levels), under 10
/// for images up to 800 pixels (the copy at twice the size, and its inverse).
#[test]
fn reading_takes_a_few_bytes_a_pixel() {
    let cases = [
        ("empty 1080p frame", camera_frame(None)),
        ("crowded 2048 sheet", finder_grid(2048, 1, 8)),
        ("1280 finder sheet", finder_grid(1280, 3, 30)),
        ("blotted 500 photo", blotted_photo()),
    ];
    for (name, img) in &cases {
        let (w, h) = img.dims();
        let (r, peak) = peak_of(|| read_luma(w, h, &img.pixels, &ScanOptions::new()));
        assert_eq!(r.unwrap(), vec![]);
        let pixels = u64::from(w) * u64::from(h);
        println!("{name}: peak {peak} bytes for {pixels} pixels");
        let bound = if w.max(h) > 800 { 2 } else { 10 };
        assert!(peak < bound * pixels, "{name}: {peak} for {pixels}");
    }
}
