//! Payment URLs that are not EMV: Alipay, WeChat Pay and UnionPay merchant URLs, UPI deep
//! links, Taiwan's TWQRP URLs and Alipay+ merchant codes (`…/MPM/3/<base64url>`). Schemes and
//! hosts compare ignoring case; offsets are in the text as given (for a TWQRP URL that came
//! percent-encoded as a whole, in the decoded text).

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::{FieldPath, Problem, Verdict};
use crate::error::{Error, ErrorKind};
use crate::intent::{PaymentIntent, Route};
use crate::profile::rules::{digits, starts_ci};
use crate::profile::Scheme;

/// A known payment URL form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlKind {
    /// `https://qr.alipay.com/<code>`.
    Alipay,
    /// `wxp://<code>` or `weixin://wxpay/bizpayurl?pr=<code>`.
    WeChatPay,
    /// `https://qr.95516.com/<path>`.
    UnionPay,
    /// `upi://pay?pa=…&pn=…&am=…`.
    Upi,
    /// `TWQRP://<name>/158/<type>/V1?D1=…`, possibly percent-encoded as a whole.
    Twqrp,
    /// `https://<host>/MPM/3/<base64url>`.
    AlipayPlus,
}

impl UrlKind {
    /// The scheme of the registry the URL belongs to.
    fn scheme(self) -> Scheme {
        match self {
            UrlKind::Alipay => Scheme::Alipay,
            UrlKind::WeChatPay => Scheme::WeChatPay,
            UrlKind::UnionPay => Scheme::UnionPay,
            UrlKind::Upi => Scheme::Upi,
            UrlKind::Twqrp => Scheme::TwQr,
            UrlKind::AlipayPlus => Scheme::AlipayPlus,
        }
    }
}

/// The form of a payment URL, if it has one this crate reads.
pub(super) fn recognise(s: &str) -> Option<UrlKind> {
    let after_host = |host: &str| {
        ["https://", "http://"].iter().any(|sch| {
            starts_ci(s, sch)
                && s.get(sch.len()..).is_some_and(|rest| {
                    starts_ci(rest, host) && rest.as_bytes().get(host.len()) == Some(&b'/')
                })
        })
    };
    if after_host("qr.alipay.com") {
        Some(UrlKind::Alipay)
    } else if starts_ci(s, "wxp://") || starts_ci(s, "weixin://wxpay/bizpayurl?") {
        Some(UrlKind::WeChatPay)
    } else if after_host("qr.95516.com") {
        Some(UrlKind::UnionPay)
    } else if starts_ci(s, "upi://pay") {
        Some(UrlKind::Upi)
    } else if starts_ci(s, "twqrp://") || starts_ci(s, "twqrp%3a%2f%2f") {
        Some(UrlKind::Twqrp)
    } else if (starts_ci(s, "https://") || starts_ci(s, "http://")) && mpm3(s).is_some() {
        Some(UrlKind::AlipayPlus)
    } else {
        None
    }
}

/// The base64url body of an Alipay+ merchant code: what follows `/MPM/3/` after the host.
fn mpm3(s: &str) -> Option<(usize, &str)> {
    let scheme_end = s.find("://")? + 3;
    let path = s.get(scheme_end..)?.find('/')? + scheme_end;
    let rest = s.get(path..)?;
    starts_ci(rest, "/MPM/3/").then(|| {
        let at = path + 7;
        (at, s.get(at..).unwrap_or(""))
    })
}

/// A verdict for the family with nothing filled in yet.
fn empty(input: &str, scheme: Scheme) -> Verdict<'_> {
    Verdict {
        scheme: Some(scheme),
        schemes: alloc::vec![scheme],
        ..Verdict::new(Cow::Borrowed(input), super::Family::PaymentUrl)
    }
}

/// A problem about a named part of a URL.
fn problem(kind: ErrorKind, offset: usize, part: &str, message: String) -> Problem {
    let e = Error::new(kind, offset, crate::error::Path::ROOT);
    let mut p = Problem::of(e, message);
    p.path = FieldPath::Text(Cow::Owned(String::from(part)));
    p
}

fn field<'a>(name: &str, value: impl Into<Cow<'a, str>>) -> (FieldPath, Cow<'a, str>) {
    (
        FieldPath::Text(Cow::Owned(String::from(name))),
        value.into(),
    )
}

/// The verdict on a payment URL of a known form.
pub(super) fn verdict(input: &str, kind: UrlKind) -> Verdict<'_> {
    let mut v = empty(input, kind.scheme());
    match kind {
        UrlKind::Alipay | UrlKind::UnionPay => {
            let start = input.find("://").map_or(0, |i| i + 3);
            let path = input
                .get(start..)
                .and_then(|r| r.find('/').map(|i| start + i + 1))
                .unwrap_or(input.len());
            let code = input.get(path..).unwrap_or("");
            let name = if kind == UrlKind::Alipay {
                "code"
            } else {
                "path"
            };
            v.fields.push(field(name, code));
            if code.is_empty() {
                v.error = Some(problem(
                    ErrorKind::Missing,
                    path,
                    name,
                    alloc::format!("the URL has no merchant {name} after its host"),
                ));
            }
            v.intent = Some(route_intent(kind.scheme(), name, code));
        }
        UrlKind::WeChatPay => {
            let (name, at) = match input.find("pr=") {
                Some(i) if starts_ci(input, "weixin://") => ("pr", i + 3),
                _ => ("code", input.find("://").map_or(0, |i| i + 3)),
            };
            let rest = input.get(at..).unwrap_or("");
            let code = rest.split('&').next().unwrap_or("");
            v.fields.push(field(name, code));
            if code.is_empty() {
                v.error = Some(problem(
                    ErrorKind::Missing,
                    at,
                    name,
                    String::from("the WeChat Pay URL has no payment code"),
                ));
            }
            v.intent = Some(route_intent(Scheme::WeChatPay, name, code));
        }
        UrlKind::Upi => upi(input, &mut v),
        UrlKind::Twqrp => twqrp(input, &mut v),
        UrlKind::AlipayPlus => alipay_plus(input, &mut v),
    }
    if v.error.is_none() {
        v.reencoded = Some(Cow::Borrowed(input));
    }
    v
}

/// An intent with one route of `scheme` holding one named value.
fn route_intent<'a>(scheme: Scheme, key: &'static str, value: &'a str) -> PaymentIntent<'a> {
    let mut i = PaymentIntent::new();
    i.scheme = Some(scheme);
    i.routes
        .push(Route::new(Some(scheme), 0, None).with(key, value));
    i
}

/// The query parameters of a URL: name, value as written, value decoded, offset of the value.
fn query(input: &str) -> Vec<(&str, &str, Cow<'_, str>, usize)> {
    let Some(q) = input.find('?') else {
        return Vec::new();
    };
    let mut at = q + 1;
    let mut out = Vec::new();
    for part in input.get(at..).unwrap_or("").split('&') {
        let (name, raw) = part.split_once('=').unwrap_or((part, ""));
        let value_at = at + name.len() + usize::from(part.contains('='));
        let decoded = crate::text::percent_decode(raw).unwrap_or(Cow::Borrowed(raw));
        if !name.is_empty() {
            out.push((name, raw, decoded, value_at));
        }
        at += part.len() + 1;
    }
    out
}

/// UPI deep links (NPCI's linking specification): `pa` payee VPA (`name@psp`, required),
/// `pn` payee name, `am` amount (a decimal), `cu` currency (INR), `tn` note, `tr` reference.
fn upi<'a>(input: &'a str, v: &mut Verdict<'a>) {
    let params = query(input);
    let get = |n: &str| params.iter().find(|p| p.0.eq_ignore_ascii_case(n));
    for (name, _, value, _) in &params {
        v.fields.push(field(name, value.clone()));
    }
    let mut intent = PaymentIntent::new();
    intent.scheme = Some(Scheme::Upi);
    intent.country = Some(Cow::Borrowed("IN"));
    let currency = get("cu").map_or(Cow::Borrowed("INR"), |p| p.2.clone());
    if let Some(c) = crate::currency::Currency::from_alpha(&currency) {
        intent.set_currency_numeric(c.numeric);
    }
    intent.payee.name = get("pn").map(|p| p.2.clone());
    intent.references.purpose = get("tn").map(|p| p.2.clone());
    intent.references.reference_label = get("tr").map(|p| p.2.clone());
    let query_at = input.find('?').map_or(input.len(), |i| i + 1);
    let mut errors = Vec::new();
    match get("pa") {
        None => errors.push(problem(
            ErrorKind::Missing,
            query_at,
            "pa",
            String::from("the UPI link has no payee address (pa)"),
        )),
        Some((_, _, vpa, at)) => {
            let ok = vpa.split('@').count() == 2 && !vpa.starts_with('@') && !vpa.ends_with('@');
            if !ok {
                errors.push(problem(
                    ErrorKind::InvalidValue,
                    *at,
                    "pa",
                    alloc::format!(
                        "invalid value in pa at byte {at}: {vpa:?}; expected a payee address name@psp"
                    ),
                ));
            }
            intent
                .routes
                .push(Route::new(Some(Scheme::Upi), 0, None).with("vpa", vpa.clone()));
        }
    }
    if let Some((_, _, am, at)) = get("am") {
        if crate::validate::amount_ok(am) {
            intent.set_amount(am.clone(), *at);
        } else {
            errors.push(problem(
                ErrorKind::InvalidAmount,
                *at,
                "am",
                alloc::format!(
                    "invalid amount in am at byte {at}: {am:?}; expected a decimal number"
                ),
            ));
        }
    }
    intent.dynamic = get("tr").is_some();
    v.intent = Some(intent);
    let mut errors = errors.into_iter();
    v.error = errors.next();
    v.more = errors.collect();
}

/// TWQRP URLs (Taiwan, FISC): `TWQRP://<name>/<country 158>/<type 01 purchase, 02 transfer,
/// 03 bill>/<version V1>?D1=<amount × 100>&D3=<check>&D10=<currency 901>&D11=…&D12=<expiry
/// YYYYMMDDhhmmss, Taiwan time>`; often percent-encoded as a whole. The name writes spaces as
/// `+`.
fn twqrp<'a>(input: &'a str, v: &mut Verdict<'a>) {
    let text: Cow<'a, str> = if starts_ci(input, "twqrp%3a") {
        crate::text::percent_decode(input).unwrap_or(Cow::Borrowed(input))
    } else {
        Cow::Borrowed(input)
    };
    let after = text.find("://").map_or(0, |i| i + 3);
    let path_end = text.find('?').unwrap_or(text.len());
    let path = text.get(after..path_end).unwrap_or("");
    let mut parts = path.split('/');
    let name = parts.next().unwrap_or("").replace('+', " ");
    let country = parts.next().unwrap_or("");
    let kind = parts.next().unwrap_or("");
    let version = parts.next().unwrap_or("");
    let owned = |s: &str| Cow::Owned(String::from(s));
    v.fields.push(field("name", owned(&name)));
    v.fields.push(field("country", owned(country)));
    v.fields.push(field("type", owned(kind)));
    v.fields.push(field("version", owned(version)));
    let params = query(&text);
    for (n, _, value, _) in &params {
        v.fields.push(field(n, owned(value)));
    }
    let get = |n: &str| params.iter().find(|p| p.0.eq_ignore_ascii_case(n));
    let mut i = PaymentIntent::new();
    i.scheme = Some(Scheme::TwQr);
    i.country = Some(Cow::Borrowed("TW"));
    i.payee.name = Some(owned(&name));
    i.set_currency_numeric("901");
    let mut errors = Vec::new();
    let after_name = after + path.find('/').unwrap_or(path.len()) + 1;
    if country != "158" {
        errors.push(problem(
            ErrorKind::InvalidValue,
            after_name,
            "country",
            alloc::format!("invalid country {country:?}; expected 158 (Taiwan)"),
        ));
    }
    if !matches!(kind, "01" | "02" | "03") {
        errors.push(problem(
            ErrorKind::InvalidValue,
            after_name + country.len() + 1,
            "type",
            alloc::format!("invalid type {kind:?}; expected 01, 02 or 03"),
        ));
    }
    if let Some((_, _, d1, at)) = get("D1") {
        match d1.parse::<u64>() {
            Ok(minor) if digits(d1) => {
                i.amount_minor = Some(minor);
                i.amount = Some(Cow::Owned(crate::currency::format_minor(minor, 2)));
                i.amount_editable = false;
            }
            _ => errors.push(problem(
                ErrorKind::InvalidAmount,
                *at,
                "D1",
                alloc::format!("invalid amount {d1:?}; expected digits (the amount times 100)"),
            )),
        }
    }
    if let Some((_, _, d10, at)) = get("D10") {
        if d10.as_ref() != "901" {
            errors.push(problem(
                ErrorKind::InvalidValue,
                *at,
                "D10",
                alloc::format!("invalid currency {d10:?}; expected 901 (TWD)"),
            ));
        }
    }
    if let Some((_, _, d12, at)) = get("D12") {
        let stamp = d12
            .get(2..)
            .filter(|_| d12.len() == 14 && d12.starts_with("20"))
            .and_then(crate::time::parse_yymmddhhmmss)
            .and_then(|t| t.to_epoch_ms(crate::time::UTC_PLUS_8));
        match stamp {
            Some(ms) => i.expires_at_ms = Some(ms),
            None => errors.push(problem(
                ErrorKind::InvalidValue,
                *at,
                "D12",
                alloc::format!("invalid expiry {d12:?}; expected YYYYMMDDhhmmss"),
            )),
        }
    }
    i.dynamic = get("D1").is_some();
    v.intent = Some(i.into_owned());
    let mut errors = errors.into_iter();
    v.error = errors.next();
    v.more = errors.collect();
}

/// Alipay+ merchant codes: `…/MPM/3/<base64url>`, the body a tree of data objects with
/// four-character IDs and three-digit lengths (`GPLD` the platform header holding `PLVS` the
/// version, `CDSD` {`01` platform, `02` merchant ID}, `CIRD` {`01` issuer, `02`, `03`
/// mini-program}); inside `CDSD` and `CIRD`, two-digit IDs and lengths.
fn alipay_plus<'a>(input: &'a str, v: &mut Verdict<'a>) {
    let Some((at, body)) = mpm3(input) else {
        return;
    };
    let mut bytes = Vec::new();
    let decoded = crate::cpm::base64::decode(body, true, &mut bytes, &mut |_| {})
        .ok()
        .and_then(|()| String::from_utf8(bytes).ok());
    let Some(text) = decoded else {
        v.error = Some(problem(
            ErrorKind::InvalidValue,
            at,
            "body",
            String::from("the Alipay+ code's body is not base64url text"),
        ));
        return;
    };
    let mut leaves: Vec<(String, String)> = Vec::new();
    let header = match tlv4(&text).next() {
        Some(Ok(("GPLD", inner))) => inner,
        _ => {
            v.error = Some(problem(
                ErrorKind::Missing,
                at,
                "GPLD",
                String::from("the Alipay+ code's body does not start with its header GPLD"),
            ));
            return;
        }
    };
    for obj in tlv4(header) {
        let Ok((id, value)) = obj else {
            v.error = Some(problem(
                ErrorKind::Truncated,
                at,
                "GPLD",
                String::from("the Alipay+ code's header runs past its end"),
            ));
            return;
        };
        match id {
            "CDSD" | "CIRD" => {
                for sub in crate::tlv::Tlvs::new(value) {
                    match sub {
                        Ok(t) => leaves
                            .push((alloc::format!("{id}.{}", t.id()), String::from(t.value()))),
                        Err(_) => {
                            leaves.push((String::from(id), String::from(value)));
                            break;
                        }
                    }
                }
            }
            _ => leaves.push((String::from(id), String::from(value))),
        }
    }
    let merchant = leaves
        .iter()
        .find(|(k, _)| k == "CDSD.02")
        .map(|(_, m)| m.clone());
    let platform = leaves
        .iter()
        .find(|(k, _)| k == "CDSD.01")
        .map(|(_, m)| m.clone());
    let mut intent = PaymentIntent::new();
    intent.scheme = Some(Scheme::AlipayPlus);
    let mut route = Route::new(Some(Scheme::AlipayPlus), 0, None);
    if let Some(m) = &merchant {
        route = route.with("merchant_id", m.clone());
    }
    if let Some(p) = platform {
        route = route.with("platform", p);
    }
    intent.routes.push(route);
    v.intent = Some(intent);
    v.fields = leaves
        .into_iter()
        .map(|(k, val)| (FieldPath::Text(Cow::Owned(k)), Cow::Owned(val)))
        .collect();
    if merchant.is_none() {
        v.error = Some(problem(
            ErrorKind::Missing,
            at,
            "CDSD.02",
            String::from("the Alipay+ code names no merchant (CDSD.02)"),
        ));
    }
}

/// Data objects with four-character IDs and three-digit lengths (lengths count bytes; the
/// body is ASCII).
fn tlv4(s: &str) -> impl Iterator<Item = Result<(&str, &str), ()>> + '_ {
    let mut rest = s;
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let head = rest.get(..7)?;
        let id = head.get(..4)?;
        let len: usize = match head.get(4..).map(str::parse) {
            Some(Ok(n)) => n,
            _ => {
                rest = "";
                return Some(Err(()));
            }
        };
        let Some(value) = rest.get(7..7 + len) else {
            rest = "";
            return Some(Err(()));
        };
        rest = rest.get(7 + len..).unwrap_or("");
        Some(Ok((id, value)))
    })
}
