//! Small shared pieces of the scheme rules: a sink for rule violations, GUI matching,
//! digit and Luhn checks, lookups of merchant account templates.

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::template::Template;
use crate::tlv::{Id, Tlv};

/// The sink asked to stop.
pub(crate) struct Stop;

/// Receives rule violations.
pub(crate) trait Sink {
    /// Records an error; `Err(Stop)` ends the check.
    fn error(&mut self, e: Error) -> Result<(), Stop>;
}

/// Keeps the first error and stops.
#[derive(Default)]
pub(crate) struct First(pub(crate) Option<Error>);

impl Sink for First {
    fn error(&mut self, e: Error) -> Result<(), Stop> {
        self.0 = Some(e);
        Err(Stop)
    }
}

/// Collects every error.
#[cfg(feature = "alloc")]
#[derive(Default)]
pub(crate) struct All(pub(crate) alloc::vec::Vec<Error>);

#[cfg(feature = "alloc")]
impl Sink for All {
    fn error(&mut self, e: Error) -> Result<(), Stop> {
        self.0.push(e);
        Ok(())
    }
}

/// The result type of a rule check.
pub(crate) type Checked = Result<(), Stop>;

/// Reports `kind` at a data object's value.
pub(crate) fn at_value(sink: &mut impl Sink, kind: ErrorKind, t: &Tlv<'_>) -> Checked {
    sink.error(Error::new(kind, t.value_offset(), t.path()))
}

/// Reports `kind` at a data object's ID.
pub(crate) fn at_object(sink: &mut impl Sink, kind: ErrorKind, t: &Tlv<'_>) -> Checked {
    sink.error(Error::new(kind, t.offset(), t.path()))
}

/// Reports a sub-object `sub` missing from template `t` (at the template's offset).
pub(crate) fn missing_sub(sink: &mut impl Sink, t: &Template<'_>, sub: u8) -> Checked {
    sink.error(Error::new(
        ErrorKind::Missing,
        t.tlv().offset(),
        t.path().child(sub),
    ))
}

/// Reports that no merchant account of the scheme is present.
pub(crate) fn no_account(sink: &mut impl Sink, p: &Payload<'_>) -> Checked {
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

/// ASCII case-insensitive suffix test.
pub(crate) fn ends_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()
            .get(s.len() - suffix.len()..)
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix.as_bytes()))
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

/// Reports `InvalidValue` when root object `id` is present and differs from `want`
/// (compared ignoring ASCII case when `ci`).
pub(crate) fn expect_root(
    sink: &mut impl Sink,
    p: &Payload<'_>,
    id: u8,
    want: &str,
    ci: bool,
) -> Checked {
    if let Some(t) = root(p, id) {
        let ok = if ci {
            eq_ci(t.value(), want)
        } else {
            t.value() == want
        };
        if !ok {
            at_value(sink, ErrorKind::InvalidValue, &t)?;
        }
    }
    Ok(())
}

/// Reports `InvalidAmount` when the amount (54) has more than `max` decimals.
pub(crate) fn amount_decimals(sink: &mut impl Sink, p: &Payload<'_>, max: usize) -> Checked {
    if let Some(t) = root(p, 54) {
        if decimals(t.value()) > max {
            at_value(sink, ErrorKind::InvalidAmount, &t)?;
        }
    }
    Ok(())
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
pub(crate) fn digits_sub(
    sink: &mut impl Sink,
    t: &Template<'_>,
    id: u8,
    lens: &[usize],
) -> Checked {
    if let Some(s) = sub(t, id) {
        if !digits(s.value()) {
            at_value(sink, ErrorKind::NotNumeric, &s)?;
        } else if !lens.is_empty() && !lens.contains(&s.value().len()) {
            at_object(sink, ErrorKind::WrongLength, &s)?;
        }
    }
    Ok(())
}

/// Checks that a sub-object, when present, has at most `max` characters.
pub(crate) fn max_sub(sink: &mut impl Sink, t: &Template<'_>, id: u8, max: usize) -> Checked {
    if let Some(s) = sub(t, id) {
        if s.value().chars().count() > max {
            at_object(sink, ErrorKind::ValueTooLong, &s)?;
        }
    }
    Ok(())
}

/// Checks `YYYYMMDD` (a real calendar date).
pub(crate) fn is_date(s: &str) -> bool {
    crate::profile::time::parse_yyyymmdd(s).is_some()
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
        assert!(ends_ci("qr.bakai.KG", ".kg"));
        assert!(!ends_ci("kg", ".kg"));
        assert!(!starts_ci("A0", "A000000677"));
    }
}
