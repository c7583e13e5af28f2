//! `emvqr decode`: one verdict per input line, as a table or as JSON (see `docs/cli.md`).
//!
//! The library judges (`emvqr::check`); this module reads lines, and prints.

use std::io::{BufRead, Write};

use emvqr::{CheckOptions, Scheme, Verdict};

/// Options of `emvqr decode`.
#[derive(clap::Args)]
pub(crate) struct DecodeArgs {
    /// One JSON object per input line instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    rules: RuleArgs,
    /// The payload; without it, or with `-`, lines are read from stdin.
    payload: Option<String>,
}

/// Which rules decide `valid`: shared by `decode`, `render` and `scan`.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct RuleArgs {
    /// Turn every leniency knob on (the checksum is still verified; KHQR keeps the official
    /// SDK's rules, which have no knobs).
    #[arg(long)]
    pub(crate) lenient: bool,
    /// Force one rule set: a scheme id (emv, khqr, elqr, pix, promptpay, …; an unknown id lists
    /// them all).
    #[arg(long, value_name = "NAME", value_parser = parse_scheme)]
    pub(crate) profile: Option<Scheme>,
    /// Clock for expiry rules, in milliseconds since the Unix epoch (default: the system clock).
    #[arg(long, value_name = "MS")]
    pub(crate) now_ms: Option<i64>,
}

fn parse_scheme(s: &str) -> Result<Scheme, String> {
    s.parse::<Scheme>().map_err(|e| e.to_string())
}

impl RuleArgs {
    /// The library's options for these flags; the system clock is read here, once, when no
    /// `--now-ms` is given.
    pub(crate) fn options(&self) -> CheckOptions {
        let base = match self.now_ms {
            Some(ms) => CheckOptions::at(ms),
            None => CheckOptions::now(),
        };
        base.lenient(self.lenient).scheme(self.profile)
    }
}

/// Reads lines of at most [`emvqr::MAX_INPUT_BYTES`] + 1 bytes (the rest of a longer line is
/// counted, not kept), so that memory stays flat whatever the input: the verdict of a line
/// over the limit needs only its first bytes and its length.
struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
}

/// One input line: its first bytes (trailing `\r` removed) and its full length.
struct Line<'a> {
    bytes: &'a [u8],
    len: usize,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Lines {
            reader,
            buf: Vec::with_capacity(1024),
        }
    }

    fn next(&mut self) -> std::io::Result<Option<Line<'_>>> {
        const KEEP: usize = emvqr::MAX_INPUT_BYTES + 1;
        self.buf.clear();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            any = true;
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i, true),
                None => (chunk.len(), false),
            };
            let room = KEEP.saturating_sub(self.buf.len());
            self.buf
                .extend_from_slice(chunk.get(..take.min(room)).unwrap_or(&[]));
            len += take;
            self.reader.consume(if done { take + 1 } else { take });
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        if self.buf.last() == Some(&b'\r') && len <= KEEP {
            self.buf.pop();
            len -= 1;
        }
        Ok(Some(Line {
            bytes: &self.buf,
            len,
        }))
    }
}

/// The verdict on one line. A line longer than the limit is judged on its first bytes padded
/// to its length's verdict: `check` refuses it unread, and the message gives the full length.
fn judge<'a>(line: &Line<'a>, opts: &CheckOptions) -> Verdict<'a> {
    if line.len > line.bytes.len() {
        return emvqr::check_too_long(line.bytes, line.len);
    }
    emvqr::check_bytes(line.bytes, opts)
}

pub(crate) fn run(args: &DecodeArgs) -> u8 {
    let opts = args.rules.options();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut all_valid = true;
    let mut first = true;
    // A line's JSON is built in one reused buffer by the library's JSON writer (told that the
    // verdict's strings are mostly slices of its input), then handed to the writer whole.
    let mut json = String::with_capacity(4096);
    let mut emit = |v: &Verdict<'_>, out: &mut dyn Write| -> std::io::Result<()> {
        all_valid &= v.is_valid();
        if args.json {
            json.clear();
            emvqr::json::write_within(&mut json, v, v.input()).map_err(std::io::Error::other)?;
            json.push('\n');
            out.write_all(json.as_bytes())
        } else {
            if !first {
                out.write_all(b"\n")?;
            }
            first = false;
            crate::table::verdict(out, v)
        }
    };
    let result = match args.payload.as_deref() {
        Some("-") | None => {
            let mut lines = Lines::new(std::io::stdin().lock());
            loop {
                match lines.next() {
                    Ok(Some(line)) => {
                        let v = judge(&line, &opts);
                        if let Err(e) = emit(&v, &mut out) {
                            break Err(e);
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => {
                        eprintln!("emvqr: cannot read stdin: {e}");
                        return 2;
                    }
                }
            }
        }
        Some(p) => {
            let v = emvqr::check(p, &opts);
            if !v.is_valid() && !p.is_empty() && std::path::Path::new(p).is_file() {
                eprintln!(
                    "emvqr: {p:?} is a file name; to decode the lines of a file, use `emvqr decode < {p}`"
                );
                return 2;
            }
            emit(&v, &mut out)
        }
    };
    if result.and_then(|()| out.flush()).is_err() {
        return 2;
    }
    u8::from(!all_valid)
}
