//! PromptPay / Thai QR Payment (Thailand, Bank of Thailand and ITMX).
//!
//! Credit transfer (template 29, AID `A000000677010111`): one proxy — `01` mobile number
//! written `0066` + national number (13 digits), `02` national or tax ID (13 digits), `03`
//! e-wallet ID (15 digits), `04` bank account (reserved). Bill payment (template 30, AID
//! `A000000677010112`, cross-border `A000000677012006`): `01` biller ID, `02` reference 1,
//! `03` reference 2. P2P codes omit 52, 59 and 60, which PromptPay allows.
//!
//! ```
//! use emvqr::profile::promptpay::{PromptPay, PromptPayBuilder, Target, Proxy};
//! let s = PromptPayBuilder::mobile("081-234-5678")?.amount("4.22").build()?;
//! assert_eq!(s, "00020101021229370016A00000067701011101130066812345678530376454044.225802TH63042352");
//! let pp = PromptPay::parse(&s)?;
//! assert_eq!(pp.target(), Target::CreditTransfer(Proxy::Mobile("0066812345678")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{
    self, at_object, digits_object, max_object, missing_sub, no_account, starts_ci, Checked, Sink,
};
use crate::profile::scheme::{money, At, Desc, Gui, Names, Ref, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: THB, country TH, the AIDs of RID `A000000677`; person-to-person codes
/// omit 52, 59 and 60.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national(
        "promptpay",
        "PromptPay (Thailand)",
        "TH",
        &[money("764", 2)],
    );
    d.options = d
        .options
        .allow_missing(52, true)
        .allow_missing(59, true)
        .allow_missing(60, true);
    d.rules = rules;
    d.guis = &[Gui::Prefix(RID)];
    d.routes = Routes {
        names,
        refs,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, gui: &str, _: &Template<'_>) -> Names {
    if is_bill(gui) {
        &[(1, "biller_id"), (2, "ref1"), (3, "ref2")]
    } else {
        &[
            (1, "mobile"),
            (2, "national_id"),
            (3, "ewallet"),
            (4, "bank_account"),
        ]
    }
}

fn refs(_: u8, gui: &str) -> &'static [(At, Ref)] {
    if is_bill(gui) {
        &[(At::Account(2), Ref::Ref1), (At::Account(3), Ref::Ref2)]
    } else {
        &[]
    }
}

/// AID of a domestic credit transfer (template 29).
pub const AID_CREDIT_TRANSFER: &str = "A000000677010111";
/// AID of a domestic bill payment (template 30).
pub const AID_BILL_PAYMENT: &str = "A000000677010112";
/// AID of a cross-border bill payment.
pub const AID_BILL_PAYMENT_CROSS_BORDER: &str = "A000000677012006";
/// A further credit-transfer AID seen in template 29 (its meaning differs between sources).
pub const AID_CREDIT_TRANSFER_OTA: &str = "A000000677010114";
/// The registered application provider ID shared by all PromptPay AIDs.
pub const RID: &str = "A000000677";

/// A PromptPay proxy: what a credit transfer is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Proxy<'a> {
    /// 01 mobile number, `0066…` (13 digits).
    Mobile(&'a str),
    /// 02 national ID or tax ID (13 digits).
    NationalId(&'a str),
    /// 03 e-wallet ID (15 digits).
    EWallet(&'a str),
    /// 04 bank account (bank code and account number).
    BankAccount(&'a str),
}

impl<'a> Proxy<'a> {
    /// The value as written.
    pub fn value(&self) -> &'a str {
        match self {
            Proxy::Mobile(v) | Proxy::NationalId(v) | Proxy::EWallet(v) | Proxy::BankAccount(v) => {
                v
            }
        }
    }

    /// The sub-ID (1–4).
    pub fn sub_id(&self) -> u8 {
        match self {
            Proxy::Mobile(_) => 1,
            Proxy::NationalId(_) => 2,
            Proxy::EWallet(_) => 3,
            Proxy::BankAccount(_) => 4,
        }
    }
}

/// Where a PromptPay code sends the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target<'a> {
    /// A credit transfer to a proxy.
    CreditTransfer(Proxy<'a>),
    /// A bill payment.
    BillPayment {
        /// 01 biller ID (tax ID and suffix).
        biller_id: &'a str,
        /// 02 reference 1.
        ref1: &'a str,
        /// 03 reference 2.
        ref2: Option<&'a str>,
    },
}

fn is_bill(gui: &str) -> bool {
    gui.eq_ignore_ascii_case(AID_BILL_PAYMENT)
        || gui.eq_ignore_ascii_case(AID_BILL_PAYMENT_CROSS_BORDER)
}

/// The PromptPay merchant account template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| starts_ci(g, RID))
}

/// Normalises a Thai mobile number to the 13-digit PromptPay form: keeps the digits, replaces a
/// leading `0` by `66`, left-pads with zeros. `None` when no digits remain or more than 13.
///
/// ```
/// use emvqr::profile::promptpay::normalize_mobile;
/// assert_eq!(normalize_mobile("081-234-5678").as_deref(), Some("0066812345678"));
/// assert_eq!(normalize_mobile("+66 81 234 5678").as_deref(), Some("0066812345678"));
/// assert_eq!(normalize_mobile("abc"), None);
/// ```
#[cfg(feature = "alloc")]
pub fn normalize_mobile(mobile: &str) -> Option<alloc::string::String> {
    use alloc::string::String;
    let d: String = mobile.chars().filter(char::is_ascii_digit).collect();
    let d = match d.strip_prefix('0') {
        Some(rest) => alloc::format!("66{rest}"),
        None => d,
    };
    if d.is_empty() || d.len() > 13 {
        return None;
    }
    let mut out = String::with_capacity(13);
    out.extend(core::iter::repeat_n('0', 13 - d.len()));
    out.push_str(&d);
    Some(out)
}

/// The PromptPay rules beyond EMV.
/// The PromptPay rules beyond EMV and the shared tail.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return no_account(sink, p);
    };
    // The template's sub-objects, read once.
    let [gui, s1, s2, s3, s4] = t.first_objects();
    if is_bill(gui.map_or("", |g| g.value())) {
        if s1.is_none() {
            missing_sub(sink, &t, 1)?;
        }
        max_object(sink, s1, 15)?;
        if s2.is_none() {
            missing_sub(sink, &t, 2)?;
        }
        max_object(sink, s2, 20)?;
        max_object(sink, s3, 20)?;
    } else {
        let mut proxies = [s1, s2, s3, s4].into_iter().flatten();
        if proxies.next().is_none() {
            missing_sub(sink, &t, 1)?;
        }
        if let Some(extra) = proxies.next() {
            at_object(sink, ErrorKind::InvalidValue, &extra)?;
        }
        digits_object(sink, s1, &[13])?;
        digits_object(sink, s2, &[13])?;
        digits_object(sink, s3, &[15])?;
        max_object(sink, s4, 43)?;
    }
    Ok(())
}

view! {
    /// A PromptPay code.
    PromptPay, Scheme::PromptPay, account = account
}

impl<'a> PromptPay<'a> {
    /// The AID of the template.
    pub fn aid(&self) -> &'a str {
        self.account.gui().unwrap_or("")
    }

    /// Credit transfer or bill payment, with its data.
    pub fn target(&self) -> Target<'a> {
        let t = &self.account;
        if is_bill(self.aid()) {
            return Target::BillPayment {
                biller_id: t.get(1).unwrap_or(""),
                ref1: t.get(2).unwrap_or(""),
                ref2: t.get(3),
            };
        }
        let proxy = match (t.get(1), t.get(2), t.get(3), t.get(4)) {
            (Some(v), ..) => Proxy::Mobile(v),
            (_, Some(v), ..) => Proxy::NationalId(v),
            (_, _, Some(v), _) => Proxy::EWallet(v),
            (_, _, _, v) => Proxy::BankAccount(v.unwrap_or("")),
        };
        Target::CreditTransfer(proxy)
    }

    /// 54 amount as written.
    pub fn amount(&self) -> Option<&'a str> {
        self.payload.amount()
    }
}

#[cfg(feature = "alloc")]
pub use build::PromptPayBuilder;

#[cfg(feature = "alloc")]
mod build {
    use alloc::borrow::Cow;
    use alloc::string::String;

    use super::*;
    use crate::builder::{PayloadBuilder, TemplateBuilder};
    use crate::error::{Error, Path};

    /// Builds a PromptPay code. Like the common generators, 01 is `11` without an amount and
    /// `12` with one; 52/59/60 are written only when set. Validated with the PromptPay options
    /// and rules.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PromptPayBuilder<'a> {
        template: u8,
        account: TemplateBuilder<'a>,
        amount: Option<Cow<'a, str>>,
        mcc: Option<Cow<'a, str>>,
        name: Option<Cow<'a, str>>,
        city: Option<Cow<'a, str>>,
    }

    impl<'a> PromptPayBuilder<'a> {
        fn transfer(sub: u8, value: impl Into<Cow<'a, str>>) -> Self {
            PromptPayBuilder {
                template: 29,
                account: TemplateBuilder::with_gui(AID_CREDIT_TRANSFER).set(sub, value),
                amount: None,
                mcc: None,
                name: None,
                city: None,
            }
        }

        /// A credit transfer to a mobile number, normalised to `0066…`.
        ///
        /// # Errors
        /// `invalid_value` at 29.01 when the number has no digits or more than 13.
        pub fn mobile(mobile: &str) -> Result<Self, Error> {
            let n = normalize_mobile(mobile).ok_or(Error::new(
                ErrorKind::InvalidValue,
                0,
                Path::root(29).child(1),
            ))?;
            Ok(PromptPayBuilder::transfer(1, n))
        }

        /// A credit transfer to a national ID or tax ID (13 digits).
        pub fn national_id(id: impl Into<Cow<'a, str>>) -> Self {
            PromptPayBuilder::transfer(2, id)
        }

        /// A credit transfer to an e-wallet ID (15 digits).
        pub fn ewallet(id: impl Into<Cow<'a, str>>) -> Self {
            PromptPayBuilder::transfer(3, id)
        }

        /// A bill payment to `biller_id` (tax ID + suffix, up to 15) with reference 1.
        pub fn bill_payment(
            biller_id: impl Into<Cow<'a, str>>,
            ref1: impl Into<Cow<'a, str>>,
        ) -> Self {
            PromptPayBuilder {
                template: 30,
                account: TemplateBuilder::with_gui(AID_BILL_PAYMENT)
                    .set(1, biller_id)
                    .set(2, ref1),
                amount: None,
                mcc: None,
                name: None,
                city: None,
            }
        }

        /// Reference 2 of a bill payment (ignored for a credit transfer).
        #[must_use]
        pub fn ref2(mut self, ref2: impl Into<Cow<'a, str>>) -> Self {
            if self.template == 30 {
                self.account.set_mut(3, ref2);
            }
            self
        }

        /// The amount in baht (at most 2 decimals); makes the code dynamic (01 = `12`).
        #[must_use]
        pub fn amount(mut self, amount: impl Into<Cow<'a, str>>) -> Self {
            self.amount = Some(amount.into());
            self
        }

        /// The merchant category code (52).
        #[must_use]
        pub fn mcc(mut self, mcc: impl Into<Cow<'a, str>>) -> Self {
            self.mcc = Some(mcc.into());
            self
        }

        /// The merchant name (59).
        #[must_use]
        pub fn merchant_name(mut self, name: impl Into<Cow<'a, str>>) -> Self {
            self.name = Some(name.into());
            self
        }

        /// The merchant city (60).
        #[must_use]
        pub fn merchant_city(mut self, city: impl Into<Cow<'a, str>>) -> Self {
            self.city = Some(city.into());
            self
        }

        /// The payload builder this code is made of.
        pub fn to_payload_builder(&self) -> PayloadBuilder<'a> {
            let mut b = PayloadBuilder::new()
                .options(Scheme::PromptPay.desc().options)
                .point_of_initiation(if self.amount.is_some() { "12" } else { "11" })
                .merchant_account_template(self.template, self.account.clone())
                .currency("764")
                .country("TH");
            b = b.set_some(54, self.amount.clone());
            b = b.set_some(52, self.mcc.clone());
            b = b.set_some(59, self.name.clone());
            b = b.set_some(60, self.city.clone());
            b
        }

        /// Encodes and validates.
        ///
        /// # Errors
        /// A proxy of the wrong length or not numeric, a missing reference 1, an amount with
        /// more than 2 decimals, and any EMV rule the fields break.
        pub fn build(&self) -> Result<String, Error> {
            let out = self.to_payload_builder().build()?;
            let p = Scheme::PromptPay.desc().options.parse(&out)?;
            super::super::check(Scheme::PromptPay, &p)?;
            Ok(out)
        }
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    #[test]
    fn mobile_numbers() {
        use super::normalize_mobile;
        assert_eq!(
            normalize_mobile("0812345678").as_deref(),
            Some("0066812345678")
        );
        assert_eq!(
            normalize_mobile("66812345678").as_deref(),
            Some("0066812345678")
        );
        assert_eq!(normalize_mobile("12345678901234"), None);
        assert_eq!(normalize_mobile(""), None);
    }
}
