//! `verify` with the official SDK's semantics, on the raw string.

use super::error::{KhqrCode as C, KhqrError, Reason};
use super::js::{to_string_len, Cut, Span, Tag, Text};
use crate::crc::{crc16, hex4};
use crate::error::Path;
use crate::time::UnixMillis;

/// The root tags the SDK keeps (30 counts as 29), in the order of its table. The index into
/// this array is a tag's bit in the "present" set.
pub(crate) const KNOWN: [u8; 14] = [0, 1, 15, 29, 52, 53, 54, 58, 59, 60, 62, 64, 99, 63];

pub(crate) fn known_index(id: u8) -> Option<usize> {
    KNOWN_AT
        .get(usize::from(id))
        .and_then(|&i| (i != u8::MAX).then_some(usize::from(i)))
}

/// [`KNOWN`] inverted: by tag, its index there (`u8::MAX` for a tag not kept).
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)] // compile time: in range
static KNOWN_AT: [u8; 100] = {
    let mut t = [u8::MAX; 100];
    let mut i = 0;
    while i < KNOWN.len() {
        t[KNOWN[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Sub-tags the SDK reads, per template (29 and 30 share a list).
pub(crate) const SUB_29: [u8; 3] = [0, 1, 2];
pub(crate) const SUB_62: [u8; 5] = [1, 2, 3, 7, 8];
pub(crate) const SUB_64: [u8; 3] = [0, 1, 2];
pub(crate) const SUB_99: [u8; 2] = [0, 1];

/// One step of the root walk.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Step {
    /// The cut as read.
    pub(crate) cut: Cut,
    /// The tag number as written (30 stays 30), if two digits.
    pub(crate) raw: Option<u8>,
    /// The tag the SDK files it under: `Some` only for a kept tag, 30 becoming 29.
    pub(crate) id: Option<u8>,
}

/// The SDK's root walk: cut objects until the text is used up or a tag equals the previous
/// (converted) tag. A tag 30 whose length goes nowhere makes the SDK loop forever: that step
/// comes out as `Err`.
pub(crate) struct RootWalk {
    rest: Span,
    last: Option<Tag>,
    done: bool,
}

impl RootWalk {
    pub(crate) fn new(all: Span) -> RootWalk {
        RootWalk {
            rest: all,
            last: None,
            done: false,
        }
    }

    pub(crate) fn next(&mut self, t: &mut Text<'_>) -> Option<Result<Step, Cut>> {
        if self.done || self.rest.is_empty() {
            return None;
        }
        let cut = t.cut(self.rest);
        if Some(cut.tag) == self.last {
            self.done = true;
            return None;
        }
        let raw = cut.tag.number();
        let filed = if raw == Some(30) { Some(29) } else { raw };
        if raw == Some(30) && cut.rest.start == self.rest.start {
            self.done = true;
            return Some(Err(cut));
        }
        self.last = Some(match filed {
            Some(29) => TAG_29,
            _ => cut.tag,
        });
        self.rest = cut.rest;
        let id = filed.filter(|id| known_index(*id).is_some());
        Some(Ok(Step { cut, raw, id }))
    }
}

const TAG_29: Tag = Tag::ascii2(*b"29");

/// The sub-objects of a template the SDK reads: the last value of each listed sub-tag, and
/// where its sub-object starts (units).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Subs {
    pub(crate) fields: [Option<(Span, usize)>; 5],
    /// Whether any listed sub-tag was found (the SDK then holds an object, else the string).
    pub(crate) found: bool,
}

impl Subs {
    pub(crate) fn get(&self, i: usize) -> Option<Span> {
        self.fields.get(i).copied().flatten().map(|(s, _)| s)
    }
    pub(crate) fn at(&self, i: usize) -> Option<usize> {
        self.fields.get(i).copied().flatten().map(|(_, a)| a)
    }
}

/// The SDK's sub-walk (no repeat rule here), into `subs` (empty): written in place, where the
/// caller reads it (returned, it was copied while its stores were landing). `Err` carries the
/// unit where the walk stops making progress: the SDK loops forever there.
pub(crate) fn sub_walk(
    t: &mut Text<'_>,
    value: Span,
    names: &[u8],
    subs: &mut Subs,
) -> Result<(), usize> {
    let mut rest = value;
    while !rest.is_empty() {
        let cut = t.cut(rest);
        if cut.rest.start == rest.start {
            return Err(cut.at);
        }
        if let Some(i) = cut
            .tag
            .number()
            .and_then(|n| names.iter().position(|x| *x == n))
        {
            if let Some(slot) = subs.fields.get_mut(i) {
                *slot = Some((cut.value, cut.at));
                subs.found = true;
            }
        }
        rest = cut.rest;
    }
    Ok(())
}

/// The checks of `BakongKHQR.verify`; `now` is the clock for the expiry rule (46), `None` to
/// skip that one rule. Passed: the CRC-16 of the bytes before the checksum's four digits.
pub(crate) fn run(s: &str, now: Option<UnixMillis>) -> Result<u16, KhqrError> {
    let crc = gate(s)?;
    let crc_at = s.len().saturating_sub(8);
    let mut t = Text::new(s);

    // One walk for the SDK's two passes. Its first pass (what the walk keeps) decides before
    // any value is checked, so the first failed check of its second pass (every kept object,
    // in payload order) is held until the walk is done: a walk that breaks off later, or a
    // required object missing, is the answer instead.
    let mut present: u16 = 0;
    let mut dynamic_at: Option<usize> = None;
    let (mut has54, mut has99) = (false, false);
    let mut dynamic = false;
    let mut failed: Option<KhqrError> = None;
    let mut walk = RootWalk::new(t.all());
    while let Some(step) = walk.next(&mut t) {
        let step = step.map_err(|cut| unwalkable(&mut t, cut.at, Path::root(30)))?;
        let Some(id) = step.id else { continue };
        if let Some(i) = known_index(id) {
            present |= 1 << i;
        }
        match id {
            1 if dynamic_at.is_none() && t.eq(step.cut.value, "12") => {
                dynamic_at = Some(t.byte(step.cut.at));
            }
            54 => has54 = true,
            99 => has99 = true,
            _ => {}
        }
        if failed.is_none() {
            failed = object(&mut t, &step, id, &mut dynamic, now).err();
        }
    }
    if let Some(at) = dynamic_at {
        if !has54 {
            return Err(KhqrError::check(C::InvalidDynamicKhqr, at, Path::root(1)));
        }
        if !has99 {
            return Err(missing(C::ExpirationTimestampRequired, crc_at, 99));
        }
    }
    if has54 && !has99 {
        return Err(missing(C::ExpirationTimestampRequired, crc_at, 99));
    }
    for (id, code) in [
        (0, C::PayloadFormatIndicatorTagRequired),
        (29, C::MerchantTypeRequired),
        (52, C::MerchantCategoryTagRequired),
        (53, C::CurrencyTypeRequired),
        (58, C::CountryCodeTagRequired),
        (59, C::MerchantNameRequired),
        (60, C::MerchantCityTagRequired),
        (63, C::CrcTagRequired),
    ] {
        let bit = known_index(id).map_or(0, |i| 1u16 << i);
        if present & bit == 0 {
            return Err(missing(code, crc_at, id));
        }
    }
    failed.map_or(Ok(crc), Err)
}

/// The second pass's checks of one kept object (`id` as filed); `dynamic`: whether the last
/// point of initiation read so far said dynamic.
fn object(
    t: &mut Text<'_>,
    step: &Step,
    id: u8,
    dynamic: &mut bool,
    now: Option<UnixMillis>,
) -> Result<(), KhqrError> {
    let v = step.cut.value;
    let off = t.byte(step.cut.at);
    let path = Path::root(step.raw.unwrap_or(id));
    let fail = |code| Err(KhqrError::check(code, off, path));
    match id {
        0 if v.is_empty() => return fail(C::PayloadFormatIndicatorTagRequired),
        0 if v.len() > 2 => return fail(C::PayloadFormatIndicatorLengthInvalid),
        1 => {
            *dynamic = t.eq(v, "12");
            if v.len() > 2 {
                return fail(C::PointInitiationLengthInvalid);
            }
            if !*dynamic && !t.eq(v, "11") {
                return fail(C::PointOfInitiationMethodInvalid);
            }
        }
        15 if v.len() > 99 => return fail(C::UpiAccountInformationLengthInvalid),
        29 => account(t, v, off, path)?,
        52 if v.is_empty() => return fail(C::MerchantCategoryTagRequired),
        52 if v.len() > 4 => return fail(C::MerchantCodeLengthInvalid),
        52 if !t.all_digits(v) => return fail(C::InvalidMerchantCategoryCode),
        53 if v.is_empty() => return fail(C::CurrencyTypeRequired),
        53 if v.len() > 3 => return fail(C::TransactionCurrencyLengthInvalid),
        53 if !t.eq(v, "116") && !t.eq(v, "840") => return fail(C::UnsupportedCurrency),
        54 if v.is_empty() || v.len() > 13 || t.contains(v, b'-') => {
            return fail(C::TransactionAmountInvalid)
        }
        58 if v.is_empty() => return fail(C::CountryCodeTagRequired),
        58 if v.len() > 3 => return fail(C::CountryCodeLengthInvalid),
        59 if v.is_empty() => return fail(C::MerchantNameRequired),
        59 if v.len() > 25 => return fail(C::MerchantNameLengthInvalid),
        60 if v.is_empty() => return fail(C::MerchantCityTagRequired),
        60 if v.len() > 15 => return fail(C::MerchantCityLengthInvalid),
        62 => additional(t, v, off, path)?,
        64 => language(t, v, off, path)?,
        99 => timestamps(t, v, off, path, *dynamic, now)?,
        63 if v.is_empty() => return fail(C::CrcTagRequired),
        63 if v.len() > 4 => return fail(C::CrcLengthInvalid),
        _ => {}
    }
    Ok(())
}

/// Code 8 of the public `verify`: ends with `6304` + 4 hex digits, the CRC matches, and at
/// least 12 UTF-16 units. Passed: the CRC it computed.
fn gate(s: &str) -> Result<u16, KhqrError> {
    let b = s.as_bytes();
    let n = b.len();
    let tail = n.checked_sub(8).and_then(|i| b.get(i..));
    let Some(tail) = tail.filter(|t| {
        t.get(..4) == Some(b"6304")
            && t.get(4..)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    }) else {
        return Err(KhqrError::new(
            C::KhqrInvalid,
            Reason::NoCrc,
            n.saturating_sub(8),
            Path::root(63),
        ));
    };
    let covered = b.get(..n - 4).unwrap_or(&[]);
    let crc = crc16(covered);
    let want = hex4(crc);
    let got = tail.get(4..).unwrap_or(&[]);
    if !want.eq_ignore_ascii_case(got) {
        return Err(KhqrError::new(
            C::KhqrInvalid,
            Reason::CrcMismatch,
            n - 4,
            Path::root(63),
        ));
    }
    if Text::new(s).all().len() < 12 {
        return Err(KhqrError::new(
            C::KhqrInvalid,
            Reason::TooShort,
            0,
            Path::ROOT,
        ));
    }
    Ok(crc)
}

fn missing(code: C, at: usize, id: u8) -> KhqrError {
    KhqrError::check(code, at, Path::root(id))
}

fn unwalkable(t: &mut Text<'_>, unit: usize, path: Path) -> KhqrError {
    KhqrError::new(C::KhqrInvalid, Reason::Unwalkable, t.byte(unit), path)
}

/// [`sub_walk`] into `subs`, a walk that stops making progress the SDK's error at `path`.
fn subs_of(
    t: &mut Text<'_>,
    v: Span,
    names: &[u8],
    path: Path,
    subs: &mut Subs,
) -> Result<(), KhqrError> {
    sub_walk(t, v, names, subs).map_err(|at| unwalkable(t, at, path))
}

/// A sub-object's offset and path, or the template's when the sub-object is absent.
fn sub_loc(
    t: &mut Text<'_>,
    subs: &Subs,
    i: usize,
    names: &[u8],
    off: usize,
    path: Path,
) -> (usize, Path) {
    let id = names.get(i).copied().unwrap_or(0);
    match subs.at(i) {
        Some(at) => (t.byte(at), path.child(id)),
        None => (off, path.child(id)),
    }
}

/// 29 / 30, as the SDK's verify checks it: always the individual rules (its merchant flag is
/// never set on this path), so 30.01 and 30.02 are optional here.
fn account(t: &mut Text<'_>, v: Span, off: usize, path: Path) -> Result<(), KhqrError> {
    let mut subs = Subs::default();
    subs_of(t, v, &SUB_29, path, &mut subs)?;
    let fail = |t: &mut Text<'_>, i: usize, code| {
        let (o, p) = sub_loc(t, &subs, i, &SUB_29, off, path);
        Err(KhqrError::check(code, o, p))
    };
    match subs.get(0) {
        None => return fail(t, 0, C::BakongAccountIdRequired),
        Some(a) if a.is_empty() => return fail(t, 0, C::BakongAccountIdRequired),
        Some(a) if a.len() > 32 => return fail(t, 0, C::BakongAccountIdLengthInvalid),
        Some(a) if !t.contains(a, b'@') => return fail(t, 0, C::BakongAccountIdInvalid),
        Some(_) => {}
    }
    if subs.get(1).is_some_and(|x| x.len() > 32) {
        return fail(t, 1, C::AccountInformationLengthInvalid);
    }
    match subs.get(2) {
        Some(b) if b.is_empty() => fail(t, 2, C::AcquiringBankRequired),
        Some(b) if b.len() > 32 => fail(t, 2, C::AcquiringBankLengthInvalid),
        _ => Ok(()),
    }
}

/// 62: bill number, mobile number, store label, terminal label, purpose, in that order.
fn additional(t: &mut Text<'_>, v: Span, off: usize, path: Path) -> Result<(), KhqrError> {
    let mut subs = Subs::default();
    subs_of(t, v, &SUB_62, path, &mut subs)?;
    if !subs.found {
        return Ok(());
    }
    // SUB_62 = [01, 02, 03, 07, 08]; the SDK checks 01, 02, 03, 07, 08.
    for (i, code) in [
        (0, C::BillNumberLengthInvalid),
        (1, C::MobileNumberLengthInvalid),
        (2, C::StoreLabelLengthInvalid),
        (3, C::TerminalLabelLengthInvalid),
        (4, C::PurposeOfTransactionLengthInvalid),
    ] {
        if subs.get(i).is_some_and(|x| x.is_empty() || x.len() > 25) {
            let (o, p) = sub_loc(t, &subs, i, &SUB_62, off, path);
            return Err(KhqrError::check(code, o, p));
        }
    }
    Ok(())
}

/// 64: language preference, alternate name, alternate city.
fn language(t: &mut Text<'_>, v: Span, off: usize, path: Path) -> Result<(), KhqrError> {
    let mut subs = Subs::default();
    subs_of(t, v, &SUB_64, path, &mut subs)?;
    if !subs.found {
        return Ok(());
    }
    let (pref, alt, city) = (subs.get(0), subs.get(1), subs.get(2));
    let truthy = |x: Option<Span>| x.is_some_and(|x| !x.is_empty());
    let fail = |t: &mut Text<'_>, i: usize, code, reason| {
        let (o, p) = sub_loc(t, &subs, i, &SUB_64, off, path);
        Err(KhqrError::new(code, reason, o, p))
    };
    if truthy(pref) && !truthy(alt) {
        return fail(
            t,
            1,
            C::MerchantNameAlternateLanguageRequired,
            Reason::Check,
        );
    }
    if let Some(alt) = alt {
        match pref {
            None => {
                return fail(
                    t,
                    0,
                    C::LanguagePreferenceRequired,
                    Reason::LanguagePreferenceMissing,
                )
            }
            Some(p) if p.is_empty() || p.len() > 2 => {
                return fail(t, 0, C::LanguagePreferenceLengthInvalid, Reason::Check)
            }
            Some(_) => {}
        }
        if alt.is_empty() || alt.len() > 25 {
            return fail(
                t,
                1,
                C::MerchantNameAlternateLanguageLengthInvalid,
                Reason::Check,
            );
        }
    }
    match city {
        Some(c) if c.is_empty() || c.len() > 15 => fail(
            t,
            2,
            C::MerchantCityAlternateLanguageLengthInvalid,
            Reason::Check,
        ),
        _ => Ok(()),
    }
}

/// 99, checked only when the last 01 seen before it was `12`.
fn timestamps(
    t: &mut Text<'_>,
    v: Span,
    off: usize,
    path: Path,
    dynamic: bool,
    now: Option<UnixMillis>,
) -> Result<(), KhqrError> {
    let mut subs = Subs::default();
    subs_of(t, v, &SUB_99, path, &mut subs)?;
    if !dynamic {
        return Ok(());
    }
    let (o, p) = sub_loc(t, &subs, 1, &SUB_99, off, path);
    let fail = |code| Err(KhqrError::check(code, o, p));
    if !subs.found {
        return fail(C::ExpirationTimestampRequired);
    }
    let creation = subs.get(0).map_or(0.0, |x| t.number(x));
    let expiration = subs.get(1).map_or(0.0, |x| t.number(x));
    if expiration == 0.0 || expiration.is_nan() {
        return fail(C::ExpirationTimestampRequired);
    }
    if to_string_len(expiration) != 13 {
        return fail(C::ExpirationTimestampLengthInvalid);
    }
    if !expiration.is_finite() || expiration.abs() > 8.64e15 {
        return fail(C::InvalidDynamicKhqr);
    }
    if expiration < creation {
        return fail(C::ExpirationTimestampInThePast);
    }
    // The clock as JavaScript holds it: a double (exact for every instant of ±285,000 years).
    #[allow(clippy::cast_precision_loss)]
    if now.is_some_and(|now| expiration < now as f64) {
        return fail(C::KhqrExpired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The inverted table gives each tag's place in `KNOWN`, and nothing for any other tag.
    #[test]
    fn known_index_is_the_place_in_known() {
        for id in 0..=u8::MAX {
            let want = super::KNOWN.iter().position(|k| *k == id);
            assert_eq!(super::known_index(id), want, "{id}");
        }
    }
}
