//! `emvqr`: decode, validate and build EMVCo merchant-presented QR payment codes.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod decode;
mod elqr;
mod image;
mod khqr;
mod table;

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
        Command::Render(a) => u8::try_from(image::run_render(&a)).unwrap_or(2),
        Command::Scan(a) => u8::try_from(image::run_scan(&a)).unwrap_or(2),
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
    let mut fields = Vec::with_capacity(obj.len());
    for (key, value) in &obj {
        match value.as_str() {
            Some(v) => fields.push((key.as_str(), v)),
            None => {
                eprintln!("emvqr: field {key}: value must be a string");
                return 1;
            }
        }
    }
    // The consumer-presented shape starts with its Payload Format Indicator, tag 85.
    if fields.first().is_some_and(|(k, _)| *k == "85") {
        return match emvqr::cpm::CpmBuilder::from_fields(fields.iter().copied()).build() {
            Ok(text) => print_checked(&text),
            Err(e) => {
                eprintln!("emvqr: {e}");
                1
            }
        };
    }
    let built = emvqr::PayloadBuilder::from_fields(fields.iter().copied()).and_then(|b| {
        let mut out = String::new();
        b.write_to(&mut out).map(|()| out)
    });
    let payload = match built {
        Ok(p) => p,
        Err(e) => {
            let key = obj.keys().nth(e.offset()).map_or("", String::as_str);
            match e.kind() {
                emvqr::ErrorKind::InvalidId => eprintln!("emvqr: {key:?} is not an ID path"),
                _ => eprintln!("emvqr: {e}"),
            }
            return 1;
        }
    };
    print_checked(&payload)
}

/// Prints an encoded code once the verdict accepts it (exit 1 with its message otherwise).
fn print_checked(payload: &str) -> u8 {
    let verdict = emvqr::check(payload, &emvqr::CheckOptions::now());
    if let Some(err) = verdict.error() {
        eprintln!("emvqr: the encoded payload is invalid: {}", err.message());
        return 1;
    }
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{payload}").is_err() {
        return 2;
    }
    0
}
