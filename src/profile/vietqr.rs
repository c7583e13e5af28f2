//! VietQR (Vietnam, NAPAS) and VNPAY-QR.
//!
//! VietQR uses template 38 with GUI `A000000727`: `01` the beneficiary organisation, itself a
//! template with `00` the bank BIN (6 digits, e.g. `970416`) and `01` the account or card
//! number; `02` the service code (`QRIBFTTA` to an account, `QRIBFTTC` to a card, `QRPUSH`
//! for a merchant push payment). 62.08 is the purpose. P2P codes omit 52, 59 and 60; the
//! amount is whole dong (VND has no minor unit).
//!
//! VNPAY-QR uses template 26 with GUI `A000000775` and `01` the merchant ID.
//!
//! ```
//! use emvqr::profile::vietqr::{VietQr, VietQrBuilder};
//! let s = VietQrBuilder::account("970416", "257678859").amount("1000").purpose("Chuyen tien").build()?;
//! assert_eq!(s, "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045404100058\
//! 02VN62150811Chuyen tien6304BBB8");
//! let v = VietQr::parse(&s)?;
//! assert_eq!((v.bin(), v.account_number(), v.service_code()), (Some("970416"), Some("257678859"), Some("QRIBFTTA")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{
    self, at_object, at_value, digits, eq_ci, missing_sub, sub, Checked, Sink,
};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes, Tail};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row of VietQR: VND written whole, country VN, NAPAS GUI `A000000727`;
/// person-to-person codes omit 52/59/60, MoMo writes 80 as a plain value, names run past
/// EMV's lengths in Vietnamese.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("vietqr", "VietQR (Vietnam)", "VN", &[money("704", 0)]);
    d.options = d
        .options
        .allow_missing(52, true)
        .allow_missing(59, true)
        .allow_missing(60, true)
        .allow_unreserved_primitives(true)
        .allow_non_ascii(true)
        .allow_long_name_city(true);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names: |_, _, _| &[(2, "service_code")],
        nested: &[(1, BENEFICIARY)],
        ..Routes::PLAIN
    };
    d
};

/// The parts of the beneficiary template (38.01).
const BENEFICIARY: Names = &[(0, "bin"), (1, "account")];

/// The registry row of VNPAY-QR: VND, country VN, GUI `A000000775`, non-ASCII names.
pub(crate) const VNPAY: Desc = {
    let mut d = Desc::national("vnpay", "VNPAY-QR (Vietnam)", "VN", &[money("704", 0)]);
    d.options = d.options.allow_non_ascii(true);
    d.rules = rules_vnpay;
    d.tail = Tail {
        decimals: false,
        ..Tail::FULL
    };
    d.guis = &[Gui::Exact(VNPAY_GUI)];
    d
};

fn vnpay_account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, VNPAY_GUI))
}

/// The NAPAS GUI of VietQR.
pub const GUI: &str = "A000000727";
/// The VNPAY-QR GUI.
pub const VNPAY_GUI: &str = "A000000775";
/// Service code: transfer to an account.
pub const TO_ACCOUNT: &str = "QRIBFTTA";
/// Service code: transfer to a card.
pub const TO_CARD: &str = "QRIBFTTC";
/// Service code: merchant push payment.
pub const PUSH: &str = "QRPUSH";

/// The VietQR template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

/// The beneficiary organisation (sub-01) of a VietQR template, as a template.
pub fn beneficiary<'a>(t: &Template<'a>, p: &Payload<'_>) -> Option<Template<'a>> {
    sub(t, 1).map(|b| Template::new(b, p.options().unit()))
}

/// The VietQR rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return rules::no_account(sink, p);
    };
    match beneficiary(&t, p) {
        None => missing_sub(sink, &t, 1)?,
        Some(b) => {
            if let Some(Err(e)) = b.iter().find(Result::is_err) {
                sink.error(e)?;
            }
            match sub(&b, 0) {
                None => missing_sub(sink, &b, 0)?,
                Some(bin) if !(bin.value().len() == 6 && digits(bin.value())) => {
                    at_value(sink, ErrorKind::InvalidValue, &bin)?;
                }
                Some(_) => {}
            }
            match sub(&b, 1) {
                None => missing_sub(sink, &b, 1)?,
                Some(acct) if acct.value().chars().count() > 19 => {
                    at_object(sink, ErrorKind::ValueTooLong, &acct)?;
                }
                Some(acct) if !acct.value().bytes().all(|c| c.is_ascii_alphanumeric()) => {
                    at_value(sink, ErrorKind::InvalidCharacter, &acct)?;
                }
                Some(_) => {}
            }
        }
    }
    match sub(&t, 2) {
        None => missing_sub(sink, &t, 2)?,
        Some(s) if ![TO_ACCOUNT, TO_CARD, PUSH].contains(&s.value()) => {
            at_value(sink, ErrorKind::InvalidValue, &s)?;
        }
        Some(_) => {}
    }
    Ok(())
}

/// The VNPAY-QR rules beyond EMV.
fn rules_vnpay(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = rules::account(p, |g| eq_ci(g, VNPAY_GUI)) else {
        return rules::no_account(sink, p);
    };
    if sub(&t, 1).is_none() {
        missing_sub(sink, &t, 1)?;
    }
    Ok(())
}

view! {
    /// A VietQR code.
    VietQr, Scheme::VietQr, account = account
}

impl<'a> VietQr<'a> {
    /// 38.01.00 acquirer bank BIN.
    pub fn bin(&self) -> Option<&'a str> {
        beneficiary(&self.account, &self.payload).and_then(|b| b.get(0))
    }

    /// 38.01.01 account or card number.
    pub fn account_number(&self) -> Option<&'a str> {
        beneficiary(&self.account, &self.payload).and_then(|b| b.get(1))
    }

    /// 38.02 service code.
    pub fn service_code(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 62.08 purpose of the transfer.
    pub fn purpose(&self) -> Option<&'a str> {
        self.payload.additional_data().and_then(|a| a.purpose())
    }
}

view! {
    /// A VNPAY-QR code.
    Vnpay, Scheme::Vnpay, account = vnpay_account
}

impl<'a> Vnpay<'a> {
    /// 26.01 merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(1)
    }
}

#[cfg(feature = "alloc")]
pub use build::VietQrBuilder;

#[cfg(feature = "alloc")]
mod build {
    use alloc::borrow::Cow;
    use alloc::string::String;

    use super::*;
    use crate::builder::{PayloadBuilder, TemplateBuilder};
    use crate::error::Error;

    /// Builds a VietQR code: template 38 (GUI, beneficiary BIN and account, service code), 53 =
    /// `704`, 54, 58 = `VN`, optional 59/60, 62.08 purpose. 01 is `12` with an amount, `11`
    /// without.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct VietQrBuilder<'a> {
        bin: Cow<'a, str>,
        number: Cow<'a, str>,
        service: &'static str,
        amount: Option<Cow<'a, str>>,
        purpose: Option<Cow<'a, str>>,
        name: Option<Cow<'a, str>>,
        city: Option<Cow<'a, str>>,
        mcc: Option<Cow<'a, str>>,
    }

    impl<'a> VietQrBuilder<'a> {
        fn new(bin: Cow<'a, str>, number: Cow<'a, str>, service: &'static str) -> Self {
            VietQrBuilder {
                bin,
                number,
                service,
                amount: None,
                purpose: None,
                name: None,
                city: None,
                mcc: None,
            }
        }

        /// A transfer to account `number` at the bank with BIN `bin` (`QRIBFTTA`).
        pub fn account(bin: impl Into<Cow<'a, str>>, number: impl Into<Cow<'a, str>>) -> Self {
            VietQrBuilder::new(bin.into(), number.into(), TO_ACCOUNT)
        }

        /// A transfer to card `number` issued by the bank with BIN `bin` (`QRIBFTTC`).
        pub fn card(bin: impl Into<Cow<'a, str>>, number: impl Into<Cow<'a, str>>) -> Self {
            VietQrBuilder::new(bin.into(), number.into(), TO_CARD)
        }

        /// The amount in dong (whole number).
        #[must_use]
        pub fn amount(mut self, amount: impl Into<Cow<'a, str>>) -> Self {
            self.amount = Some(amount.into());
            self
        }

        /// The purpose of the transfer (62.08).
        #[must_use]
        pub fn purpose(mut self, purpose: impl Into<Cow<'a, str>>) -> Self {
            self.purpose = Some(purpose.into());
            self
        }

        /// The beneficiary name (59).
        #[must_use]
        pub fn merchant_name(mut self, name: impl Into<Cow<'a, str>>) -> Self {
            self.name = Some(name.into());
            self
        }

        /// The beneficiary city (60).
        #[must_use]
        pub fn merchant_city(mut self, city: impl Into<Cow<'a, str>>) -> Self {
            self.city = Some(city.into());
            self
        }

        /// The merchant category code (52).
        #[must_use]
        pub fn mcc(mut self, mcc: impl Into<Cow<'a, str>>) -> Self {
            self.mcc = Some(mcc.into());
            self
        }

        /// The payload builder this code is made of.
        pub fn to_payload_builder(&self) -> PayloadBuilder<'a> {
            let beneficiary = TemplateBuilder::new()
                .set(0, self.bin.clone())
                .set(1, self.number.clone());
            let acct = TemplateBuilder::with_gui(GUI)
                .template(1, beneficiary)
                .set(2, self.service);
            let mut b = PayloadBuilder::new()
                .options(Scheme::VietQr.desc().options)
                .point_of_initiation(if self.amount.is_some() { "12" } else { "11" })
                .merchant_account_template(38, acct)
                .currency("704")
                .country("VN");
            b = b.set_some(54, self.amount.clone());
            b = b.set_some(52, self.mcc.clone());
            b = b.set_some(59, self.name.clone());
            b = b.set_some(60, self.city.clone());
            b = b.set_sub_some(62, 8, self.purpose.clone());
            b
        }

        /// Encodes and validates with the VietQR options and rules.
        ///
        /// # Errors
        /// A BIN that is not 6 digits, an account that is not 1–19 letters or digits, an
        /// amount that is not a whole number, and any EMV rule the fields break.
        pub fn build(&self) -> Result<String, Error> {
            let out = self.to_payload_builder().build()?;
            super::super::validate(Scheme::VietQr, &out)?;
            Ok(out)
        }
    }
}
