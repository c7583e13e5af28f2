#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

#[cfg(feature = "alloc")]
pub mod builder;
pub mod cpm;
pub mod crc;
pub mod currency;
pub mod error;
#[cfg(feature = "alloc")]
pub mod intent;
pub mod options;
pub mod payload;
pub mod profile;
#[cfg(feature = "render")]
pub mod render;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "serde")]
mod serde_impl;
pub mod template;
pub mod tlv;
mod validate;

#[cfg(feature = "alloc")]
pub use builder::{Node, PayloadBuilder, TemplateBuilder};
pub use crc::{crc16, Checksum};
pub use currency::Currency;
pub use error::{Error, ErrorKind, NonEmv, Path, Warning, Warnings};
#[cfg(feature = "alloc")]
pub use intent::PaymentIntent;
pub use options::ParseOptions;
pub use payload::Payload;
#[cfg(feature = "alloc")]
pub use payload::{leaf_fields, validate_all, Report};
pub use profile::{detect, Detection, Scheme};
pub use template::{AdditionalData, LanguageTemplate, MerchantAccount, Template};
pub use tlv::{Id, LengthUnit, Tlv, Tlvs};
pub use validate::{amount_ok, MAX_INPUT_BYTES};
