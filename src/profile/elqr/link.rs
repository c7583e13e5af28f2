//! Transport: payment links and percent-encoding.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::error::{Error, ErrorKind, NonEmv, Path};
pub use crate::text::percent_decode;
use crate::text::{hex_value, url_scheme as scheme_len};
use crate::validate::MAX_INPUT_BYTES;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Hosts of [`LINK_BASES`] that are not under `.kg`.
const FOREIGN_LINK_HOSTS: [&str; 2] = ["bakai.app", "bank.kicb.net"];

/// An ELQR text split into its link prefix and its payload (still percent-encoded). Nothing
/// is copied.
///
/// A text is a link when it starts with a URL scheme (`https:`); its payload is the fragment
/// after the first `#` (a query before it, empty or not, is part of the prefix). Any other
/// text is a bare payload; a leading `#` (a fragment copied without its URL) is accepted.
///
/// ```
/// use emvqr::profile::elqr::Link;
/// let l = Link::split("https://api.dengi.o.kg/?#000201")?;
/// assert_eq!(l.base_url(), Some("https://api.dengi.o.kg/?"));
/// assert_eq!(l.host(), Some("api.dengi.o.kg"));
/// assert_eq!(l.fragment(), "000201");
/// assert!(!Link::split("000201")?.is_link());
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Link<'a> {
    input: &'a str,
    /// Byte length of the prefix, `#` included (0 for a bare payload).
    prefix: usize,
    link: bool,
}

impl<'a> Link<'a> {
    /// Splits a text into link prefix and payload.
    ///
    /// # Errors
    /// `empty` (no text, or a link with an empty fragment), `too_long` (over
    /// [`MAX_INPUT_BYTES`] bytes), `not_emv` (a URL without a `#` fragment).
    pub fn split(input: &'a str) -> Result<Link<'a>, Error> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(Error::new(ErrorKind::TooLong, MAX_INPUT_BYTES, Path::ROOT));
        }
        let (prefix, link) = if scheme_len(input).is_some() {
            match input.find('#') {
                Some(i) => (i + 1, true),
                None => {
                    let what = NonEmv::detect(input).unwrap_or(NonEmv::Url);
                    return Err(Error::new(ErrorKind::NotEmv(what), 0, Path::ROOT));
                }
            }
        } else if input.starts_with('#') {
            (1, false)
        } else {
            (0, false)
        };
        if input.len() <= prefix {
            return Err(Error::new(ErrorKind::Empty, 0, Path::ROOT));
        }
        Ok(Link {
            input,
            prefix,
            link,
        })
    }

    /// The text as given.
    pub const fn input(&self) -> &'a str {
        self.input
    }

    /// True for a link (`https://…#…`), false for a bare payload.
    pub const fn is_link(&self) -> bool {
        self.link
    }

    /// Everything before the payload, `#` included (`""` for a bare payload).
    pub fn prefix(&self) -> &'a str {
        self.input.get(..self.prefix).unwrap_or("")
    }

    /// The link without its fragment and `#` (`None` for a bare payload).
    pub fn base_url(&self) -> Option<&'a str> {
        if self.link {
            self.input.get(..self.prefix.saturating_sub(1))
        } else {
            None
        }
    }

    /// The host of a link (`app.mbank.kg`), without user information or port.
    pub fn host(&self) -> Option<&'a str> {
        let base = self.base_url()?;
        let rest = base.get(scheme_len(base)?..)?;
        let rest = rest.strip_prefix("//")?;
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..end)?;
        let host = authority.rsplit('@').next().unwrap_or(authority);
        Some(host.split(':').next().unwrap_or(host))
    }

    /// The payload as written (percent-escapes not decoded).
    pub fn fragment(&self) -> &'a str {
        self.input.get(self.prefix..).unwrap_or("")
    }

    /// Whether the payload holds a percent-escape (and decoding will allocate).
    pub fn is_encoded(&self) -> bool {
        self.fragment().contains('%')
    }

    /// The payload, percent-decoded; borrowed when it holds no escape.
    ///
    /// # Errors
    /// See [`percent_decode`].
    pub fn decode(&self) -> Result<Cow<'a, str>, Error> {
        percent_decode(self.fragment())
    }
}

/// What a URL fragment cannot carry unescaped: everything but the RFC 3986 unreserved
/// characters, sub-delimiters, `:`, `@`, `/` and `?` (non-ASCII bytes are always escaped).
const FRAGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'?');

/// Percent-encodes a payload for a URL fragment: every non-ASCII character (its UTF-8 bytes,
/// uppercase hex) and every ASCII character a fragment cannot carry (space, `"`, `#`, `%`,
/// `<`, `>`, `[`, `\`, `]`, `^`, `` ` ``, `{`, `|`, `}`, controls).
///
/// ```
/// use emvqr::profile::elqr::encode_fragment;
/// assert_eq!(encode_fragment("5909KIRILL B."), "5909KIRILL%20B.");
/// assert_eq!(encode_fragment("3402Б!"), "3402%D0%91!");
/// ```
pub fn encode_fragment(payload: &str) -> String {
    utf8_percent_encode(payload, FRAGMENT).collect()
}

/// Escapes `%` (as `%25`) and nothing else: the form of a bare payload that readers which
/// percent-decode (every ELQR reader) read back unchanged.
pub(super) fn escape_percent(payload: &str) -> Cow<'_, str> {
    if payload.contains('%') {
        Cow::Owned(payload.replace('%', "%25"))
    } else {
        Cow::Borrowed(payload)
    }
}

/// Re-encodes `decoded` the way `raw` (its original, percent-encoded form) was written: each
/// byte escaped in `raw` is escaped again with the same hex case, each raw byte stays raw.
/// Should the two ever disagree, the rest is encoded afresh (fragment rules for a link, only
/// `%` for a bare payload).
pub(super) fn encode_like(decoded: &str, raw: &str, link: bool) -> String {
    let rb = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut r = 0;
    for (i, c) in decoded.char_indices() {
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        let mark = out.len();
        let mut at = r;
        let mut escaped = 0;
        for &b in bytes {
            match (rb.get(at), rb.get(at + 1), rb.get(at + 2)) {
                (Some(b'%'), Some(&h), Some(&l))
                    if hex_value(h).zip(hex_value(l)).map(|(h, l)| h << 4 | l) == Some(b) =>
                {
                    out.push('%');
                    out.push(char::from(h));
                    out.push(char::from(l));
                    escaped += 1;
                    at += 3;
                }
                (Some(&x), ..) if x == b && b != b'%' => at += 1,
                _ => {
                    out.truncate(mark);
                    let rest = decoded.get(i..).unwrap_or("");
                    if link {
                        out.push_str(&encode_fragment(rest));
                    } else {
                        out.push_str(&escape_percent(rest));
                    }
                    return out;
                }
            }
        }
        if escaped == 0 {
            out.push(c);
        } else if escaped != bytes.len() {
            // Part of the character escaped, part raw (impossible in UTF-8 text): keep the
            // raw form as it was.
            out.truncate(mark);
            out.push_str(raw.get(r..at).unwrap_or(""));
        }
        r = at;
    }
    out
}

pub(super) fn link_with(base_url: &str, payload: &str) -> Result<String, Error> {
    let bad = Error::new(ErrorKind::InvalidValue, 0, Path::ROOT);
    if scheme_len(base_url).is_none()
        || base_url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad);
    }
    let (base, sep) = match base_url.find('#') {
        Some(i) if i + 1 == base_url.len() => (base_url, ""),
        Some(_) => return Err(bad),
        None => (base_url, "#"),
    };
    let mut out = String::with_capacity(base.len() + 1 + payload.len() * 2);
    out.push_str(base);
    out.push_str(sep);
    out.push_str(&encode_fragment(payload));
    Ok(out)
}

/// Whether `host` is one ELQR links use: a known router or producer, or any host under `.kg`.
pub fn is_elqr_host(host: &str) -> bool {
    let h = host.trim_end_matches('.');
    let kg = h.len() > 3
        && h.get(h.len() - 3..)
            .is_some_and(|t| t.eq_ignore_ascii_case(".kg"));
    kg || FOREIGN_LINK_HOSTS.iter().any(|f| f.eq_ignore_ascii_case(h))
}
