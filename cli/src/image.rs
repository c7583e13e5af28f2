//! `emvqr render` and `emvqr scan` (see CLI.md).

use std::io::Write;
use std::path::PathBuf;

use emvqr::render::{EcLevel, QrCode, RenderOptions, Validated};
use emvqr::scan::{load_luma, read_luma, ScanOptions};
use serde_json::{json, Value};

/// `emvqr render PAYLOAD (-o FILE.png|FILE.svg | --terminal) [--scale N] [--ec L|M|Q|H] [--quiet-zone N]`
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The payload (or ELQR link) to render; it is validated first.
    pub payload: String,
    /// Write the code to this file: PNG or SVG by the extension.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        required_unless_present = "terminal",
        conflicts_with = "terminal"
    )]
    pub output: Option<PathBuf>,
    /// Print the code to the terminal with Unicode half blocks.
    #[arg(long)]
    pub terminal: bool,
    /// Pixels (PNG) or user units (SVG) per module.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub scale: u16,
    /// Error-correction level: L, M, Q or H (H when a logo will cover the centre).
    #[arg(long, default_value = "M", value_parser = parse_ec)]
    pub ec: EcLevel,
    /// Light border, in modules.
    #[arg(long = "quiet-zone", value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(0..=64))]
    pub quiet_zone: u16,
}

fn parse_ec(s: &str) -> Result<EcLevel, String> {
    EcLevel::from_letter(s).ok_or_else(|| format!("expected L, M, Q or H, not {s:?}"))
}

/// `emvqr scan [--lenient] [--profile NAME] [--now-ms MS] IMAGE...`
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// Turn every leniency knob on when judging the codes found (the checksum is still verified).
    #[arg(long)]
    pub lenient: bool,
    /// Force one rule set (a scheme id: emv, khqr, elqr, pix, …).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Clock for expiry rules, in milliseconds since the Unix epoch (default: the system clock).
    #[arg(long, value_name = "MS")]
    pub now_ms: Option<i64>,
    /// Image files (PNG, JPEG, WebP, BMP).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

/// Runs `emvqr render`, validating the payload with `check` (the CLI's default rules:
/// the payload's primary scheme; `Err` carries the message) before anything is drawn.
/// Exit status: 0 written, 1 invalid payload (or too long for a QR code), 2 unwritable
/// file or unknown extension.
pub fn run_render(args: &RenderArgs, check: impl Fn(&str) -> Result<(), String>) -> i32 {
    let payload = args.payload.strip_suffix('\r').unwrap_or(&args.payload);
    if let Err(msg) = check(payload) {
        eprintln!("emvqr: invalid payload, not rendered: {msg}");
        return 1;
    }
    let opts = RenderOptions::new()
        .ec(args.ec)
        .scale(usize::from(args.scale))
        .quiet_zone(usize::from(args.quiet_zone));
    // `check` already judged the text; `with` records that
    let validated = match Validated::with(payload, |_| Ok(())) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("emvqr: {e}");
            return 1;
        }
    };
    let code = match QrCode::encode(validated, &opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("emvqr: {e}");
            return 1;
        }
    };
    if args.terminal {
        let mut out = std::io::stdout().lock();
        return match out.write_all(code.to_terminal(&opts).as_bytes()) {
            Ok(()) => 0,
            Err(_) => 2,
        };
    }
    let Some(path) = &args.output else {
        eprintln!("emvqr: give -o FILE.png, -o FILE.svg or --terminal");
        return 2;
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("png") => match code.to_png(&opts) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("emvqr: {e}");
                return 2;
            }
        },
        Some("svg") => code.to_svg(&opts).into_bytes(),
        _ => {
            eprintln!(
                "emvqr: {}: unknown image type (use .png or .svg)",
                path.display()
            );
            return 2;
        }
    };
    match std::fs::write(path, bytes) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("emvqr: cannot write {}: {e}", path.display());
            2
        }
    }
}

/// Runs `emvqr scan`: one JSON line per image, `{"file", "codes": [decode(text) …]}`,
/// or `{"file", "codes": [], "error"}` for an unreadable one. `decode` gives the
/// `decode --json` object of one text under the arguments' rules. Exit status: 0
/// when every image gave at least one valid code (`"valid": true`), 1 when one did
/// not, 2 when a file could not be read or decoded as an image.
pub fn run_scan(args: &ScanArgs, decode: impl Fn(&str) -> Value) -> i32 {
    let opts = ScanOptions::new();
    let mut status = 0;
    let mut out = std::io::stdout().lock();
    for file in &args.images {
        let line = match std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| load_luma(&bytes, &opts).map_err(|e| e.to_string()))
        {
            Err(msg) => {
                status = 2;
                json!({"file": file, "codes": [], "error": msg})
            }
            Ok(img) => {
                let found = quietly(|| read_luma(img.width, img.height, &img.pixels, &opts));
                let codes: Vec<Value> = found
                    .unwrap_or_default()
                    .iter()
                    .map(|c| decode(&c.text))
                    .collect();
                let any_valid = codes.iter().any(|c| c["valid"] == Value::Bool(true));
                if !any_valid && status == 0 {
                    status = 1;
                }
                json!({"file": file, "codes": codes})
            }
        };
        if writeln!(out, "{line}").is_err() {
            return 2;
        }
    }
    status
}

/// Runs `f` with the panic message printer silenced: the decoders run under
/// `catch_unwind`, and a panic they recover from is not news for the user.
fn quietly<T>(f: impl FnOnce() -> T) -> T {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = f();
    std::panic::set_hook(previous);
    r
}
