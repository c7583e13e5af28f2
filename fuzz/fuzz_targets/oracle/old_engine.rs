//! The validation engine as it was before the table-driven rewrite, kept only as an oracle for
//! the differential fuzz target: the same input must get the same verdict, fields, error kind,
//! offset and path, and the same `validate_all` report, from both. Never used by the library.
#![allow(dead_code, clippy::all)]

use emvqr::{Checksum, Error, ErrorKind, LengthUnit, NonEmv, ParseOptions, Path, Warnings};

/// The options the old engine read: the public ones, plus the two it read from private fields.
#[derive(Clone, Copy)]
pub struct Opts {
    pub base: ParseOptions,
    pub verify: bool,
    pub max_len: Option<usize>,
}

impl Opts {
    pub fn allows(&self, kind: ErrorKind, path: Path) -> bool {
        self.base.allows(kind, path)
    }
    pub fn unit(&self) -> LengthUnit {
        self.base.unit()
    }
    pub fn checksum(&self) -> Checksum {
        self.base.checksum_kind()
    }
}

/// The old result of a parse: the value of every root object, the warning kinds.
pub fn parse(src: &str, opts: &Opts) -> Result<(Vec<Option<String>>, usize, Warnings), Error> {
    let mut sink = FirstError::default();
    let index = run(src, opts, &mut sink)?;
    if let Some(e) = sink.error {
        return Err(e);
    }
    let values = (0..100).map(|id| index.value(src, id, opts.unit()).map(str::to_string)).collect();
    Ok((values, usize::from(index.crc_at), sink.warnings))
}

/// The old `validate_all`: errors and warnings, in order.
pub fn validate_all(src: &str, opts: &Opts) -> (Vec<Error>, Vec<Error>) {
    let mut sink = CollectAll::default();
    match run(src, opts, &mut sink) {
        Ok(_) => (sink.errors, sink.warnings),
        Err(e) => (vec![e], sink.warnings),
    }
}

pub const fn two_digits(a: u8, b: u8) -> Option<u8> {
    if a.is_ascii_digit() && b.is_ascii_digit() {
        Some((a - b'0') * 10 + (b - b'0'))
    } else {
        None
    }
}


pub fn prefix_bytes(unit: LengthUnit, s: &str, n: usize) -> Option<usize> {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units == n {
            return Some(i);
        }
        units += match unit {
            LengthUnit::Utf16 => c.len_utf16(),
            _ => 1,
        };
        if units > n {
            return None;
        }
    }
    (units == n).then_some(s.len())
}

/// One data object: ID, value (a slice of the input) and where it sits.
#[derive(Clone, Copy)]
pub struct Tlv<'a> {
    id: u8,
    value: &'a str,
    offset: usize,
    parent: Path,
}

impl<'a> Tlv<'a> {
    /// The ID.
    pub const fn id(&self) -> u8 {
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
        self.parent.child(self.id)
    }

    /// Whether this object sits where EMV MPM puts templates (26–51, 62, 64, 80–99, and
    /// 62.50–99) and its value scans cleanly as nested data objects.
    pub fn is_template(&self, unit: LengthUnit) -> bool {
        let by_position = matches!(
            self.path().ids(),
            [26..=51] | [62] | [64] | [80..=99] | [62, 50..=99]
        );
        by_position && self.children(unit).all(|c| c.is_ok())
    }

    /// Scans the value as a template (nested data objects), lazily.
    pub fn children(&self, unit: LengthUnit) -> Tlvs<'a> {
        Tlvs::nested(self.value, self.value_offset(), self.path(), unit)
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
        Tlvs::nested_ascii(src, base, parent, unit, src.is_ascii())
    }

    /// Like [`Tlvs::nested`], when the caller already knows whether `src` is ASCII.
    pub fn nested_ascii(
        src: &'a str,
        base: usize,
        parent: Path,
        unit: LengthUnit,
        ascii: bool,
    ) -> Tlvs<'a> {
        Tlvs {
            src,
            pos: 0,
            base,
            parent,
            unit,
            ascii,
        }
    }

    /// Byte offset (in the whole payload) where the next object starts.
    pub fn position(&self) -> usize {
        self.base + self.pos.min(self.src.len())
    }

    /// The remaining, unscanned text.
    pub fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn fail(&mut self, kind: ErrorKind, at: usize, path: Path) -> Option<Result<Tlv<'a>, Error>> {
        self.pos = usize::MAX;
        Some(Err(Error::new(kind, self.base + at, path)))
    }
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = Result<Tlv<'a>, Error>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.pos;
        let rest = self.src.as_bytes().get(pos..)?;
        let &[i0, i1, l0, l1, ..] = rest else {
            return match *rest {
                [] => None,
                [a, b, ..] if two_digits(a, b).is_none() => {
                    self.fail(ErrorKind::InvalidId, pos, self.parent)
                }
                [a, b, ..] => self.fail(
                    ErrorKind::Truncated,
                    pos,
                    self.parent.child(two_digits(a, b).unwrap_or(0)),
                ),
                [_] => self.fail(ErrorKind::Truncated, pos, self.parent),
            };
        };
        let Some(id) = two_digits(i0, i1) else {
            return self.fail(ErrorKind::InvalidId, pos, self.parent);
        };
        let Some(len) = two_digits(l0, l1) else {
            return self.fail(ErrorKind::InvalidLength, pos + 2, self.parent.child(id));
        };
        if len == 0 {
            return self.fail(ErrorKind::ZeroLength, pos + 2, self.parent.child(id));
        }
        let start = pos + 4;
        let ascii_end = start + usize::from(len);
        let end = if self.ascii
            || self
                .src
                .as_bytes()
                .get(start..ascii_end)
                .is_some_and(<[u8]>::is_ascii)
        {
            // ASCII bytes are whole characters: the value is `len` bytes long.
            ascii_end
        } else {
            let tail = self.src.get(start..).unwrap_or("");
            match prefix_bytes(self.unit, tail, usize::from(len)) {
                Some(n) => start + n,
                None => usize::MAX,
            }
        };
        let Some(value) = self.src.get(start..end) else {
            return self.fail(ErrorKind::Truncated, pos, self.parent.child(id));
        };
        self.pos = end;
        Some(Ok(Tlv {
            id,
            value,
            offset: self.base + pos,
            parent: self.parent,
        }))
    }
}





/// Longest input the parser looks at, in bytes.
pub const MAX_INPUT_BYTES: usize = 4096;

/// Receives every deviation found, with whether the options let it through.
pub trait Sink: Default {
    fn report(&mut self, e: Error, allowed: bool);
    /// Takes in what another sink gathered after this one's reports.
    fn absorb(&mut self, later: Self);
}

/// Keeps the first error in payload order (the smallest offset; the first reported on a tie)
/// and the kinds of the warnings.
#[derive(Default)]
pub struct FirstError {
    pub warnings: Warnings,
    pub error: Option<Error>,
}

impl Sink for FirstError {
    fn report(&mut self, e: Error, allowed: bool) {
        if allowed {
            self.warnings.insert(e.kind());
        } else if self.error.is_none_or(|f| e.offset() < f.offset()) {
            self.error = Some(e);
        }
    }

    fn absorb(&mut self, later: Self) {
        self.warnings.extend(later.warnings);
        if self.error.is_none() {
            self.error = later.error;
        }
    }
}

/// Collects everything.
#[derive(Default)]
pub struct CollectAll {
    pub errors: Vec<Error>,
    pub warnings: Vec<Error>,
}

impl Sink for CollectAll {
    fn report(&mut self, e: Error, allowed: bool) {
        if allowed {
            self.warnings.push(e);
        } else {
            self.errors.push(e);
        }
    }

    fn absorb(&mut self, mut later: Self) {
        later.errors.sort_by_key(Error::offset);
        later.warnings.sort_by_key(Error::offset);
        self.errors.append(&mut later.errors);
        self.warnings.append(&mut later.warnings);
    }
}

/// Where each root object sits: byte offset of its value (first occurrence wins; `0` =
/// absent, since a value never starts at 0).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Index {
    pub start: [u16; 100],
    /// Offset of the `63` object's ID.
    pub crc_at: u16,
    /// The whole payload is ASCII (lengths are byte counts).
    pub ascii: bool,
}

impl Index {
    /// Byte range of the value of root object `id` in `src`.
    pub fn value<'a>(&self, src: &'a str, id: u8, unit: LengthUnit) -> Option<&'a str> {
        let s = usize::from(*self.start.get(usize::from(id))?);
        if s == 0 {
            return None;
        }
        let h = src.as_bytes();
        let n = usize::from(two_digits(
            *h.get(s.checked_sub(2)?)?,
            *h.get(s - 1)?,
        )?);
        let rest = src.get(s..)?;
        let bytes = if self.ascii {
            n
        } else {
            prefix_bytes(unit, rest, n)?
        };
        rest.get(..bytes)
    }

    /// Byte offset of the value of root object `id` (0 when absent).
    pub fn value_at(&self, id: u8) -> usize {
        self.start
            .get(usize::from(id))
            .map_or(0, |s| usize::from(*s))
    }

    pub fn has(&self, id: u8) -> bool {
        self.start.get(usize::from(id)).is_some_and(|s| *s != 0)
    }
}

/// Checks the input before any parsing: empty, too long, a known non-EMV string.
pub fn precheck(src: &str) -> Result<(), Error> {
    if src.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0, Path::ROOT));
    }
    if src.len() > MAX_INPUT_BYTES {
        return Err(Error::new(ErrorKind::TooLong, MAX_INPUT_BYTES, Path::ROOT));
    }
    if !src.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        if let Some(what) = NonEmv::detect(src) {
            return Err(Error::new(ErrorKind::NotEmv(what), 0, Path::ROOT));
        }
    }
    Ok(())
}

/// Verifies the checksum object (format, value, case).
pub fn checksum(src: &str, at: usize, opts: &Opts, sink: &mut impl Sink) {
    let path = Path::root(63);
    let value = src.get(at + 4..).unwrap_or("");
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return sink.report(Error::new(ErrorKind::InvalidCrcFormat, at + 4, path), false);
    }
    if !opts.verify {
        return sink.report(
            Error::new(ErrorKind::ChecksumNotVerified, at + 4, path),
            true,
        );
    }
    let covered = if opts.checksum().covers_header() {
        src.get(..at + 4)
    } else {
        src.get(..at)
    };
    let expected = opts.checksum().compute(covered.unwrap_or("").as_bytes());
    if !value.as_bytes().eq_ignore_ascii_case(&expected) {
        sink.report(Error::new(ErrorKind::CrcMismatch, at + 4, path), false);
    } else if opts.checksum().covers_header() && value.bytes().any(|b| b.is_ascii_lowercase()) {
        let kind = ErrorKind::LowercaseCrc;
        sink.report(Error::new(kind, at + 4, path), opts.allows(kind, path));
    }
}

/// A rule checker bound to one payload and one set of options.
struct Rules<'o, 's, S> {
    opts: &'o Opts,
    sink: &'s mut S,
    /// The whole payload is ASCII: lengths are byte counts.
    ascii: bool,
    /// The whole payload is printable ASCII: every alphabet check passes.
    printable: bool,
}

/// Small bit set of IDs 0–99.
#[derive(Default, Clone, Copy)]
pub struct Seen(pub u128);

impl Seen {
    /// Marks `id`; returns whether it was already marked.
    pub fn mark(&mut self, id: u8) -> bool {
        let bit = 1u128 << (id % 128);
        let was = self.0 & bit != 0;
        self.0 |= bit;
        was
    }

    pub fn has(self, id: u8) -> bool {
        self.0 & (1u128 << (id % 128)) != 0
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TemplateKind {
    /// 26–51 and 80–99 at the root, 50–99 inside 62: GUI + payment-network data.
    Account,
    /// 62.
    Additional,
    /// 64.
    Language,
}

impl<S: Sink> Rules<'_, '_, S> {
    fn report(&mut self, kind: ErrorKind, offset: usize, path: Path) {
        let allowed = self.opts.allows(kind, path);
        self.sink.report(Error::new(kind, offset, path), allowed);
    }

    fn count(&self, v: &str) -> usize {
        if self.ascii {
            v.len()
        } else {
            self.opts.unit().count(v)
        }
    }

    fn children<'a>(&self, t: &Tlv<'a>) -> Tlvs<'a> {
        Tlvs::nested_ascii(
            t.value(),
            t.value_offset(),
            t.path(),
            self.opts.unit(),
            self.ascii,
        )
    }

    /// Presence and consistency rules, once every root object is known.
    fn finish(&mut self, src: &str, index: &Index, seen: Seen) {
        let at = usize::from(index.crc_at);
        let value = |id| index.value(src, id, self.opts.unit());
        if let Some(tip) = value(55) {
            let off = index.value_at(55).saturating_sub(4);
            match tip {
                "02" if !index.has(56) => self.report(ErrorKind::MissingFee, off, Path::root(56)),
                "03" if !index.has(57) => self.report(ErrorKind::MissingFee, off, Path::root(57)),
                _ => {}
            }
        }
        for (id, want) in [(56u8, "02"), (57, "03")] {
            if index.has(id) && value(55) != Some(want) {
                let off = index.value_at(id).saturating_sub(4);
                self.report(ErrorKind::UnexpectedFee, off, Path::root(id));
            }
        }
        if let Some(max) = self.opts.max_len {
            if self.count(src) > max {
                self.report(ErrorKind::PayloadTooLong, 0, Path::ROOT);
            }
        }
        for id in [52u8, 53, 58, 59, 60] {
            if !seen.has(id) {
                self.report(ErrorKind::Missing, at, Path::root(id));
            }
        }
        // Any of 02–51.
        if seen.0 & (((1u128 << 52) - 1) & !3) == 0 {
            self.report(ErrorKind::NoMerchantAccount, at, Path::ROOT);
        }
    }

    fn root_object(&mut self, t: &Tlv<'_>) {
        let v = t.value();
        match t.id() {
            0 => {
                self.numeric(t, Some(2));
                if v != "01" {
                    self.report(ErrorKind::InvalidPfi, t.value_offset(), t.path());
                }
            }
            1 => {
                self.numeric(t, Some(2));
                if v != "11" && v != "12" {
                    self.report(ErrorKind::InvalidInitiation, t.value_offset(), t.path());
                }
            }
            2..=25 => self.ans(t, 99),
            26..=51 | 80..=99 => self.template(t, TemplateKind::Account),
            52 => self.numeric(t, Some(4)),
            53 => self.numeric(t, Some(3)),
            54 | 56 => self.amount(t),
            55 => {
                self.numeric(t, Some(2));
                if !matches!(v, "01" | "02" | "03") {
                    self.report(ErrorKind::InvalidTipIndicator, t.value_offset(), t.path());
                }
            }
            57 => self.percentage(t),
            58 => self.ans_fixed(t, 2),
            59 => self.ans(t, 25),
            60 => self.ans(t, 15),
            61 => self.ans(t, 10),
            62 => self.template(t, TemplateKind::Additional),
            64 => self.template(t, TemplateKind::Language),
            _ => self.report(ErrorKind::RfuId, t.offset(), t.path()),
        }
    }

    fn template(&mut self, t: &Tlv<'_>, kind: TemplateKind) {
        // An unreserved template that does not scan cleanly is a primitive: decide first.
        if matches!(t.path().ids(), [80..=99] | [62, 50..=99])
            && !self.children(t).all(|c| c.is_ok())
        {
            return self.report(ErrorKind::UnreservedPrimitive, t.offset(), t.path());
        }
        let mut seen = Seen::default();
        for c in self.children(t) {
            let c = match c {
                Ok(c) => c,
                Err(e) => return self.sink.report(e, false),
            };
            let id = c.id();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path());
                continue;
            }
            match (kind, id) {
                (TemplateKind::Account, 0) => {
                    self.alphabet(&c, true);
                    if self.count(c.value()) > 32 {
                        self.report(ErrorKind::GuiTooLong, c.offset(), c.path());
                    }
                }
                (TemplateKind::Account, _) => self.s(&c, 99),
                (TemplateKind::Additional, 1..=8) => self.ans(&c, 25),
                (TemplateKind::Additional, 9) => {
                    self.ans(&c, 3);
                    if !consumer_data_ok(c.value()) {
                        self.report(ErrorKind::InvalidConsumerData, c.value_offset(), c.path());
                    }
                }
                (TemplateKind::Additional, 10) => self.ans(&c, 20),
                (TemplateKind::Additional, 11) => {
                    self.ans_fixed(&c, 3);
                    if !channel_ok(c.value()) {
                        self.report(
                            ErrorKind::InvalidMerchantChannel,
                            c.value_offset(),
                            c.path(),
                        );
                    }
                }
                (TemplateKind::Additional, 50..=99) => self.template(&c, TemplateKind::Account),
                (TemplateKind::Language, 0) => self.ans_fixed(&c, 2),
                (TemplateKind::Language, 1) => self.s(&c, 25),
                (TemplateKind::Language, 2) => self.s(&c, 15),
                _ => self.report(ErrorKind::RfuId, c.offset(), c.path()),
            }
        }
        let required: &[u8] = match kind {
            TemplateKind::Account => &[0],
            TemplateKind::Additional => &[],
            TemplateKind::Language => &[0, 1],
        };
        for &r in required {
            if !seen.has(r) {
                let k = if kind == TemplateKind::Account {
                    ErrorKind::MissingGui
                } else {
                    ErrorKind::Missing
                };
                self.report(k, t.offset(), t.path().child(r));
            }
        }
    }

    fn numeric(&mut self, t: &Tlv<'_>, fixed: Option<usize>) {
        if let Some(i) = t.value().bytes().position(|b| !b.is_ascii_digit()) {
            return self.report(ErrorKind::NotNumeric, t.value_offset() + i, t.path());
        }
        if fixed.is_some_and(|n| t.value().len() != n) {
            self.report(ErrorKind::WrongLength, t.offset(), t.path());
        }
    }

    /// Alphanumeric special: printable ASCII; non-ASCII is a lenient deviation.
    fn ans(&mut self, t: &Tlv<'_>, max: usize) {
        self.alphabet(t, true);
        self.max(t, max);
    }

    fn ans_fixed(&mut self, t: &Tlv<'_>, n: usize) {
        self.alphabet(t, true);
        if self.count(t.value()) != n {
            self.report(ErrorKind::WrongLength, t.offset(), t.path());
        }
    }

    /// Any Unicode text without control characters.
    fn s(&mut self, t: &Tlv<'_>, max: usize) {
        self.alphabet(t, false);
        self.max(t, max);
    }

    fn max(&mut self, t: &Tlv<'_>, max: usize) {
        if self.count(t.value()) > max {
            self.report(ErrorKind::ValueTooLong, t.offset(), t.path());
        }
    }

    fn alphabet(&mut self, t: &Tlv<'_>, ascii_only: bool) {
        let v = t.value();
        if self.printable || printable_ascii(v.as_bytes()) {
            return;
        }
        if let Some(i) = v.bytes().position(|b| b < 0x20 || b == 0x7F) {
            return self.report(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path());
        }
        if let Some((i, _)) = v.char_indices().find(|(_, c)| c.is_control()) {
            return self.report(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path());
        }
        if ascii_only {
            let i = v.bytes().position(|b| !b.is_ascii()).unwrap_or(0);
            self.report(ErrorKind::NonAscii, t.value_offset() + i, t.path());
        }
    }

    fn amount(&mut self, t: &Tlv<'_>) {
        let v = t.value();
        if !amount_ok(v) {
            return self.report(ErrorKind::InvalidAmount, t.value_offset(), t.path());
        }
        if v.bytes().all(|b| b == b'0' || b == b'.') {
            self.report(ErrorKind::ZeroAmount, t.value_offset(), t.path());
        }
    }

    fn percentage(&mut self, t: &Tlv<'_>) {
        let v = t.value();
        let ok = amount_ok(v) && v.len() <= 5 && {
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            int.len() <= 2 && frac.len() <= 2 && !v.bytes().all(|b| b == b'0' || b == b'.')
        };
        if !ok {
            self.report(ErrorKind::InvalidAmount, t.value_offset(), t.path());
        }
    }
}

/// Whether every byte is printable ASCII (0x20–0x7E), eight bytes a step.
fn printable_ascii(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(c).unwrap_or([0; 8]));
        // Some byte below 0x20, or some byte above 0x7E (exact tests for any byte, not which).
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        let above = (x.wrapping_add(ONES) | x) & HIGH;
        if below | above != 0 {
            return false;
        }
    }
    chunks.remainder().iter().all(|c| (0x20..0x7F).contains(c))
}

/// EMV amount grammar: digits, at most one '.', a digit first, at most 13 characters.
pub fn amount_ok(v: &str) -> bool {
    let b = v.as_bytes();
    if b.is_empty() || b.len() > 13 || !b.first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut dot = false;
    for &c in b {
        match c {
            b'0'..=b'9' => {}
            b'.' if !dot => dot = true,
            _ => return false,
        }
    }
    true
}

fn consumer_data_ok(v: &str) -> bool {
    let mut seen = Seen::default();
    !v.is_empty()
        && v.bytes()
            .all(|c| matches!(c, b'A' | b'M' | b'E') && !seen.mark(c % 100))
}

fn channel_ok(v: &str) -> bool {
    matches!(v.as_bytes(), [a, b, c] if (b'0'..=b'7').contains(a) && (b'0'..=b'3').contains(b) && (b'0'..=b'3').contains(c))
}

/// Runs the whole validation in one pass over the root objects: the structure up to and
/// including `63` (a syntax error ends it and is the result), then the checksum, then the
/// other rules (gathered during the same pass, reported after the checksum).
pub fn run<S: Sink>(src: &str, opts: &Opts, sink: &mut S) -> Result<Index, Error> {
    precheck(src)?;
    let printable = printable_ascii(src.as_bytes());
    let ascii = printable || src.is_ascii();
    let mut index = Index {
        start: [0; 100],
        crc_at: 0,
        ascii,
    };
    let mut later = S::default();
    let mut rules = Rules {
        opts,
        sink: &mut later,
        ascii,
        printable,
    };
    let mut seen = Seen::default();
    let mut crc_at = None;
    for (i, tlv) in Tlvs::nested_ascii(src, 0, Path::ROOT, opts.unit(), ascii).enumerate() {
        let tlv = tlv?;
        let id = tlv.id();
        if id == 63 {
            if tlv.end() != src.len() {
                return Err(Error::new(ErrorKind::CrcNotLast, tlv.end(), Path::ROOT));
            }
            crc_at = Some(tlv.offset());
            break;
        }
        if i == 0 && id != 0 {
            rules.report(ErrorKind::PfiNotFirst, 0, Path::root(0));
        }
        if seen.mark(id) {
            rules.report(ErrorKind::DuplicateId, tlv.offset(), tlv.path());
            continue;
        }
        if let Some(s) = index.start.get_mut(usize::from(id)) {
            *s = u16::try_from(tlv.value_offset()).unwrap_or(u16::MAX);
        }
        rules.root_object(&tlv);
    }
    let Some(at) = crc_at else {
        return Err(Error::new(ErrorKind::MissingCrc, src.len(), Path::root(63)));
    };
    index.crc_at = u16::try_from(at).unwrap_or(u16::MAX);
    if let Some(s) = index.start.get_mut(63) {
        *s = u16::try_from(at + 4).unwrap_or(u16::MAX);
    }
    rules.finish(src, &index, seen);
    checksum(src, at, opts, sink);
    sink.absorb(later);
    Ok(index)
}

