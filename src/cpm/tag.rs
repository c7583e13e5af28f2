//! BER tags, the dictionary of the tags met in consumer-presented codes, and the networks
//! named by an application identifier.

use core::fmt::{self, Write as _};

/// A BER tag of one or two bytes: `0x4F`, `0x9F26` (the bytes as they are written).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Tag(u16);

impl Tag {
    pub(crate) const ZERO: Tag = Tag(0);
    /// `85` Payload Format Indicator.
    pub const PAYLOAD_FORMAT_INDICATOR: Tag = Tag(0x85);
    /// `61` Application Template.
    pub const APPLICATION_TEMPLATE: Tag = Tag(0x61);
    /// `62` Common Data Template.
    pub const COMMON_DATA_TEMPLATE: Tag = Tag(0x62);
    /// `63` Application Specific Transparent Template (inside `61`).
    pub const APPLICATION_TRANSPARENT_TEMPLATE: Tag = Tag(0x63);
    /// `64` Common Data Transparent Template (inside `62`).
    pub const COMMON_DATA_TRANSPARENT_TEMPLATE: Tag = Tag(0x64);
    /// `4F` Application Identifier (ADF Name).
    pub const AID: Tag = Tag(0x4F);
    /// `50` Application Label.
    pub const APPLICATION_LABEL: Tag = Tag(0x50);
    /// `57` Track 2 Equivalent Data.
    pub const TRACK2: Tag = Tag(0x57);
    /// `5A` Application PAN.
    pub const PAN: Tag = Tag(0x5A);
    /// `5F20` Cardholder Name.
    pub const CARDHOLDER_NAME: Tag = Tag(0x5F20);
    /// `5F2D` Language Preference.
    pub const LANGUAGE_PREFERENCE: Tag = Tag(0x5F2D);
    /// `5F34` Application PAN Sequence Number.
    pub const PAN_SEQUENCE_NUMBER: Tag = Tag(0x5F34);
    /// `5F50` Issuer URL.
    pub const ISSUER_URL: Tag = Tag(0x5F50);
    /// `9F25` Last 4 Digits of PAN.
    pub const LAST_FOUR_DIGITS: Tag = Tag(0x9F25);
    /// `9F10` Issuer Application Data.
    pub const ISSUER_APPLICATION_DATA: Tag = Tag(0x9F10);
    /// `9F26` Application Cryptogram.
    pub const APPLICATION_CRYPTOGRAM: Tag = Tag(0x9F26);
    /// `9F27` Cryptogram Information Data.
    pub const CRYPTOGRAM_INFORMATION_DATA: Tag = Tag(0x9F27);
    /// `9F36` Application Transaction Counter.
    pub const APPLICATION_TRANSACTION_COUNTER: Tag = Tag(0x9F36);
    /// `9F37` Unpredictable Number.
    pub const UNPREDICTABLE_NUMBER: Tag = Tag(0x9F37);
    /// `82` Application Interchange Profile.
    pub const APPLICATION_INTERCHANGE_PROFILE: Tag = Tag(0x82);

    /// A tag from its number as written (`0x9F26`), if it is a valid one- or two-byte BER tag.
    pub const fn new(n: u16) -> Option<Tag> {
        let [hi, lo] = n.to_be_bytes();
        let ok = if hi == 0 {
            lo != 0 && lo & 0x1F != 0x1F
        } else {
            hi & 0x1F == 0x1F && lo & 0x80 == 0
        };
        if ok {
            Some(Tag(n))
        } else {
            None
        }
    }

    /// Reads a tag at the start of `bytes`: the tag and how many bytes it takes. `None` when
    /// the bytes end inside the tag; `Some(Err(()))` for tag `00` or a tag of three or more
    /// bytes.
    pub(crate) fn read(bytes: &[u8]) -> Option<Result<(Tag, usize), ()>> {
        let (&first, rest) = bytes.split_first()?;
        if first == 0 {
            return Some(Err(()));
        }
        if first & 0x1F != 0x1F {
            return Some(Ok((Tag(u16::from(first)), 1)));
        }
        let &second = rest.first()?;
        if second & 0x80 != 0 {
            return Some(Err(()));
        }
        Some(Ok((Tag(u16::from_be_bytes([first, second])), 2)))
    }

    /// The number as written (`0x9F26`).
    pub const fn get(self) -> u16 {
        self.0
    }

    /// How many bytes the tag takes (1 or 2).
    pub const fn len(self) -> usize {
        if self.0 > 0xFF {
            2
        } else {
            1
        }
    }

    /// Always false: a tag takes at least one byte (for symmetry with [`Tag::len`]).
    pub const fn is_empty(self) -> bool {
        false
    }

    /// The first byte, which holds the class and the constructed bit.
    const fn first_byte(self) -> u8 {
        let [hi, lo] = self.0.to_be_bytes();
        if hi == 0 {
            lo
        } else {
            hi
        }
    }

    /// Whether the tag is constructed (a template whose value is more data objects).
    pub const fn is_constructed(self) -> bool {
        self.first_byte() & 0x20 != 0
    }

    /// The bytes as written: one or two.
    pub fn bytes(self) -> impl Iterator<Item = u8> {
        let [hi, lo] = self.0.to_be_bytes();
        let skip = usize::from(hi == 0);
        [hi, lo].into_iter().skip(skip)
    }

    /// Parses uppercase or lowercase hex (`"9F26"`, `"4f"`).
    pub fn parse_hex(s: &str) -> Option<Tag> {
        if !(s.len() == 2 || s.len() == 4) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let n = u16::from_str_radix(s, 16).ok()?;
        if s.len() == 4 && n <= 0xFF {
            return None;
        }
        Tag::new(n)
    }

    /// The dictionary entry, if the tag is known.
    pub fn info(self) -> Option<&'static TagInfo> {
        TAGS.binary_search_by_key(&self, |t| t.tag)
            .ok()
            .and_then(|i| TAGS.get(i))
    }

    /// The name from the dictionary (`"Application Cryptogram"`).
    pub fn name(self) -> Option<&'static str> {
        self.info().map(|t| t.name)
    }

    /// The format from the dictionary; unknown tags are binary (templates when constructed).
    pub fn format(self) -> Format {
        match self.info() {
            Some(t) => t.format,
            None if self.is_constructed() => Format::Template,
            None => Format::Binary,
        }
    }

    /// Whether the value is text (formats a, an, ans): shown as text, hex otherwise.
    pub fn is_text(self) -> bool {
        self.format() == Format::Text
    }
}

/// Uppercase hex digits.
pub(crate) const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The two uppercase hex digits of a byte.
pub(crate) fn hex_digits(b: u8) -> [char; 2] {
    let digit = |n: u8| char::from(HEX.get(usize::from(n)).copied().unwrap_or(b'?'));
    [digit(b >> 4), digit(b & 0x0F)]
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.bytes() {
            for c in hex_digits(b) {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({self})")
    }
}

/// The format of a data object's value.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Bytes, shown as uppercase hex.
    Binary,
    /// Text of the a, an or ans formats (printable ASCII; a lenient decode also accepts other
    /// UTF-8 text), shown as text.
    Text,
    /// BCD digits, left-aligned and padded with `F` nibbles (cn): PANs.
    CompressedNumeric,
    /// BCD digits, right-aligned (n), of a fixed number of bytes.
    Numeric(u8),
    /// Track 2: BCD digits, a `D` separator, `F` padding.
    Track2,
    /// A template: more data objects.
    Template,
}

/// A dictionary entry: the tag, its name, its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagInfo {
    /// The tag.
    pub tag: Tag,
    /// Its name (EMV Book 3 names where the tag is an EMV one).
    pub name: &'static str,
    /// Its value's format.
    pub format: Format,
}

const fn info(tag: u16, name: &'static str, format: Format) -> TagInfo {
    TagInfo {
        tag: Tag(tag),
        name,
        format,
    }
}

/// The tags met in consumer-presented codes: the EMV QRCPS templates, the EMV Book 3 data
/// objects they carry, and the known proprietary ones (UnionPay, QRIS, transit tickets).
/// Other tags are kept as they are, as binary. Sorted by tag.
pub const TAGS: &[TagInfo] = &[
    info(0x4F, "Application Identifier (ADF Name)", Format::Binary),
    info(0x50, "Application Label", Format::Text),
    info(0x57, "Track 2 Equivalent Data", Format::Track2),
    info(0x5A, "Application PAN", Format::CompressedNumeric),
    info(0x61, "Application Template", Format::Template),
    info(0x62, "Common Data Template", Format::Template),
    info(
        0x63,
        "Application Specific Transparent Template",
        Format::Template,
    ),
    info(0x64, "Common Data Transparent Template", Format::Template),
    info(0x82, "Application Interchange Profile", Format::Binary),
    info(0x85, "Payload Format Indicator", Format::Text),
    info(0xC1, "Proprietary (transit) C1", Format::Binary),
    info(0xC2, "Proprietary (transit) C2", Format::Binary),
    info(0xC3, "Proprietary (transit) C3", Format::Binary),
    info(0xC4, "Proprietary (transit) C4", Format::Binary),
    info(0xC5, "Proprietary (transit) C5", Format::Binary),
    info(0xC6, "Proprietary (transit) C6", Format::Binary),
    info(0xC7, "Proprietary (transit) C7", Format::Binary),
    info(0xC8, "Proprietary (transit) C8", Format::Binary),
    info(0xDE, "Proprietary (transit) DE", Format::Binary),
    info(0x5F20, "Cardholder Name", Format::Text),
    info(0x5F2D, "Language Preference", Format::Text),
    info(
        0x5F34,
        "Application PAN Sequence Number",
        Format::Numeric(1),
    ),
    info(0x5F50, "Issuer URL", Format::Text),
    info(0x9F08, "Application Version Number", Format::Binary),
    info(0x9F10, "Issuer Application Data", Format::Binary),
    info(0x9F19, "Token Requestor ID", Format::Binary),
    info(0x9F24, "Payment Account Reference", Format::Text),
    info(0x9F25, "Last 4 Digits of PAN", Format::Numeric(2)),
    info(0x9F26, "Application Cryptogram", Format::Binary),
    info(0x9F27, "Cryptogram Information Data", Format::Binary),
    info(0x9F36, "Application Transaction Counter", Format::Binary),
    info(0x9F37, "Unpredictable Number", Format::Binary),
    info(
        0x9F63,
        "Card Product Identification (UnionPay)",
        Format::Binary,
    ),
    info(0x9F74, "QRIS proprietary data", Format::Binary),
];

/// The payment network an application identifier belongs to.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CpmNetwork {
    /// UnionPay (RID `A000000333`).
    UnionPay,
    /// QRIS, Indonesia's national CPM (AID `A0000006022020`).
    Qris,
    /// Visa (RID `A000000003`).
    Visa,
    /// Mastercard (RID `A000000004`).
    Mastercard,
    /// American Express (RID `A000000025`).
    Amex,
    /// JCB (RID `A000000065`).
    Jcb,
    /// Discover and Diners Club (RID `A000000152`).
    Discover,
    /// RuPay (RID `A000000524`).
    RuPay,
    /// Any other application identifier: plain EMV.
    Emv,
}

/// AID prefixes and their networks, longest first where they overlap.
const NETWORKS: &[(&[u8], CpmNetwork)] = &[
    (
        &[0xA0, 0x00, 0x00, 0x06, 0x02, 0x20, 0x20],
        CpmNetwork::Qris,
    ),
    (&[0xA0, 0x00, 0x00, 0x03, 0x33], CpmNetwork::UnionPay),
    (&[0xA0, 0x00, 0x00, 0x00, 0x03], CpmNetwork::Visa),
    (&[0xA0, 0x00, 0x00, 0x00, 0x04], CpmNetwork::Mastercard),
    (&[0xA0, 0x00, 0x00, 0x00, 0x25], CpmNetwork::Amex),
    (&[0xA0, 0x00, 0x00, 0x00, 0x65], CpmNetwork::Jcb),
    (&[0xA0, 0x00, 0x00, 0x01, 0x52], CpmNetwork::Discover),
    (&[0xA0, 0x00, 0x00, 0x05, 0x24], CpmNetwork::RuPay),
];

impl CpmNetwork {
    /// The network of an application identifier (by its registered application provider
    /// identifier; QRIS by its full AID); [`CpmNetwork::Emv`] when none is known.
    pub fn from_aid(aid: &[u8]) -> CpmNetwork {
        NETWORKS
            .iter()
            .find(|(prefix, _)| aid.starts_with(prefix))
            .map_or(CpmNetwork::Emv, |(_, n)| *n)
    }

    /// The scheme id the CLI uses (`"unionpay"`, `"qris"`, …, `"emv"`).
    pub const fn id(self) -> &'static str {
        match self {
            CpmNetwork::UnionPay => "unionpay",
            CpmNetwork::Qris => "qris",
            CpmNetwork::Visa => "visa",
            CpmNetwork::Mastercard => "mastercard",
            CpmNetwork::Amex => "amex",
            CpmNetwork::Jcb => "jcb",
            CpmNetwork::Discover => "discover",
            CpmNetwork::RuPay => "rupay",
            CpmNetwork::Emv => "emv",
        }
    }

    /// The scheme of the registry this network is.
    pub fn scheme(self) -> crate::profile::Scheme {
        self.id().parse().unwrap_or(crate::profile::Scheme::Emv)
    }

    /// Whether this is a national scheme (preferred as the primary scheme over card networks).
    pub const fn is_national(self) -> bool {
        matches!(self, CpmNetwork::Qris)
    }
}

impl fmt::Display for CpmNetwork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}
