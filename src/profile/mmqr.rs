//! MMQR (Myanmar).
//!
//! Sources: a CB Bank merchant demo in public code (see the vectors); no published layout was
//! found, so the scheme is recognised by its country (MM, or currency 104 without a country)
//! and its templates 50/51 (GUIDs of 24 hex digits, or a bank's GUI) route through it. 64 in
//! Burmese (`my`). Real codes have been seen with 53 written `MMK`, 54 before 53 and lowercase
//! checksums that do not verify: those stay errors (a lenient read lets the lowercase checksum
//! through when it verifies). Currency MMK (104), country MM.
//!
//! ```
//! use emvqr::profile::mmqr::MmQr;
//! let s = "00020101021250200006cbtest0106cbtest51450006cbtest0131581500000000017000000000170000152045815530310454031005802MM5911CB Test 0016006Hlaing61051105162620111959235353410311100435534610516201027000002064407080300000164210002my0111CB Test 0016304A24B";
//! assert_eq!(MmQr::parse(s)?.payload().merchant_name(), Some("CB Test 001"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::profile::scheme::{money, Desc, Routes, Signal};
use crate::profile::{view, Scheme};

/// The registry row: MMK, country MM; its merchant account templates route through it.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("mmqr", "MMQR (Myanmar)", "MM", &[money("104", 2)]);
    d.signal = Signal::AccountOrCountry;
    d.routes = Routes {
        adopts: Some((26, 51)),
        ..Routes::PLAIN
    };
    d
};

view! {
    /// An MMQR code.
    MmQr, Scheme::MmQr
}
