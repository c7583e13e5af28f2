//! BC Card QR (Korea).
//!
//! Source: BC Card's API documentation sample (see the vectors). The account template (26)
//! has GUI `D4100000014010` with the merchant number in `05`; codes carry UnionPay's tag `15`,
//! a reference `MQ…` in 62.05 and 64 in Hangul (`ko`). Korea has no single national EMV scheme:
//! ZeroPay is another ([`crate::profile::zeropay`]). Currency KRW (410, no minor unit),
//! country KR. Built on one sample: only the template's presence is required.
//!
//! ```
//! use emvqr::profile::bccard::BcCard;
//! let s = "0002010102121531260004102600041075112872400000026310014D41000000140100509000000001520472105303410540432515802KR5910CleanTopia6010KYUNGGI-DO610513204625603090000000010515MQ202090000979306081000011407080000000164210002ko0104비씨카드0203경기도630439F0";
//! assert_eq!(BcCard::parse(s)?.merchant_number(), Some("000000001"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules;
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The BC Card GUI.
pub const GUI: &str = "D4100000014010";

/// The registry row: KRW (whole won), country KR, GUI `D4100000014010`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("bccard", "BC Card QR (Korea)", "KR", &[money("410", 0)]);
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[]);
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names: |_, _, _| -> Names { &[(5, "merchant_number")] },
        ..Routes::PLAIN
    };
    d
};

/// The BC Card template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A BC Card code.
    BcCard, Scheme::BcCard, account = account
}

impl<'a> BcCard<'a> {
    /// `05` the merchant number.
    pub fn merchant_number(&self) -> Option<&'a str> {
        self.account.get(5)
    }
}
