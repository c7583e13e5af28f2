//! SGQR (Singapore): the common QR label that gathers many payment schemes in one code.
//!
//! Template 51 (`SG.SGQR`) identifies the label: `01` SGQR ID (12 characters), `02` version
//! (`01.0003`), `03` postal code, `04` level, `05` unit number, `06` miscellaneous, `07` date
//! of the latest revision (`YYYYMMDD`). The other merchant accounts are the schemes accepted:
//! PayNow (see [`super::paynow`]), NETS (`SG.COM.NETS`), GrabPay, WeChat Pay, card primitives,
//! and many GUIs of local wallets. An SGQR code may exceed the 512 characters EMV suggests.
//!
//! ```
//! use emvqr::profile::sgqr::Sgqr;
//! use emvqr::profile::Scheme;
//! let s = "00020101021126520008com.grab01365af16fa7-25d5-442b-8c19-b88ddafb14c727330015sg.com.dash.www0110000000464728810011SG.COM.NETS01231198500065G99123123590002111118778720003088778720199084136B4AE51800007SG.SGQR011218090900176B020700.00210306079027040201050213060400000708201809115204581253037025802SG5909TOAST BOX6009Singapore6304B081";
//! let q = Sgqr::parse(s)?;
//! assert_eq!(q.id(), Some("18090900176B"));
//! assert_eq!(q.revision_date(), Some("20180911"));
//! let networks: Vec<_> = q.accounts().map(|(_, n)| n).collect();
//! assert_eq!(networks, [Some(Scheme::GrabPay), None, Some(Scheme::Nets), Some(Scheme::Sgqr)]);
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::detect::account_network;
use crate::profile::rules::{
    self, at_object, at_value, eq_ci, is_date, missing_sub, sub, Checked, Sink,
};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::{MerchantAccount, Template};

/// The registry row: SGD, country SG, the identity template `SG.SGQR`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("sgqr", "SGQR (Singapore)", "SG", &[money("702", 2)]);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[
        (1, "sgqr_id"),
        (2, "version"),
        (3, "postal_code"),
        (4, "level"),
        (5, "unit"),
        (6, "misc"),
        (7, "revision_date"),
    ]
}

/// GUI of the SGQR identity template (51).
pub const GUI: &str = "SG.SGQR";

/// The SGQR identity template of a payload.
pub fn identity<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

/// The SGQR rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = identity(p) else {
        return rules::no_account(sink, p);
    };
    match sub(&t, 1) {
        None => missing_sub(sink, &t, 1)?,
        Some(id)
            if id.value().len() != 12 || !id.value().bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            at_object(sink, ErrorKind::WrongLength, &id)?;
        }
        Some(_) => {}
    }
    if sub(&t, 2).is_none() {
        missing_sub(sink, &t, 2)?;
    }
    if let Some(d) = sub(&t, 7) {
        if !is_date(d.value()) {
            at_value(sink, ErrorKind::InvalidValue, &d)?;
        }
    }
    Ok(())
}

view! {
    /// An SGQR code.
    Sgqr, Scheme::Sgqr, account = identity
}

impl<'a> Sgqr<'a> {
    /// The SGQR identity template (51, `SG.SGQR`).
    pub fn identity(&self) -> Template<'a> {
        self.account
    }

    /// 51.01 SGQR ID number.
    pub fn id(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// 51.02 version (`01.0003`).
    pub fn version(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 51.03 postal code.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// 51.04 level.
    pub fn level(&self) -> Option<&'a str> {
        self.account.get(4)
    }

    /// 51.05 unit number.
    pub fn unit(&self) -> Option<&'a str> {
        self.account.get(5)
    }

    /// 51.06 miscellaneous.
    pub fn misc(&self) -> Option<&'a str> {
        self.account.get(6)
    }

    /// 51.07 date of the latest revision (`YYYYMMDD`).
    pub fn revision_date(&self) -> Option<&'a str> {
        self.account.get(7)
    }

    /// Every merchant account with the network it belongs to (`None` for GUIs this crate does
    /// not name), in payload order.
    pub fn accounts(&self) -> impl Iterator<Item = (MerchantAccount<'a>, Option<Scheme>)> + 'a {
        let unit = self.payload.options().unit();
        self.payload.merchant_accounts().map(move |m| {
            let tlv = match m {
                MerchantAccount::Primitive(t) => t,
                MerchantAccount::Template(t) => t.tlv(),
            };
            (m, account_network(&tlv, unit))
        })
    }
}
