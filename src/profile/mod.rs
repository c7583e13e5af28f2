//! National schemes and payment networks on top of the EMV layer: typed views, rules and
//! builders.
//!
//! Each scheme is one module here plus one row of the registry ([`Scheme`], `scheme.rs`, whose
//! module documentation gives the recipe for adding one). [`detect`] tells which schemes and
//! networks a payload declares; the verdict ([`crate::check`]) judges a code by its primary
//! scheme's rules; each module gives a typed view of its scheme's codes and, where the
//! structure is clear, a builder.
//!
//! ```
//! use emvqr::profile::{detect, promptpay::PromptPay};
//! use emvqr::{check, CheckOptions, Scheme};
//! // A PromptPay P2P code: no 52/59/60, which strict EMV refuses and PromptPay allows.
//! let s = "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29";
//! assert_eq!(detect(s).primary(), Some(Scheme::PromptPay));
//! assert!(emvqr::Payload::parse(s).is_err());
//! assert!(check(s, &CheckOptions::without_clock()).is_valid());
//! assert_eq!(PromptPay::parse(s)?.aid(), "A000000677010111");
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::error::Error;
use crate::payload::Payload;

pub(crate) mod detect;
pub(crate) mod rules;
pub(crate) mod scheme;

pub mod banglaqr;
pub mod bccard;
pub mod bharatqr;
#[cfg(feature = "alloc")]
pub mod build;
pub mod cards;
pub mod duitnow;
#[cfg(feature = "alloc")]
pub mod edit;
pub mod elqr;
pub(crate) mod emv;
pub mod fonepay;
pub mod fps;
pub mod jpqr;
pub mod khqr;
pub mod lankaqr;
pub mod laoqr;
pub mod mmqr;
pub mod mnqr;
pub mod nepalpay;
pub mod paynow;
pub mod pix;
pub mod promptpay;
pub mod qris;
pub mod qrph;
pub mod sgqr;
pub mod twqr;
pub mod uzqr;
pub mod vietqr;
pub mod zeropay;

pub use detect::{detect, Detection};
pub use scheme::{Scheme, UnknownScheme};

/// Parses `s` with the options of an EMV-judged scheme and checks its rules (its own, then
/// the shared currency, country and decimals checks). The typed views are built on it.
pub(crate) fn validate(scheme: Scheme, s: &str) -> Result<Payload<'_>, Error> {
    let d = scheme.desc();
    let p = d.options.parse(s)?;
    check(scheme, &p)?;
    Ok(p)
}

/// The scheme's rules on a parsed payload (its own, then the shared tail).
pub(crate) fn check(scheme: Scheme, p: &Payload<'_>) -> Result<(), Error> {
    let mut first = crate::sink::First::default();
    let _ = rules::scheme_rules(scheme.desc(), p, &mut first);
    match first.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Declares the typed view of an EMV-judged scheme: a struct holding the payload (and the
/// scheme's account template), `parse` (the scheme's options and rules), `payload`, `account`
/// and `TryFrom<Payload>` (the scheme's rules on a payload parsed with any options). The
/// scheme's own accessors follow in its module.
macro_rules! view {
    ($(#[$doc:meta])* $name:ident, $scheme:expr, account = $find:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name<'a> {
            payload: $crate::payload::Payload<'a>,
            account: $crate::template::Template<'a>,
        }

        impl<'a> $name<'a> {
            /// Parses with the scheme's options and checks its rules.
            ///
            /// # Errors
            /// The first EMV problem the scheme does not allow, then the first of its rules
            /// broken.
            pub fn parse(s: &'a str) -> Result<Self, $crate::error::Error> {
                Self::try_from($crate::profile::validate($scheme, s)?)
            }

            /// The underlying payload.
            pub fn payload(&self) -> &$crate::payload::Payload<'a> {
                &self.payload
            }

            /// The scheme's merchant account template.
            pub fn account(&self) -> $crate::template::Template<'a> {
                self.account
            }
        }

        impl<'a> TryFrom<$crate::payload::Payload<'a>> for $name<'a> {
            type Error = $crate::error::Error;
            /// Checks the scheme's rules on a payload parsed with any options.
            fn try_from(p: $crate::payload::Payload<'a>) -> Result<Self, $crate::error::Error> {
                $crate::profile::check($scheme, &p)?;
                let account = $find(&p).ok_or($crate::error::Error::new(
                    $crate::error::ErrorKind::NoMerchantAccount,
                    p.crc_offset(),
                    $crate::error::Path::ROOT,
                ))?;
                Ok($name { payload: p, account })
            }
        }
    };
    ($(#[$doc:meta])* $name:ident, $scheme:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name<'a> {
            payload: $crate::payload::Payload<'a>,
        }

        impl<'a> $name<'a> {
            /// Parses with the scheme's options and checks its rules.
            ///
            /// # Errors
            /// The first EMV problem the scheme does not allow, then the first of its rules
            /// broken.
            pub fn parse(s: &'a str) -> Result<Self, $crate::error::Error> {
                Self::try_from($crate::profile::validate($scheme, s)?)
            }

            /// The underlying payload.
            pub fn payload(&self) -> &$crate::payload::Payload<'a> {
                &self.payload
            }
        }

        impl<'a> TryFrom<$crate::payload::Payload<'a>> for $name<'a> {
            type Error = $crate::error::Error;
            /// Checks the scheme's rules on a payload parsed with any options.
            fn try_from(p: $crate::payload::Payload<'a>) -> Result<Self, $crate::error::Error> {
                $crate::profile::check($scheme, &p)?;
                Ok($name { payload: p })
            }
        }
    };
}
pub(crate) use view;
