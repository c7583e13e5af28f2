//! TWQR (Taiwan, FISC's TWQRP), in its EMV form.
//!
//! Sources: TWQR test cases in public code (see the vectors). The EMV form carries template
//! (usually 35) with GUI `tw.com.twqrp` whose `01` holds a compressed TWQRP body (`V1158A…`),
//! beside card accounts (02, 04, 13). The URL form (`TWQRP://<name>/158/<type>/V1?D1=…`) is a
//! payment URL, read by the verdict as family `payment-url` with this scheme. Currency TWD
//! (901), country TW. The body's inner layout is not published: it is kept as written.
//!
//! ```
//! use emvqr::profile::twqr::TwQr;
//! let s = "0002010102110216400396006100104004155395940061001041316315805006100104535960012tw.com.twqrp0176V1158Ac5CJ9NjpN1W00,00600626309800100190010002;02,006006263098001001900100025204599953039015802TW5911006TESTSHOP6011TAIPEI CITY610311464210002ZH0111FISC金融卡25256304DC34";
//! assert!(TwQr::parse(s)?.body().is_some_and(|b| b.starts_with("V1158")));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The TWQR GUI.
pub const GUI: &str = "tw.com.twqrp";

/// The registry row: TWD, country TW, GUI `tw.com.twqrp`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("twqr", "TWQR (Taiwan)", "TW", &[money("901", 2)]);
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[1]);
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names: |_, _, _| -> Names { &[(1, "body")] },
        ..Routes::PLAIN
    };
    d
};

/// The TWQR template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A TWQR code in its EMV form.
    TwQr, Scheme::TwQr, account = account
}

impl<'a> TwQr<'a> {
    /// `01` the compressed TWQRP body, as written.
    pub fn body(&self) -> Option<&'a str> {
        self.account.get(1)
    }
}
