//! Scans, in a build with `panic = "abort"`, every hostile image of the tests
//! and every photo of `tests/data/qr-images`, and checks what each gives. A
//! panic anywhere ends the process with SIGABRT (status 134), so a normal
//! exit is the proof.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

#[path = "../../images/mod.rs"]
mod images;

use emvqr::scan::{read_luma, scan_image, ScanError, ScanOptions};
use images::Grey;

fn grey(name: &str, img: &Grey, expect: &[&str]) {
    let (w, h) = img.dims();
    let found: Vec<String> = read_luma(w, h, &img.pixels, &ScanOptions::new())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(found, expect, "{name}");
    println!("{name}: {} code(s)", found.len());
}

fn file(name: &str, bytes: &[u8]) -> Result<Vec<String>, ScanError> {
    let r: Result<Vec<String>, ScanError> = scan_image(bytes, &ScanOptions::new())
        .map(|codes| codes.into_iter().map(|c| c.text().to_owned()).collect());
    // The outcome in one short line: how many codes and their lengths, or the error.
    match &r {
        Ok(texts) => {
            let lens: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
            println!("{name}: {} code(s), characters {lens:?}", texts.len());
        }
        Err(e) => println!("{name}: {e}"),
    }
    r
}

fn main() {
    assert!(cfg!(panic = "abort"), "build this with panic = \"abort\"");
    // the photos, each read exactly
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/qr-images");
    let manifest = std::fs::read_to_string(format!("{dir}/manifest.jsonl")).unwrap();
    let mut photos = 0;
    for line in manifest.lines().filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (name, expected) = (v["file"].as_str().unwrap(), v["expected"].as_str().unwrap());
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        assert_eq!(file(name, &bytes).unwrap(), vec![expected], "{name}");
        // and the same file cut short
        let _ = file(&format!("{name} (cut)"), &bytes[..bytes.len() / 2]);
        photos += 1;
    }
    // the hostile images
    grey("blotted photo", &images::blotted_photo(), &[]);
    for side in [400, 800, 1280] {
        grey(
            &format!("finder sheet {side}"),
            &images::finder_sheet(side),
            &[],
        );
    }
    for (side, module, pitch) in [(1280, 1, 8), (800, 1, 8), (1280, 2, 14), (1280, 4, 30)] {
        let name = format!("finder grid {side} {module}/{pitch}");
        grey(&name, &images::finder_grid(side, module, pitch), &[]);
    }
    grey("empty 1080p frame", &images::camera_frame(None), &[]);
    match file(
        "progressive JPEG 13000",
        &images::progressive_jpeg(13_000, 13_000),
    ) {
        Err(ScanError::TooLarge(_)) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(
        file("RGB PNG 3000", &images::rgb_png(3000, 3000)).unwrap(),
        Vec::<String>::new()
    );
    for bytes in [
        &b""[..],
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff\xc2",
        b"RIFF\0\0\0\0WEBP",
        b"BM",
    ] {
        assert!(file("a stub", bytes).is_err());
    }
    println!("{photos} photos and the hostile images scanned with panic = \"abort\": no panic");
}
