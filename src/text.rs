//! Text helpers shared by the families: URL schemes, percent-decoding, decimal numbers.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind, Path};

/// The length of a URL scheme and its `:` at the start of `s` (`https:` → 6): a letter, then
/// letters, digits, `+`, `-` or `.`.
pub(crate) fn url_scheme(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let n = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (b.get(n) == Some(&b':')).then_some(n + 1)
}

/// The value of one hexadecimal digit.
pub(crate) fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes (as JavaScript's `decodeURIComponent`: `+` stays `+`). Allocates
/// only when `s` holds a `%`.
///
/// ```
/// use emvqr::percent_decode;
/// assert_eq!(percent_decode("5909KIRILL%20B.")?, "5909KIRILL B.");
/// assert_eq!(percent_decode("3409%D0%9A%D0%98%D0%A0%D0%98%D0%9B%D0%9B%20%D0%91.")?, "3409КИРИЛЛ Б.");
/// let e = percent_decode("0002%G1").unwrap_err();
/// assert_eq!((e.kind(), e.offset()), (emvqr::ErrorKind::InvalidEscape, 4));
/// # Ok::<(), emvqr::Error>(())
/// ```
///
/// # Errors
/// `invalid_escape` for a `%` not followed by two hex digits, `invalid_utf8` when the decoded
/// bytes are not UTF-8. The offset is where the problem starts in the decoded bytes.
pub fn percent_decode(s: &str) -> Result<Cow<'_, str>, Error> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hi = b.get(i + 1).copied().and_then(hex_value);
            let lo = b.get(i + 2).copied().and_then(hex_value);
            let (Some(hi), Some(lo)) = (hi, lo) else {
                return Err(Error::new(ErrorKind::InvalidEscape, out.len(), Path::ROOT));
            };
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Error::new(ErrorKind::InvalidUtf8, at, Path::ROOT)
    })
}

/// Appends `v` in decimal digits, without the formatting machinery (messages and JSON write
/// numbers on hot paths).
pub(crate) fn push_decimal(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + u8::try_from(v % 10).unwrap_or(0);
        }
        v /= 10;
        if v == 0 || at == 0 {
            break;
        }
    }
    for &d in digits.get(at..).unwrap_or(&[]) {
        out.push(char::from(d));
    }
}
