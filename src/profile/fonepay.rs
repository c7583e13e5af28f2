//! Fonepay (Nepal).
//!
//! Template 26 with GUI `fonepay.com` (also `np.fonepay`, `np.com.fonepay`), `07` the merchant
//! ID. Currency NPR (524), country NP.
//!
//! ```
//! use emvqr::profile::fonepay::Fonepay;
//! let s = "00020101021126350011fonepay.com071622226100158730565204527153035245802NP5915Prakash Store 16012Pokhariya MC62110707162568663048986";
//! assert_eq!(Fonepay::parse(s)?.merchant_id(), Some("2222610015873056"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::detect::gui_network;
use crate::profile::rules::{self, Checked, Sink};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: NPR, country NP, Fonepay's GUIs; real codes write the CRC in lowercase.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("fonepay", "Fonepay (Nepal)", "NP", &[money("524", 2)]);
    d.options = d.options.allow_lowercase_crc(true);
    d.rules = rules;
    d.guis = &[
        Gui::Exact("fonepay.com"),
        Gui::Exact("np.fonepay"),
        Gui::Exact("np.com.fonepay"),
    ];
    d.routes = Routes {
        names,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[(7, "merchant_id")]
}

/// The Fonepay template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| gui_network(g) == Some(Scheme::Fonepay))
}

/// The Fonepay rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    if account(p).is_none() {
        return rules::no_account(sink, p);
    }
    Ok(())
}

view! {
    /// A Fonepay code.
    Fonepay, Scheme::Fonepay, account = account
}

impl<'a> Fonepay<'a> {
    /// 07 merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(7)
    }
}
