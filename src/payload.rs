//! The EMV layer: a validated, borrowed view of a payload.

use crate::error::{Error, Path, Warnings};
use crate::options::ParseOptions;
use crate::sink::Earliest;
use crate::template::{AdditionalData, LanguageTemplate, MerchantAccount, Template};
use crate::tlv::{Id, Tlv, Tlvs};
use crate::validate::Spotless;
use crate::validate::{self, Index};

/// A validated EMV MPM payload, borrowed from the input: nothing is copied, and parsing
/// allocates nothing. Accessors are O(1).
///
/// ```
/// let s = "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG\
/// 5904Mark6009Singapore62160112Din Tai Fung630490FC";
/// let p = emvqr::Payload::parse(s)?;
/// assert_eq!(p.amount(), Some("24.10"));
/// assert_eq!(p.merchant_name(), Some("Mark"));
/// assert_eq!(p.additional_data().and_then(|a| a.bill_number()), Some("Din Tai Fung"));
/// let acct = p.merchant_accounts().next().unwrap();
/// assert_eq!((acct.gui(), acct.get(2)), (Some("SG.PAYNOW"), Some("+6591234567")));
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Payload<'a> {
    src: &'a str,
    index: Index,
    warnings: Warnings,
    options: ParseOptions,
}

impl<'a> Payload<'a> {
    /// Parses and validates strictly (EMV MPM v1.1).
    ///
    /// # Errors
    /// The first problem found: syntax first, then the checksum, then the other rules in
    /// payload order, then missing objects.
    pub fn parse(s: &'a str) -> Result<Payload<'a>, Error> {
        // Read from a static: built on the stack field by field, the options were read back
        // whole (to be copied into the payload) before those stores had landed.
        static STRICT: ParseOptions = ParseOptions::new();
        STRICT.parse(s)
    }

    pub(crate) fn parse_with(s: &'a str, options: ParseOptions) -> Result<Payload<'a>, Error> {
        Payload::parse_known(s, options, None)
    }

    /// Parses with `options`; `known`: the checksum of the bytes it covers, when the caller
    /// has just computed it (a builder validating its own output need not compute it twice).
    pub(crate) fn parse_known(
        s: &'a str,
        options: ParseOptions,
        known: Option<u16>,
    ) -> Result<Payload<'a>, Error> {
        // First a walk that keeps only whether anything was reported: most payloads are
        // spotless, and then nothing else is needed. Any other is walked again, the same rules
        // reporting into a sink that keeps the earliest error and the warnings.
        match Payload::parse_spotless(s, options, known, &mut Spotless::<0>::default()) {
            Some(p) => {
                debug_assert!(
                    Payload::parse_reported(s, options, known)
                        .is_ok_and(|full| full.index == p.index && full.warnings == p.warnings),
                    "a first walk that accepts, and a full walk that does not agree"
                );
                Ok(p)
            }
            None => Payload::parse_reported(s, options, known),
        }
    }

    /// `s` before a walk has indexed its objects.
    #[inline(always)]
    const fn unwalked(s: &'a str, options: ParseOptions) -> Payload<'a> {
        Payload {
            src: s,
            index: Index::EMPTY,
            warnings: Warnings::NONE,
            options,
        }
    }

    /// The payload, when the first walk ([`Spotless`]) finds nothing it cannot judge: valid,
    /// with the warnings of the rules judged after the objects' walk. `None` says nothing
    /// more: the full walk finds what it is.
    #[inline(always)]
    pub(crate) fn parse_spotless<const N: usize>(
        s: &'a str,
        options: ParseOptions,
        known: Option<u16>,
        quick: &mut Spotless<N>,
    ) -> Option<Payload<'a>> {
        let mut p = Payload::unwalked(s, options);
        let clean = validate::run(s, &options, quick, &mut p.index, known).is_ok();
        // Stored only when there are any: the payload is copied out at once, and a copy that
        // reads a store still landing waits for it.
        if quick.warnings != Warnings::NONE {
            p.warnings = quick.warnings;
        }
        (clean && !quick.reported).then_some(p)
    }

    /// The full walk of a parse: the earliest error, or the payload with its warnings.
    fn parse_reported(
        s: &'a str,
        options: ParseOptions,
        known: Option<u16>,
    ) -> Result<Payload<'a>, Error> {
        let mut p = Payload::unwalked(s, options);
        let mut sink = Earliest::default();
        validate::run(s, &options, &mut sink, &mut p.index, known)?;
        if let Some(e) = sink.error {
            return Err(e);
        }
        p.warnings = sink.warnings;
        Ok(p)
    }

    /// The whole payload text.
    pub const fn as_str(&self) -> &'a str {
        self.src
    }

    /// The options it was parsed with.
    pub const fn options(&self) -> &ParseOptions {
        &self.options
    }

    /// The kinds of deviations a lenient parse let through (empty for a strict parse).
    pub const fn warnings(&self) -> Warnings {
        self.warnings
    }

    /// Every deviation let through, with offsets and paths.
    #[cfg(feature = "alloc")]
    pub fn warning_details(&self) -> alloc::vec::Vec<crate::error::Warning> {
        if self.warnings.is_empty() {
            return alloc::vec::Vec::new();
        }
        self.options.validate_all(self.src).warnings
    }

    /// A root data object by ID (the first occurrence).
    pub fn get(&self, id: Id) -> Option<Tlv<'a>> {
        let value = self.value(id.get())?;
        let start = usize::from(*self.index.start.get(usize::from(id.get()))?);
        Some(Tlv::from_parts(id, value, start - 4, Path::ROOT))
    }

    fn value(&self, id: u8) -> Option<&'a str> {
        self.index.value(self.src, id, self.options.unit())
    }

    fn template(&self, id: u8) -> Option<Template<'a>> {
        self.get(Id::of(id)).map(|t| self.as_template(t))
    }

    /// A template view that reads sub-objects the way this payload was parsed.
    fn as_template(&self, t: Tlv<'a>) -> Template<'a> {
        Template::read_as(t, self.options.unit(), self.options.zero_length)
    }

    /// The root data objects in payload order (including `63`).
    pub fn iter(&self) -> impl Iterator<Item = Tlv<'a>> + 'a {
        Tlvs::with_unit(self.src, self.options.unit())
            .allow_empty(self.options.zero_length)
            .readable()
    }

    /// 00 Payload Format Indicator (`"01"`).
    pub fn payload_format_indicator(&self) -> Option<&'a str> {
        self.value(0)
    }

    /// 01 Point of Initiation Method (`"11"` static, `"12"` dynamic).
    pub fn point_of_initiation(&self) -> Option<&'a str> {
        self.value(1)
    }

    /// True when 01 is `"12"` (a code for one transaction).
    pub fn is_dynamic(&self) -> bool {
        self.value(1) == Some("12")
    }

    /// A merchant account information object (02–51) by ID.
    pub fn merchant_account(&self, id: u8) -> Option<MerchantAccount<'a>> {
        match id {
            2..=25 => self.get(Id::of(id)).map(MerchantAccount::Primitive),
            26..=51 => self.template(id).map(MerchantAccount::Template),
            _ => None,
        }
    }

    /// Every merchant account information object (02–51), in payload order.
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'a>> + 'a {
        let this = *self;
        self.iter().filter_map(move |t| match t.id().get() {
            2..=25 => Some(MerchantAccount::Primitive(t)),
            26..=51 => Some(MerchantAccount::Template(this.as_template(t))),
            _ => None,
        })
    }

    /// 52 Merchant Category Code (ISO 18245).
    pub fn merchant_category_code(&self) -> Option<&'a str> {
        self.value(52)
    }

    /// 53 Transaction Currency (ISO 4217 numeric).
    pub fn currency(&self) -> Option<&'a str> {
        self.value(53)
    }

    /// 54 Transaction Amount, as written (never a float).
    pub fn amount(&self) -> Option<&'a str> {
        self.value(54)
    }

    /// 55 Tip or Convenience Indicator.
    pub fn tip_indicator(&self) -> Option<&'a str> {
        self.value(55)
    }

    /// 56 Value of Convenience Fee Fixed.
    pub fn convenience_fee_fixed(&self) -> Option<&'a str> {
        self.value(56)
    }

    /// 57 Value of Convenience Fee Percentage.
    pub fn convenience_fee_percentage(&self) -> Option<&'a str> {
        self.value(57)
    }

    /// 58 Country Code (ISO 3166-1 alpha-2).
    pub fn country_code(&self) -> Option<&'a str> {
        self.value(58)
    }

    /// 59 Merchant Name.
    pub fn merchant_name(&self) -> Option<&'a str> {
        self.value(59)
    }

    /// 60 Merchant City.
    pub fn merchant_city(&self) -> Option<&'a str> {
        self.value(60)
    }

    /// 61 Postal Code.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.value(61)
    }

    /// 62 Additional Data Field Template.
    pub fn additional_data(&self) -> Option<AdditionalData<'a>> {
        self.template(62).map(AdditionalData)
    }

    /// 63 checksum, as written.
    pub fn crc(&self) -> Option<&'a str> {
        self.value(63)
    }

    /// 64 Merchant Information — Language Template.
    pub fn language_template(&self) -> Option<LanguageTemplate<'a>> {
        self.template(64).map(LanguageTemplate)
    }

    /// An RFU object (65–79), present only in a lenient parse.
    pub fn rfu(&self, id: u8) -> Option<&'a str> {
        if (65..=79).contains(&id) {
            self.value(id)
        } else {
            None
        }
    }

    /// An unreserved template (80–99) by ID.
    pub fn unreserved_template(&self, id: u8) -> Option<Template<'a>> {
        if (80..=99).contains(&id) {
            self.template(id)
        } else {
            None
        }
    }

    /// Every unreserved template (80–99), in payload order.
    pub fn unreserved_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        let this = *self;
        self.iter()
            .filter(|t| t.id().get() >= 80)
            .map(move |t| this.as_template(t))
    }

    /// Byte offset of the checksum object `63`.
    pub fn crc_offset(&self) -> usize {
        usize::from(self.index.crc_at)
    }
}

impl core::fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Payload")
            .field("payload", &self.src)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl<'a> TryFrom<&'a str> for Payload<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Payload::parse(s)
    }
}

/// Every problem found by [`ParseOptions::validate_all`].
#[cfg(feature = "alloc")]
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The errors, in the order they were found (a syntax error, if any, is the only one).
    pub errors: alloc::vec::Vec<Error>,
    /// The deviations the options let through.
    pub warnings: alloc::vec::Vec<crate::error::Warning>,
}

#[cfg(feature = "alloc")]
impl Report {
    /// True when there is no error.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

impl ParseOptions {
    /// Parses and validates with these options.
    ///
    /// # Errors
    /// The first problem these options do not let through.
    pub fn parse<'a>(&self, s: &'a str) -> Result<Payload<'a>, Error> {
        Payload::parse_with(s, *self)
    }

    /// Lists every problem (and every warning) instead of stopping at the first.
    #[cfg(feature = "alloc")]
    pub fn validate_all(&self, s: &str) -> Report {
        match self.parse_reporting(s) {
            Ok((_, warnings)) => Report {
                errors: alloc::vec::Vec::new(),
                warnings,
            },
            Err(report) => report,
        }
    }

    /// [`ParseOptions::parse_reporting`], but a payload that the first walk accepts is taken
    /// at once with the warnings it kept, without the walk that keeps every report.
    #[cfg(feature = "alloc")]
    pub(crate) fn parse_reporting_spotless<'a>(
        &self,
        s: &'a str,
    ) -> Result<(Payload<'a>, alloc::vec::Vec<crate::error::Warning>), Report> {
        let mut quick = Spotless::<{ crate::validate::KEPT_WARNINGS }>::default();
        match Payload::parse_spotless(s, *self, None, &mut quick) {
            Some(p) => Ok((p, quick.kept().collect())),
            None => self.parse_reporting(s),
        }
    }

    /// [`ParseOptions::parse`] and [`ParseOptions::validate_all`] in one walk: the payload
    /// with every warning in detail, or every problem (the first error is the one `parse`
    /// returns). Always the full walk: `validate_all` stays the reference the strict parse's
    /// first walk is tested against.
    #[cfg(feature = "alloc")]
    pub(crate) fn parse_reporting<'a>(
        &self,
        s: &'a str,
    ) -> Result<(Payload<'a>, alloc::vec::Vec<crate::error::Warning>), Report> {
        let mut sink = crate::sink::Collect::default();
        let mut index = Index::EMPTY;
        if let Err(e) = validate::run(s, self, &mut sink, &mut index, None) {
            return Err(Report {
                errors: alloc::vec![e],
                warnings: sink.warnings,
            });
        }
        if !sink.errors.is_empty() {
            return Err(Report {
                errors: sink.errors,
                warnings: sink.warnings,
            });
        }
        let mut kinds = Warnings::NONE;
        for w in &sink.warnings {
            kinds.insert(w.kind());
        }
        let p = Payload {
            src: s,
            index,
            warnings: kinds,
            options: *self,
        };
        Ok((p, sink.warnings))
    }
}

/// Lists every problem of a payload under strict rules.
#[cfg(feature = "alloc")]
pub fn validate_all(s: &str) -> Report {
    ParseOptions::new().validate_all(s)
}

/// The leaf data objects of a payload in order, as far as it can be read: a template
/// contributes its sub-objects (`62.05`, `62.50.00`), a template whose value is not valid TLV
/// contributes itself. A value of length `00` is listed as empty and the reading goes on past
/// it; the first other syntax error ends the list. Needs no valid checksum.
///
/// ```
/// let f = emvqr::leaf_fields("000201621105071234567", emvqr::LengthUnit::Chars);
/// let f: Vec<_> = f.iter().map(|(p, v)| (p.to_string(), *v)).collect();
/// assert_eq!(f, [("00".to_string(), "01"), ("62.05".to_string(), "1234567")]);
/// let f = emvqr::leaf_fields("00020162150100050712345675900", emvqr::LengthUnit::Chars);
/// let f: Vec<_> = f.iter().map(|(p, v)| (p.to_string(), *v)).collect();
/// assert_eq!(f[1..], [("62.01".into(), ""), ("62.05".into(), "1234567"), ("59".into(), "")]);
/// ```
#[cfg(feature = "alloc")]
pub fn leaf_fields(s: &str, unit: crate::tlv::LengthUnit) -> alloc::vec::Vec<(Path, &str)> {
    let mut out = alloc::vec::Vec::new();
    leaves_into(s, unit, &mut out, |p, v| (p, v));
    out
}

/// [`leaf_fields`], each leaf made into a `T` by `make` and appended to `out`.
#[cfg(feature = "alloc")]
pub(crate) fn leaves_into<'a, T>(
    s: &'a str,
    unit: crate::tlv::LengthUnit,
    out: &mut alloc::vec::Vec<T>,
    make: impl Fn(Path, &'a str) -> T,
) {
    out.reserve(s.len() / 8);
    let roots = Tlvs::with_unit(s, unit).allow_empty(true).readable();
    leaves_of(roots, unit, out, &make);
}

/// The leaves under the root objects `roots` (every root object of a text, in order), each
/// made into a `T` by `make` and appended to `out`. One walk: a template's sub-objects are
/// listed as they are read, and taken back (the template listed instead) when one fails to
/// read. Templates are where [`crate::tlv::template_position`] puts them.
#[cfg(feature = "alloc")]
pub(crate) fn leaves_of<'a, T>(
    roots: impl Iterator<Item = Tlv<'a>>,
    unit: crate::tlv::LengthUnit,
    out: &mut alloc::vec::Vec<T>,
    make: &impl Fn(Path, &'a str) -> T,
) {
    let mut leaves = Leaves { unit, out, make };
    for t in roots {
        leaves.at(t.value(), Path::root(t.id().get()));
    }
}

/// The walk of [`leaves_of`]: the unit lengths count in, where the leaves go and what they
/// are made into.
#[cfg(feature = "alloc")]
struct Leaves<'o, 'm, T, F> {
    unit: crate::tlv::LengthUnit,
    out: &'o mut alloc::vec::Vec<T>,
    make: &'m F,
}

#[cfg(feature = "alloc")]
impl<'a, T, F: Fn(Path, &'a str) -> T> Leaves<'_, '_, T, F> {
    /// The leaves of the object at `path`: its sub-objects' when it is a template whose
    /// objects all read, else itself. Inlined where objects are read: most are leaves, and
    /// only templates take a call.
    #[inline(always)]
    fn at(&mut self, value: &'a str, path: Path) {
        let template = !value.is_empty() && crate::tlv::template_position(path.ids());
        if !(template && self.template(value, path)) {
            // Made where it is kept: pushed, the leaf was built on the stack a field at a
            // time and copied whole before those stores had landed.
            let make = self.make;
            self.out.extend(core::iter::once_with(|| make(path, value)));
        }
    }

    /// The leaves of the template `value` at `path`, appended: `false` (and nothing
    /// appended) when one of its objects cannot be read.
    fn template(&mut self, value: &'a str, path: Path) -> bool {
        let mark = self.out.len();
        let mut objects = crate::tlv::Tlvs::nested(value, 0, path, self.unit).allow_empty(true);
        while let Some(o) = objects.step() {
            let Ok(o) = o else {
                self.out.truncate(mark);
                return false;
            };
            self.at(o.value(), o.path());
        }
        true
    }
}

#[cfg(all(test, feature = "alloc"))]
pub(crate) mod tests {
    use crate::{LengthUnit, ParseOptions};

    /// The option presets the first walk is tested under: strict and lenient, both length
    /// units, an allowed missing object, a length limit, an unverified checksum.
    const PRESETS: [ParseOptions; 8] = [
        ParseOptions::new(),
        ParseOptions::lenient(),
        ParseOptions::new().length_unit(LengthUnit::Utf16),
        ParseOptions::lenient().length_unit(LengthUnit::Utf16),
        ParseOptions::new().allow_missing(52, true),
        ParseOptions::lenient().max_len(Some(120)),
        ParseOptions::new().verify_checksum(false),
        ParseOptions::lenient().verify_checksum(false),
    ];

    /// Every payload of the vector files that have a payload column.
    pub(crate) fn payloads() -> alloc::vec::Vec<&'static str> {
        let files = [
            include_str!("../tests/vectors/emv-vectors.tsv"),
            include_str!("../tests/vectors/corridor-vectors.tsv"),
            include_str!("../tests/vectors/khqr-vectors.tsv"),
            include_str!("../tests/vectors/scheme-vectors.tsv"),
            include_str!("../tests/vectors/elqr-vectors.tsv"),
        ];
        let mut out = alloc::vec::Vec::new();
        for data in files {
            let mut lines = data.lines().filter(|l| !l.starts_with('#'));
            let header: alloc::vec::Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
            let Some(col) = header.iter().position(|h| *h == "payload" || *h == "input") else {
                continue;
            };
            out.extend(lines.filter_map(|l| l.split('\t').nth(col)));
        }
        out
    }

    /// A parse walks first into a sink that keeps almost nothing and accepts at once what it
    /// finds nothing against; `validate_all` always takes the full walk. Under each option
    /// preset: the same verdict, the same first error (kind, offset, path), the same warning
    /// kinds, and the root fields where the walk of the leaves finds them.
    #[test]
    fn the_first_walk_of_a_parse_agrees_with_the_full_walk() {
        let (mut clean, mut other) = (0, 0);
        for s in payloads() {
            for opts in PRESETS {
                let report = opts.validate_all(s);
                match opts.parse(s) {
                    Ok(p) => {
                        assert!(report.is_valid(), "{s}");
                        let mut kinds = crate::Warnings::default();
                        report.warnings.iter().for_each(|w| kinds.insert(w.kind()));
                        assert_eq!(p.warnings(), kinds, "{s}");
                        if kinds.is_empty() {
                            clean += 1;
                        } else {
                            other += 1;
                        }
                        for (path, value) in crate::leaf_fields(s, opts.unit()) {
                            if let [id] = path.ids() {
                                let got = crate::Id::new(*id).and_then(|i| p.get(i));
                                assert_eq!(got.map(|t| t.value()), Some(value), "{s} {id}");
                            }
                        }
                    }
                    Err(e) => {
                        assert_eq!(report.errors.first(), Some(&e), "{s}");
                        other += 1;
                    }
                }
            }
        }
        // Clean payloads, and payloads with warnings or errors, are both exercised.
        assert!(clean > 100 && other > 100, "{clean} clean, {other} other");
    }

    /// `s`, every prefix of it, and every copy of it with one character replaced by `0`, `9`,
    /// `é` or an emoji: broken templates, lengths that run past their template's end or the
    /// text's, non-ASCII values, characters that count twice in UTF-16.
    pub(crate) fn edited(s: &str) -> alloc::vec::Vec<alloc::string::String> {
        let mut texts: alloc::vec::Vec<alloc::string::String> = (0..=s.len())
            .filter(|&n| s.is_char_boundary(n))
            .map(|n| alloc::string::String::from(&s[..n]))
            .collect();
        for (i, _) in s.char_indices() {
            for with in ["0", "9", "é", "😀"] {
                let mut t = alloc::string::String::from(&s[..i]);
                t.push_str(with);
                t.extend(s[i..].chars().skip(1));
                texts.push(t);
            }
        }
        texts
    }

    /// The leaves as the public data-object API defines them: a template (as
    /// [`crate::Tlv::is_template`] and its children read it) gives its children's leaves, any
    /// other object is a leaf.
    fn reference_leaves(s: &str, unit: LengthUnit) -> alloc::vec::Vec<(crate::Path, &str)> {
        fn walk<'a>(
            t: crate::Tlv<'a>,
            unit: LengthUnit,
            out: &mut alloc::vec::Vec<(crate::Path, &'a str)>,
        ) {
            if !t.value().is_empty() && t.at_template_position() {
                let children: Result<alloc::vec::Vec<_>, _> =
                    t.children(unit).allow_empty(true).collect();
                if let Ok(children) = children {
                    children.into_iter().for_each(|c| walk(c, unit, out));
                    return;
                }
            }
            out.push((t.path(), t.value()));
        }
        let mut out = alloc::vec::Vec::new();
        for t in crate::Tlvs::with_unit(s, unit).allow_empty(true).readable() {
            walk(t, unit, &mut out);
        }
        out
    }

    /// The leaves' walk agrees with the reference on every vector payload in both units, and
    /// on every prefix of each and every copy with one character replaced (broken templates,
    /// lengths that run past their template's end, non-ASCII values).
    #[test]
    fn the_leaves_walk_agrees_with_the_data_object_api() {
        let mut broken = 0;
        for s in payloads() {
            for t in &edited(s) {
                for unit in [LengthUnit::Chars, LengthUnit::Utf16] {
                    let want = reference_leaves(t, unit);
                    let got = crate::leaf_fields(t, unit);
                    broken += usize::from(got.len() < 3);
                    assert_eq!(got, want, "{t}");
                }
            }
        }
        assert!(broken > 100, "{broken}");
    }

    /// The verdict's parse takes the first walk's payload and warnings when it accepts: the
    /// same payload, warnings (offsets, paths, order) and errors as the full walk.
    #[test]
    fn the_first_walk_keeps_the_warnings_the_full_walk_lists() {
        let (mut with_warnings, mut total) = (0, 0);
        for s in payloads() {
            for opts in PRESETS {
                let quick = opts.parse_reporting_spotless(s);
                let full = opts.parse_reporting(s);
                match (quick, full) {
                    (Ok((p, w)), Ok((q, v))) => {
                        assert_eq!(w, v, "{s}");
                        assert!(p.index == q.index && p.warnings == q.warnings, "{s}");
                        with_warnings += usize::from(!w.is_empty());
                        total += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a, b, "{s}"),
                    (a, b) => panic!("{s}: {:?} against {:?}", a.is_ok(), b.is_ok()),
                }
            }
        }
        // Both kinds of accepted payload are exercised.
        assert!(
            with_warnings > 50 && total - with_warnings > 50,
            "{with_warnings} of {total}"
        );
    }
}
