//! The verdict: one answer for any text a camera read.
//!
//! [`check`] decides what kind of code the text is (its [`Family`]), which scheme it belongs
//! to, and judges it by that scheme's rules at the clock given in [`CheckOptions`]: KHQR as the
//! official SDK does, ELQR by its own rules, every other national scheme by its rules, anything
//! else by strict EMV MPM. The [`Verdict`] says whether the code is payable, why not (with the
//! byte offset and ID path), what it holds and who is paid how much ([`PaymentIntent`]).
//!
//! Nothing else in the crate decides validity: the command line, rendering and scanning all
//! go through [`check`].

mod code;
mod family;
mod url;

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, ErrorKind, Path};
use crate::intent::PaymentIntent;
use crate::options::ParseOptions;
use crate::payload::Payload;
use crate::profile::detect::Roots;
use crate::profile::khqr::{KhqrCode, KhqrError};
use crate::profile::scheme::Engine;
use crate::profile::{self, Scheme};
use crate::time::UnixMillis;
use crate::tlv::LengthUnit;
use crate::validate::MAX_INPUT_BYTES;

/// How to judge: the clock, leniency, and optionally a forced scheme.
///
/// ```
/// use emvqr::{CheckOptions, Scheme};
/// let opts = CheckOptions::at(1_767_225_600_000).lenient(true).scheme(Some(Scheme::Khqr));
/// assert_eq!(opts.now_ms(), Some(1_767_225_600_000));
/// assert!(opts.is_lenient());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CheckOptions {
    now_ms: Option<UnixMillis>,
    lenient: bool,
    scheme: Option<Scheme>,
    all_errors: bool,
    describe: bool,
}

impl CheckOptions {
    /// Judge at the instant `now_ms` (milliseconds since the Unix epoch): expired codes are
    /// invalid. Strict, with the scheme detected from the text.
    pub const fn at(now_ms: UnixMillis) -> CheckOptions {
        CheckOptions {
            now_ms: Some(now_ms),
            lenient: false,
            scheme: None,
            all_errors: false,
            describe: true,
        }
    }

    /// Judge at the system clock, read once, here.
    #[cfg(feature = "std")]
    pub fn now() -> CheckOptions {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| {
                UnixMillis::try_from(d.as_millis()).unwrap_or(UnixMillis::MAX)
            });
        CheckOptions::at(ms)
    }

    /// Judge everything but time: expiry and "in the past" rules are not applied. For code
    /// generation and rendering, where the code's own form is what matters; a wallet deciding
    /// whether to pay uses [`CheckOptions::at`].
    pub const fn without_clock() -> CheckOptions {
        CheckOptions {
            now_ms: None,
            lenient: false,
            scheme: None,
            all_errors: false,
            describe: true,
        }
    }

    /// Turn every leniency knob of the scheme's rules on (the checksum is still verified; the
    /// KHQR rules, which are the official SDK's, have no knobs).
    #[must_use]
    pub const fn lenient(mut self, yes: bool) -> Self {
        self.lenient = yes;
        self
    }

    /// Judge by this scheme's rules instead of the detected one (`None`: detect), whatever the
    /// text looks like: a URL, a payer's code or garbage forced to a scheme is judged by that
    /// scheme's rules (KHQR's give it the official SDK's code), and the verdict's family still
    /// says what the text looked like.
    #[must_use]
    pub const fn scheme(mut self, scheme: Option<Scheme>) -> Self {
        self.scheme = scheme;
        self
    }

    /// List every error ([`Verdict::errors`]) instead of stopping at the first (diagnostics:
    /// slower). The KHQR rules, as the official SDK's, only ever give the first.
    #[must_use]
    pub const fn all_errors(mut self, yes: bool) -> Self {
        self.all_errors = yes;
        self
    }

    /// Whether the verdict describes the text: its [`Verdict::fields`] and
    /// [`Verdict::reencoded`] (default `true`). With `false` they are left empty and the
    /// verdict costs less (about 40 % on a KHQR); the judgement (validity, family, schemes,
    /// errors, warnings) and the payment intent are the same. For a gateway re-validating
    /// stored codes, or a wallet that only asks whether a code is payable.
    ///
    /// ```
    /// use emvqr::{check, CheckOptions};
    /// let s = "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh62260211855123456780807Testing99170013168733590258463047929";
    /// let full = check(s, &CheckOptions::at(1_767_225_600_000));
    /// let judged = check(s, &CheckOptions::at(1_767_225_600_000).describe(false));
    /// assert_eq!((judged.is_valid(), judged.scheme()), (full.is_valid(), full.scheme()));
    /// assert!(judged.fields().is_empty() && judged.reencoded().is_none());
    /// assert_eq!(judged.intent(), full.intent());
    /// ```
    #[must_use]
    pub const fn describe(mut self, yes: bool) -> Self {
        self.describe = yes;
        self
    }

    /// Whether the verdict lists fields and the re-encoding.
    pub const fn describes(&self) -> bool {
        self.describe
    }

    /// The clock, if one was given.
    pub const fn now_ms(&self) -> Option<UnixMillis> {
        self.now_ms
    }

    /// Whether leniency is on.
    pub const fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// The forced scheme, if any.
    pub const fn forced_scheme(&self) -> Option<Scheme> {
        self.scheme
    }
}

/// What kind of code a text is, decided before any scheme's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// An EMV merchant-presented code (`000201…`), including ELQR links and payloads.
    EmvMpm,
    /// An EMV consumer-presented code: base64 of BER-TLV data objects (`hQVDUFYwMW…`), shown
    /// by a payer's app; it names the payer, not a merchant to pay.
    EmvCpm,
    /// A payment link that is not EMV: Alipay, WeChat Pay and UnionPay merchant URLs, UPI deep
    /// links, TWQRP URLs, Alipay+ merchant codes.
    PaymentUrl,
    /// A numeric consumer payment code (Alipay+, Alipay, WeChat Pay): a payer's code, not a
    /// merchant to pay.
    PaymentCode,
    /// Anything else: plain text, other URLs, garbage.
    Unknown,
}

impl Family {
    /// The identifier of the command line's JSON (`"emv-mpm"`, `"unknown"`).
    pub const fn id(self) -> &'static str {
        match self {
            Family::EmvMpm => "emv-mpm",
            Family::EmvCpm => "emv-cpm",
            Family::PaymentUrl => "payment-url",
            Family::PaymentCode => "payment-code",
            Family::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where a field or a problem is: an EMV MPM ID path (`62.05`), or the tag path of another
/// family's code (`61[1].4F` in a consumer-presented code). Displays as the command line's
/// JSON keys do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldPath {
    /// An EMV MPM ID path.
    Id(Path),
    /// A path in another family's own notation.
    Text(Cow<'static, str>),
}

impl FieldPath {
    /// The EMV MPM IDs, for an ID path.
    pub fn ids(&self) -> Option<&[u8]> {
        match self {
            FieldPath::Id(p) => Some(p.ids()),
            FieldPath::Text(_) => None,
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Id(p) => fmt::Display::fmt(p, f),
            FieldPath::Text(t) => f.write_str(t),
        }
    }
}

impl From<Path> for FieldPath {
    fn from(p: Path) -> FieldPath {
        FieldPath::Id(p)
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        match self {
            FieldPath::Text(t) => t == other,
            FieldPath::Id(p) => {
                use core::fmt::Write;
                let mut s = String::new();
                let _ = write!(s, "{p}");
                s == *other
            }
        }
    }
}

/// An error or a warning of a [`Verdict`]: what (a stable snake_case kind), where (byte offset
/// in the payload — the decoded payload for a percent-encoded ELQR link or a base64
/// consumer-presented code — and the path), and a message that says both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    kind: &'static str,
    offset: usize,
    path: FieldPath,
    message: String,
    /// The EMV layer's error, for an EMV MPM code (ELQR and KHQR included).
    error: Option<Error>,
    khqr: Option<KhqrCode>,
    /// For a consumer-presented code, the position in the base64 text.
    base64_offset: Option<usize>,
}

impl Problem {
    fn of(error: Error, message: String) -> Problem {
        Problem {
            kind: error.kind().name(),
            offset: error.offset(),
            path: FieldPath::Id(error.path()),
            message,
            error: Some(error),
            khqr: None,
            base64_offset: None,
        }
    }

    fn emv(error: Error) -> Problem {
        Problem::of(error, error.to_string())
    }

    /// A problem of the text `input` read as `scheme`, with a message that says what and
    /// where in the scheme's own words, and what was expected: the field's name, the
    /// offending character, the limit.
    fn of_text(error: Error, input: &str, scheme: Scheme) -> Problem {
        Problem::of(error, describe(&error, input, scheme))
    }

    fn khqr(e: &KhqrError) -> Problem {
        let core = e.to_error();
        Problem {
            khqr: Some(e.kind()),
            ..Problem::of(Error::new(core.kind(), e.offset(), e.path()), e.to_string())
        }
    }

    fn cpm(e: &crate::cpm::CpmError) -> Problem {
        Problem {
            kind: e.kind().name(),
            offset: e.offset(),
            path: FieldPath::Text(Cow::Owned(e.path().to_string())),
            message: e.to_string(),
            error: None,
            khqr: None,
            base64_offset: Some(e.base64_offset()),
        }
    }

    /// The kind's stable snake_case name (`"crc_mismatch"`).
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The error as the EMV layer's [`Error`] (kind, offset, path), for an EMV MPM code.
    pub const fn error(&self) -> Option<&Error> {
        self.error.as_ref()
    }

    /// Byte offset in the payload.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The path (`62.05`; empty at the top level).
    pub const fn path(&self) -> &FieldPath {
        &self.path
    }

    /// What is wrong and where, in words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// For a KHQR, the official SDK's error code (1–51).
    pub const fn khqr_code(&self) -> Option<KhqrCode> {
        self.khqr
    }

    /// For a consumer-presented code, the position in the base64 text.
    pub const fn base64_offset(&self) -> Option<usize> {
        self.base64_offset
    }
}

/// An EMV layer error as a problem of its own (its message is the error's).
impl From<Error> for Problem {
    fn from(e: Error) -> Problem {
        Problem::emv(e)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for Problem {}

/// The verdict on one text: see [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict<'a> {
    input: Cow<'a, str>,
    family: Family,
    scheme: Option<Scheme>,
    schemes: Vec<Scheme>,
    error: Option<Problem>,
    /// With [`CheckOptions::all_errors`], the errors after the first.
    more: Vec<Problem>,
    warnings: Vec<Problem>,
    fields: Vec<(FieldPath, Cow<'a, str>)>,
    reencoded: Option<Cow<'a, str>>,
    intent: Option<PaymentIntent<'a>>,
}

impl<'a> Verdict<'a> {
    /// A verdict of a family with nothing read yet.
    fn new(input: Cow<'a, str>, family: Family) -> Verdict<'a> {
        Verdict {
            input,
            family,
            scheme: None,
            schemes: Vec::new(),
            error: None,
            more: Vec::new(),
            warnings: Vec::new(),
            fields: Vec::new(),
            reencoded: None,
            intent: None,
        }
    }

    fn refused(input: Cow<'a, str>, family: Family, error: Problem) -> Verdict<'a> {
        Verdict {
            error: Some(error),
            ..Verdict::new(input, family)
        }
    }

    /// The text as given (cut to its first 4,096 bytes when it is longer; the error says the
    /// full length).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// A well-formed, acceptable code of its family, payable at the clock given: no error.
    pub fn is_valid(&self) -> bool {
        self.error.is_none()
    }

    /// What kind of code the text is.
    pub const fn family(&self) -> Family {
        self.family
    }

    /// The scheme whose rules judged the text (the forced one, or the primary scheme
    /// detected); `None` when nothing could be read.
    pub const fn scheme(&self) -> Option<Scheme> {
        self.scheme
    }

    /// Every scheme and payment network the code declares, national schemes first.
    pub fn schemes(&self) -> &[Scheme] {
        &self.schemes
    }

    /// Why the code is not acceptable (`None` when it is).
    pub const fn error(&self) -> Option<&Problem> {
        self.error.as_ref()
    }

    /// Every error found: the first ([`Verdict::error`]) and, with
    /// [`CheckOptions::all_errors`], the others in the order found.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> + '_ {
        self.error.iter().chain(&self.more)
    }

    /// Every deviation the rules let through.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The leaf data objects in payload order (a template contributes its sub-objects, a
    /// template whose value is not TLV contributes itself); for an invalid code, whatever
    /// could be read.
    pub fn fields(&self) -> &[(FieldPath, Cow<'a, str>)] {
        &self.fields
    }

    /// The name of a field of this code: the name its scheme gives an EMV data object (KHQR's
    /// `29.00` is the Bakong account ID), or the EMV Book 3 name of a consumer-presented
    /// code's tag (`61.4F` is the application identifier).
    pub fn field_name(&self, path: &FieldPath) -> &'static str {
        match path {
            FieldPath::Id(p) => self.scheme.unwrap_or(Scheme::Emv).field_name(p.ids()),
            FieldPath::Text(t) => t
                .rsplit('.')
                .next()
                .and_then(|last| last.split('[').next())
                .and_then(crate::cpm::Tag::parse_hex)
                .and_then(crate::cpm::Tag::name)
                .unwrap_or(""),
        }
    }

    /// For a valid code, the text re-encoded from its parsed form: equal to the input byte
    /// for byte (an ELQR link stays the same link; a consumer-presented code accepted
    /// leniently comes back in its canonical form).
    pub fn reencoded(&self) -> Option<&str> {
        self.reencoded.as_deref()
    }

    /// Who is paid, how much, in which currency, through which networks; `None` when nothing
    /// could be read. Present for invalid codes too, for display — never pay an invalid code.
    pub const fn intent(&self) -> Option<&PaymentIntent<'a>> {
        self.intent.as_ref()
    }

    /// Copies borrowed text so that the verdict outlives the input.
    pub fn into_owned(self) -> Verdict<'static> {
        Verdict {
            input: Cow::Owned(self.input.into_owned()),
            family: self.family,
            scheme: self.scheme,
            schemes: self.schemes,
            error: self.error,
            more: self.more,
            warnings: self.warnings,
            fields: self
                .fields
                .into_iter()
                .map(|(p, v)| (p, Cow::Owned(v.into_owned())))
                .collect(),
            reencoded: self.reencoded.map(|r| Cow::Owned(r.into_owned())),
            intent: self.intent.map(PaymentIntent::into_owned),
        }
    }
}

/// The verdict under a name the cell below can take.
type Judged<'a> = Verdict<'a>;

self_cell::self_cell!(
    struct Held {
        owner: String,
        #[covariant]
        dependent: Judged,
    }
);

/// A verdict kept together with the text it judged, so that it can be stored, returned or
/// sent to another thread without [`Verdict::into_owned`]'s copy of every field: the fields,
/// the input and the intent keep borrowing from the text, which this value owns.
///
/// ```
/// use emvqr::{CheckOptions, OwnedVerdict};
///
/// let text = String::from("00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh62260211855123456780807Testing99170013168733590258463047929");
/// let kept = OwnedVerdict::check(text, &CheckOptions::at(1_767_225_600_000));
/// let v = kept.verdict();
/// assert!(v.is_valid());
/// assert_eq!(v.fields().iter().find(|(p, _)| *p == "59").map(|(_, v)| v.as_ref()), Some("Jonh Smith"));
/// ```
pub struct OwnedVerdict(Held);

impl OwnedVerdict {
    /// Judges `text` as [`check`] does, and keeps it.
    pub fn check(text: String, opts: &CheckOptions) -> OwnedVerdict {
        OwnedVerdict(Held::new(text, |t| check(t, opts)))
    }

    /// The verdict.
    pub fn verdict(&self) -> &Verdict<'_> {
        self.0.borrow_dependent()
    }
}

/// A verdict that borrows nothing (one made [`Verdict::into_owned`], or a scanned code's).
impl From<Verdict<'static>> for OwnedVerdict {
    fn from(v: Verdict<'static>) -> OwnedVerdict {
        OwnedVerdict(Held::new(String::new(), |_| v))
    }
}

impl fmt::Debug for OwnedVerdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.verdict().fmt(f)
    }
}

/// Serialises as its verdict does.
#[cfg(feature = "serde")]
impl serde::Serialize for OwnedVerdict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.verdict().serialize(s)
    }
}

/// Judges any text: the one entry point for a wallet holding what its camera read.
///
/// Never panics and always answers: empty text, text over 4,096 bytes (not parsed), plain
/// text, a broken code — each gets a verdict that says what it is and why it is not payable.
///
/// ```
/// use emvqr::{check, CheckOptions, Family, Scheme};
///
/// let now = 1_767_225_600_000; // 2026-01-01T00:00:00Z: the clock is always given
/// let s = "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh62260211855123456780807Testing99170013168733590258463047929";
/// let v = check(s, &CheckOptions::at(now));
/// assert!(v.is_valid());
/// assert_eq!((v.family(), v.scheme()), (Family::EmvMpm, Some(Scheme::Khqr)));
/// let intent = v.intent().unwrap();
/// assert_eq!(intent.payee.name.as_deref(), Some("Jonh Smith"));
///
/// // Plain text is not a payment code.
/// let v = check("hello, world", &CheckOptions::at(now));
/// assert_eq!((v.family(), v.error().map(|e| e.kind())), (Family::Unknown, Some("not_payment_code")));
/// ```
pub fn check<'a>(input: &'a str, opts: &CheckOptions) -> Verdict<'a> {
    undescribed(judge(input, opts, Depth::Verdict), opts)
}

/// Whether a text is payable: `Ok(())`, or the error [`check`] gives it (the first, whatever
/// [`CheckOptions::all_errors`] says). For an EMV code, merchant- or consumer-presented (KHQR
/// and ELQR included, bare or inside a link), no more of the verdict is built than the
/// judgement needs — no warnings, fields, re-encoding or intent — so it is the cheapest
/// judgement, for a caller that only asks whether a code can be paid. (Payment URLs and
/// numeric codes are judged as `check` judges them, and the rest of their verdict dropped.)
///
/// ```
/// use emvqr::{check, verify, CheckOptions};
///
/// let now = CheckOptions::at(1_767_225_600_000);
/// let s = "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh62260211855123456780807Testing99170013168733590258463047929";
/// assert_eq!(verify(s, &now), Ok(()));
/// let broken = s.replace("Jonh", "John"); // the checksum no longer matches
/// assert_eq!(verify(&broken, &now).map_err(|e| e.kind()), Err("crc_mismatch"));
/// assert_eq!(verify(&broken, &now).err().as_ref(), check(&broken, &now).error());
/// ```
///
/// # Errors
/// The first problem that makes the text not payable, as [`Verdict::error`] gives it.
// The problem is returned once, to the caller that asked, not carried up through `?`.
#[allow(clippy::result_large_err)]
pub fn verify(input: &str, opts: &CheckOptions) -> Result<(), Problem> {
    let opts = opts.describe(false).all_errors(false);
    match judge(input, &opts, Depth::Judgement).error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// How much of a verdict to build.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// All of it (what the options ask for).
    Verdict,
    /// Only the family, the scheme and the errors: no warnings and no intent.
    Judgement,
}

/// [`check`], described or not, or only judged.
fn judge<'a>(input: &'a str, opts: &CheckOptions, depth: Depth) -> Verdict<'a> {
    if input.len() > MAX_INPUT_BYTES {
        return too_long(input, input.len());
    }
    let forced = opts.scheme;
    // The root objects are read once, for the family, detection and the intent.
    let mut roots = Roots::unread(input, LengthUnit::Chars);
    roots.read();
    let kind = if input.is_empty() {
        family::Kind::Unknown
    } else {
        family::classify(input, &roots)
    };
    // A forced scheme judges any text by its rules (KHQR's give the official code even to
    // garbage); the family still says what the text looked like.
    let whole = match kind {
        family::Kind::Whole(scheme) => Some(scheme),
        _ => None,
    };
    let family = match (kind, forced) {
        (family::Kind::Cpm, Some(_)) => Family::EmvCpm,
        (family::Kind::Url(_), Some(_)) => Family::PaymentUrl,
        (family::Kind::Code, Some(_)) => Family::PaymentCode,
        (family::Kind::Unknown, Some(_)) => Family::Unknown,
        (family::Kind::Mpm | family::Kind::Whole(_), _) | (family::Kind::Wrapped(_), Some(_)) => {
            Family::EmvMpm
        }
        (_, None) if input.is_empty() => {
            let e = Error::new(ErrorKind::Empty, 0, Path::ROOT);
            return Verdict::refused(Cow::Borrowed(input), Family::Unknown, Problem::emv(e));
        }
        (family::Kind::Cpm, None) => return cpm_verdict(input, opts, depth),
        (family::Kind::Url(kind), None) => return url::verdict(input, kind),
        (family::Kind::Code, None) => return code::verdict(input),
        (family::Kind::Wrapped(w), None) => return wrapped_verdict(input, w, opts, depth),
        (family::Kind::Unknown, None) => {
            let e = Error::new(ErrorKind::NotPaymentCode, 0, Path::ROOT);
            let message = match crate::error::NonEmv::detect(input) {
                Some(crate::error::NonEmv::Url) => {
                    String::from("not a payment code: a URL of no payment form this version reads")
                }
                Some(what) => alloc::format!("not a payment code this version reads: {what}"),
                None => String::from("not a payment code"),
            };
            return Verdict::refused(
                Cow::Borrowed(input),
                Family::Unknown,
                Problem::of(e, message),
            );
        }
    };
    let detection = profile::detect::detect_known(whole, &roots);
    let scheme = forced.or_else(|| detection.primary());
    let detected = forced.map_or(detection, |x| detection.with_primary(x));
    let seen = (&detected, &roots);
    let mut v = match scheme {
        None => scheme_verdict(input, Scheme::Emv, opts, seen, depth),
        Some(s) => match s.desc().engine {
            Engine::Khqr => khqr_verdict(input, opts, seen, depth),
            Engine::Elqr => elqr_verdict(input, opts, &detected, depth),
            Engine::Emv => scheme_verdict(input, s, opts, seen, depth),
        },
    };
    v.family = family;
    if v.scheme.is_none() || forced.is_some() {
        v.scheme = scheme.filter(|_| detection.is_parsed() || forced.is_some());
    }
    if v.schemes.is_empty() && detection.is_parsed() {
        v.schemes = detection.schemes().to_vec();
    }
    v
}

/// [`check`] less the description, when the options ask for none: the fields and the
/// re-encoding that the families' verdicts did not skip themselves.
fn undescribed<'a>(mut v: Verdict<'a>, opts: &CheckOptions) -> Verdict<'a> {
    if !opts.describe {
        v.fields = Vec::new();
        v.reencoded = None;
    }
    v
}

/// The verdict on a text known only by its first bytes and its length, when that length is
/// over the limit of 4,096 bytes: refused unread (`too_long`), its `input` the first 4,096
/// bytes (cut at a character boundary) — what [`check`] answers for the whole text, for a
/// reader that does not keep long lines whole.
pub fn check_too_long(prefix: &[u8], len: usize) -> Verdict<'_> {
    let keep = prefix.get(..MAX_INPUT_BYTES).unwrap_or(prefix);
    let text = match core::str::from_utf8(keep) {
        Ok(s) => s,
        Err(e) => core::str::from_utf8(keep.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
    };
    too_long(text, len)
}

fn too_long(input: &str, len: usize) -> Verdict<'_> {
    let mut cut = input.len().min(MAX_INPUT_BYTES);
    while !input.is_char_boundary(cut) {
        cut -= 1;
    }
    let e = Error::new(ErrorKind::TooLong, MAX_INPUT_BYTES, Path::ROOT);
    let message = alloc::format!(
        "input of {len} bytes is longer than {MAX_INPUT_BYTES} bytes; it was not parsed"
    );
    Verdict::refused(
        Cow::Borrowed(input.get(..cut).unwrap_or("")),
        Family::Unknown,
        Problem::of(e, message),
    )
}

/// [`check`] for bytes that may not be UTF-8: such input gets an `invalid_utf8` verdict (its
/// `input` the lossy text).
pub fn check_bytes<'a>(input: &'a [u8], opts: &CheckOptions) -> Verdict<'a> {
    match core::str::from_utf8(input) {
        Ok(s) => check(s, opts),
        Err(e) => {
            let at = e.valid_up_to();
            let err = Error::new(ErrorKind::InvalidUtf8, at, Path::ROOT);
            let message = alloc::format!("input is not UTF-8 at byte {at}");
            Verdict::refused(
                String::from_utf8_lossy(input),
                Family::Unknown,
                Problem::of(err, message),
            )
        }
    }
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

/// The leaf fields of the text `roots` walked, when the options ask for a description (else
/// none): from the root objects already read when they are all of them, else by a walk.
/// Debug builds walk anyway and compare.
fn leaf_fields<'a>(
    roots: &Roots<'a>,
    unit: LengthUnit,
    check: &CheckOptions,
) -> Vec<(FieldPath, Cow<'a, str>)> {
    let mut out = Vec::new();
    if !check.describe {
        return out;
    }
    let make = |p, v| (FieldPath::Id(p), Cow::Borrowed(v));
    match roots.whole(unit) {
        Some(objects) => {
            out.reserve(roots.src.len() / 8);
            crate::payload::leaves_of(objects, unit, &mut out, &make);
            debug_assert_eq!(out, {
                let mut walked = Vec::new();
                crate::payload::leaves_into(roots.src, unit, &mut walked, make);
                walked
            });
        }
        None => crate::payload::leaves_into(roots.src, unit, &mut out, make),
    }
    out
}

/// The payload written again from its parsed form, which is its own text. The parse took
/// the text as root objects that tile it, each length in the options' unit and the checksum
/// object last and alone, its value verified (every option set a verdict parses with verifies
/// it); the builder writes the same objects with the same lengths, and keeps the checksum's
/// case when it matches. So the text is borrowed instead of written again. Debug builds write
/// it through the builder and compare (the `parse` and `parse_lenient` fuzz targets hold the
/// builder to the same, and every test that checks a payload in a debug build does here).
fn reencode<'a>(p: &Payload<'a>) -> Cow<'a, str> {
    debug_assert!(p.options().verify_checksum);
    debug_assert_eq!(
        {
            let mut out = String::with_capacity(p.as_str().len());
            crate::builder::PayloadBuilder::from(p)
                .write_to(&mut out)
                .map(|()| out)
        }
        .as_deref(),
        Ok(p.as_str())
    );
    Cow::Borrowed(p.as_str())
}

/// The EMV verdict, and the parsed payload when it parses (for the scheme's own rules).
fn parse_verdict<'a>(
    roots: &Roots<'a>,
    opts: ParseOptions,
    scheme: Scheme,
    check: &CheckOptions,
    depth: Depth,
) -> (Verdict<'a>, Option<Payload<'a>>) {
    let input = roots.src;
    let problem = |e: Error| Problem::of_text(e, input, scheme);
    let fields = leaf_fields(roots, opts.unit(), check);
    let all = check.all_errors;
    let mut v = Verdict {
        input: Cow::Borrowed(input),
        family: Family::EmvMpm,
        scheme: None,
        schemes: Vec::new(),
        error: None,
        more: Vec::new(),
        warnings: Vec::new(),
        fields,
        reencoded: None,
        intent: None,
    };
    if depth == Depth::Judgement {
        // The first error only (`verify` asks for no more): the parse's own, collecting
        // nothing.
        return match opts.parse(input) {
            Ok(p) => (v, Some(p)),
            Err(e) => {
                v.error = Some(problem(e));
                (v, None)
            }
        };
    }
    match opts.parse_reporting_spotless(input) {
        Ok((p, warnings)) => {
            v.warnings = warnings.into_iter().map(problem).collect();
            v.reencoded = check.describe.then(|| reencode(&p));
            (v, Some(p))
        }
        Err(report) => {
            let mut errors = report.errors.into_iter();
            if let Some(e) = errors.next() {
                v.error = Some(problem(e));
                if all {
                    v.more = errors.filter(|x| *x != e).map(problem).collect();
                }
            }
            v.warnings = report.warnings.into_iter().map(problem).collect();
            (v, None)
        }
    }
}

/// The verdict under a scheme's rules (EMV's for [`Scheme::Emv`]): the EMV layer with the
/// scheme's options, then its rules, with its payment intent.
fn scheme_verdict<'a>(
    input: &'a str,
    scheme: Scheme,
    check: &CheckOptions,
    (detected, roots): (&profile::Detection, &Roots<'a>),
    depth: Depth,
) -> Verdict<'a> {
    let opts = lenient_or(scheme.desc().options, check.lenient);
    let (mut v, parsed) = parse_verdict(roots, opts, scheme, check, depth);
    let problem = |e: Error| Problem::of_text(e, input, scheme);
    if let Some(p) = parsed {
        let mut broken = crate::sink::Collect::new(check.all_errors);
        let _ = profile::rules::scheme_rules(scheme.desc(), &p, &mut broken);
        let (broken, allowed) = broken.into_parts();
        if depth == Depth::Verdict {
            v.warnings.extend(allowed.into_iter().map(problem));
        }
        let mut broken = broken.into_iter().map(problem);
        if let Some(first) = broken.next() {
            v.error = Some(first);
            v.more = broken.collect();
            v.reencoded = None;
        }
    }
    if depth == Depth::Judgement {
        return v;
    }
    v.intent = PaymentIntent::read_seen(input, opts.unit(), detected, roots);
    if let Some(i) = &v.intent {
        v.warnings.extend(i.warnings.iter().copied().map(problem));
    }
    v
}

/// The verdict of the official KHQR SDK's verify (with its numeric code) at the clock. The
/// SDK's rules have no leniency knobs.
fn khqr_verdict<'a>(
    input: &'a str,
    opts: &CheckOptions,
    (detected, roots): (&profile::Detection, &Roots<'a>),
    depth: Depth,
) -> Verdict<'a> {
    let unit = Scheme::Khqr.desc().options.unit();
    let fields = leaf_fields(roots, unit, opts);
    let verdict = crate::profile::khqr::verify_at(input, opts.now_ms);
    let (error, reencoded) = match verdict {
        Ok(_) if !opts.describe => (None, None),
        // A valid code is its own re-encoding, as every valid verdict's is. Some the SDK
        // accepts no EMV parse takes (a length written " 2", a country of three letters):
        // they are valid all the same.
        Ok(_) => (None, Some(Cow::Borrowed(input))),
        Err(e) => (Some(Problem::khqr(&e)), None),
    };
    Verdict {
        input: Cow::Borrowed(input),
        family: Family::EmvMpm,
        scheme: Some(Scheme::Khqr),
        schemes: Vec::new(),
        error,
        more: Vec::new(),
        warnings: Vec::new(),
        fields,
        reencoded,
        intent: match depth {
            Depth::Verdict => PaymentIntent::read_seen(input, unit, detected, roots),
            Depth::Judgement => None,
        },
    }
}

/// The verdict on an EMV payload inside a URL or deep link: the payload judged as usual,
/// the wrapper kept as the input. Offsets are in the (percent-decoded) payload; a valid
/// payload that re-encodes to itself re-encodes the whole input.
fn wrapped_verdict<'a>(
    input: &'a str,
    w: family::Wrapped<'a>,
    opts: &CheckOptions,
    depth: Depth,
) -> Verdict<'a> {
    let inner = match &w.payload {
        Cow::Borrowed(p) => judge(p, opts, depth),
        Cow::Owned(p) => judge(p, opts, depth).into_owned(),
    };
    let same = inner.reencoded() == Some(w.payload.as_ref());
    let mut v = inner;
    v.input = Cow::Borrowed(input);
    v.reencoded = same.then_some(Cow::Borrowed(input));
    v
}

/// The verdict on a consumer-presented code: its own BER-TLV rules (the family is decided
/// before any scheme, so a forced scheme does not apply), the schemes its applications name,
/// and an intent that names the payer. The fields and the re-encoding when the options ask for
/// a description, the warnings and the intent at the verdict's depth.
fn cpm_verdict<'a>(input: &'a str, opts: &CheckOptions, depth: Depth) -> Verdict<'a> {
    use crate::cpm::{self, CpmOptions};
    let options = CpmOptions::new().lenient(opts.lenient);
    let whole = depth == Depth::Verdict;
    let described = whole && opts.describe;
    let text = |(k, v): (String, String)| (FieldPath::Text(Cow::Owned(k)), Cow::Owned(v));
    let mut v = Verdict::new(Cow::Borrowed(input), Family::EmvCpm);
    match options.decode(input) {
        Ok(c) => {
            v.schemes = c.networks().into_iter().map(|n| n.scheme()).collect();
            v.scheme = v.schemes.first().copied();
            if whole {
                v.warnings = c.warnings().iter().map(Problem::cpm).collect();
                let mut intent = PaymentIntent::new();
                intent.scheme = v.scheme;
                intent.payer = Some(crate::intent::Payer {
                    network: v.scheme,
                    masked_pan: c.masked_pan().map(Cow::Owned),
                });
                v.intent = Some(intent);
            }
            if described {
                let fields = c.fields();
                // A code that needed no leniency re-encodes to its text (the `cpm` fuzz
                // target holds `reencode` to that; debug builds compare here).
                v.reencoded = if c.warnings().is_empty() {
                    debug_assert_eq!(c.reencode_fields(&fields).as_deref(), Ok(input));
                    Some(Cow::Borrowed(input))
                } else {
                    c.reencode_fields(&fields).ok().map(Cow::Owned)
                };
                v.fields = fields.into_iter().map(text).collect();
            }
        }
        Err(e) => {
            v.error = Some(Problem::cpm(&e));
            if described {
                v.fields = cpm::leaf_fields(input, &options)
                    .into_iter()
                    .map(text)
                    .collect();
            }
        }
    }
    v
}

/// The verdict on an ELQR link or payload under ELQR rules: the fields and the re-encoding
/// when the options ask for a description, the warnings and the intent at the verdict's depth.
fn elqr_verdict<'a>(
    input: &'a str,
    opts: &CheckOptions,
    detected: &profile::Detection,
    depth: Depth,
) -> Verdict<'a> {
    use crate::profile::elqr::{self, ElqrOptions};
    let options = if opts.lenient {
        ElqrOptions::lenient()
    } else {
        ElqrOptions::new()
    };
    let whole = depth == Depth::Verdict;
    let described = whole && opts.describe;
    let i = elqr::inspect(input, options, described);
    let known = i.payload.is_some() || i.link;
    let problem = |e: &Error| Problem::of(*e, elqr::message(e));
    fn fields(p: &str, described: bool) -> Vec<(FieldPath, &str)> {
        if !described {
            return Vec::new();
        }
        elqr::leaf_fields(p)
            .into_iter()
            .map(|(k, v)| (FieldPath::Id(k), v))
            .collect()
    }
    fn intent<'p>(
        p: &'p str,
        detected: &profile::Detection,
        whole: bool,
    ) -> Option<PaymentIntent<'p>> {
        whole
            .then(|| PaymentIntent::read_detected(p, elqr::LENGTH_UNIT, detected))
            .flatten()
    }
    let (fields, intent) = match &i.payload {
        Some(Cow::Borrowed(p)) => (
            fields(p, described)
                .into_iter()
                .map(|(k, v)| (k, Cow::Borrowed(v)))
                .collect(),
            intent(p, detected, whole),
        ),
        Some(Cow::Owned(p)) => (
            fields(p, described)
                .into_iter()
                .map(|(k, v)| (k, Cow::Owned(String::from(v))))
                .collect(),
            intent(p, detected, whole).map(PaymentIntent::into_owned),
        ),
        None => (Vec::new(), None),
    };
    Verdict {
        input: Cow::Borrowed(input),
        family: Family::EmvMpm,
        scheme: known.then_some(Scheme::Elqr),
        schemes: if known {
            alloc::vec![Scheme::Elqr]
        } else {
            Vec::new()
        },
        error: i.error.as_ref().map(problem),
        more: if opts.all_errors {
            options
                .validate_all(input)
                .errors
                .iter()
                .filter(|e| Some(*e) != i.error.as_ref())
                .map(problem)
                .collect()
        } else {
            Vec::new()
        },
        warnings: if whole {
            i.warnings.iter().map(problem).collect()
        } else {
            Vec::new()
        },
        fields,
        reencoded: i.reencoded.map(Cow::Borrowed),
        intent,
    }
}

/// The message of an error of a text read as a scheme: what, in which field (the scheme's
/// name for it), where, and what was expected (the offending character, the limit the
/// scheme's rule or the EMV table gives).
fn describe(e: &Error, input: &str, scheme: Scheme) -> String {
    use core::fmt::Write;
    let mut m = String::with_capacity(96);
    let _ = write!(m, "{}", e.kind());
    let path = e.path();
    let ids = path.ids();
    let name = if ids.is_empty() {
        ""
    } else {
        scheme.field_name(ids)
    };
    // Written piece by piece: a verdict with warnings builds one message per warning.
    if !name.is_empty() {
        m.push_str(" in ");
        m.push_str(name);
    }
    m.push_str(" at byte ");
    crate::text::push_decimal(&mut m, u64::try_from(e.offset()).unwrap_or(u64::MAX));
    if !ids.is_empty() {
        m.push_str(" (");
        m.push_str(path.text(&mut [0; 11]));
        m.push(')');
    }
    let offending = matches!(
        e.kind(),
        ErrorKind::InvalidCharacter | ErrorKind::NonAscii | ErrorKind::NotNumeric
    );
    let found = input
        .get(e.offset()..)
        .and_then(|rest| rest.chars().next())
        .filter(|_| offending);
    if let Some(c) = found {
        let _ = write!(m, ": {c:?} (U+{:04X})", u32::from(c));
    }
    let limit = crate::field::field(ids)
        .filter(|_| matches!(ids.first(), Some(52..=64)))
        .filter(|_| matches!(e.kind(), ErrorKind::ValueTooLong | ErrorKind::WrongLength));
    match (e.expected(), limit) {
        (Some(what), _) => {
            let _ = write!(
                m,
                "{} expected {what}",
                if found.is_some() { ";" } else { ":" }
            );
        }
        (None, Some(f)) if f.min == f.max => {
            let _ = write!(m, ": expected exactly {} characters", f.max);
        }
        (None, Some(f)) => {
            let _ = write!(m, ": expected at most {} characters", f.max);
        }
        (None, None) => {}
    }
    m
}

#[cfg(feature = "serde")]
mod ser {
    use super::*;
    use serde::ser::{SerializeMap, SerializeStruct};
    use serde::{Serialize, Serializer};

    impl Serialize for Family {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(self.id())
        }
    }

    impl Serialize for FieldPath {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                FieldPath::Id(p) => p.serialize(s),
                FieldPath::Text(t) => s.serialize_str(t),
            }
        }
    }

    /// `{"kind", "offset", "path", "message"}`, plus `"khqr_code"` and `"khqr_key"` for KHQR
    /// and `"base64_offset"` for a consumer-presented code.
    impl Serialize for Problem {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let n = 4
                + 2 * usize::from(self.khqr.is_some())
                + usize::from(self.base64_offset.is_some());
            let mut m = s.serialize_struct("Problem", n)?;
            m.serialize_field("kind", self.kind())?;
            m.serialize_field("offset", &self.offset())?;
            m.serialize_field("path", &self.path)?;
            m.serialize_field("message", &self.message)?;
            match self.base64_offset {
                Some(b) => m.serialize_field("base64_offset", &b)?,
                None => m.skip_field("base64_offset")?,
            }
            if let Some(c) = self.khqr {
                m.serialize_field("khqr_code", &c.number())?;
                m.serialize_field("khqr_key", c.key())?;
            } else {
                m.skip_field("khqr_code")?;
                m.skip_field("khqr_key")?;
            }
            m.end()
        }
    }

    struct Fields<'r, 'a>(&'r [(FieldPath, Cow<'a, str>)]);

    impl Serialize for Fields<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    /// Exactly the object `emvqr decode --json` prints for the input.
    impl Serialize for Verdict<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("Verdict", 10)?;
            m.serialize_field("input", &self.input)?;
            m.serialize_field("valid", &self.is_valid())?;
            m.serialize_field("family", &self.family)?;
            m.serialize_field("scheme", &self.scheme)?;
            m.serialize_field("schemes", &self.schemes)?;
            m.serialize_field("error", &self.error)?;
            m.serialize_field("warnings", &self.warnings)?;
            m.serialize_field("fields", &Fields(&self.fields))?;
            m.serialize_field("reencoded", &self.reencoded)?;
            m.serialize_field("intent", &self.intent)?;
            m.end()
        }
    }
}
