//! `emvqr decode`: one verdict per input line, as a table or as JSON (see CLI.md).

use std::io::Write;

use emvqr::{Error, LengthUnit, ParseOptions, Payload, PayloadBuilder, PaymentIntent, Scheme};
use serde_json::{json, Map, Value};

use crate::names;

#[derive(clap::Args)]
pub(crate) struct DecodeArgs {
    /// One JSON object per input line instead of a table.
    #[arg(long)]
    json: bool,
    /// Turn every leniency knob on (the checksum is still verified; KHQR keeps the official
    /// SDK's rules, which have no knobs).
    #[arg(long)]
    lenient: bool,
    /// Force one rule set (a scheme id: emv, khqr, elqr, pix, …).
    #[arg(long, value_name = "NAME")]
    profile: Option<String>,
    /// Clock for expiry rules, in milliseconds since the Unix epoch (default: the system clock).
    #[arg(long, value_name = "MS")]
    now_ms: Option<i64>,
    /// The payload; without it, or with `-`, lines are read from stdin.
    payload: Option<String>,
}

/// Which rules decide `valid`.
#[derive(Default)]
pub(crate) struct Rules {
    pub(crate) lenient: bool,
    pub(crate) profile: Option<String>,
    pub(crate) now_ms: i64,
}

/// An error or warning as the JSON contract shapes it.
pub(crate) struct Problem {
    pub(crate) kind: String,
    pub(crate) offset: usize,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) extra: Map<String, Value>,
}

impl Problem {
    pub(crate) fn from_error(e: &Error) -> Problem {
        Problem {
            kind: e.kind().name().to_string(),
            offset: e.offset(),
            path: e.path().to_string(),
            message: e.to_string(),
            extra: Map::new(),
        }
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("kind".into(), json!(self.kind));
        m.insert("offset".into(), json!(self.offset));
        m.insert("path".into(), json!(self.path));
        m.insert("message".into(), json!(self.message));
        for (k, v) in &self.extra {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }
}

/// The verdict on one input.
pub(crate) struct Verdict {
    pub(crate) scheme: Option<String>,
    pub(crate) schemes: Vec<String>,
    pub(crate) error: Option<Problem>,
    pub(crate) warnings: Vec<Problem>,
    pub(crate) fields: Vec<(String, String)>,
    pub(crate) reencoded: Option<String>,
    pub(crate) intent: Option<Value>,
}

impl Verdict {
    pub(crate) fn valid(&self) -> bool {
        self.error.is_none()
    }

    /// The `decode --json` object for this input.
    pub(crate) fn to_json(&self, input: &str) -> Value {
        let mut fields = Map::new();
        for (k, v) in &self.fields {
            fields.insert(k.clone(), json!(v));
        }
        let mut m = Map::new();
        m.insert("input".into(), json!(input));
        m.insert("valid".into(), json!(self.valid()));
        m.insert("scheme".into(), json!(self.scheme));
        m.insert("schemes".into(), json!(self.schemes));
        m.insert(
            "error".into(),
            self.error.as_ref().map_or(Value::Null, Problem::to_json),
        );
        m.insert(
            "warnings".into(),
            Value::Array(self.warnings.iter().map(Problem::to_json).collect()),
        );
        m.insert("fields".into(), Value::Object(fields));
        m.insert("reencoded".into(), json!(self.reencoded));
        m.insert("intent".into(), self.intent.clone().unwrap_or(Value::Null));
        Value::Object(m)
    }
}

fn flat(s: &str, unit: LengthUnit) -> Vec<(String, String)> {
    emvqr::leaf_fields(s, unit)
        .into_iter()
        .map(|(p, v)| (p.to_string(), v.to_string()))
        .collect()
}

/// Judges one input by the rules in force: the primary scheme's (or the forced profile's).
pub(crate) fn judge(input: &str, rules: &Rules) -> Verdict {
    if input.len() > emvqr::MAX_INPUT_BYTES {
        // Not parsed at all: no detection, no fields.
        let e = Error::new(
            emvqr::ErrorKind::TooLong,
            emvqr::MAX_INPUT_BYTES,
            emvqr::Path::ROOT,
        );
        return Verdict {
            scheme: None,
            schemes: Vec::new(),
            error: Some(Problem::from_error(&e)),
            warnings: Vec::new(),
            fields: Vec::new(),
            reencoded: None,
            intent: None,
        };
    }
    let forced_name = rules.profile.as_deref();
    if forced_name == Some("elqr")
        || (forced_name.is_none() && emvqr::profile::elqr::is_elqr(input))
    {
        return crate::elqr::verdict(input, rules.lenient);
    }
    let detection = emvqr::detect(input);
    let schemes: Vec<String> = if detection.is_parsed() {
        detection
            .schemes()
            .iter()
            .map(|s| s.id().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let forced = rules
        .profile
        .as_deref()
        .and_then(|n| n.parse::<Scheme>().ok());
    let scheme = forced.or_else(|| detection.primary());
    let mut v = match scheme {
        Some(Scheme::Khqr) => khqr_verdict(input, rules.now_ms),
        Some(s) => scheme_verdict(input, s, rules.lenient),
        None => emv_verdict(input, lenient_or(ParseOptions::new(), rules.lenient)),
    };
    v.scheme = scheme
        .filter(|_| detection.is_parsed() || forced.is_some())
        .map(|s| s.id().to_string());
    v.schemes = schemes;
    v
}

/// The scheme's options, or every leniency on with the scheme's length unit and checksum.
fn lenient_or(opts: ParseOptions, lenient: bool) -> ParseOptions {
    if lenient {
        ParseOptions::lenient()
            .length_unit(opts.unit())
            .checksum(opts.checksum_kind())
    } else {
        opts
    }
}

/// The verdict of the official KHQR SDK's verify (with its numeric code), against `now_ms`.
/// The SDK's rules have no leniency knobs: `--lenient` does not change them.
fn khqr_verdict(input: &str, now_ms: i64) -> Verdict {
    use emvqr::profile::khqr;
    let unit = LengthUnit::Utf16;
    let fields = flat(input, unit);
    let now = u64::try_from(now_ms).unwrap_or(0);
    let (error, reencoded) = match khqr::verify(input, now) {
        Ok(_) => {
            // Re-encode through the EMV builder (lengths in UTF-16 units, as the SDK counts).
            let opts = ParseOptions::lenient().length_unit(unit);
            let re = opts
                .parse(input)
                .ok()
                .and_then(|p| PayloadBuilder::from(&p).build().ok());
            (None, re)
        }
        Err(e) => {
            let core = e.to_error();
            let mut extra = Map::new();
            extra.insert("khqr_code".into(), json!(e.code()));
            extra.insert("khqr_key".into(), json!(e.key()));
            let p = Problem {
                kind: core.kind().name().to_string(),
                offset: e.offset(),
                path: e.path().to_string(),
                message: format!("{} ({}): {e}", e.message(), e.key()),
                extra,
            };
            (Some(p), None)
        }
    };
    Verdict {
        scheme: Some("khqr".into()),
        schemes: Vec::new(),
        error,
        warnings: Vec::new(),
        fields,
        reencoded,
        intent: PaymentIntent::scan(input).and_then(|i| serde_json::to_value(&i).ok()),
    }
}

/// The verdict under a national scheme's (or network's) rules, with its payment intent.
fn scheme_verdict(input: &str, scheme: Scheme, lenient: bool) -> Verdict {
    let opts = lenient_or(scheme.parse_options(), lenient);
    let (mut v, parsed) = parse_verdict(input, opts);
    if let Some(p) = parsed {
        if let Err(e) = emvqr::profile::check(scheme, &p) {
            v.error = Some(Problem::from_error(&e));
            v.reencoded = None;
        }
        let intent = PaymentIntent::from_payload(&p);
        v.warnings
            .extend(intent.warnings.iter().map(Problem::from_error));
        v.intent = serde_json::to_value(&intent).ok();
    } else if let Some(intent) = PaymentIntent::scan(input) {
        v.intent = serde_json::to_value(&intent).ok();
    }
    v
}

/// The verdict under plain EMV rules with the given options.
pub(crate) fn emv_verdict(input: &str, opts: ParseOptions) -> Verdict {
    parse_verdict(input, opts).0
}

/// The EMV verdict, and the parsed payload when it parses (for the scheme's own rules).
fn parse_verdict(input: &str, opts: ParseOptions) -> (Verdict, Option<Payload<'_>>) {
    let fields = flat(input, opts.unit());
    match opts.parse(input) {
        Ok(p) => (
            Verdict {
                scheme: Some("emv".into()),
                schemes: vec!["emv".into()],
                error: None,
                warnings: p
                    .warning_details()
                    .iter()
                    .map(Problem::from_error)
                    .collect(),
                fields,
                reencoded: PayloadBuilder::from(&p).build().ok(),
                intent: None,
            },
            Some(p),
        ),
        Err(e) => (
            Verdict {
                scheme: (!fields.is_empty()).then(|| "emv".to_string()),
                schemes: if fields.is_empty() {
                    vec![]
                } else {
                    vec!["emv".into()]
                },
                error: Some(Problem::from_error(&e)),
                warnings: opts
                    .validate_all(input)
                    .warnings
                    .iter()
                    .map(Problem::from_error)
                    .collect(),
                fields,
                reencoded: None,
                intent: None,
            },
            None,
        ),
    }
}

/// A verdict for input that is not text.
fn not_utf8(e: &std::str::Utf8Error) -> Verdict {
    Verdict {
        scheme: None,
        schemes: vec![],
        error: Some(Problem {
            kind: "invalid_utf8".into(),
            offset: e.valid_up_to(),
            path: String::new(),
            message: format!("input is not UTF-8 at byte {}", e.valid_up_to()),
            extra: Map::new(),
        }),
        warnings: vec![],
        fields: vec![],
        reencoded: None,
        intent: None,
    }
}

/// Builds a payload from the flat `fields` shape, keeping the given order.
pub(crate) fn encode_fields(obj: &Map<String, Value>) -> Result<String, String> {
    let mut b = PayloadBuilder::new().options(ParseOptions::lenient().verify_checksum(false));
    // Root entries in order of first appearance; nested paths grouped under their root.
    let mut roots: Vec<(u8, Option<emvqr::TemplateBuilder<'static>>, Option<String>)> = Vec::new();
    for (key, value) in obj {
        let Some(v) = value.as_str() else {
            return Err(format!("field {key}: value must be a string"));
        };
        let ids: Option<Vec<u8>> = key
            .split('.')
            .map(|p| emvqr::Id::parse(p).map(emvqr::Id::get))
            .collect();
        let ids = ids
            .filter(|i| (1..=3).contains(&i.len()))
            .ok_or_else(|| format!("{key:?} is not an ID path"))?;
        let root = ids[0];
        if root == 63 && ids.len() == 1 {
            continue;
        }
        let pos = roots.iter().position(|r| r.0 == root).unwrap_or_else(|| {
            roots.push((root, None, None));
            roots.len() - 1
        });
        let entry = &mut roots[pos];
        match ids.as_slice() {
            [_] => entry.2 = Some(v.to_string()),
            [_, sub] => entry
                .1
                .get_or_insert_with(emvqr::TemplateBuilder::new)
                .push(*sub, emvqr::Node::Value(v.to_string().into())),
            [_, sub, leaf] => {
                let t = entry.1.get_or_insert_with(emvqr::TemplateBuilder::new);
                if let Some(inner) = t.template_mut(*sub) {
                    inner.push(*leaf, emvqr::Node::Value(v.to_string().into()));
                }
            }
            _ => return Err(format!("{key:?} is not an ID path")),
        }
    }
    for (id, t, v) in roots {
        match (t, v) {
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{id:02} is given both as a value and as a template"
                ))
            }
            (Some(t), None) => b.push(id, emvqr::Node::Template(t)),
            (None, Some(v)) => b.push(id, emvqr::Node::Value(v.into())),
            (None, None) => {}
        }
    }
    let mut out = String::new();
    b.write_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The system clock in milliseconds since the Unix epoch (the CLI's default `--now-ms`).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

pub(crate) fn run(args: &DecodeArgs) -> u8 {
    if let Some(name) = &args.profile {
        if name.parse::<Scheme>().is_err() {
            eprintln!("emvqr: unknown profile {name:?}; use a scheme id such as emv, khqr, elqr, pix, promptpay");
            return 2;
        }
    }
    let rules = Rules {
        lenient: args.lenient,
        profile: args.profile.clone(),
        now_ms: args.now_ms.unwrap_or_else(now_ms),
    };
    let bytes = match args.payload.as_deref() {
        Some("-") | None => match crate::stdin_bytes() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("emvqr: cannot read stdin: {e}");
                return 2;
            }
        },
        Some(p) => p.as_bytes().to_vec(),
    };
    let mut all_valid = true;
    let mut out = std::io::stdout().lock();
    for (i, line) in crate::lines(&bytes).into_iter().enumerate() {
        let (input, verdict) = match std::str::from_utf8(line) {
            Ok(s) => (s.to_string(), judge(s, &rules)),
            Err(e) => (String::from_utf8_lossy(line).into_owned(), not_utf8(&e)),
        };
        all_valid &= verdict.valid();
        let res = if args.json {
            writeln!(out, "{}", verdict.to_json(&input))
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            print_table(&mut out, &verdict)
        };
        if res.is_err() {
            return 2;
        }
    }
    u8::from(!all_valid)
}

fn print_table(out: &mut impl Write, v: &Verdict) -> std::io::Result<()> {
    for (path, value) in &v.fields {
        let ids: Vec<u8> = path.split('.').filter_map(|p| p.parse().ok()).collect();
        writeln!(out, "{path:<9} {:<36} {value}", names::name(&ids))?;
    }
    let scheme = v.scheme.as_deref().unwrap_or("unknown");
    match &v.error {
        None => writeln!(out, "valid ({scheme})")?,
        Some(e) => writeln!(out, "invalid ({scheme}): {}", e.message)?,
    }
    for w in &v.warnings {
        writeln!(out, "warning: {}", w.message)?;
    }
    Ok(())
}
