//! Calendar arithmetic for expiry dates, without a date crate and without reading the clock.
//!
//! Dates in payloads carry no time zone; each scheme's dates are local to its country
//! (PayNow: Singapore, UTC+8; FPS: Hong Kong, UTC+8). Instants are [`UnixMillis`]. Years come
//! from four-digit fields, so every computation here stays far from overflow; the helpers are
//! crate-private and use checked arithmetic where an argument could be extreme.

/// Milliseconds since the Unix epoch (1970-01-01T00:00:00Z): the one type of instants in the
/// crate (expiry, creation time, the clock of [`crate::CheckOptions`]).
pub type UnixMillis = i64;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// Days from 1970-01-01 to the proleptic Gregorian date `y-m-d` (negative before 1970).
/// `m` is 1–12 and `d` 1–31; the caller validates the date.
pub(crate) const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Count years from March so that the leap day ends the year.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400; // 0..=399
    let mp = (m as i64 + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d as i64 - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// Whether `y` is a leap year.
pub(crate) const fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days in month `m` of year `y` (0 for a month outside 1–12).
pub(crate) const fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn num(s: &str, from: usize, len: usize) -> Option<u32> {
    let part = s.get(from..from + len)?;
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(part.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0')))
}

/// A civil date and time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct DateTime {
    /// Year.
    pub(crate) year: i64,
    /// Month, 1–12.
    pub(crate) month: u32,
    /// Day, 1–31.
    pub(crate) day: u32,
    /// Hour, 0–23.
    pub(crate) hour: u32,
    /// Minute, 0–59.
    pub(crate) minute: u32,
    /// Second, 0–59.
    pub(crate) second: u32,
}

impl DateTime {
    /// Builds a date-time, checking every field (no leap seconds).
    pub(crate) fn new(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        let ok = (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && hour < 24
            && minute < 60
            && second < 60;
        ok.then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// Milliseconds since the Unix epoch of this local time in a zone `offset_minutes` east of
    /// UTC; `None` if the instant does not fit (a year far outside any payload's).
    pub(crate) fn to_epoch_ms(self, offset_minutes: i64) -> Option<UnixMillis> {
        if !(-1_000_000..=1_000_000).contains(&self.year) {
            return None;
        }
        let days = days_from_civil(self.year, self.month, self.day);
        let secs =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        days.checked_mul(DAY_MS)?
            .checked_add(secs * 1000)?
            .checked_sub(offset_minutes.checked_mul(60_000)?)
    }
}

/// Parses `YYYYMMDD`.
pub(crate) fn parse_yyyymmdd(s: &str) -> Option<DateTime> {
    if s.len() != 8 {
        return None;
    }
    DateTime::new(
        i64::from(num(s, 0, 4)?),
        num(s, 4, 2)?,
        num(s, 6, 2)?,
        0,
        0,
        0,
    )
}

/// Parses `YYMMDDhhmmss` (years 2000–2099).
pub(crate) fn parse_yymmddhhmmss(s: &str) -> Option<DateTime> {
    if s.len() != 12 {
        return None;
    }
    DateTime::new(
        2000 + i64::from(num(s, 0, 2)?),
        num(s, 2, 2)?,
        num(s, 4, 2)?,
        num(s, 6, 2)?,
        num(s, 8, 2)?,
        num(s, 10, 2)?,
    )
}

/// The last millisecond of the local day `YYYYMMDD` in a zone `offset_minutes` east of UTC:
/// a code valid "until" that date expires once this instant has passed.
pub(crate) fn end_of_day_ms(yyyymmdd: &str, offset_minutes: i64) -> Option<UnixMillis> {
    let d = parse_yyyymmdd(yyyymmdd)?;
    d.to_epoch_ms(offset_minutes)?.checked_add(DAY_MS - 1)
}

/// The proleptic Gregorian date of a day count from 1970-01-01: (year, month, day).
#[cfg(feature = "alloc")]
const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // March = 0
    let d = doy - (153 * mp + 2) / 5 + 1; // 1..=31
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // 1..=12
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    // Both are in range by construction.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (y, m as u32, d as u32)
}

/// An instant as ISO 8601 in UTC with milliseconds (`2026-01-01T00:00:00.000Z`); `None` for
/// an instant outside years 0–9999.
#[cfg(feature = "alloc")]
pub(crate) fn iso8601_utc(ms: UnixMillis) -> Option<alloc::string::String> {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let (s, milli) = (rem / 1000, rem % 1000);
    Some(alloc::format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    ))
}

/// Singapore and Hong Kong time: UTC+8, no daylight saving.
pub(crate) const UTC_PLUS_8: i64 = 8 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "alloc")]
    fn iso_instants() {
        assert_eq!(
            iso8601_utc(1_767_225_600_000).as_deref(),
            Some("2026-01-01T00:00:00.000Z")
        );
        assert_eq!(iso8601_utc(-1).as_deref(), Some("1969-12-31T23:59:59.999Z"));
        assert_eq!(
            iso8601_utc(951_782_400_123).as_deref(),
            Some("2000-02-29T00:00:00.123Z")
        );
        assert_eq!(iso8601_utc(i64::MAX), None);
        assert_eq!(iso8601_utc(i64::MIN), None);
        for days in [-800_000i64, -1, 0, 59, 60, 11_016, 20_454, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn extreme_years_do_not_overflow() {
        let far = DateTime {
            year: i64::MAX,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
        };
        assert_eq!(far.to_epoch_ms(0), None);
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 1, 1), 20_454);
        assert_eq!(days_from_civil(2099, 12, 31), 47_481);
        assert_eq!(
            days_from_civil(1600, 2, 29) - days_from_civil(1600, 2, 28),
            1
        );
    }

    #[test]
    fn dates_are_checked() {
        assert!(parse_yyyymmdd("20240229").is_some());
        assert!(parse_yyyymmdd("20230229").is_none());
        assert!(parse_yyyymmdd("21000229").is_none());
        assert!(parse_yyyymmdd("20001301").is_none());
        assert!(parse_yyyymmdd("2024022").is_none());
        assert!(parse_yyyymmdd("2024-2-1").is_none());
        assert!(parse_yymmddhhmmss("291231235959").is_some());
        assert!(parse_yymmddhhmmss("291231245959").is_none());
    }

    #[test]
    fn singapore_end_of_day() {
        // 2026-01-01T00:00:00Z = 1_767_225_600_000 ms; SGT midnight is 8 hours earlier.
        assert_eq!(
            end_of_day_ms("20260101", UTC_PLUS_8),
            Some(1_767_225_600_000 - 8 * 3_600_000 + 86_400_000 - 1)
        );
        let hk = parse_yymmddhhmmss("291231235959").and_then(|d| d.to_epoch_ms(UTC_PLUS_8));
        // 2029-12-31T15:59:59Z
        assert_eq!(hk, Some(1_893_427_199_000));
    }
}
