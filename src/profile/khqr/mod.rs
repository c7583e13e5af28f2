//! KHQR, Cambodia's national QR payment code (Bakong, National Bank of Cambodia), checked and
//! built exactly as the official JavaScript SDK (`bakong-khqr` 1.0.20) does.
//!
//! * [`verify`] / [`Khqr::parse`]: the official verdict on a raw string, with the official
//!   error code (1–51), its key and message, plus the byte offset and ID path the SDK does not
//!   give.
//! * [`decode`]: a lenient reader for wallets; never fails, never loops.
//! * [`KhqrBuilder`]: individual and merchant codes, static and dynamic, rejected with the
//!   generator's codes; returns the payload and its MD5.
//!
//! ```
//! use emvqr::profile::khqr::{self, KhqrCurrency, KhqrBuilder};
//! # #[cfg(feature = "alloc")] {
//! let now = 1_767_225_600_000; // 2026-01-01T00:00:00Z, in milliseconds
//! let built = KhqrBuilder::individual("john_smith@devb", "John Smith", "Phnom Penh")
//!     .currency(KhqrCurrency::Usd)
//!     .amount("1.5")
//!     .expires_at_ms(now + 600_000)
//!     .bill_number("INV-1")
//!     .build(now)?;
//! assert!(built.payload.contains("54041.50"));
//! let k = khqr::verify(&built.payload, now + 1_000)?;
//! assert_eq!(k.amount(), Some("1.50"));
//! assert_eq!(k.md5().as_str(), built.md5);
//! // Ten minutes later the code has expired: official code 46.
//! let e = khqr::verify(&built.payload, now + 600_001).unwrap_err();
//! assert_eq!((e.code(), e.key(), e.path().to_string()), (46, "KHQR_EXPIRED", "99.01".into()));
//! # }
//! # Ok::<(), khqr::KhqrError>(())
//! ```
//!
//! # How the official SDK reads a code
//!
//! What follows describes the behaviour of the reference SDK that this module reproduces; the
//! differential test in `tests/khqr_differential.rs` holds it to that.
//!
//! **The public `verify`** answers a bare boolean. It first requires the text to end in `6304`
//! followed by four hexadecimal digits, then the CRC-16 of everything before those four digits
//! (over the UTF-8 bytes) to equal them compared without case, then at least 12 characters
//! (counted in UTF-16 units). Each of those failures is code 8, `KHQR_INVALID`. Then it runs
//! its internal validation, whose first thrown error is the code this module reports; an
//! exception of any other kind also makes `verify` answer `false`.
//!
//! **The walk.** The validation cuts the whole text (CRC included) into objects: two units of
//! tag, two units handed to JavaScript's `parseInt`, the value `slice(4, 4 + length)`, the rest
//! `slice(4 + length)`. So a length may be `" 5"`, `"5x"` (5), `"-3"` (a negative number, and
//! `slice` then counts from the end) or unreadable (`NaN`, which `slice` treats as 0); a zero
//! length gives an empty value, and a value may run past the end. The walk stops when the text
//! is used up or when a tag equals the previous tag. Tag 30 is filed as 29 (and the "previous
//! tag" is then 29, so `30…30…` is not stopped but `30…29…` is). Only the tags
//! 00, 01, 15, 29, 52, 53, 54, 58, 59, 60, 62, 64, 99 and 63 are kept, in payload order,
//! repeats included; anything else is skipped. The order of the tags is not checked (the
//! SDK's order check is switched off), and nothing stops the walk at 63.
//!
//! **Where it hangs.** A step that makes no progress (unreadable length, `-4`, or a negative
//! length reaching back past the start) repeats forever if the tag is 30 (the repeat rule
//! compares against 29); in the walk inside a template (29/30, 62, 64, 99), which has no
//! repeat rule, any such step loops forever. This module returns code 8 with
//! [`Reason::Unwalkable`] at that point instead.
//!
//! **Order of checks.** (1) If any 01 is `12`: no 54 gives 47, no 99 gives 45. (2) Any 54
//! without a 99 gives 45. (3) The first missing of 00, 29/30, 52, 53, 58, 59, 60, 63 (in that
//! order) gives 23, 5, 25, 9, 26, 2, 27, 24. (4) Every kept object in payload order:
//!
//! | tag | checks, in order |
//! |---|---|
//! | 00 | empty → 23; over 2 → 16 (the value is not compared with `01`) |
//! | 01 | over 2 → 17; not `11`/`12` → 48 |
//! | 15 | over 99 → 43 (never, a length has two digits) |
//! | 29, 30 | sub-walk of 00, 01, 02; account ID (00) absent or empty → 1, over 32 → 6, no `@` → 3; 01 over 32 → 35; 02 empty → 31, over 32 → 33. Tag 30 gets the same individual rules: 30.01 and 30.02 are optional here (30, 31 and 32 come only from the generator) |
//! | 52 | empty → 25; over 4 → 18; not all ASCII digits → 51 |
//! | 53 | empty → 9; over 3 → 19; not `116`/`840` → 28 |
//! | 54 | empty, over 13 or containing `-` → 4 (so `0`, `abc` and `1.2.3` pass) |
//! | 58 | empty → 26; over 3 → 20 (`KH` is not required) |
//! | 59 | empty → 2; over 25 → 7 |
//! | 60 | empty → 27; over 15 → 21 |
//! | 62 | if any of 01, 02, 03, 07, 08 is present: each present one empty or over 25 → 10, 34, 11, 12, 42, checked in that order |
//! | 64 | if any of 00, 01, 02 is present: 00 non-empty with 01 absent or empty → 39; 01 present: 00 absent → the SDK throws a `TypeError` (this module: 37, [`Reason::LanguagePreferenceMissing`]), 00 empty or over 2 → 38, 01 empty or over 25 → 40; 02 empty or over 15 → 41 |
//! | 99 | only if the last 01 seen before it is `12`: no 00/01 sub-tag at all → 45; 01 through `Number()` is 0 or `NaN` → 45; its `toString()` not 13 long → 49; not a valid `Date` → 47; below `Number(00)` → 50; below the clock → 46 |
//! | 63 | empty → 24; over 4 → 22 |
//!
//! Inside a template the last occurrence of a sub-tag wins and unknown sub-tags are skipped.
//! When no known sub-tag is found the SDK holds the raw string instead of an object, which is
//! why such a 29 gives 1 and such a 62 or 64 passes. Lengths are `String.length`, i.e. UTF-16
//! units: a character outside the Basic Multilingual Plane counts two, and a slice can cut it
//! in half. The clock is `Date.now()`, read when 99 is checked; here it is the `now_ms`
//! argument.
//!
//! **The generator** (`generateIndividual`, `generateMerchant`) writes 00 `01`, 01 (`11` when
//! the amount is absent or zero, else `12`), 15 (UnionPay, when given), 29 or 30 (00 account,
//! then 01 account information or merchant ID, then 02 acquiring bank), 52 (default `5999`),
//! 53, 54 (dynamic only), 58 `KH`, 59, 60 (default `Phnom Penh` when empty), 62 (01, 02, 03,
//! 07, 08), 64 (00, 01, 02), 99 (dynamic only: 00 = the clock, 01 = the expiration), 63. Its
//! checks, in order: UnionPay over 99 → 43; account empty → 1, over 32 → 6, no `@` → 3;
//! merchant ID empty → 30, over 32 → 32; acquiring bank empty → 31, over 32 → 33 (individual:
//! account information over 32 → 35, bank over 32 → 33); MCC over 4 → 18, not digits → 51;
//! currency → 9/19/28; UnionPay with USD → 44; amount: KHR not whole → 4, USD with more than two
//! decimals → 4 (written with exactly two when it has decimals: `1.5` → `1.50`, `10` stays
//! `10`), over 13 or negative → 4; name empty → 2, over 25 → 7; city over 15 → 21; 62 fields
//! over 25 → 10, 34, 11, 12, 42; 64 → 39, 38, 40, 41; dynamic without expiration → 45,
//! expiration not 13 digits → 49, before the clock → 50. Empty optional fields are dropped
//! first. It returns the payload and the lowercase MD5 of its UTF-8 bytes. It writes a
//! template longer than 99 with a three-digit length (62 with five full fields, 30 with three
//! 32-character sub-fields): [`KhqrBuilder`] refuses those instead.
//!
//! **Divergences** (the SDK has no coded answer; this module gives one): see [`Reason`] —
//! [`Reason::Unwalkable`] (the SDK loops forever), [`Reason::LanguagePreferenceMissing`] (the
//! SDK throws a `TypeError`), [`Reason::TemplateTooLong`] and [`Reason::AmountSyntax`]
//! (builder only: the SDK would write an unreadable code, or round an amount through binary
//! floating point, or write `NaN`/exponent notation).

mod error;
mod js;

use crate::time::UnixMillis;

use crate::profile::scheme::{money, At, Desc, Engine, ExpiryForm, Gui, Names, Routes, Signal};

/// The registry row: KHR written whole and USD with two decimals, country KH, judged by the
/// official SDK's checks ([`verify`]); detected by a Bakong account ID (`name@bank`) where the
/// GUI belongs or a timestamp template 99; 99.01 is the expiry in milliseconds. The EMV layer
/// reads KHQR with UTF-16 lengths, lowercase CRCs and non-ASCII names (for fields and
/// re-encoding).
pub(crate) const DESC: Desc = {
    let mut d = Desc::national(
        "khqr",
        "KHQR (Cambodia)",
        "KH",
        &[money("116", 0), money("840", 2)],
    );
    d.engine = Engine::Khqr;
    d.options = d
        .options
        .length_unit(crate::tlv::LengthUnit::Utf16)
        .allow_lowercase_crc(true)
        .allow_non_ascii(true);
    d.signal = Signal::Own(crate::profile::detect::is_khqr_roots);
    d.guis = &[Gui::AccountId];
    d.routes = Routes {
        names,
        gui: false,
        expiry: Some((At::Root(99, 1), ExpiryForm::Millis13)),
        ..Routes::PLAIN
    };
    d.field_names = field_name;
    d
};

fn names(id: u8, _: &str, _: &crate::template::Template<'_>) -> Names {
    if id == 30 {
        &[(0, "account_id"), (1, "merchant_id"), (2, "acquiring_bank")]
    } else {
        &[
            (0, "account_id"),
            (1, "account_information"),
            (2, "acquiring_bank"),
        ]
    }
}

/// KHQR's names of its data objects.
fn field_name(path: &[u8]) -> Option<&'static str> {
    Some(match path {
        [15] => "UnionPay Account",
        [29] => "Individual Account",
        [30] => "Merchant Account",
        [29 | 30, 0] => "Bakong Account ID",
        [29, 1] => "Account Information",
        [30, 1] => "Merchant ID",
        [29 | 30, 2] => "Acquiring Bank",
        [99] => "Timestamp",
        [99, 0] => "Creation Time (ms)",
        [99, 1] => "Expiration Time (ms)",
        _ => return None,
    })
}
mod verify;
mod view;

#[cfg(feature = "alloc")]
mod builder;

#[cfg(feature = "alloc")]
pub use builder::{BuiltKhqr, KhqrBuilder};
pub use error::{KhqrCode, KhqrError, Reason, ALL_CODES};
pub use view::{decode, md5_hex, Khqr, KhqrCurrency, KhqrFields, Md5Hex, MerchantType};

/// Verifies a KHQR payload as the official SDK's `verify` does, with `now_ms` (milliseconds
/// since the Unix epoch) as its clock, and returns the typed view.
///
/// ```
/// use emvqr::profile::khqr;
/// let now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
/// let s = "00020101021229190015john_smith@devb52045999530384054035.05802KH6010Phnom Penh62150111Invoice#06999170013161343857589263043518";
/// let e = khqr::verify(s, now).unwrap_err(); // no merchant name (59)
/// assert_eq!((e.code(), e.key(), e.path().to_string()), (2, "MERCHANT_NAME_REQUIRED", "59".into()));
/// ```
///
/// # Errors
/// The first error the official checks raise, with its official code (1–51), and where.
pub fn verify(s: &str, now_ms: UnixMillis) -> Result<Khqr<'_>, KhqrError> {
    verify::run(s, Some(now_ms))?;
    Ok(Khqr::unchecked(s))
}

/// [`verify`] at an optional clock: without one, every rule but expiry (46) is applied.
/// Passed: the CRC-16 the checks computed (of the bytes the checksum covers).
#[cfg(feature = "alloc")]
pub(crate) fn verify_at(s: &str, now_ms: Option<UnixMillis>) -> Result<u16, KhqrError> {
    verify::run(s, now_ms)
}

/// The official boolean: whether [`verify`] succeeds.
pub fn is_valid(s: &str, now_ms: UnixMillis) -> bool {
    verify::run(s, Some(now_ms)).is_ok()
}
