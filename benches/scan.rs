//! Median time to find and read the code in: a small real photo (a crop around one
//! code) and a 1920 x 1080 camera-like frame with one payment code in it (a rendered
//! code pasted into a noisy, unevenly lit frame, 4 pixels per module), plus the
//! same frame without any code (the slow path: every fallback runs).
//!
//! Run: `cargo bench --bench scan --features render,scan`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_possible_truncation,
    clippy::indexing_slicing,
    clippy::cast_sign_loss,
    clippy::semicolon_if_nothing_returned
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use emvqr::render::{QrCode, RenderOptions, Validated};
use emvqr::scan::{load_luma, read_luma, LumaImage, ScanOptions};

const PHOTO: &[u8] = include_bytes!("../tests/data/qr-images/zxing-qrcode-3-27.png");

fn frame(with_code: bool) -> (LumaImage, String) {
    let payload = include_str!("../tests/vectors/render-vectors.tsv")
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .find(|p| p.starts_with("0002010102122") && p.len() > 140 && p.is_ascii())
        .unwrap()
        .to_owned();
    let opts = RenderOptions::new().scale(4);
    let png = QrCode::encode(Validated::emv(&payload).unwrap(), &opts)
        .unwrap()
        .to_png(&opts)
        .unwrap();
    let code = load_luma(&png, &ScanOptions::new()).unwrap();
    let (w, h) = (1920usize, 1080usize);
    let mut seed = 0x9e37_79b9u32;
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let base = 60 + (x * 120 / w) as i32 + (y * 40 / h) as i32;
            px.push((base + (seed % 31) as i32 - 15).clamp(0, 255) as u8);
        }
    }
    if with_code {
        let (ox, oy) = (760, 380);
        for y in 0..code.height as usize {
            for x in 0..code.width as usize {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let v = if code.pixels[y * code.width as usize + x] < 128 {
                    40
                } else {
                    210
                };
                px[(oy + y) * w + ox + x] = (v + (seed % 41) as i32 - 20).clamp(0, 255) as u8;
            }
        }
    }
    (
        LumaImage {
            width: w as u32,
            height: h as u32,
            pixels: px,
        },
        payload,
    )
}

fn scan(c: &mut Criterion) {
    let opts = ScanOptions::new();
    let photo = load_luma(PHOTO, &opts).unwrap();
    let (hd, payload) = frame(true);
    let (empty, _) = frame(false);
    assert!(!read_luma(photo.width, photo.height, &photo.pixels, &opts)
        .unwrap()
        .is_empty());
    let found = read_luma(hd.width, hd.height, &hd.pixels, &opts).unwrap();
    assert_eq!(
        found.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(),
        vec![payload.as_str()]
    );

    let mut g = c.benchmark_group("scan");
    g.bench_function("photo_crop", |b| {
        b.iter(|| read_luma(photo.width, photo.height, black_box(&photo.pixels), &opts).unwrap())
    });
    g.bench_function("photo_crop_with_png_decode", |b| {
        b.iter(|| emvqr::scan::scan_image(black_box(PHOTO), &opts).unwrap())
    });
    g.bench_function("frame_1080p_one_code", |b| {
        b.iter(|| read_luma(hd.width, hd.height, black_box(&hd.pixels), &opts).unwrap())
    });
    g.sample_size(10);
    g.bench_function("frame_1080p_no_code", |b| {
        b.iter(|| read_luma(empty.width, empty.height, black_box(&empty.pixels), &opts).unwrap())
    });
    g.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
