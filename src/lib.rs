//! QR payment codes: EMVCo merchant-presented codes and the national schemes built on them,
//! judged, read and built.
//!
//! # Where to start
//!
//! - **A wallet** holding whatever its camera read: [`check`] with [`CheckOptions::at`] (the
//!   clock is always given) gives a [`Verdict`]: the kind of code, the scheme whose rules
//!   judged it, the first error with its offset and ID path, and the [`PaymentIntent`] — who is
//!   paid, how much, in which currency, until when.
//! - **A merchant or gateway** making codes: [`PayloadBuilder`] for any EMV payload, and the
//!   builders of the national schemes in [`profile`] (`KhqrBuilder`, `ElqrBuilder`,
//!   `PixBuilder`, …); every builder's output passes [`check`].
//! - **The parts**: [`Payload`] (a strict zero-copy parse, [`ParseOptions`] for each
//!   leniency), [`Tlvs`] (the TLV syntax), [`detect`] (which schemes a code declares),
//!   [`field`] (the EMV data objects), [`profile`] (each scheme's view and rules), [`intent`].
//!
//! ```
//! use emvqr::{check, CheckOptions};
//! let v = check("00020101021226380009SG.PAYNOW010100211+659123456703010520400005303702540524.105802SG5904Mark6009Singapore62160112Din Tai Fung630490FC", &CheckOptions::at(1_767_225_600_000));
//! assert!(v.is_valid());
//! let pay = v.intent().unwrap();
//! assert_eq!((pay.amount_minor, pay.currency), (Some(2410), Some("SGD")));
//! ```
//!
//! # Features
//!
//! | feature | default | what |
//! |---|---|---|
//! | `std` | yes | `std::error::Error`, [`CheckOptions::now`], and everything of `alloc` |
//! | `alloc` | via `std` | the verdict, builders, intents, ELQR, warning details |
//! | `serde` | no | a [`Verdict`] serialises to the command line's JSON object (`json` writes that line fast); payloads as ordered trees |
//! | `render` | no | payload → QR image (PNG, SVG, terminal) |
//! | `scan` | no | image → QR codes → verdicts |
//!
//! Without default features the parser, the validator and detection build for `no_std`
//! targets and allocate nothing. The README of the repository has the command-line tool,
//! the scheme table and the measured figures.
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;

/// The README's examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
mod builder;
#[cfg(feature = "alloc")]
mod check;
pub mod cpm;
mod crc;
mod currency;
mod error;
mod field;
#[cfg(feature = "alloc")]
pub mod intent;
#[cfg(feature = "serde")]
pub mod json;
mod options;
mod payload;
pub mod profile;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "serde")]
mod serde_impl;
mod sink;
mod template;
#[cfg(feature = "alloc")]
mod text;
mod time;
mod tlv;
mod validate;

#[cfg(feature = "alloc")]
pub use builder::{Node, PayloadBuilder, TemplateBuilder};
#[cfg(feature = "alloc")]
pub use check::{
    check, check_bytes, check_too_long, verify, CheckOptions, Family, FieldPath, OwnedVerdict,
    Problem, Verdict,
};
pub use crc::{crc16, Checksum};
#[cfg(feature = "alloc")]
pub use currency::format_minor;
pub use currency::{to_minor, Currency, MinorUnitsError, CURRENCIES};
pub use error::{Error, ErrorKind, NonEmv, Path, Warning, Warnings};
pub use field::{field, Field, Format};
#[cfg(feature = "alloc")]
pub use intent::PaymentIntent;
pub use options::ParseOptions;
pub use payload::Payload;
#[cfg(feature = "alloc")]
pub use payload::{leaf_fields, validate_all, Report};
pub use profile::{detect, Detection, Scheme, UnknownScheme};
pub use template::{AdditionalData, LanguageTemplate, MerchantAccount, Template};
#[cfg(feature = "alloc")]
pub use text::percent_decode;
pub use time::UnixMillis;
pub use tlv::{Id, LengthUnit, Tlv, Tlvs};
pub use validate::{amount_ok, MAX_INPUT_BYTES};
