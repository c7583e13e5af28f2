//! Python bindings of `emvqr` (the native module `emvqr._native`).
//!
//! Thin by design: every answer comes from the Rust crate. `check` returns the crate's
//! `Verdict`; `Verdict.to_dict()` is its serde form (the object `emvqr decode --json` prints),
//! converted to Python objects directly; builders call the crate's builders; images go through
//! the crate's renderer and scanner with the GIL released. The only decisions taken here are
//! the Python conventions: keyword arguments, exceptions, and reading the system clock when no
//! clock is given (documented on each function that does).
#![forbid(unsafe_code)]

use std::borrow::Cow;

use emvqr::profile::khqr::{KhqrBuilder, KhqrCurrency};
use emvqr::render::{EcLevel, QrCode, RenderOptions, Validated};
use emvqr::scan::ScanOptions;
use emvqr::{CheckOptions, PaymentIntent, Scheme};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

create_exception!(
    emvqr,
    EmvqrError,
    PyValueError,
    "A payment code or a builder's field was refused: `kind` (snake_case), `offset` (byte \
     offset in the payload), `path` (ID path such as `62.05`, empty at the top level), \
     `message`; `khqr_code` / `khqr_key` for KHQR (the official SDK's 1–51), `base64_offset` \
     for a consumer-presented code."
);
create_exception!(
    emvqr,
    KhqrError,
    EmvqrError,
    "A KHQR refused with the official SDK's code (`khqr_code`, 1–51) and key (`khqr_key`)."
);
create_exception!(
    emvqr,
    RenderError,
    PyValueError,
    "A QR image could not be drawn: text too long for a QR code, or an option out of range."
);
create_exception!(
    emvqr,
    ScanError,
    PyValueError,
    "An image could not be read: not PNG, JPEG, WebP or BMP, damaged, or over the size limits."
);

/// The fields every `EmvqrError` carries.
struct ErrorParts<'a> {
    message: String,
    kind: &'a str,
    offset: usize,
    path: String,
    khqr: Option<(u8, &'a str)>,
    base64_offset: Option<usize>,
}

impl ErrorParts<'_> {
    fn raise(self, py: Python<'_>) -> PyErr {
        let err = if self.khqr.is_some() {
            KhqrError::new_err(self.message.clone())
        } else {
            EmvqrError::new_err(self.message.clone())
        };
        let value = err.value(py);
        let (code, key) = match self.khqr {
            Some((c, k)) => (Some(c), Some(k)),
            None => (None, None),
        };
        let set = || -> PyResult<()> {
            value.setattr("message", self.message)?;
            value.setattr("kind", self.kind)?;
            value.setattr("offset", self.offset)?;
            value.setattr("path", self.path)?;
            value.setattr("khqr_code", code)?;
            value.setattr("khqr_key", key)?;
            value.setattr("base64_offset", self.base64_offset)
        };
        match set() {
            Ok(()) => err,
            Err(e) => e,
        }
    }
}

fn emv_error(py: Python<'_>, e: &emvqr::Error) -> PyErr {
    ErrorParts {
        message: e.to_string(),
        kind: e.kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: None,
        base64_offset: None,
    }
    .raise(py)
}

fn khqr_error(py: Python<'_>, e: &emvqr::profile::khqr::KhqrError) -> PyErr {
    ErrorParts {
        message: e.to_string(),
        kind: e.to_error().kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: Some((e.code(), e.key())),
        base64_offset: None,
    }
    .raise(py)
}

fn cpm_error(py: Python<'_>, e: &emvqr::cpm::CpmError) -> PyErr {
    ErrorParts {
        message: e.to_string(),
        kind: e.kind().name(),
        offset: e.offset(),
        path: e.path().to_string(),
        khqr: None,
        base64_offset: Some(e.base64_offset()),
    }
    .raise(py)
}

fn problem_error(py: Python<'_>, p: &emvqr::Problem) -> PyErr {
    ErrorParts {
        message: p.message().to_owned(),
        kind: p.kind(),
        offset: p.offset(),
        path: p.path().to_string(),
        khqr: p.khqr_code().map(|c| (c.number(), c.key())),
        base64_offset: p.base64_offset(),
    }
    .raise(py)
}

fn to_py<'py, T: serde::Serialize + ?Sized>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, v).map_err(PyErr::from)
}

/// Python's `repr` of a text, or `None`.
fn repr(py: Python<'_>, s: Option<&str>) -> PyResult<String> {
    match s {
        Some(s) => Ok(PyString::new(py, s).repr()?.to_string()),
        None => Ok("None".to_owned()),
    }
}

/// The clock as `CheckOptions`: the instant given, or the system clock read once, here.
fn clock(now_ms: Option<i64>) -> CheckOptions {
    match now_ms {
        Some(ms) => CheckOptions::at(ms),
        None => CheckOptions::now(),
    }
}

fn parse_scheme(scheme: Option<&str>) -> PyResult<Option<Scheme>> {
    scheme
        .map(|s| s.parse::<Scheme>())
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("{e}: {:?}", scheme.unwrap_or_default())))
}

/// An error or a warning of a verdict.
#[pyclass(module = "emvqr", frozen)]
struct Problem {
    inner: emvqr::Problem,
}

#[pymethods]
impl Problem {
    /// The kind's stable snake_case name (`"crc_mismatch"`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }

    /// Byte offset in the payload (the decoded payload of an ELQR link or a base64 code).
    #[getter]
    fn offset(&self) -> usize {
        self.inner.offset()
    }

    /// The ID path (`"62.05"`; `""` at the top level).
    #[getter]
    fn path(&self) -> String {
        self.inner.path().to_string()
    }

    /// What is wrong and where, in words.
    #[getter]
    fn message(&self) -> &str {
        self.inner.message()
    }

    /// For a KHQR, the official SDK's error code (1–51).
    #[getter]
    fn khqr_code(&self) -> Option<u8> {
        self.inner.khqr_code().map(|c| c.number())
    }

    /// For a KHQR, the official SDK's error key (`"EXPIRATION_TIMESTAMP_REQUIRED"`).
    #[getter]
    fn khqr_key(&self) -> Option<&'static str> {
        self.inner.khqr_code().map(|c| c.key())
    }

    /// For a consumer-presented code, the position in the base64 text.
    #[getter]
    fn base64_offset(&self) -> Option<usize> {
        self.inner.base64_offset()
    }

    /// The object of `emvqr decode --json` for this problem.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    fn __str__(&self) -> &str {
        self.inner.message()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Problem(kind={}, offset={}, path={}, message={})",
            repr(py, Some(self.inner.kind()))?,
            self.inner.offset(),
            repr(py, Some(&self.inner.path().to_string()))?,
            repr(py, Some(self.inner.message()))?
        ))
    }
}

/// Who is paid, how much, in which currency, until when, through which networks.
#[pyclass(module = "emvqr", frozen)]
struct Intent {
    inner: PaymentIntent<'static>,
}

#[pymethods]
impl Intent {
    /// `{"name", "city", "name_alt", "city_alt"}`.
    #[getter]
    fn payee<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.payee)
    }

    /// ISO 3166 country code (`"KH"`).
    #[getter]
    fn country(&self) -> Option<&str> {
        self.inner.country.as_deref()
    }

    /// ISO 4217 alphabetic code (`"USD"`).
    #[getter]
    fn currency(&self) -> Option<&'static str> {
        self.inner.currency
    }

    /// ISO 4217 numeric code as written (`"840"`).
    #[getter]
    fn currency_numeric(&self) -> Option<&str> {
        self.inner.currency_numeric.as_deref()
    }

    /// The amount as written (never a float).
    #[getter]
    fn amount(&self) -> Option<&str> {
        self.inner.amount.as_deref()
    }

    /// The amount in ISO 4217 minor units (`None` when absent or not representable).
    #[getter]
    fn amount_minor(&self) -> Option<u64> {
        self.inner.amount_minor
    }

    /// `{"kind", "value"}` of the tip or convenience fee the code asks for.
    #[getter]
    fn tip<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.tip)
    }

    /// Whether the payer may change the amount.
    #[getter]
    fn amount_editable(&self) -> bool {
        self.inner.amount_editable
    }

    /// Whether the code is for one payment (dynamic).
    #[getter]
    fn dynamic(&self) -> bool {
        self.inner.dynamic
    }

    /// Expiry in milliseconds since the Unix epoch.
    #[getter]
    fn expires_at_ms(&self) -> Option<i64> {
        self.inner.expires_at_ms
    }

    /// Bill number, store label, txid, … (`None` for what the code does not carry).
    #[getter]
    fn references<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.references)
    }

    /// The ways to pay: `[{"network", "id", "gui", "account": {...}}]`.
    #[getter]
    fn routes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.routes)
    }

    /// For a consumer-presented code, the payer: `{"network", "masked_pan"}`.
    #[getter]
    fn payer<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.payer)
    }

    /// The amount with the scheme's decimals (`"5.00"`), grouped by `thousands` if given.
    #[pyo3(signature = (thousands=None))]
    fn display_amount(&self, thousands: Option<char>) -> Option<String> {
        self.inner.display_amount(thousands)
    }

    /// The expiry as ISO 8601 UTC (`"2025-12-31T23:55:00.000Z"`).
    fn expires_at_iso(&self) -> Option<String> {
        self.inner.expires_at_iso()
    }

    /// The `intent` object of `emvqr decode --json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Intent(payee={}, amount={}, currency={})",
            repr(py, self.inner.payee.name.as_deref())?,
            repr(py, self.inner.amount.as_deref())?,
            repr(py, self.inner.currency)?
        ))
    }
}

/// The verdict on one text: see `check`.
#[pyclass(module = "emvqr", frozen)]
struct Verdict {
    held: emvqr::OwnedVerdict,
}

impl Verdict {
    fn inner(&self) -> &emvqr::Verdict<'_> {
        self.held.verdict()
    }

    fn problems(
        py: Python<'_>,
        it: impl Iterator<Item = emvqr::Problem>,
    ) -> PyResult<Vec<Py<Problem>>> {
        it.map(|p| Py::new(py, Problem { inner: p })).collect()
    }
}

#[pymethods]
impl Verdict {
    /// The text as given (cut to its first 4,096 bytes when longer).
    #[getter]
    fn input(&self) -> &str {
        self.inner().input()
    }

    /// A well-formed, acceptable code of its family, payable at the clock given.
    #[getter]
    fn valid(&self) -> bool {
        self.inner().is_valid()
    }

    /// `"emv-mpm"`, `"emv-cpm"`, `"unknown"`, …
    #[getter]
    fn family(&self) -> &'static str {
        self.inner().family().id()
    }

    /// The id of the scheme whose rules judged the text (`"khqr"`), `None` if nothing was read.
    #[getter]
    fn scheme(&self) -> Option<&'static str> {
        self.inner().scheme().map(Scheme::id)
    }

    /// Every scheme and network the code declares, national schemes first.
    #[getter]
    fn schemes(&self) -> Vec<&'static str> {
        self.inner().schemes().iter().map(|s| s.id()).collect()
    }

    /// The first error (`None` when valid).
    #[getter]
    fn error(&self, py: Python<'_>) -> PyResult<Option<Py<Problem>>> {
        self.inner()
            .error()
            .map(|p| Py::new(py, Problem { inner: p.clone() }))
            .transpose()
    }

    /// Every error found (more than one only with `all_errors=True`).
    #[getter]
    fn errors(&self, py: Python<'_>) -> PyResult<Vec<Py<Problem>>> {
        Verdict::problems(py, self.inner().errors().cloned())
    }

    /// Every deviation the rules let through.
    #[getter]
    fn warnings(&self, py: Python<'_>) -> PyResult<Vec<Py<Problem>>> {
        Verdict::problems(py, self.inner().warnings().iter().cloned())
    }

    /// The leaf data objects in payload order: `{"00": "01", "29.00": "john@devb", …}`.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (path, value) in self.inner().fields() {
            d.set_item(path.to_string(), value.as_ref())?;
        }
        Ok(d)
    }

    /// The name the code's scheme gives the field at `path` (`""` if the code has no such field
    /// or the field has no name).
    fn field_name(&self, path: &str) -> &'static str {
        self.inner()
            .fields()
            .iter()
            .find(|(p, _)| *p == path)
            .map_or("", |(p, _)| self.inner().field_name(p))
    }

    /// For a valid code, the text re-encoded from its parsed form (equal to the input).
    #[getter]
    fn reencoded(&self) -> Option<&str> {
        self.inner().reencoded()
    }

    /// Who is paid how much: present for invalid codes too, for display (never pay one).
    #[getter]
    fn intent(&self, py: Python<'_>) -> PyResult<Option<Py<Intent>>> {
        self.inner()
            .intent()
            .map(|i| {
                Py::new(
                    py,
                    Intent {
                        inner: i.clone().into_owned(),
                    },
                )
            })
            .transpose()
    }

    /// Exactly the object `emvqr decode --json` prints for this text.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner())
    }

    /// Exactly the line `emvqr decode --json` prints for this text (without the newline).
    fn to_json(&self) -> PyResult<String> {
        let v = self.inner();
        let mut out = String::new();
        emvqr::json::write_within(&mut out, v, v.input())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(out)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Verdict(valid={}, family={}, scheme={}, error={})",
            if self.inner().is_valid() {
                "True"
            } else {
                "False"
            },
            repr(py, Some(self.inner().family().id()))?,
            repr(py, self.inner().scheme().map(Scheme::id))?,
            repr(py, self.inner().error().map(emvqr::Problem::kind))?
        ))
    }
}

/// Judges any text (what a camera read): its family, scheme, first error, fields and intent.
///
/// `now_ms` is the clock for expiry rules, in milliseconds since the Unix epoch; `None` reads
/// the system clock once, in this call. `lenient` turns every leniency knob on (the checksum is
/// still verified); `scheme` forces a scheme's rules by id (`"khqr"`, `"pix"`, …);
/// `all_errors` lists every error instead of the first; `describe=False` leaves `fields` and
/// `reencoded` empty (cheaper, by about 40 % on a KHQR; the judgement and the intent are the
/// same).
#[pyfunction]
#[pyo3(signature = (text, *, now_ms=None, lenient=false, scheme=None, all_errors=false, describe=true))]
fn check(
    text: &str,
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
    all_errors: bool,
    describe: bool,
) -> PyResult<Verdict> {
    let opts = clock(now_ms)
        .lenient(lenient)
        .scheme(parse_scheme(scheme)?)
        .all_errors(all_errors)
        .describe(describe);
    Ok(Verdict {
        held: emvqr::OwnedVerdict::check(text.to_owned(), &opts),
    })
}

/// Whether a text is payable: `None` when it is, else the first error — `check(...).error`
/// without the warnings, fields, re-encoding, intent and verdict object. `now_ms=None` reads
/// the system clock once, in this call.
#[pyfunction]
#[pyo3(signature = (text, *, now_ms=None, lenient=false, scheme=None))]
fn verify(
    text: &str,
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
) -> PyResult<Option<Problem>> {
    let opts = clock(now_ms).lenient(lenient).scheme(parse_scheme(scheme)?);
    Ok(emvqr::verify(text, &opts)
        .err()
        .map(|inner| Problem { inner }))
}

/// The leaf data objects of an EMV merchant-presented payload (`{"00": "01", "29.00": …}`, as
/// `Verdict.fields`), when it parses: the crate's parse, the EMV rules (strict, or every
/// leniency knob on with `lenient`) and the checksum, without a scheme's rules or a clock, and
/// without a verdict. Raises `EmvqrError` (with `kind`, `offset`, `path`) for a payload that
/// does not parse. To judge a scanned text, use `check`.
#[pyfunction]
#[pyo3(signature = (text, *, lenient=false))]
fn parse<'py>(py: Python<'py>, text: &str, lenient: bool) -> PyResult<Bound<'py, PyDict>> {
    let options = if lenient {
        emvqr::ParseOptions::lenient()
    } else {
        emvqr::ParseOptions::new()
    };
    options.parse(text).map_err(|e| emv_error(py, &e))?;
    let d = PyDict::new(py);
    for (path, value) in emvqr::leaf_fields(text, options.unit()) {
        d.set_item(path.to_string(), value)?;
    }
    Ok(d)
}

/// A KHQR built as the official generator builds it: the payload and its MD5.
#[pyclass(module = "emvqr", frozen, get_all)]
struct BuiltKhqr {
    /// The payload, CRC included.
    payload: String,
    /// Lowercase hex MD5 of the payload (the Bakong Open API's transaction key).
    md5: String,
}

#[pymethods]
impl BuiltKhqr {
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pair = PyList::new(py, [self.payload.as_str(), self.md5.as_str()])?;
        pair.try_iter().map(Bound::into_any)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "BuiltKhqr(payload={}, md5={})",
            repr(py, Some(&self.payload))?,
            repr(py, Some(&self.md5))?
        ))
    }
}

fn or_empty(v: Option<&str>) -> &str {
    v.unwrap_or("")
}

/// Builds a KHQR (Cambodia, Bakong) as the official generator does; refusals raise
/// `KhqrError` with the official code. A merchant code (template 30) when `merchant_id` is
/// given, an individual one (29) otherwise. `now_ms` is the creation time of a dynamic code;
/// `None` reads the system clock once, in this call.
#[pyfunction]
#[pyo3(signature = (
    account, name, city, *, merchant_id=None, acquiring_bank=None, account_information=None,
    currency="KHR", amount=None, expires_at_ms=None, now_ms=None, mcc=None, bill_number=None,
    mobile_number=None, store_label=None, terminal_label=None, purpose=None,
    language_preference=None, alternate_name=None, alternate_city=None, unionpay_account=None
))]
#[allow(clippy::too_many_arguments)]
fn khqr_build(
    py: Python<'_>,
    account: &str,
    name: &str,
    city: &str,
    merchant_id: Option<&str>,
    acquiring_bank: Option<&str>,
    account_information: Option<&str>,
    currency: &str,
    amount: Option<&str>,
    expires_at_ms: Option<i64>,
    now_ms: Option<i64>,
    mcc: Option<&str>,
    bill_number: Option<&str>,
    mobile_number: Option<&str>,
    store_label: Option<&str>,
    terminal_label: Option<&str>,
    purpose: Option<&str>,
    language_preference: Option<&str>,
    alternate_name: Option<&str>,
    alternate_city: Option<&str>,
    unionpay_account: Option<&str>,
) -> PyResult<BuiltKhqr> {
    let currency = KhqrCurrency::parse(currency).map_err(|e| khqr_error(py, &e))?;
    let mut b = match merchant_id {
        Some(id) => KhqrBuilder::merchant(account, name, city, id, or_empty(acquiring_bank)),
        None => KhqrBuilder::individual(account, name, city)
            .acquiring_bank(or_empty(acquiring_bank))
            .account_information(or_empty(account_information)),
    }
    .currency(currency)
    .amount(or_empty(amount))
    .mcc(or_empty(mcc))
    .bill_number(or_empty(bill_number))
    .mobile_number(or_empty(mobile_number))
    .store_label(or_empty(store_label))
    .terminal_label(or_empty(terminal_label))
    .purpose(or_empty(purpose))
    .language_preference(or_empty(language_preference))
    .alternate_name(or_empty(alternate_name))
    .alternate_city(or_empty(alternate_city))
    .unionpay_account(or_empty(unionpay_account));
    if let Some(ms) = expires_at_ms {
        b = b.expires_at_ms(ms);
    }
    let now = clock(now_ms).now_ms().unwrap_or_default();
    let built = b.build(now).map_err(|e| khqr_error(py, &e))?;
    Ok(BuiltKhqr {
        payload: built.payload,
        md5: built.md5,
    })
}

/// One ELQR additional field: `(key, label, value, title, visible)`.
type ElqrField = (String, String, String, String, bool);

/// The optional parts of an ELQR code, shared by `elqr_build` and `elqr_build_link`.
struct ElqrParts {
    dynamic: bool,
    service_code: Option<String>,
    recipient_id: Option<String>,
    transaction_id: Option<String>,
    amount_editable: Option<bool>,
    recipient_editable: Option<bool>,
    merchant_id: Option<String>,
    service_name: Option<String>,
    comment: Option<String>,
    fields: Vec<ElqrField>,
    mcc: Option<String>,
    amount_tyiyn: Option<u64>,
    amount_som: Option<String>,
}

impl ElqrParts {
    fn builder<'a>(
        &'a self,
        provider_id: &'a str,
        payee_name: &'a str,
    ) -> PyResult<emvqr::profile::elqr::ElqrBuilder<'a>> {
        use emvqr::profile::elqr::ElqrBuilder;
        let mut b = ElqrBuilder::new(provider_id, payee_name);
        if self.dynamic {
            b = b.dynamic_code();
        }
        let text = |v: &'a Option<String>| v.as_deref().map(Cow::Borrowed);
        b = opt(b, text(&self.service_code), |b, v| b.service_code(v));
        b = opt(b, text(&self.recipient_id), |b, v| b.recipient_id(v));
        b = opt(b, text(&self.transaction_id), |b, v| b.transaction_id(v));
        b = opt(b, self.amount_editable, |b, v| b.amount_editable(v));
        b = opt(b, self.recipient_editable, |b, v| b.recipient_editable(v));
        b = opt(b, text(&self.merchant_id), |b, v| b.merchant_id(v));
        b = opt(b, text(&self.service_name), |b, v| b.service_name(v));
        b = opt(b, text(&self.comment), |b, v| b.comment(v));
        for (key, label, value, title, visible) in &self.fields {
            b = b.field(
                key.as_str(),
                label.as_str(),
                value.as_str(),
                title.as_str(),
                *visible,
            );
        }
        b = opt(b, text(&self.mcc), |b, v| b.mcc(v));
        match (self.amount_tyiyn, text(&self.amount_som)) {
            (Some(_), Some(_)) => {
                return Err(PyTypeError::new_err(
                    "give amount_tyiyn or amount_som, not both",
                ))
            }
            (Some(t), None) => b = b.amount_tyiyn(t),
            (None, Some(s)) => b = b.amount_som(s),
            (None, None) => {}
        }
        Ok(b)
    }
}

macro_rules! elqr_fn {
    ($(#[$doc:meta])* $name:ident, ($($lead:ident),*), |$b:ident| $build:expr) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (
            $($lead,)* provider_id, payee_name, *, dynamic=false, service_code=None,
            recipient_id=None, transaction_id=None, amount_editable=None,
            recipient_editable=None, merchant_id=None, service_name=None, comment=None,
            fields=None, mcc=None, amount_tyiyn=None, amount_som=None
        ))]
        #[allow(clippy::too_many_arguments)]
        fn $name(
            py: Python<'_>,
            $($lead: &str,)*
            provider_id: &str,
            payee_name: &str,
            dynamic: bool,
            service_code: Option<String>,
            recipient_id: Option<String>,
            transaction_id: Option<String>,
            amount_editable: Option<bool>,
            recipient_editable: Option<bool>,
            merchant_id: Option<String>,
            service_name: Option<String>,
            comment: Option<String>,
            fields: Option<Vec<ElqrField>>,
            mcc: Option<String>,
            amount_tyiyn: Option<u64>,
            amount_som: Option<String>,
        ) -> PyResult<String> {
            let fields = fields.unwrap_or_default();
            let parts = ElqrParts {
                dynamic, service_code, recipient_id, transaction_id, amount_editable,
                recipient_editable, merchant_id, service_name, comment, fields, mcc,
                amount_tyiyn, amount_som,
            };
            let $b = parts.builder(provider_id, payee_name)?;
            $build.map_err(|e| emv_error(py, &e))
        }
    };
}

elqr_fn!(
    /// Builds an ELQR (Kyrgyzstan) payload: `000201…6304xxxx`. `fields` are additional fields
    /// `(key, label, value, title, visible)`; the amount is given in tyiyn or in som.
    elqr_build,
    (),
    |b| b.build()
);

elqr_fn!(
    /// Builds an ELQR payment link: `base_url`, `#`, and the payload percent-encoded.
    elqr_build_link,
    (base_url),
    |b| b.build_link(base_url)
);

/// Builds a static Pix code (Brazil).
#[pyfunction]
#[pyo3(signature = (key, name, city, *, amount=None, txid=None, info=None, mcc=None, postal_code=None, single_use=false))]
#[allow(clippy::too_many_arguments)]
fn pix_build(
    py: Python<'_>,
    key: &str,
    name: &str,
    city: &str,
    amount: Option<&str>,
    txid: Option<&str>,
    info: Option<&str>,
    mcc: Option<&str>,
    postal_code: Option<&str>,
    single_use: bool,
) -> PyResult<String> {
    let mut b = emvqr::profile::pix::PixBuilder::new(key, name, city).single_use(single_use);
    b = opt(b, amount, |b, v| b.amount(v));
    b = opt(b, txid, |b, v| b.txid(v));
    b = opt(b, info, |b, v| b.info(v));
    b = opt(b, mcc, |b, v| b.mcc(v));
    b = opt(b, postal_code, |b, v| b.postal_code(v));
    b.build().map_err(|e| emv_error(py, &e))
}

/// The optional fields every PromptPay constructor takes.
fn promptpay_finish(
    py: Python<'_>,
    mut b: emvqr::profile::promptpay::PromptPayBuilder<'_>,
    amount: Option<&str>,
    mcc: Option<&str>,
    merchant_name: Option<&str>,
    merchant_city: Option<&str>,
) -> PyResult<String> {
    b = opt(b, amount, |b, v| b.amount(v.to_owned()));
    b = opt(b, mcc, |b, v| b.mcc(v.to_owned()));
    b = opt(b, merchant_name, |b, v| b.merchant_name(v.to_owned()));
    b = opt(b, merchant_city, |b, v| b.merchant_city(v.to_owned()));
    b.build().map_err(|e| emv_error(py, &e))
}

/// Builds a PromptPay (Thailand) credit transfer to a mobile number.
#[pyfunction]
#[pyo3(signature = (mobile, *, amount=None, mcc=None, merchant_name=None, merchant_city=None))]
fn promptpay_mobile(
    py: Python<'_>,
    mobile: &str,
    amount: Option<&str>,
    mcc: Option<&str>,
    merchant_name: Option<&str>,
    merchant_city: Option<&str>,
) -> PyResult<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::mobile(mobile)
        .map_err(|e| emv_error(py, &e))?;
    promptpay_finish(py, b, amount, mcc, merchant_name, merchant_city)
}

/// Builds a PromptPay credit transfer to a national ID or tax ID (13 digits).
#[pyfunction]
#[pyo3(signature = (id, *, amount=None, mcc=None, merchant_name=None, merchant_city=None))]
fn promptpay_national_id(
    py: Python<'_>,
    id: &str,
    amount: Option<&str>,
    mcc: Option<&str>,
    merchant_name: Option<&str>,
    merchant_city: Option<&str>,
) -> PyResult<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::national_id(id.to_owned());
    promptpay_finish(py, b, amount, mcc, merchant_name, merchant_city)
}

/// Builds a PromptPay credit transfer to an e-wallet ID (15 digits).
#[pyfunction]
#[pyo3(signature = (id, *, amount=None, mcc=None, merchant_name=None, merchant_city=None))]
fn promptpay_ewallet(
    py: Python<'_>,
    id: &str,
    amount: Option<&str>,
    mcc: Option<&str>,
    merchant_name: Option<&str>,
    merchant_city: Option<&str>,
) -> PyResult<String> {
    let b = emvqr::profile::promptpay::PromptPayBuilder::ewallet(id.to_owned());
    promptpay_finish(py, b, amount, mcc, merchant_name, merchant_city)
}

/// Builds a PromptPay bill payment to `biller_id` with reference 1 (and 2).
#[pyfunction]
#[pyo3(signature = (biller_id, ref1, *, ref2=None, amount=None, mcc=None, merchant_name=None, merchant_city=None))]
#[allow(clippy::too_many_arguments)]
fn promptpay_bill_payment(
    py: Python<'_>,
    biller_id: &str,
    ref1: &str,
    ref2: Option<&str>,
    amount: Option<&str>,
    mcc: Option<&str>,
    merchant_name: Option<&str>,
    merchant_city: Option<&str>,
) -> PyResult<String> {
    let mut b = emvqr::profile::promptpay::PromptPayBuilder::bill_payment(
        biller_id.to_owned(),
        ref1.to_owned(),
    );
    b = opt(b, ref2, |b, v| b.ref2(v.to_owned()));
    promptpay_finish(py, b, amount, mcc, merchant_name, merchant_city)
}

macro_rules! paynow_fn {
    ($(#[$doc:meta])* $name:ident, $ctor:ident, $arg:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = ($arg, *, amount=None, editable=None, expiry=None, reference=None, merchant_name=None, merchant_city=None, mcc=None))]
        #[allow(clippy::too_many_arguments)]
        fn $name(
            py: Python<'_>,
            $arg: &str,
            amount: Option<&str>,
            editable: Option<bool>,
            expiry: Option<&str>,
            reference: Option<&str>,
            merchant_name: Option<&str>,
            merchant_city: Option<&str>,
            mcc: Option<&str>,
        ) -> PyResult<String> {
            let mut b = emvqr::profile::paynow::PayNowBuilder::$ctor($arg);
            b = opt(b, amount, |b, v| b.amount(v));
            b = opt(b, editable, |b, v| b.editable(v));
            b = opt(b, expiry, |b, v| b.expiry(v));
            b = opt(b, reference, |b, v| b.reference(v));
            b = opt(b, merchant_name, |b, v| b.merchant_name(v));
            b = opt(b, merchant_city, |b, v| b.merchant_city(v));
            b = opt(b, mcc, |b, v| b.mcc(v));
            b.build().map_err(|e| emv_error(py, &e))
        }
    };
}

paynow_fn!(
    /// Builds a PayNow (Singapore) code paying a mobile number (`+6591234567`). `expiry` is
    /// `YYYYMMDD`.
    paynow_mobile,
    mobile,
    mobile
);
paynow_fn!(
    /// Builds a PayNow code paying a business by its UEN. `expiry` is `YYYYMMDD`.
    paynow_uen,
    uen,
    uen
);

macro_rules! vietqr_fn {
    ($(#[$doc:meta])* $name:ident, $ctor:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (bin, number, *, amount=None, purpose=None, merchant_name=None, merchant_city=None, mcc=None))]
        #[allow(clippy::too_many_arguments)]
        fn $name(
            py: Python<'_>,
            bin: &str,
            number: &str,
            amount: Option<&str>,
            purpose: Option<&str>,
            merchant_name: Option<&str>,
            merchant_city: Option<&str>,
            mcc: Option<&str>,
        ) -> PyResult<String> {
            let mut b = emvqr::profile::vietqr::VietQrBuilder::$ctor(bin, number);
            b = opt(b, amount, |b, v| b.amount(v));
            b = opt(b, purpose, |b, v| b.purpose(v));
            b = opt(b, merchant_name, |b, v| b.merchant_name(v));
            b = opt(b, merchant_city, |b, v| b.merchant_city(v));
            b = opt(b, mcc, |b, v| b.mcc(v));
            b.build().map_err(|e| emv_error(py, &e))
        }
    };
}

vietqr_fn!(
    /// Builds a VietQR (Vietnam) transfer to account `number` at the bank with BIN `bin`.
    vietqr_account,
    account
);
vietqr_fn!(
    /// Builds a VietQR transfer to card `number` issued by the bank with BIN `bin`.
    vietqr_card,
    card
);

/// `(path, value)` pairs from a mapping (its `items()`, in order) or an iterable of pairs.
fn pairs(fields: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let items = if fields.hasattr("items")? {
        fields.call_method0("items")?
    } else {
        fields.clone()
    };
    items
        .try_iter()?
        .map(|item| item?.extract::<(String, String)>())
        .collect()
}

/// Builds an EMV merchant-presented payload from the flat `fields` shape of
/// `Verdict.to_dict()["fields"]` (`{"00": "01", "26.00": "…", …}`; `63` is computed).
#[pyfunction]
fn build(py: Python<'_>, fields: &Bound<'_, PyAny>) -> PyResult<String> {
    let fields = pairs(fields)?;
    emvqr::PayloadBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .and_then(|b| b.build())
        .map_err(|e| emv_error(py, &e))
}

/// Builds an EMV consumer-presented code (base64) from the flat `fields` shape of a decoded
/// one (`{"85": "CPV01", "61.4F": "A0000000031010", …}`).
#[pyfunction]
fn cpm_build(py: Python<'_>, fields: &Bound<'_, PyAny>) -> PyResult<String> {
    let fields = pairs(fields)?;
    emvqr::cpm::CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .build()
        .map_err(|e| cpm_error(py, &e))
}

fn render_options(scale: usize, quiet_zone: usize, ec: &str) -> PyResult<RenderOptions> {
    let ec = EcLevel::from_letter(ec)
        .ok_or_else(|| PyValueError::new_err(format!("ec must be L, M, Q or H, not {ec:?}")))?;
    Ok(RenderOptions::new()
        .ec(ec)
        .scale(scale)
        .quiet_zone(quiet_zone))
}

/// Judges `payload` by the verdict (`check`'s rules), then encodes it as a QR code. Without a
/// clock, expiry is not judged (the form of the code is what rendering needs).
fn encode(
    py: Python<'_>,
    payload: &str,
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
    opts: &RenderOptions,
) -> PyResult<QrCode> {
    let base = now_ms.map_or_else(CheckOptions::without_clock, CheckOptions::at);
    let rules = base.lenient(lenient).scheme(parse_scheme(scheme)?);
    let encoded =
        py.detach(|| Validated::check(payload, &rules).and_then(|v| QrCode::encode(v, opts)));
    encoded.map_err(|e| match e {
        emvqr::render::RenderError::Invalid(problem) => problem_error(py, &problem),
        e => RenderError::new_err(e.to_string()),
    })
}

/// Renders a payment code as a PNG image (bytes), after judging it as `check` does (an
/// invalid code raises `EmvqrError`). `now_ms=None` judges everything but expiry. The GIL is
/// released while the image is made.
#[pyfunction]
#[pyo3(signature = (payload, *, now_ms=None, lenient=false, scheme=None, scale=8, quiet_zone=4, ec="M"))]
#[allow(clippy::too_many_arguments)]
fn render_png<'py>(
    py: Python<'py>,
    payload: &str,
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
    scale: usize,
    quiet_zone: usize,
    ec: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let opts = render_options(scale, quiet_zone, ec)?;
    let code = encode(py, payload, now_ms, lenient, scheme, &opts)?;
    let png = py
        .detach(|| code.to_png(&opts))
        .map_err(|e| RenderError::new_err(e.to_string()))?;
    Ok(PyBytes::new(py, &png))
}

/// Renders a payment code as an SVG document (text); see `render_png`.
#[pyfunction]
#[pyo3(signature = (payload, *, now_ms=None, lenient=false, scheme=None, scale=8, quiet_zone=4, ec="M"))]
#[allow(clippy::too_many_arguments)]
fn render_svg<'py>(
    py: Python<'py>,
    payload: &str,
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
    scale: usize,
    quiet_zone: usize,
    ec: &str,
) -> PyResult<Bound<'py, PyString>> {
    let opts = render_options(scale, quiet_zone, ec)?;
    let code = encode(py, payload, now_ms, lenient, scheme, &opts)?;
    let svg = py.detach(|| code.to_svg(&opts));
    Ok(PyString::new(py, &svg))
}

/// Finds every QR code in an image file (PNG, JPEG, WebP, BMP bytes) and judges each text as
/// `check` does: one verdict per code, not-payment texts included (invalid). `now_ms=None`
/// reads the system clock once, in this call. The GIL is released while the image is read.
#[pyfunction]
#[pyo3(signature = (image, *, now_ms=None, lenient=false, scheme=None))]
fn scan(
    py: Python<'_>,
    image: &[u8],
    now_ms: Option<i64>,
    lenient: bool,
    scheme: Option<&str>,
) -> PyResult<Vec<Verdict>> {
    let rules = clock(now_ms).lenient(lenient).scheme(parse_scheme(scheme)?);
    let found = py.detach(|| {
        emvqr::scan::scan_image(image, &ScanOptions::new().judge(rules)).map(|codes| {
            codes
                .into_iter()
                .map(emvqr::scan::Code::into_verdict)
                .collect::<Vec<_>>()
        })
    });
    match found {
        Ok(verdicts) => Ok(verdicts
            .into_iter()
            .map(|v| Verdict { held: v.into() })
            .collect()),
        Err(e) => Err(ScanError::new_err(e.to_string())),
    }
}

/// The native module: `emvqr` re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("EmvqrError", py.get_type::<EmvqrError>())?;
    m.add("KhqrError", py.get_type::<KhqrError>())?;
    m.add("RenderError", py.get_type::<RenderError>())?;
    m.add("ScanError", py.get_type::<ScanError>())?;
    m.add_class::<Verdict>()?;
    m.add_class::<Problem>()?;
    m.add_class::<Intent>()?;
    m.add_class::<BuiltKhqr>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(cpm_build, m)?)?;
    m.add_function(wrap_pyfunction!(khqr_build, m)?)?;
    m.add_function(wrap_pyfunction!(elqr_build, m)?)?;
    m.add_function(wrap_pyfunction!(elqr_build_link, m)?)?;
    m.add_function(wrap_pyfunction!(pix_build, m)?)?;
    m.add_function(wrap_pyfunction!(promptpay_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(promptpay_national_id, m)?)?;
    m.add_function(wrap_pyfunction!(promptpay_ewallet, m)?)?;
    m.add_function(wrap_pyfunction!(promptpay_bill_payment, m)?)?;
    m.add_function(wrap_pyfunction!(paynow_mobile, m)?)?;
    m.add_function(wrap_pyfunction!(paynow_uen, m)?)?;
    m.add_function(wrap_pyfunction!(vietqr_account, m)?)?;
    m.add_function(wrap_pyfunction!(vietqr_card, m)?)?;
    m.add_function(wrap_pyfunction!(render_png, m)?)?;
    m.add_function(wrap_pyfunction!(render_svg, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    Ok(())
}

/// `set(b, v)` when the option `v` is given, else `b` unchanged: one optional setter of a
/// builder in one line.
fn opt<B, T>(b: B, v: Option<T>, set: impl FnOnce(B, T) -> B) -> B {
    match v {
        Some(v) => set(b, v),
        None => b,
    }
}
