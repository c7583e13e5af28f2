//! Small shared pieces of the scheme rules: a sink for rule violations, GUI matching,
//! digit and Luhn checks, lookups of merchant account templates.

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::scheme::{CountryRule, Desc, Gui};
use crate::template::{MerchantAccount, Template};
use crate::tlv::{Id, Tlv};

pub(crate) use crate::sink::{Checked, Sink};

/// Reports `kind` at a data object's value.
pub(crate) fn at_value(sink: &mut dyn Sink, kind: ErrorKind, t: &Tlv<'_>) -> Checked {
    sink.error(Error::new(kind, t.value_offset(), t.path()))
}

/// Reports `kind` at a data object's ID.
pub(crate) fn at_object(sink: &mut dyn Sink, kind: ErrorKind, t: &Tlv<'_>) -> Checked {
    sink.error(Error::new(kind, t.offset(), t.path()))
}

/// Reports a sub-object `sub` missing from template `t` (at the template's offset).
pub(crate) fn missing_sub(sink: &mut dyn Sink, t: &Template<'_>, sub: u8) -> Checked {
    sink.error(Error::new(
        ErrorKind::Missing,
        t.tlv().offset(),
        t.path().child(sub),
    ))
}

/// Reports that no merchant account of the scheme is present.
pub(crate) fn no_account(sink: &mut dyn Sink, p: &Payload<'_>) -> Checked {
    sink.error(Error::new(
        ErrorKind::NoMerchantAccount,
        p.crc_offset(),
        Path::ROOT,
    ))
}

/// ASCII case-insensitive equality (reverse-domain GUIs are compared this way in practice).
pub(crate) fn eq_ci(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// ASCII case-insensitive prefix test.
pub(crate) fn starts_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// ASCII case-insensitive substring test.
pub(crate) fn contains_ci(s: &str, part: &str) -> bool {
    let part = part.as_bytes();
    let Some(first) = part.first() else {
        return false;
    };
    // A window is compared whole only when its first byte matches.
    s.as_bytes().windows(part.len()).any(|w| {
        w.first().is_some_and(|c| c.eq_ignore_ascii_case(first)) && w.eq_ignore_ascii_case(part)
    })
}

/// Non-empty and all ASCII digits.
pub(crate) fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Non-empty and all ASCII letters or digits.
pub(crate) fn alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The Luhn (mod 10) check over a string of digits; false for anything else.
pub(crate) fn luhn(s: &str) -> bool {
    if !digits(s) {
        return false;
    }
    let sum: u32 = s
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The first merchant account template (26–51) of `p` whose GUI satisfies `pred`.
pub(crate) fn account<'a>(p: &Payload<'a>, pred: impl Fn(&str) -> bool) -> Option<Template<'a>> {
    p.merchant_accounts().find_map(|m| {
        m.as_template()
            .copied()
            .filter(|t| t.gui().is_some_and(&pred))
    })
}

/// A sub-object of a template as a data object.
pub(crate) fn sub<'a>(t: &Template<'a>, id: u8) -> Option<Tlv<'a>> {
    Id::new(id).and_then(|i| t.get_tlv(i))
}

/// A root data object of a payload.
pub(crate) fn root<'a>(p: &Payload<'a>, id: u8) -> Option<Tlv<'a>> {
    Id::new(id).and_then(|i| p.get(i))
}

/// Reports `InvalidAmount` when the amount (54) has more than `max` decimals; a currency
/// written whole (`max` 0) takes no decimal mark at all.
pub(crate) fn amount_decimals(sink: &mut dyn Sink, p: &Payload<'_>, max: usize) -> Checked {
    if let Some(t) = root(p, 54) {
        let bad = if max == 0 {
            !digits(t.value())
        } else {
            decimals(t.value()) > max
        };
        if bad {
            at_value(sink, ErrorKind::InvalidAmount, &t)?;
        }
    }
    Ok(())
}

/// The checks every scheme shares, from its registry row: the currency (53) is one of the
/// row's, the country (58) as the row's rule says, and the amount has at most the decimals
/// the scheme writes for the currency.
pub(crate) fn tail(d: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let t = d.tail;
    if t.currency {
        if let Some(c) = root(p, 53) {
            if d.decimals_of(c.value()).is_none() {
                at_value(sink, ErrorKind::InvalidValue, &c)?;
            }
        }
    }
    if let Some(country) = d.country {
        match (t.country, root(p, 58)) {
            (CountryRule::Ignore, _) | (CountryRule::IfPresent, None) => {}
            (_, Some(c)) if eq_ci(c.value(), country) => {}
            (_, Some(c)) => at_value(sink, ErrorKind::InvalidValue, &c)?,
            (CountryRule::Required, None) => sink.error(Error::new(
                ErrorKind::Missing,
                p.crc_offset(),
                Path::root(58),
            ))?,
        }
    }
    if t.decimals {
        let home = d.currencies.first().map_or(2, |m| m.decimals);
        let max = p.currency().and_then(|c| d.decimals_of(c)).unwrap_or(home);
        amount_decimals(sink, p, usize::from(max))?;
    }
    Ok(())
}

/// The rules of a scheme: its own, then the shared tail.
pub(crate) fn scheme_rules(d: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    (d.rules)(d, p, sink)?;
    tail(d, p, sink)
}

/// The rule of a payment network: the payload carries one of its merchant accounts (a
/// primitive, or a template with one of its GUIs).
pub(crate) fn network_present(d: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let found = p.merchant_accounts().any(|m| match m {
        MerchantAccount::Primitive(t) => d.primitives.0.contains(&t.id().get()),
        MerchantAccount::Template(t) => t.gui().is_some_and(|g| gui_matches(d, g)),
    });
    if found {
        Ok(())
    } else {
        no_account(sink, p)
    }
}

/// The first merchant account template (26–51) whose GUI is one of the row's.
pub(crate) fn row_account<'a>(d: &Desc, p: &Payload<'a>) -> Option<Template<'a>> {
    account(p, |g| gui_matches(d, g))
}

/// The rule of a scheme known only by its account template: the template is present, with
/// the sub-objects `required`.
pub(crate) fn account_present(
    d: &Desc,
    p: &Payload<'_>,
    sink: &mut dyn Sink,
    required: &[u8],
) -> Checked {
    let Some(t) = row_account(d, p) else {
        return no_account(sink, p);
    };
    for id in required {
        if sub(&t, *id).is_none() {
            missing_sub(sink, &t, *id)?;
        }
    }
    Ok(())
}

/// Whether a GUI is one of the row's.
pub(crate) fn gui_matches(d: &Desc, gui: &str) -> bool {
    d.guis.iter().any(|g| match g {
        Gui::Exact(x) => eq_ci(x, gui),
        Gui::Prefix(x) => starts_ci(gui, x),
        Gui::Contains(x) => contains_ci(gui, x),
        Gui::AccountId => gui.contains('@'),
    })
}

/// Number of digits after the decimal mark.
pub(crate) fn decimals(amount: &str) -> usize {
    amount.split_once('.').map_or(0, |(_, f)| f.len())
}

/// True when the amount is written as zero (`0`, `0.00`).
pub(crate) fn is_zero(amount: &str) -> bool {
    amount.bytes().all(|b| b == b'0' || b == b'.')
}

/// Checks that a sub-object, when present, is all digits of one of the lengths in `lens`
/// (any length when `lens` is empty).
pub(crate) fn digits_sub(sink: &mut dyn Sink, t: &Template<'_>, id: u8, lens: &[usize]) -> Checked {
    digits_object(sink, sub(t, id), lens)
}

/// [`digits_sub`] on a sub-object already read.
pub(crate) fn digits_object(sink: &mut dyn Sink, s: Option<Tlv<'_>>, lens: &[usize]) -> Checked {
    if let Some(s) = s {
        if !digits(s.value()) {
            at_value(sink, ErrorKind::NotNumeric, &s)?;
        } else if !lens.is_empty() && !lens.contains(&s.value().len()) {
            at_object(sink, ErrorKind::WrongLength, &s)?;
        }
    }
    Ok(())
}

/// Checks that a sub-object, when present, has at most `max` characters.
pub(crate) fn max_object(sink: &mut dyn Sink, s: Option<Tlv<'_>>, max: usize) -> Checked {
    if let Some(s) = s {
        if s.value().chars().count() > max {
            at_object(sink, ErrorKind::ValueTooLong, &s)?;
        }
    }
    Ok(())
}

/// Checks `YYYYMMDD` (a real calendar date).
pub(crate) fn is_date(s: &str) -> bool {
    crate::time::parse_yyyymmdd(s).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_examples() {
        assert!(luhn("79927398713"));
        assert!(!luhn("79927398710"));
        assert!(luhn("9360088600000000423"));
        assert!(!luhn("12a4"));
        assert!(!luhn(""));
    }

    #[test]
    fn case_insensitive_matching() {
        assert!(eq_ci("BR.GOV.BCB.PIX", "br.gov.bcb.pix"));
        assert!(starts_ci("a000000677010111", "A000000677"));
        assert!(!starts_ci("A0", "A000000677"));
    }
}
