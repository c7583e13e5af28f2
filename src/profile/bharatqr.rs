//! Bharat QR and UPI inside EMV payloads (India, NPCI).
//!
//! Bharat QR carries card primitives — 02/03 Visa, 04/05 Mastercard, 06/07 RuPay (a 16-digit
//! merchant PAN with a Luhn check digit), 11/12 Amex — and 08, an IFSC (11 characters) followed
//! by an account number (up to 26). UPI appears as templates with RID `A000000524`: in 26 the
//! `01` VPA (`name@psp`) and `02` a minimum amount, in 27 the `01` transaction reference (4–35)
//! and `02` a URL. Currency INR (356), country IN; real codes use lowercase CRCs, which
//! Bharat QR allows.
//!
//! ```
//! use emvqr::profile::bharatqr::BharatQr;
//! let s = "000201010212021643926300000000850415540461000000008061661005900000000890827YESB0CMSNOC222333004882700126430010A0000005240117razorpaybqr@icici02041.1027350010A0000005240117RZPGT8ildsFTgS5Sp52047531530335654041.105802IN5906zxcbmn6005Delhi610611008562300514GT8ildsFTgS5Sp070838R004506304B6A9";
//! let b = BharatQr::parse(s)?;
//! assert_eq!(b.vpa(), Some("razorpaybqr@icici"));
//! assert_eq!(b.ifsc(), Some("YESB0CMSNOC"));
//! assert_eq!(b.rupay_pan(), Some("6100590000000089"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::detect::is_ifsc_account;
use crate::profile::rules::{
    self, at_object, at_value, eq_ci, luhn, missing_sub, root, sub, Checked, Sink,
};
use crate::profile::scheme::{money, Desc, Gui, Names, Primitive, Routes, Signal, Tail};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// India's currency and the decimals its codes write.
const INR: &[crate::profile::scheme::Money] = &[money("356", 2)];

/// The registry row of Bharat QR: INR, country IN (or currency 356 without a country), or an
/// IFSC and account in 08; real codes write the CRC in lowercase.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("bharatqr", "Bharat QR (India)", "IN", INR);
    d.options = d.options.allow_lowercase_crc(true);
    d.rules = rules;
    d.signal = Signal::AccountOrCountry;
    d.primitives = (&[8], Some(is_ifsc_account));
    d.routes = Routes {
        primitive: Primitive::IfscAccount,
        ..Routes::PLAIN
    };
    d
};

/// The registry row of UPI inside EMV: a payment network (templates with RID `A000000524`)
/// with India's currency, country and decimals.
pub(crate) const UPI: Desc = {
    let mut d = Desc::network("upi", "UPI (India)");
    d.country = Some("IN");
    d.currencies = INR;
    d.tail = Tail::FULL;
    d.options = d.options.allow_lowercase_crc(true);
    d.rules = rules_upi;
    d.guis = &[Gui::Exact(UPI_GUI)];
    d.routes = Routes {
        names: upi_names,
        ..Routes::PLAIN
    };
    d
};

fn upi_names(_: u8, _: &str, t: &Template<'_>) -> Names {
    if t.get(1).is_some_and(|v| v.contains('@')) {
        &[(1, "vpa"), (2, "min_amount")]
    } else {
        &[(1, "reference"), (2, "url")]
    }
}

fn upi_account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    upi_accounts(p).next()
}

/// The RID that marks UPI templates.
pub const UPI_GUI: &str = "A000000524";

/// The UPI templates of a payload, in order.
pub fn upi_accounts<'a>(p: &Payload<'a>) -> impl Iterator<Item = Template<'a>> + 'a {
    p.merchant_accounts().filter_map(|m| {
        m.as_template()
            .copied()
            .filter(|t| t.gui().is_some_and(|g| eq_ci(g, UPI_GUI)))
    })
}

fn check_upi_templates(p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    for t in upi_accounts(p) {
        match sub(&t, 1) {
            None => missing_sub(sink, &t, 1)?,
            Some(v) if t.id().get() == 26 && v.value().split('@').count() != 2 => {
                at_value(sink, ErrorKind::InvalidValue, &v)?;
            }
            Some(v) if t.id().get() == 27 && !(4..=35).contains(&v.value().chars().count()) => {
                at_object(sink, ErrorKind::WrongLength, &v)?;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// The Bharat QR rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    for id in [6u8, 7] {
        if let Some(t) = root(p, id) {
            if !(t.value().len() == 16 && luhn(t.value())) {
                at_value(sink, ErrorKind::InvalidValue, &t)?;
            }
        }
    }
    if let Some(t) = root(p, 8) {
        if !is_ifsc_account(t.value()) || t.value().len() > 37 {
            at_value(sink, ErrorKind::InvalidValue, &t)?;
        }
    }
    check_upi_templates(p, sink)
}

/// The rules of UPI inside EMV.
fn rules_upi(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    if upi_accounts(p).next().is_none() {
        return rules::no_account(sink, p);
    }
    check_upi_templates(p, sink)
}

view! {
    /// A Bharat QR code.
    BharatQr, Scheme::BharatQr
}

impl<'a> BharatQr<'a> {
    const fn from_payload(payload: Payload<'a>) -> BharatQr<'a> {
        BharatQr { payload }
    }

    /// 02 (or 03) Visa merchant ID.
    pub fn visa(&self) -> Option<&'a str> {
        self.primitive(2).or_else(|| self.primitive(3))
    }

    /// 04 (or 05) Mastercard merchant ID.
    pub fn mastercard(&self) -> Option<&'a str> {
        self.primitive(4).or_else(|| self.primitive(5))
    }

    /// 06 (or 07) RuPay merchant PAN.
    pub fn rupay_pan(&self) -> Option<&'a str> {
        self.primitive(6).or_else(|| self.primitive(7))
    }

    /// 11 (or 12) Amex merchant ID.
    pub fn amex(&self) -> Option<&'a str> {
        self.primitive(11).or_else(|| self.primitive(12))
    }

    /// 08 IFSC (the first 11 characters).
    pub fn ifsc(&self) -> Option<&'a str> {
        self.primitive(8).and_then(|v| v.get(..11))
    }

    /// 08 bank account number (after the IFSC).
    pub fn bank_account(&self) -> Option<&'a str> {
        self.primitive(8).and_then(|v| v.get(11..))
    }

    /// The UPI VPA (26.01).
    pub fn vpa(&self) -> Option<&'a str> {
        upi_accounts(&self.payload)
            .filter_map(|t| t.get(1))
            .find(|v| v.contains('@'))
    }

    /// The UPI transaction reference (27.01).
    pub fn upi_reference(&self) -> Option<&'a str> {
        upi_accounts(&self.payload)
            .filter(|t| t.id().get() == 27)
            .find_map(|t| t.get(1))
    }

    fn primitive(&self, id: u8) -> Option<&'a str> {
        root(&self.payload, id).map(|t| t.value())
    }
}

view! {
    /// UPI inside an EMV payload (templates with RID `A000000524`).
    Upi, Scheme::Upi, account = upi_account
}

impl<'a> Upi<'a> {
    /// The VPA (`name@psp`).
    pub fn vpa(&self) -> Option<&'a str> {
        BharatQr::from_payload(self.payload).vpa()
    }

    /// The minimum amount (26.02).
    pub fn min_amount(&self) -> Option<&'a str> {
        upi_accounts(&self.payload)
            .find(|t| t.get(1).is_some_and(|v| v.contains('@')))
            .and_then(|t| t.get(2))
    }

    /// The transaction reference (27.01).
    pub fn reference(&self) -> Option<&'a str> {
        BharatQr::from_payload(self.payload).upi_reference()
    }
}
