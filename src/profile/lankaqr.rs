//! LankaQR (Sri Lanka, Central Bank of Sri Lanka).
//!
//! LankaQR codes carry card primitives (02–05, 15–16) and a template 26 whose sub-00 is a
//! numeric identifier rather than a GUI (its inner structure is not published). Currency LKR
//! (144), country LK. Real codes use the RFU sub-ID 62.00 as a GUI, which LankaQR allows.
//!
//! ```
//! use emvqr::profile::lankaqr::LankaQr;
//! let s = "0002010102112632002816728000581200000000100000055204581253031445502015802LK5909Vits Food6007Colombo61050080062580032537c0a88562e4a599cab63d1992f0dac05181600766683296-000563042AB7";
//! let l = LankaQr::parse(s)?;
//! assert_eq!(l.merchant_identifier(), Some("1672800058120000000010000005"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::rules::{amount_decimals, expect_root, Checked, Sink};
use crate::profile::Scheme;
use crate::template::Template;

/// The LankaQR rules beyond EMV.
pub(crate) fn check(p: &Payload<'_>, sink: &mut impl Sink) -> Checked {
    expect_root(sink, p, 53, "144", false)?;
    match p.country_code() {
        Some(c) if !c.eq_ignore_ascii_case("LK") => {
            expect_root(sink, p, 58, "LK", true)?;
        }
        Some(_) => {}
        None => {
            sink.error(Error::new(
                ErrorKind::Missing,
                p.crc_offset(),
                Path::root(58),
            ))?;
        }
    }
    amount_decimals(sink, p, 2)
}

/// A LankaQR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LankaQr<'a> {
    payload: Payload<'a>,
}

impl<'a> LankaQr<'a> {
    /// Parses with the LankaQR options (RFU IDs allowed) and checks the rules.
    ///
    /// # Errors
    /// The first EMV problem LankaQR does not allow, then the first LankaQR rule broken.
    pub fn parse(s: &'a str) -> Result<LankaQr<'a>, Error> {
        LankaQr::try_from(Scheme::LankaQr.parse_options().parse(s)?)
    }

    /// The underlying payload.
    pub fn payload(&self) -> &Payload<'a> {
        &self.payload
    }

    /// Template 26.
    pub fn account(&self) -> Option<Template<'a>> {
        self.payload
            .merchant_account(26)
            .and_then(|m| m.as_template().copied())
    }

    /// Sub-00 of template 26: the LankaQR merchant identifier.
    pub fn merchant_identifier(&self) -> Option<&'a str> {
        self.account().and_then(|t| t.gui())
    }
}

impl<'a> TryFrom<Payload<'a>> for LankaQr<'a> {
    type Error = Error;
    fn try_from(p: Payload<'a>) -> Result<LankaQr<'a>, Error> {
        super::check(Scheme::LankaQr, &p)?;
        Ok(LankaQr { payload: p })
    }
}
