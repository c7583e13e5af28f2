//! Building consumer-presented codes: from typed templates or from the flat `fields` shape;
//! minimal (DER-style) lengths, standard base64 with padding, checked by the decoder's own
//! rules before the text is returned.

use alloc::string::String;
use alloc::vec::Vec;

use super::base64;
use super::ber::{self, Ignore};
use super::error::{CpmError, CpmErrorKind, CpmPath};
use super::tag::Tag;
use super::CpmOptions;

/// A value to encode: bytes, or the data objects of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Bytes(Vec<u8>),
    Template(Vec<Object>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    tag: Tag,
    value: Value,
}

/// Builds a consumer-presented code.
///
/// ```
/// use emvqr::cpm::{self, CpmBuilder, TemplateBuilder};
/// let text = CpmBuilder::new()
///     .application(
///         TemplateBuilder::new()
///             .aid(&[0xA0, 0x00, 0x00, 0x00, 0x55, 0x55, 0x55])
///             .track2("1234567890123458", "1912", "201", "12345"),
///     )
///     .build()?;
/// assert_eq!(text, "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=");
///
/// // The flat `fields` shape gives the same code.
/// let again = CpmBuilder::from_fields([
///     ("85", "CPV01"),
///     ("61.4F", "A0000000555555"),
///     ("61.57", "1234567890123458D191220112345F"),
/// ])
/// .build()?;
/// assert_eq!(again, text);
/// assert_eq!(cpm::decode(&text)?.reencode()?, text);
/// # Ok::<(), cpm::CpmError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CpmBuilder {
    objects: Vec<Object>,
    options: CpmOptions,
    error: Option<CpmError>,
}

impl CpmBuilder {
    /// A code with its Payload Format Indicator (`85 "CPV01"`) and nothing else yet.
    pub fn new() -> CpmBuilder {
        CpmBuilder {
            objects: alloc::vec![Object {
                tag: Tag::PAYLOAD_FORMAT_INDICATOR,
                value: Value::Bytes(b"CPV01".to_vec()),
            }],
            ..CpmBuilder::default()
        }
    }

    /// A code from the flat `fields` shape of the CLI's JSON (`("85", "CPV01")`,
    /// `("61.4F", "A000000333010102")`, `("61[1].63.9F26", "…")`): text for the text tags,
    /// hex (either case) for the others, templates in the order their first field comes.
    /// The `85` field must be given. Errors (a path or value that cannot be read) are
    /// reported by [`CpmBuilder::build`].
    pub fn from_fields<'f, I>(fields: I) -> CpmBuilder
    where
        I: IntoIterator<Item = (&'f str, &'f str)>,
    {
        let mut b = CpmBuilder::default();
        for (path, value) in fields {
            if let Err(e) = insert_field(&mut b.objects, path, value) {
                b.error = Some(e);
                break;
            }
        }
        b
    }

    /// The rules the result is checked with (strict by default; lenient lets the deviations
    /// a lenient decode accepts through).
    #[must_use]
    pub fn options(mut self, options: CpmOptions) -> CpmBuilder {
        self.options = options;
        self
    }

    /// Adds an application template (`61`).
    #[must_use]
    pub fn application(mut self, template: TemplateBuilder) -> CpmBuilder {
        self.objects.push(Object {
            tag: Tag::APPLICATION_TEMPLATE,
            value: Value::Template(template.into_objects(Tag::APPLICATION_TRANSPARENT_TEMPLATE)),
        });
        self
    }

    /// Sets the common data template (`62`).
    #[must_use]
    pub fn common_data(mut self, template: TemplateBuilder) -> CpmBuilder {
        let value = Value::Template(template.into_objects(Tag::COMMON_DATA_TRANSPARENT_TEMPLATE));
        match self
            .objects
            .iter_mut()
            .find(|o| o.tag == Tag::COMMON_DATA_TEMPLATE)
        {
            Some(o) => o.value = value,
            None => self.objects.push(Object {
                tag: Tag::COMMON_DATA_TEMPLATE,
                value,
            }),
        }
        self
    }

    /// The decoded bytes of the code.
    ///
    /// # Errors
    ///
    /// A field that could not be read, a value over 65,535 bytes, or anything the decoder
    /// rejects (with the offset in these bytes).
    pub fn build_bytes(&self) -> Result<Vec<u8>, CpmError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let len = encoded_len(&self.objects, CpmPath::ROOT)?;
        let mut out = Vec::with_capacity(len);
        write(&self.objects, &mut out);
        ber::walk(&out, self.options.is_lenient(), &mut Ignore)?;
        Ok(out)
    }

    /// The code: base64 with padding of the bytes, checked by the decoder's rules.
    ///
    /// # Errors
    ///
    /// As [`CpmBuilder::build_bytes`], and [`CpmErrorKind::TooLong`] when the text would be
    /// longer than [`crate::validate::MAX_INPUT_BYTES`].
    pub fn build(&self) -> Result<String, CpmError> {
        let bytes = self.build_bytes()?;
        let text = base64::encode(&bytes);
        if text.len() > crate::validate::MAX_INPUT_BYTES {
            return Err(CpmError::new(
                CpmErrorKind::TooLong,
                crate::validate::MAX_INPUT_BYTES / 4 * 3,
                CpmPath::ROOT,
            ));
        }
        Ok(text)
    }
}

/// The data objects of one template (an application `61` or the common data `62`), with
/// typed setters. Setters store the encoding as given; [`CpmBuilder::build`] checks it (a PAN
/// with a letter is reported there, with its path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateBuilder {
    objects: Vec<Object>,
    transparent: Option<Vec<Object>>,
}

impl TemplateBuilder {
    /// An empty template.
    pub fn new() -> TemplateBuilder {
        TemplateBuilder::default()
    }

    /// Sets a data object (replacing one with the same tag); unknown and proprietary tags
    /// included.
    #[must_use]
    pub fn tag(mut self, tag: Tag, value: &[u8]) -> TemplateBuilder {
        let value = Value::Bytes(value.to_vec());
        match self.objects.iter_mut().find(|o| o.tag == tag) {
            Some(o) => o.value = value,
            None => self.objects.push(Object { tag, value }),
        }
        self
    }

    /// `4F` the application identifier.
    #[must_use]
    pub fn aid(self, aid: &[u8]) -> TemplateBuilder {
        self.tag(Tag::AID, aid)
    }

    /// `50` the application label.
    #[must_use]
    pub fn label(self, label: &str) -> TemplateBuilder {
        self.tag(Tag::APPLICATION_LABEL, label.as_bytes())
    }

    /// `57` the track 2 equivalent data from its parts (digits; expiry `YYMM`); `F`-padded.
    #[must_use]
    pub fn track2(
        self,
        pan: &str,
        expiry: &str,
        service_code: &str,
        discretionary: &str,
    ) -> TemplateBuilder {
        let mut n: Vec<u8> = pan.bytes().map(nibble).collect();
        n.push(0xD);
        for part in [expiry, service_code, discretionary] {
            n.extend(part.bytes().map(nibble));
        }
        self.tag(Tag::TRACK2, &pack(&n))
    }

    /// `5A` the application PAN (digits; `F`-padded).
    #[must_use]
    pub fn pan(self, pan: &str) -> TemplateBuilder {
        let n: Vec<u8> = pan.bytes().map(nibble).collect();
        self.tag(Tag::PAN, &pack(&n))
    }

    /// `5F34` the PAN sequence number (0–99).
    #[must_use]
    pub fn pan_sequence_number(self, n: u8) -> TemplateBuilder {
        let bcd = if n > 99 {
            0xFF
        } else {
            (n / 10) << 4 | (n % 10)
        };
        self.tag(Tag::PAN_SEQUENCE_NUMBER, &[bcd])
    }

    /// `5F20` the cardholder name.
    #[must_use]
    pub fn cardholder_name(self, name: &str) -> TemplateBuilder {
        self.tag(Tag::CARDHOLDER_NAME, name.as_bytes())
    }

    /// `5F2D` the language preference (`"enfr"`).
    #[must_use]
    pub fn language_preference(self, languages: &str) -> TemplateBuilder {
        self.tag(Tag::LANGUAGE_PREFERENCE, languages.as_bytes())
    }

    /// `5F50` the issuer URL.
    #[must_use]
    pub fn issuer_url(self, url: &str) -> TemplateBuilder {
        self.tag(Tag::ISSUER_URL, url.as_bytes())
    }

    /// `9F25` the last four digits of the PAN.
    #[must_use]
    pub fn last_four_digits(self, digits: &str) -> TemplateBuilder {
        let n: Vec<u8> = digits.bytes().map(nibble).collect();
        self.tag(Tag::LAST_FOUR_DIGITS, &pack(&n))
    }

    /// `9F26` the application cryptogram.
    #[must_use]
    pub fn cryptogram(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::APPLICATION_CRYPTOGRAM, v)
    }

    /// `9F27` the cryptogram information data.
    #[must_use]
    pub fn cryptogram_information_data(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::CRYPTOGRAM_INFORMATION_DATA, v)
    }

    /// `9F10` the issuer application data.
    #[must_use]
    pub fn issuer_application_data(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::ISSUER_APPLICATION_DATA, v)
    }

    /// `9F36` the application transaction counter.
    #[must_use]
    pub fn application_transaction_counter(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::APPLICATION_TRANSACTION_COUNTER, v)
    }

    /// `9F37` the unpredictable number.
    #[must_use]
    pub fn unpredictable_number(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::UNPREDICTABLE_NUMBER, v)
    }

    /// `82` the application interchange profile.
    #[must_use]
    pub fn application_interchange_profile(self, v: &[u8]) -> TemplateBuilder {
        self.tag(Tag::APPLICATION_INTERCHANGE_PROFILE, v)
    }

    /// The transparent template (`63` in an application, `64` in the common data), written
    /// after this template's other data objects.
    #[must_use]
    pub fn transparent(mut self, template: TemplateBuilder) -> TemplateBuilder {
        self.transparent = Some(template.objects);
        self
    }

    fn into_objects(self, transparent_tag: Tag) -> Vec<Object> {
        let mut objects = self.objects;
        if let Some(t) = self.transparent {
            objects.push(Object {
                tag: transparent_tag,
                value: Value::Template(t),
            });
        }
        objects
    }
}

/// A digit's nibble; anything else becomes `E`, which the decoder's rules reject.
fn nibble(c: u8) -> u8 {
    if c.is_ascii_digit() {
        c - b'0'
    } else {
        0xE
    }
}

/// Nibbles into bytes, an odd count padded with `F`.
fn pack(n: &[u8]) -> Vec<u8> {
    n.chunks(2)
        .map(|p| match p {
            [hi, lo] => hi << 4 | lo,
            [hi] => hi << 4 | 0xF,
            _ => 0xFF,
        })
        .collect()
}

/// The bytes a length takes.
fn length_len(len: usize) -> usize {
    match len {
        0..=0x7F => 1,
        0x80..=0xFF => 2,
        _ => 3,
    }
}

/// Encoded size of `objects`; values over 65,535 bytes are refused (offset 0: the path names
/// the value).
fn encoded_len(objects: &[Object], path: CpmPath) -> Result<usize, CpmError> {
    let mut total = 0usize;
    for (i, o) in objects.iter().enumerate() {
        let here = || {
            let earlier = objects.get(..i).unwrap_or(&[]);
            let index = earlier.iter().filter(|e| e.tag == o.tag).count();
            path.child(o.tag, u8::try_from(index).unwrap_or(u8::MAX))
        };
        let len = match &o.value {
            Value::Bytes(b) => b.len(),
            Value::Template(t) => encoded_len(t, here())?,
        };
        if len > 0xFFFF {
            return Err(CpmError::new(CpmErrorKind::ValueTooLong, 0, here()));
        }
        total += o.tag.len() + length_len(len) + len;
    }
    Ok(total)
}

/// Encoded size of a value already checked by [`encoded_len`].
fn value_len(value: &Value) -> usize {
    match value {
        Value::Bytes(b) => b.len(),
        Value::Template(t) => t
            .iter()
            .map(|o| {
                let len = value_len(&o.value);
                o.tag.len() + length_len(len) + len
            })
            .sum(),
    }
}

/// Writes `objects` (their sizes already checked by [`encoded_len`]).
fn write(objects: &[Object], out: &mut Vec<u8>) {
    for o in objects {
        out.extend(o.tag.bytes());
        let len = value_len(&o.value);
        let [_, _, hi, lo] = u32::try_from(len).unwrap_or(0).to_be_bytes();
        match length_len(len) {
            1 => out.push(lo),
            2 => out.extend_from_slice(&[0x81, lo]),
            _ => out.extend_from_slice(&[0x82, hi, lo]),
        }
        match &o.value {
            Value::Bytes(b) => out.extend_from_slice(b),
            Value::Template(t) => write(t, out),
        }
    }
}

/// An error about a field given to [`CpmBuilder::from_fields`].
fn bad_field(path: CpmPath) -> CpmError {
    CpmError::new(CpmErrorKind::InvalidField, 0, path)
}

/// Reads a field path (`61[1].63.9F26`) and places its value in the tree.
fn insert_field(objects: &mut Vec<Object>, path: &str, value: &str) -> Result<(), CpmError> {
    let mut levels: [(Tag, u8); super::error::MAX_DEPTH] = Default::default();
    let mut depth = 0;
    let mut read = CpmPath::ROOT;
    for segment in path.split('.') {
        let (tag, index) = match segment.split_once('[') {
            Some((tag, rest)) => {
                let n = rest.strip_suffix(']').and_then(|n| {
                    (n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| n.parse::<u8>().ok())
                        .flatten()
                });
                (Tag::parse_hex(tag), n)
            }
            None => (Tag::parse_hex(segment), Some(0)),
        };
        let (Some(tag), Some(index)) = (tag, index) else {
            return Err(bad_field(read));
        };
        let slot = levels.get_mut(depth).ok_or_else(|| bad_field(read))?;
        *slot = (tag, index);
        depth += 1;
        read = read.child(tag, index);
    }
    let levels = levels.get(..depth).unwrap_or(&[]);
    let Some(&(leaf, _)) = levels.last() else {
        return Err(bad_field(read));
    };
    if leaf.is_constructed() {
        return Err(bad_field(read));
    }
    let bytes = if leaf.is_text() {
        value.as_bytes().to_vec()
    } else {
        unhex(value).ok_or_else(|| bad_field(read))?
    };
    place(objects, levels, bytes, CpmPath::ROOT).map_err(|_| bad_field(read))
}

/// Puts `bytes` at `levels` under `objects`; templates are created as their first field
/// comes, and a repeated template's index must be the next one.
fn place(
    objects: &mut Vec<Object>,
    levels: &[(Tag, u8)],
    bytes: Vec<u8>,
    path: CpmPath,
) -> Result<(), ()> {
    let Some((&(tag, index), rest)) = levels.split_first() else {
        return Err(());
    };
    let count = objects.iter().filter(|o| o.tag == tag).count();
    let index = usize::from(index);
    if rest.is_empty() {
        // A leaf: given once.
        if count != 0 || index != 0 {
            return Err(());
        }
        objects.push(Object {
            tag,
            value: Value::Bytes(bytes),
        });
        return Ok(());
    }
    if !tag.is_constructed() || index > count {
        return Err(());
    }
    if index == count {
        objects.push(Object {
            tag,
            value: Value::Template(Vec::new()),
        });
    }
    let here = path.child(tag, u8::try_from(index).unwrap_or(u8::MAX));
    let target = objects
        .iter_mut()
        .filter(|o| o.tag == tag)
        .nth(index)
        .ok_or(())?;
    match &mut target.value {
        Value::Template(children) => place(children, rest, bytes, here),
        Value::Bytes(_) => Err(()),
    }
}

/// Hex of either case, an even number of digits.
fn unhex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks(2)
        .map(|p| {
            let hi = char::from(*p.first()?).to_digit(16)?;
            let lo = char::from(*p.get(1)?).to_digit(16)?;
            u8::try_from(hi << 4 | lo).ok()
        })
        .collect()
}
