//! Rendering a 150-character payment payload to PNG: this crate's renderer next to the
//! plain `qrcode` + `image` route (the `qrcode` encoder with its own mask search, an 8-bit
//! grey `image::GrayImage` at the same module size, PNG by the `image` crate), on the
//! same payload. Prints the throughput ratio at the end.
//!
//! Run: `cargo bench --bench render --features render,scan`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_lossless,
    clippy::semicolon_if_nothing_returned
)]

use std::hint::black_box;
use std::io::Cursor;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use emvqr::render::{QrCode, RenderOptions, Validated};

/// A real Pix payload of exactly 150 characters (it lacks the merchant city, 60, so it is
/// checked with lenient options; validation is not what this bench measures).
const PIX_150: &str = "00020126830014br.gov.bcb.pix01364004901d-bd85-4769-8e52-cb4c42c506dc0221Jornada pagador 57768520400005303986540573.625802BR5903Pix62080504oooo63048E87";

fn validated(p: &str) -> Validated<'_> {
    Validated::with(p, |s| emvqr::ParseOptions::lenient().parse(s).map(|_| ())).unwrap()
}

const SCALE: u32 = 8;

fn ours(p: &str, opts: &RenderOptions) -> Vec<u8> {
    QrCode::encode(validated(p), opts)
        .unwrap()
        .to_png(opts)
        .unwrap()
}

fn baseline(p: &str) -> Vec<u8> {
    let code =
        qrcode::QrCode::with_error_correction_level(p.as_bytes(), qrcode::EcLevel::M).unwrap();
    let colors = code.to_colors();
    let n = code.width() as u32;
    let side = (n + 8) * SCALE;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / SCALE) as i64 - 4, (y / SCALE) as i64 - 4);
        let dark = mx >= 0
            && my >= 0
            && mx < n as i64
            && my < n as i64
            && colors[(my as u32 * n + mx as u32) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn render(c: &mut Criterion) {
    let p = PIX_150.to_owned();
    assert_eq!(p.chars().count(), 150);
    let opts = RenderOptions::new().scale(SCALE as usize).quiet_zone(4);
    // both images hold the same text
    for png in [ours(&p, &opts), baseline(&p)] {
        let codes = emvqr::scan::scan_image(&png, &emvqr::scan::ScanOptions::new()).unwrap();
        assert_eq!(codes[0].text(), p);
        assert!(!codes[0].is_valid(), "strict EMV refuses it (no 60)");
    }
    let mut g = c.benchmark_group("render_png_150_chars");
    g.throughput(Throughput::Elements(1));
    g.bench_function("emvqr", |b| b.iter(|| ours(black_box(&p), &opts)));
    g.bench_function("qrcode+image", |b| b.iter(|| baseline(black_box(&p))));
    g.finish();
    let mut g = c.benchmark_group("render_other_150_chars");
    let code = QrCode::encode(validated(&p), &opts).unwrap();
    g.bench_function("encode_only", |b| {
        b.iter(|| QrCode::encode(validated(black_box(&p)), &opts).unwrap())
    });
    g.bench_function("svg", |b| b.iter(|| black_box(&code).to_svg(&opts)));
    g.bench_function("terminal", |b| {
        b.iter(|| black_box(&code).to_terminal(&opts))
    });
    g.finish();

    // the ratio, from a plain timing loop of each route
    let time = |f: &dyn Fn() -> Vec<u8>| {
        for _ in 0..50 {
            black_box(f());
        }
        let n = 400;
        let t = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        t.elapsed().as_secs_f64() / f64::from(n)
    };
    let a = time(&|| ours(&p, &opts));
    let b = time(&|| baseline(&p));
    println!(
        "render 150-char payload to PNG: emvqr {:.0} us ({:.0}/s), qrcode+image {:.0} us ({:.0}/s): {:.1}x the throughput",
        a * 1e6,
        1.0 / a,
        b * 1e6,
        1.0 / b,
        b / a
    );
}

criterion_group!(benches, render);
criterion_main!(benches);
