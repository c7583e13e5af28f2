//! Writes the hostile and camera-like images the scanner is tested with to a
//! folder, so that any build (the CLI, a `panic = "abort"` program) can be run
//! on them and measured, for example with `/usr/bin/time -v`.
//!
//! ```text
//! cargo run --release --example scan_hostile --features render,scan -- OUT_DIR
//! ```

#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/images/mod.rs"]
mod images;

use std::path::Path;

use emvqr::render::{QrCode, RenderOptions, Validated};
use emvqr::scan::{load_luma, ScanOptions};
use images::Grey;

fn grey_png(img: &Grey) -> Vec<u8> {
    let mut out = Vec::new();
    let (w, h) = img.dims();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(&img.pixels).unwrap();
    writer.finish().unwrap();
    out
}

fn main() {
    let dir = std::env::args().nth(1).expect("give an output folder");
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).unwrap();
    // the camera frame's code: the first long KHQR of the render vectors, at
    // 4 pixels per module (as in the scan bench)
    let payload = include_str!("../tests/vectors/render-vectors.tsv")
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .find(|p| p.starts_with("0002010102122") && p.len() > 140 && p.is_ascii())
        .unwrap();
    let checked = Validated::emv(payload).unwrap();
    let opts = RenderOptions::new().scale(4);
    let code = QrCode::encode(checked, &opts)
        .unwrap()
        .to_png(&opts)
        .unwrap();
    let code = load_luma(&code, &ScanOptions::new()).unwrap();
    let code = Grey {
        width: code.width as usize,
        height: code.height as usize,
        pixels: code.pixels,
    };
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "frame-1080p-code.png".into(),
            grey_png(&images::camera_frame(Some(&code))),
        ),
        (
            "frame-1080p-empty.png".into(),
            grey_png(&images::camera_frame(None)),
        ),
        (
            "finder-sheet-400.png".into(),
            grey_png(&images::finder_sheet(400)),
        ),
        (
            "finder-sheet-800.png".into(),
            grey_png(&images::finder_sheet(800)),
        ),
        (
            "finder-sheet-1280.png".into(),
            grey_png(&images::finder_sheet(1280)),
        ),
        (
            "blotted-photo.png".into(),
            grey_png(&images::blotted_photo()),
        ),
        (
            "progressive-13000.jpg".into(),
            images::progressive_jpeg(13_000, 13_000),
        ),
        ("rgb-8000.png".into(), images::rgb_png(8000, 8000)),
    ];
    for (name, bytes) in files {
        let path = dir.join(&name);
        std::fs::write(&path, &bytes).unwrap();
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
}
