//! Base64 (RFC 4648) for the QR text of consumer-presented codes: strict by default (standard
//! alphabet, `=` padding, canonical last character), with the lenient decoder accepting the
//! URL-safe alphabet, missing padding and stray bits as warnings.

#[cfg(feature = "alloc")]
use super::error::{CpmError, CpmErrorKind};

#[cfg(feature = "alloc")]
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The 6-bit value of a base64 character, and whether it is one of the URL-safe alphabet.
const fn sextet(c: u8) -> Option<(u8, bool)> {
    Some(match c {
        b'A'..=b'Z' => (c - b'A', false),
        b'a'..=b'z' => (c - b'a' + 26, false),
        b'0'..=b'9' => (c - b'0' + 52, false),
        b'+' => (62, false),
        b'/' => (63, false),
        b'-' => (62, true),
        b'_' => (63, true),
        _ => return None,
    })
}

/// Each byte's base64 value: 0–63 for the standard alphabet, `0x40` + the value for the two
/// URL-safe characters, `0xFF` for anything else. Built at compile time (an index out of range
/// would fail the build, never a decode).
#[allow(clippy::indexing_slicing)]
const TABLE: [u8; 256] = {
    let mut t = [0xFF; 256];
    let mut c = 0u8;
    loop {
        if let Some((v, url)) = sextet(c) {
            t[c as usize] = if url { v | 0x40 } else { v };
        }
        if c == u8::MAX {
            break;
        }
        c += 1;
    }
    t
};

/// The table entry of a byte.
fn lookup(c: u8) -> u8 {
    TABLE.get(usize::from(c)).copied().unwrap_or(0xFF)
}

/// Decodes the first four characters (one group of three bytes), if they are base64.
pub(crate) fn first_group(text: &str) -> Option<[u8; 3]> {
    let b = text.as_bytes();
    let mut acc = 0u32;
    for i in 0..4 {
        let v = lookup(*b.get(i)?);
        if v == 0xFF {
            return None;
        }
        acc = (acc << 6) | u32::from(v & 0x3F);
    }
    let [_, x, y, z] = acc.to_be_bytes();
    Some([x, y, z])
}

#[cfg(feature = "alloc")]
/// The character at byte `i` of `text` (all bytes before it are ASCII when this is called).
fn char_at(text: &str, i: usize) -> char {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Decodes `text`, appending the bytes to `out`. Deviations a lenient decode accepts go to
/// `warn` (when `lenient`) or end the decode. On error, `out` holds the bytes of the complete
/// groups before the error.
#[cfg(feature = "alloc")]
pub(crate) fn decode(
    text: &str,
    lenient: bool,
    out: &mut alloc::vec::Vec<u8>,
    warn: &mut dyn FnMut(CpmError),
) -> Result<(), CpmError> {
    let b = text.as_bytes();
    let body_len = b.len() - b.iter().rev().take_while(|c| **c == b'=').count();
    let pad = b.len() - body_len;
    let body = b.get(..body_len).unwrap_or(&[]);
    let mut deviation = |kind: CpmErrorKind, position: usize| {
        let e = CpmError::in_text(kind, position);
        if lenient {
            warn(e);
            Ok(())
        } else {
            Err(e)
        }
    };
    let mut url_safe_seen = false;
    // Looks at characters outside the standard alphabet: an error, or the URL-safe alphabet.
    let mut unusual = |start: usize, chars: &[u8]| -> Result<(), CpmError> {
        for (j, &c) in chars.iter().enumerate() {
            let v = lookup(c);
            let i = start + j;
            if v == 0xFF {
                let kind = if c == b'=' {
                    CpmErrorKind::InvalidPadding
                } else {
                    CpmErrorKind::InvalidBase64(char_at(text, i))
                };
                return Err(CpmError::in_text(kind, i));
            }
            if v & 0x40 != 0 && !url_safe_seen {
                url_safe_seen = true;
                deviation(CpmErrorKind::UrlSafeBase64, i)?;
            }
        }
        Ok(())
    };
    let mut groups = body.chunks_exact(4);
    for (k, group) in groups.by_ref().enumerate() {
        let &[a, b1, c, d] = group else { break };
        let v = [lookup(a), lookup(b1), lookup(c), lookup(d)];
        if (v[0] | v[1] | v[2] | v[3]) & 0xC0 != 0 {
            unusual(k * 4, group)?;
        }
        let n = u32::from(v[0] & 0x3F) << 18
            | u32::from(v[1] & 0x3F) << 12
            | u32::from(v[2] & 0x3F) << 6
            | u32::from(v[3] & 0x3F);
        let [_, x, y, z] = n.to_be_bytes();
        out.extend_from_slice(&[x, y, z]);
    }
    let rest = groups.remainder();
    let rest_start = body_len - rest.len();
    unusual(rest_start, rest)?;
    let last_pos = body_len.saturating_sub(1);
    // `rest.len()` characters are left over: 2 make one byte, 3 make two.
    let (want_pad, unused_bits) = match rest.len() {
        0 => (0, 0),
        2 => (2, 4),
        3 => (1, 2),
        _ => return Err(CpmError::in_text(CpmErrorKind::InvalidPadding, last_pos)),
    };
    if pad != want_pad {
        if pad == 0 {
            deviation(CpmErrorKind::MissingPadding, b.len())?;
        } else {
            return Err(CpmError::in_text(CpmErrorKind::InvalidPadding, body_len));
        }
    }
    if unused_bits > 0 {
        let mut acc = 0u32;
        let mut last = 0u8;
        for &c in rest {
            last = lookup(c) & 0x3F;
            acc = (acc << 6) | u32::from(last);
        }
        if last & ((1 << unused_bits) - 1) != 0 {
            deviation(CpmErrorKind::NonCanonicalBase64, last_pos)?;
        }
        let bytes = (acc << (6 * (4 - rest.len()))).to_be_bytes();
        out.extend(bytes.iter().skip(1).take(rest.len() - 1));
    }
    Ok(())
}

/// Encodes `bytes` as standard base64 with padding.
#[cfg(feature = "alloc")]
pub(crate) fn encode(bytes: &[u8]) -> alloc::string::String {
    let char_of = |v: u8| ALPHABET.get(usize::from(v & 0x3F)).copied().unwrap_or(b'=');
    let mut out = alloc::vec::Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    let mut groups = bytes.chunks_exact(3);
    for g in groups.by_ref() {
        let &[a, b, c] = g else { break };
        out.extend_from_slice(&[
            char_of(a >> 2),
            char_of((a << 4) | (b >> 4)),
            char_of((b << 2) | (c >> 6)),
            char_of(c),
        ]);
    }
    match *groups.remainder() {
        [a] => out.extend_from_slice(&[char_of(a >> 2), char_of(a << 4), b'=', b'=']),
        [a, b] => out.extend_from_slice(&[
            char_of(a >> 2),
            char_of((a << 4) | (b >> 4)),
            char_of(b << 2),
            b'=',
        ]),
        _ => {}
    }
    // Only characters of the alphabet and `=` were written.
    alloc::string::String::from_utf8(out).unwrap_or_default()
}
