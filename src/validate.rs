//! The EMV MPM rules, written once and reported through a sink, so that a strict parse (stop at
//! the first error), a lenient parse (collect warnings) and `validate_all` share them.

use crate::crc::hex4;
use crate::error::{Error, ErrorKind, NonEmv, Path, Warnings};
use crate::field::{self, Field, Format, Level, Rule};
use crate::options::ParseOptions;
#[cfg(feature = "alloc")]
use crate::sink::Collect;
use crate::sink::{Earliest, Sink};
use crate::tlv::{self, LengthUnit};

/// Longest input the parser looks at, in bytes.
pub const MAX_INPUT_BYTES: usize = 4096;

/// A sink the EMV walk can nest: a template that may be a primitive is judged into a sink of
/// its own, taken in only if it scans.
pub(crate) trait Nest: Sink + Default {
    /// The sink of a first walk ([`Spotless`]): inside the objects' walk a report builds
    /// nothing it would carry, and calls [`Nest::note`] instead.
    const QUICK: bool = false;
    /// Something was reported (for a [`Nest::QUICK`] sink).
    fn note(&mut self) {}
    /// Takes in what another sink gathered after this one's reports: they rank after them,
    /// whatever their offsets.
    fn absorb(&mut self, later: Self);
    /// Takes in what another sink gathered as if it had been reported here, in order.
    fn merge(&mut self, nested: Self);
}

impl Nest for Earliest {
    fn absorb(&mut self, later: Self) {
        self.warnings.extend(later.warnings);
        if self.error.is_none() {
            self.error = later.error;
        }
    }

    fn merge(&mut self, nested: Self) {
        self.warnings.extend(nested.warnings);
        if let Some(e) = nested.error {
            let _ = self.report(e, false);
        }
    }
}

/// The first walk of a parse: keeps whether anything was reported that it cannot judge, and
/// the warnings it can. Inside the objects' walk every report counts as such (the walk builds
/// nothing a report carries, and calls [`Nest::note`]); the rules judged once all objects are
/// read (presence, fees, the first object, the checksum) report in full, and their warnings are
/// kept: their kinds always, and with `N` > 0 up to `N` whole warnings, in the order
/// [`Collect`](crate::sink::Collect) lists them (more are given up on, like an error). A payload
/// with nothing else reported is valid with those warnings; any other is walked again into a
/// sink that finds what the problem is. Both walks are the same code.
pub(crate) struct Spotless<const N: usize> {
    pub(crate) reported: bool,
    /// The kinds of the warnings.
    pub(crate) warnings: Warnings,
    /// The warnings, `count` of them.
    kept: [Option<Error>; N],
    count: usize,
}

/// Whole warnings a verdict's first walk keeps: the rules judged after the walk raise at most
/// five (four missing objects, the checksum's).
#[cfg(feature = "alloc")]
pub(crate) const KEPT_WARNINGS: usize = 6;

impl<const N: usize> Default for Spotless<N> {
    fn default() -> Self {
        Spotless {
            reported: false,
            warnings: Warnings::NONE,
            kept: [None; N],
            count: 0,
        }
    }
}

impl<const N: usize> Spotless<N> {
    /// Keeps warning `e` after those kept so far, or gives up when there is no room.
    fn keep(&mut self, e: Error) {
        self.warnings.insert(e.kind());
        if N == 0 {
            return;
        }
        match self.kept.get_mut(self.count) {
            Some(slot) => {
                *slot = Some(e);
                self.count += 1;
            }
            None => self.reported = true,
        }
    }

    /// The warnings kept, in order.
    pub(crate) fn kept(&self) -> impl Iterator<Item = Error> + '_ {
        self.kept.iter().take(self.count).flatten().copied()
    }
}

impl<const N: usize> Sink for Spotless<N> {
    fn report(&mut self, e: Error, allowed: bool) -> crate::sink::Checked {
        if allowed {
            self.keep(e);
        } else {
            self.reported = true;
        }
        Ok(())
    }
}

impl<const N: usize> Nest for Spotless<N> {
    const QUICK: bool = true;

    fn note(&mut self) {
        self.reported = true;
    }

    /// As `Collect` absorbs: the later warnings by offset (a stable order), after these.
    fn absorb(&mut self, mut later: Self) {
        self.reported |= later.reported;
        self.warnings.extend(later.warnings);
        let offset = |e: &Option<Error>| e.map_or(usize::MAX, |e| e.offset());
        if let Some(items) = later.kept.get_mut(..later.count) {
            // Insertion sort: stable, and a handful of items.
            for i in 1..items.len() {
                for j in (1..=i).rev() {
                    let (Some(a), Some(b)) = (items.get(j - 1), items.get(j)) else {
                        break;
                    };
                    if offset(a) <= offset(b) {
                        break;
                    }
                    items.swap(j - 1, j);
                }
            }
        }
        later.kept().for_each(|e| self.keep(e));
    }

    fn merge(&mut self, nested: Self) {
        self.reported |= nested.reported;
        self.warnings.extend(nested.warnings);
        nested.kept().for_each(|e| self.keep(e));
    }
}

#[cfg(feature = "alloc")]
impl Nest for Collect {
    fn absorb(&mut self, mut later: Self) {
        later.errors.sort_by_key(Error::offset);
        later.warnings.sort_by_key(Error::offset);
        self.errors.append(&mut later.errors);
        self.warnings.append(&mut later.warnings);
    }

    fn merge(&mut self, mut nested: Self) {
        self.errors.append(&mut nested.errors);
        self.warnings.append(&mut nested.warnings);
    }
}

/// Where each root object sits: byte offset of its value (first occurrence wins; `0` =
/// absent, since a value never starts at 0).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Index {
    pub(crate) start: [u16; 100],
    /// Offset of the `63` object's ID.
    pub(crate) crc_at: u16,
    /// The whole payload is ASCII (lengths are byte counts).
    pub(crate) ascii: bool,
}

impl Index {
    pub(crate) const EMPTY: Index = Index {
        start: [0; 100],
        crc_at: 0,
        ascii: false,
    };

    /// Byte range of the value of root object `id` in `src`.
    pub(crate) fn value<'a>(&self, src: &'a str, id: u8, unit: LengthUnit) -> Option<&'a str> {
        let s = usize::from(*self.start.get(usize::from(id))?);
        if s == 0 {
            return None;
        }
        let h = src.as_bytes();
        let n = usize::from(crate::tlv::two_digits(
            *h.get(s.checked_sub(2)?)?,
            *h.get(s - 1)?,
        )?);
        let rest = src.get(s..)?;
        let bytes = if self.ascii {
            n
        } else {
            unit.prefix_bytes(rest, n)?
        };
        rest.get(..bytes)
    }

    /// Byte offset of the value of root object `id` (0 when absent).
    pub(crate) fn value_at(&self, id: u8) -> usize {
        self.start
            .get(usize::from(id))
            .map_or(0, |s| usize::from(*s))
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

/// Verifies the checksum object (format, value, case); `known`: the checksum of the covered
/// bytes, if already computed.
#[inline(always)]
fn checksum(src: &str, at: usize, opts: &ParseOptions, sink: &mut impl Nest, known: Option<u16>) {
    let value = src.as_bytes().get(at + 4..).unwrap_or_default();
    let covered = if opts.checksum.covers_header() {
        src.as_bytes().get(..at + 4)
    } else {
        src.as_bytes().get(..at)
    };
    // The common case: four digits, verified, written exactly as computed (uppercase).
    let expected = (opts.verify_checksum && value.len() == 4)
        .then(|| known.unwrap_or_else(|| opts.checksum.value(covered.unwrap_or_default())));
    if expected.is_some_and(|e| value == hex4(e)) {
        return;
    }
    checksum_deviation(value, at, opts, sink, expected);
}

/// Finds what is wrong with a checksum that is not written exactly as computed (`expected`,
/// when verified).
#[cold]
#[inline(never)]
fn checksum_deviation(
    value: &[u8],
    at: usize,
    opts: &ParseOptions,
    sink: &mut impl Nest,
    expected: Option<u16>,
) {
    let path = Path::root(63);
    let Some(written) = hex_u16(value) else {
        let _ = sink.report(Error::new(ErrorKind::InvalidCrcFormat, at + 4, path), false);
        return;
    };
    let Some(expected) = expected else {
        let _ = sink.report(
            Error::new(ErrorKind::ChecksumNotVerified, at + 4, path),
            true,
        );
        return;
    };
    if written != expected {
        let _ = sink.report(Error::new(ErrorKind::CrcMismatch, at + 4, path), false);
    } else if opts.checksum.covers_header() && value.iter().any(u8::is_ascii_lowercase) {
        let kind = ErrorKind::LowercaseCrc;
        let _ = sink.report(Error::new(kind, at + 4, path), opts.allows(kind, path));
    }
}

/// Four hexadecimal digits (either case) as a number.
fn hex_u16(v: &[u8]) -> Option<u16> {
    let digits: &[u8; 4] = v.try_into().ok()?;
    digits.iter().try_fold(0u16, |acc, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        Some(acc << 4 | u16::from(d))
    })
}

/// The ID path of an object's parent, packed: `[a, b]` with `NONE` for absent levels (a
/// parent is at most two levels deep). Cheaper to carry than a [`Path`], built only to report.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Parent([u8; 2]);

impl Parent {
    const NONE: u8 = u8::MAX;
    const ROOT: Parent = Parent([Parent::NONE; 2]);

    fn child(self, id: u8) -> Parent {
        match self.0 {
            [Parent::NONE, _] => Parent([id, Parent::NONE]),
            [a, _] => Parent([a, id]),
        }
    }

    fn path(self) -> Path {
        match self.0 {
            [Parent::NONE, _] => Path::ROOT,
            [a, Parent::NONE] => Path::root(a),
            [a, b] => Path::root(a).child(b),
        }
    }
}

/// One data object as the rules see it: its value's bytes (whole characters of the payload)
/// and where it sits.
#[derive(Clone, Copy)]
struct Obj<'a> {
    v: &'a [u8],
    /// Byte offset of the ID.
    at: usize,
    parent: Parent,
    id: u8,
}

impl Obj<'_> {
    fn path(&self) -> Path {
        self.parent.path().child(self.id)
    }

    /// Byte offset of the value.
    fn value_at(&self) -> usize {
        self.at + 4
    }
}

/// A rule checker bound to one payload and one set of options. `PRINTABLE`: the whole payload
/// is printable ASCII, so lengths are byte counts and every alphabet check passes.
struct Rules<'o, 's, S, const PRINTABLE: bool> {
    src: &'o str,
    opts: &'o ParseOptions,
    sink: &'s mut S,
    /// The whole payload is ASCII: lengths are byte counts.
    ascii: bool,
}

/// Small bit set of IDs 0–127, in two words (cheaper than one `u128` shift).
#[derive(Default, Clone, Copy)]
pub(crate) struct Seen([u64; 2]);

impl Seen {
    /// Marks `id`; returns whether it was already marked.
    pub(crate) fn mark(&mut self, id: u8) -> bool {
        let bit = 1u64 << (id % 64);
        let Some(word) = self.0.get_mut(usize::from(id / 64 % 2)) else {
            return false;
        };
        let was = *word & bit != 0;
        *word |= bit;
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

/// The format of one data object, as the validator reads it from [`crate::field`]'s table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spec {
    /// `ans`: printable ASCII (non-ASCII is a lenient deviation), at most this many characters.
    Ans(u8),
    /// `ans` of exactly this many characters.
    AnsFixed(u8),
    /// `S`: any text without control characters, at most this many characters.
    S(u8),
    /// `N`: digits, exactly this many.
    Numeric(u8),
    /// 00 Payload Format Indicator: `N` of this length, `"01"`.
    Pfi(u8),
    /// 01 Point of Initiation Method: `N` of this length, `"11"` or `"12"`.
    Initiation(u8),
    /// 55 Tip or Convenience Indicator: `N` of this length, `"01"`–`"03"`.
    Tip(u8),
    /// 54, 56: the amount grammar, not zero.
    Amount,
    /// 57: a percentage of at most two integer and two decimal digits, not zero.
    Percentage,
    /// A template's 00 Globally Unique Identifier: `ans`, at most this many characters.
    Gui(u8),
    /// 62.09 Additional Consumer Data Request: `ans` of at most this many of `A`, `M`, `E`,
    /// each once.
    ConsumerData(u8),
    /// 62.11 Merchant Channel: `ans` of this length from the channel table.
    Channel(u8),
    /// A template at a reserved ID.
    Template(TemplateKind),
    /// A template at an unreserved ID (80–99, 62.50–99): a primitive if it does not scan.
    Unreserved,
    /// Reserved for future use.
    Rfu,
}

impl Spec {
    /// What the validator checks of a field of the table.
    const fn of(f: &Field) -> Spec {
        match f.rule {
            Rule::Pfi => Spec::Pfi(f.max),
            Rule::Initiation => Spec::Initiation(f.max),
            Rule::Tip => Spec::Tip(f.max),
            Rule::Gui => Spec::Gui(f.max),
            Rule::ConsumerData => Spec::ConsumerData(f.max),
            Rule::Channel => Spec::Channel(f.max),
            Rule::Account => Spec::Template(TemplateKind::Account),
            Rule::Additional => Spec::Template(TemplateKind::Additional),
            Rule::Language => Spec::Template(TemplateKind::Language),
            Rule::Unreserved => Spec::Unreserved,
            Rule::Plain => match f.format {
                Format::Numeric => Spec::Numeric(f.max),
                Format::Ans if f.min == f.max => Spec::AnsFixed(f.max),
                Format::Ans => Spec::Ans(f.max),
                Format::Text => Spec::S(f.max),
                Format::Amount => Spec::Amount,
                Format::Percentage => Spec::Percentage,
                Format::Template => Spec::Unreserved,
            },
        }
    }
}

/// Specs by ID. 128 entries rather than 100, so that a lookup by a 7-bit ID needs no bounds
/// check (IDs are at most 99).
type Specs = [Spec; 128];

/// The specs of IDs 00–99 at one level of the field table; IDs in no run are RFU.
#[allow(clippy::indexing_slicing)] // evaluated at compile time, every index is in range
const fn table(level: Level) -> Specs {
    let mut t = [Spec::Rfu; 128];
    let mut r = 0;
    while r < level.len() {
        let (first, last, field) = level[r];
        let spec = Spec::of(field);
        let mut id = first as usize;
        while id <= last as usize && id < 128 {
            t[id] = spec;
            id += 1;
        }
        r += 1;
    }
    t
}

/// The root objects. `63` ends the walk before the table.
static ROOT: Specs = table(field::ROOT);

/// Inside a merchant account template (26–51, 80–99, 62.50–99).
static ACCOUNT: Specs = table(field::IN_ACCOUNT);

/// Inside 62, the Additional Data Field Template.
static ADDITIONAL: Specs = table(field::IN_ADDITIONAL);

/// Inside 64, the Merchant Information — Language Template.
static LANGUAGE: Specs = table(field::IN_LANGUAGE);

/// [`TemplateKind`]s as const generic arguments.
const ACCOUNT_KIND: u8 = 0;
const ADDITIONAL_KIND: u8 = 1;
const LANGUAGE_KIND: u8 = 2;

impl TemplateKind {
    const fn of(kind: u8) -> TemplateKind {
        match kind {
            ADDITIONAL_KIND => TemplateKind::Additional,
            LANGUAGE_KIND => TemplateKind::Language,
            _ => TemplateKind::Account,
        }
    }

    fn specs(self) -> &'static Specs {
        match self {
            TemplateKind::Account => &ACCOUNT,
            TemplateKind::Additional => &ADDITIONAL,
            TemplateKind::Language => &LANGUAGE,
        }
    }

    /// The sub-objects the template must hold, and the error for a missing one.
    fn required(self) -> (&'static [u8], ErrorKind) {
        match self {
            TemplateKind::Account => (&[0], ErrorKind::MissingGui),
            TemplateKind::Additional => (&[], ErrorKind::Missing),
            TemplateKind::Language => (&[0, 1], ErrorKind::Missing),
        }
    }
}

fn spec(table: &Specs, id: u8) -> Spec {
    table
        .get(usize::from(id % 128))
        .copied()
        .unwrap_or(Spec::Rfu)
}

impl<S: Nest, const PRINTABLE: bool> Rules<'_, '_, S, PRINTABLE> {
    fn report(&mut self, kind: ErrorKind, offset: usize, path: Path) {
        let allowed = self.opts.allows(kind, path);
        let _ = self.sink.report(Error::new(kind, offset, path), allowed);
    }

    /// Reports a deviation of object `o` at byte `offset`.
    #[inline(always)]
    fn flag(&mut self, kind: ErrorKind, offset: usize, parent: Parent, id: u8) {
        if S::QUICK {
            return self.sink.note();
        }
        self.flag_at(kind, offset, parent, id);
    }

    /// [`Rules::flag`], out of line: the path is built only when something is reported.
    #[cold]
    #[inline(never)]
    fn flag_at(&mut self, kind: ErrorKind, offset: usize, parent: Parent, id: u8) {
        self.report(kind, offset, parent.path().child(id));
    }

    /// Reports a syntax error inside a template.
    #[inline(always)]
    fn broken(&mut self, parent: Parent, broken: tlv::Broken) {
        if S::QUICK {
            return self.sink.note();
        }
        self.broken_at(parent, broken);
    }

    #[cold]
    #[inline(never)]
    fn broken_at(&mut self, parent: Parent, (kind, at, id): tlv::Broken) {
        let p = parent.path();
        let p = id.map_or(p, |id| p.child(id));
        let _ = self.sink.report(Error::new(kind, at, p), false);
    }

    /// A globally unique identifier over 32 characters: an error, except for Alipay+
    /// identifiers, which run longer in real codes and pass as a warning.
    #[cold]
    #[inline(never)]
    fn gui_too_long(&mut self, o: Obj<'_>) {
        if S::QUICK {
            return self.sink.note();
        }
        let path = o.parent.path().child(o.id);
        let kind = ErrorKind::GuiTooLong;
        let allowed = self.opts.allows(kind, path) || crate::field::is_alipay_plus_id(o.v);
        let _ = self.sink.report(Error::new(kind, o.at, path), allowed);
    }

    /// Reports that template `o` lacks its sub-object `sub`.
    #[inline(always)]
    fn missing(&mut self, kind: ErrorKind, at: usize, template: Parent, sub: u8) {
        self.flag(kind, at, template, sub);
    }

    fn count(&self, v: &[u8]) -> usize {
        if PRINTABLE || self.ascii {
            v.len()
        } else {
            self.opts.unit.count_bytes(v)
        }
    }

    /// A length of `00`: a syntax error, or with `allow_zero_length` a warning. Returns
    /// whether the walk goes on.
    #[cold]
    #[inline(never)]
    fn zero_length(&mut self, at: usize, parent: Parent, id: u8) -> bool {
        let allowed = self.opts.zero_length;
        if S::QUICK {
            self.sink.note();
            return allowed;
        }
        let path = parent.path().child(id);
        let _ = self
            .sink
            .report(Error::new(ErrorKind::ZeroLength, at + 2, path), allowed);
        allowed
    }

    /// Presence and consistency rules, once every root object is known.
    fn finish(&mut self, index: &Index) {
        let at = usize::from(index.crc_at);
        let src = self.src;
        let value = |id| index.value(src, id, self.opts.unit);
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
            if self.count(src.as_bytes()) > max {
                self.report(ErrorKind::PayloadTooLong, 0, Path::ROOT);
            }
        }
        for id in [52u8, 53, 58, 59, 60] {
            if !index.has(id) {
                self.report(ErrorKind::Missing, at, Path::root(id));
            }
        }
        // Any of 02–51.
        let accounts = index.start.get(2..52).unwrap_or_default();
        if accounts.iter().fold(0, |any, &s| any | s) == 0 {
            self.report(ErrorKind::NoMerchantAccount, at, Path::ROOT);
        }
    }

    /// Judges one data object by its spec.
    #[inline(always)]
    fn check(&mut self, spec: Spec, o: Obj<'_>) {
        let v = o.v;
        match spec {
            Spec::Ans(max) => self.ans(o, usize::from(max)),
            Spec::AnsFixed(n) => self.ans_fixed(o, usize::from(n)),
            Spec::S(max) => self.s(o, usize::from(max)),
            Spec::Numeric(n) => self.numeric(o, Some(usize::from(n))),
            Spec::Pfi(n) => {
                self.numeric(o, Some(usize::from(n)));
                if v != b"01" {
                    self.flag(ErrorKind::InvalidPfi, o.value_at(), o.parent, o.id);
                }
            }
            Spec::Initiation(n) => {
                self.numeric(o, Some(usize::from(n)));
                if v != b"11" && v != b"12" {
                    self.flag(ErrorKind::InvalidInitiation, o.value_at(), o.parent, o.id);
                }
            }
            Spec::Tip(n) => {
                self.numeric(o, Some(usize::from(n)));
                if !matches!(v, b"01" | b"02" | b"03") {
                    self.flag(ErrorKind::InvalidTipIndicator, o.value_at(), o.parent, o.id);
                }
            }
            Spec::Amount => self.amount(o),
            Spec::Percentage => self.percentage(o),
            Spec::Gui(max) => {
                self.alphabet(o, true);
                if self.count(v) > usize::from(max) {
                    self.gui_too_long(o);
                }
            }
            Spec::ConsumerData(max) => {
                self.ans(o, usize::from(max));
                if !consumer_data_ok(v) {
                    self.flag(ErrorKind::InvalidConsumerData, o.value_at(), o.parent, o.id);
                }
            }
            Spec::Channel(n) => {
                self.ans_fixed(o, usize::from(n));
                if !channel_ok(v) {
                    let kind = ErrorKind::InvalidMerchantChannel;
                    self.flag(kind, o.value_at(), o.parent, o.id);
                }
            }
            // Walked by the caller.
            Spec::Template(_) | Spec::Unreserved => {}
            Spec::Rfu => self.flag(ErrorKind::RfuId, o.at, o.parent, o.id),
        }
    }

    /// Judges a root object, walking it if it is a template. Templates nest only as far as
    /// 62.50–99, so each kind has its own walk and nothing recurses.
    #[inline(always)]
    fn root(&mut self, spec: Spec, o: Obj<'_>) {
        match spec {
            Spec::Template(TemplateKind::Account) => {
                self.scan::<ACCOUNT_KIND>(o.at, o.v.len(), o.parent, o.id);
            }
            Spec::Template(TemplateKind::Additional) => {
                self.scan::<ADDITIONAL_KIND>(o.at, o.v.len(), o.parent, o.id);
            }
            Spec::Template(TemplateKind::Language) => {
                self.scan::<LANGUAGE_KIND>(o.at, o.v.len(), o.parent, o.id);
            }
            Spec::Unreserved => self.unreserved(o.at, o.v.len(), o.parent, o.id),
            _ => self.check(spec, o),
        }
    }

    /// An unreserved template that does not scan cleanly is a primitive: its sub-objects are
    /// judged aside and kept only if the whole value scans.
    fn unreserved(&mut self, at: usize, len: usize, parent: Parent, id: u8) {
        let mut nested = S::default();
        let mut rules = Rules::<S, PRINTABLE> {
            src: self.src,
            opts: self.opts,
            sink: &mut nested,
            ascii: self.ascii,
        };
        if rules.scan::<ACCOUNT_KIND>(at, len, parent, id) {
            self.sink.merge(nested);
        } else {
            self.flag(ErrorKind::UnreservedPrimitive, at, parent, id);
        }
    }

    /// Walks template `id` under `parent` (its ID at byte `at`, its value `len` bytes long), of
    /// kind `KIND`, through its sub-objects' rules. `false` when the structure breaks (the
    /// syntax error is reported, the rest of the template is not judged). Out of line: inlined
    /// into the root walk, its loop shares that walk's registers and reloads them each turn.
    #[inline(never)]
    fn scan<const KIND: u8>(&mut self, at: usize, len: usize, outer: Parent, id: u8) -> bool {
        let kind = TemplateKind::of(KIND);
        let parent = outer.child(id);
        let specs = kind.specs();
        let (unit, ascii) = (self.opts.unit, PRINTABLE || self.ascii);
        // Its objects cannot run past its end.
        let (text, limit) = (self.src, at + 4 + len);
        let mut pos = at + 4;
        let mut seen = Seen::default();
        loop {
            let c = match object(text, pos, limit, unit, ascii) {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(broken) => {
                    self.broken(parent, broken);
                    return false;
                }
            };
            let c = Obj {
                v: c.value,
                at: pos,
                parent,
                id: c.id,
            };
            pos += 4 + c.v.len();
            if c.v.is_empty() && !self.zero_length(c.at, c.parent, c.id) {
                return false;
            }
            if seen.mark(c.id) {
                self.flag(ErrorKind::DuplicateId, c.at, c.parent, c.id);
                continue;
            }
            match spec(specs, c.id) {
                // Only 62 holds templates: 62.50–99.
                Spec::Unreserved if KIND == ADDITIONAL_KIND => {
                    self.unreserved(c.at, c.v.len(), c.parent, c.id);
                }
                spec => self.check(spec, c),
            }
        }
        let (required, missing) = kind.required();
        for &r in required {
            if !seen.mark(r) {
                self.missing(missing, at, parent, r);
            }
        }
        true
    }

    fn numeric(&mut self, o: Obj<'_>, fixed: Option<usize>) {
        if let Some(i) = o.v.iter().position(|b| !b.is_ascii_digit()) {
            return self.flag(ErrorKind::NotNumeric, o.value_at() + i, o.parent, o.id);
        }
        if fixed.is_some_and(|n| o.v.len() != n) {
            self.flag(ErrorKind::WrongLength, o.at, o.parent, o.id);
        }
    }

    /// Alphanumeric special: printable ASCII; non-ASCII is a lenient deviation.
    fn ans(&mut self, o: Obj<'_>, max: usize) {
        self.alphabet(o, true);
        self.max(o, max);
    }

    fn ans_fixed(&mut self, o: Obj<'_>, n: usize) {
        self.alphabet(o, true);
        if self.count(o.v) != n {
            self.flag(ErrorKind::WrongLength, o.at, o.parent, o.id);
        }
    }

    /// Any Unicode text without control characters.
    fn s(&mut self, o: Obj<'_>, max: usize) {
        self.alphabet(o, false);
        self.max(o, max);
    }

    fn max(&mut self, o: Obj<'_>, max: usize) {
        if self.count(o.v) > max {
            self.flag(ErrorKind::ValueTooLong, o.at, o.parent, o.id);
        }
    }

    fn alphabet(&mut self, o: Obj<'_>, ascii_only: bool) {
        if PRINTABLE || printable_ascii(o.v) {
            return;
        }
        self.alphabet_slow(o, ascii_only);
    }

    #[inline(never)]
    fn alphabet_slow(&mut self, o: Obj<'_>, ascii_only: bool) {
        let v = o.v;
        // C0 controls and DEL, then the C1 controls (U+0080–U+009F, `C2 80`–`C2 9F` in UTF-8).
        let control = v
            .iter()
            .position(|&b| b < 0x20 || b == 0x7F)
            .or_else(|| v.windows(2).position(|w| matches!(w, [0xC2, 0x80..=0x9F])));
        if let Some(i) = control {
            return self.flag(
                ErrorKind::InvalidCharacter,
                o.value_at() + i,
                o.parent,
                o.id,
            );
        }
        if ascii_only {
            let i = v.iter().position(|b| !b.is_ascii()).unwrap_or(0);
            self.flag(ErrorKind::NonAscii, o.value_at() + i, o.parent, o.id);
        }
    }

    fn amount(&mut self, o: Obj<'_>) {
        let v = o.v;
        if !amount_bytes_ok(v) {
            return self.flag(ErrorKind::InvalidAmount, o.value_at(), o.parent, o.id);
        }
        if v.iter().all(|&b| b == b'0' || b == b'.') {
            self.flag(ErrorKind::ZeroAmount, o.value_at(), o.parent, o.id);
        }
    }

    fn percentage(&mut self, o: Obj<'_>) {
        let v = o.v;
        let ok = amount_bytes_ok(v) && v.len() <= 5 && {
            let (int, frac) = match v.iter().position(|&b| b == b'.') {
                Some(i) => (i, v.len() - i - 1),
                None => (v.len(), 0),
            };
            int <= 2 && frac <= 2 && !v.iter().all(|&b| b == b'0' || b == b'.')
        };
        if !ok {
            self.flag(ErrorKind::InvalidAmount, o.value_at(), o.parent, o.id);
        }
    }
}

/// The data object at byte `pos` of `text` (`Ok(None)` at its end). Its details stay in
/// registers; a syntax error is read again out of line for the error.
#[inline(always)]
fn object(
    src: &str,
    pos: usize,
    limit: usize,
    unit: LengthUnit,
    ascii: bool,
) -> Result<Option<tlv::Read<'_>>, tlv::Broken> {
    match tlv::read(src, pos, limit, unit, ascii) {
        Ok(Some(o)) => Ok(Some(o)),
        _ if pos >= limit => Ok(None),
        _ => Err(syntax_error(src, pos, limit, unit, ascii)),
    }
}

#[cold]
#[inline(never)]
fn syntax_error(src: &str, pos: usize, limit: usize, unit: LengthUnit, ascii: bool) -> tlv::Broken {
    match tlv::read(src, pos, limit, unit, ascii) {
        Err(broken) => broken,
        // Not reached: `object` asks only when `read` failed before the end.
        Ok(_) => (ErrorKind::Truncated, pos, None),
    }
}

/// Whether every byte is printable ASCII (0x20–0x7E). No early exit: the loop compiles to
/// vector instructions, sixteen bytes a step.
fn printable_ascii(b: &[u8]) -> bool {
    b.iter().fold(0u8, |bad, &c| bad | unprintable(c)) == 0
}

/// Not zero when `c` is not printable ASCII (0x20–0x7E), in a form that compiles to two vector
/// instructions.
#[inline(always)]
fn unprintable(c: u8) -> u8 {
    c.wrapping_sub(0x20).saturating_sub(0x5E)
}

/// [`printable_ascii`] for a whole payload: thirty-two bytes a step into one register of flags
/// that is folded once at the end, the last step overlapping the one before.
fn printable_payload(b: &[u8]) -> bool {
    const STEP: usize = 32;
    let Some(last) = b.len().checked_sub(STEP).and_then(|at| b.get(at..)) else {
        return printable_ascii(b);
    };
    let mut flags = [0u8; STEP];
    let mut chunks = b.chunks_exact(STEP);
    for c in &mut chunks {
        flag_unprintable(&mut flags, c);
    }
    flag_unprintable(&mut flags, last);
    flags.iter().fold(0, |a, &f| a | f) == 0
}

/// Marks in `flags` where a byte of `c` (as long as `flags`) is not printable.
#[inline(always)]
fn flag_unprintable(flags: &mut [u8; 32], c: &[u8]) {
    let Ok(c) = <&[u8; 32]>::try_from(c) else {
        return;
    };
    for (f, &c) in flags.iter_mut().zip(c) {
        *f |= unprintable(c);
    }
}

/// EMV amount grammar: digits, at most one '.', a digit first, at most 13 characters.
pub fn amount_ok(v: &str) -> bool {
    amount_bytes_ok(v.as_bytes())
}

fn amount_bytes_ok(b: &[u8]) -> bool {
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

/// `A`, `M` and `E`, each at most once.
fn consumer_data_ok(v: &[u8]) -> bool {
    let mut seen = 0u8;
    !v.is_empty()
        && v.iter().all(|c| {
            let bit = match c {
                b'A' => 1,
                b'M' => 2,
                b'E' => 4,
                _ => return false,
            };
            let fresh = seen & bit == 0;
            seen |= bit;
            fresh
        })
}

fn channel_ok(v: &[u8]) -> bool {
    matches!(v, [a, b, c] if (b'0'..=b'7').contains(a) && (b'0'..=b'3').contains(b) && (b'0'..=b'3').contains(c))
}

/// Runs the whole validation in one pass over the root objects: the structure up to and
/// including `63` (a syntax error ends it and is the result), then the checksum, then the
/// other rules (gathered during the same pass, reported after the checksum).
/// `known`: the checksum of the bytes it covers, when the caller has just computed it (the
/// builder, validating its own output).
pub(crate) fn run<S: Nest>(
    src: &str,
    opts: &ParseOptions,
    sink: &mut S,
    index: &mut Index,
    known: Option<u16>,
) -> Result<(), Error> {
    precheck(src)?;
    if printable_payload(src.as_bytes()) {
        walk::<S, true>(src, opts, sink, index, true, known)
    } else {
        walk::<S, false>(src, opts, sink, index, src.is_ascii(), known)
    }
}

fn walk<S: Nest, const PRINTABLE: bool>(
    src: &str,
    opts: &ParseOptions,
    sink: &mut S,
    index: &mut Index,
    ascii: bool,
    known: Option<u16>,
) -> Result<(), Error> {
    index.ascii = ascii;
    let mut later = S::default();
    let mut rules = Rules::<S, PRINTABLE> {
        src,
        opts,
        sink: &mut later,
        ascii,
    };
    // The first object is 00, unless the payload opens with the checksum object (which ends
    // the walk) or its first object cannot be read (an error that ends it).
    if !matches!(src.as_bytes(), [b'0', b'0', ..] | [b'6', b'3', ..]) {
        rules.report(ErrorKind::PfiNotFirst, 0, Path::root(0));
    }
    let mut pos = 0;
    let at = loop {
        let o = match object(src, pos, src.len(), opts.unit, PRINTABLE || ascii) {
            Ok(Some(o)) => o,
            Ok(None) => return Err(Error::new(ErrorKind::MissingCrc, src.len(), Path::root(63))),
            Err((kind, at, id)) => {
                return Err(Error::new(kind, at, id.map_or(Path::ROOT, Path::root)));
            }
        };
        let (id, end) = (o.id, o.end);
        let o = Obj {
            v: o.value,
            at: pos,
            parent: Parent::ROOT,
            id,
        };
        if o.v.is_empty() && !opts.zero_length {
            return Err(Error::new(ErrorKind::ZeroLength, pos + 2, o.path()));
        } else if o.v.is_empty() {
            rules.zero_length(o.at, o.parent, o.id);
        }
        if id == 63 {
            if end != src.len() {
                return Err(Error::new(ErrorKind::CrcNotLast, end, Path::ROOT));
            }
            break pos;
        }
        pos = end;
        match index.start.get_mut(usize::from(id)) {
            // Offsets fit: the input is at most MAX_INPUT_BYTES long.
            #[allow(clippy::cast_possible_truncation)]
            Some(s) if *s == 0 => *s = o.value_at() as u16,
            _ => {
                rules.flag(ErrorKind::DuplicateId, o.at, o.parent, o.id);
                continue;
            }
        }
        rules.root(spec(&ROOT, id), o);
    };
    index.crc_at = u16::try_from(at).unwrap_or(u16::MAX);
    if let Some(s) = index.start.get_mut(63) {
        *s = u16::try_from(at + 4).unwrap_or(u16::MAX);
    }
    rules.finish(index);
    checksum(src, at, opts, sink, known);
    sink.absorb(later);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn printable_ascii_agrees_with_the_plain_test() {
        // Every length around the steps of the whole-payload test, every position, bytes on
        // either side of each bound.
        for len in 0..100 {
            let mut b = [0x41u8; 100];
            let b = &mut b[..len];
            assert!(super::printable_ascii(b) && super::printable_payload(b));
            for pos in 0..len {
                for v in [0x00u8, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xC3, 0xFF] {
                    let old = b[pos];
                    b[pos] = v;
                    let want = (0x20..0x7F).contains(&v);
                    assert_eq!(super::printable_ascii(b), want, "{len} {pos} {v:#x}");
                    assert_eq!(super::printable_payload(b), want, "{len} {pos} {v:#x}");
                    b[pos] = old;
                }
            }
        }
    }
}
