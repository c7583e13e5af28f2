//! `emvqr render` and `emvqr scan` (see CLI.md).

use std::io::Write;
use std::path::PathBuf;

use emvqr::render::{EcLevel, QrCode, RenderError, RenderOptions, Validated};
use emvqr::scan::{scan_image, Code, ScanOptions};

use crate::decode::RuleArgs;

/// `emvqr render PAYLOAD (-o FILE.png|FILE.svg | --terminal) [--scale N] [--ec L|M|Q|H] [--quiet-zone N]`
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// The payload (or ELQR link) to render, or `-` for one line from stdin; it is judged
    /// first, by the same verdict as `decode`.
    pub payload: String,
    #[command(flatten)]
    pub rules: RuleArgs,
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
    /// Replace FILE when it exists (without it, an existing file, or a link, is left alone).
    #[arg(long)]
    pub force: bool,
    /// Light border, in modules.
    #[arg(long = "quiet-zone", value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(0..=64))]
    pub quiet_zone: u16,
}

fn parse_ec(s: &str) -> Result<EcLevel, String> {
    EcLevel::from_letter(s).ok_or_else(|| format!("expected L, M, Q or H, not {s:?}"))
}

/// `emvqr scan [--json] [--lenient] [--profile NAME] [--now-ms MS] IMAGE...`
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// One JSON line per image instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Image files (PNG, JPEG, WebP, BMP).
    #[arg(required = true, value_name = "IMAGE")]
    pub images: Vec<String>,
}

/// One line of stdin, without its line ending.
fn stdin_line() -> std::io::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(line)
}

/// Runs `emvqr render`, judging the payload with the library's verdict (the rules of
/// `decode`) before anything is drawn. Exit status: 0 written, 1 invalid payload (or too long
/// for a QR code), 2 unwritable file or unknown extension.
pub fn run_render(args: &RenderArgs) -> i32 {
    let line;
    let payload = if args.payload == "-" {
        line = match stdin_line() {
            Ok(l) => l,
            Err(e) => {
                eprintln!("emvqr: cannot read stdin: {e}");
                return 2;
            }
        };
        line.as_str()
    } else {
        args.payload.strip_suffix('\r').unwrap_or(&args.payload)
    };
    let validated = match Validated::check(payload, &args.rules.options()) {
        Ok(v) => v,
        Err(RenderError::Invalid(e)) => {
            eprintln!("emvqr: invalid payload, not rendered: {}", e.message());
            return 1;
        }
        Err(e) => {
            eprintln!("emvqr: {e}");
            return 1;
        }
    };
    let opts = RenderOptions::new()
        .ec(args.ec)
        .scale(usize::from(args.scale))
        .quiet_zone(usize::from(args.quiet_zone));
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
    match write_new(path, &bytes, args.force) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("emvqr: cannot write {}: {e}", path.display());
            2
        }
    }
}

/// Writes `bytes` to `path` through a new temporary file in the same folder, renamed into place
/// once complete: a reader never sees half an image, and a link at `path` is replaced, never
/// followed. An existing `path` is refused unless `force`.
fn write_new(path: &std::path::Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    use std::io::{Error, ErrorKind};
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::new(
            ErrorKind::AlreadyExists,
            "the file exists (use --force to replace it)",
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| Error::new(ErrorKind::InvalidInput, "not a file name"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".emvqr-{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Runs `emvqr scan`: per image, the verdict of every code found (a table, or with `--json`
/// one line `{"file", "codes": [<decode --json object> …]}`; `{"file", "codes": [], "error"}`
/// for an unreadable image). Exit status: 0 when every image gave at least one valid code, 1
/// when one did not, 2 when a file could not be read or decoded as an image.
pub fn run_scan(args: &ScanArgs) -> i32 {
    let opts = ScanOptions::new().judge(args.rules.options());
    let mut status = 0;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for file in &args.images {
        // An image that cannot be read, or whose reading runs out of its work budget.
        let codes = std::fs::read(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| quietly(|| scan_image(&bytes, &opts)).map_err(|e| e.to_string()));
        let res = match codes {
            Err(msg) => {
                status = 2;
                if args.json {
                    writeln!(
                        out,
                        "{}",
                        serde_json::json!({"file": file, "codes": [], "error": msg})
                    )
                } else {
                    writeln!(out, "{file}: {msg}")
                }
            }
            Ok(codes) => {
                let verdicts: Vec<emvqr::Verdict<'_>> =
                    codes.into_iter().map(Code::into_verdict).collect();
                if !verdicts.iter().any(emvqr::Verdict::is_valid) && status == 0 {
                    status = 1;
                }
                if args.json {
                    scan_line(&mut out, file, &verdicts)
                } else {
                    scan_table(&mut out, file, &verdicts)
                }
            }
        };
        if res.is_err() {
            return 2;
        }
    }
    if out.flush().is_err() {
        return 2;
    }
    status
}

fn scan_line(out: &mut dyn Write, file: &str, codes: &[emvqr::Verdict<'_>]) -> std::io::Result<()> {
    write!(out, "{{\"file\":")?;
    serde_json::to_writer(&mut *out, file)?;
    write!(out, ",\"codes\":")?;
    serde_json::to_writer(&mut *out, codes)?;
    writeln!(out, "}}")
}

fn scan_table(
    out: &mut dyn Write,
    file: &str,
    codes: &[emvqr::Verdict<'_>],
) -> std::io::Result<()> {
    if codes.is_empty() {
        return writeln!(out, "{file}: no QR code found");
    }
    for (i, v) in codes.iter().enumerate() {
        writeln!(out, "{file}: code {} of {}", i + 1, codes.len())?;
        crate::table::verdict(out, v)?;
    }
    Ok(())
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
