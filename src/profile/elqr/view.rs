//! The typed view of a checked ELQR code.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::error::{Error, Path, Warning, Warnings};
use crate::tlv::{Tlv, Tlvs};

use super::*;

/// Static or dynamic (`01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkType {
    /// `11`: shown for many payments; the payer may set the amount.
    Static,
    /// `12`: for one payment.
    Dynamic,
}

impl LinkType {
    /// The two-digit code.
    pub const fn code(self) -> &'static str {
        match self {
            LinkType::Static => "11",
            LinkType::Dynamic => "12",
        }
    }

    /// From the two-digit code.
    pub fn from_code(code: &str) -> Option<LinkType> {
        match code {
            "11" => Some(LinkType::Static),
            "12" => Some(LinkType::Dynamic),
            _ => None,
        }
    }
}

/// An amount of Kyrgyz som, held as whole tyiyn (never a float). `Display` writes som with two
/// decimals (`5556.00`).
///
/// ```
/// use emvqr::profile::elqr::Kgs;
/// let a = Kgs::parse_som("12412.5").unwrap();
/// assert_eq!(a.tyiyn(), 1_241_250);
/// assert_eq!(a.to_string(), "12412.50");
/// assert_eq!(Kgs::parse_som("1.234"), None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kgs(u64);

impl Kgs {
    /// From whole tyiyn.
    pub const fn from_tyiyn(tyiyn: u64) -> Kgs {
        Kgs(tyiyn)
    }

    /// Whole tyiyn.
    pub const fn tyiyn(self) -> u64 {
        self.0
    }

    /// The whole som.
    pub const fn som(self) -> u64 {
        self.0 / TYIYN_PER_SOM
    }

    /// The tyiyn beyond the whole som (0–99).
    pub const fn fraction(self) -> u64 {
        self.0 % TYIYN_PER_SOM
    }

    /// Parses a decimal amount of som: digits, then optionally `.` and at most two digits
    /// (`125`, `125.`, `125.5`, `125.50`). No sign, no separators, no exponent.
    pub fn parse_som(s: &str) -> Option<Kgs> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || frac.len() > 2 {
            return None;
        }
        let mut tyiyn: u64 = 0;
        for b in int.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            tyiyn = tyiyn.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
        tyiyn = tyiyn.checked_mul(TYIYN_PER_SOM)?;
        let mut scale = 10;
        for b in frac.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            tyiyn = tyiyn.checked_add(u64::from(b - b'0') * scale)?;
            scale /= 10;
        }
        Some(Kgs(tyiyn))
    }
}

impl fmt::Display for Kgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.som(), self.fraction())
    }
}

/// The provider template `32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Provider<'s> {
    id: &'s str,
    service_code: Option<&'s str>,
    recipient_id: Option<&'s str>,
    transaction_id: Option<&'s str>,
    amount_editable: Option<&'s str>,
    recipient_editable: Option<&'s str>,
}

impl<'s> Provider<'s> {
    /// `32.00` provider ID, a domain-like name (`c2c.mbank.kg`).
    pub const fn id(&self) -> &'s str {
        self.id
    }

    /// `32.01` service code.
    pub const fn service_code(&self) -> Option<&'s str> {
        self.service_code
    }

    /// `32.10` recipient ID (phone number, account number, opaque ID).
    pub const fn recipient_id(&self) -> Option<&'s str> {
        self.recipient_id
    }

    /// `32.11` transaction ID.
    pub const fn transaction_id(&self) -> Option<&'s str> {
        self.transaction_id
    }

    /// `32.12` as written: `Some(true)` for `11`, `Some(false)` for `12`, `None` when absent.
    pub fn amount_editable_flag(&self) -> Option<bool> {
        self.amount_editable.map(|v| v == "11")
    }

    /// `32.13` as written: `Some(true)` for `11`, `Some(false)` for `12`, `None` when absent.
    pub fn recipient_editable_flag(&self) -> Option<bool> {
        self.recipient_editable.map(|v| v == "11")
    }

    /// Whether the payer may change the amount (`32.12`; editable when absent, as the
    /// specification defaults).
    pub fn amount_editable(&self) -> bool {
        self.amount_editable_flag().unwrap_or(true)
    }

    /// Whether the payer may change the recipient (`32.13`; editable when absent).
    pub fn recipient_editable(&self) -> bool {
        self.recipient_editable_flag().unwrap_or(true)
    }

    /// The producer's name, for a known provider ID.
    pub fn producer(&self) -> Option<&'static str> {
        PROVIDERS
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(self.id))
            .map(|(_, name)| *name)
    }
}

/// The merchant template `33`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Merchant<'s> {
    id: Option<&'s str>,
    service_name: Option<&'s str>,
}

impl<'s> Merchant<'s> {
    /// `33.00` merchant ID.
    pub const fn id(&self) -> Option<&'s str> {
        self.id
    }

    /// `33.01` service name.
    pub const fn service_name(&self) -> Option<&'s str> {
        self.service_name
    }
}

/// One additional field (a sub-object of `35`–`39`): `key:label:value:title:visible`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AdditionalField<'s> {
    /// The key.
    pub key: &'s str,
    /// The label shown to the payer.
    pub label: &'s str,
    /// The value.
    pub value: &'s str,
    /// The title.
    pub title: &'s str,
    /// Whether the payer sees it (`11` visible, `12` hidden).
    pub visible: bool,
}

impl<'s> AdditionalField<'s> {
    /// Splits `key:label:value:title:visible` (five parts; the last `11` or `12`).
    ///
    /// ```
    /// use emvqr::profile::elqr::AdditionalField;
    /// let f = AdditionalField::parse("acc:Счёт:12345:Лицевой счёт:11").unwrap();
    /// assert_eq!((f.key, f.value, f.visible), ("acc", "12345", true));
    /// assert!(AdditionalField::parse("a:b:c:d").is_none());
    /// ```
    pub fn parse(s: &'s str) -> Option<AdditionalField<'s>> {
        AdditionalField::split(s).ok()
    }

    /// Like `parse`, with the byte offset of the problem on failure.
    pub(super) fn split(s: &'s str) -> Result<AdditionalField<'s>, usize> {
        let mut parts = s.split(':');
        let mut next = || parts.next();
        let (Some(key), Some(label), Some(value), Some(title), Some(vis)) =
            (next(), next(), next(), next(), next())
        else {
            return Err(s.len());
        };
        let at = key.len() + label.len() + value.len() + title.len() + 4;
        if next().is_some() {
            return Err(at + vis.len());
        }
        let visible = match vis {
            "11" => true,
            "12" => false,
            _ => return Err(at),
        };
        Ok(AdditionalField {
            key,
            label,
            value,
            title,
            visible,
        })
    }

    /// The wire form `key:label:value:title:11|12`.
    pub fn encode(&self) -> String {
        let vis = if self.visible { "11" } else { "12" };
        let parts = [self.key, self.label, self.value, self.title, vis];
        parts.join(":")
    }
}

/// A parsed, validated ELQR code: its payload (percent-decoded; borrowed from the input when
/// nothing needed decoding) and how it arrived (bare or as a link).
///
/// Accessors borrow from the view. See the [module documentation](crate::profile::elqr) for an example.
#[derive(Clone, PartialEq, Eq)]
pub struct Elqr<'a> {
    pub(super) link: Link<'a>,
    pub(super) payload: Cow<'a, str>,
    pub(super) index: Index,
    pub(super) warnings: Warnings,
    pub(super) options: ElqrOptions,
}

impl<'a> Elqr<'a> {
    /// Parses a link or payload with [`ElqrOptions::new`].
    ///
    /// # Errors
    /// See [`ElqrOptions::parse`].
    pub fn parse(input: &'a str) -> Result<Elqr<'a>, Error> {
        ElqrOptions::new().parse(input)
    }

    fn get(&self, s: Span) -> Option<&str> {
        let (a, b) = s?;
        self.payload.get(a..b)
    }

    /// The text as given (a link stays a link).
    pub const fn input(&self) -> &'a str {
        self.link.input()
    }

    /// How it came: link or bare payload, prefix, host, the payload as written.
    pub const fn link(&self) -> &Link<'a> {
        &self.link
    }

    /// The decoded payload (`000201…6304xxxx`).
    pub fn as_str(&self) -> &str {
        &self.payload
    }

    /// Whether decoding copied the payload (it held percent-escapes).
    pub fn is_decoded_copy(&self) -> bool {
        matches!(self.payload, Cow::Owned(_))
    }

    /// True when the code came as a link.
    pub const fn is_link(&self) -> bool {
        self.link.is_link()
    }

    /// The link's prefix up to and including `#` (`""` for a bare payload).
    pub fn link_prefix(&self) -> &'a str {
        self.link.prefix()
    }

    /// The link without its fragment (`https://app.mbank.kg/qr/`), if it came as a link.
    pub fn base_url(&self) -> Option<&'a str> {
        self.link.base_url()
    }

    /// The options it was parsed with.
    pub const fn options(&self) -> &ElqrOptions {
        &self.options
    }

    /// The kinds of deviation let through.
    pub const fn warnings(&self) -> Warnings {
        self.warnings
    }

    /// Every deviation let through, with offsets and paths.
    pub fn warning_details(&self) -> Vec<Warning> {
        if self.warnings.is_empty() {
            return Vec::new();
        }
        let mut sink = crate::sink::Collect::default();
        match run(&self.payload, &self.options, &mut sink) {
            Ok(_) => sink.warnings,
            Err(_) => Vec::new(),
        }
    }

    /// `00` version (`"01"`).
    pub fn version(&self) -> &str {
        self.get(self.index.version).unwrap_or(VERSION)
    }

    /// `01` static or dynamic.
    pub fn link_type(&self) -> LinkType {
        match self.get(self.index.link_type) {
            Some("12") => LinkType::Dynamic,
            _ => LinkType::Static,
        }
    }

    /// True for a dynamic (single-use) code.
    pub fn is_dynamic(&self) -> bool {
        self.link_type() == LinkType::Dynamic
    }

    /// `32` provider.
    pub fn provider(&self) -> Provider<'_> {
        Provider {
            id: self.get(self.index.provider_id).unwrap_or(""),
            service_code: self.get(self.index.service_code),
            recipient_id: self.get(self.index.recipient_id),
            transaction_id: self.get(self.index.transaction_id),
            amount_editable: self.get(self.index.amount_editable),
            recipient_editable: self.get(self.index.recipient_editable),
        }
    }

    /// `33` merchant, if present with a merchant ID or a service name.
    pub fn merchant(&self) -> Option<Merchant<'_>> {
        if self.index.merchant_id.is_none() && self.index.service_name.is_none() {
            return None;
        }
        Some(Merchant {
            id: self.get(self.index.merchant_id),
            service_name: self.get(self.index.service_name),
        })
    }

    /// `34` comment.
    pub fn comment(&self) -> Option<&str> {
        self.get(self.index.comment)
    }

    /// The additional fields of `35`–`39`, in payload order.
    pub fn additional_fields(&self) -> impl Iterator<Item = AdditionalField<'_>> + '_ {
        self.iter()
            .filter(|t| (35..=39).contains(&t.id().get()))
            .flat_map(|t| t.children(LENGTH_UNIT).readable())
            .filter_map(|c| AdditionalField::parse(c.value()))
    }

    /// `52` merchant category code.
    pub fn mcc(&self) -> &str {
        self.get(self.index.mcc).unwrap_or("")
    }

    /// `53` currency (`"417"`).
    pub fn currency(&self) -> &str {
        self.get(self.index.currency).unwrap_or(CURRENCY_KGS)
    }

    /// `54` amount as written (whole tyiyn).
    pub fn amount(&self) -> Option<&str> {
        self.get(self.index.amount)
    }

    /// `54` amount in tyiyn.
    pub fn amount_tyiyn(&self) -> Option<u64> {
        self.amount().and_then(|a| a.parse().ok())
    }

    /// `54` amount as som (`Display`: `5556.00`).
    pub fn amount_kgs(&self) -> Option<Kgs> {
        self.amount_tyiyn().map(Kgs)
    }

    /// `59` payee (provider) display name.
    pub fn payee_name(&self) -> &str {
        self.get(self.index.payee_name).unwrap_or("")
    }

    /// `63` checksum, as written (either case).
    pub fn checksum(&self) -> &str {
        self.get(self.index.checksum).unwrap_or("")
    }

    /// Byte offset of the `63` object in the decoded payload.
    pub const fn checksum_offset(&self) -> usize {
        self.index.crc_at
    }

    /// The root data objects in payload order (`63` included).
    pub fn iter(&self) -> impl Iterator<Item = Tlv<'_>> + '_ {
        Tlvs::with_unit(&self.payload, LENGTH_UNIT).readable()
    }

    /// Every leaf data object in payload order: the sub-objects of templates (`32.00`), the
    /// primitives (`52`).
    pub fn fields(&self) -> Vec<(Path, &str)> {
        leaf_fields(&self.payload)
    }

    /// Encodes the code again from its parsed objects, the way it came: a link with the same
    /// prefix, each character percent-encoded exactly where the input encoded it, the checksum
    /// in its original case. For a code parsed from `s`, the result equals `s`.
    pub fn reencode(&self) -> String {
        let mut body = String::with_capacity(self.payload.len());
        for t in self.iter() {
            let id = t.id();
            let templated = is_template(id.get()) && t.children(LENGTH_UNIT).all(|c| c.is_ok());
            push_header(&mut body, id.get(), LENGTH_UNIT.count(t.value()));
            if templated {
                for c in t.children(LENGTH_UNIT).readable() {
                    push_header(&mut body, c.id().get(), LENGTH_UNIT.count(c.value()));
                    body.push_str(c.value());
                }
            } else {
                body.push_str(t.value());
            }
        }
        let raw = self.link.fragment();
        let mut out = String::from(self.link_prefix());
        out.push_str(&encode_like(&body, raw, self.link.is_link()));
        out
    }

    /// The payload as a payment link under `base_url`, freshly percent-encoded (see
    /// [`encode_fragment`]).
    ///
    /// # Errors
    /// `invalid_value` for a base URL that is not a URL or already has a fragment.
    pub fn to_link(&self, base_url: &str) -> Result<String, Error> {
        link_with(base_url, &self.payload)
    }
}

impl fmt::Debug for Elqr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Elqr")
            .field("input", &self.link.input())
            .field("payload", &self.payload)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl<'a> TryFrom<&'a str> for Elqr<'a> {
    type Error = Error;
    fn try_from(s: &'a str) -> Result<Self, Error> {
        Elqr::parse(s)
    }
}

pub(super) const fn is_template(id: u8) -> bool {
    matches!(id, 32 | 33 | 35..=39)
}

pub(super) fn push_header(out: &mut String, id: u8, len: usize) {
    // Writing to a `String` cannot fail.
    let _ = crate::tlv::write_header(out, crate::tlv::Id::of(id), len.min(99));
}

/// The leaf data objects of a decoded payload in order, as far as it can be walked: the
/// sub-objects of the templates `32`, `33`, `35`–`39` (a template whose value is not TLV
/// counts as one leaf), and every other object.
pub fn leaf_fields(payload: &str) -> Vec<(Path, &str)> {
    let mut out = Vec::new();
    for t in Tlvs::with_unit(payload, LENGTH_UNIT).readable() {
        if is_template(t.id().get()) && t.children(LENGTH_UNIT).all(|c| c.is_ok()) {
            out.extend(
                t.children(LENGTH_UNIT)
                    .readable()
                    .map(|c| (c.path(), c.value())),
            );
        } else {
            out.push((t.path(), t.value()));
        }
    }
    out
}
