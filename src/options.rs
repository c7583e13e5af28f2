//! Parse options: every leniency is an explicit knob.

use crate::crc::Checksum;
use crate::error::{ErrorKind, Path};
use crate::tlv::LengthUnit;

/// How strictly to parse. [`ParseOptions::new`] is strict EMV MPM v1.1; each real-world
/// leniency is a separate knob, and a lenient parse reports what it let through as warnings.
///
/// ```
/// let opts = emvqr::ParseOptions::new().allow_lowercase_crc(true);
/// // A PromptPay P2P code has no 52, 59 or 60.
/// let s = "00020101021129370016A000000677010111021301234567890125802TH530376463040CBD";
/// assert_eq!(opts.parse(s).unwrap_err().kind(), emvqr::ErrorKind::Missing);
/// let lenient = opts.allow_missing(52, true).allow_missing(59, true).allow_missing(60, true);
/// assert!(lenient.parse(s)?.warnings().contains(emvqr::ErrorKind::Missing));
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParseOptions {
    pub(crate) lowercase_crc: bool,
    pub(crate) long_name_city: bool,
    pub(crate) missing: u8,
    pub(crate) any_pfi: bool,
    pub(crate) rfu: bool,
    pub(crate) non_ascii: bool,
    pub(crate) zero_amount: bool,
    pub(crate) unreserved_primitives: bool,
    pub(crate) duplicates: bool,
    pub(crate) zero_length: bool,
    pub(crate) max_len: Option<usize>,
    pub(crate) unit: LengthUnit,
    pub(crate) checksum: Checksum,
    pub(crate) verify_checksum: bool,
}

/// The mandatory root objects whose absence can be allowed: 52, 58, 59, 60.
const MISSABLE: [u8; 4] = [52, 58, 59, 60];

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions::new()
    }
}

impl ParseOptions {
    /// Strict EMV MPM v1.1: no leniency, CRC-16 verified, lengths in characters, no
    /// 512-character limit (real SGQR codes exceed it).
    pub const fn new() -> ParseOptions {
        ParseOptions {
            lowercase_crc: false,
            long_name_city: false,
            missing: 0,
            any_pfi: false,
            rfu: false,
            non_ascii: false,
            zero_amount: false,
            unreserved_primitives: false,
            duplicates: false,
            zero_length: false,
            max_len: None,
            unit: LengthUnit::Chars,
            checksum: Checksum::Crc16,
            verify_checksum: true,
        }
    }

    /// Every leniency knob on (the checksum is still verified).
    pub const fn lenient() -> ParseOptions {
        ParseOptions {
            lowercase_crc: true,
            long_name_city: true,
            missing: 0b1111,
            any_pfi: true,
            rfu: true,
            non_ascii: true,
            zero_amount: true,
            unreserved_primitives: true,
            duplicates: true,
            zero_length: true,
            ..ParseOptions::new()
        }
    }

    /// Accept a CRC written in lowercase hex (seen in real Bharat QR and Nepal codes).
    #[must_use]
    pub const fn allow_lowercase_crc(mut self, yes: bool) -> Self {
        self.lowercase_crc = yes;
        self
    }

    /// Accept a merchant name (59, 64.01) over 25 or a city (60, 64.02) over 15 characters
    /// (`Sao Joao del Rei`, `Banteay Meanchey`).
    #[must_use]
    pub const fn allow_long_name_city(mut self, yes: bool) -> Self {
        self.long_name_city = yes;
        self
    }

    /// Accept the absence of one of the mandatory objects 52 (MCC), 58 (country), 59 (name)
    /// or 60 (city); PromptPay P2P codes omit 52/59/60, ELQR omits 58/60. Other IDs are
    /// ignored.
    #[must_use]
    pub const fn allow_missing(mut self, id: u8, yes: bool) -> Self {
        let bit = match id {
            52 => 1,
            58 => 2,
            59 => 4,
            60 => 8,
            _ => 0,
        };
        if yes {
            self.missing |= bit;
        } else {
            self.missing &= !bit;
        }
        self
    }

    /// Accept a Payload Format Indicator other than `"01"` (DuitNow uses `"02"`).
    #[must_use]
    pub const fn allow_any_pfi(mut self, yes: bool) -> Self {
        self.any_pfi = yes;
        self
    }

    /// Accept IDs reserved for future use: root 65–79, sub-IDs 62.00 and 62.12–49, 64.03–99.
    /// Generators must not emit them; parsers of another version may meet them.
    #[must_use]
    pub const fn allow_rfu(mut self, yes: bool) -> Self {
        self.rfu = yes;
        self
    }

    /// Accept non-ASCII text in `ans` fields (Khmer names in 59, Vietnamese in 59).
    #[must_use]
    pub const fn allow_non_ascii(mut self, yes: bool) -> Self {
        self.non_ascii = yes;
        self
    }

    /// Accept an amount (54, 56) of zero (Pix and ELQR codes use `0`).
    #[must_use]
    pub const fn allow_zero_amount(mut self, yes: bool) -> Self {
        self.zero_amount = yes;
        self
    }

    /// Accept a primitive value under an unreserved template ID (80–99, 62.50–99).
    #[must_use]
    pub const fn allow_unreserved_primitives(mut self, yes: bool) -> Self {
        self.unreserved_primitives = yes;
        self
    }

    /// Accept an ID that repeats at one level; the first occurrence is the one used.
    #[must_use]
    pub const fn allow_duplicate_ids(mut self, yes: bool) -> Self {
        self.duplicates = yes;
        self
    }

    /// Read a data object with a length of `00` as an empty value and go on with the objects
    /// after it, reporting a `zero_length` warning at its length digits (the official KHQR
    /// decoder reads on past one). The value's own rules still apply: an empty `52` is a
    /// `wrong_length`.
    ///
    /// ```
    /// use emvqr::{ErrorKind, ParseOptions, Payload};
    /// let s = "00020101021126130009SG.PAYNOW5204000053037025802SG5904Mark6009Singapore62006304FA6B";
    /// let e = Payload::parse(s).unwrap_err();
    /// assert_eq!((e.kind(), e.offset()), (ErrorKind::ZeroLength, 73));
    /// let p = ParseOptions::new().allow_zero_length(true).parse(s)?;
    /// let w = p.warning_details();
    /// assert_eq!((w[0].kind(), w[0].offset(), w[0].path().to_string()), (ErrorKind::ZeroLength, 73, "62".into()));
    /// assert_eq!((p.additional_data().map(|a| a.0.value()), p.crc()), (Some(""), Some("FA6B")));
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    #[must_use]
    pub const fn allow_zero_length(mut self, yes: bool) -> Self {
        self.zero_length = yes;
        self
    }

    /// Refuse payloads longer than `max` characters (`Some(512)` for the EMV "should"). Off by
    /// default.
    #[must_use]
    pub const fn max_len(mut self, max: Option<usize>) -> Self {
        self.max_len = max;
        self
    }

    /// The unit of the two-digit lengths (characters by default).
    #[must_use]
    pub const fn length_unit(mut self, unit: LengthUnit) -> Self {
        self.unit = unit;
        self
    }

    /// Which checksum object `63` carries (CRC-16 by default; ELQR uses SHA-256).
    #[must_use]
    pub const fn checksum(mut self, checksum: Checksum) -> Self {
        self.checksum = checksum;
        self
    }

    /// Turn checksum verification off. For diagnostics only: the parse then reports a
    /// `checksum_not_verified` warning, and the result must not be trusted as genuine.
    #[must_use]
    pub const fn verify_checksum(mut self, yes: bool) -> Self {
        self.verify_checksum = yes;
        self
    }

    /// The length unit in force.
    pub const fn unit(&self) -> LengthUnit {
        self.unit
    }

    /// The checksum algorithm in force.
    pub const fn checksum_kind(&self) -> Checksum {
        self.checksum
    }

    /// Whether a deviation of `kind` at `path` is let through as a warning.
    pub fn allows(&self, kind: ErrorKind, path: Path) -> bool {
        match kind {
            ErrorKind::LowercaseCrc => self.lowercase_crc,
            ErrorKind::ValueTooLong => {
                self.long_name_city && matches!(path.ids(), [59] | [60] | [64, 1] | [64, 2])
            }
            ErrorKind::Missing => match path.ids() {
                [id] => MISSABLE
                    .iter()
                    .position(|m| m == id)
                    .is_some_and(|i| self.missing & (1 << i) != 0),
                _ => false,
            },
            ErrorKind::InvalidPfi => self.any_pfi,
            ErrorKind::RfuId => self.rfu,
            ErrorKind::NonAscii => self.non_ascii,
            ErrorKind::ZeroAmount => self.zero_amount,
            ErrorKind::UnreservedPrimitive => self.unreserved_primitives,
            ErrorKind::DuplicateId => self.duplicates,
            ErrorKind::ZeroLength => self.zero_length,
            ErrorKind::ChecksumNotVerified => true,
            _ => false,
        }
    }
}
