//! The EMV MPM rules, written once and reported through a sink, so that a strict parse (stop at
//! the first error), a lenient parse (collect warnings) and `validate_all` share them.

use crate::error::{Error, ErrorKind, NonEmv, Path, Warnings};
use crate::options::ParseOptions;
use crate::tlv::{LengthUnit, Tlv, Tlvs};

/// Longest input the parser looks at, in bytes.
pub const MAX_INPUT_BYTES: usize = 4096;

/// Marker: the sink asked to stop.
pub(crate) struct Stop;

/// Receives every deviation found, with whether the options let it through.
pub(crate) trait Sink {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop>;
}

/// Stops at the first error; records the kinds of the warnings.
#[derive(Default)]
pub(crate) struct FirstError {
    pub(crate) warnings: Warnings,
    pub(crate) error: Option<Error>,
}

impl Sink for FirstError {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop> {
        if allowed {
            self.warnings.insert(e.kind());
            Ok(())
        } else {
            self.error = Some(e);
            Err(Stop)
        }
    }
}

/// Collects everything.
#[cfg(feature = "alloc")]
#[derive(Default)]
pub(crate) struct CollectAll {
    pub(crate) errors: alloc::vec::Vec<Error>,
    pub(crate) warnings: alloc::vec::Vec<Error>,
}

#[cfg(feature = "alloc")]
impl Sink for CollectAll {
    fn report(&mut self, e: Error, allowed: bool) -> Result<(), Stop> {
        if allowed {
            self.warnings.push(e);
        } else {
            self.errors.push(e);
        }
        Ok(())
    }
}

/// Where each root object sits: byte offset of its value and byte length of its value.
/// First occurrence wins. `0` = absent (a value never starts at 0).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Index {
    pub(crate) start: [u16; 100],
    pub(crate) len: [u16; 100],
    /// Offset of the `63` object's ID.
    pub(crate) crc_at: u16,
}

impl Index {
    pub(crate) fn slot(&self, id: u8) -> Option<(usize, usize)> {
        let i = usize::from(id);
        match (self.start.get(i), self.len.get(i)) {
            (Some(&s), Some(&l)) if s != 0 => Some((usize::from(s), usize::from(l))),
            _ => None,
        }
    }

    pub(crate) fn has(&self, id: u8) -> bool {
        self.start.get(usize::from(id)).is_some_and(|s| *s != 0)
    }
}

/// Checks the input before any parsing: empty, too long, a known non-EMV string.
pub(crate) fn precheck(src: &str) -> Result<(), Error> {
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

/// Walks the root objects up to and including `63`; any syntax error ends the walk.
pub(crate) fn structure(src: &str, unit: LengthUnit) -> Result<Index, Error> {
    let mut index = Index {
        start: [0; 100],
        len: [0; 100],
        crc_at: 0,
    };
    for tlv in Tlvs::with_unit(src, unit) {
        let tlv = tlv?;
        let i = usize::from(tlv.id().get());
        if let (Some(s), Some(l)) = (index.start.get_mut(i), index.len.get_mut(i)) {
            if *s == 0 {
                *s = u16::try_from(tlv.value_offset()).unwrap_or(u16::MAX);
                *l = u16::try_from(tlv.value().len()).unwrap_or(u16::MAX);
            }
        }
        if tlv.id().get() == 63 {
            if tlv.end() != src.len() {
                return Err(Error::new(ErrorKind::CrcNotLast, tlv.end(), Path::ROOT));
            }
            index.crc_at = u16::try_from(tlv.offset()).unwrap_or(u16::MAX);
            return Ok(index);
        }
    }
    Err(Error::new(ErrorKind::MissingCrc, src.len(), Path::root(63)))
}

/// Verifies the checksum object (format, value, case).
pub(crate) fn checksum(
    src: &str,
    index: &Index,
    opts: &ParseOptions,
    sink: &mut impl Sink,
) -> Result<(), Stop> {
    let at = usize::from(index.crc_at);
    let path = Path::root(63);
    let value = src.get(at + 4..).unwrap_or("");
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return sink.report(Error::new(ErrorKind::InvalidCrcFormat, at + 4, path), false);
    }
    if !opts.verify_checksum {
        return sink.report(
            Error::new(ErrorKind::ChecksumNotVerified, at + 4, path),
            true,
        );
    }
    let covered = if opts.checksum.covers_header() {
        src.get(..at + 4)
    } else {
        src.get(..at)
    };
    let expected = opts.checksum.compute(covered.unwrap_or("").as_bytes());
    if !value.as_bytes().eq_ignore_ascii_case(&expected) {
        sink.report(Error::new(ErrorKind::CrcMismatch, at + 4, path), false)?;
    } else if opts.checksum.covers_header() && value.bytes().any(|b| b.is_ascii_lowercase()) {
        let kind = ErrorKind::LowercaseCrc;
        sink.report(Error::new(kind, at + 4, path), opts.allows(kind, path))?;
    }
    Ok(())
}

/// A rule checker bound to one payload and one set of options.
pub(crate) struct Rules<'o, 's, S> {
    pub(crate) opts: &'o ParseOptions,
    pub(crate) sink: &'s mut S,
}

/// Small bit set of IDs 0–99.
#[derive(Default, Clone, Copy)]
struct Seen(u128);

impl Seen {
    /// Marks `id`; returns whether it was already marked.
    fn mark(&mut self, id: u8) -> bool {
        let bit = 1u128 << (id % 128);
        let was = self.0 & bit != 0;
        self.0 |= bit;
        was
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
    fn report(&mut self, kind: ErrorKind, offset: usize, path: Path) -> Result<(), Stop> {
        let allowed = self.opts.allows(kind, path);
        self.sink.report(Error::new(kind, offset, path), allowed)
    }

    /// All rules but syntax and checksum, in payload order, then presence rules.
    pub(crate) fn check(&mut self, src: &str, index: &Index) -> Result<(), Stop> {
        if let Some(max) = self.opts.max_len {
            if self.opts.unit.count(src) > max {
                self.report(ErrorKind::PayloadTooLong, 0, Path::ROOT)?;
            }
        }
        let mut seen = Seen::default();
        for (i, tlv) in Tlvs::with_unit(src, self.opts.unit).enumerate() {
            let Ok(tlv) = tlv else { break };
            let id = tlv.id().get();
            if id == 63 {
                break;
            }
            if i == 0 && id != 0 {
                self.report(ErrorKind::PfiNotFirst, 0, Path::root(0))?;
            }
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, tlv.offset(), tlv.path())?;
                continue;
            }
            self.root_object(src, &tlv, index)?;
        }
        let at = usize::from(index.crc_at);
        for id in [52u8, 53, 58, 59, 60] {
            if !index.has(id) {
                self.report(ErrorKind::Missing, at, Path::root(id))?;
            }
        }
        if !(2..=51).any(|id| index.has(id)) {
            self.report(ErrorKind::NoMerchantAccount, at, Path::ROOT)?;
        }
        Ok(())
    }

    fn root_object(&mut self, src: &str, t: &Tlv<'_>, index: &Index) -> Result<(), Stop> {
        let v = t.value();
        match t.id().get() {
            0 => {
                self.numeric(t, Some(2))?;
                if v != "01" {
                    self.report(ErrorKind::InvalidPfi, t.value_offset(), t.path())?;
                }
            }
            1 => {
                self.numeric(t, Some(2))?;
                if v != "11" && v != "12" {
                    self.report(ErrorKind::InvalidInitiation, t.value_offset(), t.path())?;
                }
            }
            2..=25 => self.ans(t, 99)?,
            26..=51 | 80..=99 => self.template(t, TemplateKind::Account)?,
            52 => self.numeric(t, Some(4))?,
            53 => self.numeric(t, Some(3))?,
            54 => self.amount(t, 13)?,
            55 => {
                self.numeric(t, Some(2))?;
                match v {
                    "01" => {}
                    "02" if !index.has(56) => {
                        self.report(ErrorKind::MissingFee, t.offset(), Path::root(56))?
                    }
                    "03" if !index.has(57) => {
                        self.report(ErrorKind::MissingFee, t.offset(), Path::root(57))?
                    }
                    "02" | "03" => {}
                    _ => self.report(ErrorKind::InvalidTipIndicator, t.value_offset(), t.path())?,
                }
            }
            56 | 57 => {
                let want = if t.id().get() == 56 { "02" } else { "03" };
                let tip = index.slot(55).and_then(|(s, l)| src.get(s..s + l));
                if t.id().get() == 56 {
                    self.amount(t, 13)?;
                } else {
                    self.percentage(t)?;
                }
                if tip != Some(want) {
                    self.report(ErrorKind::UnexpectedFee, t.offset(), t.path())?;
                }
            }
            58 => self.ans_fixed(t, 2)?,
            59 => self.ans(t, 25)?,
            60 => self.ans(t, 15)?,
            61 => self.ans(t, 10)?,
            62 => self.template(t, TemplateKind::Additional)?,
            64 => self.template(t, TemplateKind::Language)?,
            _ => self.report(ErrorKind::RfuId, t.offset(), t.path())?,
        }
        Ok(())
    }

    fn template(&mut self, t: &Tlv<'_>, kind: TemplateKind) -> Result<(), Stop> {
        // A template must scan cleanly; an unreserved one that does not is a primitive.
        let unreserved = matches!(t.path().ids(), [80..=99] | [62, 50..=99]);
        if let Some(Err(e)) = t.children(self.opts.unit).find(Result::is_err) {
            return if unreserved {
                self.report(ErrorKind::UnreservedPrimitive, t.offset(), t.path())
            } else {
                self.sink.report(e, false)
            };
        }
        let mut seen = Seen::default();
        for c in t.children(self.opts.unit) {
            let Ok(c) = c else { break };
            let id = c.id().get();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path())?;
                continue;
            }
            match (kind, id) {
                (TemplateKind::Account, 0) => self.gui(&c)?,
                (TemplateKind::Account, _) => self.s(&c, 99)?,
                (TemplateKind::Additional, 1..=8) => self.ans(&c, 25)?,
                (TemplateKind::Additional, 9) => {
                    self.ans(&c, 3)?;
                    if !consumer_data_ok(c.value()) {
                        self.report(ErrorKind::InvalidConsumerData, c.value_offset(), c.path())?;
                    }
                }
                (TemplateKind::Additional, 10) => self.ans(&c, 20)?,
                (TemplateKind::Additional, 11) => {
                    self.ans_fixed(&c, 3)?;
                    if !channel_ok(c.value()) {
                        self.report(
                            ErrorKind::InvalidMerchantChannel,
                            c.value_offset(),
                            c.path(),
                        )?;
                    }
                }
                (TemplateKind::Additional, 50..=99) => self.template(&c, TemplateKind::Account)?,
                (TemplateKind::Language, 0) => self.ans_fixed(&c, 2)?,
                (TemplateKind::Language, 1) => self.s(&c, 25)?,
                (TemplateKind::Language, 2) => self.s(&c, 15)?,
                _ => self.report(ErrorKind::RfuId, c.offset(), c.path())?,
            }
        }
        let required: &[u8] = match kind {
            TemplateKind::Account => &[0],
            TemplateKind::Additional => &[],
            TemplateKind::Language => &[0, 1],
        };
        for &r in required {
            if seen.0 & (1u128 << r) == 0 {
                let k = if kind == TemplateKind::Account {
                    ErrorKind::MissingGui
                } else {
                    ErrorKind::Missing
                };
                self.report(k, t.offset(), t.path().child(r))?;
            }
        }
        Ok(())
    }

    fn gui(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        self.alphabet(t, true)?;
        if self.opts.unit.count(t.value()) > 32 {
            self.report(ErrorKind::GuiTooLong, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn numeric(&mut self, t: &Tlv<'_>, fixed: Option<usize>) -> Result<(), Stop> {
        if let Some(i) = t.value().bytes().position(|b| !b.is_ascii_digit()) {
            return self.report(ErrorKind::NotNumeric, t.value_offset() + i, t.path());
        }
        if fixed.is_some_and(|n| t.value().len() != n) {
            self.report(ErrorKind::WrongLength, t.offset(), t.path())?;
        }
        Ok(())
    }

    /// Alphanumeric special: printable ASCII; non-ASCII is a lenient deviation.
    fn ans(&mut self, t: &Tlv<'_>, max: usize) -> Result<(), Stop> {
        self.alphabet(t, true)?;
        self.max(t, max)
    }

    fn ans_fixed(&mut self, t: &Tlv<'_>, n: usize) -> Result<(), Stop> {
        self.alphabet(t, true)?;
        if self.opts.unit.count(t.value()) != n {
            self.report(ErrorKind::WrongLength, t.offset(), t.path())?;
        }
        Ok(())
    }

    /// Any Unicode text without control characters.
    fn s(&mut self, t: &Tlv<'_>, max: usize) -> Result<(), Stop> {
        self.alphabet(t, false)?;
        self.max(t, max)
    }

    fn max(&mut self, t: &Tlv<'_>, max: usize) -> Result<(), Stop> {
        if self.opts.unit.count(t.value()) > max {
            self.report(ErrorKind::ValueTooLong, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn alphabet(&mut self, t: &Tlv<'_>, ascii_only: bool) -> Result<(), Stop> {
        let v = t.value();
        if let Some(i) = v.bytes().position(|b| b < 0x20 || b == 0x7F) {
            return self.report(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path());
        }
        if v.is_ascii() {
            return Ok(());
        }
        if let Some((i, _)) = v.char_indices().find(|(_, c)| c.is_control()) {
            return self.report(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path());
        }
        if ascii_only {
            let i = v.bytes().position(|b| !b.is_ascii()).unwrap_or(0);
            self.report(ErrorKind::NonAscii, t.value_offset() + i, t.path())?;
        }
        Ok(())
    }

    fn amount(&mut self, t: &Tlv<'_>, max: usize) -> Result<(), Stop> {
        let v = t.value();
        if !amount_ok(v) || v.len() > max {
            return self.report(ErrorKind::InvalidAmount, t.value_offset(), t.path());
        }
        if v.bytes().all(|b| b == b'0' || b == b'.') {
            self.report(ErrorKind::ZeroAmount, t.value_offset(), t.path())?;
        }
        Ok(())
    }

    fn percentage(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let v = t.value();
        let ok = amount_ok(v) && v.len() <= 5 && {
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            int.len() <= 2 && frac.len() <= 2 && !v.bytes().all(|b| b == b'0' || b == b'.')
        };
        if !ok {
            self.report(ErrorKind::InvalidAmount, t.value_offset(), t.path())?;
        }
        Ok(())
    }
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

/// Runs the whole validation: structure, checksum, rules.
pub(crate) fn run(src: &str, opts: &ParseOptions, sink: &mut impl Sink) -> Result<Index, Error> {
    precheck(src)?;
    let index = structure(src, opts.unit)?;
    if checksum(src, &index, opts, sink).is_ok() {
        let _ = Rules { opts, sink }.check(src, &index);
    }
    Ok(index)
}
