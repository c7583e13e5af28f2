//! PayNow (Singapore), alone or inside an SGQR code.
//!
//! The PayNow template (any of 26–51, usually 26) has GUI `SG.PAYNOW`: `01` proxy type (`0`
//! mobile, `2` UEN), `02` proxy value (`+65…` or the UEN), `03` amount editable (`1` yes,
//! `0` no), `04` expiry date `YYYYMMDD` — the end of that day in Singapore time (UTC+8).
//! 62.01 carries the payment reference.
//!
//! ```
//! use emvqr::profile::paynow::{PayNow, PayNowBuilder, ProxyType};
//! let s = PayNowBuilder::uen("200002150HWCF").amount("100").reference("INV/TEST/0001")
//!     .merchant_name("company_1_data").expiry("20991231").build()?;
//! let p = PayNow::parse(&s)?;
//! assert_eq!((p.proxy_type(), p.proxy()), (Some(ProxyType::Uen), Some("200002150HWCF")));
//! assert_eq!((p.amount_editable(), p.reference()), (Some(false), Some("INV/TEST/0001")));
//! // 2099-12-31T23:59:59.999+08:00
//! assert_eq!(p.expires_at_ms(), Some(4_102_415_999_999));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{self, at_value, eq_ci, is_date, missing_sub, sub, Checked, Sink};
use crate::profile::scheme::{money, At, Desc, ExpiryForm, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;
use crate::time;

/// The registry row: SGD, country SG, GUI `SG.PAYNOW`; 26.03 says whether the amount may
/// change, 26.04 is the last day the code is payable (Singapore time).
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("paynow", "PayNow (Singapore)", "SG", &[money("702", 2)]);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        values: &[(1, "0", "mobile"), (1, "2", "uen")],
        expiry: Some((At::Account(4), ExpiryForm::EndOfDay(time::UTC_PLUS_8))),
        editable: Some((At::Account(3), "1", "0")),
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[
        (1, "proxy_type"),
        (2, "proxy"),
        (3, "amount_editable"),
        (4, "expiry_date"),
    ]
}

/// The PayNow GUI.
pub const GUI: &str = "SG.PAYNOW";

/// What the PayNow proxy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProxyType {
    /// `0`: a mobile number (`+65…`).
    Mobile,
    /// `2`: a Unique Entity Number (a business).
    Uen,
}

impl ProxyType {
    /// The code of 01 (`"0"` or `"2"`).
    pub fn code(self) -> &'static str {
        match self {
            ProxyType::Mobile => "0",
            ProxyType::Uen => "2",
        }
    }
}

/// The PayNow template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

fn mobile_ok(v: &str) -> bool {
    v.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && rules::digits(d))
}

/// The PayNow rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return rules::no_account(sink, p);
    };
    let kind = sub(&t, 1);
    match kind {
        None => missing_sub(sink, &t, 1)?,
        Some(k) if !matches!(k.value(), "0" | "2") => at_value(sink, ErrorKind::InvalidValue, &k)?,
        Some(_) => {}
    }
    match sub(&t, 2) {
        None => missing_sub(sink, &t, 2)?,
        Some(v) if kind.is_some_and(|k| k.value() == "0") && !mobile_ok(v.value()) => {
            at_value(sink, ErrorKind::InvalidValue, &v)?;
        }
        Some(_) => {}
    }
    if let Some(e) = sub(&t, 3) {
        if !matches!(e.value(), "0" | "1") {
            at_value(sink, ErrorKind::InvalidValue, &e)?;
        }
    }
    if let Some(d) = sub(&t, 4) {
        if !is_date(d.value()) {
            at_value(sink, ErrorKind::InvalidValue, &d)?;
        }
    }
    Ok(())
}

view! {
    /// A PayNow code (or the PayNow part of an SGQR code).
    PayNow, Scheme::PayNow, account = account
}

impl<'a> PayNow<'a> {
    /// 01 proxy type.
    pub fn proxy_type(&self) -> Option<ProxyType> {
        match self.account.get(1) {
            Some("0") => Some(ProxyType::Mobile),
            Some("2") => Some(ProxyType::Uen),
            _ => None,
        }
    }

    /// 02 proxy value.
    pub fn proxy(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 03 whether the payer may edit the amount.
    pub fn amount_editable(&self) -> Option<bool> {
        match self.account.get(3) {
            Some("1") => Some(true),
            Some("0") => Some(false),
            _ => None,
        }
    }

    /// 04 expiry date `YYYYMMDD`.
    pub fn expiry_date(&self) -> Option<&'a str> {
        self.account.get(4)
    }

    /// The expiry as milliseconds since the Unix epoch: the last millisecond of the expiry
    /// date in Singapore time.
    pub fn expires_at_ms(&self) -> Option<i64> {
        self.expiry_date()
            .and_then(|d| time::end_of_day_ms(d, time::UTC_PLUS_8))
    }

    /// 62.01 payment reference.
    pub fn reference(&self) -> Option<&'a str> {
        self.payload.additional_data().and_then(|a| a.bill_number())
    }
}

#[cfg(feature = "alloc")]
pub use build::PayNowBuilder;

#[cfg(feature = "alloc")]
mod build {
    use alloc::borrow::Cow;
    use alloc::string::String;

    use super::*;
    use crate::builder::{PayloadBuilder, TemplateBuilder};
    use crate::error::Error;

    /// Builds a PayNow code: template 26 (`SG.PAYNOW`, proxy type, proxy, editable, expiry),
    /// 52 = `0000`, 53 = `702`, 54, 58 = `SG`, 59 (default `NA`), 60 (default `Singapore`),
    /// 62.01 reference. 01 is `12` when an amount is set, `11` otherwise.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PayNowBuilder<'a> {
        proxy_type: ProxyType,
        proxy: Cow<'a, str>,
        amount: Option<Cow<'a, str>>,
        editable: Option<bool>,
        expiry: Option<Cow<'a, str>>,
        reference: Option<Cow<'a, str>>,
        name: Cow<'a, str>,
        city: Cow<'a, str>,
        mcc: Cow<'a, str>,
    }

    impl<'a> PayNowBuilder<'a> {
        fn new(proxy_type: ProxyType, proxy: Cow<'a, str>) -> Self {
            PayNowBuilder {
                proxy_type,
                proxy,
                amount: None,
                editable: None,
                expiry: None,
                reference: None,
                name: Cow::Borrowed("NA"),
                city: Cow::Borrowed("Singapore"),
                mcc: Cow::Borrowed("0000"),
            }
        }

        /// Pays a mobile number (`+6591234567`).
        pub fn mobile(mobile: impl Into<Cow<'a, str>>) -> Self {
            PayNowBuilder::new(ProxyType::Mobile, mobile.into())
        }

        /// Pays a business by its UEN.
        pub fn uen(uen: impl Into<Cow<'a, str>>) -> Self {
            PayNowBuilder::new(ProxyType::Uen, uen.into())
        }

        /// The amount in dollars (at most 2 decimals).
        #[must_use]
        pub fn amount(mut self, amount: impl Into<Cow<'a, str>>) -> Self {
            self.amount = Some(amount.into());
            self
        }

        /// Whether the payer may change the amount (default: only when no amount is set).
        #[must_use]
        pub fn editable(mut self, yes: bool) -> Self {
            self.editable = Some(yes);
            self
        }

        /// Expiry date `YYYYMMDD` (Singapore time).
        #[must_use]
        pub fn expiry(mut self, yyyymmdd: impl Into<Cow<'a, str>>) -> Self {
            self.expiry = Some(yyyymmdd.into());
            self
        }

        /// Payment reference (62.01, up to 25 characters).
        #[must_use]
        pub fn reference(mut self, reference: impl Into<Cow<'a, str>>) -> Self {
            self.reference = Some(reference.into());
            self
        }

        /// Merchant name (59; `NA` by default).
        #[must_use]
        pub fn merchant_name(mut self, name: impl Into<Cow<'a, str>>) -> Self {
            self.name = name.into();
            self
        }

        /// Merchant city (60; `Singapore` by default).
        #[must_use]
        pub fn merchant_city(mut self, city: impl Into<Cow<'a, str>>) -> Self {
            self.city = city.into();
            self
        }

        /// Merchant category code (52; `0000` by default).
        #[must_use]
        pub fn mcc(mut self, mcc: impl Into<Cow<'a, str>>) -> Self {
            self.mcc = mcc.into();
            self
        }

        /// The payload builder this code is made of.
        pub fn to_payload_builder(&self) -> PayloadBuilder<'a> {
            let editable = self.editable.unwrap_or(self.amount.is_none());
            let mut acct = TemplateBuilder::with_gui(GUI)
                .set(1, self.proxy_type.code())
                .set(2, self.proxy.clone())
                .set(3, if editable { "1" } else { "0" });
            if let Some(e) = &self.expiry {
                acct = acct.set(4, e.clone());
            }
            let mut b = PayloadBuilder::new()
                .point_of_initiation(if self.amount.is_some() { "12" } else { "11" })
                .merchant_account_template(26, acct)
                .mcc(self.mcc.clone())
                .currency("702")
                .country("SG")
                .merchant_name(self.name.clone())
                .merchant_city(self.city.clone());
            b = b.set_some(54, self.amount.clone());
            b = b.set_sub_some(62, 1, self.reference.clone());
            b
        }

        /// Encodes and validates (strict EMV and the PayNow rules).
        ///
        /// # Errors
        /// A mobile number not written `+` and digits, an invalid expiry date, an amount with
        /// more than 2 decimals, and any EMV rule the fields break.
        pub fn build(&self) -> Result<String, Error> {
            let out = self.to_payload_builder().build()?;
            super::super::validate(Scheme::PayNow, &out)?;
            Ok(out)
        }
    }
}
