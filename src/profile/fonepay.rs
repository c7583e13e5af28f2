//! Fonepay (Nepal).
//!
//! Template 26 with GUI `fonepay.com` (also `np.fonepay`, `np.com.fonepay`), `07` the merchant
//! ID. Currency NPR (524), country NP.
//!
//! ```
//! use emvqr::profile::fonepay::Fonepay;
//! let s = "00020101021126350011fonepay.com071622226100158730565204527153035245802NP5915Prakash Store 16012Pokhariya MC62110707162568663048986";
//! assert_eq!(Fonepay::parse(s)?.merchant_id(), Some("2222610015873056"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::detect::gui_network;
use crate::profile::rules::{self, amount_decimals, expect_root, Checked, Sink};
use crate::profile::Scheme;
use crate::template::Template;

/// The Fonepay template of a payload.
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| gui_network(g) == Some(Scheme::Fonepay))
}

/// The Fonepay rules beyond EMV.
pub(crate) fn check(p: &Payload<'_>, sink: &mut impl Sink) -> Checked {
    if account(p).is_none() {
        return rules::no_account(sink, p);
    }
    expect_root(sink, p, 53, "524", false)?;
    expect_root(sink, p, 58, "NP", true)?;
    amount_decimals(sink, p, 2)
}

/// A Fonepay code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fonepay<'a> {
    payload: Payload<'a>,
    account: Template<'a>,
}

impl<'a> Fonepay<'a> {
    /// Parses with the Fonepay options (lowercase CRC allowed) and checks the rules.
    ///
    /// # Errors
    /// The first EMV problem Fonepay does not allow, then the first Fonepay rule broken.
    pub fn parse(s: &'a str) -> Result<Fonepay<'a>, Error> {
        Fonepay::try_from(Scheme::Fonepay.parse_options().parse(s)?)
    }

    /// The underlying payload.
    pub fn payload(&self) -> &Payload<'a> {
        &self.payload
    }

    /// The Fonepay template.
    pub fn account(&self) -> Template<'a> {
        self.account
    }

    /// 07 merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(7)
    }
}

impl<'a> TryFrom<Payload<'a>> for Fonepay<'a> {
    type Error = Error;
    fn try_from(p: Payload<'a>) -> Result<Fonepay<'a>, Error> {
        super::check(Scheme::Fonepay, &p)?;
        let account = account(&p).ok_or(Error::new(
            ErrorKind::NoMerchantAccount,
            p.crc_offset(),
            Path::ROOT,
        ))?;
        Ok(Fonepay {
            payload: p,
            account,
        })
    }
}
