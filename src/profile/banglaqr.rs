//! Bangla QR (Bangladesh, Bangladesh Bank).
//!
//! Sources: real and documented codes in public code (see the vectors). Each institution
//! writes its own GUI in its account template (26–51): `com.pubalibankbd`, `com.pathaopay`,
//! `bd.org.bb.npsb` (NPSB, the interbank switch), …; `01` the type, `02` the bank code, `03` the
//! account. An unreserved template (80–99) may repeat the GUI. Some codes are UnionPay-only
//! (tag 15). The scheme is recognised by those GUIs or the country BD (currency 050 without a
//! country); every account template of a Bangla QR code routes through it. Currency BDT (050),
//! country BD.
//!
//! ```
//! use emvqr::profile::banglaqr::BanglaQr;
//! let s = "00020101021126560016com.pubalibankbd0102000204017503189017520000116943115204541153030505802BD5925GOPI SANKAR BANIK        6005DHAKA62320211019147997620713PBLQR0116943164170002bn0107bangali91200016com.pubalibankbd6304EE51";
//! let q = BanglaQr::parse(s)?;
//! assert_eq!((q.bank_code(), q.account_number()), (Some("0175"), Some("901752000011694311")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self, Checked, Sink};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes, Signal};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The GUI of NPSB, the interbank switch.
pub const NPSB_GUI: &str = "bd.org.bb.npsb";

/// Institutions' GUIs seen in real codes.
const GUIS: &[Gui] = &[
    Gui::Exact(NPSB_GUI),
    Gui::Exact("com.pubalibankbd"),
    Gui::Exact("com.pathaopay"),
];

/// The registry row: BDT, country BD, the institutions' GUIs; every merchant account
/// template of the code routes through it.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national(
        "banglaqr",
        "Bangla QR (Bangladesh)",
        "BD",
        &[money("050", 2)],
    );
    d.rules = rules;
    d.signal = Signal::AccountOrCountry;
    d.guis = GUIS;
    d.routes = Routes {
        names: |_, _, _| -> Names { &[(1, "type"), (2, "bank_code"), (3, "account")] },
        adopts: Some((26, 51)),
        ..Routes::PLAIN
    };
    d
};

/// The first merchant account template of a payload with an institution's GUI (any GUI: each
/// institution writes its own).
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| rules::gui_matches(&DESC, g)).or_else(|| rules::account(p, |_| true))
}

/// No rule beyond EMV and the shared tail: the layout of the institutions' templates is not
/// published.
fn rules(_: &Desc, _: &Payload<'_>, _: &mut dyn Sink) -> Checked {
    Ok(())
}

view! {
    /// A Bangla QR code.
    BanglaQr, Scheme::BanglaQr
}

impl<'a> BanglaQr<'a> {
    /// The first institution's account template.
    pub fn account(&self) -> Option<Template<'a>> {
        account(&self.payload)
    }

    /// `02` the bank code.
    pub fn bank_code(&self) -> Option<&'a str> {
        self.account().and_then(|t| t.get(2))
    }

    /// `03` the account.
    pub fn account_number(&self) -> Option<&'a str> {
        self.account().and_then(|t| t.get(3))
    }
}

/// An NPSB interbank code (template 26): type `kind`, bank code, account.
#[cfg(feature = "alloc")]
pub fn builder<'a>(
    kind: impl Into<alloc::borrow::Cow<'a, str>>,
    bank_code: impl Into<alloc::borrow::Cow<'a, str>>,
    account: impl Into<alloc::borrow::Cow<'a, str>>,
) -> crate::profile::build::SchemeBuilder<'a> {
    let t = crate::builder::TemplateBuilder::with_gui(NPSB_GUI)
        .set(1, kind)
        .set(2, bank_code)
        .set(3, account);
    crate::profile::build::SchemeBuilder::new(Scheme::BanglaQr, 26, t)
}
