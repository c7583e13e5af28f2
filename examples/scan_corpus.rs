//! Reads every photo of the QR corpus beside the repository
//! (`../shared/corpus/qr-images/*/manifest.jsonl`, or the folder given as the
//! first argument) and prints how many were decoded exactly, with the median
//! and 95th-percentile time per image.
//!
//! ```text
//! cargo run --release --example scan_corpus --features scan [-- DIR] [--verbose]
//! ```

#![allow(clippy::print_stdout, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use emvqr::scan::{load_luma, read_luma, ScanOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/qr-images")
        });
    let mut rows = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}: skipped", dir.display());
        return;
    };
    let mut manifests: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("manifest.jsonl"))
        .filter(|p| p.is_file())
        .collect();
    manifests.sort();
    for m in manifests {
        let text = std::fs::read_to_string(&m).unwrap_or_default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let (Some(f), Some(e)) = (v["file"].as_str(), v["expected"].as_str()) {
                rows.push((f.to_owned(), e.to_owned()));
            }
        }
    }
    if rows.is_empty() {
        eprintln!("no manifest entries under {}: skipped", dir.display());
        return;
    }
    let opts = ScanOptions::new();
    let (mut exact, mut other, mut none, mut unreadable) = (0, 0, 0, 0);
    let mut times = Vec::new();
    for (file, expected) in &rows {
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            unreadable += 1;
            continue;
        };
        let img = match load_luma(&bytes, &opts) {
            Ok(i) => i,
            Err(e) => {
                unreadable += 1;
                println!("UNREADABLE {file}: {e}");
                continue;
            }
        };
        let t = Instant::now();
        let found = read_luma(img.width, img.height, &img.pixels, &opts).unwrap_or_default();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if found.iter().any(|c| &c.text == expected) {
            exact += 1;
        } else if found.is_empty() {
            none += 1;
            if verbose {
                println!("MISS  {file} ({}x{})", img.width, img.height);
            }
        } else {
            other += 1;
            if verbose {
                println!(
                    "OTHER {file}: {:?}",
                    found.iter().map(|c| &c.text).collect::<Vec<_>>()
                );
            }
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: usize| {
        times
            .get((times.len() * p / 100).min(times.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "decoded exactly {exact}/{} ({:.1} %), other text {other}, nothing {none}, unreadable {unreadable}; \
         time per image (decode of the pixels): median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        rows.len(),
        100.0 * f64::from(exact) / rows.len() as f64,
        pct(50),
        pct(95),
        times.last().copied().unwrap_or(0.0)
    );
}
