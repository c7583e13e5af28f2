//! Errors and warnings: what is wrong, at which byte, under which ID path.

use core::fmt;

/// The ID path of a data object: `""` at the top level, `"62"`, `"62.05"`, `"62.50.00"`.
///
/// At most three levels deep, which is all EMV MPM nests (root → template → payment-system
/// template inside `62`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Path {
    ids: [u8; 3],
    len: u8,
}

impl Path {
    /// The top level (the payload itself).
    pub const ROOT: Path = Path {
        ids: [0; 3],
        len: 0,
    };

    /// A path of one root ID, e.g. `Path::root(58)` is `"58"`.
    pub const fn root(id: u8) -> Path {
        Path {
            ids: [id, 0, 0],
            len: 1,
        }
    }

    /// This path extended by one child ID. Paths deeper than three levels keep the first three.
    #[must_use]
    pub const fn child(self, id: u8) -> Path {
        let mut p = self;
        match p.len {
            0 => p.ids[0] = id,
            1 => p.ids[1] = id,
            2 => p.ids[2] = id,
            _ => return p,
        }
        p.len += 1;
        p
    }

    /// The IDs from the outermost to the innermost.
    pub fn ids(&self) -> &[u8] {
        self.ids.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// Number of levels (0 at the top).
    pub const fn depth(&self) -> usize {
        self.len as usize
    }

    /// The innermost ID, if any.
    pub fn last(&self) -> Option<u8> {
        self.ids().last().copied()
    }

    /// True for the top level.
    pub const fn is_root(&self) -> bool {
        self.len == 0
    }
}

/// `"00"` to `"99"`, for writing IDs without the formatting machinery.
const TWO_DIGITS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// An ID written with two digits (`5` → `"05"`); `None` over 99.
#[cfg(feature = "alloc")]
pub(crate) fn two_digits(id: u8) -> Option<&'static str> {
    let at = usize::from(id) * 2;
    TWO_DIGITS.get(at..at + 2)
}

impl Path {
    /// The path as text (`"62.05"`), written into `buf` without the formatting machinery:
    /// IDs with two digits (three over 99), joined by dots.
    pub(crate) fn text<'b>(&self, buf: &'b mut [u8; 11]) -> &'b str {
        // A root ID (most paths) is a slice of the table, without the UTF-8 check of `buf`.
        if let [id @ 0..=99] = *self.ids() {
            let at = usize::from(id) * 2;
            return TWO_DIGITS.get(at..at + 2).unwrap_or("");
        }
        // Two or three IDs of two digits (every nested path a payload has): the text is made
        // in a word and stored at once, so that reading it back does not wait on byte stores.
        let digits = |id: u8| {
            let at = usize::from(id) * 2;
            match TWO_DIGITS.as_bytes().get(at..at + 2) {
                Some(&[a, b]) => u64::from(a) | u64::from(b) << 8,
                _ => 0x3030,
            }
        };
        let (word, n) = match *self.ids() {
            [a @ 0..=99, b @ 0..=99] => (digits(a) | 0x2E << 16 | digits(b) << 24, 5),
            [a @ 0..=99, b @ 0..=99, c @ 0..=99] => (
                digits(a) | 0x2E << 16 | digits(b) << 24 | 0x2E << 40 | digits(c) << 48,
                8,
            ),
            _ => (0, 0),
        };
        if let (Some(slot), true) = (buf.first_chunk_mut::<8>(), n > 0) {
            *slot = word.to_le_bytes();
            return core::str::from_utf8(buf.get(..n).unwrap_or(&[])).unwrap_or("");
        }
        let digits = TWO_DIGITS.as_bytes();
        let mut n = 0;
        for (i, &id) in self.ids().iter().enumerate() {
            let at = usize::from(id % 100) * 2;
            let [a, b] = match digits.get(at..at + 2) {
                Some(&[a, b]) => [a, b],
                _ => [b'0'; 2],
            };
            let h = b'0' + id / 100;
            // A dot before each level but the first, a third digit over 99.
            let (piece, len) = match (i > 0, id > 99) {
                (false, false) => ([a, b, 0, 0], 2),
                (true, false) => ([b'.', a, b, 0], 3),
                (false, true) => ([h, a, b, 0], 3),
                (true, true) => ([b'.', h, a, b], 4),
            };
            // Three levels of at most four bytes after the first's three fit in eleven.
            let Some(slot) = buf.get_mut(n..n + 4) else {
                break;
            };
            slot.copy_from_slice(&piece);
            n += len;
        }
        core::str::from_utf8(buf.get(..n).unwrap_or(&[])).unwrap_or("")
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text(&mut [0; 11]))
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Digits and dots: nothing to escape.
        s.serialize_newtype_struct(crate::json::PLAIN, self.text(&mut [0; 11]))
    }
}

/// A known payment string that is not an EMV MPM payload.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonEmv {
    /// India's UPI deep link, `upi://pay?pa=…`.
    UpiUri,
    /// An Alipay merchant code, `https://qr.alipay.com/…`.
    AlipayUrl,
    /// A WeChat Pay code, `wxp://…` or `weixin://…`.
    WeChatPayUri,
    /// Any other URL or URI; ELQR links are recognised by the ELQR profile, not here.
    Url,
}

impl NonEmv {
    /// Recognises known non-EMV payment strings by their prefix.
    pub fn detect(s: &str) -> Option<NonEmv> {
        let b = s.as_bytes();
        let starts = |p: &str| {
            b.len() >= p.len()
                && b.get(..p.len())
                    .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        };
        if starts("upi://") {
            Some(NonEmv::UpiUri)
        } else if starts("https://qr.alipay.com/") || starts("http://qr.alipay.com/") {
            Some(NonEmv::AlipayUrl)
        } else if starts("wxp://") || starts("weixin://") {
            Some(NonEmv::WeChatPayUri)
        } else if s.find("://").is_some_and(|i| {
            // A URL scheme: a letter, then letters, digits, `+`, `-` or `.`.
            b.first().is_some_and(u8::is_ascii_alphabetic)
                && b.get(..i).is_some_and(|sch| {
                    sch.iter().all(|c| {
                        c.is_ascii_alphanumeric() || *c == b'+' || *c == b'-' || *c == b'.'
                    })
                })
        }) {
            Some(NonEmv::Url)
        } else {
            None
        }
    }
}

impl fmt::Display for NonEmv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NonEmv::UpiUri => "a UPI payment URI (upi://), not an EMV QR payload",
            NonEmv::AlipayUrl => {
                "an Alipay merchant URL (https://qr.alipay.com/), not an EMV QR payload"
            }
            NonEmv::WeChatPayUri => "a WeChat Pay URI, not an EMV QR payload",
            NonEmv::Url => "a URL, not an EMV QR payload",
        })
    }
}

/// What is wrong. Stable snake_case names are given by [`ErrorKind::name`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ErrorKind {
    /// The input is empty.
    #[error("empty payload")]
    Empty,
    /// The input is longer than [`crate::MAX_INPUT_BYTES`] bytes; it was not parsed.
    #[error("input longer than 4096 bytes")]
    TooLong,
    /// The payload has more characters than `ParseOptions::max_len` allows.
    #[error("payload longer than the configured maximum")]
    PayloadTooLong,
    /// Not a payment code of any family this crate reads (plain text, another URL).
    #[error("not a payment code")]
    NotPaymentCode,
    /// A known payment string of another kind.
    #[error("{0}")]
    NotEmv(NonEmv),
    /// An ID that is not two decimal digits.
    #[error("ID is not two digits")]
    InvalidId,
    /// A length that is not two decimal digits.
    #[error("length is not two digits")]
    InvalidLength,
    /// A length of `00`.
    #[error("zero length")]
    ZeroLength,
    /// The header or the value runs past the end of the payload or template.
    #[error("value runs past the end")]
    Truncated,
    /// No checksum object `63` was found.
    #[error("no checksum object (63)")]
    MissingCrc,
    /// Something follows the checksum object `63`.
    #[error("data after the checksum object (63)")]
    CrcNotLast,
    /// The checksum value is not four hexadecimal digits.
    #[error("checksum is not 4 hex digits")]
    InvalidCrcFormat,
    /// The checksum does not match the payload.
    #[error("checksum mismatch")]
    CrcMismatch,
    /// The CRC is written in lowercase hexadecimal.
    #[error("checksum in lowercase hex")]
    LowercaseCrc,
    /// The checksum was not verified (diagnostics only).
    #[error("checksum not verified")]
    ChecksumNotVerified,
    /// The payload does not start with the Payload Format Indicator `00`.
    #[error("payload format indicator (00) is not the first object")]
    PfiNotFirst,
    /// The Payload Format Indicator is not `"01"`.
    #[error("payload format indicator is not \"01\"")]
    InvalidPfi,
    /// A mandatory data object is absent (the path names it).
    #[error("mandatory data object missing")]
    Missing,
    /// No merchant account information (IDs 02–51) is present.
    #[error("no merchant account information (02-51)")]
    NoMerchantAccount,
    /// A numeric (N) field holds something other than digits.
    #[error("not numeric")]
    NotNumeric,
    /// A control character, or a character outside the field's alphabet.
    #[error("invalid character")]
    InvalidCharacter,
    /// Non-ASCII text in an `ans` field.
    #[error("non-ASCII text in an alphanumeric-special field")]
    NonAscii,
    /// A value longer than its maximum.
    #[error("value too long")]
    ValueTooLong,
    /// A fixed-length value of the wrong length.
    #[error("wrong length")]
    WrongLength,
    /// An amount that does not follow the amount grammar.
    #[error("invalid amount")]
    InvalidAmount,
    /// An amount of zero.
    #[error("zero amount")]
    ZeroAmount,
    /// Point of Initiation Method other than `11` or `12`.
    #[error("point of initiation method is not 11 or 12")]
    InvalidInitiation,
    /// Tip or Convenience Indicator other than `01`, `02`, `03`.
    #[error("tip or convenience indicator is not 01, 02 or 03")]
    InvalidTipIndicator,
    /// `55` asks for a fee (`56` or `57`) that is absent.
    #[error("convenience fee missing for the tip indicator")]
    MissingFee,
    /// A fee (`56` or `57`) without the matching `55` value.
    #[error("convenience fee without the matching tip indicator")]
    UnexpectedFee,
    /// `62.09` holds letters other than `A`, `M`, `E`, or repeats one.
    #[error("invalid additional consumer data request")]
    InvalidConsumerData,
    /// `62.11` is not a valid three-character merchant channel.
    #[error("invalid merchant channel")]
    InvalidMerchantChannel,
    /// A template without its Globally Unique Identifier (sub-ID `00`).
    #[error("globally unique identifier (00) missing")]
    MissingGui,
    /// A Globally Unique Identifier longer than 32 characters.
    #[error("globally unique identifier longer than 32")]
    GuiTooLong,
    /// An ID that occurs twice at one level.
    #[error("duplicate ID")]
    DuplicateId,
    /// An ID reserved for future use by EMVCo.
    #[error("ID reserved for future use")]
    RfuId,
    /// An unreserved template ID (80–99, or 50–99 inside 62) used as a primitive.
    #[error("template ID holds a value that is not a template")]
    UnreservedPrimitive,
    /// A percent-escape that is malformed (`%G1`, `%4`).
    #[error("malformed percent-escape")]
    InvalidEscape,
    /// Percent-decoding produced bytes that are not UTF-8.
    #[error("percent-decoded text is not UTF-8")]
    InvalidUtf8,
    /// A character outside the Basic Multilingual Plane where a scheme forbids it.
    #[error("character outside the Basic Multilingual Plane")]
    NonBmp,
    /// Templates nested deeper than EMV's three levels (a builder refuses to set them up).
    #[error("templates nested deeper than three levels")]
    NestedTooDeep,
    /// A value a national scheme forbids (the message of the profile's error says which).
    #[error("invalid value for the scheme")]
    InvalidValue,
}

impl ErrorKind {
    /// The stable snake_case name (used as `kind` in the CLI's JSON).
    pub const fn name(&self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::TooLong => "too_long",
            ErrorKind::PayloadTooLong => "payload_too_long",
            ErrorKind::NotPaymentCode => "not_payment_code",
            ErrorKind::NotEmv(_) => "not_emv",
            ErrorKind::InvalidId => "invalid_id",
            ErrorKind::InvalidLength => "invalid_length",
            ErrorKind::ZeroLength => "zero_length",
            ErrorKind::Truncated => "truncated",
            ErrorKind::MissingCrc => "missing_crc",
            ErrorKind::CrcNotLast => "crc_not_last",
            ErrorKind::InvalidCrcFormat => "invalid_crc_format",
            ErrorKind::CrcMismatch => "crc_mismatch",
            ErrorKind::LowercaseCrc => "lowercase_crc",
            ErrorKind::ChecksumNotVerified => "checksum_not_verified",
            ErrorKind::PfiNotFirst => "pfi_not_first",
            ErrorKind::InvalidPfi => "invalid_pfi",
            ErrorKind::Missing => "missing",
            ErrorKind::NoMerchantAccount => "no_merchant_account",
            ErrorKind::NotNumeric => "not_numeric",
            ErrorKind::InvalidCharacter => "invalid_character",
            ErrorKind::NonAscii => "non_ascii",
            ErrorKind::ValueTooLong => "value_too_long",
            ErrorKind::WrongLength => "wrong_length",
            ErrorKind::InvalidAmount => "invalid_amount",
            ErrorKind::ZeroAmount => "zero_amount",
            ErrorKind::InvalidInitiation => "invalid_initiation",
            ErrorKind::InvalidTipIndicator => "invalid_tip_indicator",
            ErrorKind::MissingFee => "missing_fee",
            ErrorKind::UnexpectedFee => "unexpected_fee",
            ErrorKind::InvalidConsumerData => "invalid_consumer_data",
            ErrorKind::InvalidMerchantChannel => "invalid_merchant_channel",
            ErrorKind::MissingGui => "missing_gui",
            ErrorKind::GuiTooLong => "gui_too_long",
            ErrorKind::DuplicateId => "duplicate_id",
            ErrorKind::RfuId => "rfu_id",
            ErrorKind::UnreservedPrimitive => "unreserved_primitive",
            ErrorKind::InvalidEscape => "invalid_escape",
            ErrorKind::InvalidUtf8 => "invalid_utf8",
            ErrorKind::NonBmp => "non_bmp",
            ErrorKind::NestedTooDeep => "nested_too_deep",
            ErrorKind::InvalidValue => "invalid_value",
        }
    }

    /// True for errors of the TLV structure (the payload cannot be walked past them).
    pub const fn is_syntax(&self) -> bool {
        matches!(
            self,
            ErrorKind::InvalidId
                | ErrorKind::InvalidLength
                | ErrorKind::ZeroLength
                | ErrorKind::Truncated
                | ErrorKind::MissingCrc
                | ErrorKind::CrcNotLast
        )
    }

    /// Bit index in [`Warnings`], for the kinds a lenient parse can let through.
    const fn warning_bit(&self) -> Option<u32> {
        Some(match self {
            ErrorKind::LowercaseCrc => 0,
            ErrorKind::ValueTooLong => 1,
            ErrorKind::Missing => 2,
            ErrorKind::InvalidPfi => 3,
            ErrorKind::RfuId => 4,
            ErrorKind::NonAscii => 5,
            ErrorKind::ZeroAmount => 6,
            ErrorKind::UnreservedPrimitive => 7,
            ErrorKind::DuplicateId => 8,
            ErrorKind::ChecksumNotVerified => 9,
            ErrorKind::PayloadTooLong => 10,
            ErrorKind::GuiTooLong => 11,
            ErrorKind::ZeroLength => 12,
            _ => return None,
        })
    }
}

const WARNING_KINDS: [ErrorKind; 13] = [
    ErrorKind::LowercaseCrc,
    ErrorKind::ValueTooLong,
    ErrorKind::Missing,
    ErrorKind::InvalidPfi,
    ErrorKind::RfuId,
    ErrorKind::NonAscii,
    ErrorKind::ZeroAmount,
    ErrorKind::UnreservedPrimitive,
    ErrorKind::DuplicateId,
    ErrorKind::ChecksumNotVerified,
    ErrorKind::PayloadTooLong,
    ErrorKind::GuiTooLong,
    ErrorKind::ZeroLength,
];

/// An error: its kind, the byte offset in the whole payload, and the ID path.
///
/// An error a builder reports about one of its fields ([`Error::in_field`]) names the field
/// instead of a byte offset: `value too long in field 59 (Merchant Name): at most 25
/// characters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{}", Shown(self))]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
    path: Path,
    field: bool,
    expected: Option<&'static str>,
}

impl Error {
    /// A new error at a byte offset of the payload.
    pub const fn new(kind: ErrorKind, offset: usize, path: Path) -> Error {
        Error {
            kind,
            offset,
            path,
            field: false,
            expected: None,
        }
    }

    /// An error about the value a builder was given for the field at `path` (`offset` is
    /// within that value: where the offending character is, or 0).
    pub const fn in_field(kind: ErrorKind, offset: usize, path: Path) -> Error {
        Error {
            kind,
            offset,
            path,
            field: true,
            expected: None,
        }
    }

    /// The same error, saying what was expected instead (`"an e-mail address, a +55 phone
    /// number, …"`).
    #[must_use]
    pub const fn expecting(self, what: &'static str) -> Error {
        Error {
            expected: Some(what),
            ..self
        }
    }

    /// What was expected instead, where the rule says.
    pub const fn expected(&self) -> Option<&'static str> {
        self.expected
    }

    /// The same error, reported about a builder's field (see [`Error::in_field`]).
    #[must_use]
    pub const fn of_field(self) -> Error {
        Error {
            field: true,
            ..self
        }
    }

    /// Whether the error is about a builder's field rather than a byte of a payload.
    pub const fn is_field(&self) -> bool {
        self.field
    }

    /// What is wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset in the payload (the decoded payload for percent-encoded input).
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// ID path of the data object concerned (`62.05`); empty at the top level.
    pub const fn path(&self) -> Path {
        self.path
    }
}

/// The display of an error type whose message is composed (kind, place, expectation): every
/// error type of the crate derives `thiserror::Error` with `#[error("{}", Shown(self))]` and
/// writes its message in [`Show::show`].
pub(crate) struct Shown<'a, T>(pub(crate) &'a T);

/// Writes an error's message.
pub(crate) trait Show {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: Show> fmt::Display for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.show(f)
    }
}

impl Show for Error {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_where(f)?;
        match self.expected {
            Some(what) => write!(f, ": expected {what}"),
            None => Ok(()),
        }
    }
}

impl Error {
    /// What and where: `value too long at byte 42 (62.05)`, or for a builder's field `value
    /// too long in field 59 (Merchant Name): at most 25 characters`.
    fn fmt_where(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field {
            write!(f, "{}", self.kind)?;
            if self.path.is_root() {
                return Ok(());
            }
            write!(f, " in field {}", self.path)?;
            // The names and limits every EMV scheme shares (52–64 and their sub-objects);
            // merchant account templates and unreserved templates are the schemes' own.
            let shared = matches!(self.path.ids().first(), Some(52..=64));
            let Some(spec) = crate::field::field(self.path.ids()).filter(|_| shared) else {
                return Ok(());
            };
            write!(f, " ({})", spec.name)?;
            return match (self.kind, self.expected) {
                (ErrorKind::ValueTooLong, None) => {
                    write!(f, ": at most {} characters", spec.max)
                }
                (ErrorKind::WrongLength, None) if spec.min == spec.max => {
                    write!(f, ": exactly {} characters", spec.max)
                }
                _ => Ok(()),
            };
        }
        write!(f, "{} at byte {}", self.kind, self.offset)?;
        if !self.path.is_root() {
            write!(f, " ({})", self.path)?;
        }
        Ok(())
    }
}

/// A deviation that a lenient parse let through; same shape as an [`Error`].
pub type Warning = Error;

/// The set of warning kinds a lenient parse recorded (no allocation; see
/// `Payload::warning_details` for offsets and paths).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Warnings(u32);

impl Warnings {
    /// No warnings.
    pub const NONE: Warnings = Warnings(0);

    /// Adds a kind (kinds that can never be warnings are ignored).
    pub fn insert(&mut self, kind: ErrorKind) {
        if let Some(b) = kind.warning_bit() {
            self.0 |= 1 << b;
        }
    }

    /// Adds every kind of `other`.
    pub fn extend(&mut self, other: Warnings) {
        self.0 |= other.0;
    }

    /// Whether a kind was recorded.
    pub fn contains(&self, kind: ErrorKind) -> bool {
        kind.warning_bit().is_some_and(|b| self.0 & (1 << b) != 0)
    }

    /// True when nothing was recorded.
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The recorded kinds, in a fixed order.
    pub fn iter(&self) -> impl Iterator<Item = ErrorKind> + '_ {
        WARNING_KINDS.iter().copied().filter(|k| self.contains(*k))
    }
}

impl fmt::Debug for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.iter().map(|k| k.name()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_dotted_two_digit_ids() {
        extern crate std;
        use std::string::ToString;
        let cases = [
            (Path::ROOT, ""),
            (Path::root(5), "05"),
            (Path::root(62).child(5), "62.05"),
            (Path::root(62).child(50).child(1), "62.50.01"),
            (Path::root(99).child(255), "99.255"),
            (Path::root(7).child(100).child(9), "07.100.09"),
            (Path::root(255).child(255).child(255), "255.255.255"),
        ];
        for (p, want) in cases {
            assert_eq!(p.to_string(), want);
            assert_eq!(p.text(&mut [0; 11]), want);
        }
    }

    /// Every path of one or two IDs, and of three from a spread of IDs, reads as its IDs
    /// formatted with at least two digits and joined by dots.
    #[test]
    fn every_path_reads_as_its_formatted_ids() {
        extern crate std;
        use std::format;
        use std::string::String;
        use std::vec::Vec;
        let text = |ids: &[u8]| {
            let parts: Vec<String> = ids.iter().map(|id| format!("{id:02}")).collect();
            parts.join(".")
        };
        let spread = [0u8, 1, 9, 10, 26, 50, 62, 64, 99, 100, 199, 255];
        for a in 0..=255u8 {
            assert_eq!(Path::root(a).text(&mut [0; 11]), text(&[a]));
            for b in 0..=255u8 {
                let p = Path::root(a).child(b);
                assert_eq!(p.text(&mut [0; 11]), text(&[a, b]));
                if spread.contains(&a) && spread.contains(&b) {
                    for c in spread {
                        assert_eq!(p.child(c).text(&mut [0; 11]), text(&[a, b, c]));
                    }
                }
            }
        }
    }
}
