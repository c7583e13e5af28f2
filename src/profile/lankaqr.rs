//! LankaQR (Sri Lanka, Central Bank of Sri Lanka).
//!
//! LankaQR codes carry card primitives (02–05, 15–16) and a template 26 whose sub-00 is a
//! numeric identifier rather than a GUI (its inner structure is not published). Currency LKR
//! (144), country LK. Real codes use the RFU sub-ID 62.00 as a GUI, which LankaQR allows.
//!
//! ```
//! use emvqr::profile::lankaqr::LankaQr;
//! let s = "0002010102112632002816728000581200000000100000055204581253031445502015802LK5909Vits Food6007Colombo61050080062580032537c0a88562e4a599cab63d1992f0dac05181600766683296-000563042AB7";
//! let l = LankaQr::parse(s)?;
//! assert_eq!(l.merchant_identifier(), Some("1672800058120000000010000005"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::profile::scheme::{money, CountryRule, Desc, Gui, Routes, Signal};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: LKR, country LK required (or currency 144 without a country), the GUI
/// `LK.CBSL.QR`; real codes use 62.00 as a GUI (an RFU ID); every merchant account template
/// of a LankaQR code routes through LankaQR.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("lankaqr", "LankaQR (Sri Lanka)", "LK", &[money("144", 2)]);
    d.options = d.options.allow_rfu(true);
    d.tail.country = CountryRule::Required;
    d.signal = Signal::AccountOrCountry;
    d.guis = &[Gui::Exact("LK.CBSL.QR")];
    d.routes = Routes {
        adopts: Some((26, 51)),
        ..Routes::PLAIN
    };
    d
};

view! {
    /// The LankaQR rules beyond EMV.
    /// A LankaQR code.
    LankaQr, Scheme::LankaQr
}

impl<'a> LankaQr<'a> {
    /// Template 26.
    pub fn account(&self) -> Option<Template<'a>> {
        self.payload
            .merchant_account(26)
            .and_then(|m| m.as_template().copied())
    }

    /// Sub-00 of template 26: the LankaQR merchant identifier.
    pub fn merchant_identifier(&self) -> Option<&'a str> {
        self.account().and_then(|t| t.gui())
    }
}
