//! FPS (Hong Kong, HKICL / HKMA).
//!
//! Template 26 with GUI `hk.com.hkicl` (any case): `01` clearing code of the bank (3 digits),
//! `02` FPS ID, `03` mobile number (`+852-…`), `04` e-mail address, `05` expiry
//! `YYMMDDhhmmss` in Hong Kong time (UTC+8). At least one of 02–04 names the payee.
//! Currency HKD (344). 62.05 carries the reference.
//!
//! ```
//! use emvqr::profile::fps::Fps;
//! let s = "00020101021226330012hk.com.hkicl0313+852-912345675204000053033445405100.55802HK5912TestMerchant6002HK6304C8BC";
//! let f = Fps::parse(s)?;
//! assert_eq!((f.mobile(), f.expires_at_ms()), (Some("+852-91234567"), None));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::ErrorKind;
use crate::payload::Payload;
use crate::profile::rules::{self, at_value, digits_sub, eq_ci, missing_sub, sub, Checked, Sink};
use crate::profile::scheme::{money, At, CountryRule, Desc, ExpiryForm, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;
use crate::time;

/// The registry row: HKD, GUI `hk.com.hkicl` (58 is not checked); 26.05 is the expiry,
/// `YYMMDDhhmmss` in Hong Kong time.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("fps", "FPS (Hong Kong)", "HK", &[money("344", 2)]);
    d.rules = rules;
    d.tail.country = CountryRule::Ignore;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        expiry: Some((At::Account(5), ExpiryForm::Stamp12(time::UTC_PLUS_8))),
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[
        (1, "bank_code"),
        (2, "fps_id"),
        (3, "mobile"),
        (4, "email"),
        (5, "expiry"),
    ]
}

/// The FPS GUI.
pub const GUI: &str = "hk.com.hkicl";

/// The FPS template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

/// The FPS rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    let Some(t) = account(p) else {
        return rules::no_account(sink, p);
    };
    digits_sub(sink, &t, 1, &[3])?;
    if (2..=4).all(|i| sub(&t, i).is_none()) {
        missing_sub(sink, &t, 2)?;
    }
    if let Some(e) = sub(&t, 5) {
        if time::parse_yymmddhhmmss(e.value()).is_none() {
            at_value(sink, ErrorKind::InvalidValue, &e)?;
        }
    }
    Ok(())
}

view! {
    /// An FPS code.
    Fps, Scheme::Fps, account = account
}

impl<'a> Fps<'a> {
    /// 01 clearing code of the bank.
    pub fn bank_code(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// 02 FPS ID.
    pub fn fps_id(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 03 mobile number.
    pub fn mobile(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// 04 e-mail address.
    pub fn email(&self) -> Option<&'a str> {
        self.account.get(4)
    }

    /// 05 expiry `YYMMDDhhmmss` as written.
    pub fn expiry(&self) -> Option<&'a str> {
        self.account.get(5)
    }

    /// The expiry in milliseconds since the Unix epoch (Hong Kong time).
    pub fn expires_at_ms(&self) -> Option<i64> {
        self.expiry()
            .and_then(time::parse_yymmddhhmmss)
            .and_then(|d| d.to_epoch_ms(time::UTC_PLUS_8))
    }

    /// 62.05 reference.
    pub fn reference(&self) -> Option<&'a str> {
        self.payload
            .additional_data()
            .and_then(|a| a.reference_label())
    }
}
