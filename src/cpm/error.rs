//! Errors and warnings of the consumer-presented decoder and builder: what, at which byte, under
//! which tag path.

use core::fmt;

use super::tag::Tag;

/// How many template levels a [`CpmPath`] holds (and how deep the decoder nests): top level,
/// application template `61`, its transparent template `63`, one proprietary template inside.
pub const MAX_DEPTH: usize = 4;

/// The tag path of a data object: `""` at the top level, `"61"`, `"61.63.9F26"`; a repeated
/// template carries its index from the second occurrence on (`"61[1].4F"`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CpmPath {
    tags: [Tag; MAX_DEPTH],
    index: [u8; MAX_DEPTH],
    len: u8,
}

impl CpmPath {
    /// The top level.
    pub const ROOT: CpmPath = CpmPath {
        tags: [Tag::ZERO; MAX_DEPTH],
        index: [0; MAX_DEPTH],
        len: 0,
    };

    /// This path extended by `tag`, the `index`-th occurrence of that tag at its level (0 for
    /// the first). Paths deeper than [`MAX_DEPTH`] keep their first levels.
    #[must_use]
    pub fn child(self, tag: Tag, index: u8) -> CpmPath {
        let mut p = self;
        let i = usize::from(p.len);
        if let (Some(t), Some(n)) = (p.tags.get_mut(i), p.index.get_mut(i)) {
            *t = tag;
            *n = index;
            p.len += 1;
        }
        p
    }

    /// Number of levels (0 at the top).
    pub const fn depth(&self) -> usize {
        self.len as usize
    }

    /// True for the top level.
    pub const fn is_root(&self) -> bool {
        self.len == 0
    }

    /// The levels, outermost first: each tag with its occurrence index.
    pub fn levels(&self) -> impl Iterator<Item = (Tag, u8)> + '_ {
        let n = usize::from(self.len);
        self.tags
            .iter()
            .zip(self.index.iter())
            .take(n)
            .map(|(t, i)| (*t, *i))
    }

    /// The innermost tag, if any.
    pub fn last(&self) -> Option<Tag> {
        self.levels().last().map(|(t, _)| t)
    }
}

impl CpmPath {
    /// Writes the path (`61[1].4F`) a character at a time, without the formatting machinery
    /// (a verdict lists a path per field).
    pub(crate) fn write_to(&self, w: &mut impl fmt::Write) -> fmt::Result {
        for (i, (tag, index)) in self.levels().enumerate() {
            if i > 0 {
                w.write_char('.')?;
            }
            for c in tag.bytes().flat_map(super::tag::hex_digits) {
                w.write_char(c)?;
            }
            if index > 0 {
                w.write_char('[')?;
                let digits = [index / 100, index / 10 % 10, index % 10];
                let first = if index >= 100 {
                    0
                } else if index >= 10 {
                    1
                } else {
                    2
                };
                for d in digits.iter().skip(first) {
                    w.write_char(char::from(b'0' + d))?;
                }
                w.write_char(']')?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for CpmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

impl fmt::Debug for CpmPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CpmPath({self})")
    }
}

/// What is wrong with a consumer-presented code. Stable snake_case names are given by
/// [`CpmErrorKind::name`]; [`CpmErrorKind::is_lenient`] tells the kinds a lenient decode lets
/// through as warnings.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CpmErrorKind {
    /// The input is empty.
    #[error("empty code")]
    Empty,
    /// The text is longer than [`crate::MAX_INPUT_BYTES`] bytes; it was not decoded.
    #[error("input longer than 4096 bytes")]
    TooLong,
    /// A character outside the base64 alphabet.
    #[error("character {0:?} is not base64")]
    InvalidBase64(char),
    /// Padding (`=`) in the middle, too much of it, or a text whose length no base64 has.
    #[error("malformed base64 padding")]
    InvalidPadding,
    /// Base64 without its `=` padding (lenient: accepted).
    #[error("base64 without its padding")]
    MissingPadding,
    /// The URL-safe base64 alphabet (`-`, `_`) instead of the standard one (lenient: accepted).
    #[error("URL-safe base64 alphabet")]
    UrlSafeBase64,
    /// The last base64 character has unused bits set: not the canonical encoding (lenient:
    /// accepted).
    #[error("non-canonical base64 (unused bits set in the last character)")]
    NonCanonicalBase64,
    /// Tag `00`, or a tag longer than two bytes.
    #[error("invalid tag (00, or longer than two bytes)")]
    InvalidTag,
    /// A length byte that is neither short form (below `0x80`) nor the long-form prefix `81`
    /// or `82`; the byte found is given.
    #[error("length byte 0x{0:02X} is neither short form (below 0x80) nor 81 or 82")]
    InvalidLength(u8),
    /// A long-form length where a shorter form fits (`81 05`; lenient: accepted).
    #[error("length not in its shortest form")]
    NonMinimalLength,
    /// A header or a value runs past the end of the code or of its template.
    #[error("value runs past the end")]
    Truncated,
    /// The code does not start with the Payload Format Indicator `85`.
    #[error("payload format indicator (85) is not the first data object")]
    PfiNotFirst,
    /// The Payload Format Indicator is not `"CPV01"`.
    #[error("payload format indicator is not \"CPV01\"")]
    InvalidPfi,
    /// A tag that occurs twice at one level (only the application template `61` may repeat).
    #[error("duplicate tag")]
    DuplicateTag,
    /// A template of length zero.
    #[error("empty template")]
    EmptyTemplate,
    /// A primitive data object where a template belongs (at the top level, only `85` is
    /// primitive).
    #[error("a primitive data object where a template belongs")]
    ExpectedTemplate,
    /// A transparent template outside its parent (`63` at the top level or in `62`, `64` at
    /// the top level or in `61`; lenient: accepted).
    #[error("template outside its parent")]
    MisplacedTemplate,
    /// A tag that has no place at its level (a template other than `61`/`62` at the top level,
    /// `85`/`61`/`62` inside a template; lenient: accepted).
    #[error("tag not allowed at this level")]
    UnexpectedTag,
    /// Templates nested deeper than [`MAX_DEPTH`] levels.
    #[error("templates nested too deeply")]
    TooDeep,
    /// A mandatory data object is absent (the path names it).
    #[error("mandatory data object missing")]
    Missing,
    /// A value that breaks its data object's format (an AID outside 5–16 bytes, a track 2
    /// without its `D` separator, a PAN that is not BCD; lenient: accepted).
    #[error("value does not follow its format")]
    InvalidValue,
    /// A control character, or bytes that are not text, in a text (a/an/ans) data object.
    #[error("invalid character in a text field")]
    InvalidCharacter,
    /// Non-ASCII text in a text data object (lenient: accepted).
    #[error("non-ASCII text in an alphanumeric-special field")]
    NonAscii,
    /// A data object of the common data template `62` that an application template `61`
    /// already holds (lenient: accepted).
    #[error("data object both in an application template and in the common data")]
    DuplicateInCommonData,
    /// A value longer than the 65,535 bytes a two-byte length can say (builder).
    #[error("value too long")]
    ValueTooLong,
    /// A builder field whose path or value cannot be read (not a tag path, not hex, a gap in
    /// the indices of a repeated template, a value given twice).
    #[error("invalid field")]
    InvalidField,
}

impl CpmErrorKind {
    /// The stable snake_case name (used as `kind` in the CLI's JSON).
    pub const fn name(&self) -> &'static str {
        match self {
            CpmErrorKind::Empty => "empty",
            CpmErrorKind::TooLong => "too_long",
            CpmErrorKind::InvalidBase64(_) => "invalid_base64",
            CpmErrorKind::InvalidPadding => "invalid_padding",
            CpmErrorKind::MissingPadding => "missing_padding",
            CpmErrorKind::UrlSafeBase64 => "url_safe_base64",
            CpmErrorKind::NonCanonicalBase64 => "non_canonical_base64",
            CpmErrorKind::InvalidTag => "invalid_tag",
            CpmErrorKind::InvalidLength(_) => "invalid_length",
            CpmErrorKind::NonMinimalLength => "non_minimal_length",
            CpmErrorKind::Truncated => "truncated",
            CpmErrorKind::PfiNotFirst => "pfi_not_first",
            CpmErrorKind::InvalidPfi => "invalid_pfi",
            CpmErrorKind::DuplicateTag => "duplicate_tag",
            CpmErrorKind::EmptyTemplate => "empty_template",
            CpmErrorKind::ExpectedTemplate => "expected_template",
            CpmErrorKind::MisplacedTemplate => "misplaced_template",
            CpmErrorKind::UnexpectedTag => "unexpected_tag",
            CpmErrorKind::TooDeep => "too_deep",
            CpmErrorKind::Missing => "missing",
            CpmErrorKind::InvalidValue => "invalid_value",
            CpmErrorKind::InvalidCharacter => "invalid_character",
            CpmErrorKind::NonAscii => "non_ascii",
            CpmErrorKind::DuplicateInCommonData => "duplicate_in_common_data",
            CpmErrorKind::ValueTooLong => "value_too_long",
            CpmErrorKind::InvalidField => "invalid_field",
        }
    }

    /// True for the deviations a lenient decode accepts and reports as warnings.
    pub const fn is_lenient(&self) -> bool {
        matches!(
            self,
            CpmErrorKind::MissingPadding
                | CpmErrorKind::UrlSafeBase64
                | CpmErrorKind::NonCanonicalBase64
                | CpmErrorKind::NonMinimalLength
                | CpmErrorKind::MisplacedTemplate
                | CpmErrorKind::UnexpectedTag
                | CpmErrorKind::InvalidValue
                | CpmErrorKind::NonAscii
                | CpmErrorKind::DuplicateInCommonData
        )
    }
}

/// An error (or, from a lenient decode, a warning): its kind, the byte offset in the decoded
/// bytes, the position in the base64 text, and the tag path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CpmError {
    kind: CpmErrorKind,
    offset: usize,
    base64_offset: usize,
    path: CpmPath,
}

impl CpmError {
    /// An error about the decoded byte at `offset`; its base64 position is the character that
    /// carries that byte's first bits in canonical base64.
    pub fn new(kind: CpmErrorKind, offset: usize, path: CpmPath) -> CpmError {
        CpmError {
            kind,
            offset,
            base64_offset: (offset / 3).saturating_mul(4).saturating_add(offset % 3),
            path,
        }
    }

    /// An error about the base64 text at character `position` (the decoded offset is the
    /// number of bytes that the characters before it make).
    #[cfg(feature = "alloc")]
    pub(crate) fn in_text(kind: CpmErrorKind, position: usize) -> CpmError {
        CpmError {
            kind,
            offset: position.saturating_mul(3) / 4,
            base64_offset: position,
            path: CpmPath::ROOT,
        }
    }

    /// What is wrong.
    pub const fn kind(&self) -> CpmErrorKind {
        self.kind
    }

    /// Byte offset in the decoded bytes (for builder errors: in the bytes built).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Character position in the base64 text.
    pub const fn base64_offset(&self) -> usize {
        self.base64_offset
    }

    /// Tag path of the data object concerned (`61[1].63.9F26`); empty at the top level.
    pub const fn path(&self) -> CpmPath {
        self.path
    }
}

impl fmt::Display for CpmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at byte {} (base64 character {})",
            self.kind, self.offset, self.base64_offset
        )?;
        if !self.path.is_root() {
            write!(f, " in {}", self.path)?;
        }
        Ok(())
    }
}

impl core::error::Error for CpmError {}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::{CpmPath, Tag};
    use alloc::format;
    use alloc::string::ToString;

    /// The path as text, each index from one to three digits, against the same text put
    /// together with the formatting machinery.
    #[test]
    fn a_path_reads_as_its_tags_and_indexes() {
        let tag = |hex: &str| Tag::parse_hex(hex).unwrap();
        assert_eq!(CpmPath::ROOT.to_string(), "");
        for index in [0u8, 1, 9, 10, 99, 100, 255] {
            let p = CpmPath::ROOT
                .child(tag("61"), index)
                .child(tag("63"), 0)
                .child(tag("9F26"), index);
            let shown = |i: u8| if i > 0 { format!("[{i}]") } else { "".into() };
            let expected = format!("61{}.63.9F26{}", shown(index), shown(index));
            assert_eq!(p.to_string(), expected);
        }
    }
}
