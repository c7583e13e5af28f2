//! The typed view, the lenient decoder, currencies and the MD5 of a payload.

use crate::time::UnixMillis;
use core::fmt;

use super::error::{KhqrCode, KhqrError, Reason};
use super::js::{Span, Text};
use super::verify::{self, known_index, RootWalk, Subs, SUB_29, SUB_62, SUB_64, SUB_99};
use crate::error::Path;
use crate::payload::Payload;

/// Individual (template 29) or merchant (template 30) code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MerchantType {
    /// Template 29: a person's Bakong account.
    Individual,
    /// Template 30: a merchant, with merchant ID and acquiring bank.
    Merchant,
}

impl MerchantType {
    /// The template ID: 29 or 30.
    pub const fn tag(self) -> u8 {
        match self {
            MerchantType::Individual => 29,
            MerchantType::Merchant => 30,
        }
    }
}

/// The two currencies KHQR allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KhqrCurrency {
    /// Cambodian riel, `116`: whole amounts only.
    Khr,
    /// US dollar, `840`: at most two decimals.
    Usd,
}

impl KhqrCurrency {
    /// ISO 4217 numeric code as written in 53: `"116"` or `"840"`.
    pub const fn numeric(self) -> &'static str {
        match self {
            KhqrCurrency::Khr => "116",
            KhqrCurrency::Usd => "840",
        }
    }

    /// ISO 4217 alphabetic code: `"KHR"` or `"USD"`.
    pub const fn alpha(self) -> &'static str {
        match self {
            KhqrCurrency::Khr => "KHR",
            KhqrCurrency::Usd => "USD",
        }
    }

    /// The currency of a 53 value (`"116"`, `"840"`).
    pub fn from_numeric(s: &str) -> Option<KhqrCurrency> {
        match s {
            "116" => Some(KhqrCurrency::Khr),
            "840" => Some(KhqrCurrency::Usd),
            _ => None,
        }
    }

    /// Parses `116`/`840` or `KHR`/`USD` (any case), with the official generator's codes.
    ///
    /// # Errors
    /// 9 (`CURRENCY_TYPE_REQUIRED`) for an empty string, 19
    /// (`TRANSACTION_CURRENCY_LENGTH_INVALID`) for more than three characters, 28
    /// (`UNSUPPORTED_CURRENCY`) otherwise. The offset is 0 and the path `53`.
    pub fn parse(s: &str) -> Result<KhqrCurrency, KhqrError> {
        let err = |code| KhqrError::new(code, Reason::Check, 0, Path::root(53));
        if let Some(c) = KhqrCurrency::from_numeric(s) {
            return Ok(c);
        }
        if s.eq_ignore_ascii_case("KHR") {
            return Ok(KhqrCurrency::Khr);
        }
        if s.eq_ignore_ascii_case("USD") {
            return Ok(KhqrCurrency::Usd);
        }
        if s.is_empty() {
            Err(err(KhqrCode::CurrencyTypeRequired))
        } else if s.encode_utf16().count() > 3 {
            Err(err(KhqrCode::TransactionCurrencyLengthInvalid))
        } else {
            Err(err(KhqrCode::UnsupportedCurrency))
        }
    }
}

impl fmt::Display for KhqrCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha())
    }
}

/// Lowercase hexadecimal MD5 of a payload: the key the Bakong Open API looks a transaction up
/// by.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Md5Hex([u8; 32]);

impl Md5Hex {
    /// The 32 lowercase hex digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for Md5Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Md5Hex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Md5Hex({})", self.as_str())
    }
}

/// MD5 of the UTF-8 bytes of `payload`, in lowercase hex (what the official generator returns
/// as `md5`).
///
/// ```
/// use emvqr::profile::khqr::md5_hex;
/// assert_eq!(md5_hex("").as_str(), "d41d8cd98f00b204e9800998ecf8427e");
/// ```
pub fn md5_hex(payload: &str) -> Md5Hex {
    use md5::{Digest, Md5};
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = Md5::digest(payload.as_bytes());
    let mut out = [b'0'; 32];
    for (pair, byte) in out.chunks_exact_mut(2).zip(d.iter()) {
        if let [hi, lo] = pair {
            *hi = HEX.get(usize::from(byte >> 4)).copied().unwrap_or(b'0');
            *lo = HEX.get(usize::from(byte & 0xF)).copied().unwrap_or(b'0');
        }
    }
    Md5Hex(out)
}

/// Every field of a KHQR payload that could be read, as the official `decode` reads them: the
/// SDK's walk (a tag equal to the previous one ends it, 30 is filed as 29), the last occurrence
/// of a tag or sub-tag wins, unknown tags and sub-tags are skipped. Nothing is checked.
/// Returned by [`decode`]; a verified [`Khqr`] holds one too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KhqrFields<'a> {
    merchant_type: Option<MerchantType>,
    payload_format_indicator: Option<&'a str>,
    point_of_initiation: Option<&'a str>,
    unionpay_account: Option<&'a str>,
    bakong_account_id: Option<&'a str>,
    account_information: Option<&'a str>,
    merchant_id: Option<&'a str>,
    acquiring_bank: Option<&'a str>,
    merchant_category_code: Option<&'a str>,
    currency: Option<&'a str>,
    amount: Option<&'a str>,
    country_code: Option<&'a str>,
    merchant_name: Option<&'a str>,
    merchant_city: Option<&'a str>,
    bill_number: Option<&'a str>,
    mobile_number: Option<&'a str>,
    store_label: Option<&'a str>,
    terminal_label: Option<&'a str>,
    purpose: Option<&'a str>,
    language_preference: Option<&'a str>,
    merchant_name_alternate: Option<&'a str>,
    merchant_city_alternate: Option<&'a str>,
    creation_timestamp: Option<&'a str>,
    expiration_timestamp: Option<&'a str>,
    crc: Option<&'a str>,
}

macro_rules! field_accessors {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $( $(#[$doc])* pub const fn $name(&self) -> Option<&'a str> { self.$name } )*
    };
}

impl<'a> KhqrFields<'a> {
    /// Individual (29) or merchant (30): the last of the two seen; `None` if neither.
    pub const fn merchant_type(&self) -> Option<MerchantType> {
        self.merchant_type
    }

    field_accessors! {
        /// 00 Payload Format Indicator.
        payload_format_indicator;
        /// 01 Point of Initiation Method (`"11"` static, `"12"` dynamic).
        point_of_initiation;
        /// 15 UnionPay merchant account.
        unionpay_account;
        /// 29/30.00 Bakong account ID (`name@bank`).
        bakong_account_id;
        /// 29.01 account information (individual codes only).
        account_information;
        /// 30.01 merchant ID (when the code has a template 30).
        merchant_id;
        /// 29/30.02 acquiring bank.
        acquiring_bank;
        /// 52 Merchant Category Code.
        merchant_category_code;
        /// 53 currency as written (`"116"`, `"840"`).
        currency;
        /// 54 amount as written (never a float).
        amount;
        /// 58 country code.
        country_code;
        /// 59 merchant name.
        merchant_name;
        /// 60 merchant city.
        merchant_city;
        /// 62.01 bill number.
        bill_number;
        /// 62.02 mobile number.
        mobile_number;
        /// 62.03 store label.
        store_label;
        /// 62.07 terminal label.
        terminal_label;
        /// 62.08 purpose of transaction.
        purpose;
        /// 64.00 language preference.
        language_preference;
        /// 64.01 merchant name in the alternate language.
        merchant_name_alternate;
        /// 64.02 merchant city in the alternate language.
        merchant_city_alternate;
        /// 99.00 creation timestamp (milliseconds since the epoch, as written).
        creation_timestamp;
        /// 99.01 expiration timestamp (milliseconds since the epoch, as written).
        expiration_timestamp;
        /// 63 checksum as written.
        crc;
    }

    /// True when 01 is `"12"`.
    pub fn is_dynamic(&self) -> bool {
        self.point_of_initiation == Some("12")
    }

    /// 53 as a [`KhqrCurrency`], if it is one of the two.
    pub fn currency_kind(&self) -> Option<KhqrCurrency> {
        self.currency.and_then(KhqrCurrency::from_numeric)
    }

    /// 99.00 as a number, when it is all digits.
    pub fn creation_ms(&self) -> Option<UnixMillis> {
        digits_ms(self.creation_timestamp)
    }

    /// 99.01 as a number, when it is all digits.
    pub fn expiration_ms(&self) -> Option<UnixMillis> {
        digits_ms(self.expiration_timestamp)
    }
}

fn digits_ms(s: Option<&str>) -> Option<UnixMillis> {
    s.filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
}

/// Reads every field it can, the way the official `decode` does, and never fails. Where the
/// official `decode` loops forever (a length that goes nowhere, e.g. a truncated sub-tag),
/// this one stops reading that template and keeps what it has. A value whose UTF-16 range cuts
/// a surrogate pair leaves the cut character out.
///
/// ```
/// let f = emvqr::profile::khqr::decode("00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh62");
/// assert_eq!(f.bakong_account_id(), Some("jonhsmith@nbcq"));
/// assert_eq!(f.merchant_city(), Some("Phnom Penh"));
/// assert_eq!(f.crc(), None);
/// ```
pub fn decode<'a>(s: &'a str) -> KhqrFields<'a> {
    let mut t = Text::new(s);
    let mut roots: [Option<Span>; 14] = [None; 14];
    let mut f = KhqrFields::default();
    let mut merchant_tag = false;
    let mut walk = RootWalk::new(t.all());
    while let Some(step) = walk.next(&mut t) {
        let (raw, id, value) = match step {
            Ok(step) => (step.raw, step.id, step.cut.value),
            // The official decode spins here; file the value once and stop.
            Err(cut) => (Some(30), Some(29), cut.value),
        };
        match raw {
            Some(30) => {
                f.merchant_type = Some(MerchantType::Merchant);
                merchant_tag = true;
            }
            Some(29) => f.merchant_type = Some(MerchantType::Individual),
            _ => {}
        }
        if let Some(slot) = id.and_then(known_index).and_then(|i| roots.get_mut(i)) {
            *slot = Some(value);
        }
    }
    let get = |id: u8| known_index(id).and_then(|i| roots.get(i).copied().flatten());
    let text = |t: &mut Text<'a>, sp: Option<Span>| sp.map(|sp| t.str(sp));
    f.payload_format_indicator = text(&mut t, get(0));
    f.point_of_initiation = text(&mut t, get(1));
    f.unionpay_account = text(&mut t, get(15));
    f.merchant_category_code = text(&mut t, get(52));
    f.currency = text(&mut t, get(53));
    f.amount = text(&mut t, get(54));
    f.country_code = text(&mut t, get(58));
    f.merchant_name = text(&mut t, get(59));
    f.merchant_city = text(&mut t, get(60));
    f.crc = text(&mut t, get(63));
    if let Some(v) = get(29) {
        let subs = lenient_subs(&mut t, v, &SUB_29);
        f.bakong_account_id = text(&mut t, subs.get(0));
        let info = text(&mut t, subs.get(1));
        if merchant_tag {
            f.merchant_id = info;
        } else {
            f.account_information = info;
        }
        f.acquiring_bank = text(&mut t, subs.get(2));
    }
    if let Some(v) = get(62) {
        let subs = lenient_subs(&mut t, v, &SUB_62);
        f.bill_number = text(&mut t, subs.get(0));
        f.mobile_number = text(&mut t, subs.get(1));
        f.store_label = text(&mut t, subs.get(2));
        f.terminal_label = text(&mut t, subs.get(3));
        f.purpose = text(&mut t, subs.get(4));
    }
    if let Some(v) = get(64) {
        let subs = lenient_subs(&mut t, v, &SUB_64);
        f.language_preference = text(&mut t, subs.get(0));
        f.merchant_name_alternate = text(&mut t, subs.get(1));
        f.merchant_city_alternate = text(&mut t, subs.get(2));
    }
    if let Some(v) = get(99) {
        let subs = lenient_subs(&mut t, v, &SUB_99);
        f.creation_timestamp = text(&mut t, subs.get(0));
        f.expiration_timestamp = text(&mut t, subs.get(1));
    }
    f
}

/// The sub-walk, stopping where the official one would spin.
fn lenient_subs(t: &mut Text<'_>, value: Span, names: &[u8]) -> Subs {
    let mut subs = Subs::default();
    let mut rest = value;
    while !rest.is_empty() {
        let cut = t.cut(rest);
        if cut.rest.start == rest.start {
            break;
        }
        if let Some(i) = cut
            .tag
            .number()
            .and_then(|n| names.iter().position(|x| *x == n))
        {
            if let Some(slot) = subs.fields.get_mut(i) {
                *slot = Some((cut.value, cut.at));
                subs.found = true;
            }
        }
        rest = cut.rest;
    }
    subs
}

/// A KHQR code that passed the official checks: the fields as [`KhqrFields`], the source text
/// and its MD5.
///
/// ```
/// use emvqr::profile::khqr::{Khqr, MerchantType, KhqrCurrency};
/// let k = Khqr::parse("00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6009Siam Reap64280002km0108ចន ស្មីន0206សៀមរាប99170013168733740175863047488")?;
/// assert_eq!(k.merchant_type(), MerchantType::Individual);
/// assert_eq!(k.bakong_account_id(), "jonhsmith@nbcq");
/// assert_eq!(k.currency(), KhqrCurrency::Khr);
/// assert_eq!(k.fields().merchant_name_alternate(), Some("ចន ស្មីន"));
/// assert!(!k.is_dynamic());
/// # Ok::<(), emvqr::profile::khqr::KhqrError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Khqr<'a> {
    src: &'a str,
    fields: KhqrFields<'a>,
}

impl<'a> Khqr<'a> {
    /// Checks `s` with every official rule except the clock (an expired dynamic code passes;
    /// use [`verify`](super::verify) to check expiry).
    ///
    /// # Errors
    /// The official code the SDK's checks raise first, with offset and path.
    pub fn parse(s: &'a str) -> Result<Khqr<'a>, KhqrError> {
        verify::run(s, None)?;
        Ok(Khqr::unchecked(s))
    }

    pub(crate) fn unchecked(s: &'a str) -> Khqr<'a> {
        Khqr {
            src: s,
            fields: decode(s),
        }
    }

    /// The payload text.
    pub const fn as_str(&self) -> &'a str {
        self.src
    }

    /// Every field, as read.
    pub const fn fields(&self) -> &KhqrFields<'a> {
        &self.fields
    }

    /// Individual (29) or merchant (30).
    pub fn merchant_type(&self) -> MerchantType {
        self.fields
            .merchant_type
            .unwrap_or(MerchantType::Individual)
    }

    /// The Bakong account ID (`name@bank`).
    pub fn bakong_account_id(&self) -> &'a str {
        self.fields.bakong_account_id.unwrap_or("")
    }

    /// The merchant name (59).
    pub fn merchant_name(&self) -> &'a str {
        self.fields.merchant_name.unwrap_or("")
    }

    /// The merchant city (60).
    pub fn merchant_city(&self) -> &'a str {
        self.fields.merchant_city.unwrap_or("")
    }

    /// The currency (53).
    pub fn currency(&self) -> KhqrCurrency {
        self.fields.currency_kind().unwrap_or(KhqrCurrency::Khr)
    }

    /// The amount as written (54), if any.
    pub const fn amount(&self) -> Option<&'a str> {
        self.fields.amount
    }

    /// The merchant category code (52).
    pub fn merchant_category_code(&self) -> &'a str {
        self.fields.merchant_category_code.unwrap_or("")
    }

    /// True for a dynamic code (01 = `12`).
    pub fn is_dynamic(&self) -> bool {
        self.fields.is_dynamic()
    }

    /// 99.01 in milliseconds since the epoch, when it is all digits.
    pub fn expires_at_ms(&self) -> Option<UnixMillis> {
        self.fields.expiration_ms()
    }

    /// 99.00 in milliseconds since the epoch, when it is all digits.
    pub fn created_at_ms(&self) -> Option<UnixMillis> {
        self.fields.creation_ms()
    }

    /// Lowercase hex MD5 of the payload (the Bakong Open API's transaction key).
    pub fn md5(&self) -> Md5Hex {
        md5_hex(self.src)
    }
}

impl<'a> TryFrom<&'a str> for Khqr<'a> {
    type Error = KhqrError;
    fn try_from(s: &'a str) -> Result<Self, KhqrError> {
        Khqr::parse(s)
    }
}

impl<'a> TryFrom<Payload<'a>> for Khqr<'a> {
    type Error = KhqrError;
    /// The KHQR rules on a payload's text (the clock aside, as [`Khqr::parse`]).
    fn try_from(p: Payload<'a>) -> Result<Self, KhqrError> {
        Khqr::parse(p.as_str())
    }
}
