//! LAO QR (Laos, LAPNet), with the U-Money wallet's template.
//!
//! Sources: LAPNet's LAO QR layout as quoted by public integrations, and real BCEL OnePay and
//! U-Money codes found in public code (see the vectors). Interbank codes carry template **38**
//! with GUI `A005266284662577`: `01` the member's IIN (8 digits, `27710418` is BCEL), `02` the
//! code type (`001`/`002`), `03` the merchant or receiver ID; most also carry UnionPay's tag
//! `15`. The U-Money wallet writes template **29** with GUI `UMONEY`: `01` the account, `02` the
//! holder's name. Currency LAK (418), country LA.
//!
//! ```
//! use emvqr::profile::laoqr::LaoQr;
//! let s = "00020101021115312738041800520446mch19B73F61B9E038570016A00526628466257701082771041802030020314mch19B73F61B9E5204569153034185802LA5916AKAPHON XAYYABED6002VT62120208586625406304C735";
//! let q = LaoQr::parse(s)?;
//! assert_eq!((q.member_iin(), q.merchant_id()), (Some("27710418"), Some("mch19B73F61B9E")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self, digits_sub, eq_ci, missing_sub, no_account, sub, Checked, Sink};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// GUI of the interbank template (38).
pub const GUI: &str = "A005266284662577";
/// GUI of the U-Money wallet's template (29).
pub const UMONEY_GUI: &str = "UMONEY";

/// The registry row: LAK, country LA, the LAPNet and U-Money GUIs.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("laoqr", "LAO QR (Laos)", "LA", &[money("418", 2)]);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI), Gui::Exact(UMONEY_GUI)];
    d.routes = Routes {
        names,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, gui: &str, _: &Template<'_>) -> Names {
    if eq_ci(gui, UMONEY_GUI) {
        &[(1, "account"), (2, "name")]
    } else {
        &[(1, "member_iin"), (2, "type"), (3, "merchant_id")]
    }
}

/// The LAO QR account template (38, or U-Money's 29) of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI) || eq_ci(g, UMONEY_GUI))
}

/// The LAO QR rules beyond EMV and the shared tail: the member's IIN is 8 digits and the
/// merchant or receiver ID is present (interbank); the account is present (U-Money).
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return no_account(sink, p);
    };
    if t.gui().is_some_and(|g| eq_ci(g, UMONEY_GUI)) {
        return match sub(&t, 1) {
            None => missing_sub(sink, &t, 1),
            Some(_) => Ok(()),
        };
    }
    digits_sub(sink, &t, 1, &[8])?;
    if sub(&t, 3).is_none() {
        missing_sub(sink, &t, 3)?;
    }
    Ok(())
}

view! {
    /// A LAO QR code.
    LaoQr, Scheme::LaoQr, account = account
}

impl<'a> LaoQr<'a> {
    /// Whether the code is the U-Money wallet's.
    pub fn is_umoney(&self) -> bool {
        self.account.gui().is_some_and(|g| eq_ci(g, UMONEY_GUI))
    }

    /// 38.01 the member's IIN (interbank codes).
    pub fn member_iin(&self) -> Option<&'a str> {
        (!self.is_umoney()).then(|| self.account.get(1)).flatten()
    }

    /// 38.02 the code type (interbank codes).
    pub fn code_type(&self) -> Option<&'a str> {
        (!self.is_umoney()).then(|| self.account.get(2)).flatten()
    }

    /// 38.03 the merchant or receiver ID (interbank codes).
    pub fn merchant_id(&self) -> Option<&'a str> {
        (!self.is_umoney()).then(|| self.account.get(3)).flatten()
    }

    /// 29.01 the U-Money account.
    pub fn umoney_account(&self) -> Option<&'a str> {
        self.is_umoney().then(|| self.account.get(1)).flatten()
    }
}

/// A LAO QR interbank code (template 38) for the member `iin` (8 digits), of type `kind`
/// (`001` or `002`), paying `merchant_id`.
#[cfg(feature = "alloc")]
pub fn builder<'a>(
    iin: impl Into<alloc::borrow::Cow<'a, str>>,
    kind: impl Into<alloc::borrow::Cow<'a, str>>,
    merchant_id: impl Into<alloc::borrow::Cow<'a, str>>,
) -> crate::profile::build::SchemeBuilder<'a> {
    let t = crate::builder::TemplateBuilder::with_gui(GUI)
        .set(1, iin)
        .set(2, kind)
        .set(3, merchant_id);
    crate::profile::build::SchemeBuilder::new(Scheme::LaoQr, 38, t)
}
