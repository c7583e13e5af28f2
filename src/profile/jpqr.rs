//! JPQR (Japan, Payments Japan's unified QR).
//!
//! Sources: the JPQR layout as implemented by public code (a Go EMV library's JPQR tests) and
//! the sample in the vectors. The account template (usually 26) has GUI
//! `jp.or.paymentsjapan`: `01` 13 digits, `02` 4, `03` 6 and `04` 6 (the issuer's and the
//! merchant's numbering). Codes often sit beside UnionPay-style templates with GUI `D156…` and
//! carry 64 in Japanese (`JA`); their objects are often not in ascending order, which EMV
//! allows. Currency JPY (392, no minor unit), country JP.
//!
//! ```
//! use emvqr::profile::jpqr::JpQr;
//! let s = "0002016003xxx01021129300012D156000000000510A93FO3230Q31280012D1560000000103081234567826680019jp.or.paymentsjapan01130000000000001020400010306000001040600000153033925903xxx64180002JA0108メルペイ カフェ520441115802JP610710661436304DEE9";
//! let q = JpQr::parse(s)?;
//! assert_eq!(q.codes(), [Some("0000000000001"), Some("0001"), Some("000001"), Some("000001")]);
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self, digits_sub, eq_ci, missing_sub, no_account, sub, Checked, Sink};
use crate::profile::scheme::{money, Desc, Gui};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The JPQR GUI.
pub const GUI: &str = "jp.or.paymentsjapan";

/// The digits of the template's `01`–`04`.
const LENGTHS: [(u8, usize); 4] = [(1, 13), (2, 4), (3, 6), (4, 6)];

/// The registry row: JPY (whole yen), country JP, GUI `jp.or.paymentsjapan`.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("jpqr", "JPQR (Japan)", "JP", &[money("392", 0)]);
    d.rules = rules;
    d.guis = &[Gui::Exact(GUI)];
    d
};

/// The JPQR account template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

/// The rules beyond EMV and the shared tail: `01`–`04` present, all digits, of their lengths.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return no_account(sink, p);
    };
    for (id, n) in LENGTHS {
        if sub(&t, id).is_none() {
            missing_sub(sink, &t, id)?;
        }
        digits_sub(sink, &t, id, &[n])?;
    }
    Ok(())
}

view! {
    /// A JPQR code.
    JpQr, Scheme::JpQr, account = account
}

impl<'a> JpQr<'a> {
    /// The template's `01`–`04`, in order.
    pub fn codes(&self) -> [Option<&'a str>; 4] {
        LENGTHS.map(|(id, _)| self.account.get(id))
    }
}

/// A JPQR code with the template's four numbers (13, 4, 6 and 6 digits).
#[cfg(feature = "alloc")]
pub fn builder<'a>(
    codes: [impl Into<alloc::borrow::Cow<'a, str>>; 4],
) -> crate::profile::build::SchemeBuilder<'a> {
    let mut t = crate::builder::TemplateBuilder::with_gui(GUI);
    for ((id, _), code) in LENGTHS.into_iter().zip(codes) {
        t = t.set(id, code);
    }
    crate::profile::build::SchemeBuilder::new(Scheme::JpQr, 26, t)
}
