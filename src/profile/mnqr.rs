//! Mongolia's interbank QR (the Bank of Mongolia's layout; QPay codes are this scheme).
//!
//! Sources: real QPay and Hipay codes found in public code (see the vectors). The account
//! template (26 or 27) has GUI `A0000008430001`: `01` the bank's BIC (8 characters,
//! `CAXBMNUB`, `AGMOMNUB`, `HPSMMNUB`), `02` the account. Every QPay code carries UnionPay's
//! tag `15`. Real codes use the root IDs 71, 78 and 79 (reserved for future use by EMVCo;
//! `71` = `QPP_QR`) and write 80 as a plain value: the scheme accepts both, as warnings. The
//! Hipay wallet puts WeChat Pay in tag 17 (as a template) and an Alipay+ identifier in tag 33.
//! Currency MNT (496), country MN.
//!
//! ```
//! use emvqr::profile::mnqr::MnQr;
//! let s = "0002010102121531279404962794049600230510458969827440014A00000084300010108CAXBMNUB02105003398216520460105303496540498005802MN5912TESTMERCHANT6011Ulaanbaatar6263012594949dc4a35f42ff97dab887e0505TR0010721VIEq2AqUbkE9Sptzlh0ua7106QPP_QR7815820049046391391790222800201630465F3";
//! let q = MnQr::parse(s)?;
//! assert_eq!((q.bic(), q.account_number()), (Some("CAXBMNUB"), Some("5003398216")));
//! assert!(q.payload().warnings().contains(emvqr::ErrorKind::RfuId));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::rules::{self};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// GUI of the interbank account template.
pub const GUI: &str = "A0000008430001";

/// The registry row: MNT, country MN, GUI `A0000008430001`; QPay's RFU IDs and primitive 80
/// are let through as warnings.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("mnqr", "Mongolia interbank QR", "MN", &[money("496", 2)]);
    d.options = d.options.allow_rfu(true).allow_unreserved_primitives(true);
    d.rules = |d, p, sink| rules::account_present(d, p, sink, &[1]);
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[(1, "bic"), (2, "account")]
}

/// The interbank account template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::row_account(&DESC, p)
}

view! {
    /// A Mongolian interbank code.
    MnQr, Scheme::MnQr, account = account
}

impl<'a> MnQr<'a> {
    /// `01` the bank's BIC.
    pub fn bic(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// `02` the account number.
    pub fn account_number(&self) -> Option<&'a str> {
        self.account.get(2)
    }
}

/// An interbank code (template 26) paying `account` at the bank with BIC `bic`.
#[cfg(feature = "alloc")]
pub fn builder<'a>(
    bic: impl Into<alloc::borrow::Cow<'a, str>>,
    account: impl Into<alloc::borrow::Cow<'a, str>>,
) -> crate::profile::build::SchemeBuilder<'a> {
    let t = crate::builder::TemplateBuilder::with_gui(GUI)
        .set(1, bic)
        .set(2, account);
    crate::profile::build::SchemeBuilder::new(Scheme::MnQr, 26, t)
}
