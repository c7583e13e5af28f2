//! Median time to find and read the code in: a small real photo (a crop around one
//! code), a 1920 x 1080 camera-like frame with one payment code in it (a rendered
//! code pasted into a noisy, unevenly lit frame, 4 pixels per module), the same frame
//! without any code (most frames of a camera loop), and sheets of QR finder
//! patterns of 400, 800 and 1280 pixels (3-pixel modules, one pattern every 30
//! pixels: the image that used to cost seconds). Prints, at the end, each case's
//! time as a multiple of the frame with a code, from one interleaved timing loop.
//!
//! Run: `cargo bench --bench scan --features render,scan`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::indexing_slicing,
    clippy::cast_sign_loss,
    clippy::print_stdout,
    clippy::semicolon_if_nothing_returned
)]

#[path = "../tests/images/mod.rs"]
mod images;

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use emvqr::render::{QrCode, RenderOptions, Validated};
use emvqr::scan::{load_luma, read_luma, ScanOptions};
use images::{camera_frame, finder_sheet, Grey};

const PHOTO: &[u8] = include_bytes!("../tests/data/qr-images/zxing-qrcode-3-27.png");

fn payload() -> &'static str {
    include_str!("../tests/vectors/render-vectors.tsv")
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .find(|p| p.starts_with("0002010102122") && p.len() > 140 && p.is_ascii())
        .unwrap()
}

fn frame_with_code() -> Grey {
    let opts = RenderOptions::new().scale(4);
    let png = QrCode::encode(Validated::emv(payload()).unwrap(), &opts)
        .unwrap()
        .to_png(&opts)
        .unwrap();
    let code = load_luma(&png, &ScanOptions::new()).unwrap();
    camera_frame(Some(&Grey {
        width: code.width as usize,
        height: code.height as usize,
        pixels: code.pixels,
    }))
}

fn read(img: &Grey, opts: &ScanOptions) -> usize {
    let (w, h) = img.dims();
    read_luma(w, h, black_box(&img.pixels), opts).unwrap().len()
}

fn scan(c: &mut Criterion) {
    let opts = ScanOptions::new();
    let photo = load_luma(PHOTO, &opts).unwrap();
    let photo = Grey {
        width: photo.width as usize,
        height: photo.height as usize,
        pixels: photo.pixels,
    };
    let hd = frame_with_code();
    let empty = camera_frame(None);
    let sheets: Vec<(usize, Grey)> = [400, 800, 1280]
        .into_iter()
        .map(|s| (s, finder_sheet(s)))
        .collect();
    assert_eq!(read(&photo, &opts), 1);
    let (w, h) = hd.dims();
    let found = read_luma(w, h, &hd.pixels, &opts).unwrap();
    assert_eq!(
        found.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        vec![payload()]
    );
    assert_eq!(read(&empty, &opts), 0);

    let mut g = c.benchmark_group("scan");
    g.bench_function("photo_crop", |b| b.iter(|| read(&photo, &opts)));
    g.bench_function("photo_crop_with_png_decode", |b| {
        b.iter(|| emvqr::scan::scan_image(black_box(PHOTO), &opts).unwrap())
    });
    g.bench_function("frame_1080p_one_code", |b| b.iter(|| read(&hd, &opts)));
    g.bench_function("frame_1080p_no_code", |b| b.iter(|| read(&empty, &opts)));
    for (side, sheet) in &sheets {
        g.bench_function(format!("finder_sheet_{side}"), |b| {
            b.iter(|| read(sheet, &opts))
        });
    }
    g.finish();

    // The ratios, from one loop that takes the cases in turn, so that a change in
    // the machine's load falls on all of them alike; the median of 15 rounds.
    let mut cases: Vec<(String, &Grey)> = vec![
        ("frame_1080p_one_code".into(), &hd),
        ("frame_1080p_no_code".into(), &empty),
    ];
    cases.extend(sheets.iter().map(|(s, g)| (format!("finder_sheet_{s}"), g)));
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for _ in 0..15 {
        for ((_, img), t) in cases.iter().zip(times.iter_mut()) {
            let start = Instant::now();
            black_box(read(img, &opts));
            t.push(start.elapsed().as_secs_f64());
        }
    }
    let median = |t: &mut Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let base = median(&mut times[0].clone());
    for ((name, _), t) in cases.iter().zip(times.iter_mut()) {
        let m = median(t);
        println!(
            "{name}: {:.2} ms, {:.2}x the frame with a code",
            m * 1e3,
            m / base
        );
    }
}

criterion_group!(benches, scan);
criterion_main!(benches);
