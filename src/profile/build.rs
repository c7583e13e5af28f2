//! One builder for the schemes whose codes are an account template plus the common EMV
//! objects: the currency and country come from the scheme's registry row, and the output is
//! judged by the verdict under the scheme's rules before it is returned.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::builder::{PayloadBuilder, TemplateBuilder};
use crate::error::{Error, ErrorKind, Path};
use crate::profile::Scheme;

/// Builds a code of a scheme from its account template and the common data objects.
///
/// ```
/// use emvqr::profile::laoqr;
/// let s = laoqr::builder("27710418", "002", "mch19B73F61B9E")
///     .merchant_name("AKAPHON XAYYABED")
///     .merchant_city("VT")
///     .mcc("5691")
///     .build()?;
/// let v = emvqr::check(&s, &emvqr::CheckOptions::without_clock());
/// assert_eq!(v.scheme(), Some(emvqr::Scheme::LaoQr));
/// assert!(v.is_valid());
/// # Ok::<(), emvqr::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeBuilder<'a> {
    scheme: Scheme,
    inner: PayloadBuilder<'a>,
}

impl<'a> SchemeBuilder<'a> {
    /// A static code of `scheme` with its account template at `id`, the scheme's home
    /// currency and its country.
    pub(crate) fn new(scheme: Scheme, id: u8, account: TemplateBuilder<'a>) -> SchemeBuilder<'a> {
        let d = scheme.desc();
        let mut inner = PayloadBuilder::new()
            .options(d.options)
            .static_code()
            .merchant_account_template(id, account)
            .mcc("0000");
        if let Some(m) = d.currencies.first() {
            inner = inner.currency(m.numeric);
        }
        if let Some(c) = d.country {
            inner = inner.country(c);
        }
        SchemeBuilder { scheme, inner }
    }

    /// 59 merchant name.
    #[must_use]
    pub fn merchant_name(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.merchant_name(v);
        self
    }

    /// 60 merchant city.
    #[must_use]
    pub fn merchant_city(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.merchant_city(v);
        self
    }

    /// 52 merchant category code (`0000` unless set).
    #[must_use]
    pub fn mcc(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.mcc(v);
        self
    }

    /// 54 amount, in the currency's major unit as the scheme writes it; makes the code
    /// dynamic (01 = `12`).
    #[must_use]
    pub fn amount(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.amount(v).dynamic_code();
        self
    }

    /// 62.05 reference label.
    #[must_use]
    pub fn reference(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.reference_label(v);
        self
    }

    /// 62.01 bill number.
    #[must_use]
    pub fn bill_number(mut self, v: impl Into<Cow<'a, str>>) -> Self {
        self.inner = self.inner.bill_number(v);
        self
    }

    /// The payload builder underneath (for other objects: 15, 61, 64, …).
    #[must_use]
    pub fn with(mut self, f: impl FnOnce(PayloadBuilder<'a>) -> PayloadBuilder<'a>) -> Self {
        self.inner = f(self.inner);
        self
    }

    /// Encodes, then judges the output by the verdict under the scheme's rules.
    ///
    /// # Errors
    /// What the EMV layer or the scheme's rules refuse, naming the field.
    pub fn build(&self) -> Result<String, Error> {
        let out = self.inner.build()?;
        let opts = crate::check::CheckOptions::without_clock().scheme(Some(self.scheme));
        match crate::check::check(&out, &opts).error() {
            None => Ok(out),
            Some(p) => Err(p.error().map_or(
                Error::in_field(ErrorKind::InvalidValue, 0, Path::ROOT),
                |e| e.of_field(),
            )),
        }
    }
}
