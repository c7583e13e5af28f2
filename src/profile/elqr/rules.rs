//! The ELQR engine: options, the rules and the checksum on a decoded payload.

use alloc::vec::Vec;

use crate::crc::Checksum;
use crate::error::{Error, ErrorKind, Path};
use crate::payload::Report;
use crate::sink::{Collect, First, Sink, Stop};
use crate::tlv::{Tlv, Tlvs};

use super::*;

/// How strictly to read ELQR. [`ElqrOptions::new`] (the default) follows the published limits
/// but lets through, as warnings, what real producers emit: a service code (`32.01`) of 11–32
/// characters (Finik's `averspay-items`), an amount of `0` on a static code (O!Bank), and
/// unknown IDs (the specification may define more than the codes in circulation use).
/// [`ElqrOptions::strict`] turns these into errors; [`ElqrOptions::lenient`] also lets
/// duplicate IDs through. The checksum is always verified unless
/// [`ElqrOptions::verify_checksum`] turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ElqrOptions {
    long_service_code: bool,
    zero_amount: bool,
    unknown_ids: bool,
    duplicates: bool,
    verify_checksum: bool,
}

impl Default for ElqrOptions {
    fn default() -> Self {
        ElqrOptions::new()
    }
}

impl ElqrOptions {
    /// The published limits, with the real producers' deviations let through as warnings.
    pub const fn new() -> ElqrOptions {
        ElqrOptions {
            long_service_code: true,
            zero_amount: true,
            unknown_ids: true,
            duplicates: false,
            verify_checksum: true,
        }
    }

    /// The published limits, no leniency.
    pub const fn strict() -> ElqrOptions {
        ElqrOptions {
            long_service_code: false,
            zero_amount: false,
            unknown_ids: false,
            duplicates: false,
            verify_checksum: true,
        }
    }

    /// Every leniency on (the checksum is still verified).
    pub const fn lenient() -> ElqrOptions {
        ElqrOptions {
            duplicates: true,
            ..ElqrOptions::new()
        }
    }

    /// Accept a service code (`32.01`) of 11–32 characters (the specification says ≤ 10).
    #[must_use]
    pub const fn allow_long_service_code(mut self, yes: bool) -> Self {
        self.long_service_code = yes;
        self
    }

    /// Accept an amount of `0` on a static code (a dynamic code always needs a positive one).
    #[must_use]
    pub const fn allow_zero_amount(mut self, yes: bool) -> Self {
        self.zero_amount = yes;
        self
    }

    /// Accept root IDs and sub-IDs of `32`/`33` that ELQR does not define.
    #[must_use]
    pub const fn allow_unknown_ids(mut self, yes: bool) -> Self {
        self.unknown_ids = yes;
        self
    }

    /// Accept a repeated ID (other than the additional fields 35–39, which may repeat); the
    /// first occurrence is the one used.
    #[must_use]
    pub const fn allow_duplicate_ids(mut self, yes: bool) -> Self {
        self.duplicates = yes;
        self
    }

    /// Turn checksum verification off (diagnostics only: the parse then carries a
    /// `checksum_not_verified` warning).
    #[must_use]
    pub const fn verify_checksum(mut self, yes: bool) -> Self {
        self.verify_checksum = yes;
        self
    }

    fn allows(&self, kind: ErrorKind, path: Path) -> bool {
        match kind {
            ErrorKind::ValueTooLong => self.long_service_code && path.ids() == [32, 1],
            ErrorKind::ZeroAmount => self.zero_amount,
            ErrorKind::RfuId => self.unknown_ids,
            ErrorKind::DuplicateId => self.duplicates,
            ErrorKind::ChecksumNotVerified => true,
            _ => false,
        }
    }

    /// Parses an ELQR link or payload with these options.
    ///
    /// # Errors
    /// The first problem found: transport (`empty`, `too_long`, `not_emv`, `invalid_escape`,
    /// `invalid_utf8`), then syntax (including `crc_not_last` for anything after `63`), then
    /// the checksum, then the rules in payload order, then missing objects.
    pub fn parse<'a>(&self, input: &'a str) -> Result<Elqr<'a>, Error> {
        let link = Link::split(input)?;
        let payload = link.decode()?;
        let mut sink = First::default();
        let index = run(&payload, self, &mut sink)?;
        if let Some(e) = sink.error {
            return Err(e);
        }
        Ok(Elqr {
            link,
            payload,
            index,
            warnings: sink.warnings,
            options: *self,
        })
    }

    /// Lists every problem and every warning instead of stopping at the first.
    pub fn validate_all(&self, input: &str) -> Report {
        let payload = match Link::split(input).and_then(|l| l.decode()) {
            Ok(p) => p,
            Err(e) => {
                return Report {
                    errors: alloc::vec![e],
                    warnings: Vec::new(),
                }
            }
        };
        let mut sink = Collect::default();
        match run(&payload, self, &mut sink) {
            Ok(_) => Report {
                errors: sink.errors,
                warnings: sink.warnings,
            },
            Err(e) => Report {
                errors: alloc::vec![e],
                warnings: sink.warnings,
            },
        }
    }
}

/// A byte range of the decoded payload.
pub(super) type Span = Option<(usize, usize)>;

/// Where the fields sit in the decoded payload (first occurrences).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Index {
    pub(super) version: Span,
    pub(super) link_type: Span,
    pub(super) provider: Span,
    pub(super) provider_id: Span,
    pub(super) service_code: Span,
    pub(super) recipient_id: Span,
    pub(super) transaction_id: Span,
    pub(super) amount_editable: Span,
    pub(super) recipient_editable: Span,
    pub(super) merchant_id: Span,
    pub(super) service_name: Span,
    pub(super) comment: Span,
    pub(super) mcc: Span,
    pub(super) currency: Span,
    pub(super) amount: Span,
    pub(super) payee_name: Span,
    pub(super) checksum: Span,
    /// Offset of the `63` object.
    pub(super) crc_at: usize,
}

pub(super) fn span(t: &Tlv<'_>) -> Span {
    Some((t.value_offset(), t.end()))
}

/// Finds the `63` object; it must end the payload.
pub(super) fn structure(p: &str) -> Result<usize, Error> {
    if p.is_empty() {
        return Err(Error::new(ErrorKind::Empty, 0, Path::ROOT));
    }
    for t in Tlvs::with_unit(p, LENGTH_UNIT) {
        let t = t?;
        if t.id().get() == 63 {
            if t.end() != p.len() {
                return Err(Error::new(ErrorKind::CrcNotLast, t.end(), Path::ROOT));
            }
            return Ok(t.offset());
        }
    }
    Err(Error::new(ErrorKind::MissingCrc, p.len(), Path::root(63)))
}

/// The checksum of the payload text before the `63` object, lowercase.
pub(crate) fn checksum_of(covered: &str) -> [u8; 4] {
    Checksum::Sha256Tail4
        .compute(covered.as_bytes())
        .map(|b| b.to_ascii_lowercase())
}

pub(super) struct Checker<'o, 's, S> {
    opts: &'o ElqrOptions,
    sink: &'s mut S,
    index: Index,
}

use crate::validate::Seen;

impl<S: Sink> Checker<'_, '_, S> {
    fn report(&mut self, kind: ErrorKind, offset: usize, path: Path) -> Result<(), Stop> {
        let allowed = self.opts.allows(kind, path);
        self.sink.report(Error::new(kind, offset, path), allowed)
    }

    fn fail(&mut self, kind: ErrorKind, offset: usize, path: Path) -> Result<(), Stop> {
        self.sink.report(Error::new(kind, offset, path), false)
    }

    /// Text without control characters, within the table's limit for its path.
    fn text(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let max = max_units(t.path().ids());
        if let Some((i, _)) = t.value().char_indices().find(|(_, c)| c.is_control()) {
            self.fail(ErrorKind::InvalidCharacter, t.value_offset() + i, t.path())?;
        }
        if LENGTH_UNIT.count(t.value()) > max {
            self.fail(ErrorKind::ValueTooLong, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn digits(&mut self, t: &Tlv<'_>, n: usize) -> Result<(), Stop> {
        if let Some(i) = t.value().bytes().position(|b| !b.is_ascii_digit()) {
            return self.fail(ErrorKind::NotNumeric, t.value_offset() + i, t.path());
        }
        if t.value().len() != n {
            self.fail(ErrorKind::WrongLength, t.offset(), t.path())?;
        }
        Ok(())
    }

    fn flag(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        if !matches!(t.value(), "11" | "12") {
            self.fail(ErrorKind::InvalidValue, t.value_offset(), t.path())?;
        }
        Ok(())
    }

    /// Scans a template; a structural error inside it is an error of the whole payload.
    fn scan<'a>(&mut self, t: &Tlv<'a>) -> Result<Option<Tlvs<'a>>, Stop> {
        if let Some(Err(e)) = t.children(LENGTH_UNIT).find(Result::is_err) {
            self.sink.report(e, false)?;
            return Ok(None);
        }
        Ok(Some(t.children(LENGTH_UNIT)))
    }

    fn provider(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        self.index.provider = span(t);
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        let mut seen = Seen::default();
        for c in children.readable() {
            let id = c.id().get();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path())?;
                continue;
            }
            match id {
                0 => {
                    self.index.provider_id = span(&c);
                    self.text(&c)?;
                }
                1 => {
                    self.index.service_code = span(&c);
                    let n = LENGTH_UNIT.count(c.value());
                    self.text(&c)?;
                    if n > SERVICE_CODE_PUBLISHED && n <= max_units(&[32, 1]) {
                        // The specification says 10; Finik writes 14.
                        self.report(ErrorKind::ValueTooLong, c.offset(), c.path())?;
                    }
                }
                10 => {
                    self.index.recipient_id = span(&c);
                    self.text(&c)?;
                }
                11 => {
                    self.index.transaction_id = span(&c);
                    self.text(&c)?;
                }
                12 => {
                    self.index.amount_editable = span(&c);
                    self.flag(&c)?;
                }
                13 => {
                    self.index.recipient_editable = span(&c);
                    self.flag(&c)?;
                }
                _ => {
                    self.report(ErrorKind::RfuId, c.offset(), c.path())?;
                    self.text(&c)?;
                }
            }
        }
        if self.index.provider_id.is_none() {
            self.fail(ErrorKind::Missing, t.offset(), t.path().child(0))?;
        }
        Ok(())
    }

    fn merchant(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        let mut seen = Seen::default();
        for c in children.readable() {
            let id = c.id().get();
            if seen.mark(id) {
                self.report(ErrorKind::DuplicateId, c.offset(), c.path())?;
                continue;
            }
            match id {
                0 => self.index.merchant_id = span(&c),
                1 => self.index.service_name = span(&c),
                _ => self.report(ErrorKind::RfuId, c.offset(), c.path())?,
            }
            self.text(&c)?;
        }
        Ok(())
    }

    fn additional(&mut self, t: &Tlv<'_>) -> Result<(), Stop> {
        let Some(children) = self.scan(t)? else {
            return Ok(());
        };
        for c in children.readable() {
            self.text(&c)?;
            match AdditionalField::split(c.value()) {
                Ok(_) => {}
                Err(at) => self.fail(ErrorKind::InvalidValue, c.value_offset() + at, c.path())?,
            }
        }
        Ok(())
    }

    fn amount(&mut self, t: &Tlv<'_>, dynamic: bool) -> Result<(), Stop> {
        self.index.amount = span(t);
        let v = t.value();
        if let Some(i) = v.bytes().position(|b| !b.is_ascii_digit()) {
            return self.fail(ErrorKind::InvalidAmount, t.value_offset() + i, t.path());
        }
        if v.len() > max_units(&[54]) {
            return self.fail(ErrorKind::InvalidAmount, t.value_offset(), t.path());
        }
        if v.bytes().all(|b| b == b'0') {
            if dynamic {
                self.fail(ErrorKind::ZeroAmount, t.value_offset(), t.path())?;
            } else {
                self.report(ErrorKind::ZeroAmount, t.value_offset(), t.path())?;
            }
        }
        Ok(())
    }

    fn root(&mut self, t: &Tlv<'_>, dynamic: bool) -> Result<(), Stop> {
        let v = t.value();
        match t.id().get() {
            0 => {
                self.index.version = span(t);
                if v != VERSION {
                    self.fail(ErrorKind::InvalidPfi, t.value_offset(), t.path())?;
                }
            }
            1 => {
                self.index.link_type = span(t);
                if LinkType::from_code(v).is_none() {
                    self.fail(ErrorKind::InvalidInitiation, t.value_offset(), t.path())?;
                }
            }
            32 => self.provider(t)?,
            33 => self.merchant(t)?,
            34 => {
                self.index.comment = span(t);
                self.text(t)?;
            }
            35..=39 => self.additional(t)?,
            52 => {
                self.index.mcc = span(t);
                self.digits(t, max_units(&[52]))?;
            }
            53 => {
                self.index.currency = span(t);
                self.digits(t, max_units(&[53]))?;
                if v != CURRENCY_KGS {
                    self.fail(ErrorKind::InvalidValue, t.value_offset(), t.path())?;
                }
            }
            54 => self.amount(t, dynamic)?,
            59 => {
                self.index.payee_name = span(t);
                self.text(t)?;
            }
            _ => {
                self.report(ErrorKind::RfuId, t.offset(), t.path())?;
                self.text(t)?;
            }
        }
        Ok(())
    }

    fn check(&mut self, p: &str) -> Result<(), Stop> {
        // 01 decides whether an amount of 0 may pass; find it first.
        let dynamic = Tlvs::with_unit(p, LENGTH_UNIT)
            .readable()
            .find(|t| t.id().get() == 1)
            .is_some_and(|t| t.value() == "12");
        let mut seen = Seen::default();
        for (i, t) in Tlvs::with_unit(p, LENGTH_UNIT).enumerate() {
            let Ok(t) = t else { break };
            let id = t.id().get();
            if id == 63 {
                break;
            }
            if i == 0 && id != 0 {
                self.fail(ErrorKind::PfiNotFirst, 0, Path::root(0))?;
            }
            if !(35..=39).contains(&id) && seen.mark(id) {
                self.report(ErrorKind::DuplicateId, t.offset(), t.path())?;
                continue;
            }
            self.root(&t, dynamic)?;
        }
        let at = self.index.crc_at;
        let required = [
            (0, self.index.version),
            (1, self.index.link_type),
            (32, self.index.provider),
            (52, self.index.mcc),
            (53, self.index.currency),
            (59, self.index.payee_name),
        ];
        for (id, s) in required {
            if s.is_none() {
                self.fail(ErrorKind::Missing, at, Path::root(id))?;
            }
        }
        if let Some((start, _)) = self.index.provider {
            if self.index.service_code.is_none() && self.index.merchant_id.is_none() {
                self.fail(
                    ErrorKind::Missing,
                    start.saturating_sub(4),
                    Path::root(32).child(1),
                )?;
            }
        }
        Ok(())
    }
}

/// Verifies the checksum value of `63` at `at`.
pub(super) fn verify(
    p: &str,
    at: usize,
    opts: &ElqrOptions,
    sink: &mut impl Sink,
) -> Result<(), Stop> {
    let path = Path::root(63);
    let value = p.get(at + 4..).unwrap_or("");
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return sink.report(Error::new(ErrorKind::InvalidCrcFormat, at + 4, path), false);
    }
    if !opts.verify_checksum {
        return sink.report(
            Error::new(ErrorKind::ChecksumNotVerified, at + 4, path),
            true,
        );
    }
    let expected = checksum_of(p.get(..at).unwrap_or(""));
    if !value.as_bytes().eq_ignore_ascii_case(&expected) {
        sink.report(Error::new(ErrorKind::CrcMismatch, at + 4, path), false)?;
    }
    Ok(())
}

/// Structure, checksum, rules — on the decoded payload.
pub(super) fn run(p: &str, opts: &ElqrOptions, sink: &mut impl Sink) -> Result<Index, Error> {
    let crc_at = structure(p)?;
    let mut rules = Checker {
        opts,
        sink,
        index: Index {
            crc_at,
            checksum: Some((crc_at + 4, p.len())),
            ..Index::default()
        },
    };
    if verify(p, crc_at, opts, rules.sink).is_ok() {
        let _ = rules.check(p);
    }
    Ok(rules.index)
}
