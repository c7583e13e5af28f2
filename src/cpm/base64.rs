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

/// Decodes the first four characters (one group of three bytes), if they are base64.
pub(crate) fn first_group(text: &str) -> Option<[u8; 3]> {
    let b = text.as_bytes();
    let mut acc = 0u32;
    for i in 0..4 {
        let (v, _) = sextet(*b.get(i)?)?;
        acc = (acc << 6) | u32::from(v);
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
    let mut acc = 0u32;
    let mut n = 0u8;
    let mut last = 0u8;
    for (i, &c) in b.iter().take(body_len).enumerate() {
        let Some((v, url)) = sextet(c) else {
            let kind = if c == b'=' {
                CpmErrorKind::InvalidPadding
            } else {
                CpmErrorKind::InvalidBase64(char_at(text, i))
            };
            return Err(CpmError::in_text(kind, i));
        };
        if url && !url_safe_seen {
            url_safe_seen = true;
            deviation(CpmErrorKind::UrlSafeBase64, i)?;
        }
        last = v;
        acc = (acc << 6) | u32::from(v);
        n += 1;
        if n == 4 {
            let [_, x, y, z] = acc.to_be_bytes();
            out.extend_from_slice(&[x, y, z]);
            acc = 0;
            n = 0;
        }
    }
    let last_pos = body_len.saturating_sub(1);
    // `n` characters are left over: 2 make one byte, 3 make two.
    let (want_pad, unused_bits) = match n {
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
        if last & ((1 << unused_bits) - 1) != 0 {
            deviation(CpmErrorKind::NonCanonicalBase64, last_pos)?;
        }
        let bytes = (acc << (6 * (4 - u32::from(n)))).to_be_bytes();
        let take = usize::from(n) - 1;
        out.extend(bytes.iter().skip(1).take(take));
    }
    Ok(())
}

/// Encodes `bytes` as standard base64 with padding.
#[cfg(feature = "alloc")]
pub(crate) fn encode(bytes: &[u8]) -> alloc::string::String {
    let mut s = alloc::string::String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut group = [0u8; 3];
        for (g, b) in group.iter_mut().zip(chunk) {
            *g = *b;
        }
        let [a, b, c] = group;
        let sextets = [
            a >> 2,
            ((a & 0x03) << 4) | (b >> 4),
            ((b & 0x0F) << 2) | (c >> 6),
            c & 0x3F,
        ];
        for (i, v) in sextets.iter().enumerate() {
            if i <= chunk.len() {
                let c = ALPHABET.get(usize::from(*v)).copied().unwrap_or(b'=');
                s.push(char::from(c));
            } else {
                s.push('=');
            }
        }
    }
    s
}
