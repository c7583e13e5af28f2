//! The BER-TLV layer: one level of data objects over borrowed bytes ([`Tlvs`]), and the walk
//! that applies the consumer-presented rules to the whole tree. Nothing here allocates.

use super::error::{CpmError, CpmErrorKind, CpmPath, MAX_DEPTH};
use super::tag::{Format, Tag};

/// One data object: its tag, where it starts, and its value borrowed from the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    tag: Tag,
    offset: usize,
    header_len: usize,
    value: &'a [u8],
    minimal: bool,
}

impl<'a> Tlv<'a> {
    /// The tag.
    pub const fn tag(&self) -> Tag {
        self.tag
    }

    /// Byte offset of the tag in the whole code.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the length field.
    pub const fn length_offset(&self) -> usize {
        self.offset + self.tag.len()
    }

    /// Byte offset of the value.
    pub const fn value_offset(&self) -> usize {
        self.offset + self.header_len
    }

    /// The value.
    pub const fn value(&self) -> &'a [u8] {
        self.value
    }

    /// Tag, length and value together, in bytes.
    pub const fn encoded_len(&self) -> usize {
        self.header_len + self.value.len()
    }

    /// Whether the length is written in its shortest form.
    pub const fn is_minimal(&self) -> bool {
        self.minimal
    }

    /// The data objects inside a constructed data object, with their offsets in the whole
    /// code, under `path` (this object's path).
    pub fn children(&self, path: CpmPath) -> Tlvs<'a> {
        Tlvs::within(self.value, self.value_offset(), path)
    }
}

/// The data objects of one level: an iterator over borrowed bytes that stops after the first
/// error. Offsets count from the start of the whole code.
///
/// ```
/// use emvqr::cpm::{Tag, Tlvs};
/// let bytes = [0x85, 0x05, b'C', b'P', b'V', b'0', b'1', 0x61, 0x03, 0x4F, 0x01, 0xA0];
/// let tags: Vec<Tag> = Tlvs::new(&bytes).map(|t| t.map(|t| t.tag())).collect::<Result<_, _>>()?;
/// assert_eq!(tags, [Tag::PAYLOAD_FORMAT_INDICATOR, Tag::APPLICATION_TEMPLATE]);
/// # Ok::<(), emvqr::cpm::CpmError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tlvs<'a> {
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    path: CpmPath,
    done: bool,
}

impl<'a> Tlvs<'a> {
    /// The top level of `bytes` (a whole decoded code).
    pub fn new(bytes: &'a [u8]) -> Tlvs<'a> {
        Tlvs::within(bytes, 0, CpmPath::ROOT)
    }

    /// The data objects of `bytes`, which start at byte `base` of the code, under `path`.
    pub(crate) fn within(bytes: &'a [u8], base: usize, path: CpmPath) -> Tlvs<'a> {
        Tlvs {
            bytes,
            pos: 0,
            base,
            path,
            done: false,
        }
    }

    /// An error about the object whose tag starts at `rel` (path: this level + that tag).
    fn fail(&mut self, kind: CpmErrorKind, at: usize, tag: Option<(Tag, usize)>) -> CpmError {
        self.done = true;
        let path = match tag {
            Some((tag, rel)) => {
                let earlier = self.bytes.get(..rel).unwrap_or(&[]);
                self.path.child(tag, occurrences(earlier, tag))
            }
            None => self.path,
        };
        CpmError::new(kind, self.base + at, path)
    }

    fn read(&mut self) -> Result<Tlv<'a>, CpmError> {
        let start = self.pos;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let (tag, tag_len) = match Tag::read(rest) {
            Some(Ok(t)) => t,
            Some(Err(())) => return Err(self.fail(CpmErrorKind::InvalidTag, start, None)),
            None => return Err(self.fail(CpmErrorKind::Truncated, start, None)),
        };
        let at = start + tag_len;
        let named = Some((tag, start));
        let Some(&first) = self.bytes.get(at) else {
            return Err(self.fail(CpmErrorKind::Truncated, at, named));
        };
        let (len, len_len, minimal) = match first {
            0..=0x7F => (usize::from(first), 1, true),
            0x81 => match self.bytes.get(at + 1) {
                Some(&n) => (usize::from(n), 2, n >= 0x80),
                None => return Err(self.fail(CpmErrorKind::Truncated, at, named)),
            },
            0x82 => match (self.bytes.get(at + 1), self.bytes.get(at + 2)) {
                (Some(&hi), Some(&lo)) => {
                    let n = usize::from(u16::from_be_bytes([hi, lo]));
                    (n, 3, n > 0xFF)
                }
                _ => return Err(self.fail(CpmErrorKind::Truncated, at, named)),
            },
            _ => return Err(self.fail(CpmErrorKind::InvalidLength(first), at, named)),
        };
        let value_start = at + len_len;
        let Some(value) = self.bytes.get(value_start..value_start.saturating_add(len)) else {
            return Err(self.fail(CpmErrorKind::Truncated, at, named));
        };
        self.pos = value_start + len;
        Ok(Tlv {
            tag,
            offset: self.base + start,
            header_len: tag_len + len_len,
            value,
            minimal,
        })
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, CpmError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.pos >= self.bytes.len() {
            return None;
        }
        Some(self.read())
    }
}

/// How many data objects with `tag` the (well-formed) bytes hold at their top level.
fn occurrences(bytes: &[u8], tag: Tag) -> u8 {
    let n = Tlvs::new(bytes)
        .map_while(Result::ok)
        .filter(|t| t.tag == tag)
        .count();
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// A data object met by the walk, with its path.
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub(crate) struct Node<'a> {
    pub(crate) tlv: Tlv<'a>,
    pub(crate) path: CpmPath,
    /// A top-level `63` read (leniently) as the transparent template of the `61` before it.
    pub(crate) adopted: bool,
}

/// What the walk reports to: every data object in order (a template before its contents),
/// and the deviations a lenient walk let through.
pub(crate) trait Visit<'a> {
    fn node(&mut self, node: &Node<'a>);
    fn warning(&mut self, warning: CpmError);
}

/// A visitor that keeps nothing.
pub(crate) struct Ignore;

impl Visit<'_> for Ignore {
    fn node(&mut self, _: &Node<'_>) {}
    fn warning(&mut self, _: CpmError) {}
}

/// Which template a level is the content of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Application,
    Common,
    ApplicationTransparent,
    CommonTransparent,
    Other,
}

impl Level {
    fn of(tag: Tag) -> Level {
        match tag {
            Tag::APPLICATION_TEMPLATE => Level::Application,
            Tag::COMMON_DATA_TEMPLATE => Level::Common,
            Tag::APPLICATION_TRANSPARENT_TEMPLATE => Level::ApplicationTransparent,
            Tag::COMMON_DATA_TRANSPARENT_TEMPLATE => Level::CommonTransparent,
            _ => Level::Other,
        }
    }
}

const PFI: &[u8] = b"CPV01";

struct Walk<'v, V> {
    lenient: bool,
    visit: &'v mut V,
}

/// Walks a whole decoded code and applies every rule; the first error ends the walk.
pub(crate) fn walk<'a, V: Visit<'a>>(
    bytes: &'a [u8],
    lenient: bool,
    visit: &mut V,
) -> Result<(), CpmError> {
    if bytes.is_empty() {
        return Err(CpmError::new(CpmErrorKind::Empty, 0, CpmPath::ROOT));
    }
    let mut w = Walk { lenient, visit };
    w.level(bytes, 0, CpmPath::ROOT, Level::Top, 0)?;
    w.common_data_duplicates(bytes)
}

impl<'a, V: Visit<'a>> Walk<'_, V> {
    /// An error, or (lenient, for the kinds that allow it) a warning.
    fn deviation(
        &mut self,
        kind: CpmErrorKind,
        offset: usize,
        path: CpmPath,
    ) -> Result<(), CpmError> {
        let e = CpmError::new(kind, offset, path);
        if self.lenient && kind.is_lenient() {
            self.visit.warning(e);
            Ok(())
        } else {
            Err(e)
        }
    }

    /// The data objects of one level: `bytes` start at `base`; `owner` is the offset of the
    /// template holding them.
    fn level(
        &mut self,
        bytes: &'a [u8],
        base: usize,
        path: CpmPath,
        level: Level,
        owner: usize,
    ) -> Result<(), CpmError> {
        let mut saw_aid = false;
        let mut saw_application = false;
        let mut previous_application = false;
        // The tags met so far at this level, to count repeats without reading the level again
        // (past the first few, earlier siblings are read again).
        let mut seen = [Tag::ZERO; 16];
        for (i, tlv) in Tlvs::within(bytes, base, path).enumerate() {
            let tlv = tlv?;
            let tag = tlv.tag;
            let index = match seen.split_at_mut_checked(i) {
                Some((earlier, [slot, ..])) => {
                    *slot = tag;
                    let n = earlier.iter().filter(|t| **t == tag).count();
                    u8::try_from(n).unwrap_or(u8::MAX)
                }
                _ => occurrences(bytes.get(..tlv.offset - base).unwrap_or(&[]), tag),
            };
            let here = path.child(tag, index);
            let repeatable = level == Level::Top && tag == Tag::APPLICATION_TEMPLATE;
            if index > 0 && !repeatable {
                return Err(CpmError::new(CpmErrorKind::DuplicateTag, tlv.offset, here));
            }
            if level == Level::Top && i == 0 && tag != Tag::PAYLOAD_FORMAT_INDICATOR {
                return Err(CpmError::new(CpmErrorKind::PfiNotFirst, tlv.offset, here));
            }
            if !tlv.minimal {
                self.deviation(CpmErrorKind::NonMinimalLength, tlv.length_offset(), here)?;
            }
            let mut adopted = false;
            if level == Level::Top {
                match tag {
                    Tag::PAYLOAD_FORMAT_INDICATOR => {
                        if tlv.value != PFI {
                            return Err(CpmError::new(
                                CpmErrorKind::InvalidPfi,
                                tlv.value_offset(),
                                here,
                            ));
                        }
                    }
                    Tag::APPLICATION_TEMPLATE | Tag::COMMON_DATA_TEMPLATE => {}
                    Tag::APPLICATION_TRANSPARENT_TEMPLATE
                    | Tag::COMMON_DATA_TRANSPARENT_TEMPLATE => {
                        self.deviation(CpmErrorKind::MisplacedTemplate, tlv.offset, here)?;
                        adopted =
                            tag == Tag::APPLICATION_TRANSPARENT_TEMPLATE && previous_application;
                    }
                    _ if !tag.is_constructed() => {
                        return Err(CpmError::new(
                            CpmErrorKind::ExpectedTemplate,
                            tlv.offset,
                            here,
                        ));
                    }
                    _ => self.deviation(CpmErrorKind::UnexpectedTag, tlv.offset, here)?,
                }
                saw_application |= tag == Tag::APPLICATION_TEMPLATE;
                previous_application = tag == Tag::APPLICATION_TEMPLATE;
            } else {
                let misplaced = match tag {
                    Tag::PAYLOAD_FORMAT_INDICATOR
                    | Tag::APPLICATION_TEMPLATE
                    | Tag::COMMON_DATA_TEMPLATE => Some(CpmErrorKind::UnexpectedTag),
                    Tag::APPLICATION_TRANSPARENT_TEMPLATE if level != Level::Application => {
                        Some(CpmErrorKind::MisplacedTemplate)
                    }
                    Tag::COMMON_DATA_TRANSPARENT_TEMPLATE if level != Level::Common => {
                        Some(CpmErrorKind::MisplacedTemplate)
                    }
                    _ => None,
                };
                if let Some(kind) = misplaced {
                    self.deviation(kind, tlv.offset, here)?;
                }
                saw_aid |= tag == Tag::AID;
            }
            self.visit.node(&Node {
                tlv,
                path: here,
                adopted,
            });
            if tag.is_constructed() {
                if tlv.value.is_empty() {
                    return Err(CpmError::new(CpmErrorKind::EmptyTemplate, tlv.offset, here));
                }
                if here.depth() >= MAX_DEPTH {
                    return Err(CpmError::new(CpmErrorKind::TooDeep, tlv.offset, here));
                }
                self.level(
                    tlv.value,
                    tlv.value_offset(),
                    here,
                    Level::of(tag),
                    tlv.offset,
                )?;
            } else {
                self.value(&tlv, here)?;
            }
        }
        match level {
            Level::Top if !saw_application => Err(CpmError::new(
                CpmErrorKind::Missing,
                base + bytes.len(),
                path.child(Tag::APPLICATION_TEMPLATE, 0),
            )),
            Level::Application if !saw_aid => Err(CpmError::new(
                CpmErrorKind::Missing,
                owner,
                path.child(Tag::AID, 0),
            )),
            _ => Ok(()),
        }
    }

    /// The format of a primitive value.
    fn value(&mut self, tlv: &Tlv<'a>, path: CpmPath) -> Result<(), CpmError> {
        let v = tlv.value;
        let at = tlv.value_offset();
        let ok = match tlv.tag.format() {
            Format::Text => return self.text(v, at, path),
            Format::Binary | Format::Template => tlv.tag != Tag::AID || (5..=16).contains(&v.len()),
            Format::Numeric(n) => v.len() == usize::from(n) && nibbles(v).all(|d| d <= 9),
            Format::CompressedNumeric => v.len() <= 10 && digits_then_f(nibbles(v), 19),
            Format::Track2 => v.len() <= 19 && track2_ok(v),
        };
        if ok {
            Ok(())
        } else {
            self.deviation(CpmErrorKind::InvalidValue, at, path)
        }
    }

    /// Text: printable ASCII; a lenient walk also takes other UTF-8 text without control
    /// characters.
    fn text(&mut self, v: &[u8], at: usize, path: CpmPath) -> Result<(), CpmError> {
        let Some(non_ascii) = v.iter().position(|b| !(0x20..=0x7E).contains(b)) else {
            return Ok(());
        };
        let (valid, invalid_from) = match core::str::from_utf8(v) {
            Ok(s) => (s, None),
            Err(e) => {
                let prefix = v.get(..e.valid_up_to()).unwrap_or(&[]);
                (
                    core::str::from_utf8(prefix).unwrap_or(""),
                    Some(e.valid_up_to()),
                )
            }
        };
        let control = valid
            .char_indices()
            .find(|(_, c)| c.is_control())
            .map(|(i, _)| i);
        match control.or(invalid_from) {
            None => self.deviation(CpmErrorKind::NonAscii, at + non_ascii, path),
            Some(i) => Err(CpmError::new(CpmErrorKind::InvalidCharacter, at + i, path)),
        }
    }

    /// A data object of the common data template that an application template already holds.
    fn common_data_duplicates(&mut self, bytes: &'a [u8]) -> Result<(), CpmError> {
        let top = || Tlvs::new(bytes).map_while(Result::ok);
        let Some(common) = top().find(|t| t.tag == Tag::COMMON_DATA_TEMPLATE) else {
            return Ok(());
        };
        let common_path = CpmPath::ROOT.child(Tag::COMMON_DATA_TEMPLATE, 0);
        for item in common.children(common_path).map_while(Result::ok) {
            if item.tag.is_constructed() {
                continue;
            }
            let in_application = top()
                .filter(|t| t.tag == Tag::APPLICATION_TEMPLATE)
                .any(|app| {
                    app.children(CpmPath::ROOT)
                        .map_while(Result::ok)
                        .any(|t| t.tag == item.tag)
                });
            if in_application {
                self.deviation(
                    CpmErrorKind::DuplicateInCommonData,
                    item.offset,
                    common_path.child(item.tag, 0),
                )?;
            }
        }
        Ok(())
    }
}

/// The nibbles of `bytes`, high first.
pub(crate) fn nibbles(bytes: &[u8]) -> impl Iterator<Item = u8> + '_ {
    bytes.iter().flat_map(|b| [b >> 4, b & 0x0F])
}

/// Between 1 and `max` digits, then only `F` padding.
fn digits_then_f(mut n: impl Iterator<Item = u8>, max: usize) -> bool {
    let mut digits = 0;
    for d in n.by_ref() {
        match d {
            0..=9 => digits += 1,
            0xF => break,
            _ => return false,
        }
    }
    (1..=max).contains(&digits) && n.all(|d| d == 0xF)
}

/// Track 2: 1–19 PAN digits, `D`, at least the expiry date (4 digits) and service code (3),
/// more digits, and one `F` at most, as the last nibble.
fn track2_ok(v: &[u8]) -> bool {
    let total = v.len() * 2;
    let (mut pan, mut separator, mut after) = (0, false, 0);
    for (i, d) in nibbles(v).enumerate() {
        match (separator, d) {
            (false, 0..=9) => pan += 1,
            (false, 0xD) => separator = true,
            (true, 0..=9) => after += 1,
            (true, 0xF) if i + 1 == total => {}
            _ => return false,
        }
    }
    separator && (1..=19).contains(&pan) && after >= 7
}
