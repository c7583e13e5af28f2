//! Node.js bindings of `emvqr` (a Node-API addon built with napi-rs).
//!
//! Thin by design: every answer comes from the Rust crate. `judge` writes the crate's verdict
//! as JSON for the package's `Verdict` class (`emvqr.js`), whose camelCase getters parse it
//! when first read; `toJSON()` is the crate's serde form (the object `emvqr decode --json`
//! prints) and `toJSONString()` that line exactly; builders call the crate's builders; images
//! go through the crate's renderer and scanner (`scan` off the main thread). The only decisions taken here and in `emvqr.js` are JavaScript's conventions:
//! option objects, camelCase, `Buffer`, errors with properties, and reading the system clock
//! when no clock is given (in `emvqr.js`, once per call; the addon's functions read it
//! themselves only when called directly without one).
// `deny`, not `forbid`: the `#[napi]` macro registers each export with a module constructor
// that it marks `allow(unsafe_code)`; the code written here has none.
#![deny(unsafe_code)]

use std::borrow::Cow;

use emvqr::profile::khqr::{KhqrBuilder, KhqrCurrency};
use emvqr::render::{EcLevel, QrCode, RenderOptions, Validated};
use emvqr::scan::ScanOptions;
use emvqr::{CheckOptions, Scheme};
use napi::bindgen_prelude::*;
use napi::JsValue;
use napi_derive::napi;

/// What every error thrown for a refused code or field carries.
struct ErrorParts<'a> {
    message: String,
    kind: &'a str,
    offset: usize,
    path: String,
    khqr: Option<(u8, &'a str)>,
    base64_offset: Option<usize>,
}

fn js_offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ErrorParts<'_> {
    /// A JavaScript `Error` named `EmvqrError` (`KhqrError` with an official code) with
    /// `kind`, `offset`, `path`, `khqrCode`, `khqrKey` and `base64Offset`.
    fn throw(self, env: &Env) -> Error {
        let name = if self.khqr.is_some() {
            "KhqrError"
        } else {
            "EmvqrError"
        };
        let made = || -> Result<Error> {
            let mut e = env.create_error(Error::new(Status::InvalidArg, self.message))?;
            e.set_named_property("name", name)?;
            e.set_named_property("code", "EMVQR_INVALID")?;
            e.set_named_property("kind", self.kind)?;
            e.set_named_property("offset", js_offset(self.offset))?;
            e.set_named_property("path", self.path)?;
            e.set_named_property("khqrCode", self.khqr.map(|(c, _)| u32::from(c)))?;
            e.set_named_property("khqrKey", self.khqr.map(|(_, k)| k))?;
            e.set_named_property("base64Offset", self.base64_offset.map(js_offset))?;
            Ok(Error::from(e.to_unknown()))
        };
        made().unwrap_or_else(|e| e)
    }
}

fn emv_error(env: &Env, e: &emvqr::Error) -> Error {
    ErrorParts {
        message: e.to_string(),
        kind: e.kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: None,
        base64_offset: None,
    }
    .throw(env)
}

fn khqr_error(env: &Env, e: &emvqr::profile::khqr::KhqrError) -> Error {
    ErrorParts {
        message: e.to_string(),
        kind: e.to_error().kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: Some((e.code(), e.key())),
        base64_offset: None,
    }
    .throw(env)
}

fn cpm_error(env: &Env, e: &emvqr::cpm::CpmError) -> Error {
    ErrorParts {
        message: e.to_string(),
        kind: e.kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: None,
        base64_offset: Some(e.base64_offset()),
    }
    .throw(env)
}

fn problem_error(env: &Env, p: &emvqr::Problem) -> Error {
    ErrorParts {
        message: p.message().to_owned(),
        kind: p.kind(),
        offset: p.offset(),
        path: p.path().to_string(),
        khqr: p.khqr_code().map(|c| (c.number(), c.key())),
        base64_offset: p.base64_offset(),
    }
    .throw(env)
}

fn to_json_text<T: serde::Serialize + ?Sized>(v: &T, text: &str) -> Result<String> {
    let mut out = String::new();
    write_json(&mut out, v, text)?;
    Ok(out)
}

/// Pairs written as a JSON object, in their order: the flat `fields` map of the JSON
/// contract, a route's account data.
pub struct Pairs<'r, K, V>(&'r [(K, V)]);

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for Pairs<'_, K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

fn parse_scheme(scheme: Option<&str>) -> Result<Option<Scheme>> {
    scheme
        .map(|s| {
            s.parse::<Scheme>()
                .map_err(|e| Error::new(Status::InvalidArg, format!("{e}: {s:?}")))
        })
        .transpose()
}

/// How to judge: `{ nowMs, lenient, scheme, allErrors, describe }`.
#[napi(object)]
#[derive(Default)]
pub struct CheckOptionsJs {
    /// The clock for expiry rules, in milliseconds since the Unix epoch; absent: the system
    /// clock, read once, in the call.
    pub now_ms: Option<i64>,
    /// Turn every leniency knob on (the checksum is still verified).
    pub lenient: Option<bool>,
    /// Force a scheme's rules by id (`"khqr"`, `"pix"`, …).
    pub scheme: Option<String>,
    /// List every error instead of the first.
    pub all_errors: Option<bool>,
    /// `false`: leave `fields` and `reencoded` empty (cheaper, by about 40 % on a KHQR; the
    /// judgement and the intent are the same). Default `true`.
    pub describe: Option<bool>,
}

impl CheckOptionsJs {
    /// The options as the `…With` functions take them, in the order of the fields.
    fn of(
        now_ms: Option<i64>,
        lenient: Option<bool>,
        scheme: Option<String>,
        all_errors: Option<bool>,
        describe: Option<bool>,
    ) -> CheckOptionsJs {
        CheckOptionsJs {
            now_ms,
            lenient,
            scheme,
            all_errors,
            describe,
        }
    }

    fn options(&self) -> Result<CheckOptions> {
        let base = match self.now_ms {
            Some(ms) => CheckOptions::at(ms),
            None => CheckOptions::now(),
        };
        Ok(base
            .lenient(self.lenient.unwrap_or(false))
            .scheme(parse_scheme(self.scheme.as_deref())?)
            .all_errors(self.all_errors.unwrap_or(false))
            .describe(self.describe.unwrap_or(true)))
    }
}

/// An error or a warning of a verdict.
#[napi(object)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// The kind's stable snake_case name (`"crc_mismatch"`).
    pub kind: String,
    /// Byte offset in the payload (the decoded payload of an ELQR link or a base64 code).
    pub offset: u32,
    /// The ID path (`"62.05"`; `""` at the top level).
    pub path: String,
    /// What is wrong and where, in words.
    pub message: String,
    /// For a KHQR, the official SDK's error code (1–51).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub khqr_code: Option<u32>,
    /// For a KHQR, the official SDK's error key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub khqr_key: Option<String>,
    /// For a consumer-presented code, the position in the base64 text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base64_offset: Option<u32>,
}

impl From<&emvqr::Problem> for Problem {
    fn from(p: &emvqr::Problem) -> Problem {
        Problem {
            kind: p.kind().to_owned(),
            offset: js_offset(p.offset()),
            path: p.path().to_string(),
            message: p.message().to_owned(),
            khqr_code: p.khqr_code().map(|c| u32::from(c.number())),
            khqr_key: p.khqr_code().map(|c| c.key().to_owned()),
            base64_offset: p.base64_offset().map(js_offset),
        }
    }
}

/// Who is paid.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payee<'a> {
    /// Merchant name (59).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// Merchant city (60).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<&'a str>,
    /// Name in the alternate language (64.01).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_alt: Option<&'a str>,
    /// City in the alternate language (64.02).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_alt: Option<&'a str>,
}

/// A tip or convenience fee the code asks for.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tip<'a> {
    /// `"prompt"`, `"fixed"` or `"percentage"`.
    pub kind: &'a str,
    /// The fixed fee or the percentage, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a str>,
}

/// The payer of a consumer-presented code.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payer<'a> {
    /// The card network.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<&'a str>,
    /// The card number with all but the last four digits masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masked_pan: Option<&'a str>,
}

/// References the code carries.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct References<'a> {
    /// 62.01.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_number: Option<&'a str>,
    /// 62.02.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile_number: Option<&'a str>,
    /// 62.03.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub store_label: Option<&'a str>,
    /// 62.04.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loyalty_number: Option<&'a str>,
    /// 62.05.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_label: Option<&'a str>,
    /// 62.06.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_label: Option<&'a str>,
    /// 62.07.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal_label: Option<&'a str>,
    /// 62.08.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<&'a str>,
    /// Pix txid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub txid: Option<&'a str>,
    /// Bill-payment reference 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref1: Option<&'a str>,
    /// Bill-payment reference 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ref2: Option<&'a str>,
    /// Transaction ID (ELQR 32.11, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<&'a str>,
    /// Pix Automático recurrence location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<&'a str>,
}

/// One way to pay: a network, the template it sits in, its account data.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route<'a> {
    /// The scheme or network id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network: Option<&'a str>,
    /// The template ID (`"26"`).
    pub id: String,
    /// The template's globally unique identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gui: Option<&'a str>,
    /// The account data by name, in payload order.
    #[napi(ts_type = "Record<string, string>")]
    pub account: Pairs<'a, &'static str, Cow<'a, str>>,
}

/// Who is paid, how much, in which currency, until when, through which networks.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent<'a> {
    /// Who is paid.
    pub payee: Payee<'a>,
    /// ISO 3166 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<&'a str>,
    /// ISO 4217 alphabetic code (`"USD"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<&'a str>,
    /// ISO 4217 numeric code as written (`"840"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_numeric: Option<&'a str>,
    /// The amount as written (a string, never a float).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<&'a str>,
    /// The amount in ISO 4217 minor units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount_minor: Option<i64>,
    /// The tip or convenience fee.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tip: Option<Tip<'a>>,
    /// Whether the payer may change the amount.
    pub amount_editable: bool,
    /// Whether the code is for one payment.
    pub dynamic: bool,
    /// Expiry in milliseconds since the Unix epoch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at_ms: Option<i64>,
    /// References.
    pub references: References<'a>,
    /// The ways to pay.
    pub routes: Vec<Route<'a>>,
    /// The payer of a consumer-presented code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer<'a>>,
    /// The amount with the scheme's decimals (`"5.00"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_amount: Option<String>,
    /// The expiry as ISO 8601 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at_iso: Option<String>,
}

fn text<'a>(v: &'a Option<Cow<'_, str>>) -> Option<&'a str> {
    v.as_deref()
}

impl<'a> Intent<'a> {
    /// The crate's intent in the package's shape, borrowing its text.
    fn of(i: &'a emvqr::PaymentIntent<'_>) -> Intent<'a> {
        let r = &i.references;
        Intent {
            payee: Payee {
                name: text(&i.payee.name),
                city: text(&i.payee.city),
                name_alt: text(&i.payee.name_alt),
                city_alt: text(&i.payee.city_alt),
            },
            country: text(&i.country),
            currency: i.currency,
            currency_numeric: text(&i.currency_numeric),
            amount: text(&i.amount),
            amount_minor: i.amount_minor.map(|m| i64::try_from(m).unwrap_or(i64::MAX)),
            tip: i.tip.as_ref().map(|t| Tip {
                kind: t.kind(),
                value: t.value(),
            }),
            amount_editable: i.amount_editable,
            dynamic: i.dynamic,
            expires_at_ms: i.expires_at_ms,
            references: References {
                bill_number: text(&r.bill_number),
                mobile_number: text(&r.mobile_number),
                store_label: text(&r.store_label),
                loyalty_number: text(&r.loyalty_number),
                reference_label: text(&r.reference_label),
                customer_label: text(&r.customer_label),
                terminal_label: text(&r.terminal_label),
                purpose: text(&r.purpose),
                txid: text(&r.txid),
                ref1: text(&r.ref1),
                ref2: text(&r.ref2),
                transaction_id: text(&r.transaction_id),
                recurrence: text(&r.recurrence),
            },
            routes: i
                .routes
                .iter()
                .map(|route| Route {
                    network: route.network.map(|s| s.id()),
                    // The template's ID written as the library writes an ID path.
                    id: emvqr::Path::root(route.id).to_string(),
                    gui: text(&route.gui),
                    account: Pairs(&route.account),
                })
                .collect(),
            payer: i.payer.as_ref().map(|p| Payer {
                network: p.network.map(|s| s.id()),
                masked_pan: text(&p.masked_pan),
            }),
            display_amount: i.display_amount(None),
            expires_at_iso: i.expires_at_iso(),
        }
    }
}

/// A verdict as the package's `Verdict` (a JavaScript class, in `emvqr.js`) reads it: three
/// lines, each parsed in JavaScript only when a getter first needs it (compact JSON never
/// holds a raw line break). Line 1: `1` when the code is valid, else `0` (the most read
/// answer, read without parsing), then a JSON object: `input` (`null` when it is `text`,
/// which the class holds, and `text` holds no U+FFFD that could stand for a lone surrogate),
/// `family`, `scheme`, `schemes`, `errors`, `warnings`. Line 2, a JSON object: `fields` (the
/// map of the JSON contract), `reencoded` (`null` with `same` when it is the input, as it is
/// for every valid code). Line 3: the intent (camelCase, as [`Intent`]) or `null`, on its own
/// so that a wallet reading the intent and not the fields parses only it. The fields in
/// payload order with their names, which few callers read, come from [`field_entries_with`]
/// when asked for.
///
/// Why not a class of the addon: a wrapped Rust object costs more to create, keep and finalize
/// than the JSON costs to write and parse, and each getter through Node-API costs more than a
/// getter in JavaScript (see the package's README).
fn js_verdict(text: &str, v: &emvqr::Verdict<'_>) -> Result<String> {
    let mut out = String::with_capacity(8 * v.input().len() + 1024);
    out.push(if v.is_valid() { '1' } else { '0' });
    // The class holds `text` as JavaScript gave it: the same characters, unless Node-API
    // replaced lone surrogates by U+FFFD on the way here.
    let as_given = v.input() == text && !text.contains('\u{FFFD}');
    let head = Head {
        input: (!as_given).then(|| v.input()),
        family: v.family().id(),
        scheme: v.scheme().map(Scheme::id),
        schemes: v.schemes().iter().map(|s| s.id()).collect(),
        errors: v.errors().map(Problem::from).collect(),
        warnings: v.warnings().iter().map(Problem::from).collect(),
    };
    write_json(&mut out, &head, v.input())?;
    out.push('\n');
    let same = v.reencoded() == Some(v.input());
    let body = Body {
        fields: Pairs(v.fields()),
        reencoded: v.reencoded().filter(|_| !same),
        same,
    };
    write_json(&mut out, &body, v.input())?;
    out.push('\n');
    write_json(&mut out, &v.intent().map(Intent::of), v.input())?;
    Ok(out)
}

/// `v` as JSON appended to `out`; its strings are mostly slices of `text` (the verdict's
/// input), which the writer then copies without searching them for escapes.
fn write_json<T: serde::Serialize + ?Sized>(out: &mut String, v: &T, text: &str) -> Result<()> {
    emvqr::json::write_within(out, v, text)
        .map_err(|e| Error::new(Status::GenericFailure, e.to_string()))
}

/// `s` as a JavaScript string: copied as Latin-1 when it is ASCII (cheaper than UTF-8).
fn js_text(env: &Env, s: String) -> Result<napi::JsString<'_>> {
    if s.is_ascii() {
        env.create_string_latin1(s.as_bytes())
    } else {
        env.create_string_from_std(s)
    }
}

/// Line 1 of [`js_verdict`].
#[derive(serde::Serialize)]
struct Head<'a> {
    input: Option<&'a str>,
    family: &'static str,
    scheme: Option<&'static str>,
    schemes: Vec<&'static str>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Line 2 of [`js_verdict`].
#[derive(serde::Serialize)]
struct Body<'r, 'a> {
    fields: Pairs<'r, emvqr::FieldPath, Cow<'a, str>>,
    reencoded: Option<&'r str>,
    same: bool,
}

/// Judges any text; the package's `check` (in `emvqr.js`) wraps the result in its `Verdict`.
/// Without `nowMs` the system clock is read once, in this call. Takes the options object, so
/// that a wrong option is reported by its name; `judgeWith` is the fast form.
#[napi(skip_typescript)]
pub fn judge(text: String, options: Option<CheckOptionsJs>) -> Result<String> {
    let opts = options.unwrap_or_default().options()?;
    js_verdict(&text, &emvqr::check(&text, &opts))
}

/// The line `emvqr decode --json` prints for `text` (the package's `toJSONString()`, which
/// judges its text again with the same options: judging is deterministic at a given clock).
#[napi(skip_typescript)]
pub fn judge_json_with(
    text: String,
    now_ms: Option<i64>,
    lenient: Option<bool>,
    scheme: Option<String>,
    all_errors: Option<bool>,
    describe: Option<bool>,
) -> Result<String> {
    let options = CheckOptionsJs::of(now_ms, lenient, scheme, all_errors, describe).options()?;
    let v = emvqr::check(&text, &options);
    to_json_text(&v, v.input())
}

/// The fields of `text`'s verdict as JSON `[[path, value, name], …]` in payload order (the
/// package's `fieldEntries` and `fieldName`, which judge the text again, as `toJSONString`).
#[napi(skip_typescript)]
pub fn field_entries_with(
    text: String,
    now_ms: Option<i64>,
    lenient: Option<bool>,
    scheme: Option<String>,
    all_errors: Option<bool>,
    describe: Option<bool>,
) -> Result<String> {
    let options = CheckOptionsJs::of(now_ms, lenient, scheme, all_errors, describe).options()?;
    let v = emvqr::check(&text, &options);
    let entries: Vec<(&emvqr::FieldPath, &str, &str)> = v
        .fields()
        .iter()
        .map(|(p, x)| (p, x.as_ref(), v.field_name(p)))
        .collect();
    to_json_text(&entries, v.input())
}

/// `judge` with its options as arguments, in the order of [`CheckOptionsJs`]' fields. The
/// package's entry (`emvqr.js`) reads the options object in JavaScript and calls this: each
/// property read through Node-API costs over a thousand instructions, a miss (an option left
/// out) as much as a hit.
#[napi(skip_typescript)]
pub fn judge_with<'e>(
    env: &'e Env,
    text: String,
    now_ms: Option<i64>,
    lenient: Option<bool>,
    scheme: Option<String>,
    all_errors: Option<bool>,
    describe: Option<bool>,
) -> Result<napi::JsString<'e>> {
    let options = CheckOptionsJs::of(now_ms, lenient, scheme, all_errors, describe);
    let s = judge(text, Some(options))?;
    js_text(env, s)
}

/// `verify` with its options as arguments, as [`judge_with`] is `judge`'s.
#[napi(skip_typescript)]
pub fn verify_with(
    text: String,
    now_ms: Option<i64>,
    lenient: Option<bool>,
    scheme: Option<String>,
    all_errors: Option<bool>,
    describe: Option<bool>,
) -> Result<Option<Problem>> {
    let options = CheckOptionsJs::of(now_ms, lenient, scheme, all_errors, describe);
    verify(text, Some(options))
}

/// The leaf data objects of an EMV merchant-presented payload that parses, for the package's
/// `parse` (in `emvqr.js`), which makes them the object of `Verdict.fields`. The crate's
/// parse: the EMV rules (strict, or every leniency knob on) and the checksum, without a
/// scheme's rules or a clock. A payload that does not parse throws its first error
/// (`EmvqrError`).
///
/// The answer is a string of UTF-16 code units, six for each field in payload order: its path
/// as a number ([`path_code`]), then where its value starts and ends in `text`, in UTF-16 units
/// (JavaScript's string indices); each number in two units, high first. The values are slices
/// of the text JavaScript already holds, and `emvqr.js` asks [`field_path`] for a path's text
/// once: this costs less than writing JSON and `JSON.parse` making every string again.
#[napi(skip_typescript)]
pub fn parse_with<'e>(
    env: &'e Env,
    text: String,
    lenient: Option<bool>,
) -> Result<napi::JsString<'e>> {
    let options = if lenient.unwrap_or(false) {
        emvqr::ParseOptions::lenient()
    } else {
        emvqr::ParseOptions::new()
    };
    options.parse(&text).map_err(|e| emv_error(env, &e))?;
    let fields = emvqr::leaf_fields(&text, options.unit());
    let mut units: Vec<u16> = Vec::with_capacity(fields.len() * 6);
    let mut at = Utf16Offsets::new(&text);
    for (path, value) in &fields {
        let (from, to) = at.of(value);
        let wide = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let [a, b] = halves(path_code(path));
        let [c, d] = halves(wide(from));
        let [e, f] = halves(wide(to));
        units.extend_from_slice(&[a, b, c, d, e, f]);
    }
    env.create_string_utf16(&units)
}

/// A field path as a number: its IDs, each plus one, in base 257 (at most three levels).
fn path_code(path: &emvqr::Path) -> u32 {
    path.ids()
        .iter()
        .fold(0, |code, &id| code * 257 + u32::from(id) + 1)
}

/// The text of the path numbered `code` by [`path_code`] (`"29.01"`), for `emvqr.js`, which
/// keeps it; `""` for a number that is no path's.
#[napi(skip_typescript)]
pub fn field_path(code: u32) -> String {
    let mut ids = Vec::new();
    let mut rest = code;
    while rest > 0 {
        ids.push(rest % 257);
        rest /= 257;
    }
    let mut path = emvqr::Path::ROOT;
    for id in ids.iter().rev() {
        match id.checked_sub(1).and_then(|id| u8::try_from(id).ok()) {
            Some(id) if path.depth() < 3 => path = path.child(id),
            _ => return String::new(),
        }
    }
    path.to_string()
}

/// `n` as two UTF-16 code units, high first.
fn halves(n: u32) -> [u16; 2] {
    [(n >> 16) as u16, (n & 0xFFFF) as u16]
}

/// Where slices of a text lie in UTF-16 code units (JavaScript's string indices), asked in
/// increasing order: each answer goes on from the last.
struct Utf16Offsets<'t> {
    text: &'t str,
    ascii: bool,
    byte: usize,
    unit: usize,
}

impl<'t> Utf16Offsets<'t> {
    fn new(text: &'t str) -> Self {
        Utf16Offsets {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            unit: 0,
        }
    }

    /// Where `slice`, a slice of the text, starts and ends.
    fn of(&mut self, slice: &str) -> (usize, usize) {
        let byte = (slice.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if self.ascii {
            return (byte, byte + slice.len());
        }
        if byte < self.byte {
            (self.byte, self.unit) = (0, 0);
        }
        let utf16 = emvqr::LengthUnit::Utf16;
        self.unit += utf16.count(self.text.get(self.byte..byte).unwrap_or(""));
        self.byte = byte;
        (self.unit, self.unit + utf16.count(slice))
    }
}

/// Whether a text is payable: `null` when it is, else the first error — `check(text,
/// options).error` without the warnings, fields, re-encoding, intent and verdict object, for
/// callers that only need the judgement. Without `nowMs` the system clock is read once, in
/// this call.
#[napi]
pub fn verify(text: String, options: Option<CheckOptionsJs>) -> Result<Option<Problem>> {
    let opts = options.unwrap_or_default().options()?;
    Ok(emvqr::verify(&text, &opts)
        .err()
        .as_ref()
        .map(Problem::from))
}

/// A KHQR's fields, as the official SDK's individual and merchant info.
#[napi(object)]
#[derive(Default)]
pub struct KhqrInfo {
    /// Bakong account ID, `name@bank`.
    pub account: String,
    /// Merchant name (59), at most 25 characters.
    pub name: String,
    /// Merchant city (60), at most 15 characters.
    pub city: String,
    /// Merchant ID (30.01): makes a merchant code (template 30).
    pub merchant_id: Option<String>,
    /// Acquiring bank (30.02, or 29.02).
    pub acquiring_bank: Option<String>,
    /// Account information (29.01).
    pub account_information: Option<String>,
    /// `"KHR"` (default), `"USD"`, `"116"` or `"840"`.
    pub currency: Option<String>,
    /// Amount as a decimal string; non-zero makes a dynamic code.
    pub amount: Option<String>,
    /// Expiry of a dynamic code, milliseconds since the Unix epoch.
    pub expires_at_ms: Option<i64>,
    /// Creation time of a dynamic code; absent: the system clock, read once, in the call.
    pub now_ms: Option<i64>,
    /// Merchant category code (52), default 5999.
    pub mcc: Option<String>,
    /// 62.01.
    pub bill_number: Option<String>,
    /// 62.02.
    pub mobile_number: Option<String>,
    /// 62.03.
    pub store_label: Option<String>,
    /// 62.07.
    pub terminal_label: Option<String>,
    /// 62.08.
    pub purpose: Option<String>,
    /// 64.00, e.g. `"km"`.
    pub language_preference: Option<String>,
    /// 64.01.
    pub alternate_name: Option<String>,
    /// 64.02.
    pub alternate_city: Option<String>,
    /// 15: UnionPay merchant account (KHR codes only).
    pub unionpay_account: Option<String>,
}

/// A built KHQR: the payload and the lowercase hex MD5 of its UTF-8 bytes.
#[napi(object)]
pub struct BuiltKhqr {
    /// The payload, CRC included.
    pub payload: String,
    /// Lowercase hex MD5 of the payload.
    pub md5: String,
}

fn or_empty(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// Builds a KHQR (Cambodia, Bakong) as the official generator does; refusals throw a
/// `KhqrError` with `khqrCode`. A merchant code when `merchantId` is given.
#[napi(namespace = "khqr", js_name = "build")]
pub fn khqr_build(env: Env, info: KhqrInfo) -> Result<BuiltKhqr> {
    let currency = KhqrCurrency::parse(info.currency.as_deref().unwrap_or("KHR"))
        .map_err(|e| khqr_error(&env, &e))?;
    let (account, name, city) = (&info.account, &info.name, &info.city);
    let mut b = match &info.merchant_id {
        Some(id) => KhqrBuilder::merchant(account, name, city, id, or_empty(&info.acquiring_bank)),
        None => KhqrBuilder::individual(account, name, city)
            .acquiring_bank(or_empty(&info.acquiring_bank))
            .account_information(or_empty(&info.account_information)),
    }
    .currency(currency)
    .amount(or_empty(&info.amount))
    .mcc(or_empty(&info.mcc))
    .bill_number(or_empty(&info.bill_number))
    .mobile_number(or_empty(&info.mobile_number))
    .store_label(or_empty(&info.store_label))
    .terminal_label(or_empty(&info.terminal_label))
    .purpose(or_empty(&info.purpose))
    .language_preference(or_empty(&info.language_preference))
    .alternate_name(or_empty(&info.alternate_name))
    .alternate_city(or_empty(&info.alternate_city))
    .unionpay_account(or_empty(&info.unionpay_account));
    if let Some(ms) = info.expires_at_ms {
        b = b.expires_at_ms(ms);
    }
    let now = match info.now_ms {
        Some(ms) => ms,
        None => CheckOptions::now().now_ms().unwrap_or_default(),
    };
    let built = b.build(now).map_err(|e| khqr_error(&env, &e))?;
    Ok(BuiltKhqr {
        payload: built.payload,
        md5: built.md5,
    })
}

/// An ELQR additional field (35–39).
#[napi(object)]
pub struct ElqrField {
    /// Key.
    pub key: String,
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
    /// Title.
    pub title: String,
    /// Shown to the payer.
    pub visible: bool,
}

/// An ELQR code's fields.
#[napi(object)]
pub struct ElqrInfo {
    /// Provider ID (32.00), e.g. `qr.finik.kg`.
    pub provider_id: String,
    /// Payee name (59).
    pub payee_name: String,
    /// A dynamic (single-use) code.
    pub dynamic: Option<bool>,
    /// 32.01.
    pub service_code: Option<String>,
    /// 32.10.
    pub recipient_id: Option<String>,
    /// 32.11.
    pub transaction_id: Option<String>,
    /// 32.12.
    pub amount_editable: Option<bool>,
    /// 32.13.
    pub recipient_editable: Option<bool>,
    /// 33.00.
    pub merchant_id: Option<String>,
    /// 33.01.
    pub service_name: Option<String>,
    /// 34.
    pub comment: Option<String>,
    /// 35–39.
    pub fields: Option<Vec<ElqrField>>,
    /// 52 (default 4829).
    pub mcc: Option<String>,
    /// 54 in tyiyn (a whole number).
    pub amount_tyiyn: Option<i64>,
    /// 54 in som, as a decimal string.
    pub amount_som: Option<String>,
}

fn elqr_builder(info: &ElqrInfo) -> Result<emvqr::profile::elqr::ElqrBuilder<'_>> {
    use emvqr::profile::elqr::ElqrBuilder;
    let mut b = ElqrBuilder::new(info.provider_id.as_str(), info.payee_name.as_str());
    if info.dynamic.unwrap_or(false) {
        b = b.dynamic_code();
    }
    let t = |v: &'_ Option<String>| v.clone();
    b = opt(b, t(&info.service_code), |b, v| b.service_code(v));
    b = opt(b, t(&info.recipient_id), |b, v| b.recipient_id(v));
    b = opt(b, t(&info.transaction_id), |b, v| b.transaction_id(v));
    b = opt(b, info.amount_editable, |b, v| b.amount_editable(v));
    b = opt(b, info.recipient_editable, |b, v| b.recipient_editable(v));
    b = opt(b, t(&info.merchant_id), |b, v| b.merchant_id(v));
    b = opt(b, t(&info.service_name), |b, v| b.service_name(v));
    b = opt(b, t(&info.comment), |b, v| b.comment(v));
    for f in info.fields.iter().flatten() {
        b = b.field(
            f.key.as_str(),
            f.label.as_str(),
            f.value.as_str(),
            f.title.as_str(),
            f.visible,
        );
    }
    b = opt(b, t(&info.mcc), |b, v| b.mcc(v));
    match (info.amount_tyiyn, &info.amount_som) {
        (Some(_), Some(_)) => {
            return Err(Error::new(
                Status::InvalidArg,
                "give amountTyiyn or amountSom, not both",
            ))
        }
        (Some(n), None) => {
            let n = u64::try_from(n)
                .map_err(|_| Error::new(Status::InvalidArg, "amountTyiyn must not be negative"))?;
            b = b.amount_tyiyn(n);
        }
        (None, Some(s)) => b = b.amount_som(s.as_str()),
        (None, None) => {}
    }
    Ok(b)
}

/// Builds an ELQR (Kyrgyzstan) payload.
#[napi(namespace = "elqr", js_name = "build")]
pub fn elqr_build(env: Env, info: ElqrInfo) -> Result<String> {
    elqr_builder(&info)?
        .build()
        .map_err(|e| emv_error(&env, &e))
}

/// Builds an ELQR payment link: `baseUrl`, `#`, the payload percent-encoded.
#[napi(namespace = "elqr", js_name = "buildLink")]
pub fn elqr_build_link(env: Env, base_url: String, info: ElqrInfo) -> Result<String> {
    elqr_builder(&info)?
        .build_link(&base_url)
        .map_err(|e| emv_error(&env, &e))
}

/// A static Pix code's fields.
#[napi(object)]
pub struct PixInfo {
    /// The Pix key (e-mail, `+55…` phone, CPF, CNPJ or random key).
    pub key: String,
    /// Merchant name (59).
    pub name: String,
    /// Merchant city (60).
    pub city: String,
    /// Amount in reais.
    pub amount: Option<String>,
    /// txid (62.05).
    pub txid: Option<String>,
    /// Message for the payer (26.02).
    pub info: Option<String>,
    /// 52 (default 0000).
    pub mcc: Option<String>,
    /// CEP (61).
    pub postal_code: Option<String>,
    /// For one payment (01 = 12).
    pub single_use: Option<bool>,
}

/// Builds a static Pix code (Brazil).
#[napi(namespace = "pix", js_name = "build")]
pub fn pix_build(env: Env, info: PixInfo) -> Result<String> {
    let mut b = emvqr::profile::pix::PixBuilder::new(
        info.key.as_str(),
        info.name.as_str(),
        info.city.as_str(),
    )
    .single_use(info.single_use.unwrap_or(false));
    b = opt(b, info.amount.as_ref(), |b, v| b.amount(v.as_str()));
    b = opt(b, info.txid.as_ref(), |b, v| b.txid(v.as_str()));
    b = opt(b, info.info.as_ref(), |b, v| b.info(v.as_str()));
    b = opt(b, info.mcc.as_ref(), |b, v| b.mcc(v.as_str()));
    b = opt(b, info.postal_code.as_ref(), |b, v| {
        b.postal_code(v.as_str())
    });
    b.build().map_err(|e| emv_error(&env, &e))
}

/// The optional fields of a PromptPay code.
#[napi(object)]
#[derive(Default)]
pub struct PromptPayOptions {
    /// Reference 2 of a bill payment.
    pub ref2: Option<String>,
    /// Amount in baht; makes the code dynamic.
    pub amount: Option<String>,
    /// 52.
    pub mcc: Option<String>,
    /// 59.
    pub merchant_name: Option<String>,
    /// 60.
    pub merchant_city: Option<String>,
}

fn promptpay_finish(
    env: &Env,
    mut b: emvqr::profile::promptpay::PromptPayBuilder<'_>,
    o: PromptPayOptions,
) -> Result<String> {
    b = opt(b, o.ref2, |b, v| b.ref2(v));
    b = opt(b, o.amount, |b, v| b.amount(v));
    b = opt(b, o.mcc, |b, v| b.mcc(v));
    b = opt(b, o.merchant_name, |b, v| b.merchant_name(v));
    b = opt(b, o.merchant_city, |b, v| b.merchant_city(v));
    b.build().map_err(|e| emv_error(env, &e))
}

/// Builds a PromptPay (Thailand) credit transfer to a mobile number.
#[napi(namespace = "promptpay", js_name = "mobile")]
pub fn promptpay_mobile(
    env: Env,
    mobile: String,
    options: Option<PromptPayOptions>,
) -> Result<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::mobile(&mobile)
        .map_err(|e| emv_error(&env, &e))?;
    promptpay_finish(&env, b, options.unwrap_or_default())
}

/// Builds a PromptPay credit transfer to a national ID or tax ID (13 digits).
#[napi(namespace = "promptpay", js_name = "nationalId")]
pub fn promptpay_national_id(
    env: Env,
    id: String,
    options: Option<PromptPayOptions>,
) -> Result<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::national_id(id);
    promptpay_finish(&env, b, options.unwrap_or_default())
}

/// Builds a PromptPay credit transfer to an e-wallet ID (15 digits).
#[napi(namespace = "promptpay", js_name = "ewallet")]
pub fn promptpay_ewallet(
    env: Env,
    id: String,
    options: Option<PromptPayOptions>,
) -> Result<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::ewallet(id);
    promptpay_finish(&env, b, options.unwrap_or_default())
}

/// Builds a PromptPay bill payment to `billerId` with reference 1 (`ref2` in the options).
#[napi(namespace = "promptpay", js_name = "billPayment")]
pub fn promptpay_bill_payment(
    env: Env,
    biller_id: String,
    ref1: String,
    options: Option<PromptPayOptions>,
) -> Result<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::bill_payment(biller_id, ref1);
    promptpay_finish(&env, b, options.unwrap_or_default())
}

/// The optional fields of a PayNow code.
#[napi(object)]
#[derive(Default)]
pub struct PayNowOptions {
    /// Amount in dollars.
    pub amount: Option<String>,
    /// Whether the payer may change the amount.
    pub editable: Option<bool>,
    /// Expiry date `YYYYMMDD`.
    pub expiry: Option<String>,
    /// Payment reference (62.01).
    pub reference: Option<String>,
    /// 59 (default `NA`).
    pub merchant_name: Option<String>,
    /// 60 (default `Singapore`).
    pub merchant_city: Option<String>,
    /// 52 (default 0000).
    pub mcc: Option<String>,
}

fn paynow_finish(
    env: &Env,
    mut b: emvqr::profile::paynow::PayNowBuilder<'_>,
    o: PayNowOptions,
) -> Result<String> {
    b = opt(b, o.amount, |b, v| b.amount(v));
    b = opt(b, o.editable, |b, v| b.editable(v));
    b = opt(b, o.expiry, |b, v| b.expiry(v));
    b = opt(b, o.reference, |b, v| b.reference(v));
    b = opt(b, o.merchant_name, |b, v| b.merchant_name(v));
    b = opt(b, o.merchant_city, |b, v| b.merchant_city(v));
    b = opt(b, o.mcc, |b, v| b.mcc(v));
    b.build().map_err(|e| emv_error(env, &e))
}

/// Builds a PayNow (Singapore) code paying a mobile number (`+6591234567`).
#[napi(namespace = "paynow", js_name = "mobile")]
pub fn paynow_mobile(env: Env, mobile: String, options: Option<PayNowOptions>) -> Result<String> {
    let b = emvqr::profile::paynow::PayNowBuilder::mobile(mobile);
    paynow_finish(&env, b, options.unwrap_or_default())
}

/// Builds a PayNow code paying a business by its UEN.
#[napi(namespace = "paynow", js_name = "uen")]
pub fn paynow_uen(env: Env, uen: String, options: Option<PayNowOptions>) -> Result<String> {
    let b = emvqr::profile::paynow::PayNowBuilder::uen(uen);
    paynow_finish(&env, b, options.unwrap_or_default())
}

/// The optional fields of a VietQR code.
#[napi(object)]
#[derive(Default)]
pub struct VietQrOptions {
    /// Amount in dong (a whole number).
    pub amount: Option<String>,
    /// Purpose (62.08).
    pub purpose: Option<String>,
    /// 59.
    pub merchant_name: Option<String>,
    /// 60.
    pub merchant_city: Option<String>,
    /// 52.
    pub mcc: Option<String>,
}

fn vietqr_finish(
    env: &Env,
    mut b: emvqr::profile::vietqr::VietQrBuilder<'_>,
    o: VietQrOptions,
) -> Result<String> {
    b = opt(b, o.amount, |b, v| b.amount(v));
    b = opt(b, o.purpose, |b, v| b.purpose(v));
    b = opt(b, o.merchant_name, |b, v| b.merchant_name(v));
    b = opt(b, o.merchant_city, |b, v| b.merchant_city(v));
    b = opt(b, o.mcc, |b, v| b.mcc(v));
    b.build().map_err(|e| emv_error(env, &e))
}

/// Builds a VietQR (Vietnam) transfer to account `number` at the bank with BIN `bin`.
#[napi(namespace = "vietqr", js_name = "account")]
pub fn vietqr_account(
    env: Env,
    bin: String,
    number: String,
    options: Option<VietQrOptions>,
) -> Result<String> {
    let b = emvqr::profile::vietqr::VietQrBuilder::account(bin, number);
    vietqr_finish(&env, b, options.unwrap_or_default())
}

/// Builds a VietQR transfer to card `number` issued by the bank with BIN `bin`.
#[napi(namespace = "vietqr", js_name = "card")]
pub fn vietqr_card(
    env: Env,
    bin: String,
    number: String,
    options: Option<VietQrOptions>,
) -> Result<String> {
    let b = emvqr::profile::vietqr::VietQrBuilder::card(bin, number);
    vietqr_finish(&env, b, options.unwrap_or_default())
}

/// Builds an EMV merchant-presented payload from `[path, value]` pairs in payload order (the
/// shape of `Verdict.fieldEntries`; `63` is computed).
#[napi]
pub fn build(env: Env, fields: Vec<(String, String)>) -> Result<String> {
    emvqr::PayloadBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .and_then(|b| b.build())
        .map_err(|e| emv_error(&env, &e))
}

/// Builds an EMV consumer-presented code (base64) from `[path, value]` pairs (the shape of a
/// decoded one's `fieldEntries`).
#[napi(namespace = "cpm", js_name = "build")]
pub fn cpm_build(env: Env, fields: Vec<(String, String)>) -> Result<String> {
    emvqr::cpm::CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .build()
        .map_err(|e| cpm_error(&env, &e))
}

/// How to judge and draw a code: `{ nowMs, lenient, scheme, scale, quietZone, ec }`.
#[napi(object)]
#[derive(Default)]
pub struct RenderOptionsJs {
    /// The clock; absent: expiry is not judged (the form of the code is what matters).
    pub now_ms: Option<i64>,
    /// Turn every leniency knob on.
    pub lenient: Option<bool>,
    /// Force a scheme's rules by id.
    pub scheme: Option<String>,
    /// Pixels (PNG) or user units (SVG) per module, 1–64 (default 8).
    pub scale: Option<u32>,
    /// Light border in modules, 0–64 (default 4).
    pub quiet_zone: Option<u32>,
    /// Error-correction level: `"L"`, `"M"` (default), `"Q"` or `"H"`.
    pub ec: Option<String>,
}

fn usize_of(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Judges `payload` by the verdict, then encodes it as a QR code.
fn encode(env: &Env, payload: &str, o: &RenderOptionsJs) -> Result<(QrCode, RenderOptions)> {
    let ec = o.ec.as_deref().unwrap_or("M");
    let ec = EcLevel::from_letter(ec).ok_or_else(|| {
        Error::new(
            Status::InvalidArg,
            format!("ec must be L, M, Q or H, not {ec:?}"),
        )
    })?;
    let opts = RenderOptions::new()
        .ec(ec)
        .scale(usize_of(o.scale.unwrap_or(8)))
        .quiet_zone(usize_of(o.quiet_zone.unwrap_or(4)));
    let base = o
        .now_ms
        .map_or_else(CheckOptions::without_clock, CheckOptions::at);
    let rules = base
        .lenient(o.lenient.unwrap_or(false))
        .scheme(parse_scheme(o.scheme.as_deref())?);
    let code = Validated::check(payload, &rules)
        .and_then(|v| QrCode::encode(v, &opts))
        .map_err(|e| match e {
            emvqr::render::RenderError::Invalid(p) => problem_error(env, &p),
            e => Error::new(Status::InvalidArg, e.to_string()),
        })?;
    Ok((code, opts))
}

/// Renders a payment code as a PNG image, after judging it as `check` does (an invalid code
/// throws an `EmvqrError`). Without `nowMs`, everything but expiry is judged.
#[napi]
pub fn render_png(env: Env, payload: String, options: Option<RenderOptionsJs>) -> Result<Buffer> {
    let (code, opts) = encode(&env, &payload, &options.unwrap_or_default())?;
    code.to_png(&opts)
        .map(Buffer::from)
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))
}

/// Renders a payment code as an SVG document; see `renderPng`.
#[napi]
pub fn render_svg(env: Env, payload: String, options: Option<RenderOptionsJs>) -> Result<String> {
    let (code, opts) = encode(&env, &payload, &options.unwrap_or_default())?;
    Ok(code.to_svg(&opts))
}

/// Each code found, as its text and its verdict for the package's `Verdict` (see
/// [`js_verdict`]), flat: `[text, verdict, text, verdict, …]`.
fn scan_now(image: &[u8], rules: &CheckOptions) -> Result<Vec<String>> {
    let codes = emvqr::scan::scan_image(image, &ScanOptions::new().judge(*rules))
        .map_err(|e| Error::new(Status::InvalidArg, e.to_string()))?;
    let mut out = Vec::with_capacity(2 * codes.len());
    for code in &codes {
        out.push(code.text().to_owned());
        out.push(js_verdict(code.text(), code.verdict())?);
    }
    Ok(out)
}

/// The work of `scanJudged`, on the libuv thread pool.
pub struct ScanTask {
    image: Buffer,
    rules: CheckOptions,
}

impl Task for ScanTask {
    type Output = Vec<String>;
    type JsValue = Vec<String>;

    fn compute(&mut self) -> Result<Self::Output> {
        scan_now(&self.image, &self.rules)
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output)
    }
}

/// Finds every QR code in an image file (PNG, JPEG, WebP or BMP bytes) off the main thread,
/// and judges each text as `check` does; the package's `scan` (in `emvqr.js`) makes each a
/// `Verdict`. Without `nowMs` the system clock is read once, in this call. Rejects for an image
/// that cannot be read.
#[napi(skip_typescript)]
pub fn scan_judged(image: Buffer, options: Option<CheckOptionsJs>) -> Result<AsyncTask<ScanTask>> {
    let rules = options.unwrap_or_default().options()?;
    Ok(AsyncTask::new(ScanTask { image, rules }))
}

/// `scanJudged` on the calling thread.
#[napi(skip_typescript)]
pub fn scan_judged_sync(image: Buffer, options: Option<CheckOptionsJs>) -> Result<Vec<String>> {
    let rules = options.unwrap_or_default().options()?;
    scan_now(&image, &rules)
}

/// `set(b, v)` when the option `v` is given, else `b` unchanged: one optional setter of a
/// builder in one line.
fn opt<B, T>(b: B, v: Option<T>, set: impl FnOnce(B, T) -> B) -> B {
    match v {
        Some(v) => set(b, v),
        None => b,
    }
}
