//! QR Ph (the Philippines, BSP / PPMI): person-to-merchant and person-to-person codes.
//!
//! P2M: template 27 or 28 with GUI `ph.ppmi.p2m` (or `ph.ppmi.p2micro`): `01` acquirer BIC,
//! `03` merchant ID, `05` further account data. P2P (InstaPay): template 27 with GUI
//! `com.p2pqrpay`: `01` BIC of the receiving institution, `02` payment type, `03`/`04`
//! account, `05` mobile number. Older PayMaya codes use `com.paymaya` and `com.bnapi.ipay`.
//! Currency PHP (608), country PH. 62.00 is used as a GUI (an RFU ID), which QR Ph allows.
//!
//! ```
//! use emvqr::profile::qrph::{QrPh, Kind};
//! let s = "00020101021127780012com.p2pqrpay0111PAPHPHM1XXX02089996440304126390604987410515+63-906-04987415204601653036085802PH5918Bernabe Jr Agustin6010Valenzuela63041475";
//! let q = QrPh::parse(s)?;
//! assert_eq!((q.kind(), q.bic(), q.mobile()), (Kind::P2p, Some("PAPHPHM1XXX"), Some("+63-906-0498741")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{self, at_value, eq_ci, missing_sub, starts_ci, sub, Checked, Sink};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes, Signal};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: PHP, country PH (or currency 608 without a country), GUIs `ph.ppmi.*`
/// and `com.p2pqrpay`; real codes use 62.00 as a GUI (an RFU ID); every merchant account
/// template of a QR Ph code routes through QR Ph.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("qrph", "QR Ph (Philippines)", "PH", &[money("608", 2)]);
    d.options = d.options.allow_rfu(true);
    d.rules = rules;
    d.signal = Signal::AccountOrCountry;
    d.guis = &[Gui::Exact(GUI_P2P), Gui::Prefix("ph.ppmi.")];
    d.routes = Routes {
        names,
        adopts: Some((26, 51)),
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, gui: &str, _: &Template<'_>) -> Names {
    match kind_of(gui) {
        Kind::P2p => &[(1, "bic"), (2, "payment_type"), (5, "mobile")],
        Kind::P2m => &[(1, "bic"), (3, "merchant_id")],
        Kind::Other => &[],
    }
}

/// GUI of P2M codes.
pub const GUI_P2M: &str = "ph.ppmi.p2m";
/// GUI of P2M codes of micro merchants.
pub const GUI_P2MICRO: &str = "ph.ppmi.p2micro";
/// GUI of P2P (InstaPay) codes.
pub const GUI_P2P: &str = "com.p2pqrpay";

/// Person-to-merchant or person-to-person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A merchant code (`ph.ppmi.p2m`, `ph.ppmi.p2micro`).
    P2m,
    /// A person-to-person code (`com.p2pqrpay`).
    P2p,
    /// A code of the older PayMaya layout, or without a QR Ph template.
    Other,
}

fn kind_of(gui: &str) -> Kind {
    if eq_ci(gui, GUI_P2P) {
        Kind::P2p
    } else if starts_ci(gui, "ph.ppmi.") {
        Kind::P2m
    } else {
        Kind::Other
    }
}

/// The QR Ph template (P2M or P2P) of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| kind_of(g) != Kind::Other)
}

fn bic_ok(v: &str) -> bool {
    matches!(v.len(), 8 | 11)
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The QR Ph rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    match account(p) {
        Some(t) => match sub(&t, 1) {
            None => missing_sub(sink, &t, 1)?,
            Some(b) if !bic_ok(b.value()) => at_value(sink, ErrorKind::InvalidValue, &b)?,
            Some(_) => {}
        },
        None if p.merchant_accounts().next().is_none() => rules::no_account(sink, p)?,
        None => {}
    }
    Ok(())
}

view! {
    /// A QR Ph code.
    QrPh, Scheme::QrPh
}

impl<'a> QrPh<'a> {
    /// The QR Ph template, if the code has one.
    pub fn account(&self) -> Option<Template<'a>> {
        account(&self.payload)
    }

    /// P2M, P2P or other.
    pub fn kind(&self) -> Kind {
        self.account()
            .and_then(|t| t.gui())
            .map_or(Kind::Other, kind_of)
    }

    fn get(&self, id: u8) -> Option<&'a str> {
        self.account().and_then(|t| t.get(id))
    }

    /// 01 BIC of the acquirer or receiving institution.
    pub fn bic(&self) -> Option<&'a str> {
        self.get(1)
    }

    /// 02 payment type (P2P).
    pub fn payment_type(&self) -> Option<&'a str> {
        self.get(2)
    }

    /// 03 merchant ID (P2M) or account (P2P).
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.get(3)
    }

    /// 04 account number (P2P).
    pub fn account_number(&self) -> Option<&'a str> {
        self.get(4)
    }

    /// 05 mobile number (P2P) or further account data (P2M).
    pub fn mobile(&self) -> Option<&'a str> {
        self.get(5)
    }
}
