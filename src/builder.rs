//! Builders: canonical order, lengths and checksum computed, validated by parsing the output.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::crc::{Checksum, Crc16Digest};
use crate::error::{Error, ErrorKind, Path};
use crate::options::ParseOptions;
use crate::payload::Payload;
use crate::tlv::{header, Id, LengthUnit, Tlvs};

/// A data object's content in a builder: a value or a nested template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    /// A primitive value (or a template kept as its encoded text).
    Value(Cow<'a, str>),
    /// A nested template.
    Template(TemplateBuilder<'a>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry<'a> {
    id: Id,
    node: Node<'a>,
}

/// Builds a template (26–51, 62, 64, 80–99, 62.50–99): its sub-objects in order.
///
/// EMV nests at most three levels (root → template → payment-system template inside 62): a
/// template placed inside a template may not hold templates itself. The builder refuses
/// deeper nesting when it is set up (the template is not stored, and `build` reports
/// `nested_too_deep`), so no structure deeper than that ever exists — there is nothing to
/// recurse through, when encoding or when dropping.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TemplateBuilder<'a> {
    entries: Vec<Entry<'a>>,
    bad_id: Option<u8>,
    /// This template sits inside another one: it may hold values only.
    inner: bool,
    /// A template was refused here for nesting too deep (its ID).
    too_deep: Option<u8>,
}

/// Whether a template may go inside `parent` (`None`: at the root of a payload), and the
/// template as it is stored there.
fn nest<'a>(
    parent: Option<&TemplateBuilder<'a>>,
    mut t: TemplateBuilder<'a>,
) -> Option<TemplateBuilder<'a>> {
    if let Some(p) = parent {
        let holds_templates = t
            .entries
            .iter()
            .any(|e| matches!(e.node, Node::Template(_)));
        if p.inner || holds_templates {
            return None;
        }
        t.inner = true;
    }
    Some(t)
}

/// Shared editing of an ordered list of entries.
fn put<'a>(entries: &mut Vec<Entry<'a>>, id: Id, node: Node<'a>) {
    if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
        e.node = node;
    } else {
        let at = entries
            .iter()
            .position(|e| e.id > id)
            .unwrap_or(entries.len());
        entries.insert(at, Entry { id, node });
    }
}

fn append<'a>(entries: &mut Vec<Entry<'a>>, id: Id, node: Node<'a>) {
    if let Some(e) = entries.iter_mut().find(|e| e.id == id) {
        e.node = node;
    } else {
        entries.push(Entry { id, node });
    }
}

fn node_units(node: &Node<'_>, unit: LengthUnit) -> usize {
    match node {
        Node::Value(v) => unit.count(v),
        Node::Template(t) => t
            .entries
            .iter()
            .map(|e| 4 + node_units(&e.node, unit))
            .sum(),
    }
}

fn node_bytes(node: &Node<'_>) -> usize {
    match node {
        Node::Value(v) => v.len(),
        Node::Template(t) => t.entries.iter().map(|e| 4 + node_bytes(&e.node)).sum(),
    }
}

/// Where encoded bytes go: the output buffer of `build`, or the staging buffer of `write_to`.
trait Bytes {
    fn put(&mut self, b: &[u8]) -> fmt::Result;
}

impl Bytes for Vec<u8> {
    fn put(&mut self, b: &[u8]) -> fmt::Result {
        self.extend_from_slice(b);
        Ok(())
    }
}

/// Writes the entries in order; a value of length 0 only when `empty_ok` (the options allow
/// zero lengths).
fn write_entries(
    entries: &[Entry<'_>],
    w: &mut impl Bytes,
    unit: LengthUnit,
    parent: Path,
    empty_ok: bool,
) -> Result<(), Error> {
    for e in entries {
        let path = parent.child(e.id.get());
        let len = node_units(&e.node, unit);
        if len == 0 && !empty_ok {
            return Err(Error::in_field(ErrorKind::ZeroLength, 0, path));
        }
        if len > 99 {
            return Err(Error::in_field(ErrorKind::ValueTooLong, 0, path));
        }
        let io = |_| Error::new(ErrorKind::InvalidValue, 0, path);
        w.put(&header(e.id, len)).map_err(io)?;
        match &e.node {
            Node::Value(v) => w.put(v.as_bytes()).map_err(io)?,
            Node::Template(t) => write_entries(&t.entries, w, unit, path, empty_ok)?,
        }
    }
    Ok(())
}

/// Splits an encoded template value into a builder, keeping borrowed text borrowed.
fn explode<'a>(
    value: &Cow<'a, str>,
    unit: LengthUnit,
    path: Path,
    empty_ok: bool,
) -> Result<TemplateBuilder<'a>, Error> {
    let mut t = TemplateBuilder::new();
    let owned;
    let src: &str = match value {
        Cow::Borrowed(s) => s,
        Cow::Owned(s) => {
            owned = s.as_str();
            owned
        }
    };
    for tlv in Tlvs::nested(src, 0, path, unit).allow_empty(empty_ok) {
        let tlv = tlv?;
        let v: Cow<'a, str> = match value {
            Cow::Borrowed(s) => {
                let start = tlv.value_offset();
                Cow::Borrowed(s.get(start..start + tlv.value().len()).unwrap_or(""))
            }
            Cow::Owned(_) => Cow::Owned(tlv.value().to_string()),
        };
        t.entries.push(Entry {
            id: tlv.id(),
            node: Node::Value(v),
        });
    }
    Ok(t)
}

impl<'a> TemplateBuilder<'a> {
    /// An empty template.
    pub fn new() -> Self {
        TemplateBuilder::default()
    }

    /// A template whose first sub-object is the GUI (sub-ID `00`).
    pub fn with_gui(gui: impl Into<Cow<'a, str>>) -> Self {
        TemplateBuilder::new().set(0, gui)
    }

    /// Sets a sub-object (replacing one with the same ID, else inserting in ascending order).
    /// An ID over 99 makes `build` fail.
    #[must_use]
    pub fn set(mut self, id: u8, value: impl Into<Cow<'a, str>>) -> Self {
        self.set_mut(id, value);
        self
    }

    /// Like [`TemplateBuilder::set`], through a mutable reference.
    pub fn set_mut(&mut self, id: u8, value: impl Into<Cow<'a, str>>) {
        match Id::new(id) {
            Some(i) => put(&mut self.entries, i, Node::Value(value.into())),
            None => self.bad_id = Some(id),
        }
    }

    /// Appends a sub-object after the others (keeping the caller's order instead of sorting);
    /// an existing one with the same ID is replaced in place.
    pub fn push(&mut self, id: u8, node: Node<'a>) {
        let node = match node {
            Node::Template(t) => match nest(Some(self), t) {
                Some(t) => Node::Template(t),
                None => return self.too_deep = Some(id),
            },
            v => v,
        };
        match Id::new(id) {
            Some(i) => append(&mut self.entries, i, node),
            None => self.bad_id = Some(id),
        }
    }

    /// The nested template with this ID, appended empty if absent (a primitive with this ID is
    /// replaced). `None` for an ID over 99, or inside a template that is itself nested (EMV
    /// nests no deeper; `build` then reports `nested_too_deep`).
    pub fn template_mut(&mut self, id: u8) -> Option<&mut TemplateBuilder<'a>> {
        if self.inner {
            self.too_deep = Some(id);
            return None;
        }
        let i = Id::new(id)?;
        let pos = match self.entries.iter().position(|e| e.id == i) {
            Some(p) => p,
            None => {
                self.entries.push(Entry {
                    id: i,
                    node: Node::Template(TemplateBuilder {
                        inner: true,
                        ..TemplateBuilder::new()
                    }),
                });
                self.entries.len() - 1
            }
        };
        let e = self.entries.get_mut(pos)?;
        if let Node::Value(_) = e.node {
            e.node = Node::Template(TemplateBuilder {
                inner: true,
                ..TemplateBuilder::new()
            });
        }
        match &mut e.node {
            Node::Template(t) => Some(t),
            Node::Value(_) => None,
        }
    }

    /// Sets a nested template (62.50–99).
    #[must_use]
    pub fn template(mut self, id: u8, t: TemplateBuilder<'a>) -> Self {
        let Some(t) = nest(Some(&self), t) else {
            self.too_deep = Some(id);
            return self;
        };
        match Id::new(id) {
            Some(i) => put(&mut self.entries, i, Node::Template(t)),
            None => self.bad_id = Some(id),
        }
        self
    }

    /// Removes a sub-object.
    #[must_use]
    pub fn remove(mut self, id: u8) -> Self {
        self.entries.retain(|e| e.id.get() != id);
        self
    }

    /// The value of a primitive sub-object.
    pub fn get(&self, id: u8) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.id.get() == id)
            .and_then(|e| match &e.node {
                Node::Value(v) => Some(v.as_ref()),
                Node::Template(_) => None,
            })
    }

    /// True when there is no sub-object.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn check_ids(&self, path: Path) -> Result<(), Error> {
        if let Some(id) = self.bad_id {
            return Err(Error::in_field(ErrorKind::InvalidId, 0, path.child(id)));
        }
        if let Some(id) = self.too_deep {
            return Err(Error::in_field(ErrorKind::NestedTooDeep, 0, path.child(id)));
        }
        for e in &self.entries {
            if let Node::Template(t) = &e.node {
                t.check_ids(path.child(e.id.get()))?;
            }
        }
        Ok(())
    }
}

/// Builds a payload: objects in ascending ID order (00 first, the checksum 63 last, computed),
/// lengths counted, validated in [`PayloadBuilder::build`] by parsing the output with the
/// builder's [`ParseOptions`] — so everything it emits parses back.
///
/// ```
/// use emvqr::{PayloadBuilder, TemplateBuilder};
/// let s = PayloadBuilder::new()
///     .static_code()
///     .merchant_account_template(29, TemplateBuilder::with_gui("A000000677010111").set(1, "0066812345678"))
///     .mcc("5999").currency("764").country("TH")
///     .merchant_name("Somchai Shop").merchant_city("Bangkok")
///     .build()?;
/// assert!(s.starts_with("000201010211"));
/// assert_eq!(emvqr::Payload::parse(&s)?.merchant_name(), Some("Somchai Shop"));
/// # Ok::<(), emvqr::Error>(())
/// ```
///
/// A parsed payload converts into a builder that keeps every object in its original order, so
/// an unedited re-encode reproduces the input byte for byte (checksum case included):
///
/// ```
/// let s = "00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG\
/// 5904Mark6009Singapore62160112Din Tai Fung630490FC";
/// let p = emvqr::Payload::parse(s)?;
/// assert_eq!(emvqr::PayloadBuilder::from(&p).build()?, s);
/// let edited = emvqr::PayloadBuilder::from(&p).amount("12.50").reference_label("INV-7").build()?;
/// let q = emvqr::Payload::parse(&edited)?;
/// assert_eq!(q.amount(), Some("12.50"));
/// assert_eq!(q.additional_data().and_then(|a| a.reference_label()), Some("INV-7"));
/// assert_eq!(q.additional_data().and_then(|a| a.bill_number()), Some("Din Tai Fung"));
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayloadBuilder<'a> {
    entries: Vec<Entry<'a>>,
    bad: Option<Error>,
    crc_hint: Option<[u8; 4]>,
    lowercase: bool,
    options: ParseOptions,
}

impl Default for PayloadBuilder<'_> {
    fn default() -> Self {
        PayloadBuilder::new()
    }
}

impl<'a> From<&Payload<'a>> for PayloadBuilder<'a> {
    fn from(p: &Payload<'a>) -> Self {
        // At most one object per five bytes: sized once.
        let mut entries = Vec::with_capacity(p.as_str().len() / 5);
        entries.extend(p.iter().filter(|t| t.id().get() != 63).map(|t| Entry {
            id: t.id(),
            node: Node::Value(Cow::Borrowed(t.value())),
        }));
        let crc_hint = p.crc().and_then(|c| <[u8; 4]>::try_from(c.as_bytes()).ok());
        PayloadBuilder {
            entries,
            bad: None,
            crc_hint,
            lowercase: false,
            options: *p.options(),
        }
    }
}

impl<'a> From<Payload<'a>> for PayloadBuilder<'a> {
    fn from(p: Payload<'a>) -> Self {
        PayloadBuilder::from(&p)
    }
}

macro_rules! root_setters {
    ($($(#[$doc:meta])* $name:ident = $id:expr;)*) => {
        $( $(#[$doc])* #[must_use] pub fn $name(self, value: impl Into<Cow<'a, str>>) -> Self { self.set($id, value) } )*
    };
}

macro_rules! additional_setters {
    ($($(#[$doc:meta])* $name:ident = $id:expr;)*) => {
        $( $(#[$doc])* #[must_use] pub fn $name(self, value: impl Into<Cow<'a, str>>) -> Self { self.set_sub(62, $id, value) } )*
    };
}

impl<'a> PayloadBuilder<'a> {
    /// A new builder holding only the Payload Format Indicator `00` = `"01"`, with strict
    /// validation.
    pub fn new() -> Self {
        PayloadBuilder {
            entries: alloc::vec![Entry {
                id: Id::of(0),
                node: Node::Value(Cow::Borrowed("01")),
            }],
            bad: None,
            crc_hint: None,
            lowercase: false,
            options: ParseOptions::new(),
        }
    }

    /// The rules `build` validates with (and the length unit and checksum it encodes with).
    #[must_use]
    pub fn options(mut self, options: ParseOptions) -> Self {
        self.options = options;
        self
    }

    /// Write the checksum in lowercase hex (ELQR producers do). Uppercase by default.
    #[must_use]
    pub fn lowercase_checksum(mut self, yes: bool) -> Self {
        self.lowercase = yes;
        self.crc_hint = None;
        self
    }

    fn edited(&mut self) {
        self.crc_hint = None;
    }

    /// Sets a root object (replacing one with the same ID in place, else inserting in ascending
    /// order). `63` is computed and cannot be set; an ID over 99 makes `build` fail.
    #[must_use]
    pub fn set(mut self, id: u8, value: impl Into<Cow<'a, str>>) -> Self {
        self.edited();
        match Id::new(id) {
            Some(i) if id != 63 => put(&mut self.entries, i, Node::Value(value.into())),
            _ => self.bad = Some(Error::in_field(ErrorKind::InvalidId, 0, Path::root(id))),
        }
        self
    }

    /// Appends a root object after the others (keeping the caller's order instead of sorting);
    /// an existing one with the same ID is replaced in place. `63` is ignored: it is computed.
    pub fn push(&mut self, id: u8, node: Node<'a>) {
        self.edited();
        match Id::new(id) {
            Some(_) if id == 63 => {}
            Some(i) => append(&mut self.entries, i, node),
            None => self.bad = Some(Error::in_field(ErrorKind::InvalidId, 0, Path::root(id))),
        }
    }

    /// Keeps `digits` as the checksum text if it matches the computed one case-insensitively
    /// (so that a re-encode keeps the original case); cleared by any later edit.
    pub fn keep_checksum_case(&mut self, digits: &str) {
        self.crc_hint = <[u8; 4]>::try_from(digits.as_bytes()).ok();
    }

    /// Sets a root object when `value` is `Some`; leaves the builder as it is otherwise.
    #[must_use]
    pub fn set_some(self, id: u8, value: Option<impl Into<Cow<'a, str>>>) -> Self {
        match value {
            Some(v) => self.set(id, v),
            None => self,
        }
    }

    /// Sets a sub-object of a root template when `value` is `Some`.
    #[must_use]
    pub fn set_sub_some(self, id: u8, sub: u8, value: Option<impl Into<Cow<'a, str>>>) -> Self {
        match value {
            Some(v) => self.set_sub(id, sub, v),
            None => self,
        }
    }

    /// Sets a root template.
    #[must_use]
    pub fn template(mut self, id: u8, t: TemplateBuilder<'a>) -> Self {
        self.edited();
        match Id::new(id) {
            Some(i) if id != 63 => put(&mut self.entries, i, Node::Template(t)),
            _ => self.bad = Some(Error::in_field(ErrorKind::InvalidId, 0, Path::root(id))),
        }
        self
    }

    /// Removes a root object.
    #[must_use]
    pub fn remove(mut self, id: u8) -> Self {
        self.edited();
        self.entries.retain(|e| e.id.get() != id);
        self
    }

    /// Sets a sub-object of a root template, creating the template if absent. A template
    /// kept as encoded text (from a parsed payload) is opened up, its other sub-objects kept.
    #[must_use]
    pub fn set_sub(mut self, id: u8, sub: u8, value: impl Into<Cow<'a, str>>) -> Self {
        let value = value.into();
        self.with_template(id, |t| t.set_mut(sub, value));
        self
    }

    /// Removes a sub-object of a root template (and the template, if it becomes empty).
    #[must_use]
    pub fn remove_sub(mut self, id: u8, sub: u8) -> Self {
        if self.entries.iter().any(|e| e.id.get() == id) {
            self.with_template(id, |t| t.entries.retain(|e| e.id.get() != sub));
            self.entries.retain(
                |e| !matches!(&e.node, Node::Template(t) if e.id.get() == id && t.is_empty()),
            );
        }
        self
    }

    fn with_template(&mut self, id: u8, f: impl FnOnce(&mut TemplateBuilder<'a>)) {
        self.edited();
        let Some(i) = Id::new(id).filter(|_| id != 63) else {
            self.bad = Some(Error::in_field(ErrorKind::InvalidId, 0, Path::root(id)));
            return;
        };
        let unit = self.options.unit();
        let pos = match self.entries.iter().position(|e| e.id == i) {
            Some(p) => p,
            None => {
                put(&mut self.entries, i, Node::Template(TemplateBuilder::new()));
                self.entries.iter().position(|e| e.id == i).unwrap_or(0)
            }
        };
        let Some(entry) = self.entries.get_mut(pos) else {
            return;
        };
        if let Node::Value(v) = &entry.node {
            match explode(v, unit, Path::root(id), self.options.zero_length) {
                Ok(t) => entry.node = Node::Template(t),
                Err(e) => {
                    self.bad = Some(e);
                    return;
                }
            }
        }
        if let Node::Template(t) = &mut entry.node {
            f(t);
        }
    }

    /// The value of a primitive root object.
    pub fn get(&self, id: u8) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| e.id.get() == id)
            .and_then(|e| match &e.node {
                Node::Value(v) => Some(v.as_ref()),
                Node::Template(_) => None,
            })
    }

    /// 01 = `"11"`: a static code, shown for more than one transaction.
    #[must_use]
    pub fn static_code(self) -> Self {
        self.set(1, "11")
    }

    /// 01 = `"12"`: a dynamic code, for one transaction.
    #[must_use]
    pub fn dynamic_code(self) -> Self {
        self.set(1, "12")
    }

    /// A primitive merchant account (02–25, card networks).
    #[must_use]
    pub fn merchant_account(self, id: u8, value: impl Into<Cow<'a, str>>) -> Self {
        self.set(id, value)
    }

    /// A merchant account template (26–51).
    #[must_use]
    pub fn merchant_account_template(self, id: u8, t: TemplateBuilder<'a>) -> Self {
        self.template(id, t)
    }

    /// Removes 54 (the payer enters the amount).
    #[must_use]
    pub fn clear_amount(self) -> Self {
        self.remove(54)
    }

    root_setters! {
        /// 01 Point of Initiation Method.
        point_of_initiation = 1;
        /// 52 Merchant Category Code.
        mcc = 52;
        /// 53 Transaction Currency (ISO 4217 numeric).
        currency = 53;
        /// 54 Transaction Amount, as a decimal string.
        amount = 54;
        /// 55 Tip or Convenience Indicator.
        tip_indicator = 55;
        /// 56 Value of Convenience Fee Fixed.
        convenience_fee_fixed = 56;
        /// 57 Value of Convenience Fee Percentage.
        convenience_fee_percentage = 57;
        /// 58 Country Code.
        country = 58;
        /// 59 Merchant Name.
        merchant_name = 59;
        /// 60 Merchant City.
        merchant_city = 60;
        /// 61 Postal Code.
        postal_code = 61;
    }

    crate::field::additional_data_fields!(additional_setters);

    /// 62 Additional Data Field Template, whole.
    #[must_use]
    pub fn additional_data(self, t: TemplateBuilder<'a>) -> Self {
        self.template(62, t)
    }

    /// 64 Merchant Information — Language Template.
    #[must_use]
    pub fn language(
        self,
        preference: impl Into<Cow<'a, str>>,
        name: impl Into<Cow<'a, str>>,
        city: Option<Cow<'a, str>>,
    ) -> Self {
        let mut t = TemplateBuilder::new().set(0, preference).set(1, name);
        if let Some(c) = city {
            t = t.set(2, c);
        }
        self.template(64, t)
    }

    /// An unreserved template (80–99).
    #[must_use]
    pub fn unreserved_template(self, id: u8, t: TemplateBuilder<'a>) -> Self {
        self.template(id, t)
    }

    /// Length in bytes of the encoded payload, checksum included.
    pub fn encoded_len(&self) -> usize {
        self.entries
            .iter()
            .map(|e| 4 + node_bytes(&e.node))
            .sum::<usize>()
            + 8
    }

    fn check(&self) -> Result<(), Error> {
        if let Some(e) = self.bad {
            return Err(e);
        }
        for e in &self.entries {
            if let Node::Template(t) = &e.node {
                t.check_ids(Path::root(e.id.get()))?;
            }
        }
        Ok(())
    }

    /// The checksum text: the original case when unedited, else upper (or lower) case.
    fn finish_digits(&self, digits: [u8; 4]) -> [u8; 4] {
        match self.crc_hint {
            Some(h) if h.eq_ignore_ascii_case(&digits) => h,
            _ if self.lowercase => digits.map(|b| b.to_ascii_lowercase()),
            _ => digits,
        }
    }

    /// Encodes into `w`, checksum included. Checks that every value can be encoded (length
    /// 1–99, or 0 when the builder's options allow zero lengths); the full rule check happens in
    /// [`PayloadBuilder::build`].
    ///
    /// # Errors
    /// An ID over 99, an empty or over-long value (path given; offset 0), or a failing writer.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> Result<(), Error> {
        self.check()?;
        let unit = self.options.unit();
        let checksum = self.options.checksum_kind();
        let mut tee = Tee::new(w, checksum);
        let empty_ok = self.options.zero_length;
        write_entries(&self.entries, &mut tee, unit, Path::ROOT, empty_ok)?;
        let io = |_| Error::new(ErrorKind::InvalidValue, 0, Path::root(63));
        let digits = self.finish_digits(tee.finish().map_err(io)?);
        let mut tail = *b"63040000";
        if let Some(d) = tail.get_mut(4..) {
            d.copy_from_slice(&digits);
        }
        tee.inner
            .write_str(core::str::from_utf8(&tail).unwrap_or("63040000"))
            .map_err(io)
    }

    /// Encodes and validates.
    ///
    /// # Errors
    /// What [`PayloadBuilder::write_to`] reports, then the first rule the output breaks under
    /// the builder's [`ParseOptions`] (offset in the output).
    pub fn build(&self) -> Result<String, Error> {
        self.check()?;
        let mut out = Vec::with_capacity(self.encoded_len());
        let unit = self.options.unit();
        let empty_ok = self.options.zero_length;
        write_entries(&self.entries, &mut out, unit, Path::ROOT, empty_ok)?;
        let checksum = self.options.checksum_kind();
        let covered_len = out.len();
        out.extend_from_slice(b"6304");
        let covered = if checksum.covers_header() {
            &out
        } else {
            out.get(..covered_len).unwrap_or(b"")
        };
        let value = checksum.value(covered);
        let digits = self.finish_digits(crate::crc::hex4(value));
        out.extend_from_slice(&digits);
        // Whole UTF-8 values and ASCII headers: always text.
        let out = String::from_utf8(out)
            .map_err(|_| Error::new(ErrorKind::InvalidValue, 0, Path::ROOT))?;
        // Validated by the parser's rules; the checksum it would compute is the one just
        // written.
        Payload::parse_known(&out, self.options, Some(value)).map_err(Error::of_field)?;
        Ok(out)
    }
}

/// Stages the encoded bytes in a buffer on the stack, and hands them to the writer and the
/// checksum in a few large pieces instead of two per data object.
struct Tee<'w, W> {
    inner: &'w mut W,
    buf: [u8; 256],
    len: usize,
    crc: Option<Crc16Digest>,
    sha: Option<sha2::Sha256>,
}

impl<'w, W: fmt::Write> Tee<'w, W> {
    fn new(inner: &'w mut W, checksum: Checksum) -> Self {
        use sha2::Digest;
        let (crc, sha) = match checksum {
            Checksum::Sha256Tail4 => (None, Some(sha2::Sha256::new())),
            _ => (Some(Crc16Digest::new()), None),
        };
        Tee {
            inner,
            buf: [0; 256],
            len: 0,
            crc,
            sha,
        }
    }

    /// Feeds `b` to the checksum and writes it.
    fn pass(&mut self, b: &[u8]) -> fmt::Result {
        pass(self.inner, &mut self.crc, &mut self.sha, b)
    }

    fn flush(&mut self) -> fmt::Result {
        let n = core::mem::take(&mut self.len);
        let staged = self.buf.get(..n).unwrap_or(&[]);
        pass(self.inner, &mut self.crc, &mut self.sha, staged)
    }

    /// Writes what is staged and returns the checksum digits of everything written.
    fn finish(&mut self) -> Result<[u8; 4], fmt::Error> {
        use sha2::Digest;
        self.flush()?;
        if let Some(mut c) = self.crc.take() {
            c.update(b"6304");
            return Ok(crate::crc::hex4(c.finalize()));
        }
        let d = self.sha.take().map(Digest::finalize).unwrap_or_default();
        let (a, b) = (
            d.get(30).copied().unwrap_or(0),
            d.get(31).copied().unwrap_or(0),
        );
        Ok(crate::crc::hex4(u16::from_be_bytes([a, b])))
    }
}

/// Feeds `b` to the checksum and writes it to `w`.
fn pass(
    w: &mut impl fmt::Write,
    crc: &mut Option<Crc16Digest>,
    sha: &mut Option<sha2::Sha256>,
    b: &[u8],
) -> fmt::Result {
    use sha2::Digest;
    if let Some(c) = crc {
        c.update(b);
    }
    if let Some(h) = sha {
        h.update(b);
    }
    // The staged bytes are whole values and ASCII headers: always text.
    w.write_str(core::str::from_utf8(b).map_err(|_| fmt::Error)?)
}

impl<W: fmt::Write> Bytes for Tee<'_, W> {
    fn put(&mut self, b: &[u8]) -> fmt::Result {
        if let Some(dst) = self.buf.get_mut(self.len..self.len + b.len()) {
            dst.copy_from_slice(b);
            self.len += b.len();
            return Ok(());
        }
        self.flush()?;
        match self.buf.get_mut(..b.len()) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.len = b.len();
                Ok(())
            }
            None => self.pass(b),
        }
    }
}

/// A flat field list: `(path, value)` pairs as `emvqr decode --json` prints them.
impl<'a> PayloadBuilder<'a> {
    /// A builder from the flat `fields` shape of the command line's JSON (`"62.05"` →
    /// value), keeping the given order of root objects and of sub-objects; `63` is skipped
    /// (the checksum is computed). The builder parses its output with every leniency on, so
    /// that any code `decode` can list comes back; [`PayloadBuilder::options`] makes it
    /// stricter.
    ///
    /// ```
    /// let b = emvqr::PayloadBuilder::from_fields([
    ///     ("00", "01"), ("26.00", "SG.PAYNOW"), ("26.01", "0"), ("26.02", "+6591234567"),
    ///     ("52", "0000"), ("53", "702"), ("58", "SG"), ("59", "Mark"), ("60", "Singapore"),
    /// ])?;
    /// assert!(b.build()?.starts_with("00020126"));
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_id` for a key that is not one to three two-digit IDs separated by `.` (the
    /// offset is the field's position in the list), `invalid_value` for an ID given both as a
    /// value and as a template.
    pub fn from_fields<I, K, V>(fields: I) -> Result<PayloadBuilder<'a>, Error>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<Cow<'a, str>>,
    {
        let mut b = PayloadBuilder::new().options(ParseOptions::lenient());
        // Root entries in order of first appearance; nested paths grouped under their root.
        let mut roots: Vec<(u8, Option<TemplateBuilder<'a>>, Option<Cow<'a, str>>)> = Vec::new();
        for (n, (key, value)) in fields.into_iter().enumerate() {
            let key = key.as_ref();
            let mut ids = [0u8; 3];
            let mut depth = 0;
            for part in key.split('.') {
                let id = Id::parse(part).map(Id::get);
                match (id, ids.get_mut(depth)) {
                    (Some(id), Some(slot)) => *slot = id,
                    _ => return Err(Error::new(ErrorKind::InvalidId, n, Path::ROOT)),
                }
                depth += 1;
            }
            let [root, sub, leaf] = ids;
            if root == 63 && depth == 1 {
                continue;
            }
            let pos = match roots.iter().position(|r| r.0 == root) {
                Some(p) => p,
                None => {
                    roots.push((root, None, None));
                    roots.len() - 1
                }
            };
            let Some(entry) = roots.get_mut(pos) else {
                continue;
            };
            let value: Cow<'a, str> = value.into();
            match depth {
                1 => entry.2 = Some(value),
                2 => entry
                    .1
                    .get_or_insert_with(TemplateBuilder::new)
                    .push(sub, Node::Value(value)),
                _ => {
                    let t = entry.1.get_or_insert_with(TemplateBuilder::new);
                    if let Some(inner) = t.template_mut(sub) {
                        inner.push(leaf, Node::Value(value));
                    }
                }
            }
        }
        for (id, t, v) in roots {
            match (t, v) {
                (Some(_), Some(_)) => {
                    return Err(Error::in_field(ErrorKind::InvalidValue, 0, Path::root(id)))
                }
                (Some(t), None) => b.push(id, Node::Template(t)),
                (None, Some(v)) => b.push(id, Node::Value(v)),
                (None, None) => {}
            }
        }
        Ok(b)
    }
}
