//! `KhqrBuilder`: codes as the official generator writes them, refused with its codes.

use crate::time::UnixMillis;
use alloc::string::String;

use super::error::{KhqrCode as C, KhqrError, Reason};
use super::view::{md5_hex, KhqrCurrency};
use crate::error::Path;

/// A built code: the payload and the lowercase hex MD5 of its UTF-8 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuiltKhqr {
    /// The payload, CRC included (uppercase hex).
    pub payload: String,
    /// Lowercase hex MD5 of the payload (the Bakong Open API's transaction key).
    pub md5: String,
}

/// Builds individual (29) and merchant (30) KHQR codes, static or dynamic, the way the
/// official generator does (same layout, same defaults, same codes for what it refuses), and
/// refuses what the generator would write unreadably.
///
/// A code is dynamic when it has a non-zero amount; it then needs an expiration
/// ([`expires_at_ms`](Self::expires_at_ms)), and gets 99.00 = the `now_ms` given to
/// [`build`](Self::build). Empty optional values count as absent; an empty city becomes
/// `Phnom Penh`; the MCC defaults to `5999` and the currency to KHR.
///
/// ```
/// use emvqr::profile::khqr::{self, KhqrCurrency, KhqrBuilder};
/// let b = KhqrBuilder::merchant("khqr@aclb", "KHQR TESTING", "Phnom Penh", "85512464906", "ACLEDA Bank Plc")
///     .mcc("5931")
///     .language_preference("km")
///     .alternate_name("ខេអេចឃ្យូអា")
///     .build(1_767_225_600_000)?;
/// assert!(b.payload.starts_with("000201010211304"));
/// assert!(khqr::is_valid(&b.payload, 1_767_225_600_000));
/// // KHR amounts are whole: official code 4.
/// let e = KhqrBuilder::individual("a@b", "A", "B").amount("10.5").build(0).unwrap_err();
/// assert_eq!((e.code(), e.key()), (4, "TRANSACTION_AMOUNT_INVALID"));
/// # Ok::<(), khqr::KhqrError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct KhqrBuilder<'a> {
    merchant: bool,
    account: &'a str,
    name: &'a str,
    city: &'a str,
    merchant_id: &'a str,
    acquiring_bank: &'a str,
    account_information: &'a str,
    currency: KhqrCurrency,
    amount: &'a str,
    expires_at_ms: Option<UnixMillis>,
    mcc: &'a str,
    unionpay: &'a str,
    bill_number: &'a str,
    mobile_number: &'a str,
    store_label: &'a str,
    terminal_label: &'a str,
    purpose: &'a str,
    language_preference: &'a str,
    alternate_name: &'a str,
    alternate_city: &'a str,
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident;)*) => {
        $( $(#[$doc])* pub fn $name(mut self, value: &'a str) -> Self { self.$name = value; self } )*
    };
}

impl<'a> KhqrBuilder<'a> {
    fn new(merchant: bool, account: &'a str, name: &'a str, city: &'a str) -> Self {
        KhqrBuilder {
            merchant,
            account,
            name,
            city,
            merchant_id: "",
            acquiring_bank: "",
            account_information: "",
            currency: KhqrCurrency::Khr,
            amount: "",
            expires_at_ms: None,
            mcc: "",
            unionpay: "",
            bill_number: "",
            mobile_number: "",
            store_label: "",
            terminal_label: "",
            purpose: "",
            language_preference: "",
            alternate_name: "",
            alternate_city: "",
        }
    }

    /// An individual code (template 29): Bakong account ID (`name@bank`), name, city.
    pub fn individual(account: &'a str, name: &'a str, city: &'a str) -> Self {
        KhqrBuilder::new(false, account, name, city)
    }

    /// A merchant code (template 30): also the merchant ID and the acquiring bank, both
    /// required.
    pub fn merchant(
        account: &'a str,
        name: &'a str,
        city: &'a str,
        merchant_id: &'a str,
        acquiring_bank: &'a str,
    ) -> Self {
        let mut b = KhqrBuilder::new(true, account, name, city);
        b.merchant_id = merchant_id;
        b.acquiring_bank = acquiring_bank;
        b
    }

    /// The currency (KHR by default).
    pub fn currency(mut self, currency: KhqrCurrency) -> Self {
        self.currency = currency;
        self
    }

    /// The expiration of a dynamic code, in milliseconds since the Unix epoch (13 digits).
    /// Ignored for a static code, as the official generator ignores it.
    pub fn expires_at_ms(mut self, ms: UnixMillis) -> Self {
        self.expires_at_ms = Some(ms);
        self
    }

    setters! {
        /// The amount as a decimal string (`"5000"`, `"1.5"`): KHR whole, USD at most two
        /// decimals (written with two: `1.50`). Zero or absent makes a static code.
        amount;
        /// 52 Merchant Category Code (digits, at most 4; default `5999`).
        mcc;
        /// 15 UnionPay merchant account (KHR codes only).
        unionpay;
        /// 29.01 account information (individual codes).
        account_information;
        /// 29.02 / 30.02 acquiring bank (set by [`merchant`](Self::merchant) for merchant codes).
        acquiring_bank;
        /// 30.01 merchant ID (set by [`merchant`](Self::merchant)).
        merchant_id;
        /// 62.01 bill number (at most 25).
        bill_number;
        /// 62.02 mobile number (at most 25).
        mobile_number;
        /// 62.03 store label (at most 25).
        store_label;
        /// 62.07 terminal label (at most 25).
        terminal_label;
        /// 62.08 purpose of transaction (at most 25).
        purpose;
        /// 64.00 language preference (at most 2, e.g. `km`); needs an alternate name.
        language_preference;
        /// 64.01 merchant name in the alternate language (at most 25).
        alternate_name;
        /// 64.02 merchant city in the alternate language (at most 15).
        alternate_city;
    }

    /// 15 UnionPay merchant account (alias of [`unionpay`](Self::unionpay)).
    pub fn unionpay_account(self, value: &'a str) -> Self {
        self.unionpay(value)
    }

    /// Builds the payload with `now_ms` (milliseconds since the Unix epoch) as the creation
    /// time of a dynamic code, and computes its MD5.
    ///
    /// # Errors
    /// What the official generator refuses, with its code, checked in its order; the path
    /// names the field and the offset is 0. Beyond the generator: a template over 99
    /// characters (code 8, [`Reason::TemplateTooLong`]), an amount that is not a plain decimal
    /// (code 4, [`Reason::AmountSyntax`]), an alternate name without a language preference
    /// (code 37, [`Reason::LanguagePreferenceMissing`]; the generator throws a `TypeError`).
    pub fn build(&self, now_ms: UnixMillis) -> Result<BuiltKhqr, KhqrError> {
        let payload = self.payload(now_ms)?;
        let md5 = String::from(md5_hex(&payload).as_str());
        Ok(BuiltKhqr { payload, md5 })
    }

    fn payload(&self, now_ms: UnixMillis) -> Result<String, KhqrError> {
        let top = if self.merchant { 30 } else { 29 };
        let err = |code, path: Path| KhqrError::check(code, 0, path).of_field();
        let sub = |id| Path::root(top).child(id);
        let n = units;

        // A control character would split the code when it is printed or sent as a line, and
        // scanners treat it differently: refused (the official generator writes it).
        let fields = [
            (self.unionpay, Path::root(15)),
            (self.account, sub(0)),
            (self.account_information, sub(1)),
            (self.merchant_id, sub(1)),
            (self.acquiring_bank, sub(2)),
            (self.mcc, Path::root(52)),
            (self.amount, Path::root(54)),
            (self.name, Path::root(59)),
            (self.city, Path::root(60)),
            (self.bill_number, Path::root(62).child(1)),
            (self.mobile_number, Path::root(62).child(2)),
            (self.store_label, Path::root(62).child(3)),
            (self.terminal_label, Path::root(62).child(7)),
            (self.purpose, Path::root(62).child(8)),
            (self.language_preference, Path::root(64).child(0)),
            (self.alternate_name, Path::root(64).child(1)),
            (self.alternate_city, Path::root(64).child(2)),
        ];
        for (value, path) in fields {
            if let Some(at) = value
                .char_indices()
                .find(|(_, c)| c.is_control())
                .map(|(i, _)| i)
            {
                return Err(
                    KhqrError::new(C::KhqrInvalid, Reason::ControlCharacter, at, path).of_field(),
                );
            }
        }

        if !self.unionpay.is_empty() && n(self.unionpay) > 99 {
            return Err(err(C::UpiAccountInformationLengthInvalid, Path::root(15)));
        }
        if self.account.is_empty() {
            return Err(err(C::BakongAccountIdRequired, sub(0)));
        }
        if n(self.account) > 32 {
            return Err(err(C::BakongAccountIdLengthInvalid, sub(0)));
        }
        if !self.account.contains('@') {
            return Err(err(C::BakongAccountIdInvalid, sub(0)));
        }
        if self.merchant {
            if self.merchant_id.is_empty() {
                return Err(err(C::MerchantIdRequired, sub(1)));
            }
            if n(self.merchant_id) > 32 {
                return Err(err(C::MerchantIdLengthInvalid, sub(1)));
            }
            if self.acquiring_bank.is_empty() {
                return Err(err(C::AcquiringBankRequired, sub(2)));
            }
        } else if n(self.account_information) > 32 {
            return Err(err(C::AccountInformationLengthInvalid, sub(1)));
        }
        if n(self.acquiring_bank) > 32 {
            return Err(err(C::AcquiringBankLengthInvalid, sub(2)));
        }
        let mcc = if self.mcc.is_empty() {
            "5999"
        } else {
            self.mcc
        };
        if n(mcc) > 4 {
            return Err(err(C::MerchantCodeLengthInvalid, Path::root(52)));
        }
        if !mcc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(C::InvalidMerchantCategoryCode, Path::root(52)));
        }
        if !self.unionpay.is_empty() && self.currency == KhqrCurrency::Usd {
            return Err(err(C::UpiAccountInformationInvalidCurrency, Path::root(15)));
        }
        let amount = if self.amount.is_empty() {
            None
        } else {
            normalize_amount(self.amount, self.currency)?
        };
        if self.name.is_empty() {
            return Err(err(C::MerchantNameRequired, Path::root(59)));
        }
        if n(self.name) > 25 {
            return Err(err(C::MerchantNameLengthInvalid, Path::root(59)));
        }
        let city = if self.city.is_empty() {
            "Phnom Penh"
        } else {
            self.city
        };
        if n(city) > 15 {
            return Err(err(C::MerchantCityLengthInvalid, Path::root(60)));
        }
        let extra = [
            (1, self.bill_number, C::BillNumberLengthInvalid),
            (2, self.mobile_number, C::MobileNumberLengthInvalid),
            (3, self.store_label, C::StoreLabelLengthInvalid),
            (7, self.terminal_label, C::TerminalLabelLengthInvalid),
            (8, self.purpose, C::PurposeOfTransactionLengthInvalid),
        ];
        for (id, v, code) in extra {
            if n(v) > 25 {
                return Err(err(code, Path::root(62).child(id)));
            }
        }
        let (pref, alt, alt_city) = (
            self.language_preference,
            self.alternate_name,
            self.alternate_city,
        );
        let lang = Path::root(64);
        if !pref.is_empty() && alt.is_empty() {
            return Err(err(C::MerchantNameAlternateLanguageRequired, lang.child(1)));
        }
        if !alt.is_empty() {
            if pref.is_empty() {
                return Err(KhqrError::new(
                    C::LanguagePreferenceRequired,
                    Reason::LanguagePreferenceMissing,
                    0,
                    lang.child(0),
                )
                .of_field());
            }
            if n(pref) > 2 {
                return Err(err(C::LanguagePreferenceLengthInvalid, lang.child(0)));
            }
            if n(alt) > 25 {
                return Err(err(
                    C::MerchantNameAlternateLanguageLengthInvalid,
                    lang.child(1),
                ));
            }
        }
        if n(alt_city) > 15 {
            return Err(err(
                C::MerchantCityAlternateLanguageLengthInvalid,
                lang.child(2),
            ));
        }
        let expiration = match (&amount, self.expires_at_ms) {
            (None, _) => None,
            (Some(_), None | Some(0)) => {
                return Err(err(C::ExpirationTimestampRequired, Path::root(99).child(1)))
            }
            (Some(_), Some(ms)) => {
                if !(1_000_000_000_000..10_000_000_000_000).contains(&ms) {
                    return Err(err(
                        C::ExpirationTimestampLengthInvalid,
                        Path::root(99).child(1),
                    ));
                }
                if ms < now_ms {
                    return Err(err(
                        C::ExpirationTimestampInThePast,
                        Path::root(99).child(1),
                    ));
                }
                Some(ms)
            }
        };

        let mut account = String::new();
        push(&mut account, 0, self.account);
        if self.merchant {
            push(&mut account, 1, self.merchant_id);
        } else {
            push_opt(&mut account, 1, self.account_information);
        }
        push_opt(&mut account, 2, self.acquiring_bank);
        let mut additional = String::new();
        for (id, v, _) in extra {
            push_opt(&mut additional, id, v);
        }
        let mut language = String::new();
        if !alt.is_empty() {
            push(&mut language, 0, pref);
        }
        push_opt(&mut language, 1, alt);
        push_opt(&mut language, 2, alt_city);
        for (t, id) in [(&account, top), (&additional, 62)] {
            if n(t) > 99 {
                return Err(KhqrError::new(
                    C::KhqrInvalid,
                    Reason::TemplateTooLong,
                    0,
                    Path::root(id),
                )
                .of_field());
            }
        }

        let mut out = String::with_capacity(160);
        push(&mut out, 0, "01");
        push(&mut out, 1, if amount.is_some() { "12" } else { "11" });
        push_opt(&mut out, 15, self.unionpay);
        push(&mut out, top, &account);
        push(&mut out, 52, mcc);
        push(&mut out, 53, self.currency.numeric());
        if let Some(a) = &amount {
            push(&mut out, 54, a);
        }
        push(&mut out, 58, "KH");
        push(&mut out, 59, self.name);
        push(&mut out, 60, city);
        push_opt(&mut out, 62, &additional);
        push_opt(&mut out, 64, &language);
        if let Some(exp) = expiration {
            let mut ts = String::new();
            push(&mut ts, 0, &decimal(now_ms));
            push(&mut ts, 1, &decimal(exp));
            push(&mut out, 99, &ts);
        }
        out.push_str("6304");
        let crc = crate::crc::hex4(crate::crc::crc16(out.as_bytes()));
        out.extend(crc.iter().map(|b| char::from(*b)));
        Ok(out)
    }
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

fn decimal(v: i64) -> String {
    use core::fmt::Write;
    let mut s = String::new();
    let _ = write!(s, "{v}");
    s
}

/// Appends `ID LEN VALUE` (length in UTF-16 units, two digits; callers keep values ≤ 99).
fn push(out: &mut String, id: u8, value: &str) {
    use core::fmt::Write;
    let _ = write!(out, "{id:02}{:02}{value}", units(value).min(99));
}

fn push_opt(out: &mut String, id: u8, value: &str) {
    if !value.is_empty() {
        push(out, id, value);
    }
}

/// The amount as the generator writes it, `None` for zero (a static code).
fn normalize_amount(s: &str, currency: KhqrCurrency) -> Result<Option<String>, KhqrError> {
    let path = Path::root(54);
    let syntax =
        || KhqrError::new(C::TransactionAmountInvalid, Reason::AmountSyntax, 0, path).of_field();
    let invalid = || KhqrError::check(C::TransactionAmountInvalid, 0, path).of_field();
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return Err(syntax());
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    if int.is_empty() && frac.is_empty() {
        return Ok(None);
    }
    if neg {
        return Err(invalid());
    }
    let significant = if int.is_empty() {
        frac.trim_start_matches('0').len()
    } else {
        int.len() + frac.len()
    };
    if significant > 15 || int.len() > 21 {
        return Err(syntax());
    }
    let mut out = String::from(if int.is_empty() { "0" } else { int });
    match currency {
        KhqrCurrency::Khr if !frac.is_empty() => return Err(invalid()),
        KhqrCurrency::Usd if frac.len() > 2 => return Err(invalid()),
        KhqrCurrency::Usd if !frac.is_empty() => {
            out.push('.');
            out.push_str(frac);
            if frac.len() == 1 {
                out.push('0');
            }
        }
        _ => {}
    }
    if out.len() > 13 {
        return Err(invalid());
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_the_generator_writes_them() {
        let usd = |s| normalize_amount(s, KhqrCurrency::Usd).map_err(|e| (e.code(), e.reason()));
        let khr = |s| normalize_amount(s, KhqrCurrency::Khr).map_err(|e| (e.code(), e.reason()));
        assert_eq!(usd("1.5"), Ok(Some("1.50".into())));
        assert_eq!(usd("10"), Ok(Some("10".into())));
        assert_eq!(usd("10.0"), Ok(Some("10".into())));
        assert_eq!(usd("010.10"), Ok(Some("10.10".into())));
        assert_eq!(usd(".5"), Ok(Some("0.50".into())));
        assert_eq!(usd("0.00"), Ok(None));
        assert_eq!(usd("-0"), Ok(None));
        assert_eq!(usd("1.005"), Err((4, Reason::Check)));
        assert_eq!(usd("-1"), Err((4, Reason::Check)));
        assert_eq!(usd("1e3"), Err((4, Reason::AmountSyntax)));
        assert_eq!(usd("1234567890.12"), Ok(Some("1234567890.12".into())));
        assert_eq!(usd("12345678901.12"), Err((4, Reason::Check)));
        assert_eq!(khr("5000"), Ok(Some("5000".into())));
        assert_eq!(khr("5000.00"), Ok(Some("5000".into())));
        assert_eq!(khr("5000.5"), Err((4, Reason::Check)));
        assert_eq!(khr("9999999999999"), Ok(Some("9999999999999".into())));
        assert_eq!(khr("10000000000000"), Err((4, Reason::Check)));
        assert_eq!(khr("."), Err((4, Reason::AmountSyntax)));
    }
}
