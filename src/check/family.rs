//! Which kind of code a text is, decided before any scheme's rules, in a fixed order:
//!
//! 1. an EMV consumer-presented code: base64 whose bytes start with tag `85`;
//! 2. an ELQR link or payload (EMV merchant-presented, with its own engine);
//! 3. an EMV merchant-presented payload wrapped in a URL or a bank's deep link (a path
//!    segment or a query value starting `000201`): unwrapped, judged as usual;
//! 4. a payment URL of a known form (Alipay, WeChat Pay, UnionPay, UPI, TWQRP, Alipay+);
//! 5. any other URL: unknown;
//! 6. a numeric consumer payment code: 16 to 32 digits, not starting `00`, that do not read
//!    as an EMV payload;
//! 7. an EMV merchant-presented payload: it starts with `00`, or a data object can be read;
//! 8. anything else: unknown.
//!
//! Only step 3 may allocate (a percent-encoded wrapped payload is decoded).

use alloc::borrow::Cow;

use super::url::{self, UrlKind};
use crate::profile::detect::Roots;
use crate::profile::Scheme;

/// What [`classify`] found.
pub(super) enum Kind<'a> {
    /// An EMV consumer-presented code.
    Cpm,
    /// An EMV merchant-presented payload.
    Mpm,
    /// A code a scheme recognises from its whole text (an ELQR link or payload: its engine
    /// reads the link).
    Whole(Scheme),
    /// An EMV merchant-presented payload inside a URL or deep link.
    Wrapped(Wrapped<'a>),
    /// A payment URL of a known form.
    Url(UrlKind),
    /// A numeric consumer payment code.
    Code,
    /// Not a payment code this crate reads.
    Unknown,
}

/// An EMV payload inside a URL.
pub(super) struct Wrapped<'a> {
    /// The payload, percent-decoded.
    pub(super) payload: Cow<'a, str>,
}

/// Classifies a non-empty text of at most 4,096 bytes; `roots`: its root objects as detection
/// reads them.
pub(super) fn classify<'a>(input: &'a str, roots: &Roots<'a>) -> Kind<'a> {
    if crate::cpm::looks_like_cpm(input) {
        return Kind::Cpm;
    }
    if let Some(scheme) = crate::profile::detect::text_scheme(input, roots) {
        return Kind::Whole(scheme);
    }
    if let Some(u) = url::recognise(input) {
        return Kind::Url(u);
    }
    if crate::text::url_scheme(input).is_some() {
        return match wrapped(input) {
            Some(w) => Kind::Wrapped(w),
            None => Kind::Unknown,
        };
    }
    // Payment codes start with their issuer's prefix (10–30); EMV payloads with `00`.
    let digits = input.bytes().all(|b| b.is_ascii_digit()) && !input.starts_with("00");
    if digits
        && (16..=32).contains(&input.len())
        && crate::options::ParseOptions::lenient()
            .parse(input)
            .is_err()
    {
        return Kind::Code;
    }
    let readable = || {
        crate::tlv::Tlvs::new(input)
            .next()
            .is_some_and(|t| t.is_ok())
    };
    if input.starts_with("00") || readable() {
        Kind::Mpm
    } else {
        Kind::Unknown
    }
}

/// An EMV payload in a URL: a path segment or a query value that starts with `000201`
/// (`https://app.paynet.uz/qr-online/000201…`, `qpaywallet://q?qPay_QRcode=000201…`), up to
/// the end of the value (`&`, `#` or the end of the text). Percent-escapes are decoded.
fn wrapped(input: &str) -> Option<Wrapped<'_>> {
    let start = input
        .match_indices("000201")
        .map(|(i, _)| i)
        .find(|&i| i > 0 && matches!(input.as_bytes().get(i - 1), Some(b'/' | b'=')))?;
    let rest = input.get(start..)?;
    let end = rest.find(['&', '#']).map_or(input.len(), |n| start + n);
    let raw = input.get(start..end)?;
    let payload = crate::text::percent_decode(raw).ok()?;
    Some(Wrapped { payload })
}
