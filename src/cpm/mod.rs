//! EMV consumer-presented mode (CPM): the codes a payer's app shows and the merchant scans
//! (UnionPay QRC "scan the customer", QRIS CPM, transit tickets).
//!
//! The QR text is base64 of BER-TLV bytes: `85 "CPV01"` first, one or more application
//! templates `61` (each with its AID `4F`, optionally its transparent template `63` carrying
//! the cryptogram), optionally the common data template `62` (with its transparent template
//! `64`). Tags take one or two bytes; lengths are short form (below `0x80`) or long form
//! (`81 xx`, `82 xx xx`). There is no checksum: integrity comes from the cryptogram.
//!
//! - [`decode`] (strict) and [`CpmOptions::decode`] (lenient: the deviations real codes show
//!   are accepted and reported as [`Cpm::warnings`]) give a [`Cpm`] with typed views.
//! - Errors ([`CpmError`]) say what, at which byte of the decoded bytes, at which base64
//!   character, under which tag path (`61[1].63.9F26`).
//! - [`CpmBuilder`] builds a code from typed templates or from the flat `fields` shape;
//!   decoding a valid code and building it again gives the same text.
//! - Without `alloc`: [`looks_like_cpm`], the one-level iterator [`Tlvs`] and
//!   [`CpmOptions::validate_bytes`] (the full rules over decoded bytes), none of which
//!   allocate.
//!
//! ```
//! use emvqr::cpm::{self, CpmErrorKind, CpmNetwork};
//!
//! // A UnionPay credit code.
//! let s = "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEH\
//!          AAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=";
//! assert!(cpm::looks_like_cpm(s));
//! let c = cpm::decode(s)?;
//! assert_eq!(c.network(), CpmNetwork::UnionPay);
//! assert_eq!(c.masked_pan().as_deref(), Some("626360******3672"));
//! let app = c.applications().next().unwrap();
//! let crypto = app.transparent().unwrap();
//! assert_eq!(crypto.cryptogram(), Some(&[0x56, 0x8A, 0xD7, 0xBC, 0xE6, 0x6B, 0x71, 0x8B][..]));
//! assert_eq!(c.fields()[1], ("61.4F".to_string(), "A000000333010102".to_string()));
//! assert_eq!(c.reencode()?, s);
//!
//! // A real QRIS code that writes the length 147 as one byte, 0x93.
//! let bad = "hQVDUFYwMWGTTwegAAAGAiAgUAdxcmlzY3BtWgqTYAUDMSNFZ4mfXyALUmlraSBEZXJpYW5fLQRpZGVuX1AX";
//! let e = cpm::decode(bad).unwrap_err();
//! assert_eq!(e.kind(), CpmErrorKind::InvalidLength(0x93));
//! assert_eq!((e.offset(), e.base64_offset(), e.path().to_string()), (8, 10, "61".to_string()));
//! # Ok::<(), cpm::CpmError>(())
//! ```

pub(crate) mod base64;
mod ber;
#[cfg(feature = "alloc")]
mod build;
mod error;
mod tag;
#[cfg(feature = "alloc")]
mod view;

pub use ber::{Tlv, Tlvs};
#[cfg(feature = "alloc")]
pub use build::{CpmBuilder, TemplateBuilder};
pub use error::{CpmError, CpmErrorKind, CpmPath, MAX_DEPTH};
pub use tag::{CpmNetwork, Format, Tag, TagInfo, TAGS};
#[cfg(feature = "alloc")]
pub use view::{leaf_fields, Cpm, DataObject, Digits, Template, Track2};

/// How strictly a code is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct CpmOptions {
    lenient: bool,
}

impl CpmOptions {
    /// Strict: the EMV QRCPS consumer-presented rules, canonical base64.
    pub const fn new() -> CpmOptions {
        CpmOptions { lenient: false }
    }

    /// Whether the deviations of [`CpmErrorKind::is_lenient`] are accepted (and reported as
    /// warnings) rather than errors: a transparent template `63` at the top level, a
    /// non-minimal length, base64 without padding or in the URL-safe alphabet, a value that
    /// breaks its format, non-ASCII text.
    #[must_use]
    pub const fn lenient(mut self, on: bool) -> CpmOptions {
        self.lenient = on;
        self
    }

    /// Whether this is a lenient reading.
    pub const fn is_lenient(&self) -> bool {
        self.lenient
    }

    /// Decodes base64 text.
    ///
    /// # Errors
    ///
    /// The first problem met, base64 first, then the data objects in byte order.
    #[cfg(feature = "alloc")]
    pub fn decode(&self, text: &str) -> Result<Cpm, CpmError> {
        Cpm::decode_with(text, *self)
    }

    /// Applies every rule to already decoded bytes, allocating nothing (the warnings of a
    /// lenient reading are not kept: see [`CpmOptions::decode`]).
    ///
    /// # Errors
    ///
    /// The first problem met, in byte order.
    pub fn validate_bytes(&self, bytes: &[u8]) -> Result<(), CpmError> {
        ber::walk(bytes, self.lenient, &mut ber::Ignore)
    }
}

/// Decodes a consumer-presented code strictly.
///
/// # Errors
///
/// The first problem met, base64 first, then the data objects in byte order.
#[cfg(feature = "alloc")]
pub fn decode(text: &str) -> Result<Cpm, CpmError> {
    CpmOptions::new().decode(text)
}

/// Whether `text` looks like a consumer-presented code, without decoding it: its first eight
/// characters are base64 (standard or URL-safe) and the bytes they make start with tag `85`
/// and a short length (every real code starts `hQVDUFYwMW`, `85 05 "CPV01"`). Cheap and
/// allocation-free; it says where to send the text, not whether the code is valid.
pub fn looks_like_cpm(text: &str) -> bool {
    let Some(head) = text.get(..8) else {
        return false;
    };
    let (Some([tag, len, _]), Some(_)) = (
        base64::first_group(head),
        head.get(4..).and_then(base64::first_group),
    ) else {
        return false;
    };
    tag == 0x85 && (1..0x80).contains(&len)
}
