//! Everything the verdict reports about an ELQR text: fields, messages.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Path, Warning};

use super::*;

/// Everything `emvqr decode` reports about an ELQR text, valid or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inspection<'a> {
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
    /// For a valid code, when asked for, its re-encoding: the input itself, which
    /// [`Elqr::reencode`] gives back for every code the rules accept, strict or lenient
    /// (debug builds write it and compare; the `elqr_link` fuzz target holds it to that).
    pub reencoded: Option<&'a str>,
}

/// Inspects an ELQR link or payload: verdict, first error, warnings with offsets and, with
/// `reencode`, the re-encoding of a valid code.
pub(crate) fn inspect(input: &str, options: ElqrOptions, reencode: bool) -> Inspection<'_> {
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
                reencoded: None,
            }
        }
    };
    let (error, warnings, reencoded) = match options.parse(input) {
        Ok(code) => (
            None,
            code.warning_details(),
            reencode.then(|| {
                debug_assert_eq!(code.reencode(), input);
                input
            }),
        ),
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
    field(path.ids()).map(|f| f.name)
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
