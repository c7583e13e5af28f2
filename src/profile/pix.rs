//! Pix BR Code (Brazil, Banco Central do Brasil).
//!
//! The Pix account is a merchant account template (any of 26–51, usually 26) with GUI
//! `br.gov.bcb.pix` (compared ignoring case): `01` the Pix key of a static code, `02` free
//! text for the payer, `03` the ISPB of a withdrawal/change facilitator (fss), `25` the URL
//! of the payload location of a dynamic code (without `https://`). 62.05 (txid) is always
//! present: `***` or, for a static code, 1–25 letters and digits (a code without it is read as
//! `***`, with a warning, as one without 60 is).
//!
//! Pix Automático (recurring payments): an unreserved template (80–99) with the same GUI
//! carries in `25` the location of the recurrence to authorise; a code that only asks for the
//! authorisation has an account template with the GUI alone.
//!
//! ```
//! use emvqr::profile::pix::{Pix, PixBuilder, KeyKind};
//! let s = PixBuilder::new("123e4567-e12b-12d1-a456-426655440000", "Fulano de Tal", "BRASILIA")
//!     .build()?;
//! assert_eq!(s, "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D");
//! let pix = Pix::parse(&s)?;
//! assert_eq!(pix.key_kind(), Some(KeyKind::Evp));
//! assert_eq!((pix.txid(), pix.is_dynamic()), (None, false));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind};
use crate::payload::Payload;
use crate::profile::rules::{
    self, alnum, at_object, at_value, is_zero, missing_sub, no_account, root, starts_ci, sub,
    Checked, Sink,
};
use crate::profile::scheme::{money, At, Desc, Gui, Names, Ref, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The Pix GUI.
pub const GUI: &str = "br.gov.bcb.pix";

/// The txid of a code without one (62.05).
pub const NO_TXID: &str = "***";

/// The registry row: BRL with two decimals, country BR, the account template named
/// `br.gov.bcb.pix`; real codes run past EMV's name and city lengths, omit 60, carry an
/// amount of `0` on location and withdrawal codes, non-ASCII names and lowercase CRCs.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("pix", "Pix (Brazil)", "BR", &[money("986", 2)]);
    d.options = d
        .options
        .allow_long_name_city(true)
        .allow_missing(60, true)
        .allow_zero_amount(true)
        .allow_non_ascii(true)
        .allow_lowercase_crc(true);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        dynamic_if: Some(At::Account(25)),
        refs: |_, _| {
            &[
                (At::Root(62, 5), Ref::TxidUnless(NO_TXID)),
                (At::Unreserved(25), Ref::Recurrence),
            ]
        },
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[(1, "key"), (2, "info"), (3, "fss"), (25, "url")]
}

/// The forms a Pix key takes (for messages).
pub const KEY_FORMS: &str =
    "a Pix key: an e-mail address, a +55 phone number, a CPF, a CNPJ or a random key (EVP)";

/// What a txid may be (for messages).
const TXID_FORM: &str = "`***` or 1 to 25 letters and digits";

/// Longest txid of a static code.
pub const TXID_MAX: usize = 25;

/// Longest location URL (25) and key (01).
pub const URL_MAX: usize = 77;

/// The kind of a Pix key, as registered in the DICT directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// An e-mail address (lowercase).
    Email,
    /// A phone number `+55…` (country, area code, number).
    Phone,
    /// A CPF (11 digits with valid check digits).
    Cpf,
    /// A CNPJ (14 characters with valid check digits; the first 12 may be letters).
    Cnpj,
    /// A random key (EVP): a lowercase UUID with hyphens.
    Evp,
}

/// Classifies a Pix key; `None` when it has none of the registered forms.
///
/// ```
/// use emvqr::profile::pix::{key_kind, KeyKind};
/// assert_eq!(key_kind("12345678909"), Some(KeyKind::Cpf));
/// assert_eq!(key_kind("60701190000104"), Some(KeyKind::Cnpj));
/// assert_eq!(key_kind("+5511987654321"), Some(KeyKind::Phone));
/// assert_eq!(key_kind("fulano@example.com"), Some(KeyKind::Email));
/// assert_eq!(key_kind("12345678900"), None); // wrong CPF check digits
/// ```
pub fn key_kind(key: &str) -> Option<KeyKind> {
    let b = key.as_bytes();
    if let Some(rest) = key.strip_prefix("+55") {
        return (rest.len() >= 10 && rest.len() <= 11 && rules::digits(rest))
            .then_some(KeyKind::Phone);
    }
    if key.contains('@') {
        let ok = key.len() <= URL_MAX
            && key.split('@').count() == 2
            && !key.starts_with('@')
            && !key.ends_with('@')
            && key.is_ascii()
            && !b
                .iter()
                .any(|c| c.is_ascii_uppercase() || c.is_ascii_whitespace());
        return ok.then_some(KeyKind::Email);
    }
    if b.len() == 11 && cpf_valid(key) {
        return Some(KeyKind::Cpf);
    }
    if b.len() == 14 && cnpj_valid(key) {
        return Some(KeyKind::Cnpj);
    }
    if is_uuid(key) {
        return Some(KeyKind::Evp);
    }
    None
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// Mod-11 check digit over `vals` with `weights`, the CPF/CNPJ way.
fn mod11(vals: impl Iterator<Item = u32>, weights: impl Iterator<Item = u32>) -> u32 {
    let r = vals.zip(weights).map(|(v, w)| v * w).sum::<u32>() % 11;
    if r < 2 {
        0
    } else {
        11 - r
    }
}

/// Whether `s` is 11 digits with valid CPF check digits.
pub fn cpf_valid(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 11 || !rules::digits(s) || b.iter().all(|c| Some(c) == b.first()) {
        return false;
    }
    let v = |n: usize| b.iter().take(n).map(|c| u32::from(c - b'0'));
    let d1 = mod11(v(9), (2..=10).rev());
    let d2 = mod11(v(10), (2..=11).rev());
    b.get(9).map(|c| u32::from(c - b'0')) == Some(d1)
        && b.get(10).map(|c| u32::from(c - b'0')) == Some(d2)
}

/// Whether `s` is a CNPJ with valid check digits: 12 characters `0-9A-Z` (the alphanumeric
/// CNPJ counts each as its ASCII code minus 48) and 2 check digits.
pub fn cnpj_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let base_ok = b.get(..12).is_some_and(|p| {
        p.iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    });
    if b.len() != 14
        || !base_ok
        || !b
            .get(12..)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    if b.iter().all(|c| Some(c) == b.first()) {
        return false;
    }
    const W: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    let v = |n: usize| b.iter().take(n).map(|c| u32::from(c - b'0'));
    let d1 = mod11(v(12), W.iter().skip(1).copied());
    let d2 = mod11(v(13), W.iter().copied());
    b.get(12).map(|c| u32::from(c - b'0')) == Some(d1)
        && b.get(13).map(|c| u32::from(c - b'0')) == Some(d2)
}

/// Whether a txid is acceptable in 62.05: `***`, or 1–25 ASCII letters and digits.
pub fn txid_ok(txid: &str) -> bool {
    txid == NO_TXID || (txid.len() <= TXID_MAX && alnum(txid))
}

/// The Pix merchant account template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| g.eq_ignore_ascii_case(GUI))
}

/// A payload location (25 of the account or recurrence template): a URL without its scheme,
/// at most 77 characters.
fn location(sink: &mut dyn Sink, u: &crate::tlv::Tlv<'_>) -> Checked {
    if starts_ci(u.value(), "https://") || starts_ci(u.value(), "http://") {
        at_value(sink, ErrorKind::InvalidValue, u)
    } else if u.value().chars().count() > URL_MAX {
        at_object(sink, ErrorKind::ValueTooLong, u)
    } else {
        Ok(())
    }
}

/// The Pix Automático recurrence template: an unreserved template (80–99) whose GUI is
/// `br.gov.bcb.pix` with the recurrence's location in 25. A code authorising a recurrence
/// carries it beside an account template that holds only the GUI (or the location of an
/// immediate charge in 25, for a composed code). Other unreserved templates with the Pix GUI
/// (the BR Code manual's example has one with a URL in 01) are not recurrences.
pub fn recurrence<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    p.unreserved_templates()
        .find(|t| t.gui().is_some_and(|g| g.eq_ignore_ascii_case(GUI)) && t.get(25).is_some())
}

/// The Pix rules beyond EMV and the shared tail.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return no_account(sink, p);
    };
    let key = sub(&t, 1);
    let url = sub(&t, 25);
    let fss = sub(&t, 3);
    let rec = recurrence(p);
    match (key, url) {
        // Pix Automático's recurrence-only code: the account template holds only the GUI.
        (None, None) if rec.is_some() => {}
        (None, None) => missing_sub(sink, &t, 1)?,
        (Some(_), Some(u)) => at_object(sink, ErrorKind::InvalidValue, &u)?,
        _ => {}
    }
    if let Some(k) = key {
        if k.value().chars().count() > URL_MAX {
            at_object(sink, ErrorKind::ValueTooLong, &k)?;
        }
    }
    if let Some(u) = url {
        location(sink, &u)?;
        if let Some(f) = fss {
            at_object(sink, ErrorKind::InvalidValue, &f)?;
        }
    }
    if let Some(u) = rec.and_then(|r| sub(&r, 25)) {
        location(sink, &u)?;
    }
    if let Some(f) = fss {
        if !(f.value().len() == 8 && rules::digits(f.value())) {
            at_value(sink, ErrorKind::InvalidValue, &f)?;
        }
    }
    if let Some(a) = root(p, 54) {
        if is_zero(a.value()) && url.is_none() && fss.is_none() {
            at_value(sink, ErrorKind::ZeroAmount, &a)?;
        }
    }
    match p.additional_data().and_then(|a| sub(&a.0, 5)) {
        // Required by the BR Code manual, omitted by real generators as 60 is: read as `***`,
        // with a warning.
        None => {
            let at = root(p, 62).map_or(p.crc_offset(), |t| t.offset());
            sink.warn(Error::new(
                ErrorKind::Missing,
                at,
                crate::error::Path::root(62).child(5),
            ))?;
        }
        Some(tx) if tx.value().chars().count() > TXID_MAX => sink.error(
            Error::new(ErrorKind::ValueTooLong, tx.offset(), tx.path()).expecting(TXID_FORM),
        )?,
        Some(tx) if !txid_ok(tx.value()) => {
            let at = tx
                .value()
                .bytes()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(0);
            sink.error(
                Error::new(
                    ErrorKind::InvalidCharacter,
                    tx.value_offset() + at,
                    tx.path(),
                )
                .expecting(TXID_FORM),
            )?;
        }
        Some(_) => {}
    }
    Ok(())
}

view! {
    /// A Pix BR Code: the payload and its Pix account template.
    Pix, Scheme::Pix, account = account
}

impl<'a> Pix<'a> {
    /// 01 Pix key (static codes).
    pub fn key(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// The kind of the key.
    pub fn key_kind(&self) -> Option<KeyKind> {
        self.key().and_then(key_kind)
    }

    /// 02 Additional information for the payer.
    pub fn info(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 03 ISPB of the withdrawal/change facilitator (Pix Saque / Pix Troco).
    pub fn fss(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// 25 Location of the dynamic payload (a URL without scheme).
    pub fn url(&self) -> Option<&'a str> {
        self.account.get(25)
    }

    /// A dynamic code: the payer's app fetches the charge from [`Pix::url`].
    pub fn is_dynamic(&self) -> bool {
        self.url().is_some()
    }

    /// Pix Automático: the location of the recurrence to authorise (25 of the recurrence
    /// template, a URL without scheme).
    pub fn recurrence_url(&self) -> Option<&'a str> {
        recurrence(&self.payload).and_then(|t| t.get(25))
    }

    /// 62.05 txid; `None` for `***` (no txid).
    pub fn txid(&self) -> Option<&'a str> {
        self.payload
            .additional_data()
            .and_then(|a| a.reference_label())
            .filter(|t| *t != NO_TXID)
    }

    /// 54 amount as written.
    pub fn amount(&self) -> Option<&'a str> {
        self.payload.amount()
    }
}

#[cfg(feature = "alloc")]
pub use build::PixBuilder;

#[cfg(feature = "alloc")]
mod build {
    use alloc::borrow::Cow;
    use alloc::string::String;

    use super::*;
    use crate::builder::{PayloadBuilder, TemplateBuilder};
    use crate::error::Path;
    use crate::options::ParseOptions;

    /// Builds a static Pix code (key, optional amount, txid and message), the way the BR Code
    /// manual lays it out: `26` (GUI, key, info), `52` = `0000`, `53` = `986`, `54`, `58` =
    /// `BR`, `59`, `60`, `61`, `62.05` (txid or `***`). The output is strict EMV and passes
    /// the Pix rules.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PixBuilder<'a> {
        key: Cow<'a, str>,
        name: Cow<'a, str>,
        city: Cow<'a, str>,
        amount: Option<Cow<'a, str>>,
        txid: Option<Cow<'a, str>>,
        info: Option<Cow<'a, str>>,
        mcc: Cow<'a, str>,
        postal_code: Option<Cow<'a, str>>,
        single_use: bool,
    }

    impl<'a> PixBuilder<'a> {
        /// A static code paying `key` (e-mail, `+55…` phone, CPF, CNPJ or random key) to
        /// `name` in `city`.
        pub fn new(
            key: impl Into<Cow<'a, str>>,
            name: impl Into<Cow<'a, str>>,
            city: impl Into<Cow<'a, str>>,
        ) -> PixBuilder<'a> {
            PixBuilder {
                key: key.into(),
                name: name.into(),
                city: city.into(),
                amount: None,
                txid: None,
                info: None,
                mcc: Cow::Borrowed("0000"),
                postal_code: None,
                single_use: false,
            }
        }

        /// The amount in reais (`"10.50"`); at most 2 decimals, not zero.
        #[must_use]
        pub fn amount(mut self, amount: impl Into<Cow<'a, str>>) -> Self {
            self.amount = Some(amount.into());
            self
        }

        /// The txid (62.05): 1–25 letters and digits. Without one, `***`.
        #[must_use]
        pub fn txid(mut self, txid: impl Into<Cow<'a, str>>) -> Self {
            self.txid = Some(txid.into());
            self
        }

        /// A message for the payer (26.02).
        #[must_use]
        pub fn info(mut self, info: impl Into<Cow<'a, str>>) -> Self {
            self.info = Some(info.into());
            self
        }

        /// The merchant category code (`0000` by default).
        #[must_use]
        pub fn mcc(mut self, mcc: impl Into<Cow<'a, str>>) -> Self {
            self.mcc = mcc.into();
            self
        }

        /// The postal code (CEP, 61).
        #[must_use]
        pub fn postal_code(mut self, cep: impl Into<Cow<'a, str>>) -> Self {
            self.postal_code = Some(cep.into());
            self
        }

        /// Marks the code for one payment (01 = `12`).
        #[must_use]
        pub fn single_use(mut self, yes: bool) -> Self {
            self.single_use = yes;
            self
        }

        /// The payload builder this Pix code is made of (for further edits).
        pub fn to_payload_builder(&self) -> PayloadBuilder<'a> {
            let mut acct = TemplateBuilder::with_gui(GUI).set(1, self.key.clone());
            if let Some(i) = &self.info {
                acct = acct.set(2, i.clone());
            }
            let mut b = PayloadBuilder::new()
                .options(ParseOptions::new())
                .merchant_account_template(26, acct)
                .mcc(self.mcc.clone())
                .currency("986")
                .country("BR")
                .merchant_name(self.name.clone())
                .merchant_city(self.city.clone())
                .reference_label(self.txid.clone().unwrap_or(Cow::Borrowed(NO_TXID)));
            if self.single_use {
                b = b.dynamic_code();
            }
            b = b.set_some(54, self.amount.clone());
            b = b.set_some(61, self.postal_code.clone());
            b
        }

        /// Encodes and validates (strict EMV, then the Pix rules).
        ///
        /// # Errors
        /// A key of no registered form (`invalid_value` at 26.01), a txid over 25 characters
        /// or not alphanumeric (62.05), an amount with more than 2 decimals or zero, and any
        /// EMV rule the fields break (name over 25, city over 15, …).
        pub fn build(&self) -> Result<String, Error> {
            if key_kind(&self.key).is_none() {
                return Err(
                    Error::in_field(ErrorKind::InvalidValue, 0, Path::root(26).child(1))
                        .expecting(KEY_FORMS),
                );
            }
            let out = self.to_payload_builder().build()?;
            let p = ParseOptions::new().parse(&out)?;
            super::super::check(Scheme::Pix, &p)?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpf_and_cnpj_check_digits() {
        assert!(cpf_valid("12345678909"));
        assert!(!cpf_valid("12345678908"));
        assert!(!cpf_valid("11111111111"));
        assert!(cnpj_valid("60701190000104"));
        assert!(!cnpj_valid("60701190000105"));
        assert!(cnpj_valid("11222333000181"));
        // Alphanumeric CNPJ (letters count as ASCII - 48).
        assert!(cnpj_valid("12ABC34501DE35"));
        assert!(!cnpj_valid("12ABC34501DE36"));
    }

    #[test]
    fn txids() {
        assert!(txid_ok("***"));
        assert!(txid_ok("ABC123"));
        assert!(txid_ok("1234567890123456789012345"));
        assert!(!txid_ok("12345678901234567890123456"));
        assert!(!txid_ok("RP12345678-2019"));
        assert!(!txid_ok(""));
    }
}
