//! The JavaScript string and number semantics the official SDK's checks rest on, emulated over
//! a `&str` without allocating: positions and lengths in UTF-16 code units, `slice` with its
//! clamping and negative indices, `parseInt` of a two-unit length, `Number()` of a timestamp
//! and the length of `Number.prototype.toString`.

use crate::tlv::LengthUnit;
use core::fmt::{self, Write as _};

/// A range of UTF-16 code units of the whole input, `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Span {
    pub(crate) const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub(crate) const fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// `String.prototype.slice(start, end)`; `None` stands for `NaN`, `end: None` for an
    /// absent argument (to the end).
    pub(crate) fn slice(self, start: JsInt, end: Option<JsInt>) -> Span {
        let len = i64::try_from(self.len()).unwrap_or(i64::MAX);
        let rel = |x: JsInt| -> i64 {
            match x {
                None => 0,
                Some(v) if v < 0 => (len + v).max(0),
                Some(v) => v.min(len),
            }
        };
        let from = rel(start);
        let to = end.map_or(len, rel);
        let from = usize::try_from(from).unwrap_or(0);
        let to = usize::try_from(to).unwrap_or(0).max(from);
        Span {
            start: self.start + from,
            end: self.start + to,
        }
    }
}

/// An integer result of `parseInt`, or `None` for `NaN`.
pub(crate) type JsInt = Option<i64>;

/// Two (or fewer) UTF-16 units: a tag as the SDK compares them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Tag {
    units: [u16; 2],
    len: u8,
}

impl Tag {
    /// A two-unit ASCII tag.
    #[allow(clippy::cast_lossless)]
    pub(crate) const fn ascii2(b: [u8; 2]) -> Tag {
        let [a, c] = b;
        Tag {
            units: [a as u16, c as u16],
            len: 2,
        }
    }

    /// The two-digit number, when both units are ASCII digits.
    #[inline]
    pub(crate) fn number(self) -> Option<u8> {
        match (self.len, self.units) {
            (2, [a, b]) => {
                let d = |u: u16| u8::try_from(u).ok().filter(u8::is_ascii_digit);
                Some((d(a)? - b'0') * 10 + (d(b)? - b'0'))
            }
            _ => None,
        }
    }
}

/// The UTF-16 units of a span: the bytes themselves when the text is ASCII.
pub(crate) enum Units<'a> {
    /// An ASCII text: a byte is a unit.
    Ascii(core::slice::Iter<'a, u8>),
    /// Any other text, encoded as JavaScript sees it.
    Wide(core::iter::Take<core::iter::Skip<core::str::EncodeUtf16<'a>>>),
}

impl Iterator for Units<'_> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        match self {
            Units::Ascii(b) => b.next().map(|&b| u16::from(b)),
            Units::Wide(w) => w.next(),
        }
    }
}

/// How many bytes `b` starts with that are ASCII, eight at a time.
fn ascii_prefix(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = b
        .chunks_exact(8)
        .take_while(|c| <[u8; 8]>::try_from(*c).is_ok_and(|w| u64::from_ne_bytes(w) & HIGH == 0))
        .count();
    let at = words * 8;
    let tail = b.get(at..).unwrap_or_default();
    at + tail
        .iter()
        .position(|c| !c.is_ascii())
        .unwrap_or(tail.len())
}

/// The input seen as JavaScript sees it: a sequence of UTF-16 code units. Keeps a cursor so
/// that the mostly forward walks of the SDK cost linear time.
pub(crate) struct Text<'a> {
    s: &'a str,
    ascii: bool,
    len16: usize,
    /// How many bytes the text starts with that are ASCII: there, unit `i` is byte `i`.
    ascii_prefix: usize,
    cur_unit: usize,
    cur_byte: usize,
}

impl<'a> Text<'a> {
    pub(crate) fn new(s: &'a str) -> Text<'a> {
        let ascii = s.is_ascii();
        let (len16, ascii_prefix) = if ascii {
            (s.len(), s.len())
        } else {
            // The ASCII start, then the rest counted in units.
            let prefix = ascii_prefix(s.as_bytes());
            let rest = s.get(prefix..).unwrap_or("");
            (prefix + LengthUnit::Utf16.count(rest), prefix)
        };
        Text {
            s,
            ascii,
            len16,
            ascii_prefix,
            cur_unit: 0,
            cur_byte: 0,
        }
    }

    /// The whole input as a span.
    pub(crate) const fn all(&self) -> Span {
        Span {
            start: 0,
            end: self.len16,
        }
    }

    /// The byte offset of the character holding unit `i`, and whether `i` is the second half
    /// of a surrogate pair. Past the end: the byte length.
    pub(crate) fn locate(&mut self, i: usize) -> (usize, bool) {
        if self.ascii || i <= self.ascii_prefix {
            return (i.min(self.s.len()), false);
        }
        // Back towards the ASCII start: from its end when that is nearer than the cursor.
        if i < self.cur_unit && i - self.ascii_prefix < self.cur_unit - i {
            self.cur_unit = self.ascii_prefix;
            self.cur_byte = self.ascii_prefix;
        }
        // Across ASCII bytes, a byte is a unit: the cursor jumps (most of a KHQR is ASCII).
        let (bytes, b) = (self.s.as_bytes(), self.cur_byte);
        let ascii = |from: usize, to: usize| bytes.get(from..to).is_some_and(<[u8]>::is_ascii);
        let reach = if i >= self.cur_unit {
            Some(b + (i - self.cur_unit)).filter(|&to| ascii(b, to))
        } else {
            b.checked_sub(self.cur_unit - i)
                .filter(|&from| ascii(from, b))
        };
        if let Some(reach) = reach {
            self.cur_unit = i;
            self.cur_byte = reach;
            return (reach, false);
        }
        if i < self.cur_unit {
            // Step back to a character boundary at or before `i`.
            let (mut u, mut b) = (self.cur_unit, self.cur_byte);
            for c in self.s.get(..b).unwrap_or("").chars().rev() {
                if u <= i {
                    break;
                }
                u -= c.len_utf16();
                b -= c.len_utf8();
            }
            self.cur_unit = u;
            self.cur_byte = b;
        }
        let (mut u, mut b) = (self.cur_unit, self.cur_byte);
        for c in self.s.get(b..).unwrap_or("").chars() {
            if u == i {
                break;
            }
            let n = c.len_utf16();
            if u + n > i {
                self.cur_unit = u;
                self.cur_byte = b;
                return (b, true);
            }
            u += n;
            b += c.len_utf8();
        }
        self.cur_unit = u;
        self.cur_byte = b;
        (b, false)
    }

    /// Byte offset of unit `i` (of its character when `i` splits a pair).
    pub(crate) fn byte(&mut self, i: usize) -> usize {
        self.locate(i).0
    }

    /// The bytes of a span of an ASCII text, where a unit is a byte.
    fn ascii_bytes(&self, span: Span) -> &'a [u8] {
        let end = span.end.min(self.s.len());
        self.s
            .as_bytes()
            .get(span.start.min(end)..end)
            .unwrap_or(&[])
    }

    /// The units of a span.
    pub(crate) fn units(&mut self, span: Span) -> Units<'a> {
        if self.ascii {
            // One unit per byte: no UTF-16 encoding to walk.
            return Units::Ascii(self.ascii_bytes(span).iter());
        }
        let (b, half) = self.locate(span.start);
        Units::Wide(
            self.s
                .get(b..)
                .unwrap_or("")
                .encode_utf16()
                .skip(usize::from(half))
                .take(span.len()),
        )
    }

    /// The text of a span. A surrogate pair cut by either end of the span is left out (a
    /// `&str` cannot hold half a character).
    pub(crate) fn str(&mut self, span: Span) -> &'a str {
        let (b0, h0) = self.locate(span.start);
        let b0 = if h0 {
            b0 + self
                .s
                .get(b0..)
                .and_then(|r| r.chars().next())
                .map_or(0, char::len_utf8)
        } else {
            b0
        };
        let (b1, _) = self.locate(span.end);
        self.s.get(b0..b1.max(b0)).unwrap_or("")
    }

    /// `cutString` of the SDK: the first two units are the tag, the next two go through
    /// `parseInt`, the value is `slice(4, 4 + length)` and the rest `slice(4 + length)`.
    pub(crate) fn cut(&mut self, span: Span) -> Cut {
        // Two ASCII units of tag and two digits of length, the usual case: what the general
        // reading below gives (`slice` clamps the value's end to the span), without its
        // generality.
        if self.ascii {
            if let Some(cut) = self.ascii_cut::<false>(span, span.start) {
                return cut;
            }
        }
        self.cut_wide(span)
    }

    /// [`Text::cut`] of a text that is not ASCII, or of a header that is not two ASCII units
    /// and two digits. Four ASCII bytes are four units wherever they sit in the text: they
    /// are read at the byte where the span's first character starts.
    #[cold]
    #[inline(never)]
    fn cut_wide(&mut self, span: Span) -> Cut {
        if !self.ascii {
            if let (b, false) = self.locate(span.start) {
                if let Some(cut) = self.ascii_cut::<true>(span, b) {
                    return cut;
                }
            }
        }
        self.cut_any(span)
    }

    /// The cut of `span` when the four bytes at byte `at` (where its first unit is) are two
    /// ASCII characters and two digits. `WIDE`: the text is not ASCII, so the tag's bytes
    /// are tested too.
    #[inline(always)]
    fn ascii_cut<const WIDE: bool>(&self, span: Span, at: usize) -> Option<Cut> {
        if span.len() < 4 {
            return None;
        }
        let &[a, b, c, d] = self.s.as_bytes().get(at..)?.first_chunk()?;
        if WIDE && !(a.is_ascii() && b.is_ascii()) {
            return None;
        }
        let len = crate::tlv::two_digits(c, d)?;
        let value = span.start + 4;
        let end = (value + usize::from(len)).min(span.end);
        Some(Cut {
            at: span.start,
            tag: Tag::ascii2([a, b]),
            value: Span { start: value, end },
            rest: Span {
                start: end,
                end: span.end,
            },
        })
    }

    /// [`Text::cut`] of any text: the units read one by one, the length through `parseInt`.
    #[cold]
    #[inline(never)]
    fn cut_any(&mut self, span: Span) -> Cut {
        // The first four units: the tag's two, then the length's two (fewer near the end).
        let mut head = [None; 4];
        if self.ascii {
            // A byte is a unit: read the (at most) four bytes in place.
            let bytes = self.s.as_bytes();
            for (k, slot) in head.iter_mut().enumerate() {
                let i = span.start + k;
                if i < span.end {
                    *slot = bytes.get(i).map(|&b| u16::from(b));
                }
            }
        } else {
            for (slot, u) in head
                .iter_mut()
                .zip(self.units(span.slice(Some(0), Some(Some(4)))))
            {
                *slot = Some(u);
            }
        }
        let [t0, t1, l0, l1] = head;
        let tag = match (t0, t1) {
            (Some(a), Some(b)) => Tag {
                units: [a, b],
                len: 2,
            },
            (Some(a), None) => Tag {
                units: [a, 0],
                len: 1,
            },
            _ => Tag::default(),
        };
        let length = parse_int2(l0, l1);
        let end = length.map(|l| 4 + l);
        Cut {
            at: span.start,
            tag,
            value: span.slice(Some(4), Some(end)),
            rest: span.slice(end, None),
        }
    }

    /// Whether the span's text equals an ASCII string.
    pub(crate) fn eq(&mut self, span: Span, lit: &str) -> bool {
        if span.len() != lit.len() {
            return false;
        }
        if self.ascii {
            return self.ascii_bytes(span) == lit.as_bytes();
        }
        self.units(span).eq(lit.bytes().map(u16::from))
    }

    /// Whether the span holds the unit `c`.
    pub(crate) fn contains(&mut self, span: Span, c: u8) -> bool {
        if self.ascii {
            return self.ascii_bytes(span).contains(&c);
        }
        self.units(span).any(|u| u == u16::from(c))
    }

    /// `/^\d+$/`.
    pub(crate) fn all_digits(&mut self, span: Span) -> bool {
        if self.ascii {
            return !span.is_empty() && self.ascii_bytes(span).iter().all(u8::is_ascii_digit);
        }
        !span.is_empty()
            && self
                .units(span)
                .all(|u| u8::try_from(u).is_ok_and(|b| b.is_ascii_digit()))
    }

    /// `Number(text)` (ECMAScript StringToNumber).
    pub(crate) fn number(&mut self, span: Span) -> f64 {
        let mut first = None;
        let mut last = 0;
        for (i, u) in self.units(span).enumerate() {
            if !is_space(u) {
                if first.is_none() {
                    first = Some(i);
                }
                last = i + 1;
            }
        }
        let Some(first) = first else { return 0.0 };
        let t = Span {
            start: span.start + first,
            end: span.start + last,
        };
        if !self.units(t).all(|u| u < 0x80) {
            return f64::NAN;
        }
        parse_number(self.str(t))
    }
}

/// One step of the SDK's TLV walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cut {
    /// Where the step started (unit index in the whole input).
    pub(crate) at: usize,
    pub(crate) tag: Tag,
    pub(crate) value: Span,
    pub(crate) rest: Span,
}

/// WhiteSpace and LineTerminator of ECMAScript (what `parseInt`, `Number` and `trim` skip).
pub(crate) const fn is_space(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// `parseInt` (no radix) of the at most two units that follow a tag.
pub(crate) fn parse_int2(a: Option<u16>, b: Option<u16>) -> JsInt {
    // Two digits, the usual case: their number.
    let byte = |u: Option<u16>| u.and_then(|u| u8::try_from(u).ok());
    if let Some(n) = byte(a)
        .zip(byte(b))
        .and_then(|(x, y)| crate::tlv::two_digits(x, y))
    {
        return Some(i64::from(n));
    }
    let mut us = [a, b].into_iter().flatten().skip_while(|u| is_space(*u));
    let mut cur = us.next();
    let mut neg = false;
    if let Some(c @ (0x2B | 0x2D)) = cur {
        neg = c == 0x2D;
        cur = us.next();
    }
    let digit = |u: Option<u16>| {
        u.and_then(|u| u8::try_from(u).ok())
            .filter(u8::is_ascii_digit)
            .map(|d| i64::from(d - b'0'))
    };
    let first = digit(cur)?;
    let second = us.next();
    // "0x" / "0X" switches to hexadecimal, and nothing follows it.
    if first == 0 && !neg && matches!(second, Some(0x78 | 0x58)) && a == Some(0x30) {
        return None;
    }
    let v = match digit(second) {
        Some(d) => first * 10 + d,
        None => first,
    };
    Some(if neg { -v } else { v })
}

/// StringToNumber of trimmed ASCII text.
pub(crate) fn parse_number(t: &str) -> f64 {
    match t {
        "" => return 0.0,
        "Infinity" | "+Infinity" => return f64::INFINITY,
        "-Infinity" => return f64::NEG_INFINITY,
        _ => {}
    }
    let b = t.as_bytes();
    if let (Some(b'0'), Some(p), Some(rest)) = (b.first(), b.get(1), b.get(2..)) {
        let bits = match p {
            b'x' | b'X' => 4,
            b'o' | b'O' => 3,
            b'b' | b'B' => 1,
            _ => 0,
        };
        if bits > 0 {
            return parse_radix(rest, bits);
        }
    }
    if !decimal_literal(b) {
        return f64::NAN;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

/// `[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?`
fn decimal_literal(b: &[u8]) -> bool {
    let mut i = 0;
    let at = |i: usize| b.get(i).copied();
    if matches!(at(0), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_start = i;
    while at(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    let mut digits = i - int_start;
    if at(i) == Some(b'.') {
        i += 1;
        let f = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        digits += i - f;
    }
    if digits == 0 {
        return false;
    }
    if matches!(at(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(at(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = i;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// Hexadecimal, octal or binary digits (after `0x`, `0o`, `0b`), correctly rounded.
fn parse_radix(digits: &[u8], bits: u32) -> f64 {
    if digits.is_empty() {
        return f64::NAN;
    }
    let mut m: u128 = 0;
    let mut scale: u32 = 0;
    let mut sticky = false;
    for &c in digits {
        let Some(d) = char::from(c).to_digit(1 << bits) else {
            return f64::NAN;
        };
        if m >> (128 - bits) == 0 {
            m = (m << bits) | u128::from(d);
        } else {
            scale += bits;
            sticky |= d != 0;
        }
    }
    // Past 124 significant bits a set lowest bit only breaks ties, as the dropped digits would.
    let mut v = (m | u128::from(sticky)) as f64;
    while scale > 0 && v.is_finite() {
        let step = scale.min(60);
        v *= f64::from_bits(u64::from(1023 + step) << 52);
        scale -= step;
    }
    v
}

/// Length of `Number.prototype.toString()` of `x` (shortest round-trip digits, switching to
/// exponent notation below 1e-6 and from 1e21 on).
pub(crate) fn to_string_len(x: f64) -> usize {
    if x.is_nan() {
        return 3;
    }
    if x == 0.0 {
        return 1;
    }
    if x.is_infinite() {
        return if x > 0.0 { 8 } else { 9 };
    }
    if x < 0.0 {
        return 1 + to_string_len(-x);
    }
    let mut buf = Buf::default();
    if write!(buf, "{x:e}").is_err() {
        return 0;
    }
    let text = buf.as_str();
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let k = mantissa.bytes().filter(u8::is_ascii_digit).count();
    let e: i64 = exp.parse().unwrap_or(0);
    let n = e + 1;
    let k = i64::try_from(k).unwrap_or(0);
    let len = if k <= n && n <= 21 {
        n
    } else if 0 < n && n <= 21 {
        k + 1
    } else if -6 < n && n <= 0 {
        2 - n + k
    } else {
        let e_digits = i64::try_from(decimal_digits((n - 1).unsigned_abs())).unwrap_or(1);
        if k == 1 {
            2 + e_digits + 1
        } else {
            k + 1 + 2 + e_digits
        }
    };
    usize::try_from(len).unwrap_or(0)
}

/// Number of decimal digits of `v`.
pub(crate) fn decimal_digits(mut v: u64) -> usize {
    let mut n = 1;
    while v >= 10 {
        v /= 10;
        n += 1;
    }
    n
}

/// A small stack buffer for formatting numbers.
#[derive(Default)]
struct Buf {
    b: [u8; 32],
    n: usize,
}

impl Buf {
    fn as_str(&self) -> &str {
        self.b
            .get(..self.n)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.n + s.len();
        let dst = self.b.get_mut(self.n..end).ok_or(fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.n = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// On an ASCII text, `eq`, `contains` and `all_digits` read bytes; they agree with the
    /// same text walked as UTF-16 units, on every span (ends past the text included).
    #[test]
    fn ascii_spans_read_as_their_units() {
        for s in [
            "",
            "7",
            "00020101021130640009khqr@aclb",
            "12a4 9",
            "0123456789",
        ] {
            let mut bytes = Text::new(s);
            let mut units = Text::new(s);
            units.ascii = false;
            for start in 0..=s.len() + 2 {
                for end in start..=s.len() + 2 {
                    let span = Span { start, end };
                    for lit in ["", "0", "01", "khqr", "0002", "12"] {
                        assert_eq!(bytes.eq(span, lit), units.eq(span, lit), "{s} {span:?}");
                    }
                    for c in [b'0', b'@', b'a', b' '] {
                        let want = units.contains(span, c);
                        assert_eq!(bytes.contains(span, c), want, "{s} {span:?}");
                    }
                    let want = units.all_digits(span);
                    assert_eq!(bytes.all_digits(span), want, "{s} {span:?}");
                }
            }
        }
    }

    /// Every unit of mixed texts (ASCII runs, Khmer, astral characters, at the start, in the
    /// middle and at the end), visited forwards, backwards and in jumps, against a table
    /// built character by character; and the length and `cut` of every span start.
    #[test]
    fn the_cursor_finds_every_unit_in_any_order() {
        for s in [
            "0002010102122918abc",
            "ចន0102ab😀0304cdef",
            "0102ab😀0304cdefចន ស្មីន0206ភ្នំពេញ6304",
            "😀😀0102",
            "𝄞",
            "",
        ] {
            // (byte, second half of a pair) for each unit, then the end.
            let mut table = Vec::new();
            for (b, c) in s.char_indices() {
                table.push((b, false));
                if c.len_utf16() == 2 {
                    table.push((b, true));
                }
            }
            let n = table.len();
            assert_eq!(Text::new(s).all().len(), n, "{s}");
            let orders: [Vec<usize>; 3] = [
                (0..=n + 1).collect(),
                (0..=n + 1).rev().collect(),
                (0..=n + 1).map(|k| (k * 7) % (n + 2)).collect(),
            ];
            for order in orders {
                let mut t = Text::new(s);
                for i in order {
                    let want = table.get(i).copied().unwrap_or((s.len(), false));
                    assert_eq!(t.locate(i), want, "{s} unit {i}");
                }
            }
            // The byte reading of a header agrees with the unit by unit one.
            let mut t = Text::new(s);
            for start in 0..n {
                let span = Span { start, end: n };
                assert_eq!(t.cut(span), Text::new(s).cut_any(span), "{s} from {start}");
            }
        }
    }

    #[test]
    fn parse_int_of_two_units() {
        let p = |s: &str| {
            let mut u = s.encode_utf16();
            parse_int2(u.next(), u.next())
        };
        assert_eq!(p("12"), Some(12));
        assert_eq!(p("07"), Some(7));
        assert_eq!(p("1a"), Some(1));
        assert_eq!(p(" 5"), Some(5));
        assert_eq!(p("\u{a0}5"), Some(5));
        assert_eq!(p("-4"), Some(-4));
        assert_eq!(p("+9"), Some(9));
        assert_eq!(p("0x"), None);
        assert_eq!(p("0X"), None);
        assert_eq!(p("x1"), None);
        assert_eq!(p("-"), None);
        assert_eq!(p(""), None);
        assert_eq!(p("5"), Some(5));
        assert_eq!(p("  "), None);
    }

    #[test]
    fn number_grammar() {
        assert_eq!(parse_number("1767225600000"), 1_767_225_600_000.0);
        assert_eq!(parse_number("1e12"), 1e12);
        assert_eq!(parse_number(".5"), 0.5);
        assert_eq!(parse_number("5."), 5.0);
        assert_eq!(parse_number("0x1F"), 31.0);
        assert_eq!(parse_number("0b101"), 5.0);
        assert_eq!(parse_number("0o17"), 15.0);
        assert!(parse_number("-0x1F").is_nan());
        assert!(parse_number("inf").is_nan());
        assert!(parse_number("1_000").is_nan());
        assert!(parse_number("e5").is_nan());
        assert!(parse_number("1e").is_nan());
        assert_eq!(parse_number("-Infinity"), f64::NEG_INFINITY);
        let mut t = Text::new(" \u{3000}42\n");
        let all = t.all();
        assert_eq!(t.number(all), 42.0);
    }

    #[test]
    fn to_string_lengths() {
        assert_eq!(to_string_len(1_767_225_600_000.0), 13);
        assert_eq!(to_string_len(1e21), 5); // 1e+21
        assert_eq!(to_string_len(1.2345678e25), 13); // 1.2345678e+25
        assert_eq!(to_string_len(1e-7), 4); // 1e-7
        assert_eq!(to_string_len(0.000001), 8); // 0.000001
        assert_eq!(to_string_len(1234567890.12), 13);
        assert_eq!(to_string_len(-123456789012.0), 13);
        assert_eq!(to_string_len(123.0), 3);
        assert_eq!(to_string_len(f64::INFINITY), 8);
    }

    #[test]
    fn slices_split_surrogate_pairs_like_javascript() {
        let mut t = Text::new("a😀bc");
        let all = t.all();
        assert_eq!(all.len(), 5);
        let s = all.slice(Some(0), Some(Some(2)));
        assert_eq!(t.str(s), "a");
        assert_eq!(t.locate(2), (1, true));
        assert_eq!(t.units(all.slice(Some(2), None)).count(), 3);
        assert_eq!(t.str(all.slice(Some(2), None)), "bc");
        assert_eq!(t.str(all.slice(Some(-2), None)), "bc");
        assert!(all.slice(Some(4), Some(Some(3))).is_empty());
    }
}
