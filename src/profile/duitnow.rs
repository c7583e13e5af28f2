//! DuitNow QR (Malaysia, PayNet).
//!
//! Template 26 with AID `A0000006150001`: `01` a 6-digit participant code, `02` the
//! merchant or account ID, `03` further data. Real DuitNow codes start `000202`: Payload
//! Format Indicator `02`, which DuitNow accepts (EMV says `01`).
//!
//! ```
//! use emvqr::profile::duitnow::DuitNow;
//! let s = "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY5909QRCSDNBHD6005BANGI6304343F";
//! let d = DuitNow::parse(s)?;
//! assert_eq!((d.participant_code(), d.merchant_id()), (Some("501664"), Some("123456789")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{
    self, at_value, digits_sub, missing_sub, root, starts_ci, sub, Checked, Sink,
};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes, Signal};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: MYR, country MY (or currency 458 without a country), AIDs of RID
/// `A000000615`; DuitNow writes Payload Format Indicator `02`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("duitnow", "DuitNow (Malaysia)", "MY", &[money("458", 2)]);
    d.options = d.options.allow_any_pfi(true);
    d.rules = rules;
    d.signal = Signal::AccountOrCountry;
    d.guis = &[Gui::Prefix("A000000615")];
    d.routes = Routes {
        names,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[(1, "participant_code"), (2, "merchant_id")]
}

/// The DuitNow AID.
pub const AID: &str = "A0000006150001";

/// The DuitNow template of a payload (AID `A000000615…`).
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| starts_ci(g, "A000000615"))
}

/// The DuitNow rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    if let Some(pfi) = root(p, 0) {
        if !matches!(pfi.value(), "01" | "02") {
            at_value(sink, ErrorKind::InvalidPfi, &pfi)?;
        }
    }
    let Some(t) = account(p) else {
        return rules::no_account(sink, p);
    };
    digits_sub(sink, &t, 1, &[6])?;
    if sub(&t, 2).is_none() {
        missing_sub(sink, &t, 2)?;
    }
    Ok(())
}

view! {
    /// A DuitNow QR code.
    DuitNow, Scheme::DuitNow, account = account
}

impl<'a> DuitNow<'a> {
    /// 01 participant (acquirer) code.
    pub fn participant_code(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// 02 merchant or account ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(2)
    }
}
