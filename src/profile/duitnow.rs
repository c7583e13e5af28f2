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

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::rules::{
    self, amount_decimals, at_value, digits_sub, expect_root, missing_sub, root, starts_ci, sub,
    Checked, Sink,
};
use crate::profile::Scheme;
use crate::template::Template;

/// The DuitNow AID.
pub const AID: &str = "A0000006150001";

/// The DuitNow template of a payload (AID `A000000615…`).
pub fn account<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| starts_ci(g, "A000000615"))
}

/// The DuitNow rules beyond EMV.
pub(crate) fn check(p: &Payload<'_>, sink: &mut impl Sink) -> Checked {
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
    expect_root(sink, p, 53, "458", false)?;
    expect_root(sink, p, 58, "MY", true)?;
    amount_decimals(sink, p, 2)
}

/// A DuitNow QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DuitNow<'a> {
    payload: Payload<'a>,
    account: Template<'a>,
}

impl<'a> DuitNow<'a> {
    /// Parses with the DuitNow options (PFI `02` allowed) and checks the DuitNow rules.
    ///
    /// # Errors
    /// The first EMV problem DuitNow does not allow, then the first DuitNow rule broken.
    pub fn parse(s: &'a str) -> Result<DuitNow<'a>, Error> {
        DuitNow::try_from(Scheme::DuitNow.parse_options().parse(s)?)
    }

    /// The underlying payload.
    pub fn payload(&self) -> &Payload<'a> {
        &self.payload
    }

    /// The DuitNow template.
    pub fn account(&self) -> Template<'a> {
        self.account
    }

    /// 01 participant (acquirer) code.
    pub fn participant_code(&self) -> Option<&'a str> {
        self.account.get(1)
    }

    /// 02 merchant or account ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.account.get(2)
    }
}

impl<'a> TryFrom<Payload<'a>> for DuitNow<'a> {
    type Error = Error;
    fn try_from(p: Payload<'a>) -> Result<DuitNow<'a>, Error> {
        super::check(Scheme::DuitNow, &p)?;
        let account = account(&p).ok_or(Error::new(
            ErrorKind::NoMerchantAccount,
            p.crc_offset(),
            Path::ROOT,
        ))?;
        Ok(DuitNow {
            payload: p,
            account,
        })
    }
}
