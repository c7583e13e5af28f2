//! SGQR (Singapore): the common QR label that gathers many payment schemes in one code.
//!
//! Template 51 (`SG.SGQR`) identifies the label: `01` SGQR ID (12 characters), `02` version
//! (`01.0003`), `03` postal code, `04` level, `05` unit number, `06` miscellaneous, `07` date
//! of the latest revision (`YYYYMMDD`). The other merchant accounts are the schemes accepted:
//! PayNow (see [`super::paynow`]), NETS (`SG.COM.NETS`), GrabPay, WeChat Pay, card primitives,
//! and many GUIs of local wallets. An SGQR code may exceed the 512 characters EMV suggests.
//!
//! ```
//! use emvqr::profile::sgqr::Sgqr;
//! use emvqr::profile::Scheme;
//! let s = "00020101021126520008com.grab01365af16fa7-25d5-442b-8c19-b88ddafb14c727330015sg.com.dash.www0110000000464728810011SG.COM.NETS01231198500065G99123123590002111118778720003088778720199084136B4AE51800007SG.SGQR011218090900176B020700.00210306079027040201050213060400000708201809115204581253037025802SG5909TOAST BOX6009Singapore6304B081";
//! let q = Sgqr::parse(s)?;
//! assert_eq!(q.id(), Some("18090900176B"));
//! assert_eq!(q.revision_date(), Some("20180911"));
//! let networks: Vec<_> = q.accounts().map(|(_, n)| n).collect();
//! assert_eq!(networks, [Some(Scheme::GrabPay), None, Some(Scheme::Nets), Some(Scheme::Sgqr)]);
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::detect::account_network;
use crate::profile::rules::{
    self, amount_decimals, at_object, at_value, eq_ci, expect_root, is_date, missing_sub, sub,
    Checked, Sink,
};
use crate::profile::Scheme;
use crate::template::{MerchantAccount, Template};

/// GUI of the SGQR identity template (51).
pub const GUI: &str = "SG.SGQR";

/// The SGQR identity template of a payload.
pub fn identity<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

/// The SGQR rules beyond EMV.
pub(crate) fn check(p: &Payload<'_>, sink: &mut impl Sink) -> Checked {
    let Some(t) = identity(p) else {
        return rules::no_account(sink, p);
    };
    match sub(&t, 1) {
        None => missing_sub(sink, &t, 1)?,
        Some(id)
            if id.value().len() != 12 || !id.value().bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            at_object(sink, ErrorKind::WrongLength, &id)?;
        }
        Some(_) => {}
    }
    if sub(&t, 2).is_none() {
        missing_sub(sink, &t, 2)?;
    }
    if let Some(d) = sub(&t, 7) {
        if !is_date(d.value()) {
            at_value(sink, ErrorKind::InvalidValue, &d)?;
        }
    }
    expect_root(sink, p, 53, "702", false)?;
    expect_root(sink, p, 58, "SG", true)?;
    amount_decimals(sink, p, 2)
}

/// An SGQR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sgqr<'a> {
    payload: Payload<'a>,
    identity: Template<'a>,
}

impl<'a> Sgqr<'a> {
    /// Parses strictly and checks the SGQR rules.
    ///
    /// # Errors
    /// The first EMV problem, then the first SGQR rule broken.
    pub fn parse(s: &'a str) -> Result<Sgqr<'a>, Error> {
        Sgqr::try_from(Scheme::Sgqr.parse_options().parse(s)?)
    }

    /// The underlying payload.
    pub fn payload(&self) -> &Payload<'a> {
        &self.payload
    }

    /// The identity template (51).
    pub fn identity(&self) -> Template<'a> {
        self.identity
    }

    /// 51.01 SGQR ID number.
    pub fn id(&self) -> Option<&'a str> {
        self.identity.get(1)
    }

    /// 51.02 version (`01.0003`).
    pub fn version(&self) -> Option<&'a str> {
        self.identity.get(2)
    }

    /// 51.03 postal code.
    pub fn postal_code(&self) -> Option<&'a str> {
        self.identity.get(3)
    }

    /// 51.04 level.
    pub fn level(&self) -> Option<&'a str> {
        self.identity.get(4)
    }

    /// 51.05 unit number.
    pub fn unit(&self) -> Option<&'a str> {
        self.identity.get(5)
    }

    /// 51.06 miscellaneous.
    pub fn misc(&self) -> Option<&'a str> {
        self.identity.get(6)
    }

    /// 51.07 date of the latest revision (`YYYYMMDD`).
    pub fn revision_date(&self) -> Option<&'a str> {
        self.identity.get(7)
    }

    /// Every merchant account with the network it belongs to (`None` for GUIs this crate does
    /// not name), in payload order.
    pub fn accounts(&self) -> impl Iterator<Item = (MerchantAccount<'a>, Option<Scheme>)> + 'a {
        let unit = self.payload.options().unit();
        self.payload.merchant_accounts().map(move |m| {
            let tlv = match m {
                MerchantAccount::Primitive(t) => t,
                MerchantAccount::Template(t) => t.tlv(),
            };
            (m, account_network(&tlv, unit))
        })
    }
}

impl<'a> TryFrom<Payload<'a>> for Sgqr<'a> {
    type Error = Error;
    fn try_from(p: Payload<'a>) -> Result<Sgqr<'a>, Error> {
        super::check(Scheme::Sgqr, &p)?;
        let identity = identity(&p).ok_or(Error::new(
            ErrorKind::NoMerchantAccount,
            p.crc_offset(),
            Path::ROOT,
        ))?;
        Ok(Sgqr {
            payload: p,
            identity,
        })
    }
}
