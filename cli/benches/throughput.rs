//! Throughput of `emvqr decode --json` against the library, in one run: lines per second, the
//! cost of a line as a multiple of one strict library parse of the same line (the budget is
//! 15), and the peak resident memory of the process for a small and a large input (flat, since
//! lines are read and written one at a time). The command line runs twice on the large input:
//! reading a file and writing to `/dev/null` (its own cost), and through pipes that this bench
//! feeds and drains from two threads (which share the machine's cores with it).
//!
//! Run: `cargo bench -p emvqr-cli --bench throughput` (`EMVQR_BENCH_LINES` sets the large
//! input's size, 1,000,000 lines by default). Memory is read from `/proc` (Linux).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::cast_precision_loss,
    clippy::print_stdout
)]

use std::hint::black_box;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The KHQR of the library's parse bench (202 characters, valid at the clock below).
const KHQR: &str = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";
const NOW_MS: &str = "1767225600000";

/// Nanoseconds per call of `f`, the best of five rounds of `n` calls.
fn per_call(n: usize, mut f: impl FnMut()) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// The peak resident memory of a running process, in KiB, as `/proc` last reported it.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The lines the CLI reads: `lines` copies of the KHQR.
fn write_lines(w: &mut impl Write, lines: usize) {
    let line = format!("{KHQR}\n");
    let block = line.repeat(1000);
    for _ in 0..lines / 1000 {
        w.write_all(block.as_bytes()).unwrap();
    }
    for _ in 0..lines % 1000 {
        w.write_all(line.as_bytes()).unwrap();
    }
}

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_emvqr"));
    c.args(["decode", "--json", "--now-ms", NOW_MS]);
    c
}

/// Polls the peak resident memory of `child` until it exits: (peak KiB, whether it exited 0).
fn watch(child: &mut std::process::Child) -> (Option<u64>, bool) {
    let mut peak = None;
    loop {
        peak = peak_kib(child.id()).or(peak);
        if let Some(status) = child.try_wait().unwrap() {
            return (peak, status.code() == Some(0));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `decode --json` over `lines` copies of the KHQR through pipes, this process feeding
/// and draining them from two threads: (seconds, peak KiB).
fn run_piped(lines: usize) -> (f64, Option<u64>) {
    let mut child = cli()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let start = Instant::now();
    let writer = std::thread::spawn(move || write_lines(&mut stdin, lines));
    let reader = std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        let mut total = 0usize;
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n;
        }
        total
    });
    let (peak, ok) = watch(&mut child);
    writer.join().unwrap();
    let bytes = reader.join().unwrap();
    let secs = start.elapsed().as_secs_f64();
    assert!(bytes > lines * KHQR.len(), "decode printed {bytes} bytes");
    assert!(ok, "every line is valid");
    (secs, peak)
}

/// Runs `decode --json` with its input in a file and its output discarded (`/dev/null`): the
/// command line's own cost, with nothing else of this bench running on the machine's cores
/// meanwhile. (seconds, peak KiB).
fn run_from_file(lines: usize) -> (f64, Option<u64>) {
    let path = std::env::temp_dir().join(format!("emvqr-throughput-{}.txt", std::process::id()));
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        write_lines(&mut f, lines);
        f.flush().unwrap();
    }
    let input = std::fs::File::open(&path).unwrap();
    let start = Instant::now();
    let mut child = cli()
        .stdin(Stdio::from(input))
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (peak, ok) = watch(&mut child);
    let secs = start.elapsed().as_secs_f64();
    std::fs::remove_file(&path).unwrap();
    assert!(ok, "every line is valid");
    (secs, peak)
}

fn main() {
    let large: usize = std::env::var("EMVQR_BENCH_LINES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let small = 10_000;
    let opts = emvqr::CheckOptions::at(NOW_MS.parse().unwrap());
    assert!(emvqr::check(KHQR, &opts).is_valid());
    // The parse is timed before, between and after the command line's runs, and the fastest
    // is the unit: a parse timed in a slow moment (it can take half as long again) would make
    // every line look cheaper in parses than it is.
    let time_parse = || {
        per_call(200_000, || {
            black_box(emvqr::Payload::parse(black_box(KHQR)).is_ok());
        })
    };
    let mut parses = vec![time_parse()];
    let check_ns = per_call(20_000, || {
        black_box(emvqr::check(black_box(KHQR), &opts).is_valid());
    });
    let json_ns = per_call(20_000, || {
        let v = emvqr::check(black_box(KHQR), &opts);
        black_box(emvqr::json::to_string(&v).unwrap());
    });
    let (small_s, small_peak) = run_piped(small);
    let (large_s, large_peak) = run_piped(large);
    parses.push(time_parse());
    let (file_s, file_peak) = run_from_file(large);
    parses.push(time_parse());
    let parse_ns = parses.iter().copied().fold(f64::INFINITY, f64::min);
    let timed: Vec<String> = parses.iter().map(|ns| format!("{ns:.0}")).collect();
    println!("library: strict parse {parse_ns:.0} ns (the fastest of {} ns); check {check_ns:.0} ns ({:.1} parses); check + JSON {json_ns:.0} ns ({:.1} parses)",
        timed.join(", "), check_ns / parse_ns, json_ns / parse_ns);
    let line = |how: &str, secs: f64| {
        let ns = secs * 1e9 / large as f64;
        println!(
            "decode --json, {how}: {large} lines in {secs:.2} s = {:.0} lines/s, {ns:.0} ns a line = {:.1} library parses (budget 15)",
            large as f64 / secs,
            ns / parse_ns
        );
    };
    line("from a file to /dev/null", file_s);
    line("through pipes this bench feeds and drains", large_s);
    let kib = |p: Option<u64>| p.map_or_else(|| "n/a".to_string(), |k| format!("{k} KiB"));
    println!(
        "peak resident memory: {small} lines {} ({small_s:.2} s); {large} lines {} (piped), {} (from a file)",
        kib(small_peak),
        kib(large_peak),
        kib(file_peak)
    );
}
