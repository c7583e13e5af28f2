//! Compact JSON for the crate's serialisable types, written straight into a `String`.
//!
//! The bytes are those `serde_json::to_string` writes for the same value (a test holds the two
//! together on every shared vector); the difference is speed. A verdict's JSON is mostly
//! strings (the input, the fields, the re-encoding, the intent), so strings are scanned for
//! characters to escape eight bytes at a time and copied in one piece when there are none.
//!
//! ```
//! use emvqr::{check, CheckOptions};
//! let v = check("hello", &CheckOptions::without_clock());
//! let line = emvqr::json::to_string(&v).unwrap();
//! assert!(line.starts_with(r#"{"input":"hello","valid":false,"family":"unknown""#));
//! ```
//!
//! Floating-point numbers are refused (nothing in the crate holds one: amounts are decimal
//! text), as are map keys that are neither text, characters, booleans nor integers.

use alloc::string::{String, ToString};
use core::fmt;

use serde::ser::{self, Serialize};

/// Why a value could not be written as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// The compact JSON text of `value`.
///
/// # Errors
/// A floating-point number, a map key that is not text, a character, a boolean or an integer,
/// or an error the value's own `Serialize` reports.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut out = String::new();
    write(&mut out, value)?;
    Ok(out)
}

/// Appends the compact JSON text of `value` to `out` (on error, `out` is left as it was).
///
/// # Errors
/// As [`to_string`].
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    write_clean(out, value, Clean::NONE)
}

/// [`write()`] for a value whose strings are mostly slices of `text`, as a verdict's fields,
/// re-encoding and intent are slices of its input: `text` is searched once for characters to
/// escape, and when it has none, a string that lies within it is copied without a search.
/// The output is the same as [`write()`]'s.
///
/// ```
/// use emvqr::{check, CheckOptions};
/// let v = check("00020101021129370016A000000677010111011300668999999995802TH53037646304FE29", &CheckOptions::at(1_767_225_600_000));
/// let mut line = String::new();
/// emvqr::json::write_within(&mut line, &v, v.input()).unwrap();
/// assert_eq!(line, emvqr::json::to_string(&v).unwrap());
/// ```
///
/// # Errors
/// As [`to_string`].
pub fn write_within<T: Serialize + ?Sized>(
    out: &mut String,
    value: &T,
    text: &str,
) -> Result<(), Error> {
    let clean = if has_escape(text.as_bytes()) {
        Clean::NONE
    } else {
        Clean::of(text)
    };
    write_clean(out, value, clean)
}

fn write_clean<T: Serialize + ?Sized>(
    out: &mut String,
    value: &T,
    clean: Clean,
) -> Result<(), Error> {
    let at = out.len();
    let r = value.serialize(Writer {
        out: &mut *out,
        clean,
    });
    if r.is_err() {
        out.truncate(at);
    }
    r
}

/// The addresses of a text known to hold nothing to escape, borrowed for the whole write: a
/// string whose bytes lie within them is a slice of that text (nothing else can live at
/// those addresses while it is borrowed), so it needs no search.
#[derive(Clone, Copy)]
struct Clean {
    from: usize,
    to: usize,
}

impl Clean {
    /// No text: every string is searched (no string starts at address 0).
    const NONE: Clean = Clean { from: 0, to: 0 };

    /// Every address: for a value whose strings are known to hold nothing to escape.
    const ALL: Clean = Clean {
        from: 1,
        to: usize::MAX,
    };

    fn of(text: &str) -> Clean {
        let from = text.as_ptr() as usize;
        Clean {
            from,
            to: from + text.len(),
        }
    }

    fn holds(self, s: &str) -> bool {
        let at = s.as_ptr() as usize;
        at >= self.from && at.saturating_add(s.len()) <= self.to && self.from != 0
    }
}

/// The name of a newtype struct whose strings hold nothing to escape (digits and dots, as
/// an ID path's text): this writer copies them without a search, and any other serializer
/// writes the newtype's value as it is.
pub(crate) const PLAIN: &str = "emvqr::json::Plain";

/// Bytes that a JSON string cannot hold as they are: controls, `"` and `\\`.
static ESCAPED: [bool; 256] = escaped_bytes();

// Evaluated at compile time; every index is below 256.
#[allow(clippy::indexing_slicing)]
const fn escaped_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
}

#[inline(always)]
fn needs_escape(b: u8) -> bool {
    ESCAPED.get(usize::from(b)).copied().unwrap_or(false)
}

/// Whether any of the eight bytes of `x` needs escaping: below 0x20, `"` or `\`.
#[inline(always)]
fn any_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    (below | zero(x ^ (ONES * 0x22)) | zero(x ^ (ONES * 0x5C))) != 0
}

/// The eight bytes of `b` from `at`, as a word (`b` holds them).
#[inline(always)]
fn word(b: &[u8], at: usize) -> u64 {
    b.get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// Whether any byte of `b` needs escaping: a short string byte by byte, a longer one eight
/// bytes at a time, its last word overlapping the one before (a byte tested twice is still
/// tested once right).
#[inline(always)]
fn has_escape(b: &[u8]) -> bool {
    let n = b.len();
    if n < 8 {
        // Four to seven bytes as one word of their first four and last four (which overlap);
        // fewer byte by byte.
        if let (Some(head), Some(tail)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            let w =
                u64::from(u32::from_le_bytes(*head)) | u64::from(u32::from_le_bytes(*tail)) << 32;
            return any_escape(w);
        }
        return b.iter().fold(false, |any, &c| any | needs_escape(c));
    }
    let mut any = any_escape(word(b, n - 8));
    let mut at = 0;
    while at + 8 < n {
        any |= any_escape(word(b, at));
        at += 8;
    }
    any
}

/// `s` as a JSON string: copied whole when nothing in it needs escaping (known without a
/// search when it lies within the `clean` text). Small, so that it inlines into its callers
/// with nothing to save: the search is a call.
#[inline]
fn string(out: &mut String, s: &str, clean: Clean) {
    if clean.holds(s) {
        quoted(out, s);
    } else {
        searched(out, s);
    }
}

/// `s` between quotes, as it is.
#[inline]
fn quoted(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    append(out, s);
    out.push('"');
}

/// `out.push_str(s)`, with the copy of a short `s` made inline: in each arm its length is
/// known, so the copy is a move or two rather than a call to `memcpy` (most of a verdict's
/// strings are short).
#[inline]
fn append(out: &mut String, s: &str) {
    macro_rules! by_length {
        ($($n:literal)*) => {
            match s.len() {
                $($n => out.push_str(s),)*
                _ => out.push_str(s),
            }
        };
    }
    by_length!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
}

/// `s` as a JSON string, searched for characters to escape.
#[inline(never)]
fn searched(out: &mut String, s: &str) {
    if has_escape(s.as_bytes()) {
        escaped(out, s);
    } else {
        quoted(out, s);
    }
}

/// `s` as a JSON string, with escapes.
#[cold]
#[inline(never)]
fn escaped(out: &mut String, s: &str) {
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if needs_escape(b) {
            out.push_str(s.get(start..i).unwrap_or(""));
            escape(out, b);
            start = i + 1;
        }
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// The escape of one byte, as `serde_json` writes it.
fn escape(out: &mut String, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0C => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => "",
    };
    if short.is_empty() {
        out.push_str("\\u00");
        for nibble in [b >> 4, b & 0xF] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    } else {
        out.push_str(short);
    }
}

fn signed(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    crate::text::push_decimal(out, v.unsigned_abs());
}

/// Integer methods that write their value widened to 64 bits.
macro_rules! widen {
    ($($name:ident($t:ty) => $wide:ident($w:ty)),*) => {$(
        fn $name(self, v: $t) -> Result<(), Error> {
            self.$wide(<$w>::from(v))
        }
    )*};
}

/// The serializer: writes into the string it holds.
struct Writer<'o> {
    out: &'o mut String,
    clean: Clean,
}

/// A sequence or map being written: whether an element was written yet, and whether a
/// closing `}` of an externally tagged variant follows the closing bracket.
struct Compound<'o> {
    out: &'o mut String,
    first: bool,
    close: &'static str,
    clean: Clean,
}

impl<'o> Compound<'o> {
    #[inline]
    fn open(out: &'o mut String, open: &str, close: &'static str, clean: Clean) -> Compound<'o> {
        out.push_str(open);
        Compound {
            out,
            first: true,
            close,
            clean,
        }
    }

    #[inline]
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.comma();
        value.serialize(Writer {
            out: self.out,
            clean: self.clean,
        })
    }

    /// A struct field's key and its colon, reserved and written together.
    #[inline(always)]
    fn key(&mut self, key: &str) {
        if has_escape(key.as_bytes()) {
            self.comma();
            escaped(self.out, key);
            self.out.push(':');
            return;
        }
        self.out.reserve(key.len() + 4);
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    /// A map key: text as it is; a character, boolean or integer as its text.
    #[inline]
    fn any_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        let at = self.out.len();
        key.serialize(Writer {
            out: self.out,
            clean: self.clean,
        })?;
        if !self.out.get(at..).is_some_and(|k| k.starts_with('"')) {
            let written = self.out.split_off(at);
            let text = written.as_str();
            let plain =
                text == "true"
                    || text == "false"
                    || text.bytes().enumerate().all(|(i, b)| {
                        b.is_ascii_digit() || (i == 0 && b == b'-' && text.len() > 1)
                    }) && !text.is_empty();
            if !plain {
                return Err(Error(String::from("a JSON object key must be text")));
            }
            string(self.out, text, Clean::NONE);
        }
        self.out.push(':');
        Ok(())
    }

    #[inline]
    fn finish(self, bracket: char) {
        self.out.push(bracket);
        self.out.push_str(self.close);
    }
}

impl<'o> Writer<'o> {
    /// An externally tagged variant's compound: `{"variant":` then `open`, closed by `}`.
    #[inline]
    fn tagged(self, variant: &str, open: &str) -> Compound<'o> {
        self.out.push('{');
        string(self.out, variant, self.clean);
        Compound::open(self.out, open, "}", self.clean)
    }
}

impl<'o> ser::Serializer for Writer<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'o>;
    type SerializeTuple = Compound<'o>;
    type SerializeTupleStruct = Compound<'o>;
    type SerializeTupleVariant = Compound<'o>;
    type SerializeMap = Compound<'o>;
    type SerializeStruct = Compound<'o>;
    type SerializeStructVariant = Compound<'o>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    widen!(
        serialize_i8(i8) => serialize_i64(i64),
        serialize_i16(i16) => serialize_i64(i64),
        serialize_i32(i32) => serialize_i64(i64),
        serialize_u8(u8) => serialize_u64(u64),
        serialize_u16(u16) => serialize_u64(u64),
        serialize_u32(u32) => serialize_u64(u64)
    );
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        signed(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        crate::text::push_decimal(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        Err(Error(String::from(
            "floating-point numbers are not written",
        )))
    }
    #[inline]
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        Err(Error(String::from(
            "floating-point numbers are not written",
        )))
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        string(self.out, v.encode_utf8(&mut [0; 4]), Clean::NONE);
        Ok(())
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        string(self.out, v, self.clean);
        Ok(())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = Compound::open(self.out, "[", "", self.clean);
        for b in v {
            seq.comma();
            crate::text::push_decimal(seq.out, u64::from(*b));
        }
        seq.finish(']');
        Ok(())
    }
    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    #[inline]
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let clean = if name == PLAIN {
            Clean::ALL
        } else {
            self.clean
        };
        value.serialize(Writer {
            out: self.out,
            clean,
        })
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut m = Compound::open(self.out, "{", "", self.clean);
        m.key(variant);
        value.serialize(Writer {
            out: m.out,
            clean: m.clean,
        })?;
        m.finish('}');
        Ok(())
    }
    #[inline]
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, "[", "", self.clean))
    }
    #[inline]
    fn serialize_tuple(self, _: usize) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, "[", "", self.clean))
    }
    #[inline]
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, "[", "", self.clean))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'o>, Error> {
        Ok(self.tagged(variant, ":["))
    }
    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, "{", "", self.clean))
    }
    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'o>, Error> {
        Ok(Compound::open(self.out, "{", "", self.clean))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'o>, Error> {
        Ok(self.tagged(variant, ":{"))
    }
}

/// The element-wise compounds (`[…]`): each element after a comma.
macro_rules! elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            #[inline]
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            #[inline]
            fn end(self) -> Result<(), Error> {
                self.finish(']');
                Ok(())
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The field-wise compounds (`{…}`): each field a key, a colon and its value.
macro_rules! fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            #[inline(always)]
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.key(key);
                value.serialize(Writer { out: self.out, clean: self.clean })
            }
            #[inline]
            fn end(self) -> Result<(), Error> {
                self.finish('}');
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.any_key(key)
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Writer {
            out: self.out,
            clean: self.clean,
        })
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.finish('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A clean string of every length up to past the short copies, ASCII or not, is written
    /// whole between quotes after what the output held.
    #[test]
    fn quotes_every_length() {
        for fill in ["a", "é", "😀"] {
            for n in 0..=24 {
                let s = fill.repeat(n);
                let mut out = String::from("x");
                quoted(&mut out, &s);
                assert_eq!(out, alloc::format!("x\"{s}\""), "{n} {fill}");
            }
        }
    }

    #[test]
    fn escapes_as_serde_json_does() {
        let all: String = (0u8..0x80).map(char::from).collect();
        for s in [
            "",
            "plain",
            "exactly8",
            "quote\" and back\\slash",
            "\u{0}\u{1f}\u{7f}\t\n\r\u{8}\u{c}",
            "Khmer ខ្មែរ and 最佳运输 and 😀",
            all.as_str(),
        ] {
            assert_eq!(
                to_string(s).unwrap(),
                serde_json::to_string(s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn finds_an_escape_at_every_position_of_every_length() {
        for n in 0..40 {
            for at in 0..n {
                for bad in ['"', '\\', '\u{0}', '\u{1f}', '\n'] {
                    let s: String = (0..n).map(|i| if i == at { bad } else { 'a' }).collect();
                    assert_eq!(
                        to_string(&s).unwrap(),
                        serde_json::to_string(&s).unwrap(),
                        "{s:?}"
                    );
                }
            }
            let plain = "é".repeat(n);
            assert_eq!(
                to_string(&plain).unwrap(),
                serde_json::to_string(&plain).unwrap()
            );
        }
    }

    #[test]
    fn numbers_keys_and_nesting_as_serde_json() {
        use alloc::collections::BTreeMap;
        let mut m = BTreeMap::new();
        m.insert(-12i64, vec![Some(0u64), None, Some(u64::MAX)]);
        m.insert(i64::MIN, vec![]);
        assert_eq!(to_string(&m).unwrap(), serde_json::to_string(&m).unwrap());
        let t = (true, 'x', (), "a\"b", [1u8, 2]);
        assert_eq!(to_string(&t).unwrap(), serde_json::to_string(&t).unwrap());
    }

    #[test]
    fn struct_keys_as_serde_json() {
        // Keys that need no escape, and keys that do, first and after a comma.
        struct Keys(&'static [&'static str]);
        impl Serialize for Keys {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut m = s.serialize_struct("Keys", self.0.len())?;
                for k in self.0 {
                    m.serialize_field(k, k)?;
                }
                m.end()
            }
        }
        for keys in [
            &["a", "bill_number", "x"][..],
            &["q\"uote", "tab\tand a long tail", "back\\slash"],
            &["plain", "ctl\u{1}"],
            &[],
        ] {
            let k = Keys(keys);
            assert_eq!(to_string(&k).unwrap(), serde_json::to_string(&k).unwrap());
        }
    }

    #[test]
    fn within_a_clean_text_only_its_slices_skip_the_search() {
        // The text is the clean start of a longer string whose end needs escapes.
        let whole = String::from("0002015904Shop\"\\\u{1}");
        let text = &whole[..14];
        let elsewhere = String::from("Shop\"");
        let value = (
            &text[4..6],    // inside the text
            text,           // the text itself
            &whole[10..16], // starts inside it, ends past it
            &whole[14..],   // just after it
            &elsewhere[..], // another allocation
            "\\",           // a static string
        );
        let mut within = String::new();
        write_within(&mut within, &value, text).unwrap();
        assert_eq!(within, serde_json::to_string(&value).unwrap());
        // A text with something to escape: every string is searched.
        let value = (&whole[..], &whole[14..15]);
        let mut within = String::new();
        write_within(&mut within, &value, &whole).unwrap();
        assert_eq!(within, serde_json::to_string(&value).unwrap());
    }

    #[test]
    fn refuses_floats_and_leaves_the_buffer() {
        let mut out = String::from("kept");
        assert!(write(&mut out, &[1.5f64]).is_err());
        assert_eq!(out, "kept");
        let mut m = alloc::collections::BTreeMap::new();
        m.insert(vec![1u8], 1u8);
        assert!(to_string(&m).is_err());
    }
}
