//! Uzbekistan's Paynet "qr-online" codes.
//!
//! Sources: real Paynet codes in public code (see the vectors). The account template (40) has
//! GUI `qr-online.uz`: `01` the merchant ID, `02` `11`; template 80 repeats the GUI with
//! contact data. The codes usually travel wrapped in a URL
//! (`https://app.paynet.uz/qr-online/<payload>`), which the verdict unwraps. Currency UZS
//! (860), country UZ.
//!
//! ```
//! use emvqr::profile::uzqr::UzQr;
//! let s = "00020101021140440012qr-online.uz01186r0C2GWSuXEb8UE7KQ0202115204531153038605802UZ5910AO'PAYNET'6008Tashkent610610002164280002uz0106PAYNET0208Toshkent80520012qr-online.uz03097120207070419marketing@paynet.uz6304A3D2";
//! assert_eq!(UzQr::parse(s)?.merchant_id(), Some("6r0C2GWSuXEb8UE7KQ"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The Paynet GUI.
pub const GUI: &str = "qr-online.uz";

/// The registry row: UZS, country UZ, GUI `qr-online.uz`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national(
        "uzqr",
        "Paynet qr-online (Uzbekistan)",
        "UZ",
        &[money("860", 2)],
    );
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[1]);
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names: |_, _, _| -> Names { &[(1, "merchant_id"), (2, "type")] },
        ..Routes::PLAIN
    };
    d
};

/// The Paynet account template of a payload (a merchant account template 26–51).
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A Paynet qr-online code.
    UzQr, Scheme::UzQr, account = account
}

impl<'a> UzQr<'a> {
    /// `01` the merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(1)
    }
}
