//! `emvqr`: decode, validate and build EMVCo merchant-presented QR payment codes.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod decode;
mod elqr;
mod image;
mod khqr;
mod names;

/// Decode, validate and build EMVCo merchant-presented QR payment codes.
#[derive(Parser)]
#[command(name = "emvqr", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode and validate payloads (one per line on stdin, or one argument).
    Decode(decode::DecodeArgs),
    /// Build a payload from a JSON object of flat ID paths (`{"00": "01", "62.05": "…"}`).
    Encode(EncodeArgs),
    /// Build a KHQR code (Cambodia, Bakong) from flags; prints the payload and its MD5.
    Khqr(Box<khqr::KhqrArgs>),
    /// Build an ELQR code or payment link (Kyrgyzstan).
    Elqr(Box<elqr::ElqrArgs>),
    /// Render a payload as a QR image (PNG or SVG by extension) or on the terminal.
    Render(image::RenderArgs),
    /// Scan QR codes in images and decode each one (one JSON line per image).
    Scan(image::ScanArgs),
}

#[derive(clap::Args)]
struct EncodeArgs {
    /// Read the JSON object from this file, or `-` for stdin.
    #[arg(long = "json", value_name = "FILE")]
    json: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Decode(a) => decode::run(&a),
        Command::Encode(a) => encode(&a),
        Command::Elqr(a) => u8::try_from(elqr::run(&a)).unwrap_or(2),
        Command::Khqr(a) => u8::try_from(khqr::run(&a)).unwrap_or(2),
        Command::Render(a) => {
            // Validate by the default rules (the primary scheme's) before printing anything.
            let rules = decode::Rules {
                now_ms: decode::now_ms(),
                ..decode::Rules::default()
            };
            let check = |s: &str| {
                decode::judge(s, &rules)
                    .error
                    .map_or(Ok(()), |p| Err(p.message))
            };
            u8::try_from(image::run_render(&a, check)).unwrap_or(2)
        }
        Command::Scan(a) => {
            let rules = decode::Rules {
                lenient: a.lenient,
                profile: a.profile.clone(),
                now_ms: a.now_ms.unwrap_or_else(decode::now_ms),
            };
            u8::try_from(image::run_scan(&a, |t| decode::judge(t, &rules).to_json(t))).unwrap_or(2)
        }
    };
    ExitCode::from(code)
}

/// Reads a whole file, or stdin for `-`.
pub(crate) fn read_input(path: &str) -> std::io::Result<Vec<u8>> {
    if path == "-" {
        let mut v = Vec::new();
        std::io::stdin().lock().read_to_end(&mut v)?;
        Ok(v)
    } else {
        std::fs::read(path)
    }
}

fn encode(args: &EncodeArgs) -> u8 {
    let bytes = match read_input(&args.json) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("emvqr: cannot read {}: {e}", args.json);
            return 2;
        }
    };
    let obj: serde_json::Map<String, serde_json::Value> = match serde_json::from_slice(&bytes) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("emvqr: invalid JSON: {e}");
            return 1;
        }
    };
    let payload = match decode::encode_fields(&obj) {
        Ok(p) => p,
        Err(msg) => {
            eprintln!("emvqr: {msg}");
            return 1;
        }
    };
    let verdict = decode::judge(&payload, &decode::Rules::default());
    if let Some(err) = verdict.error {
        eprintln!("emvqr: the encoded payload is invalid: {}", err.message);
        return 1;
    }
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{payload}").is_err() {
        return 2;
    }
    0
}

/// Splits input into lines: `\n`-separated, trailing `\r` stripped, no phantom last line.
pub(crate) fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v.into_iter()
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .collect()
}

/// Reads stdin line by line into memory.
pub(crate) fn stdin_bytes() -> std::io::Result<Vec<u8>> {
    let mut v = Vec::new();
    let mut lock = std::io::stdin().lock();
    loop {
        let buf = lock.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        v.extend_from_slice(buf);
        let n = buf.len();
        lock.consume(n);
    }
    Ok(v)
}
