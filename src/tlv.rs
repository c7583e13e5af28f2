//! Syntax layer: `ID(2 digits) LEN(2 digits) VALUE`, lengths in characters, values borrowed.

use core::fmt;

use crate::error::{Error, ErrorKind, Path};

/// A data object ID, `00`–`99`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(u8);

impl Id {
    /// An ID from its number; `None` above 99.
    pub const fn new(n: u8) -> Option<Id> {
        if n <= 99 {
            Some(Id(n))
        } else {
            None
        }
    }

    /// An ID from a number known to be ≤ 99 (crate-internal).
    pub(crate) const fn of(n: u8) -> Id {
        Id(if n <= 99 { n } else { 99 })
    }

    /// The number.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// Parses two ASCII digits.
    pub fn parse(s: &str) -> Option<Id> {
        match s.as_bytes() {
            [a, b] => two_digits(*a, *b).map(Id),
            _ => None,
        }
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({:02})", self.0)
    }
}

impl From<Id> for u8 {
    fn from(id: Id) -> u8 {
        id.0
    }
}

impl TryFrom<u8> for Id {
    type Error = u8;
    fn try_from(n: u8) -> Result<Id, u8> {
        Id::new(n).ok_or(n)
    }
}

/// The first byte of a character of four bytes in UTF-8: one outside the Basic Multilingual
/// Plane, two UTF-16 units.
fn is_astral_lead(b: u8) -> bool {
    b >= 0xF0
}

/// Whether `b` continues a multi-byte UTF-8 character.
const fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

pub(crate) const fn two_digits(a: u8, b: u8) -> Option<u8> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some((a - b'0') * 10 + (b - b'0'))
    } else {
        None
    }
}

/// The unit in which the two-digit lengths count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LengthUnit {
    /// Unicode scalar values (characters): what EMVCo and UnionPay specify.
    #[default]
    Chars,
    /// UTF-16 code units, as JavaScript's `String.length` counts (KHQR and ELQR reference
    /// implementations). Differs from `Chars` only outside the Basic Multilingual Plane.
    Utf16,
}

impl LengthUnit {
    /// Length of `s` in this unit.
    pub fn count(self, s: &str) -> usize {
        self.count_bytes(s.as_bytes())
    }

    /// Length in this unit of `b`, the UTF-8 bytes of whole characters: one unit per lead
    /// byte, a second one in UTF-16 for each four-byte character.
    pub(crate) fn count_bytes(self, b: &[u8]) -> usize {
        if b.is_ascii() {
            return b.len();
        }
        let chars = b.iter().filter(|&&c| !is_continuation(c)).count();
        match self {
            LengthUnit::Chars => chars,
            LengthUnit::Utf16 => chars + b.iter().filter(|&&c| is_astral_lead(c)).count(),
        }
    }

    /// Whether both units count every part of `s` alike: no character outside the Basic
    /// Multilingual Plane (the only ones UTF-16 counts as two).
    #[cfg(feature = "alloc")]
    pub(crate) fn alike(s: &str) -> bool {
        s.is_ascii() || !s.bytes().any(is_astral_lead)
    }

    /// Byte length of the first `n` units of `s`, or `None` if `s` is shorter (or the
    /// `n`-th unit would split a surrogate pair).
    pub(crate) fn prefix_bytes(self, s: &str, n: usize) -> Option<usize> {
        let mut units = 0;
        for (i, c) in s.char_indices() {
            if units == n {
                return Some(i);
            }
            units += match self {
                LengthUnit::Chars => 1,
                LengthUnit::Utf16 => c.len_utf16(),
            };
            if units > n {
                return None;
            }
        }
        (units == n).then_some(s.len())
    }
}

/// One data object: ID, value (a slice of the input) and where it sits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tlv<'a> {
    id: Id,
    value: &'a str,
    offset: usize,
    parent: Path,
}

impl<'a> Tlv<'a> {
    pub(crate) const fn from_parts(id: Id, value: &'a str, offset: usize, parent: Path) -> Tlv<'a> {
        Tlv {
            id,
            value,
            offset,
            parent,
        }
    }

    /// The ID.
    pub const fn id(&self) -> Id {
        self.id
    }

    /// The value, borrowed from the input.
    pub const fn value(&self) -> &'a str {
        self.value
    }

    /// Byte offset of the ID in the whole payload.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the value in the whole payload.
    pub const fn value_offset(&self) -> usize {
        self.offset + 4
    }

    /// Byte offset just past the value.
    pub const fn end(&self) -> usize {
        self.offset + 4 + self.value.len()
    }

    /// The ID path of this object (`62.05`).
    pub const fn path(&self) -> Path {
        self.parent.child(self.id.0)
    }

    /// Whether this object sits where EMV MPM puts templates (26–51, 62, 64, 80–99, and
    /// 62.50–99) and its value scans cleanly as nested data objects.
    pub fn is_template(&self, unit: LengthUnit) -> bool {
        self.at_template_position() && self.children(unit).all(|c| c.is_ok())
    }

    /// Whether this object sits where EMV MPM puts templates.
    pub(crate) fn at_template_position(&self) -> bool {
        template_position(self.path().ids())
    }

    /// Scans the value as a template (nested data objects), lazily.
    pub fn children(&self, unit: LengthUnit) -> Tlvs<'a> {
        Tlvs::nested(self.value, self.value_offset(), self.path(), unit)
    }
}

/// Whether an object with this ID path sits where EMV MPM puts templates: 26–51, 62, 64 and
/// 80–99 at the root, 50–99 inside 62.
#[inline]
pub(crate) fn template_position(ids: &[u8]) -> bool {
    matches!(ids, [26..=51] | [62] | [64] | [80..=99] | [62, 50..=99])
}

impl fmt::Debug for Tlv<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{} {:?}", self.path(), self.offset, self.value)
    }
}

/// Why a data object could not be read: the error kind, its byte offset in the scanned text,
/// and the ID of the object concerned (`None`: the enclosing level).
pub(crate) type Broken = (ErrorKind, usize, Option<u8>);

/// One data object as [`read`] finds it.
#[derive(Clone, Copy)]
pub(crate) struct Read<'a> {
    pub(crate) id: u8,
    /// The value's bytes: whole characters (empty for a length of `00`).
    pub(crate) value: &'a [u8],
    /// Byte offset just past the value.
    pub(crate) end: usize,
}

/// Reads the data object that starts at byte `pos` of `text`, in a template or payload that
/// ends at byte `limit`: its ID and value (empty for a length of `00`; whether that is allowed
/// is the caller's to decide). `Ok(None)` at the end. With `ascii`, the text is known to be
/// ASCII and lengths are byte counts. `limit` must fall between characters.
///
/// The one place the `ID LEN VALUE` syntax is decoded: the [`Tlvs`] iterator and the
/// validator both read through it.
#[inline(always)]
pub(crate) fn read(
    text: &str,
    pos: usize,
    limit: usize,
    unit: LengthUnit,
    ascii: bool,
) -> Result<Option<Read<'_>>, Broken> {
    let bytes = text.as_bytes().get(..limit).unwrap_or_default();
    let header = match bytes.get(pos..) {
        Some(rest) => match rest.first_chunk::<4>() {
            Some(h) => *h,
            None if rest.is_empty() => return Ok(None),
            None => return short(bytes, pos),
        },
        None => return Ok(None),
    };
    // The four header bytes are digits when no byte drops below '0' or climbs past '9'.
    let d = u32::from_le_bytes(header).wrapping_sub(0x3030_3030);
    if (d | d.wrapping_add(0x7676_7676)) & 0x8080_8080 != 0 {
        return Err(bad_header(header, pos));
    }
    // Byte 0 becomes `10 × ID₁ + ID₂` and byte 2 `10 × LEN₁ + LEN₂`; no byte overflows.
    let [id, _, len, _] = d.wrapping_mul(10).wrapping_add(d >> 8).to_le_bytes();
    let len = usize::from(len);
    let start = pos + 4;
    let ascii_end = start + len;
    let end = if ascii || bytes.get(start..ascii_end).is_some_and(<[u8]>::is_ascii) {
        // ASCII bytes are whole characters: the value is `len` bytes long.
        ascii_end
    } else {
        let tail = text.get(start..limit).unwrap_or("");
        match unit.prefix_bytes(tail, len) {
            Some(n) => start + n,
            None => usize::MAX,
        }
    };
    match bytes.get(start..end) {
        Some(value) => Ok(Some(Read { id, value, end })),
        None => Err((ErrorKind::Truncated, pos, Some(id))),
    }
}

/// Fewer than four bytes left at `pos`: the end, or a truncated header.
#[cold]
fn short(bytes: &[u8], pos: usize) -> Result<Option<Read<'_>>, Broken> {
    match bytes.get(pos..) {
        None | Some([]) => Ok(None),
        Some([a, b, ..]) => match two_digits(*a, *b) {
            None => Err((ErrorKind::InvalidId, pos, None)),
            Some(id) => Err((ErrorKind::Truncated, pos, Some(id))),
        },
        Some([_]) => Err((ErrorKind::Truncated, pos, None)),
    }
}

/// Which of the four header bytes is not a digit, as an error.
#[cold]
fn bad_header([i0, i1, _, _]: [u8; 4], pos: usize) -> Broken {
    match two_digits(i0, i1) {
        None => (ErrorKind::InvalidId, pos, None),
        Some(id) => (ErrorKind::InvalidLength, pos + 2, Some(id)),
    }
}

/// Iterator over the data objects of a payload or template, in order. Yields an error once
/// (and then stops) when the structure is broken.
#[derive(Clone, Debug)]
pub struct Tlvs<'a> {
    src: &'a str,
    pos: usize,
    base: usize,
    parent: Path,
    unit: LengthUnit,
    ascii: bool,
    empty_ok: bool,
}

impl<'a> Tlvs<'a> {
    /// Scans a whole payload (offsets start at 0), counting lengths in characters.
    pub fn new(src: &'a str) -> Tlvs<'a> {
        Tlvs::nested(src, 0, Path::ROOT, LengthUnit::Chars)
    }

    /// Scans a whole payload with a given length unit.
    pub fn with_unit(src: &'a str, unit: LengthUnit) -> Tlvs<'a> {
        Tlvs::nested(src, 0, Path::ROOT, unit)
    }

    /// Scans `src`, which starts at byte `base` of the whole payload, inside `parent`.
    pub fn nested(src: &'a str, base: usize, parent: Path, unit: LengthUnit) -> Tlvs<'a> {
        Tlvs {
            src,
            pos: 0,
            base,
            parent,
            unit,
            ascii: src.is_ascii(),
            empty_ok: false,
        }
    }

    /// Reads a length of `00` as an empty value instead of stopping with `zero_length` (what
    /// `ParseOptions::allow_zero_length` lets through).
    pub(crate) const fn allow_empty(mut self, yes: bool) -> Self {
        self.empty_ok = yes;
        self
    }

    /// Byte offset (in the whole payload) where the next object starts.
    pub fn position(&self) -> usize {
        self.base + self.pos.min(self.src.len())
    }

    /// The remaining, unscanned text.
    pub fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Ends the scan with an error at byte `at` of `src`, on the object `id` when known. Out
    /// of line: the path is built only here.
    #[cold]
    #[inline(never)]
    fn fail(
        &mut self,
        kind: ErrorKind,
        at: usize,
        id: Option<u8>,
    ) -> Option<Result<Tlv<'a>, Error>> {
        let path = id.map_or(self.parent, |id| self.parent.child(id));
        Some(Err(Error::new(kind, self.base + at, path)))
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, Error>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        match self.step()? {
            Ok(t) => Some(Ok(t)),
            Err((kind, at, id)) => self.fail(kind, at, id),
        }
    }
}

impl<'a> Tlvs<'a> {
    /// The next object, or why and where the walk broke (which ends it), without building
    /// the error: what the iterator, [`Tlvs::readable`] and the walks that only need to know
    /// whether a template reads whole all read. Its items stay small, so an object is handed
    /// over in registers rather than stored and read back before the stores have landed.
    #[inline(always)]
    pub(crate) fn step(&mut self) -> Option<Result<Tlv<'a>, Broken>> {
        let pos = self.pos;
        let broken = match read(self.src, pos, self.src.len(), self.unit, self.ascii) {
            Ok(None) => return None,
            Err(broken) => broken,
            Ok(Some(object)) if object.value.is_empty() && !self.empty_ok => {
                (ErrorKind::ZeroLength, pos + 2, Some(object.id))
            }
            // `read` keeps to whole characters: the slice is the value.
            Ok(Some(object)) => match self.src.get(pos + 4..object.end) {
                Some(value) => {
                    self.pos = object.end;
                    return Some(Ok(Tlv {
                        id: Id(object.id),
                        value,
                        offset: self.base + pos,
                        parent: self.parent,
                    }));
                }
                None => (ErrorKind::Truncated, pos, Some(object.id)),
            },
        };
        self.pos = usize::MAX;
        Some(Err(broken))
    }
}

impl core::iter::FusedIterator for Tlvs<'_> {}

impl<'a> Tlvs<'a> {
    /// The objects up to the first syntax error, which ends them (the error is not yielded).
    pub(crate) fn readable(self) -> Readable<'a> {
        Readable(self)
    }
}

/// [`Tlvs::readable`]: what `map_while(Result::ok)` gives, with a `next` that is always
/// inlined into the loop that reads it (the adapter's was a call per object).
#[derive(Clone, Debug)]
pub(crate) struct Readable<'a>(Tlvs<'a>);

impl<'a> Iterator for Readable<'a> {
    type Item = Tlv<'a>;

    #[inline(always)]
    fn next(&mut self) -> Option<Tlv<'a>> {
        self.0.step()?.ok()
    }
}

impl core::iter::FusedIterator for Readable<'_> {}

/// The two decimal digits of 0–99.
#[cfg(feature = "alloc")]
static DIGITS: [[u8; 2]; 100] = digit_pairs();

// Evaluated at compile time; every index is in range and every digit fits.
#[cfg(feature = "alloc")]
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const fn digit_pairs() -> [[u8; 2]; 100] {
    let mut t = [[0u8; 2]; 100];
    let mut n = 0;
    while n < 100 {
        t[n] = [b'0' + (n / 10) as u8, b'0' + (n % 10) as u8];
        n += 1;
    }
    t
}

/// One data object header: `ID` and the two-digit length (lengths over 99 are written as 99;
/// callers refuse them first).
#[cfg(feature = "alloc")]
#[inline]
pub(crate) fn header(id: Id, len: usize) -> [u8; 4] {
    let two = |n: usize| DIGITS.get(n.min(99)).copied().unwrap_or(*b"99");
    let ([a, b], [c, d]) = (two(usize::from(id.0)), two(len));
    [a, b, c, d]
}

/// Writes one data object header (`ID` and two-digit length) to `w`.
#[cfg(feature = "alloc")]
pub(crate) fn write_header(w: &mut impl fmt::Write, id: Id, len: usize) -> fmt::Result {
    let h = header(id, len);
    w.write_str(core::str::from_utf8(&h).unwrap_or("0000"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::ToString;
    use std::vec::Vec;

    /// `readable` gives what the iterator's results give up to the first error, in both
    /// units, with and without empty values, on every vector payload and its edits; once it
    /// has ended it stays ended.
    #[test]
    #[cfg(feature = "alloc")]
    fn readable_gives_the_objects_before_the_first_error() {
        let mut stopped = 0;
        for s in crate::payload::tests::payloads() {
            for t in &crate::payload::tests::edited(s) {
                for unit in [LengthUnit::Chars, LengthUnit::Utf16] {
                    for empty in [false, true] {
                        let walk = || Tlvs::with_unit(t, unit).allow_empty(empty);
                        let want: Vec<Tlv<'_>> = walk().map_while(Result::ok).collect();
                        let mut readable = walk().readable();
                        let got: Vec<Tlv<'_>> = readable.by_ref().collect();
                        assert_eq!(got, want, "{t} {unit:?} {empty}");
                        assert_eq!(readable.next(), None, "{t}");
                        stopped += usize::from(walk().any(|r| r.is_err()));
                    }
                }
            }
        }
        assert!(stopped > 1000, "{stopped}");
    }

    fn first_err(s: &str) -> Error {
        Tlvs::new(s)
            .find_map(Result::err)
            .unwrap_or_else(|| Error::new(ErrorKind::Empty, usize::MAX, Path::ROOT))
    }

    #[test]
    fn scans_values_by_characters() {
        let s = "0104最佳运输0202北京";
        let v: Vec<_> = Tlvs::new(s)
            .map(|t| t.map(|t| (t.id().get(), t.value(), t.offset())))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(v, [(1, "最佳运输", 0), (2, "北京", 16)]);
    }

    #[test]
    fn errors_name_kind_offset_and_path() {
        let e = first_err("000201010A");
        assert_eq!(
            (e.kind(), e.offset(), e.path().to_string()),
            (ErrorKind::InvalidLength, 8, "01".into())
        );
        let e = first_err("0002010X02");
        assert_eq!(
            (e.kind(), e.offset(), e.path().to_string()),
            (ErrorKind::InvalidId, 6, "".into())
        );
        let e = first_err("0002010100");
        assert_eq!(
            (e.kind(), e.offset(), e.path().to_string()),
            (ErrorKind::ZeroLength, 8, "01".into())
        );
        let e = first_err("000201000");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Truncated, 6));
        let e = first_err("0002010105abc");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Truncated, 6));
        let e = first_err("00020101");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Truncated, 6));
        // A length that would end inside a multi-byte character is truncation, not a panic.
        let e = first_err("0003北");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Truncated, 0));
        // Non-ASCII where digits belong.
        let e = first_err("0001a北1");
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidId, 5));
    }

    #[test]
    fn nested_offsets_are_absolute() {
        let s = "62070503***";
        let root = Tlvs::new(s).next().and_then(Result::ok);
        let inner = root
            .and_then(|t| t.children(LengthUnit::Chars).next())
            .and_then(Result::ok);
        let inner = inner.map(|t| (t.path().to_string(), t.offset(), t.value()));
        assert_eq!(inner, Some(("62.05".into(), 4, "***")));
    }

    #[test]
    fn utf16_unit_counts_surrogate_pairs() {
        assert_eq!(LengthUnit::Utf16.count("a😀"), 3);
        assert_eq!(LengthUnit::Chars.count("a😀"), 2);
        assert_eq!(LengthUnit::Utf16.prefix_bytes("😀b", 1), None);
        assert_eq!(LengthUnit::Utf16.prefix_bytes("😀b", 2), Some(4));
    }
}
