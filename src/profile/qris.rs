//! QRIS (Indonesia, Bank Indonesia / ASPI).
//!
//! Issuer and acquirer templates 26–45 carry a reverse-domain GUI (`ID.DANA.WWW`,
//! `COM.GO-JEK.WWW`, …), `01` the merchant PAN (digits beginning with the 8-digit national
//! numbering system code `9360…`; a 19-digit PAN ends with a Luhn check digit), `02` the
//! merchant ID, `03` the merchant criteria (`UMI`, `UKE`, `UME`, `UBE`, `URE`). Template 51
//! (`ID.CO.QRIS.WWW`) is the national repository entry with `02` the NMID (`ID` + 13 digits).
//! 61 (postal code) is mandatory.
//!
//! ```
//! use emvqr::profile::qris::Qris;
//! let s = "00020101021126570011ID.DANA.WWW011893600915324993094502092499309450303UMI51440014ID.CO.QRIS.WWW0215ID10254398087220303UMI5204541153033605802ID5908BarbexID6004011361054646563047A81";
//! let q = Qris::parse(s)?;
//! assert_eq!(q.nmid(), Some("ID1025439808722"));
//! let issuer = q.issuers().next().unwrap();
//! assert_eq!(issuer.gui(), Some("ID.DANA.WWW"));
//! // Static to dynamic: amount inserted, 01 = 12, checksum recomputed.
//! let dynamic = q.to_dynamic("25000")?;
//! let d = Qris::parse(&dynamic)?;
//! assert_eq!((d.payload().amount(), d.payload().is_dynamic()), (Some("25000"), true));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::rules::{
    self, at_object, at_value, digits, eq_ci, luhn, missing_sub, root, sub, Checked, Sink,
};
use crate::profile::scheme::{money, Desc, Gui, Names, Routes, Signal};
use crate::profile::{view, Scheme};
use crate::template::Template;

/// The registry row: IDR, country ID (or currency 360 without a country), the national
/// repository template `ID.CO.QRIS.WWW`; issuer templates 26–45 route through QRIS.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("qris", "QRIS (Indonesia)", "ID", &[money("360", 2)]);
    d.rules = rules;
    d.signal = Signal::AccountOrCountry;
    d.guis = &[Gui::Exact(GUI)];
    d.routes = Routes {
        names,
        adopts: Some((26, 45)),
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, gui: &str, _: &Template<'_>) -> Names {
    if eq_ci(gui, GUI) {
        &[(2, "nmid"), (3, "criteria")]
    } else {
        &[(1, "merchant_pan"), (2, "merchant_id"), (3, "criteria")]
    }
}

/// GUI of the national repository template (51).
pub const GUI: &str = "ID.CO.QRIS.WWW";

/// Merchant criteria values of 03.
pub const CRITERIA: [&str; 5] = ["UMI", "UKE", "UME", "UBE", "URE"];

/// Whether a merchant PAN has the QRIS form: 16–19 digits starting `9360`; a 19-digit PAN
/// must end with a valid Luhn check digit.
///
/// ```
/// use emvqr::profile::qris::pan_ok;
/// assert!(pan_ok("936009153249930945"));
/// assert!(pan_ok("9360088600000000423"));
/// assert!(!pan_ok("9360088600000000424"));
/// ```
pub fn pan_ok(pan: &str) -> bool {
    (16..=19).contains(&pan.len())
        && digits(pan)
        && pan.starts_with("9360")
        && (pan.len() < 19 || luhn(pan))
}

/// Whether an NMID has the form `ID` + 13 digits.
pub fn nmid_ok(nmid: &str) -> bool {
    nmid.len() == 15 && nmid.starts_with("ID") && nmid.get(2..).is_some_and(digits)
}

/// The national repository template (51) of a payload.
pub fn national<'a>(p: &Payload<'a>) -> Option<Template<'a>> {
    rules::account(p, |g| eq_ci(g, GUI))
}

fn check_criteria(sink: &mut dyn Sink, t: &Template<'_>) -> Checked {
    if let Some(c) = sub(t, 3) {
        if !CRITERIA.contains(&c.value()) {
            at_value(sink, ErrorKind::InvalidValue, &c)?;
        }
    }
    Ok(())
}

/// The QRIS rules beyond EMV.
fn rules(_: &Desc, p: &Payload<'_>, sink: &mut dyn Sink) -> Checked {
    match national(p) {
        None => rules::no_account(sink, p)?,
        Some(t) => {
            match sub(&t, 2) {
                None => missing_sub(sink, &t, 2)?,
                Some(n) if !nmid_ok(n.value()) => at_value(sink, ErrorKind::InvalidValue, &n)?,
                Some(_) => {}
            }
            check_criteria(sink, &t)?;
        }
    }
    for m in p.merchant_accounts() {
        let Some(t) = m.as_template() else { continue };
        if !(26..=45).contains(&t.id().get()) || t.gui().is_some_and(|g| eq_ci(g, GUI)) {
            continue;
        }
        match sub(t, 1) {
            None => missing_sub(sink, t, 1)?,
            Some(pan) if !digits(pan.value()) => at_value(sink, ErrorKind::NotNumeric, &pan)?,
            Some(pan) if !pan_ok(pan.value()) => at_value(sink, ErrorKind::InvalidValue, &pan)?,
            Some(_) => {}
        }
        if let Some(id) = sub(t, 2) {
            if id.value().chars().count() > 15 {
                at_object(sink, ErrorKind::ValueTooLong, &id)?;
            }
        }
        check_criteria(sink, t)?;
    }
    if root(p, 61).is_none() {
        sink.error(Error::new(
            ErrorKind::Missing,
            p.crc_offset(),
            Path::root(61),
        ))?;
    }
    Ok(())
}

view! {
    /// A QRIS code.
    Qris, Scheme::Qris, account = national
}

impl<'a> Qris<'a> {
    /// The national repository template (51, `ID.CO.QRIS.WWW`).
    pub fn national(&self) -> Template<'a> {
        self.account
    }

    /// 51.02 National Merchant ID.
    pub fn nmid(&self) -> Option<&'a str> {
        self.account.get(2)
    }

    /// 51.03 merchant criteria.
    pub fn criteria(&self) -> Option<&'a str> {
        self.account.get(3)
    }

    /// The issuer/acquirer templates (26–45 other than the national one), in order.
    pub fn issuers(&self) -> impl Iterator<Item = Issuer<'a>> + 'a {
        self.payload.merchant_accounts().filter_map(|m| {
            m.as_template()
                .copied()
                .filter(|t| {
                    (26..=45).contains(&t.id().get()) && !t.gui().is_some_and(|g| eq_ci(g, GUI))
                })
                .map(Issuer)
        })
    }

    /// The payload with amount `amount` (rupiah) and 01 = `12`, checksum recomputed: the
    /// dynamic code a cashier shows for one sale. Other objects are kept as they were.
    ///
    /// # Errors
    /// An amount that is not a valid EMV amount with at most 2 decimals.
    #[cfg(feature = "alloc")]
    pub fn to_dynamic(&self, amount: &str) -> Result<alloc::string::String, Error> {
        let out = crate::builder::PayloadBuilder::from(&self.payload)
            .dynamic_code()
            .amount(amount)
            .build()?;
        super::validate(Scheme::Qris, &out)?;
        Ok(out)
    }

    /// The payload without amount and with 01 = `11` (the printed static code).
    ///
    /// # Errors
    /// Only if the payload cannot be re-encoded (not for a parsed QRIS code).
    #[cfg(feature = "alloc")]
    pub fn to_static(&self) -> Result<alloc::string::String, Error> {
        crate::builder::PayloadBuilder::from(&self.payload)
            .static_code()
            .clear_amount()
            .build()
    }
}

/// An issuer or acquirer template of a QRIS code (26–45).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issuer<'a>(pub Template<'a>);

impl<'a> Issuer<'a> {
    /// The GUI (`ID.CO.SHOPEE.WWW`).
    pub fn gui(&self) -> Option<&'a str> {
        self.0.gui()
    }

    /// 01 merchant PAN.
    pub fn pan(&self) -> Option<&'a str> {
        self.0.get(1)
    }

    /// The national numbering system code: the first 8 digits of the PAN.
    pub fn nns(&self) -> Option<&'a str> {
        self.pan().and_then(|p| p.get(..8))
    }

    /// 02 merchant ID.
    pub fn merchant_id(&self) -> Option<&'a str> {
        self.0.get(2)
    }

    /// 03 merchant criteria.
    pub fn criteria(&self) -> Option<&'a str> {
        self.0.get(3)
    }
}
