//! ELQR (Kyrgyzstan): the national "QR code / payment link" standard.
//!
//! ELQR reuses the EMV TLV grammar but is not EMV-conformant:
//!
//! * the checksum in `63` is the last four hex digits of SHA-256 over the UTF-8 bytes of
//!   everything before the `63` object (without `6304`), compared case-insensitively
//!   ([`crate::Checksum::Sha256Tail4`]);
//! * `58` (country) and `60` (city) are absent; `32` carries the provider, `33` the merchant,
//!   `34` a comment and `35`–`39` additional fields `key:label:value:title:visible`;
//! * `54` is a whole number of tyiyn (1 som = 100 tyiyn), without a decimal point;
//! * lengths count UTF-16 code units (as the reference implementation does);
//! * codes travel as payment links whose URL fragment holds the payload, often
//!   percent-encoded (`https://app.mbank.kg/qr/#000201…%D0%9A…`).
//!
//! Parsing accepts a bare payload or a link, percent-encoded or not. The text is
//! percent-decoded before the TLV walk and before hashing — into an owned buffer only when it
//! contains an escape; otherwise the view borrows the input. Nothing may follow the `63`
//! object.
//!
//! ```
//! use emvqr::profile::elqr::{Elqr, LinkType};
//!
//! let link = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg010202101299655418551913\
//! 02125204999953034175909KIRILL%20B.63047129";
//! let code = Elqr::parse(link)?;
//! assert_eq!(code.provider().id(), "c2c.mbank.kg");
//! assert_eq!(code.provider().recipient_id(), Some("996554185519"));
//! assert_eq!(code.payee_name(), "KIRILL B.");
//! assert_eq!(code.link_type(), LinkType::Static);
//! assert!(code.provider().amount_editable()); // absent 32.12 means editable
//! assert_eq!(code.reencode(), link);
//! # Ok::<(), emvqr::Error>(())
//! ```
//!
//! Error offsets are byte offsets in the decoded payload (the fragment after `#`, with its
//! escapes decoded), like every other offset of this module.

#[cfg(feature = "alloc")]
mod builder;
#[cfg(feature = "alloc")]
mod inspect;
#[cfg(feature = "alloc")]
mod link;
#[cfg(feature = "alloc")]
mod rules;
#[cfg(feature = "alloc")]
mod view;

#[cfg(feature = "alloc")]
#[allow(unused_imports)]
use {builder::*, inspect::*, link::*, rules::*, view::*};

#[cfg(feature = "alloc")]
pub use builder::ElqrBuilder;
#[cfg(feature = "alloc")]
pub(crate) use inspect::inspect;
#[cfg(feature = "alloc")]
pub use inspect::{describe, field_name, message};
#[cfg(feature = "alloc")]
pub use link::{encode_fragment, is_elqr_host, percent_decode, Link};
#[cfg(feature = "alloc")]
pub(crate) use rules::checksum_of;
#[cfg(feature = "alloc")]
pub use rules::ElqrOptions;
#[cfg(feature = "alloc")]
pub use view::{leaf_fields, AdditionalField, Elqr, Kgs, LinkType, Merchant, Provider};

use crate::profile::scheme::{money, At, Desc, Engine, Names, Ref, Routes};
use crate::tlv::LengthUnit;

/// The registry row: KGS (amounts in tyiyn, its minor unit), country KG, judged by this
/// module's engine (links, percent-decoding, the SHA-256 checksum); the provider template 32
/// is the route, 32.12 says whether the payer may change the amount, 32.11 is the
/// transaction ID.
pub(crate) const DESC: Desc = {
    let mut d = Desc::national("elqr", "ELQR (Kyrgyzstan)", "KG", &[money(CURRENCY_KGS, 2)]);
    d.engine = Engine::Elqr;
    d.options = d.options.length_unit(LENGTH_UNIT);
    d.signal = crate::profile::scheme::Signal::Never;
    #[cfg(feature = "alloc")]
    {
        d.text_signal = Some(crate::profile::detect::is_elqr_read);
    }
    d.field_names = |path| field(path).map(|f| f.name);
    d.routes = Routes {
        names,
        editable: Some((At::Account(12), "11", "12")),
        refs: |_, _| &[(At::Account(11), Ref::TransactionId)],
        adopts: Some((32, 32)),
        amount: crate::profile::scheme::AmountForm::Minor,
        ..Routes::PLAIN
    };
    d
};

fn names(_: u8, _: &str, _: &crate::template::Template<'_>) -> Names {
    &[
        (1, "service_code"),
        (10, "recipient_id"),
        (11, "transaction_id"),
        (12, "amount_editable"),
        (13, "recipient_editable"),
    ]
}

/// The universal ELQR router: banking apps register their deep-link handlers for it.
pub const DEFAULT_BASE_URL: &str = "https://pay.payqr.kg/";

/// The version written in `00`.
pub const VERSION: &str = "01";

/// ISO 4217 numeric code of the Kyrgyz som, the only currency of `53`.
pub const CURRENCY_KGS: &str = "417";

/// The merchant category code the builder writes unless told otherwise (4829, money
/// transfer, as person-to-person codes use).
pub const DEFAULT_MCC: &str = "4829";

/// Tyiyn in one som.
pub const TYIYN_PER_SOM: u64 = 100;

/// The unit ELQR lengths count in.
pub const LENGTH_UNIT: LengthUnit = LengthUnit::Utf16;

/// Provider IDs (`32.00`) of the known producers, with the producer's name.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("c2c.mbank.kg", "MBank"),
    ("c2b.mbank.kg", "MBank"),
    ("p2p.dengi.kg", "O!Bank (O!Dengi)"),
    ("qr.bakai.kg", "Bakai Bank"),
    ("qr.finik.kg", "Finik"),
    ("qr.dcb.kg", "DCB (Simbank)"),
    ("p2p.elcart.kg", "Elcart"),
    ("qr.demirbank.kg", "DemirBank"),
];

/// Link prefixes (base URLs) that producers and routers publish, with the producer's name.
pub const LINK_BASES: &[(&str, &str)] = &[
    ("https://pay.payqr.kg/", "ELQR router"),
    ("https://app.mbank.kg/qr/", "MBank"),
    ("https://api.dengi.o.kg/", "O!Bank (O!Dengi)"),
    ("https://bakai.app/", "Bakai Bank"),
    ("https://qr.finik.kg/", "Finik"),
    ("https://retail.demirbank.kg/", "DemirBank"),
    ("https://megapay.kg/get", "MegaPay"),
    ("https://balance.kg/", "Balance"),
    ("https://qr.rsk.kg/", "RSK Bank"),
    ("https://bank.kicb.net/", "KICB"),
    ("https://qr.ab.kg/", "Aiyl Bank"),
];

/// What ELQR defines at an ID path: its name and the most UTF-16 units its value may have.
/// One table, read by the rules, the builder and the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) max: usize,
}

const fn f(name: &'static str, max: usize) -> Field {
    Field { name, max }
}

/// The most units of a value ELQR does not define (any two-digit length).
pub(crate) const ANY: usize = 99;

#[cfg(feature = "alloc")]
/// The published service code limit (32.01); real producers write up to [`ANY`]'s 32-unit
/// text limit, let through with a warning.
pub(crate) const SERVICE_CODE_PUBLISHED: usize = 10;

/// The data objects ELQR defines.
pub(crate) fn field(path: &[u8]) -> Option<Field> {
    Some(match path {
        [0] => f("Version", 2),
        [1] => f("Link type (11 static, 12 dynamic)", 2),
        [32] => f("Provider", ANY),
        [32, 0] => f("Provider ID", 32),
        [32, 1] => f("Service code", 32),
        [32, 10] => f("Recipient ID", 32),
        [32, 11] => f("Transaction ID", 32),
        [32, 12] => f("Amount editable (11 yes, 12 no)", 2),
        [32, 13] => f("Recipient editable (11 yes, 12 no)", 2),
        [33] => f("Merchant", ANY),
        [33, 0] => f("Merchant ID", 32),
        [33, 1] => f("Service name", 32),
        [34] => f("Comment", 32),
        [35..=39] => f("Additional fields", ANY),
        [35..=39, _] => f("Additional field", ANY),
        [52] => f("Merchant Category Code", 4),
        [53] => f("Currency", 3),
        [54] => f("Amount (tyiyn)", 13),
        [59] => f("Payee name", 25),
        [63] => f("Checksum (SHA-256 tail)", 4),
        _ => return None,
    })
}

/// The most units the value at `path` may have ([`ANY`] for an ID ELQR does not define).
#[cfg(feature = "alloc")]
pub(crate) fn max_units(path: &[u8]) -> usize {
    field(path).map_or(ANY, |f| f.max)
}

/// Whether a text is an ELQR code (see [`crate::profile::detect`]).
#[cfg(feature = "alloc")]
pub fn is_elqr(input: &str) -> bool {
    crate::profile::detect::is_elqr(input)
}

#[cfg(all(test, feature = "alloc"))]
#[cfg(test)]
mod tests {
    use super::*;

    const MBANK: &str = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg01020210129965541855191302125204999953034175909KIRILL%20B.63047129";

    #[test]
    fn decodes_and_verifies_a_link() {
        let code = Elqr::parse(MBANK).unwrap();
        assert_eq!(code.payee_name(), "KIRILL B.");
        assert!(code.is_decoded_copy());
        assert_eq!(code.reencode(), MBANK);
    }
}
