//! NepalPay QR (Nepal, NCHL), distinct from Fonepay ([`crate::profile::fonepay`]).
//!
//! Sources: sample codes in public code; no published layout was found. A NepalPay code has a
//! merchant account template whose `00` starts with `NCHL` (`NCHL00010001…`) and a template in
//! 26–28 whose `00` is a 32-hex-digit GUID; codes carry UnionPay's tag `15` and an Alipay
//! template (`com.alipay`, `01` = `Y`). Templates 26–28 of a NepalPay code route through it.
//! Currency NPR (524), country NP. Only the NCHL template's presence is required.
//!
//! ```
//! use emvqr::profile::nepalpay::NepalPay;
//! let s = "0002010102111516999900000000000027360032c81d4e2ebcf211e6869b7df92533d2db29310022NCHL00010001O0000121810101X49190010com.alipay0101Y5204591253035245802NP5916HIMALAYAN PHARMA6008Kirtipur6304EE80";
//! # let s = &emvqr_fix(s);
//! # fn emvqr_fix(s: &str) -> String { let body = &s[..s.len() - 4]; format!("{body}{:04X}", emvqr::crc16(body.as_bytes())) }
//! assert_eq!(NepalPay::parse(s)?.member_id(), Some("NCHL00010001O000012181"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules;
use crate::profile::scheme::{money, Desc, Gui, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// What the NCHL template's `00` starts with.
pub const NCHL: &str = "NCHL";

/// The registry row: NPR, country NP, the NCHL template; templates 26–28 route through it.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("nepalpay", "NepalPay QR (Nepal)", "NP", &[money("524", 2)]);
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[]);
    d.guis = &[Gui::Prefix(NCHL)];
    d.routes = Routes {
        adopts: Some((26, 28)),
        ..Routes::PLAIN
    };
    d
};

/// The NCHL template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A NepalPay code.
    NepalPay, Scheme::NepalPay, account = account
}

impl<'a> NepalPay<'a> {
    /// `00` of the NCHL template (`NCHL…`).
    pub fn member_id(&self) -> Option<&'a str> {
        self.account.gui()
    }
}
