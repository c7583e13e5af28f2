//! Edits for dynamic use: set or clear the amount, set a reference, switch static ↔
//! dynamic, re-encode with the scheme's checksum — keeping every other object as it was, and
//! refusing what the scheme forbids.
//!
//! ```
//! use emvqr::profile::{edit::Edit, pix::Pix, Scheme};
//! use emvqr::ErrorKind;
//! let s = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let p = *Pix::parse(s)?.payload();
//! let out = Edit::new(Scheme::Pix, &p).set_amount("10.50").set_reference("PEDIDO42").build()?;
//! let pix = emvqr::profile::pix::Pix::parse(&out)?;
//! assert_eq!((pix.amount(), pix.txid()), (Some("10.50"), Some("PEDIDO42")));
//! // Pix refuses a txid over 25 characters, and more than 2 decimals.
//! let e = Edit::new(Scheme::Pix, &p).set_reference("A123456789012345678901234567").build().unwrap_err();
//! assert_eq!((e.kind(), e.path().to_string()), (ErrorKind::ValueTooLong, "62.05".into()));
//! let e = Edit::new(Scheme::Pix, &p).set_amount("1.005").build().unwrap_err();
//! assert_eq!(e.kind(), ErrorKind::InvalidAmount);
//! # Ok::<(), emvqr::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::string::String;

use crate::builder::PayloadBuilder;
use crate::currency::Currency;
use crate::error::{Error, ErrorKind};
use crate::payload::Payload;
use crate::profile::rules::decimals;
use crate::profile::Scheme;
use crate::tlv::Id;

/// An edit of a parsed payload under a scheme's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit<'a> {
    scheme: Scheme,
    builder: PayloadBuilder<'a>,
}

impl<'a> Edit<'a> {
    /// Starts from a parsed payload; every object keeps its place and bytes unless edited.
    pub fn new(scheme: Scheme, p: &Payload<'a>) -> Edit<'a> {
        Edit {
            scheme,
            builder: PayloadBuilder::from(p).options(scheme.desc().options),
        }
    }

    /// The options the builder writes and reads with: the scheme's.
    fn builder_options(&self) -> crate::options::ParseOptions {
        self.scheme.desc().options
    }

    /// The scheme whose rules apply.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Sets the amount (54), written as given.
    #[must_use]
    pub fn set_amount(mut self, amount: impl Into<Cow<'a, str>>) -> Self {
        self.builder = self.builder.amount(amount);
        self
    }

    /// Removes the amount: the payer enters it.
    #[must_use]
    pub fn clear_amount(mut self) -> Self {
        self.builder = self.builder.clear_amount();
        self
    }

    /// Sets the payment reference where the scheme keeps it: the txid (62.05) for Pix, 62.01
    /// for PayNow, the reference label 62.05 otherwise.
    #[must_use]
    pub fn set_reference(mut self, reference: impl Into<Cow<'a, str>>) -> Self {
        self.builder = match self.scheme {
            Scheme::PayNow => self.builder.bill_number(reference),
            _ => self.builder.reference_label(reference),
        };
        self
    }

    /// 01 = `12`: a code for one transaction.
    #[must_use]
    pub fn to_dynamic(mut self) -> Self {
        self.builder = self.builder.dynamic_code();
        self
    }

    /// 01 = `11`: a code shown for several transactions.
    #[must_use]
    pub fn to_static(mut self) -> Self {
        self.builder = self.builder.static_code();
        self
    }

    /// Any other edit, on the underlying builder.
    #[must_use]
    pub fn with(mut self, f: impl FnOnce(PayloadBuilder<'a>) -> PayloadBuilder<'a>) -> Self {
        self.builder = f(self.builder);
        self
    }

    /// Encodes with the scheme's checksum and judges the result by the verdict
    /// ([`crate::check`] with the scheme forced, without a clock), and refuses an amount with
    /// more decimals than the scheme writes for its currency (KHQR's riel are whole; otherwise
    /// the ISO 4217 exponent).
    ///
    /// # Errors
    /// What the scheme forbids: an amount with more decimals than the currency allows
    /// (`invalid_amount` at 54), a Pix txid over 25 characters or not alphanumeric, a dynamic
    /// KHQR code without an expiry timestamp (`missing` at 99.01), and every other rule of the
    /// scheme.
    pub fn build(&self) -> Result<String, Error> {
        let out = self.builder.build()?;
        let opts = crate::check::CheckOptions::without_clock().scheme(Some(self.scheme));
        if let Some(e) = crate::check::check(&out, &opts).error() {
            return Err(e.error().copied().unwrap_or(Error::new(
                ErrorKind::InvalidValue,
                0,
                crate::error::Path::ROOT,
            )));
        }
        let p = self.builder_options().parse(&out)?;
        if let Some(a) = p.get(Id::of(54)) {
            let max = p.currency().and_then(|c| {
                self.scheme
                    .desc()
                    .decimals_of(c)
                    .or_else(|| Currency::from_numeric(c).and_then(|x| x.exponent))
            });
            if max.is_some_and(|m| decimals(a.value()) > usize::from(m)) {
                return Err(Error::new(
                    ErrorKind::InvalidAmount,
                    a.value_offset(),
                    a.path(),
                ));
            }
        }
        Ok(out)
    }
}
