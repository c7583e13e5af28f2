//! ELQR (Kyrgyzstan): the national "QR code / payment link" standard.
//!
//! ELQR reuses the EMV TLV grammar but is not EMV-conformant:
//!
//! * the checksum in `63` is the last four hex digits of SHA-256 over the UTF-8 bytes of
//!   everything before the `63` object (without `6304`), compared case-insensitively
//!   ([`Checksum::Sha256Tail4`]);
//! * `58` (country) and `60` (city) are absent; `32` carries the provider, `33` the merchant,
//!   `34` a comment and `35`–`39` additional fields `key:label:value:title:visible`;
//! * `54` is a whole number of tyiyn (1 som = 100 tyiyn), without a decimal point;
//! * lengths count UTF-16 code units (as the reference implementation does);
//! * codes travel as payment links whose URL fragment holds the payload, often
//!   percent-encoded (`https://app.mbank.kg/qr/#000201…%D0%9A…`).
//!
//! Parsing accepts a bare payload or a link, percent-encoded or not. The text is
//! percent-decoded before the TLV walk and before hashing — into an owned buffer only when it
//! contains an escape; otherwise the view borrows the input. Nothing may follow the `63`
//! object.
//!
//! ```
//! use emvqr::profile::elqr::{Elqr, LinkType};
//!
//! let link = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg010202101299655418551913\
//! 02125204999953034175909KIRILL%20B.63047129";
//! let code = Elqr::parse(link)?;
//! assert_eq!(code.provider().id(), "c2c.mbank.kg");
//! assert_eq!(code.provider().recipient_id(), Some("996554185519"));
//! assert_eq!(code.payee_name(), "KIRILL B.");
//! assert_eq!(code.link_type(), LinkType::Static);
//! assert!(code.provider().amount_editable()); // absent 32.12 means editable
//! assert_eq!(code.reencode(), link);
//! # Ok::<(), emvqr::Error>(())
//! ```
//!
//! Error offsets are byte offsets in the decoded payload (the fragment after `#`, with its
//! escapes decoded), like every other offset of this module.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::crc::Checksum;
use crate::error::{Error, ErrorKind, NonEmv, Path, Warning, Warnings};
use crate::payload::Report;
use crate::tlv::{LengthUnit, Tlv, Tlvs};
use crate::MAX_INPUT_BYTES;

/// The universal ELQR router: banking apps register their deep-link handlers for it.
pub const DEFAULT_BASE_URL: &str = "https://pay.payqr.kg/";

/// The version written in `00`.
pub const VERSION: &str = "01";

/// ISO 4217 numeric code of the Kyrgyz som, the only currency of `53`.
pub const CURRENCY_KGS: &str = "417";

/// The merchant category code the builder writes unless told otherwise (4829, money
/// transfer, as person-to-person codes use).
pub const DEFAULT_MCC: &str = "4829";

/// Tyiyn in one som.
pub const TYIYN_PER_SOM: u64 = 100;

/// The unit ELQR lengths count in.
pub const LENGTH_UNIT: LengthUnit = LengthUnit::Utf16;

/// Provider IDs (`32.00`) of the known producers, with the producer's name.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("c2c.mbank.kg", "MBank"),
    ("c2b.mbank.kg", "MBank"),
    ("p2p.dengi.kg", "O!Bank (O!Dengi)"),
    ("qr.bakai.kg", "Bakai Bank"),
    ("qr.finik.kg", "Finik"),
    ("qr.dcb.kg", "DCB (Simbank)"),
    ("p2p.elcart.kg", "Elcart"),
    ("qr.demirbank.kg", "DemirBank"),
];

/// Link prefixes (base URLs) that producers and routers publish, with the producer's name.
pub const LINK_BASES: &[(&str, &str)] = &[
    ("https://pay.payqr.kg/", "ELQR router"),
    ("https://app.mbank.kg/qr/", "MBank"),
    ("https://api.dengi.o.kg/", "O!Bank (O!Dengi)"),
    ("https://bakai.app/", "Bakai Bank"),
    ("https://qr.finik.kg/", "Finik"),
    ("https://retail.demirbank.kg/", "DemirBank"),
    ("https://megapay.kg/get", "MegaPay"),
    ("https://balance.kg/", "Balance"),
    ("https://qr.rsk.kg/", "RSK Bank"),
    ("https://bank.kicb.net/", "KICB"),
    ("https://qr.ab.kg/", "Aiyl Bank"),
];

/// Hosts of [`LINK_BASES`] that are not under `.kg`.
const FOREIGN_LINK_HOSTS: [&str; 2] = ["bakai.app", "bank.kicb.net"];

// ---------------------------------------------------------------------------------------------
// Transport: links and percent-encoding
// ---------------------------------------------------------------------------------------------

/// An ELQR text split into its link prefix and its payload (still percent-encoded). Nothing
/// is copied.
///
/// A text is a link when it starts with a URL scheme (`https:`); its payload is the fragment
/// after the first `#` (a query before it, empty or not, is part of the prefix). Any other
/// text is a bare payload; a leading `#` (a fragment copied without its URL) is accepted.
///
/// ```
/// use emvqr::profile::elqr::Link;
/// let l = Link::split("https://api.dengi.o.kg/?#000201")?;
/// assert_eq!(l.base_url(), Some("https://api.dengi.o.kg/?"));
/// assert_eq!(l.host(), Some("api.dengi.o.kg"));
/// assert_eq!(l.fragment(), "000201");
/// assert!(!Link::split("000201")?.is_link());
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Link<'a> {
    input: &'a str,
    /// Byte length of the prefix, `#` included (0 for a bare payload).
    prefix: usize,
    link: bool,
}

/// Length of a URL scheme and its `:` at the start of `s` (`https:` → 6).
fn scheme_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let n = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (b.get(n) == Some(&b':')).then_some(n + 1)
}

impl<'a> Link<'a> {
    /// Splits a text into link prefix and payload.
    ///
    /// # Errors
    /// `empty` (no text, or a link with an empty fragment), `too_long` (over
    /// [`MAX_INPUT_BYTES`] bytes), `not_emv` (a URL without a `#` fragment).
    pub fn split(input: &'a str) -> Result<Link<'a>, Error> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::new(ErrorKind::TooLong, MAX_INPUT_BYTES, Path::ROOT));
        }
        let (prefix, link) = if scheme_len(input).is_some() {
            match input.find('#') {
                Some(i) => (i + 1, true),
                None => {
                    let what = NonEmv::detect(input).unwrap_or(NonEmv::Url);
                    return Err(Error::new(ErrorKind::NotEmv(what), 0, Path::ROOT));
                }
            }
        } else if input.starts_with('#') {
            (1, false)
        } else {
            (0, false)
        };
        if input.len() <= prefix {
            return Err(Error::new(ErrorKind::Empty, 0, Path::ROOT));
        }
        Ok(Link {
            input,
            prefix,
            link,
        })
    }

    /// The text as given.
    pub const fn input(&self) -> &'a str {
        self.input
    }

    /// True for a link (`https://…#…`), false for a bare payload.
    pub const fn is_link(&self) -> bool {
        self.link
    }

    /// Everything before the payload, `#` included (`""` for a bare payload).
    pub fn prefix(&self) -> &'a str {
        self.input.get(..self.prefix).unwrap_or("")
    }

    /// The link without its fragment and `#` (`None` for a bare payload).
    pub fn base_url(&self) -> Option<&'a str> {
        if self.link {
            self.input.get(..self.prefix.saturating_sub(1))
        } else {
            None
        }
    }

    /// The host of a link (`app.mbank.kg`), without user information or port.
    pub fn host(&self) -> Option<&'a str> {
        let base = self.base_url()?;
        let rest = base.get(scheme_len(base)?..)?;
        let rest = rest.strip_prefix("//")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..end)?;
        let host = authority.rsplit('@').next().unwrap_or(authority);
        Some(host.split(':').next().unwrap_or(host))
    }

    /// The payload as written (percent-escapes not decoded).
    pub fn fragment(&self) -> &'a str {
        self.input.get(self.prefix..).unwrap_or("")
    }

    /// Whether the payload holds a percent-escape (and decoding will allocate).
    pub fn is_encoded(&self) -> bool {
        self.fragment().contains('%')
    }

    /// The payload, percent-decoded; borrowed when it holds no escape.
    ///
    /// # Errors
    /// See [`percent_decode`].
    pub fn decode(&self) -> Result<Cow<'a, str>, Error> {
        percent_decode(self.fragment())
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (as JavaScript's `decodeURIComponent`: `+` stays `+`). Allocates
/// only when `s` holds a `%`.
///
/// ```
/// use emvqr::profile::elqr::percent_decode;
/// assert_eq!(percent_decode("5909KIRILL%20B.")?, "5909KIRILL B.");
/// assert_eq!(percent_decode("3409%D0%9A%D0%98%D0%A0%D0%98%D0%9B%D0%9B%20%D0%91.")?, "3409КИРИЛЛ Б.");
/// let e = percent_decode("0002%G1").unwrap_err();
/// assert_eq!((e.kind(), e.offset()), (emvqr::ErrorKind::InvalidEscape, 4));
/// # Ok::<(), emvqr::Error>(())
/// ```
///
/// # Errors
/// `invalid_escape` for a `%` not followed by two hex digits, `invalid_utf8` when the decoded
/// bytes are not UTF-8. The offset is where the problem starts in the decoded bytes.
pub fn percent_decode(s: &str) -> Result<Cow<'_, str>, Error> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hi = b.get(i + 1).copied().and_then(hex_value);
            let lo = b.get(i + 2).copied().and_then(hex_value);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(Error::new(ErrorKind::InvalidEscape, out.len(), Path::ROOT));
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::new(ErrorKind::InvalidUtf8, at, Path::ROOT)
    })
}

/// Whether `c` may stand unescaped in a URL fragment (RFC 3986: unreserved, sub-delims,
/// `:`, `@`, `/`, `?`).
const fn fragment_safe(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
                | b'?'
        )
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

fn push_escape(out: &mut String, b: u8, lower: bool) {
    let digits = if lower { HEX_LOWER } else { HEX_UPPER };
    out.push('%');
    for nibble in [b >> 4, b & 0xF] {
        out.push(char::from(
            digits.get(usize::from(nibble)).copied().unwrap_or(b'0'),
        ));
    }
}

/// Percent-encodes a payload for a URL fragment: every non-ASCII character (its UTF-8 bytes,
/// uppercase hex) and every ASCII character a fragment cannot carry (space, `"`, `#`, `%`,
/// `<`, `>`, `[`, `\`, `]`, `^`, `` ` ``, `{`, `|`, `}`, controls).
///
/// ```
/// use emvqr::profile::elqr::encode_fragment;
/// assert_eq!(encode_fragment("5909KIRILL B."), "5909KIRILL%20B.");
/// assert_eq!(encode_fragment("3402Б!"), "3402%D0%91!");
/// ```
pub fn encode_fragment(payload: &str) -> String {
    let mut out = String::with_capacity(payload.len() + payload.len() / 2);
    for c in payload.chars() {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        match bytes {
            [b] if fragment_safe(*b) => out.push(c),
            _ => bytes.iter().for_each(|b| push_escape(&mut out, *b, false)),
        }
    }
    out
}

/// Escapes `%` (as `%25`) and nothing else: the form of a bare payload that readers which
/// percent-decode (every ELQR reader) read back unchanged.
fn escape_percent(payload: &str) -> Cow<'_, str> {
    if payload.contains('%') {
        Cow::Owned(payload.replace('%', "%25"))
    } else {
        Cow::Borrowed(payload)
    }
}

/// Re-encodes `decoded` the way `raw` (its original, percent-encoded form) was written: each
/// byte escaped in `raw` is escaped again with the same hex case, each raw byte stays raw.
/// Should the two ever disagree, the rest is encoded afresh (fragment rules for a link, only
/// `%` for a bare payload).
fn encode_like(decoded: &str, raw: &str, link: bool) -> String {
    let rb = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut r = 0;
    for (i, c) in decoded.char_indices() {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let mark = out.len();
        let mut at = r;
        let mut escaped = 0;
        for &b in bytes {
            match (rb.get(at), rb.get(at + 1), rb.get(at + 2)) {
                (Some(b'%'), Some(&h), Some(&l))
                    if hex_value(h).zip(hex_value(l)).map(|(h, l)| h << 4 | l) == Some(b) =>
                {
                    out.push('%');
                    out.push(char::from(h));
                    out.push(char::from(l));
                    escaped += 1;
                    at += 3;
                }
                (Some(&x), ..) if x == b && b != b'%' => at += 1,
                _ => {
                    out.truncate(mark);
                    let rest = decoded.get(i..).unwrap_or("");
                    if link {
                        out.push_str(&encode_fragment(rest));
                    } else {
                        out.push_str(&escape_percent(rest));
                    }
                    return out;
                }
            }
        }
        if escaped == 0 {
            out.push(c);
        } else if escaped != bytes.len() {
            // Part of the character escaped, part raw (impossible in UTF-8 text): keep the
            // raw form as it was.
            out.truncate(mark);
            out.push_str(raw.get(r..at).unwrap_or(""));
        }
        r = at;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Options and rules
// ---------------------------------------------------------------------------------------------

/// How strictly to read ELQR. [`ElqrOptions::new`] (the default) follows the published limits
/// but lets through, as warnings, what real producers emit: a service code (`32.01`) of 11–32
/// characters (Finik's `averspay-items`), an amount of `0` on a static code (O!Bank), and
/// unknown IDs (the specification may define more than the codes in circulation use).
/// [`ElqrOptions::strict`] turns these into errors; [`ElqrOptions::lenient`] also lets
/// duplicate IDs through. The checksum is always verified unless
/// [`ElqrOptions::verify_checksum`] turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ElqrOptions {
    long_service_code: bool,
    zero_amount: bool,
    unknown_ids: bool,
    duplicates: bool,
    verify_checksum: bool,
}

impl Default for ElqrOptions {
    fn default() -> Self {
        ElqrOptions::new()
    }
}

impl ElqrOptions {
    /// The published limits, with the real producers' deviations let through as warnings.
    pub const fn new() -> ElqrOptions {
        ElqrOptions {
            long_service_code: true,
            zero_amount: true,
            unknown_ids: true,
            duplicates: false,
            verify_checksum: true,
        }
    }

    /// The published limits, no leniency.
    pub const fn strict() -> ElqrOptions {
        ElqrOptions {
            long_service_code: false,
            zero_amount: false,
            unknown_ids: false,
            duplicates: false,
            verify_checksum: true,
        }
    }

    /// Every leniency on (the checksum is still verified).
    pub const fn lenient() -> ElqrOptions {
        ElqrOptions {
            duplicates: true,
            ..ElqrOptions::new()
        }
    }

    /// Accept a service code (`32.01`) of 11–32 characters (the specification says ≤ 10).
    #[must_use]
    pub const fn allow_long_service_code(mut self, yes: bool) -> Self {
        self.long_service_code = yes;
        self
    }

    /// Accept an amount of `0` on a static code (a dynamic code always needs a positive one).
    #[must_use]
    pub const fn allow_zero_amount(mut self, yes: bool) -> Self {
        self.zero_amount = yes;
        self
    }

    /// Accept root IDs and sub-IDs of `32`/`33` that ELQR does not define.
    #[must_use]
    pub const fn allow_unknown_ids(mut self, yes: bool) -> Self {
        self.unknown_ids = yes;
        self
    }

    /// Accept a repeated ID (other than the additional fields 35–39, which may repeat); the
    /// first occurrence is the one used.
    #[must_use]
    pub const fn allow_duplicate_ids(mut self, yes: bool) -> Self {
        self.duplicates = yes;
        self
    }

    /// Turn checksum verification off (diagnostics only: the parse then carries a
    /// `checksum_not_verified` warning).
    #[must_use]
    pub const fn verify_checksum(mut self, yes: bool) -> Self {
        self.verify_checksum = yes;
        self
    }

    fn allows(&self, kind: ErrorKind, path: Path) -> bool {
        match kind {
            ErrorKind::ValueTooLong => self.long_service_code && path.ids() == [32, 1],
            ErrorKind::ZeroAmount => self.zero_amount,
            ErrorKind::RfuId => self.unknown_ids,
            ErrorKind::DuplicateId => self.duplicates,
            ErrorKind::ChecksumNotVerified => true,
            _ => false,
        }
    }

    /// Parses an ELQR link or payload with these options.
    ///
    /// # Errors
    /// The first problem found: transport (`empty`, `too_long`, `not_emv`, `invalid_escape`,
    /// `invalid_utf8`), then syntax (including `crc_not_last` for anything after `63`), then
    /// the checksum, then the rules in payload order, then missing objects.
    pub fn parse<'a>(&self, input: &'a str) -> Result<Elqr<'a>, Error> {
        let link = Link::split(input)?;
        let payload = link.decode()?;
        let mut sink = FirstError::default();
        let index = run(&payload, self, &mut sink)?;
        if let Some(e) = sink.error {
            return Err(e);
        }
        Ok(Elqr {
            link,
            payload,
            index,
            warnings: sink.warnings,
            options: *self,
        })
    }

    /// Lists every problem and every warning instead of stopping at the first.
    pub fn validate_all(&self, input: &str) -> Report {
        let payload = match Link::split(input).and_then(|l| l.decode()) {
            Ok(p) => p,
            Err(e) => {
                return Report {
                    errors: alloc::vec![e],
                    warnings: Vec::new(),
                }
            }
        };
        let mut sink = CollectAll::default();
        match run(&payload, self, &mut sink) {
            Ok(_) => Report {
                errors: sink.errors,
                warnings: sink.warnings,
            },
            Err(e) => Report {
                errors: alloc::vec![e],
                warnings: sink.warnings,
            },
        }
    }
}

struct Stop;

trait Sink {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop>;
}

#[derive(Default)]
struct FirstError {
    warnings: Warnings,
    error: Option<Error>,
}

impl Sink for FirstError {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop> {
        if allowed {
            self.warnings.insert(e.kind());
            Ok(())
        } else {
            self.error = Some(e);
            Err(Stop)
        }
    }
}

#[derive(Default)]
struct CollectAll {
    errors: Vec<Error>,
    warnings: Vec<Warning>,
}

impl Sink for CollectAll {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop> {
        if allowed {
            self.warnings.push(e);
        } else {
            self.errors.push(e);
        }
        Ok(())
    }
}

/// A byte range of the decoded payload.
type Span = Option<(usize, usize)>;

/// Where the fields sit in the decoded payload (first occurrences).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct Index {
    version: Span,
    link_type: Span,
    provider: Span,
    provider_id: Span,
    service_code: Span,
    recipient_id: Span,
    transaction_id: Span,
    amount_editable: Span,
    recipient_editable: Span,
    merchant_id: Span,
    service_name: Span,
    comment: Span,
    mcc: Span,
    currency: Span,
    amount: Span,
    payee_name: Span,
    checksum: Span,
    /// Offset of the `63` object.
    crc_at: usize,
}

fn span(t: &Tlv<'_>) -> Span {
    Some((t.value_offset(), t.end()))
}

/// Finds the `63` object; it must end the payload.
fn structure(p: &str) -> Result<usize, Error> {
    if p.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0, Path::ROOT));
    }
    for t in Tlvs::with_unit(p, LENGTH_UNIT) {
        let t = t?;
        if t.id().get() == 63 {
            if t.end() != p.len() {
                return Err(Error::new(ErrorKind::CrcNotLast, t.end(), Path::ROOT));
            }
            return Ok(t.offset());
        }
    }
    Err(Error::new(ErrorKind::MissingCrc, p.len(), Path::root(63)))
}

/// The checksum of the payload text before the `63` object, lowercase.
fn checksum_of(covered: &str) -> [u8; 4] {
    Checksum::Sha256Tail4
        .compute(covered.as_bytes())
        .map(|b| b.to_ascii_lowercase())
}

struct Rules<'o, 's, S> {
    opts: &'o ElqrOptions,
    sink: &'s mut S,
    index: Index,
}

use crate::validate::Seen;

impl<S: Sink> Rules<'_, '_, S> {
    fn report(&mut self, kind: ErrorKind, offset: usize, path: Path) -> Result<(), Stop> {
        let allowed = self.opts.allows(kind, path);
        self.sink.report(Error::new(kind, offset, path), allowed)
    }

    fn fail(&mut self, kind: ErrorKind, offset: usize, path: Path) -> Result<(), Stop> {
        self.sink.report(Error::new(kind, offset, path), false)
    }

    fn text(&mut self, t: &Tlv<'_>, max: usize) -> Result<(), Stop> {
        if let Some((i, _)) = t.value().char_indices().find(|(_, c)| c.is_control()) {
            self.fail(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path())?;
        }
        if LENGTH_UNIT.count(t.value()) > max {
            self.fail(ErrorKind::ValueTooLong, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn digits(&mut self, t: &Tlv<'_>, n: usize) -> Result<(), Stop> {
        if let Some(i) = t.value().bytes().position(|b| !b.is_ascii_digit()) {
            return self.fail(ErrorKind::NotNumeric, t.value_offset() + i, t.path());
        }
        if t.value().len() != n {
            self.fail(ErrorKind::WrongLength, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn flag(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        if !matches!(t.value(), "11" | "12") {
            self.fail(ErrorKind::InvalidValue, t.value_offset(), t.path())?;
        }
        Ok(())
    }

    /// Scans a template; a structural error inside it is an error of the whole payload.
    fn scan<'a>(&mut self, t: &Tlv<'a>) -> Result<Option<Tlvs<'a>>, Stop> {
        if let Some(Err(e)) = t.children(LENGTH_UNIT).find(Result::is_err) {
            self.sink.report(e, false)?;
            return Ok(None);
        }
        Ok(Some(t.children(LENGTH_UNIT)))
    }

    fn provider(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        self.index.provider = span(t);
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        let mut seen = Seen::default();
        for c in children.map_while(Result::ok) {
            let id = c.id().get();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path())?;
                continue;
            }
            match id {
                0 => {
                    self.index.provider_id = span(&c);
                    self.text(&c, 32)?;
                }
                1 => {
                    self.index.service_code = span(&c);
                    let n = LENGTH_UNIT.count(c.value());
                    self.text(&c, 32)?;
                    if (11..=32).contains(&n) {
                        // The specification says 10; Finik writes 14.
                        self.report(ErrorKind::ValueTooLong, c.offset(), c.path())?;
                    }
                }
                10 => {
                    self.index.recipient_id = span(&c);
                    self.text(&c, 32)?;
                }
                11 => {
                    self.index.transaction_id = span(&c);
                    self.text(&c, 32)?;
                }
                12 => {
                    self.index.amount_editable = span(&c);
                    self.flag(&c)?;
                }
                13 => {
                    self.index.recipient_editable = span(&c);
                    self.flag(&c)?;
                }
                _ => {
                    self.report(ErrorKind::RfuId, c.offset(), c.path())?;
                    self.text(&c, 99)?;
                }
            }
        }
        if self.index.provider_id.is_none() {
            self.fail(ErrorKind::Missing, t.offset(), t.path().child(0))?;
        }
        Ok(())
    }

    fn merchant(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        let mut seen = Seen::default();
        for c in children.map_while(Result::ok) {
            let id = c.id().get();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path())?;
                continue;
            }
            match id {
                0 => self.index.merchant_id = span(&c),
                1 => self.index.service_name = span(&c),
                _ => self.report(ErrorKind::RfuId, c.offset(), c.path())?,
            }
            self.text(&c, if id <= 1 { 32 } else { 99 })?;
        }
        Ok(())
    }

    fn additional(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        for c in children.map_while(Result::ok) {
            self.text(&c, 99)?;
            match AdditionalField::split(c.value()) {
                Ok(_) => {}
                Err(at) => self.fail(ErrorKind::InvalidValue, c.value_offset() + at, c.path())?,
            }
        }
        Ok(())
    }

    fn amount(&mut self, t: &Tlv<'_>, dynamic: bool) -> Result<(), Stop> {
        self.index.amount = span(t);
        let v = t.value();
        if let Some(i) = v.bytes().position(|b| !b.is_ascii_digit()) {
            return self.fail(ErrorKind::InvalidAmount, t.value_offset() + i, t.path());
        }
        if v.len() > 13 {
            return self.fail(ErrorKind::InvalidAmount, t.value_offset(), t.path());
        }
        if v.bytes().all(|b| b == b'0') {
            if dynamic {
                self.fail(ErrorKind::ZeroAmount, t.value_offset(), t.path())?;
            } else {
                self.report(ErrorKind::ZeroAmount, t.value_offset(), t.path())?;
            }
        }
        Ok(())
    }

    fn root(&mut self, t: &Tlv<'_>, dynamic: bool) -> Result<(), Stop> {
        let v = t.value();
        match t.id().get() {
            0 => {
                self.index.version = span(t);
                if v != VERSION {
                    self.fail(ErrorKind::InvalidPfi, t.value_offset(), t.path())?;
                }
            }
            1 => {
                self.index.link_type = span(t);
                if LinkType::from_code(v).is_none() {
                    self.fail(ErrorKind::InvalidInitiation, t.value_offset(), t.path())?;
                }
            }
            32 => self.provider(t)?,
            33 => self.merchant(t)?,
            34 => {
                self.index.comment = span(t);
                self.text(t, 32)?;
            }
            35..=39 => self.additional(t)?,
            52 => {
                self.index.mcc = span(t);
                self.digits(t, 4)?;
            }
            53 => {
                self.index.currency = span(t);
                self.digits(t, 3)?;
                if v != CURRENCY_KGS {
                    self.fail(ErrorKind::InvalidValue, t.value_offset(), t.path())?;
                }
            }
            54 => self.amount(t, dynamic)?,
            59 => {
                self.index.payee_name = span(t);
                self.text(t, 25)?;
            }
            _ => {
                self.report(ErrorKind::RfuId, t.offset(), t.path())?;
                self.text(t, 99)?;
            }
        }
        Ok(())
    }

    fn check(&mut self, p: &str) -> Result<(), Stop> {
        // 01 decides whether an amount of 0 may pass; find it first.
        let dynamic = Tlvs::with_unit(p, LENGTH_UNIT)
            .map_while(Result::ok)
            .find(|t| t.id().get() == 1)
            .is_some_and(|t| t.value() == "12");
        let mut seen = Seen::default();
        for (i, t) in Tlvs::with_unit(p, LENGTH_UNIT).enumerate() {
            let Ok(t) = t else { break };
            let id = t.id().get();
            if id == 63 {
                break;
            }
            if i == 0 && id != 0 {
                self.fail(ErrorKind::PfiNotFirst, 0, Path::root(0))?;
            }
            if !(35..=39).contains(&id) && seen.mark(id) {
                self.report(ErrorKind::DuplicateId, t.offset(), t.path())?;
                continue;
            }
            self.root(&t, dynamic)?;
        }
        let at = self.index.crc_at;
        let required = [
            (0, self.index.version),
            (1, self.index.link_type),
            (32, self.index.provider),
            (52, self.index.mcc),
            (53, self.index.currency),
            (59, self.index.payee_name),
        ];
        for (id, s) in required {
            if s.is_none() {
                self.fail(ErrorKind::Missing, at, Path::root(id))?;
            }
        }
        if let Some((start, _)) = self.index.provider {
            if self.index.service_code.is_none() && self.index.merchant_id.is_none() {
                self.fail(
                    ErrorKind::Missing,
                    start.saturating_sub(4),
                    Path::root(32).child(1),
                )?;
            }
        }
        Ok(())
    }
}

/// Verifies the checksum value of `63` at `at`.
fn verify(p: &str, at: usize, opts: &ElqrOptions, sink: &mut impl Sink) -> Result<(), Stop> {
    let path = Path::root(63);
    let value = p.get(at + 4..).unwrap_or("");
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return sink.report(Error::new(ErrorKind::InvalidCrcFormat, at + 4, path), false);
    }
    if !opts.verify_checksum {
        return sink.report(
            Error::new(ErrorKind::ChecksumNotVerified, at + 4, path),
            true,
        );
    }
    let expected = checksum_of(p.get(..at).unwrap_or(""));
    if !value.as_bytes().eq_ignore_ascii_case(&expected) {
        sink.report(Error::new(ErrorKind::CrcMismatch, at + 4, path), false)?;
    }
    Ok(())
}

/// Structure, checksum, rules — on the decoded payload.
fn run(p: &str, opts: &ElqrOptions, sink: &mut impl Sink) -> Result<Index, Error> {
    let crc_at = structure(p)?;
    let mut rules = Rules {
        opts,
        sink,
        index: Index {
            crc_at,
            checksum: Some((crc_at + 4, p.len())),
            ..Index::default()
        },
    };
    if verify(p, crc_at, opts, rules.sink).is_ok() {
        let _ = rules.check(p);
    }
    Ok(rules.index)
}

// ---------------------------------------------------------------------------------------------
// The typed view
// ---------------------------------------------------------------------------------------------

/// Static or dynamic (`01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkType {
    /// `11`: shown for many payments; the payer may set the amount.
    Static,
    /// `12`: for one payment.
    Dynamic,
}

impl LinkType {
    /// The two-digit code.
    pub const fn code(self) -> &'static str {
        match self {
            LinkType::Static => "11",
            LinkType::Dynamic => "12",
        }
    }

    /// From the two-digit code.
    pub fn from_code(code: &str) -> Option<LinkType> {
        match code {
            "11" => Some(LinkType::Static),
            "12" => Some(LinkType::Dynamic),
            _ => None,
        }
    }
}

/// An amount of Kyrgyz som, held as whole tyiyn (never a float). `Display` writes som with two
/// decimals (`5556.00`).
///
/// ```
/// use emvqr::profile::elqr::Kgs;
/// let a = Kgs::parse_som("12412.5").unwrap();
/// assert_eq!(a.tyiyn(), 1_241_250);
/// assert_eq!(a.to_string(), "12412.50");
/// assert_eq!(Kgs::parse_som("1.234"), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kgs(u64);

impl Kgs {
    /// From whole tyiyn.
    pub const fn from_tyiyn(tyiyn: u64) -> Kgs {
        Kgs(tyiyn)
    }

    /// Whole tyiyn.
    pub const fn tyiyn(self) -> u64 {
        self.0
    }

    /// The whole som.
    pub const fn som(self) -> u64 {
        self.0 / TYIYN_PER_SOM
    }

    /// The tyiyn beyond the whole som (0–99).
    pub const fn fraction(self) -> u64 {
        self.0 % TYIYN_PER_SOM
    }

    /// Parses a decimal amount of som: digits, then optionally `.` and at most two digits
    /// (`125`, `125.`, `125.5`, `125.50`). No sign, no separators, no exponent.
    pub fn parse_som(s: &str) -> Option<Kgs> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || frac.len() > 2 {
            return None;
        }
        let mut tyiyn: u64 = 0;
        for b in int.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            tyiyn = tyiyn.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
        tyiyn = tyiyn.checked_mul(TYIYN_PER_SOM)?;
        let mut scale = 10;
        for b in frac.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            tyiyn = tyiyn.checked_add(u64::from(b - b'0') * scale)?;
            scale /= 10;
        }
        Some(Kgs(tyiyn))
    }
}

impl fmt::Display for Kgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.som(), self.fraction())
    }
}

/// The provider template `32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Provider<'s> {
    id: &'s str,
    service_code: Option<&'s str>,
    recipient_id: Option<&'s str>,
    transaction_id: Option<&'s str>,
    amount_editable: Option<&'s str>,
    recipient_editable: Option<&'s str>,
}

impl<'s> Provider<'s> {
    /// `32.00` provider ID, a domain-like name (`c2c.mbank.kg`).
    pub const fn id(&self) -> &'s str {
        self.id
    }

    /// `32.01` service code.
    pub const fn service_code(&self) -> Option<&'s str> {
        self.service_code
    }

    /// `32.10` recipient ID (phone number, account number, opaque ID).
    pub const fn recipient_id(&self) -> Option<&'s str> {
        self.recipient_id
    }

    /// `32.11` transaction ID.
    pub const fn transaction_id(&self) -> Option<&'s str> {
        self.transaction_id
    }

    /// `32.12` as written: `Some(true)` for `11`, `Some(false)` for `12`, `None` when absent.
    pub fn amount_editable_flag(&self) -> Option<bool> {
        self.amount_editable.map(|v| v == "11")
    }

    /// `32.13` as written: `Some(true)` for `11`, `Some(false)` for `12`, `None` when absent.
    pub fn recipient_editable_flag(&self) -> Option<bool> {
        self.recipient_editable.map(|v| v == "11")
    }

    /// Whether the payer may change the amount (`32.12`; editable when absent, as the
    /// specification defaults).
    pub fn amount_editable(&self) -> bool {
        self.amount_editable_flag().unwrap_or(true)
    }

    /// Whether the payer may change the recipient (`32.13`; editable when absent).
    pub fn recipient_editable(&self) -> bool {
        self.recipient_editable_flag().unwrap_or(true)
    }

    /// The producer's name, for a known provider ID.
    pub fn producer(&self) -> Option<&'static str> {
        PROVIDERS
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(self.id))
            .map(|(_, name)| *name)
    }
}

/// The merchant template `33`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Merchant<'s> {
    id: Option<&'s str>,
    service_name: Option<&'s str>,
}

impl<'s> Merchant<'s> {
    /// `33.00` merchant ID.
    pub const fn id(&self) -> Option<&'s str> {
        self.id
    }

    /// `33.01` service name.
    pub const fn service_name(&self) -> Option<&'s str> {
        self.service_name
    }
}

/// One additional field (a sub-object of `35`–`39`): `key:label:value:title:visible`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AdditionalField<'s> {
    /// The key.
    pub key: &'s str,
    /// The label shown to the payer.
    pub label: &'s str,
    /// The value.
    pub value: &'s str,
    /// The title.
    pub title: &'s str,
    /// Whether the payer sees it (`11` visible, `12` hidden).
    pub visible: bool,
}

impl<'s> AdditionalField<'s> {
    /// Splits `key:label:value:title:visible` (five parts; the last `11` or `12`).
    ///
    /// ```
    /// use emvqr::profile::elqr::AdditionalField;
    /// let f = AdditionalField::parse("acc:Счёт:12345:Лицевой счёт:11").unwrap();
    /// assert_eq!((f.key, f.value, f.visible), ("acc", "12345", true));
    /// assert!(AdditionalField::parse("a:b:c:d").is_none());
    /// ```
    pub fn parse(s: &'s str) -> Option<AdditionalField<'s>> {
        AdditionalField::split(s).ok()
    }

    /// Like `parse`, with the byte offset of the problem on failure.
    fn split(s: &'s str) -> Result<AdditionalField<'s>, usize> {
        let mut parts = s.split(':');
        let mut next = || parts.next();
        let (Some(key), Some(label), Some(value), Some(title), Some(vis)) =
            (next(), next(), next(), next(), next())
        else {
            return Err(s.len());
        };
        let at = key.len() + label.len() + value.len() + title.len() + 4;
        if next().is_some() {
            return Err(at + vis.len());
        }
        let visible = match vis {
            "11" => true,
            "12" => false,
            _ => return Err(at),
        };
        Ok(AdditionalField {
            key,
            label,
            value,
            title,
            visible,
        })
    }

    /// The wire form `key:label:value:title:11|12`.
    pub fn encode(&self) -> String {
        let vis = if self.visible { "11" } else { "12" };
        let parts = [self.key, self.label, self.value, self.title, vis];
        parts.join(":")
    }
}

/// A parsed, validated ELQR code: its payload (percent-decoded; borrowed from the input when
/// nothing needed decoding) and how it arrived (bare or as a link).
///
/// Accessors borrow from the view. See the [module documentation](self) for an example.
#[derive(Clone, PartialEq, Eq)]
pub struct Elqr<'a> {
    link: Link<'a>,
    payload: Cow<'a, str>,
    index: Index,
    warnings: Warnings,
    options: ElqrOptions,
}

impl<'a> Elqr<'a> {
    /// Parses a link or payload with [`ElqrOptions::new`].
    ///
    /// # Errors
    /// See [`ElqrOptions::parse`].
    pub fn parse(input: &'a str) -> Result<Elqr<'a>, Error> {
        ElqrOptions::new().parse(input)
    }

    fn get(&self, s: Span) -> Option<&str> {
        let (a, b) = s?;
        self.payload.get(a..b)
    }

    /// The text as given (a link stays a link).
    pub const fn input(&self) -> &'a str {
        self.link.input()
    }

    /// How it came: link or bare payload, prefix, host, the payload as written.
    pub const fn link(&self) -> &Link<'a> {
        &self.link
    }

    /// The decoded payload (`000201…6304xxxx`).
    pub fn as_str(&self) -> &str {
        &self.payload
    }

    /// Whether decoding copied the payload (it held percent-escapes).
    pub fn is_decoded_copy(&self) -> bool {
        matches!(self.payload, Cow::Owned(_))
    }

    /// True when the code came as a link.
    pub const fn is_link(&self) -> bool {
        self.link.is_link()
    }

    /// The link's prefix up to and including `#` (`""` for a bare payload).
    pub fn link_prefix(&self) -> &'a str {
        self.link.prefix()
    }

    /// The link without its fragment (`https://app.mbank.kg/qr/`), if it came as a link.
    pub fn base_url(&self) -> Option<&'a str> {
        self.link.base_url()
    }

    /// The options it was parsed with.
    pub const fn options(&self) -> &ElqrOptions {
        &self.options
    }

    /// The kinds of deviation let through.
    pub const fn warnings(&self) -> Warnings {
        self.warnings
    }

    /// Every deviation let through, with offsets and paths.
    pub fn warning_details(&self) -> Vec<Warning> {
        if self.warnings.is_empty() {
            return Vec::new();
        }
        let mut sink = CollectAll::default();
        match run(&self.payload, &self.options, &mut sink) {
            Ok(_) => sink.warnings,
            Err(_) => Vec::new(),
        }
    }

    /// `00` version (`"01"`).
    pub fn version(&self) -> &str {
        self.get(self.index.version).unwrap_or(VERSION)
    }

    /// `01` static or dynamic.
    pub fn link_type(&self) -> LinkType {
        match self.get(self.index.link_type) {
            Some("12") => LinkType::Dynamic,
            _ => LinkType::Static,
        }
    }

    /// True for a dynamic (single-use) code.
    pub fn is_dynamic(&self) -> bool {
        self.link_type() == LinkType::Dynamic
    }

    /// `32` provider.
    pub fn provider(&self) -> Provider<'_> {
        Provider {
            id: self.get(self.index.provider_id).unwrap_or(""),
            service_code: self.get(self.index.service_code),
            recipient_id: self.get(self.index.recipient_id),
            transaction_id: self.get(self.index.transaction_id),
            amount_editable: self.get(self.index.amount_editable),
            recipient_editable: self.get(self.index.recipient_editable),
        }
    }

    /// `33` merchant, if present with a merchant ID or a service name.
    pub fn merchant(&self) -> Option<Merchant<'_>> {
        if self.index.merchant_id.is_none() && self.index.service_name.is_none() {
            return None;
        }
        Some(Merchant {
            id: self.get(self.index.merchant_id),
            service_name: self.get(self.index.service_name),
        })
    }

    /// `34` comment.
    pub fn comment(&self) -> Option<&str> {
        self.get(self.index.comment)
    }

    /// The additional fields of `35`–`39`, in payload order.
    pub fn additional_fields(&self) -> impl Iterator<Item = AdditionalField<'_>> + '_ {
        self.iter()
            .filter(|t| (35..=39).contains(&t.id().get()))
            .flat_map(|t| t.children(LENGTH_UNIT).map_while(Result::ok))
            .filter_map(|c| AdditionalField::parse(c.value()))
    }

    /// `52` merchant category code.
    pub fn mcc(&self) -> &str {
        self.get(self.index.mcc).unwrap_or("")
    }

    /// `53` currency (`"417"`).
    pub fn currency(&self) -> &str {
        self.get(self.index.currency).unwrap_or(CURRENCY_KGS)
    }

    /// `54` amount as written (whole tyiyn).
    pub fn amount(&self) -> Option<&str> {
        self.get(self.index.amount)
    }

    /// `54` amount in tyiyn.
    pub fn amount_tyiyn(&self) -> Option<u64> {
        self.amount().and_then(|a| a.parse().ok())
    }

    /// `54` amount as som (`Display`: `5556.00`).
    pub fn amount_kgs(&self) -> Option<Kgs> {
        self.amount_tyiyn().map(Kgs)
    }

    /// `59` payee (provider) display name.
    pub fn payee_name(&self) -> &str {
        self.get(self.index.payee_name).unwrap_or("")
    }

    /// `63` checksum, as written (either case).
    pub fn checksum(&self) -> &str {
        self.get(self.index.checksum).unwrap_or("")
    }

    /// Byte offset of the `63` object in the decoded payload.
    pub const fn checksum_offset(&self) -> usize {
        self.index.crc_at
    }

    /// The root data objects in payload order (`63` included).
    pub fn iter(&self) -> impl Iterator<Item = Tlv<'_>> + '_ {
        Tlvs::with_unit(&self.payload, LENGTH_UNIT).map_while(Result::ok)
    }

    /// Every leaf data object in payload order: the sub-objects of templates (`32.00`), the
    /// primitives (`52`).
    pub fn fields(&self) -> Vec<(Path, &str)> {
        leaf_fields(&self.payload)
    }

    /// Encodes the code again from its parsed objects, the way it came: a link with the same
    /// prefix, each character percent-encoded exactly where the input encoded it, the checksum
    /// in its original case. For a code parsed from `s`, the result equals `s`.
    pub fn reencode(&self) -> String {
        let mut body = String::with_capacity(self.payload.len());
        for t in self.iter() {
            let id = t.id();
            let templated = is_template(id.get()) && t.children(LENGTH_UNIT).all(|c| c.is_ok());
            push_header(&mut body, id.get(), LENGTH_UNIT.count(t.value()));
            if templated {
                for c in t.children(LENGTH_UNIT).map_while(Result::ok) {
                    push_header(&mut body, c.id().get(), LENGTH_UNIT.count(c.value()));
                    body.push_str(c.value());
                }
            } else {
                body.push_str(t.value());
            }
        }
        let raw = self.link.fragment();
        let mut out = String::from(self.link_prefix());
        out.push_str(&encode_like(&body, raw, self.link.is_link()));
        out
    }

    /// The payload as a payment link under `base_url`, freshly percent-encoded (see
    /// [`encode_fragment`]).
    ///
    /// # Errors
    /// `invalid_value` for a base URL that is not a URL or already has a fragment.
    pub fn to_link(&self, base_url: &str) -> Result<String, Error> {
        link_with(base_url, &self.payload)
    }
}

impl fmt::Debug for Elqr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Elqr")
            .field("input", &self.link.input())
            .field("payload", &self.payload)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl<'a> TryFrom<&'a str> for Elqr<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Elqr::parse(s)
    }
}

const fn is_template(id: u8) -> bool {
    matches!(id, 32 | 33 | 35..=39)
}

fn push_header(out: &mut String, id: u8, len: usize) {
    // Writing to a `String` cannot fail.
    let _ = crate::tlv::write_header(out, crate::tlv::Id::of(id), len.min(99));
}

/// The leaf data objects of a decoded payload in order, as far as it can be walked: the
/// sub-objects of the templates `32`, `33`, `35`–`39` (a template whose value is not TLV
/// counts as one leaf), and every other object.
pub fn leaf_fields(payload: &str) -> Vec<(Path, &str)> {
    let mut out = Vec::new();
    for t in Tlvs::with_unit(payload, LENGTH_UNIT).map_while(Result::ok) {
        if is_template(t.id().get()) && t.children(LENGTH_UNIT).all(|c| c.is_ok()) {
            out.extend(
                t.children(LENGTH_UNIT)
                    .map_while(Result::ok)
                    .map(|c| (c.path(), c.value())),
            );
        } else {
            out.push((t.path(), t.value()));
        }
    }
    out
}

fn link_with(base_url: &str, payload: &str) -> Result<String, Error> {
    let bad = Error::new(ErrorKind::InvalidValue, 0, Path::ROOT);
    if scheme_len(base_url).is_none()
        || base_url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad);
    }
    let (base, sep) = match base_url.find('#') {
        Some(i) if i + 1 == base_url.len() => (base_url, ""),
        Some(_) => return Err(bad),
        None => (base_url, "#"),
    };
    let mut out = String::with_capacity(base.len() + 1 + payload.len() * 2);
    out.push_str(base);
    out.push_str(sep);
    out.push_str(&encode_fragment(payload));
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Detection and inspection
// ---------------------------------------------------------------------------------------------

/// Whether `host` is one ELQR links use: a known router or producer, or any host under `.kg`.
pub fn is_elqr_host(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    let kg = h.len() > 3
        && h.get(h.len() - 3..)
            .is_some_and(|t| t.eq_ignore_ascii_case(".kg"));
    kg || FOREIGN_LINK_HOSTS.iter().any(|f| f.eq_ignore_ascii_case(h))
}

/// Tells ELQR from EMV (and from anything else), cheaply and without verifying the code.
///
/// * A link (`https://…#…`) is ELQR when its host is an ELQR host ([`is_elqr_host`]) or its
///   fragment starts like a payload (`0002`): EMV payloads never travel as links.
/// * A bare payload (decoded) must start with `000201` and hold a provider template `32` with
///   a sub-object `00`; payloads without one are never ELQR and cost no hashing. Then the
///   checksum decides: if `63` matches the SHA-256 tail and not the CRC-16, it is ELQR; if it
///   matches the CRC-16 and not the SHA-256 tail, it is EMV unless the provider ID ends in
///   `.kg`, the currency is `417` and there is no country code `58` (an ELQR code sealed
///   with a CRC-16 by mistake). Otherwise (no or a broken checksum, or the one-in-65536 case
///   where both match) it is ELQR when the provider ID ends in `.kg`, or the currency is
///   `417` with no country code `58`.
///
/// ```
/// use emvqr::profile::elqr::is_elqr;
/// assert!(is_elqr("https://pay.payqr.kg/#0002010102113212"));
/// assert!(is_elqr("00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a"));
/// assert!(!is_elqr("00020101021229370016A00000067701011101130066891234567530376454044.2252040000580\
/// 2TH5903Tom6007Bangkok6304E4B4"));
/// ```
pub fn is_elqr(input: &str) -> bool {
    let Ok(link) = Link::split(input) else {
        return false;
    };
    if link.is_link() {
        return link.host().is_some_and(is_elqr_host) || link.fragment().starts_with("0002");
    }
    if !link.fragment().starts_with("000201") {
        return false;
    }
    let Ok(p) = link.decode() else {
        return false;
    };
    let mut provider = None;
    let mut currency = None;
    let mut country = false;
    let mut crc = None;
    for t in Tlvs::with_unit(&p, LENGTH_UNIT) {
        let Ok(t) = t else { break };
        match t.id().get() {
            32 if provider.is_none() => {
                provider = t
                    .children(LENGTH_UNIT)
                    .map_while(Result::ok)
                    .find(|c| c.id().get() == 0)
                    .map(|c| c.value());
            }
            53 => currency = Some(t.value()),
            58 => country = true,
            63 => {
                crc = Some((t.offset(), t.value()));
                break;
            }
            _ => {}
        }
    }
    let Some(provider) = provider else {
        return false;
    };
    let kg = provider.len() > 3
        && provider
            .get(provider.len() - 3..)
            .is_some_and(|t| t.eq_ignore_ascii_case(".kg"));
    let kgs = currency == Some(CURRENCY_KGS);
    if let Some((at, value)) = crc.filter(|(_, v)| v.len() == 4) {
        let sha = p
            .get(..at)
            .is_some_and(|c| value.as_bytes().eq_ignore_ascii_case(&checksum_of(c)));
        let emv = p.get(..at + 4).is_some_and(|c| {
            let digits = Checksum::Crc16.compute(c.as_bytes());
            value.as_bytes().eq_ignore_ascii_case(&digits)
        });
        match (sha, emv) {
            (true, false) => return true,
            // An EMV checksum: ELQR only if everything else says so (a `.kg` provider, som,
            // no country): an ELQR code sealed with the wrong checksum.
            (false, true) => return kg && kgs && !country,
            _ => {}
        }
    }
    kg || (kgs && !country)
}

/// Everything `emvqr decode` reports about an ELQR text, valid or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection<'a> {
    /// The text as given.
    pub input: &'a str,
    /// True when it came as a link.
    pub link: bool,
    /// The decoded payload (`None` when splitting or decoding failed).
    pub payload: Option<Cow<'a, str>>,
    /// The first error (`None` when valid).
    pub error: Option<Error>,
    /// The deviations let through.
    pub warnings: Vec<Warning>,
    /// The leaf data objects as far as the payload could be walked ([`leaf_fields`]), with the
    /// ID path as text (`"32.00"`, `"52"`).
    pub fields: Vec<(String, String)>,
    /// For a valid code, its re-encoding ([`Elqr::reencode`], equal to the input).
    pub reencoded: Option<String>,
}

impl Inspection<'_> {
    /// True when no error was found.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }
}

/// Inspects an ELQR link or payload: verdict, first error, warnings with offsets, flat fields
/// and re-encoding.
///
/// ```
/// use emvqr::profile::elqr::{inspect, ElqrOptions};
/// let i = inspect("https://qr.finik.kg/#00020101021132750011qr.finik.kg0114averspay-items1032c728e5bb087648b0a96fb55a677b9e721302125204482953034175908Finik-QR63040ad6", ElqrOptions::new());
/// assert!(i.is_valid());
/// assert_eq!(i.warnings[0].kind(), emvqr::ErrorKind::ValueTooLong); // 14-character 32.01
/// assert_eq!(i.fields[1], ("01".into(), "11".into()));
/// assert_eq!(i.fields[3], ("32.01".into(), "averspay-items".into()));
/// assert_eq!(i.reencoded.as_deref(), Some(i.input));
/// ```
pub fn inspect(input: &str, options: ElqrOptions) -> Inspection<'_> {
    let split = Link::split(input);
    let link = split.as_ref().is_ok_and(Link::is_link);
    let payload = match split.and_then(|l| l.decode()) {
        Ok(p) => p,
        Err(e) => {
            return Inspection {
                input,
                link,
                payload: None,
                error: Some(e),
                warnings: Vec::new(),
                fields: Vec::new(),
                reencoded: None,
            }
        }
    };
    let fields = leaf_fields(&payload)
        .into_iter()
        .map(|(p, v)| (alloc::format!("{p}"), String::from(v)))
        .collect();
    let (error, warnings, reencoded) = match options.parse(input) {
        Ok(code) => (None, code.warning_details(), Some(code.reencode())),
        Err(e) => {
            let report = options.validate_all(input);
            (Some(e), report.warnings, None)
        }
    };
    Inspection {
        input,
        link,
        payload: Some(payload),
        error,
        warnings,
        fields,
        reencoded,
    }
}

/// The ELQR name of a data object by its ID path (`32.01` → `Service code`).
///
/// ```
/// use emvqr::{profile::elqr::field_name, Path};
/// assert_eq!(field_name(Path::root(32).child(10)), Some("Recipient ID"));
/// assert_eq!(field_name(Path::root(36).child(2)), Some("Additional field"));
/// ```
pub fn field_name(path: Path) -> Option<&'static str> {
    Some(match path.ids() {
        [0] => "Version",
        [1] => "Link type (11 static, 12 dynamic)",
        [32] => "Provider",
        [32, 0] => "Provider ID",
        [32, 1] => "Service code",
        [32, 10] => "Recipient ID",
        [32, 11] => "Transaction ID",
        [32, 12] => "Amount editable (11 yes, 12 no)",
        [32, 13] => "Recipient editable (11 yes, 12 no)",
        [33] => "Merchant",
        [33, 0] => "Merchant ID",
        [33, 1] => "Service name",
        [34] => "Comment",
        [35..=39] => "Additional fields",
        [35..=39, _] => "Additional field",
        [52] => "Merchant Category Code",
        [53] => "Currency",
        [54] => "Amount (tyiyn)",
        [59] => "Payee name",
        [63] => "Checksum (SHA-256 tail)",
        _ => return None,
    })
}

/// A sentence saying what an error means for ELQR (for messages; the kind's own text for the
/// kinds with nothing ELQR-specific to add).
pub fn describe(e: &Error) -> &'static str {
    match (e.kind(), e.path().ids()) {
        (ErrorKind::CrcMismatch, _) => {
            "checksum mismatch: 63 is not the last 4 hex digits of SHA-256 over the payload before it"
        }
        (ErrorKind::CrcNotLast, _) => "data after the checksum object (63), which the checksum does not cover",
        (ErrorKind::MissingCrc, _) => "no checksum object (63)",
        (ErrorKind::InvalidPfi, _) => "version (00) is not \"01\"",
        (ErrorKind::PfiNotFirst, _) => "the version (00) is not the first object",
        (ErrorKind::InvalidInitiation, _) => "link type (01) is not 11 (static) or 12 (dynamic)",
        (ErrorKind::InvalidValue, []) => {
            "the base URL is not a URL (scheme://…) without whitespace, or it already has a fragment"
        }
        (ErrorKind::NotNumeric | ErrorKind::WrongLength, [52]) => {
            "merchant category code (52) is not 4 digits"
        }
        (ErrorKind::NotNumeric | ErrorKind::WrongLength, [53]) => "currency (53) is not 3 digits",
        (ErrorKind::InvalidValue, [53]) => "currency (53) is not 417 (Kyrgyz som)",
        (ErrorKind::InvalidValue, [32, 12]) => "amount-editable flag (32.12) is not 11 or 12",
        (ErrorKind::InvalidValue, [32, 13]) => "recipient-editable flag (32.13) is not 11 or 12",
        (ErrorKind::InvalidValue, [35..=39, _]) => {
            "additional field is not key:label:value:title:visible with visible 11 or 12"
        }
        (ErrorKind::Missing, [32, 1]) => "neither a service code (32.01) nor a merchant ID (33.00)",
        (ErrorKind::Missing, [32, 0]) => "provider template (32) without a provider ID (32.00)",
        (ErrorKind::Missing, _) => "mandatory data object missing",
        (ErrorKind::ValueTooLong, [32, 1]) => "service code (32.01) longer than 10 characters",
        (ErrorKind::InvalidAmount, _) => "amount (54) is not a whole number of tyiyn of at most 13 digits",
        (ErrorKind::ZeroAmount, _) => "amount (54) of zero (a dynamic code needs a positive amount)",
        (ErrorKind::RfuId, _) => "ID not defined by ELQR",
        (ErrorKind::InvalidEscape, _) => "malformed percent-escape (a % not followed by two hex digits)",
        (ErrorKind::InvalidUtf8, _) => "percent-decoded text is not UTF-8",
        (ErrorKind::NonBmp, _) => "character outside the Basic Multilingual Plane (ELQR counts UTF-16 units)",
        _ => "",
    }
}

/// The message for an error: the ELQR-specific sentence ([`describe`]) or the kind's text,
/// then where (`at byte 154 (63)`).
pub fn message(e: &Error) -> String {
    let what = describe(e);
    let mut s = if what.is_empty() {
        alloc::format!("{}", e.kind())
    } else {
        String::from(what)
    };
    s.push_str(&alloc::format!(" at byte {}", e.offset()));
    if !e.path().is_root() {
        s.push_str(&alloc::format!(" ({})", e.path()));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
enum AmountSpec<'a> {
    Tyiyn(u64),
    Som(Cow<'a, str>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct FieldSpec<'a> {
    parts: [Cow<'a, str>; 4],
    visible: bool,
}

/// Builds ELQR codes and payment links: canonical order (`00 01 32 33 34 35… 52 53 54 59`),
/// lengths in UTF-16 code units, the checksum in lowercase hex (as the reference
/// implementation writes it). [`ElqrBuilder::build`] validates by parsing its own output.
///
/// ```
/// use emvqr::profile::elqr::{Elqr, ElqrBuilder};
/// let link = ElqrBuilder::new("qr.finik.kg", "Кофейня Арча")
///     .dynamic_code()
///     .service_code("cafe")
///     .transaction_id("order-1042")
///     .amount_som("350.50")
///     .build_link("https://qr.finik.kg/")?;
/// assert!(link.starts_with("https://qr.finik.kg/#000201010212"));
/// let code = Elqr::parse(&link)?;
/// assert_eq!(code.amount_tyiyn(), Some(35_050));
/// assert_eq!(code.payee_name(), "Кофейня Арча");
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElqrBuilder<'a> {
    link_type: LinkType,
    provider_id: Cow<'a, str>,
    service_code: Option<Cow<'a, str>>,
    recipient_id: Option<Cow<'a, str>>,
    transaction_id: Option<Cow<'a, str>>,
    amount_editable: Option<bool>,
    recipient_editable: Option<bool>,
    merchant_id: Option<Cow<'a, str>>,
    service_name: Option<Cow<'a, str>>,
    comment: Option<Cow<'a, str>>,
    fields: Vec<FieldSpec<'a>>,
    mcc: Cow<'a, str>,
    amount: Option<AmountSpec<'a>>,
    payee_name: Cow<'a, str>,
}

impl<'a> ElqrBuilder<'a> {
    /// A static code for a provider ID (`32.00`, e.g. `qr.bakai.kg`) and a payee name (`59`),
    /// MCC [`DEFAULT_MCC`], currency 417.
    pub fn new(provider_id: impl Into<Cow<'a, str>>, payee_name: impl Into<Cow<'a, str>>) -> Self {
        ElqrBuilder {
            link_type: LinkType::Static,
            provider_id: provider_id.into(),
            service_code: None,
            recipient_id: None,
            transaction_id: None,
            amount_editable: None,
            recipient_editable: None,
            merchant_id: None,
            service_name: None,
            comment: None,
            fields: Vec::new(),
            mcc: Cow::Borrowed(DEFAULT_MCC),
            amount: None,
            payee_name: payee_name.into(),
        }
    }

    /// `01` = `11`: a static code (the default).
    #[must_use]
    pub fn static_code(mut self) -> Self {
        self.link_type = LinkType::Static;
        self
    }

    /// `01` = `12`: a dynamic (single-use) code.
    #[must_use]
    pub fn dynamic_code(mut self) -> Self {
        self.link_type = LinkType::Dynamic;
        self
    }

    /// `01`.
    #[must_use]
    pub fn link_type(mut self, t: LinkType) -> Self {
        self.link_type = t;
        self
    }

    /// `32.00` provider ID.
    #[must_use]
    pub fn provider_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.provider_id = v.into();
        self
    }

    /// `32.01` service code (≤ 32 characters; over 10 parses with a warning).
    #[must_use]
    pub fn service_code(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.service_code = Some(v.into());
        self
    }

    /// `32.10` recipient ID.
    #[must_use]
    pub fn recipient_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.recipient_id = Some(v.into());
        self
    }

    /// `32.11` transaction ID.
    #[must_use]
    pub fn transaction_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.transaction_id = Some(v.into());
        self
    }

    /// `32.12`: whether the payer may change the amount (absent = editable).
    #[must_use]
    pub fn amount_editable(mut self, yes: bool) -> Self {
        self.amount_editable = Some(yes);
        self
    }

    /// `32.13`: whether the payer may change the recipient (absent = editable).
    #[must_use]
    pub fn recipient_editable(mut self, yes: bool) -> Self {
        self.recipient_editable = Some(yes);
        self
    }

    /// `33.00` merchant ID.
    #[must_use]
    pub fn merchant_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.merchant_id = Some(v.into());
        self
    }

    /// `33.01` service name.
    #[must_use]
    pub fn service_name(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.service_name = Some(v.into());
        self
    }

    /// `34` comment.
    #[must_use]
    pub fn comment(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.comment = Some(v.into());
        self
    }

    /// Appends an additional field (`35`–`39`, packed in order, sub-IDs `00`, `01`, …).
    #[must_use]
    pub fn field(
        mut self,
        key: impl Into<Cow<'a, str>>,
        label: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
        title: impl Into<Cow<'a, str>>,
        visible: bool,
    ) -> Self {
        self.fields.push(FieldSpec {
            parts: [key.into(), label.into(), value.into(), title.into()],
            visible,
        });
        self
    }

    /// `52` merchant category code.
    #[must_use]
    pub fn mcc(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.mcc = v.into();
        self
    }

    /// `54` amount in tyiyn.
    #[must_use]
    pub fn amount_tyiyn(mut self, tyiyn: u64) -> Self {
        self.amount = Some(AmountSpec::Tyiyn(tyiyn));
        self
    }

    /// `54` amount in som, as a decimal string with at most two decimals (`"350.50"`);
    /// checked by `build`.
    #[must_use]
    pub fn amount_som(mut self, som: impl Into<Cow<'a, str>>) -> Self {
        self.amount = Some(AmountSpec::Som(som.into()));
        self
    }

    /// Removes `54`.
    #[must_use]
    pub fn clear_amount(mut self) -> Self {
        self.amount = None;
        self
    }

    /// `59` payee name.
    #[must_use]
    pub fn payee_name(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.payee_name = v.into();
        self
    }

    /// The decoded payload, checksum included.
    fn payload(&self) -> Result<String, Error> {
        let mut w = Writer::default();
        w.put(Path::root(0), VERSION, 2)?;
        w.put(Path::root(1), self.link_type.code(), 2)?;

        if self.service_code.is_none() && self.merchant_id.is_none() {
            return Err(Error::new(ErrorKind::Missing, 0, Path::root(32).child(1)));
        }
        let p = Path::root(32);
        let mut t = Writer::default();
        t.put(p.child(0), &self.provider_id, 32)?;
        t.opt(p.child(1), self.service_code.as_deref(), 32)?;
        t.opt(p.child(10), self.recipient_id.as_deref(), 32)?;
        t.opt(p.child(11), self.transaction_id.as_deref(), 32)?;
        let flag = |f: Option<bool>| f.map(|b| if b { "11" } else { "12" });
        t.opt(p.child(12), flag(self.amount_editable), 2)?;
        t.opt(p.child(13), flag(self.recipient_editable), 2)?;
        w.put(p, &t.out, 99)?;

        if self.merchant_id.is_some() || self.service_name.is_some() {
            let p = Path::root(33);
            let mut t = Writer::default();
            t.opt(p.child(0), self.merchant_id.as_deref(), 32)?;
            t.opt(p.child(1), self.service_name.as_deref(), 32)?;
            w.put(p, &t.out, 99)?;
        }
        w.opt(Path::root(34), self.comment.as_deref(), 32)?;
        self.put_fields(&mut w)?;

        let mcc = Path::root(52);
        if let Some(i) = self.mcc.bytes().position(|b| !b.is_ascii_digit()) {
            return Err(Error::new(ErrorKind::NotNumeric, i, mcc));
        }
        if self.mcc.len() != 4 {
            return Err(Error::new(ErrorKind::WrongLength, 0, mcc));
        }
        w.put(mcc, &self.mcc, 4)?;
        w.put(Path::root(53), CURRENCY_KGS, 3)?;
        if let Some(a) = &self.amount {
            let path = Path::root(54);
            let tyiyn = match a {
                AmountSpec::Tyiyn(t) => *t,
                AmountSpec::Som(s) => Kgs::parse_som(s)
                    .ok_or(Error::new(ErrorKind::InvalidAmount, 0, path))?
                    .tyiyn(),
            };
            if tyiyn == 0 && self.link_type == LinkType::Dynamic {
                return Err(Error::new(ErrorKind::ZeroAmount, 0, path));
            }
            let digits = alloc::format!("{tyiyn}");
            if digits.len() > 13 {
                return Err(Error::new(ErrorKind::InvalidAmount, 0, path));
            }
            w.put(path, &digits, 13)?;
        }
        w.put(Path::root(59), &self.payee_name, 25)?;
        let sum = checksum_of(&w.out);
        w.out.push_str("6304");
        w.out.push_str(core::str::from_utf8(&sum).unwrap_or("0000"));
        Ok(w.out)
    }

    fn put_fields(&self, w: &mut Writer) -> Result<(), Error> {
        let mut template = 35u8;
        let mut t = Writer::default();
        let mut sub = 0u8;
        for f in &self.fields {
            let path = Path::root(template).child(sub);
            for part in &f.parts {
                if let Some(i) = part.find(':') {
                    return Err(Error::new(ErrorKind::InvalidValue, i, path));
                }
            }
            let [k, l, v, ti] = &f.parts;
            let vis = if f.visible { "11" } else { "12" };
            let entry = [k.as_ref(), l.as_ref(), v.as_ref(), ti.as_ref(), vis].join(":");
            check_text(&entry, path, 99)?;
            let units = 4 + LENGTH_UNIT.count(&entry);
            if LENGTH_UNIT.count(&t.out) + units > 99 || sub > 99 {
                if template == 39 {
                    return Err(Error::new(ErrorKind::ValueTooLong, 0, Path::root(39)));
                }
                w.put(Path::root(template), &t.out, 99)?;
                template += 1;
                t = Writer::default();
                sub = 0;
            }
            t.put(Path::root(template).child(sub), &entry, 99)?;
            sub += 1;
        }
        if !t.out.is_empty() {
            w.put(Path::root(template), &t.out, 99)?;
        }
        Ok(())
    }

    /// Encodes into `w`: the payload, with any `%` in a value written `%25` (ELQR readers
    /// percent-decode bare payloads too).
    ///
    /// # Errors
    /// As [`ElqrBuilder::build`], or `invalid_value` when the writer fails.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> Result<(), Error> {
        let s = self.build()?;
        w.write_str(&s)
            .map_err(|_| Error::new(ErrorKind::InvalidValue, 0, Path::ROOT))
    }

    /// The payload (`000201…6304xxxx`), any `%` in a value written `%25`.
    ///
    /// # Errors
    /// Builder errors carry the path of the field and an offset inside its value (0 when the
    /// whole value is at fault): `missing` (32.01 when neither a service code nor a merchant
    /// ID is set), `zero_length`, `value_too_long` (limits: 32.00/01/10/11, 33.00/01 and 34:
    /// 32; 59: 25; a field of 35–39 with its header: 99; all fields: five templates),
    /// `non_bmp` (a character outside the Basic Multilingual Plane), `invalid_character`
    /// (a control character), `invalid_value` (a `:` inside an additional field's part),
    /// `not_numeric`/`wrong_length` (MCC), `invalid_amount`, `zero_amount` (dynamic).
    pub fn build(&self) -> Result<String, Error> {
        let payload = self.payload()?;
        let out = escape_percent(&payload).into_owned();
        ElqrOptions::new().parse(&out)?;
        Ok(out)
    }

    /// A payment link: `base_url` (a `#` is added unless it ends with one), then the payload
    /// percent-encoded for a URL fragment ([`encode_fragment`]).
    ///
    /// # Errors
    /// As [`ElqrBuilder::build`]; `invalid_value` for a base URL that is not a URL (no
    /// scheme, whitespace) or already has a non-empty fragment.
    pub fn build_link(&self, base_url: &str) -> Result<String, Error> {
        let payload = self.payload()?;
        let link = link_with(base_url, &payload)?;
        ElqrOptions::new().parse(&link)?;
        Ok(link)
    }
}

impl<'s> From<&'s Elqr<'_>> for ElqrBuilder<'s> {
    /// A builder holding the code's fields (in canonical order; unknown IDs are dropped).
    fn from(code: &'s Elqr<'_>) -> Self {
        let p = code.provider();
        let mut b = ElqrBuilder::new(p.id(), code.payee_name())
            .link_type(code.link_type())
            .mcc(code.mcc());
        b.service_code = p.service_code().map(Cow::Borrowed);
        b.recipient_id = p.recipient_id().map(Cow::Borrowed);
        b.transaction_id = p.transaction_id().map(Cow::Borrowed);
        b.amount_editable = p.amount_editable_flag();
        b.recipient_editable = p.recipient_editable_flag();
        if let Some(m) = code.merchant() {
            b.merchant_id = m.id().map(Cow::Borrowed);
            b.service_name = m.service_name().map(Cow::Borrowed);
        }
        b.comment = code.comment().map(Cow::Borrowed);
        for f in code.additional_fields() {
            b = b.field(f.key, f.label, f.value, f.title, f.visible);
        }
        b.amount = code.amount_tyiyn().map(AmountSpec::Tyiyn);
        b
    }
}

fn check_text(v: &str, path: Path, max: usize) -> Result<(), Error> {
    if v.is_empty() {
        return Err(Error::new(ErrorKind::ZeroLength, 0, path));
    }
    for (i, c) in v.char_indices() {
        if c.len_utf16() > 1 {
            return Err(Error::new(ErrorKind::NonBmp, i, path));
        }
        if c.is_control() {
            return Err(Error::new(ErrorKind::InvalidCharacter, i, path));
        }
    }
    if LENGTH_UNIT.count(v) > max {
        return Err(Error::new(ErrorKind::ValueTooLong, 0, path));
    }
    Ok(())
}

#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn put(&mut self, path: Path, v: &str, max: usize) -> Result<(), Error> {
        check_text(v, path, max)?;
        push_header(
            &mut self.out,
            path.last().unwrap_or(0),
            LENGTH_UNIT.count(v),
        );
        self.out.push_str(v);
        Ok(())
    }

    fn opt(&mut self, path: Path, v: Option<&str>, max: usize) -> Result<(), Error> {
        match v {
            Some(v) => self.put(path, v, max),
            None => Ok(()),
        }
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkType::Static => "static",
            LinkType::Dynamic => "dynamic",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MBANK: &str = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg01020210129965541855191302125204999953034175909KIRILL%20B.63047129";

    #[test]
    fn decodes_and_verifies_a_link() {
        let code = Elqr::parse(MBANK).unwrap();
        assert_eq!(code.payee_name(), "KIRILL B.");
        assert!(code.is_decoded_copy());
        assert_eq!(code.reencode(), MBANK);
    }
}
