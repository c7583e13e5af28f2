//! The decoded code: its bytes, an index of its data objects, and typed views over them.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

use super::base64;
use super::ber::{self, nibbles, Node, Visit};
use super::build::CpmBuilder;
use super::error::{CpmError, CpmErrorKind, CpmPath, MAX_DEPTH};
use super::tag::{hex_digits, CpmNetwork, Tag};
use super::CpmOptions;

/// One data object in the index: offsets into the decoded bytes.
#[derive(Debug, Clone)]
struct Entry {
    tag: Tag,
    path: CpmPath,
    offset: usize,
    value_start: usize,
    value_end: usize,
    /// The template this object belongs to (for a top-level `63` read leniently: the `61`
    /// before it).
    owner: Option<usize>,
}

/// A decoded consumer-presented code (`85 "CPV01"`, application templates `61`, common data
/// `62`): owns the decoded bytes, reads them through typed views.
///
/// ```
/// let c = emvqr::cpm::decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=")?;
/// let app = c.applications().next().unwrap();
/// assert_eq!(app.aid(), Some(&[0xA0, 0x00, 0x00, 0x00, 0x55, 0x55, 0x55][..]));
/// let t2 = app.track2().unwrap();
/// assert_eq!(t2.pan().to_string(), "1234567890123458");
/// assert_eq!(t2.expiry().to_string(), "1912"); // YYMM
/// assert_eq!(c.masked_pan().as_deref(), Some("123456******3458"));
/// # Ok::<(), emvqr::cpm::CpmError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cpm {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    warnings: Vec<CpmError>,
    options: CpmOptions,
}

/// Collects the index (and the warnings) while the walk goes.
struct Collect {
    entries: Vec<Entry>,
    warnings: Vec<CpmError>,
    last_at: [usize; MAX_DEPTH],
    last_application: Option<usize>,
}

impl Visit<'_> for Collect {
    fn node(&mut self, node: &Node<'_>) {
        let depth = node.path.depth();
        let parent = depth
            .checked_sub(2)
            .and_then(|d| self.last_at.get(d).copied());
        let owner = if node.adopted {
            self.last_application
        } else {
            parent
        };
        let index = self.entries.len();
        if let Some(slot) = depth.checked_sub(1).and_then(|d| self.last_at.get_mut(d)) {
            *slot = index;
        }
        if depth == 1 && node.tlv.tag() == Tag::APPLICATION_TEMPLATE {
            self.last_application = Some(index);
        }
        self.entries.push(Entry {
            tag: node.tlv.tag(),
            path: node.path,
            offset: node.tlv.offset(),
            value_start: node.tlv.value_offset(),
            value_end: node.tlv.value_offset() + node.tlv.value().len(),
            owner,
        });
    }

    fn warning(&mut self, warning: CpmError) {
        self.warnings.push(warning);
    }
}

/// Checks the size of the text before anything is decoded.
fn check_text(text: &str) -> Result<(), CpmError> {
    if text.is_empty() {
        return Err(CpmError::in_text(CpmErrorKind::Empty, 0));
    }
    if text.len() > crate::validate::MAX_INPUT_BYTES {
        return Err(CpmError::in_text(
            CpmErrorKind::TooLong,
            crate::validate::MAX_INPUT_BYTES,
        ));
    }
    Ok(())
}

impl Cpm {
    /// Decodes base64 text with `options` (see [`CpmOptions::decode`]).
    pub(crate) fn decode_with(text: &str, options: CpmOptions) -> Result<Cpm, CpmError> {
        check_text(text)?;
        let lenient = options.is_lenient();
        let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 3);
        let mut warnings = Vec::new();
        base64::decode(text, lenient, &mut bytes, &mut |w| warnings.push(w))?;
        let mut c = Collect {
            entries: Vec::with_capacity(bytes.len() / 6 + 4),
            warnings,
            last_at: [0; MAX_DEPTH],
            last_application: None,
        };
        ber::walk(&bytes, lenient, &mut c)?;
        Ok(Cpm {
            bytes,
            entries: c.entries,
            warnings: c.warnings,
            options,
        })
    }

    /// The decoded bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The options the code was decoded with.
    pub fn options(&self) -> CpmOptions {
        self.options
    }

    /// What a lenient decode let through, in the order met (base64 first, then the data
    /// objects); empty after a strict decode.
    pub fn warnings(&self) -> &[CpmError] {
        &self.warnings
    }

    /// The Payload Format Indicator (`"CPV01"`).
    pub fn payload_format_indicator(&self) -> &str {
        self.top(Tag::PAYLOAD_FORMAT_INDICATOR)
            .and_then(|i| core::str::from_utf8(self.value(i)).ok())
            .unwrap_or("")
    }

    /// The application templates (`61`), in order; a valid code has at least one.
    pub fn applications(&self) -> impl Iterator<Item = Template<'_>> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.path.depth() == 1 && e.tag == Tag::APPLICATION_TEMPLATE)
            .map(move |(index, _)| Template { cpm: self, index })
    }

    /// The common data template (`62`).
    pub fn common_data(&self) -> Option<Template<'_>> {
        self.top(Tag::COMMON_DATA_TEMPLATE)
            .map(|index| Template { cpm: self, index })
    }

    /// Every data object, templates before their contents, in byte order.
    pub fn data_objects(&self) -> impl Iterator<Item = DataObject<'_>> + '_ {
        (0..self.entries.len()).filter_map(move |i| self.object(i))
    }

    /// The primary network: a national scheme (QRIS) if an application names one, else the
    /// first application's known network, else [`CpmNetwork::Emv`].
    pub fn network(&self) -> CpmNetwork {
        self.networks().first().copied().unwrap_or(CpmNetwork::Emv)
    }

    /// Every network the applications name, the primary first, each once;
    /// `[CpmNetwork::Emv]` when none is known.
    pub fn networks(&self) -> Vec<CpmNetwork> {
        let mut all: Vec<CpmNetwork> = Vec::new();
        for n in self.applications().filter_map(|a| a.network()) {
            if n != CpmNetwork::Emv && !all.contains(&n) {
                all.push(n);
            }
        }
        if let Some(i) = all.iter().position(|n| n.is_national()) {
            let national = all.remove(i);
            all.insert(0, national);
        }
        if all.is_empty() {
            all.push(CpmNetwork::Emv);
        }
        all
    }

    /// The payer's PAN: the first application's `5A`, else its track 2's, else the common
    /// data's.
    pub fn pan(&self) -> Option<Digits<'_>> {
        self.applications()
            .chain(self.common_data())
            .find_map(|t| t.pan().or_else(|| t.track2().map(|t2| t2.pan())))
    }

    /// The payer's PAN masked for display: the first six and the last four digits of a PAN of
    /// 13 digits or more, the last four of a shorter one, the rest `*`.
    pub fn masked_pan(&self) -> Option<String> {
        self.pan().map(|p| p.masked())
    }

    /// The flat `fields` of the CLI's JSON: one entry per primitive data object, in byte
    /// order, keyed by tag path (`"61.4F"`, `"61[1].63.9F26"`); text for the text tags, uppercase
    /// hex for the others.
    pub fn fields(&self) -> Vec<(String, String)> {
        self.data_objects()
            .filter(|o| !o.tag().is_constructed())
            .map(|o| field(o.path(), o.tag(), o.value()))
            .collect()
    }

    /// The code built again from its [`Cpm::fields`], with the options it was decoded with:
    /// equal to the input for every strictly valid code.
    ///
    /// # Errors
    ///
    /// None for a code this crate decoded; the builder's errors otherwise.
    pub fn reencode(&self) -> Result<String, CpmError> {
        self.reencode_fields(&self.fields())
    }

    /// [`Cpm::reencode`] from the fields [`Cpm::fields`] gave, for a caller that has them.
    pub(crate) fn reencode_fields(&self, fields: &[(String, String)]) -> Result<String, CpmError> {
        CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .options(self.options)
            .build()
    }

    fn value(&self, index: usize) -> &[u8] {
        self.entries
            .get(index)
            .and_then(|e| self.bytes.get(e.value_start..e.value_end))
            .unwrap_or(&[])
    }

    fn top(&self, tag: Tag) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.path.depth() == 1 && e.tag == tag)
    }

    fn object(&self, index: usize) -> Option<DataObject<'_>> {
        let e = self.entries.get(index)?;
        Some(DataObject {
            tag: e.tag,
            path: e.path,
            offset: e.offset,
            value: self.value(index),
        })
    }
}

impl core::str::FromStr for Cpm {
    type Err = CpmError;

    fn from_str(s: &str) -> Result<Cpm, CpmError> {
        super::decode(s)
    }
}

/// One field of the flat `fields` shape.
fn field(path: CpmPath, tag: Tag, value: &[u8]) -> (String, String) {
    let mut key = String::with_capacity(16);
    // Writing to a `String` cannot fail.
    let _ = path.write_to(&mut key);
    let text = if tag.is_text() {
        core::str::from_utf8(value).ok()
    } else {
        None
    };
    let v = match text {
        Some(t) => String::from(t),
        None => hex(value),
    };
    (key, v)
}

/// Uppercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.extend(hex_digits(*b));
    }
    s
}

/// Whatever fields could be read from `text`, valid or not: the data objects met before the
/// first error (for a valid code, the same as [`Cpm::fields`]).
pub fn leaf_fields(text: &str, options: &CpmOptions) -> Vec<(String, String)> {
    struct Leaves(Vec<(String, String)>);
    impl Visit<'_> for Leaves {
        fn node(&mut self, node: &Node<'_>) {
            let tag = node.tlv.tag();
            if !tag.is_constructed() {
                self.0.push(field(node.path, tag, node.tlv.value()));
            }
        }
        fn warning(&mut self, _: CpmError) {}
    }
    if check_text(text).is_err() {
        return Vec::new();
    }
    let lenient = options.is_lenient();
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let _ = base64::decode(text, lenient, &mut bytes, &mut |_| {});
    let mut leaves = Leaves(Vec::new());
    let _ = ber::walk(&bytes, lenient, &mut leaves);
    leaves.0
}

/// One data object of a decoded code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataObject<'c> {
    tag: Tag,
    path: CpmPath,
    offset: usize,
    value: &'c [u8],
}

impl<'c> DataObject<'c> {
    /// The tag.
    pub fn tag(&self) -> Tag {
        self.tag
    }

    /// The tag path (`61.63.9F26`).
    pub fn path(&self) -> CpmPath {
        self.path
    }

    /// Byte offset of the tag in the decoded bytes.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The value (for a template: its data objects, encoded).
    pub fn value(&self) -> &'c [u8] {
        self.value
    }

    /// The dictionary name of the tag, if known.
    pub fn name(&self) -> Option<&'static str> {
        self.tag.name()
    }
}

/// A template of a decoded code: an application template `61`, the common data template `62`,
/// or a transparent template `63`/`64` inside them. Accessors read the template's own data
/// objects (the cryptogram fields live in the transparent template: see
/// [`Template::transparent`]).
#[derive(Debug, Clone, Copy)]
pub struct Template<'c> {
    cpm: &'c Cpm,
    index: usize,
}

impl<'c> Template<'c> {
    /// The template's tag.
    pub fn tag(&self) -> Tag {
        self.entry().map_or(Tag::ZERO, |e| e.tag)
    }

    /// The template's path (`61[1]`).
    pub fn path(&self) -> CpmPath {
        self.entry().map_or(CpmPath::ROOT, |e| e.path)
    }

    fn entry(&self) -> Option<&'c Entry> {
        self.cpm.entries.get(self.index)
    }

    /// The data objects of this template, in order.
    pub fn data_objects(&self) -> impl Iterator<Item = DataObject<'c>> + 'c {
        let cpm = self.cpm;
        let me = self.index;
        cpm.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.owner == Some(me))
            .filter_map(move |(i, _)| cpm.object(i))
    }

    /// The value of a data object of this template.
    pub fn get(&self, tag: Tag) -> Option<&'c [u8]> {
        self.data_objects().find(|o| o.tag == tag).map(|o| o.value)
    }

    /// The value of a text data object.
    fn text(&self, tag: Tag) -> Option<&'c str> {
        self.get(tag).and_then(|v| core::str::from_utf8(v).ok())
    }

    /// The transparent template inside (`63` in an application, `64` in the common data; a
    /// lenient decode also finds a top-level `63` that follows its application).
    pub fn transparent(&self) -> Option<Template<'c>> {
        let cpm = self.cpm;
        let me = self.index;
        cpm.entries
            .iter()
            .enumerate()
            .find(|(_, e)| {
                e.owner == Some(me)
                    && (e.tag == Tag::APPLICATION_TRANSPARENT_TEMPLATE
                        || e.tag == Tag::COMMON_DATA_TRANSPARENT_TEMPLATE)
            })
            .map(|(index, _)| Template { cpm, index })
    }

    /// `4F` the application identifier (AID).
    pub fn aid(&self) -> Option<&'c [u8]> {
        self.get(Tag::AID)
    }

    /// The network of the application identifier.
    pub fn network(&self) -> Option<CpmNetwork> {
        self.aid().map(CpmNetwork::from_aid)
    }

    /// `50` the application label.
    pub fn label(&self) -> Option<&'c str> {
        self.text(Tag::APPLICATION_LABEL)
    }

    /// `57` the track 2 equivalent data, split.
    pub fn track2(&self) -> Option<Track2<'c>> {
        self.get(Tag::TRACK2).and_then(Track2::parse)
    }

    /// `5A` the application PAN, without its `F` padding.
    pub fn pan(&self) -> Option<Digits<'c>> {
        self.get(Tag::PAN).map(Digits::padded)
    }

    /// `5F34` the PAN sequence number.
    pub fn pan_sequence_number(&self) -> Option<u8> {
        let v = self.get(Tag::PAN_SEQUENCE_NUMBER)?;
        Digits::all(v).value()
    }

    /// `5F20` the cardholder name.
    pub fn cardholder_name(&self) -> Option<&'c str> {
        self.text(Tag::CARDHOLDER_NAME)
    }

    /// `5F2D` the language preference (2 to 8 letters: ISO 639-1 codes in order).
    pub fn language_preference(&self) -> Option<&'c str> {
        self.text(Tag::LANGUAGE_PREFERENCE)
    }

    /// `5F50` the issuer URL.
    pub fn issuer_url(&self) -> Option<&'c str> {
        self.text(Tag::ISSUER_URL)
    }

    /// `9F25` the last four digits of the PAN.
    pub fn last_four_digits(&self) -> Option<Digits<'c>> {
        self.get(Tag::LAST_FOUR_DIGITS).map(Digits::all)
    }

    /// `9F26` the application cryptogram.
    pub fn cryptogram(&self) -> Option<&'c [u8]> {
        self.get(Tag::APPLICATION_CRYPTOGRAM)
    }

    /// `9F27` the cryptogram information data.
    pub fn cryptogram_information_data(&self) -> Option<&'c [u8]> {
        self.get(Tag::CRYPTOGRAM_INFORMATION_DATA)
    }

    /// `9F10` the issuer application data.
    pub fn issuer_application_data(&self) -> Option<&'c [u8]> {
        self.get(Tag::ISSUER_APPLICATION_DATA)
    }

    /// `9F36` the application transaction counter.
    pub fn application_transaction_counter(&self) -> Option<&'c [u8]> {
        self.get(Tag::APPLICATION_TRANSACTION_COUNTER)
    }

    /// `9F37` the unpredictable number.
    pub fn unpredictable_number(&self) -> Option<&'c [u8]> {
        self.get(Tag::UNPREDICTABLE_NUMBER)
    }

    /// `82` the application interchange profile.
    pub fn application_interchange_profile(&self) -> Option<&'c [u8]> {
        self.get(Tag::APPLICATION_INTERCHANGE_PROFILE)
    }
}

/// A run of BCD digits inside bytes (a PAN, part of a track 2), shown by `Display`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digits<'a> {
    bytes: &'a [u8],
    start: usize,
    end: usize,
}

impl<'a> Digits<'a> {
    /// Every nibble of `bytes`.
    fn all(bytes: &'a [u8]) -> Digits<'a> {
        Digits {
            bytes,
            start: 0,
            end: bytes.len() * 2,
        }
    }

    /// The nibbles of `bytes` up to the first `F`.
    fn padded(bytes: &'a [u8]) -> Digits<'a> {
        let end = nibbles(bytes).take_while(|d| *d != 0xF).count();
        Digits {
            bytes,
            start: 0,
            end,
        }
    }

    /// The digits, as numbers 0–9 (a non-digit nibble, only in leniently decoded codes,
    /// appears as its value 10–15).
    pub fn iter(&self) -> impl Iterator<Item = u8> + 'a {
        nibbles(self.bytes)
            .skip(self.start)
            .take(self.end.saturating_sub(self.start))
    }

    /// Number of digits.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when there are no digits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number the digits make, if it fits a `u8` and they are all digits.
    fn value(&self) -> Option<u8> {
        self.iter().try_fold(0u8, |acc, d| {
            if d > 9 {
                return None;
            }
            acc.checked_mul(10)?.checked_add(d)
        })
    }

    /// Masked for display (see [`Cpm::masked_pan`]).
    pub fn masked(&self) -> String {
        let n = self.len();
        let (head, tail) = if n >= 13 { (6, 4) } else { (0, n.min(4)) };
        let mut s = String::with_capacity(n);
        for (i, d) in self.iter().enumerate() {
            if i < head || i + tail >= n {
                s.push(digit(d));
            } else {
                s.push('*');
            }
        }
        s
    }
}

fn digit(d: u8) -> char {
    char::from_digit(u32::from(d), 16).map_or('?', |c| c.to_ascii_uppercase())
}

impl fmt::Display for Digits<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.iter().try_for_each(|d| f.write_char(digit(d)))
    }
}

impl fmt::Debug for Digits<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digits({self})")
    }
}

/// Track 2 equivalent data split into its parts, `F` padding removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Track2<'a> {
    pan: Digits<'a>,
    expiry: Digits<'a>,
    service_code: Digits<'a>,
    discretionary: Digits<'a>,
}

impl<'a> Track2<'a> {
    /// Splits track 2 at its `D` separator; `None` without one or without the seven digits of
    /// expiry date and service code after it.
    pub fn parse(bytes: &'a [u8]) -> Option<Track2<'a>> {
        let sep = nibbles(bytes).position(|d| d == 0xD)?;
        let total = bytes.len() * 2;
        let mut end = total;
        if nibbles(bytes).last() == Some(0xF) {
            end -= 1;
        }
        if end < sep + 8 {
            return None;
        }
        let part = |start, end| Digits { bytes, start, end };
        Some(Track2 {
            pan: part(0, sep),
            expiry: part(sep + 1, sep + 5),
            service_code: part(sep + 5, sep + 8),
            discretionary: part(sep + 8, end),
        })
    }

    /// The primary account number.
    pub fn pan(&self) -> Digits<'a> {
        self.pan
    }

    /// The expiry date, `YYMM`.
    pub fn expiry(&self) -> Digits<'a> {
        self.expiry
    }

    /// The service code (three digits).
    pub fn service_code(&self) -> Digits<'a> {
        self.service_code
    }

    /// The discretionary data (possibly empty).
    pub fn discretionary(&self) -> Digits<'a> {
        self.discretionary
    }
}
