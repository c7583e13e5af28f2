//! ZeroPay (Korea).
//!
//! Source: a test payload in public code (see the vectors); no published layout was found.
//! The account template (any of 26–51) has GUI `com.zeropay`; `01` reads as the merchant ID.
//! Currency KRW (410, no minor unit), country KR. Only the template's presence is required.
//!
//! ```
//! use emvqr::profile::zeropay::ZeroPay;
//! let s = "00020101021129260011com.zeropay0107ZP-M0015204581253034105802KR5918Seoul Noodle House6005Seoul63040B08";
//! assert_eq!(ZeroPay::parse(s)?.merchant_id(), Some("ZP-M001"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The ZeroPay GUI.
pub const GUI: &str = "com.zeropay";

/// The registry row: KRW (whole won), country KR, GUI `com.zeropay`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("zeropay", "ZeroPay (Korea)", "KR", &[money("410", 0)]);
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[]);
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names: |_, _, _| -> Names { &[(1, "merchant_id")] },
        ..Routes::PLAIN
    };
    d
};

/// The ZeroPay template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A ZeroPay code.
    ZeroPay, Scheme::ZeroPay, account = account
}

impl<'a> ZeroPay<'a> {
    /// `01` the merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(1)
    }
}
