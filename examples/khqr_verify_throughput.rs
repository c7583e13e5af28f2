//! KHQR verify throughput over a corpus, to compare with the official SDK's
//! (`tests/differential/khqr/throughput.sh` runs both back to back).
//!
//! ```text
//! cargo run --release --example khqr_verify_throughput -- [--write CORPUS_FILE]
//! ```
//!
//! The corpus (deterministic): the KHQR vectors plus 500 codes from `KhqrBuilder` (static and
//! dynamic, individual and merchant, Latin and Khmer names), one per line. `--write` saves it
//! for the Node side.

#![allow(
    clippy::print_stdout,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)] // a measuring program: prints, and stops on a bad argument

use std::hint::black_box;
use std::time::Instant;

use emvqr::profile::khqr::{self, KhqrBuilder, KhqrCurrency};

const NOW: i64 = 1_767_225_600_000;

fn corpus() -> Vec<String> {
    let mut out: Vec<String> = include_str!("../tests/vectors/khqr-vectors.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(1).map(String::from))
        .collect();
    let names = [
        "John Smith",
        "ចន ស្មីន",
        "Coffee Khlaing",
        "សួស្ដី",
        "Le Pure Cafe",
    ];
    for i in 0..500u64 {
        let name = names[(i % 5) as usize];
        let amount = format!("{}", 1000 + i * 37);
        let bill = format!("INV-{i:05}");
        let b = if i % 2 == 0 {
            KhqrBuilder::individual("john_smith@devb", name, "Phnom Penh")
        } else {
            KhqrBuilder::merchant(
                "khqr@aclb",
                name,
                "Siem Reap",
                "85512464906",
                "ACLEDA Bank Plc",
            )
        };
        let b = b.bill_number(&bill).mobile_number("85512345678");
        let b = if i % 3 == 0 {
            b
        } else {
            b.currency(if i % 3 == 1 {
                KhqrCurrency::Khr
            } else {
                KhqrCurrency::Usd
            })
            .amount(&amount)
            .expires_at_ms(NOW + 3_600_000)
        };
        if let Ok(b) = b.build(NOW - 1000) {
            out.push(b.payload);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let corpus = corpus();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let path = args.get(i + 1).expect("--write needs a file name");
        std::fs::write(path, corpus.join("\n") + "\n").expect("cannot write the corpus");
    }
    let valid = corpus.iter().filter(|p| khqr::is_valid(p, NOW)).count();
    // Warm up, then run whole passes for at least one second.
    for p in &corpus {
        black_box(khqr::is_valid(black_box(p), NOW));
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed().as_secs_f64() < 1.0 {
        for p in &corpus {
            black_box(khqr::is_valid(black_box(p), NOW));
        }
        n += corpus.len() as u64;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "emvqr verify: {} payloads ({valid} valid), {:.0} ns/verify, {:.0} verifies/s",
        corpus.len(),
        secs * 1e9 / n as f64,
        n as f64 / secs
    );
}
