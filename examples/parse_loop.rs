//! Parses (or checks, or verifies) one payload many times: a program to count instructions
//! with callgrind, which do not depend on the machine's load. Run it with two counts and take
//! the difference, so that start-up costs cancel:
//!
//! ```sh
//! cargo build --release --example parse_loop
//! valgrind --tool=callgrind --callgrind-out-file=cg.2k target/release/examples/parse_loop parse 2000 '<payload>'
//! valgrind --tool=callgrind --callgrind-out-file=cg.10k target/release/examples/parse_loop parse 10000 '<payload>'
//! ```
//!
//! then (the totals of `callgrind_annotate cg.10k` minus `cg.2k`) / 8,000. `check` and
//! `verify` judge at 2026-01-01 00:00 UTC (the clock of the parse bench's `verdict` group);
//! `crc` is a bare CRC-16 pass over the payload's bytes and `promptparse` that crate's strict
//! parse, the two baselines of the parse bench. Without a payload, the KHQR of the parse bench.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a measuring program: prints its count

use std::hint::black_box;
use std::process::ExitCode;

/// The ACLEDA merchant code of the parse bench (202 characters).
const KHQR: &str = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(Ok(count))) = (args.first(), args.get(1).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: parse_loop parse|check|verify|crc|promptparse COUNT [PAYLOAD]");
        return ExitCode::from(2);
    };
    let text = args.get(2).map_or(KHQR, String::as_str);
    let at = emvqr::CheckOptions::at(1_767_225_600_000);
    let one: &dyn Fn(&str) -> bool = match mode.as_str() {
        "parse" => &|s| emvqr::Payload::parse(black_box(s)).is_ok(),
        "check" => &|s| emvqr::check(black_box(s), &at).is_valid(),
        "verify" => &|s| emvqr::verify(black_box(s), &at).is_ok(),
        "crc" => &|s| emvqr::crc16(black_box(s.as_bytes())) != 0,
        "promptparse" => &|s| promptparse::parse(black_box(s), true, true).is_some(),
        _ => {
            eprintln!("unknown mode {mode}: parse, check, verify, crc or promptparse");
            return ExitCode::from(2);
        }
    };
    let valid = (0..count).filter(|_| one(text)).count();
    println!("{valid} of {count} valid");
    ExitCode::SUCCESS
}
