//! Building ELQR codes and payment links.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, ErrorKind, Path};

use super::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum AmountSpec<'a> {
    Tyiyn(u64),
    Som(Cow<'a, str>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FieldSpec<'a> {
    parts: [Cow<'a, str>; 4],
    visible: bool,
}

/// Builds ELQR codes and payment links: canonical order (`00 01 32 33 34 35… 52 53 54 59`),
/// lengths in UTF-16 code units, the checksum in lowercase hex (as the reference
/// implementation writes it). [`ElqrBuilder::build`] validates by parsing its own output.
///
/// ```
/// use emvqr::profile::elqr::{Elqr, ElqrBuilder};
/// let link = ElqrBuilder::new("qr.finik.kg", "Кофейня Арча")
///     .dynamic_code()
///     .service_code("cafe")
///     .transaction_id("order-1042")
///     .amount_som("350.50")
///     .build_link("https://qr.finik.kg/")?;
/// assert!(link.starts_with("https://qr.finik.kg/#000201010212"));
/// let code = Elqr::parse(&link)?;
/// assert_eq!(code.amount_tyiyn(), Some(35_050));
/// assert_eq!(code.payee_name(), "Кофейня Арча");
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElqrBuilder<'a> {
    link_type: LinkType,
    provider_id: Cow<'a, str>,
    service_code: Option<Cow<'a, str>>,
    recipient_id: Option<Cow<'a, str>>,
    transaction_id: Option<Cow<'a, str>>,
    amount_editable: Option<bool>,
    recipient_editable: Option<bool>,
    merchant_id: Option<Cow<'a, str>>,
    service_name: Option<Cow<'a, str>>,
    comment: Option<Cow<'a, str>>,
    fields: Vec<FieldSpec<'a>>,
    mcc: Cow<'a, str>,
    amount: Option<AmountSpec<'a>>,
    payee_name: Cow<'a, str>,
}

impl<'a> ElqrBuilder<'a> {
    /// A static code for a provider ID (`32.00`, e.g. `qr.bakai.kg`) and a payee name (`59`),
    /// MCC [`DEFAULT_MCC`], currency 417.
    pub fn new(provider_id: impl Into<Cow<'a, str>>, payee_name: impl Into<Cow<'a, str>>) -> Self {
        ElqrBuilder {
            link_type: LinkType::Static,
            provider_id: provider_id.into(),
            service_code: None,
            recipient_id: None,
            transaction_id: None,
            amount_editable: None,
            recipient_editable: None,
            merchant_id: None,
            service_name: None,
            comment: None,
            fields: Vec::new(),
            mcc: Cow::Borrowed(DEFAULT_MCC),
            amount: None,
            payee_name: payee_name.into(),
        }
    }

    /// `01` = `11`: a static code (the default).
    #[must_use]
    pub fn static_code(mut self) -> Self {
        self.link_type = LinkType::Static;
        self
    }

    /// `01` = `12`: a dynamic (single-use) code.
    #[must_use]
    pub fn dynamic_code(mut self) -> Self {
        self.link_type = LinkType::Dynamic;
        self
    }

    /// `01`.
    #[must_use]
    pub fn link_type(mut self, t: LinkType) -> Self {
        self.link_type = t;
        self
    }

    /// `32.00` provider ID.
    #[must_use]
    pub fn provider_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.provider_id = v.into();
        self
    }

    /// `32.01` service code (≤ 32 characters; over 10 parses with a warning).
    #[must_use]
    pub fn service_code(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.service_code = Some(v.into());
        self
    }

    /// `32.10` recipient ID.
    #[must_use]
    pub fn recipient_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.recipient_id = Some(v.into());
        self
    }

    /// `32.11` transaction ID.
    #[must_use]
    pub fn transaction_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.transaction_id = Some(v.into());
        self
    }

    /// `32.12`: whether the payer may change the amount (absent = editable).
    #[must_use]
    pub fn amount_editable(mut self, yes: bool) -> Self {
        self.amount_editable = Some(yes);
        self
    }

    /// `32.13`: whether the payer may change the recipient (absent = editable).
    #[must_use]
    pub fn recipient_editable(mut self, yes: bool) -> Self {
        self.recipient_editable = Some(yes);
        self
    }

    /// `33.00` merchant ID.
    #[must_use]
    pub fn merchant_id(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.merchant_id = Some(v.into());
        self
    }

    /// `33.01` service name.
    #[must_use]
    pub fn service_name(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.service_name = Some(v.into());
        self
    }

    /// `34` comment.
    #[must_use]
    pub fn comment(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.comment = Some(v.into());
        self
    }

    /// Appends an additional field (`35`–`39`, packed in order, sub-IDs `00`, `01`, …).
    #[must_use]
    pub fn field(
        mut self,
        key: impl Into<Cow<'a, str>>,
        label: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
        title: impl Into<Cow<'a, str>>,
        visible: bool,
    ) -> Self {
        self.fields.push(FieldSpec {
            parts: [key.into(), label.into(), value.into(), title.into()],
            visible,
        });
        self
    }

    /// `52` merchant category code.
    #[must_use]
    pub fn mcc(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.mcc = v.into();
        self
    }

    /// `54` amount in tyiyn.
    #[must_use]
    pub fn amount_tyiyn(mut self, tyiyn: u64) -> Self {
        self.amount = Some(AmountSpec::Tyiyn(tyiyn));
        self
    }

    /// `54` amount in som, as a decimal string with at most two decimals (`"350.50"`);
    /// checked by `build`.
    #[must_use]
    pub fn amount_som(mut self, som: impl Into<Cow<'a, str>>) -> Self {
        self.amount = Some(AmountSpec::Som(som.into()));
        self
    }

    /// Removes `54`.
    #[must_use]
    pub fn clear_amount(mut self) -> Self {
        self.amount = None;
        self
    }

    /// `59` payee name.
    #[must_use]
    pub fn payee_name(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.payee_name = v.into();
        self
    }

    /// The decoded payload, checksum included.
    fn payload(&self) -> Result<String, Error> {
        let mut w = Writer::default();
        w.put(Path::root(0), VERSION)?;
        w.put(Path::root(1), self.link_type.code())?;

        if self.service_code.is_none() && self.merchant_id.is_none() {
            return Err(Error::in_field(
                ErrorKind::Missing,
                0,
                Path::root(32).child(1),
            ));
        }
        let p = Path::root(32);
        let mut t = Writer::default();
        t.put(p.child(0), &self.provider_id)?;
        t.opt(p.child(1), self.service_code.as_deref())?;
        t.opt(p.child(10), self.recipient_id.as_deref())?;
        t.opt(p.child(11), self.transaction_id.as_deref())?;
        let flag = |f: Option<bool>| f.map(|b| if b { "11" } else { "12" });
        t.opt(p.child(12), flag(self.amount_editable))?;
        t.opt(p.child(13), flag(self.recipient_editable))?;
        w.put(p, &t.out)?;

        if self.merchant_id.is_some() || self.service_name.is_some() {
            let p = Path::root(33);
            let mut t = Writer::default();
            t.opt(p.child(0), self.merchant_id.as_deref())?;
            t.opt(p.child(1), self.service_name.as_deref())?;
            w.put(p, &t.out)?;
        }
        w.opt(Path::root(34), self.comment.as_deref())?;
        self.put_fields(&mut w)?;

        let mcc = Path::root(52);
        if let Some(i) = self.mcc.bytes().position(|b| !b.is_ascii_digit()) {
            return Err(Error::in_field(ErrorKind::NotNumeric, i, mcc));
        }
        if self.mcc.len() != 4 {
            return Err(Error::in_field(ErrorKind::WrongLength, 0, mcc));
        }
        w.put(mcc, &self.mcc)?;
        w.put(Path::root(53), CURRENCY_KGS)?;
        if let Some(a) = &self.amount {
            let path = Path::root(54);
            let tyiyn = match a {
                AmountSpec::Tyiyn(t) => *t,
                AmountSpec::Som(s) => Kgs::parse_som(s)
                    .ok_or(Error::in_field(ErrorKind::InvalidAmount, 0, path))?
                    .tyiyn(),
            };
            if tyiyn == 0 && self.link_type == LinkType::Dynamic {
                return Err(Error::in_field(ErrorKind::ZeroAmount, 0, path));
            }
            let digits = alloc::format!("{tyiyn}");
            if digits.len() > max_units(path.ids()) {
                return Err(Error::in_field(ErrorKind::InvalidAmount, 0, path));
            }
            w.put(path, &digits)?;
        }
        w.put(Path::root(59), &self.payee_name)?;
        let sum = checksum_of(&w.out);
        w.out.push_str("6304");
        w.out.push_str(core::str::from_utf8(&sum).unwrap_or("0000"));
        Ok(w.out)
    }

    fn put_fields(&self, w: &mut Writer) -> Result<(), Error> {
        let mut template = 35u8;
        let mut t = Writer::default();
        let mut sub = 0u8;
        for f in &self.fields {
            let path = Path::root(template).child(sub);
            for part in &f.parts {
                if let Some(i) = part.find(':') {
                    return Err(Error::in_field(ErrorKind::InvalidValue, i, path));
                }
            }
            let [k, l, v, ti] = &f.parts;
            let vis = if f.visible { "11" } else { "12" };
            let entry = [k.as_ref(), l.as_ref(), v.as_ref(), ti.as_ref(), vis].join(":");
            check_text(&entry, path, max_units(path.ids()))?;
            let units = 4 + LENGTH_UNIT.count(&entry);
            if LENGTH_UNIT.count(&t.out) + units > ANY || sub > 99 {
                if template == 39 {
                    return Err(Error::in_field(ErrorKind::ValueTooLong, 0, Path::root(39)));
                }
                w.put(Path::root(template), &t.out)?;
                template += 1;
                t = Writer::default();
                sub = 0;
            }
            t.put(Path::root(template).child(sub), &entry)?;
            sub += 1;
        }
        if !t.out.is_empty() {
            w.put(Path::root(template), &t.out)?;
        }
        Ok(())
    }

    /// Encodes into `w`: the payload, with any `%` in a value written `%25` (ELQR readers
    /// percent-decode bare payloads too).
    ///
    /// # Errors
    /// As [`ElqrBuilder::build`], or `invalid_value` when the writer fails.
    pub fn write_to(&self, w: &mut impl fmt::Write) -> Result<(), Error> {
        let s = self.build()?;
        w.write_str(&s)
            .map_err(|_| Error::in_field(ErrorKind::InvalidValue, 0, Path::ROOT))
    }

    /// The payload (`000201…6304xxxx`), any `%` in a value written `%25`.
    ///
    /// # Errors
    /// Builder errors carry the path of the field and an offset inside its value (0 when the
    /// whole value is at fault): `missing` (32.01 when neither a service code nor a merchant
    /// ID is set), `zero_length`, `value_too_long` (limits: 32.00/01/10/11, 33.00/01 and 34:
    /// 32; 59: 25; a field of 35–39 with its header: 99; all fields: five templates),
    /// `non_bmp` (a character outside the Basic Multilingual Plane), `invalid_character`
    /// (a control character), `invalid_value` (a `:` inside an additional field's part),
    /// `not_numeric`/`wrong_length` (MCC), `invalid_amount`, `zero_amount` (dynamic).
    pub fn build(&self) -> Result<String, Error> {
        let payload = self.payload()?;
        let out = escape_percent(&payload).into_owned();
        ElqrOptions::new().parse(&out)?;
        Ok(out)
    }

    /// A payment link: `base_url` (a `#` is added unless it ends with one), then the payload
    /// percent-encoded for a URL fragment ([`encode_fragment`]).
    ///
    /// # Errors
    /// As [`ElqrBuilder::build`]; `invalid_value` for a base URL that is not a URL (no
    /// scheme, whitespace) or already has a non-empty fragment.
    pub fn build_link(&self, base_url: &str) -> Result<String, Error> {
        let payload = self.payload()?;
        let link = link_with(base_url, &payload)?;
        ElqrOptions::new().parse(&link)?;
        Ok(link)
    }
}

impl<'s> From<&'s Elqr<'_>> for ElqrBuilder<'s> {
    /// A builder holding the code's fields (in canonical order; unknown IDs are dropped).
    fn from(code: &'s Elqr<'_>) -> Self {
        let p = code.provider();
        let mut b = ElqrBuilder::new(p.id(), code.payee_name())
            .link_type(code.link_type())
            .mcc(code.mcc());
        b.service_code = p.service_code().map(Cow::Borrowed);
        b.recipient_id = p.recipient_id().map(Cow::Borrowed);
        b.transaction_id = p.transaction_id().map(Cow::Borrowed);
        b.amount_editable = p.amount_editable_flag();
        b.recipient_editable = p.recipient_editable_flag();
        if let Some(m) = code.merchant() {
            b.merchant_id = m.id().map(Cow::Borrowed);
            b.service_name = m.service_name().map(Cow::Borrowed);
        }
        b.comment = code.comment().map(Cow::Borrowed);
        for f in code.additional_fields() {
            b = b.field(f.key, f.label, f.value, f.title, f.visible);
        }
        b.amount = code.amount_tyiyn().map(AmountSpec::Tyiyn);
        b
    }
}

pub(super) fn check_text(v: &str, path: Path, max: usize) -> Result<(), Error> {
    if v.is_empty() {
        return Err(Error::in_field(ErrorKind::ZeroLength, 0, path));
    }
    for (i, c) in v.char_indices() {
        if c.len_utf16() > 1 {
            return Err(Error::in_field(ErrorKind::NonBmp, i, path));
        }
        if c.is_control() {
            return Err(Error::in_field(ErrorKind::InvalidCharacter, i, path));
        }
    }
    if LENGTH_UNIT.count(v) > max {
        return Err(Error::in_field(ErrorKind::ValueTooLong, 0, path));
    }
    Ok(())
}

#[derive(Default)]
pub(super) struct Writer {
    out: String,
}

impl Writer {
    /// Writes one object, within the ELQR table's limit for its path.
    fn put(&mut self, path: Path, v: &str) -> Result<(), Error> {
        check_text(v, path, max_units(path.ids()))?;
        push_header(
            &mut self.out,
            path.last().unwrap_or(0),
            LENGTH_UNIT.count(v),
        );
        self.out.push_str(v);
        Ok(())
    }

    fn opt(&mut self, path: Path, v: Option<&str>) -> Result<(), Error> {
        match v {
            Some(v) => self.put(path, v),
            None => Ok(()),
        }
    }
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkType::Static => "static",
            LinkType::Dynamic => "dynamic",
        })
    }
}
