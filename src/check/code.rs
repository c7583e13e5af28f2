//! Numeric consumer payment codes: the 16 to 32 digits a payer's wallet shows as a barcode or
//! QR code for a merchant to scan (Alipay+, AlipayCN and AlipayHK, WeChat Pay). They name the
//! payer, never a merchant to pay: the verdict's intent has a payer and no payee. The forms,
//! from Alipay+'s published code formats and the wallets' documented prefixes:
//!
//! | form | digits | scheme | parts |
//! |---|---|---|---|
//! | CGCP (`(2[5-9]\|30)` + a digit + `010` + …) | 16–32 | `alipayplus` | `routing`: the 3 digits after `010` |
//! | Alipay+ | 24, starting 2 | `alipayplus` | `code_issuer` (6), `business_type` (2), `user` (16) |
//! | Alipay+ 19-digit (`289…6…`) | 19 | `alipayplus` | — |
//! | WeChat Pay | 18, starting 10–15 | `wechatpay` | — |
//! | AlipayCN / AlipayHK | 16–24, starting 25–30 | `alipay` | — |

use alloc::borrow::Cow;
use alloc::string::String;

use super::{FieldPath, Problem, Verdict};
use crate::error::{Error, ErrorKind, Path};
use crate::intent::{Payer, PaymentIntent};
use crate::profile::Scheme;

/// A form of numeric payment code, with the parts it defines (name, start, end).
struct Form {
    name: &'static str,
    scheme: Scheme,
    parts: &'static [(&'static str, usize, usize)],
}

/// The digits at `range` of `s`, as a number.
fn num(s: &str, from: usize, to: usize) -> Option<u32> {
    s.get(from..to)?.parse().ok()
}

/// The form of a string of 16 to 32 digits.
fn form(s: &str) -> Option<Form> {
    let n = s.len();
    let prefix = num(s, 0, 2)?;
    let cgcp = (25..=30).contains(&prefix) && s.get(3..6) == Some("010");
    if cgcp {
        return Some(Form {
            name: "cgcp",
            scheme: Scheme::AlipayPlus,
            parts: &[("routing", 6, 9)],
        });
    }
    if n == 24 && s.starts_with('2') {
        return Some(Form {
            name: "alipayplus",
            scheme: Scheme::AlipayPlus,
            parts: &[
                ("code_issuer", 0, 6),
                ("business_type", 6, 8),
                ("user", 8, 24),
            ],
        });
    }
    if n == 19 && s.starts_with("289") && s.get(13..14) == Some("6") {
        return Some(Form {
            name: "alipayplus-19",
            scheme: Scheme::AlipayPlus,
            parts: &[],
        });
    }
    if n == 18 && (10..=15).contains(&prefix) {
        return Some(Form {
            name: "wechatpay",
            scheme: Scheme::WeChatPay,
            parts: &[],
        });
    }
    if (16..=24).contains(&n) && (25..=30).contains(&prefix) {
        return Some(Form {
            name: "alipay",
            scheme: Scheme::Alipay,
            parts: &[],
        });
    }
    None
}

/// The verdict on a string of 16 to 32 digits that is not an EMV payload.
pub(super) fn verdict(input: &str) -> Verdict<'_> {
    let mut v = Verdict::new(Cow::Borrowed(input), super::Family::PaymentCode);
    let Some(f) = form(input) else {
        let e = Error::new(ErrorKind::InvalidValue, 0, Path::ROOT);
        v.error = Some(Problem::of(
            e,
            String::from("16 to 32 digits of no known payment code form"),
        ));
        return v;
    };
    let text = |k: &str| FieldPath::Text(Cow::Owned(String::from(k)));
    v.fields.push((text("form"), Cow::Borrowed(f.name)));
    for (name, from, to) in f.parts {
        if let Some(part) = input.get(*from..*to) {
            v.fields.push((text(name), Cow::Borrowed(part)));
        }
    }
    v.scheme = Some(f.scheme);
    v.schemes = alloc::vec![f.scheme];
    let mut i = PaymentIntent::new();
    i.scheme = Some(f.scheme);
    i.payer = Some(Payer {
        network: Some(f.scheme),
        masked_pan: None,
    });
    v.intent = Some(i);
    v.reencoded = Some(Cow::Borrowed(input));
    v
}
