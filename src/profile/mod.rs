//! National profiles: typed views, scheme rules and builders on top of the EMV layer.
//!
//! [`detect`] tells which schemes and payment networks a payload belongs to; each
//! [`Scheme`] has its own [`ParseOptions`] ([`Scheme::parse_options`]) and rules
//! ([`validate`]); the profile modules give typed views and builders.
//!
//! ```
//! use emvqr::profile::{detect, validate, Scheme};
//! // A PromptPay P2P code: no 52/59/60, which strict EMV refuses and PromptPay allows.
//! let s = "00020101021129370016A000000677010111011300668912345675802TH53037646304FE29";
//! # let s = "00020101021129370016A000000677010111011300668999999995802TH53037646304FE29";
//! let d = detect(s);
//! assert_eq!(d.primary(), Some(Scheme::PromptPay));
//! assert!(emvqr::Payload::parse(s).is_err());
//! assert!(validate(Scheme::PromptPay, s).is_ok());
//! ```

use core::fmt;
use core::str::FromStr;

use crate::crc::Checksum;
use crate::error::Error;
use crate::options::ParseOptions;
use crate::payload::Payload;
use crate::tlv::LengthUnit;

pub(crate) mod detect;
pub(crate) mod rules;
pub mod time;

pub mod bharatqr;
pub mod cards;
pub mod duitnow;
#[cfg(feature = "alloc")]
pub mod edit;
#[cfg(feature = "alloc")]
pub mod elqr;
pub mod fonepay;
pub mod fps;
pub mod khqr;
pub mod lankaqr;
pub mod paynow;
pub mod pix;
pub mod promptpay;
pub mod qris;
pub mod qrph;
pub mod sgqr;
pub mod vietqr;

pub use detect::{detect, is_elqr, is_khqr, Detection};

/// A national QR scheme or a payment network, with the identifiers of the CLI (`"khqr"`,
/// `"paynow"`, `"unionpay"`, …).
///
/// ```
/// use emvqr::profile::Scheme;
/// let s: Scheme = "duitnow".parse().unwrap();
/// assert_eq!(s, Scheme::DuitNow);
/// assert_eq!(s.to_string(), "duitnow");
/// assert!(s.is_national() && !Scheme::Visa.is_national());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scheme {
    /// Plain EMVCo MPM, no national scheme recognised.
    Emv,
    /// KHQR, Cambodia (Bakong, National Bank of Cambodia).
    Khqr,
    /// ELQR, Kyrgyzstan: payment links with a SHA-256 checksum.
    Elqr,
    /// Pix BR Code, Brazil.
    Pix,
    /// PromptPay / Thai QR Payment, Thailand.
    PromptPay,
    /// QRIS, Indonesia.
    Qris,
    /// SGQR, Singapore's common label (identity template 51 `SG.SGQR`).
    Sgqr,
    /// PayNow, Singapore (`SG.PAYNOW`).
    PayNow,
    /// DuitNow QR, Malaysia (PayNet).
    DuitNow,
    /// VietQR, Vietnam (NAPAS, template 38).
    VietQr,
    /// VNPAY-QR, Vietnam.
    Vnpay,
    /// QR Ph, the Philippines (P2M and P2P).
    QrPh,
    /// Bharat QR, India.
    BharatQr,
    /// India's UPI inside an EMV payload (templates with RID `A000000524`).
    Upi,
    /// FPS, Hong Kong (`hk.com.hkicl`).
    Fps,
    /// Fonepay, Nepal.
    Fonepay,
    /// LankaQR, Sri Lanka.
    LankaQr,
    /// Visa (primitive merchant account 02–03).
    Visa,
    /// Mastercard (04–05).
    Mastercard,
    /// RuPay (06–07, used by Bharat QR).
    RuPay,
    /// Discover (09–10).
    Discover,
    /// American Express (11–12).
    Amex,
    /// JCB (13–14).
    Jcb,
    /// UnionPay International (15–16).
    UnionPay,
    /// NETS, Singapore (`SG.COM.NETS`).
    Nets,
    /// WeChat Pay (`COM.QQ.WEIXIN.PAY`).
    WeChatPay,
    /// Alipay (`COM.ALIPAY`).
    Alipay,
    /// GrabPay (`COM.GRAB`).
    GrabPay,
}

/// The error of `Scheme::from_str`: no scheme has this identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnknownScheme;

impl fmt::Display for UnknownScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown scheme identifier")
    }
}

impl core::error::Error for UnknownScheme {}

impl Scheme {
    /// Every scheme, in the order of the enum.
    pub const ALL: [Scheme; 28] = [
        Scheme::Emv,
        Scheme::Khqr,
        Scheme::Elqr,
        Scheme::Pix,
        Scheme::PromptPay,
        Scheme::Qris,
        Scheme::Sgqr,
        Scheme::PayNow,
        Scheme::DuitNow,
        Scheme::VietQr,
        Scheme::Vnpay,
        Scheme::QrPh,
        Scheme::BharatQr,
        Scheme::Upi,
        Scheme::Fps,
        Scheme::Fonepay,
        Scheme::LankaQr,
        Scheme::Visa,
        Scheme::Mastercard,
        Scheme::RuPay,
        Scheme::Discover,
        Scheme::Amex,
        Scheme::Jcb,
        Scheme::UnionPay,
        Scheme::Nets,
        Scheme::WeChatPay,
        Scheme::Alipay,
        Scheme::GrabPay,
    ];

    /// The national schemes, in the order [`detect`] lists them when a payload belongs to
    /// several (SGQR before PayNow, …).
    pub const NATIONAL: [Scheme; 15] = [
        Scheme::Elqr,
        Scheme::Khqr,
        Scheme::Pix,
        Scheme::PromptPay,
        Scheme::Qris,
        Scheme::Sgqr,
        Scheme::PayNow,
        Scheme::DuitNow,
        Scheme::VietQr,
        Scheme::Vnpay,
        Scheme::QrPh,
        Scheme::BharatQr,
        Scheme::Fps,
        Scheme::Fonepay,
        Scheme::LankaQr,
    ];

    /// The identifier used by the CLI and in JSON (`"promptpay"`).
    pub const fn id(self) -> &'static str {
        match self {
            Scheme::Emv => "emv",
            Scheme::Khqr => "khqr",
            Scheme::Elqr => "elqr",
            Scheme::Pix => "pix",
            Scheme::PromptPay => "promptpay",
            Scheme::Qris => "qris",
            Scheme::Sgqr => "sgqr",
            Scheme::PayNow => "paynow",
            Scheme::DuitNow => "duitnow",
            Scheme::VietQr => "vietqr",
            Scheme::Vnpay => "vnpay",
            Scheme::QrPh => "qrph",
            Scheme::BharatQr => "bharatqr",
            Scheme::Upi => "upi",
            Scheme::Fps => "fps",
            Scheme::Fonepay => "fonepay",
            Scheme::LankaQr => "lankaqr",
            Scheme::Visa => "visa",
            Scheme::Mastercard => "mastercard",
            Scheme::RuPay => "rupay",
            Scheme::Discover => "discover",
            Scheme::Amex => "amex",
            Scheme::Jcb => "jcb",
            Scheme::UnionPay => "unionpay",
            Scheme::Nets => "nets",
            Scheme::WeChatPay => "wechatpay",
            Scheme::Alipay => "alipay",
            Scheme::GrabPay => "grabpay",
        }
    }

    /// A human-readable name (`"PromptPay (Thailand)"`).
    pub const fn name(self) -> &'static str {
        match self {
            Scheme::Emv => "EMV MPM",
            Scheme::Khqr => "KHQR (Cambodia)",
            Scheme::Elqr => "ELQR (Kyrgyzstan)",
            Scheme::Pix => "Pix (Brazil)",
            Scheme::PromptPay => "PromptPay (Thailand)",
            Scheme::Qris => "QRIS (Indonesia)",
            Scheme::Sgqr => "SGQR (Singapore)",
            Scheme::PayNow => "PayNow (Singapore)",
            Scheme::DuitNow => "DuitNow (Malaysia)",
            Scheme::VietQr => "VietQR (Vietnam)",
            Scheme::Vnpay => "VNPAY-QR (Vietnam)",
            Scheme::QrPh => "QR Ph (Philippines)",
            Scheme::BharatQr => "Bharat QR (India)",
            Scheme::Upi => "UPI (India)",
            Scheme::Fps => "FPS (Hong Kong)",
            Scheme::Fonepay => "Fonepay (Nepal)",
            Scheme::LankaQr => "LankaQR (Sri Lanka)",
            Scheme::Visa => "Visa",
            Scheme::Mastercard => "Mastercard",
            Scheme::RuPay => "RuPay",
            Scheme::Discover => "Discover",
            Scheme::Amex => "American Express",
            Scheme::Jcb => "JCB",
            Scheme::UnionPay => "UnionPay International",
            Scheme::Nets => "NETS",
            Scheme::WeChatPay => "WeChat Pay",
            Scheme::Alipay => "Alipay",
            Scheme::GrabPay => "GrabPay",
        }
    }

    /// True for a national scheme (a country's QR standard), false for [`Scheme::Emv`] and for
    /// payment networks.
    pub fn is_national(self) -> bool {
        Scheme::NATIONAL.contains(&self)
    }

    /// True for a payment network that is not a national scheme (card networks, UPI, NETS,
    /// wallets).
    pub fn is_network(self) -> bool {
        self != Scheme::Emv && !self.is_national()
    }

    /// The ISO 3166-1 alpha-2 country of a national scheme (and of UPI and NETS).
    pub const fn country(self) -> Option<&'static str> {
        Some(match self {
            Scheme::Khqr => "KH",
            Scheme::Elqr => "KG",
            Scheme::Pix => "BR",
            Scheme::PromptPay => "TH",
            Scheme::Qris => "ID",
            Scheme::Sgqr | Scheme::PayNow | Scheme::Nets => "SG",
            Scheme::DuitNow => "MY",
            Scheme::VietQr | Scheme::Vnpay => "VN",
            Scheme::QrPh => "PH",
            Scheme::BharatQr | Scheme::Upi => "IN",
            Scheme::Fps => "HK",
            Scheme::Fonepay => "NP",
            Scheme::LankaQr => "LK",
            _ => return None,
        })
    }

    /// The parse options under which the scheme's real codes are valid: strict EMV relaxed
    /// exactly where the scheme departs from it. The deviations let through are reported as
    /// warnings.
    ///
    /// | Scheme | Leniency |
    /// |---|---|
    /// | `pix` | name/city over 25/15, missing 60, amount `0` (location and withdrawal codes), non-ASCII, lowercase CRC |
    /// | `promptpay` | missing 52, 59, 60 (P2P codes) |
    /// | `duitnow` | Payload Format Indicator other than `01` (DuitNow uses `02`) |
    /// | `vietqr` | missing 52, 59, 60; unreserved 80 as a primitive (MoMo); non-ASCII; long name/city |
    /// | `vnpay` | non-ASCII names |
    /// | `qrph`, `lankaqr` | RFU IDs (62.00 used as a GUI) |
    /// | `bharatqr`, `upi`, `fonepay`, card networks | lowercase CRC |
    /// | `elqr` | SHA-256 checksum, missing 58/60, UTF-16 lengths, zero amount, non-ASCII |
    /// | `khqr` | UTF-16 lengths, lowercase CRC, non-ASCII (the KHQR profile checks the rest) |
    /// | others | none (strict EMV) |
    pub const fn parse_options(self) -> ParseOptions {
        let strict = ParseOptions::new();
        match self {
            Scheme::Pix => strict
                .allow_long_name_city(true)
                .allow_missing(60, true)
                .allow_zero_amount(true)
                .allow_non_ascii(true)
                .allow_lowercase_crc(true),
            Scheme::PromptPay => strict
                .allow_missing(52, true)
                .allow_missing(59, true)
                .allow_missing(60, true),
            Scheme::DuitNow => strict.allow_any_pfi(true),
            Scheme::VietQr => strict
                .allow_missing(52, true)
                .allow_missing(59, true)
                .allow_missing(60, true)
                .allow_unreserved_primitives(true)
                .allow_non_ascii(true)
                .allow_long_name_city(true),
            Scheme::Vnpay => strict.allow_non_ascii(true),
            Scheme::QrPh | Scheme::LankaQr => strict.allow_rfu(true),
            Scheme::BharatQr
            | Scheme::Upi
            | Scheme::Fonepay
            | Scheme::Visa
            | Scheme::Mastercard
            | Scheme::RuPay
            | Scheme::Discover
            | Scheme::Amex
            | Scheme::Jcb
            | Scheme::UnionPay => strict.allow_lowercase_crc(true),
            Scheme::Elqr => strict
                .checksum(Checksum::Sha256Tail4)
                .allow_missing(58, true)
                .allow_missing(60, true)
                .length_unit(LengthUnit::Utf16)
                .allow_zero_amount(true)
                .allow_non_ascii(true),
            Scheme::Khqr => strict
                .length_unit(LengthUnit::Utf16)
                .allow_lowercase_crc(true)
                .allow_non_ascii(true),
            Scheme::Emv
            | Scheme::Qris
            | Scheme::Sgqr
            | Scheme::PayNow
            | Scheme::Fps
            | Scheme::Nets
            | Scheme::WeChatPay
            | Scheme::Alipay
            | Scheme::GrabPay => strict,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Scheme {
    type Err = UnknownScheme;
    fn from_str(s: &str) -> Result<Scheme, UnknownScheme> {
        Scheme::ALL
            .iter()
            .copied()
            .find(|x| x.id().eq_ignore_ascii_case(s))
            .ok_or(UnknownScheme)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Scheme {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// Runs the scheme's own rules on a payload (which may have been parsed with any options).
fn scheme_rules(scheme: Scheme, p: &Payload<'_>, sink: &mut impl rules::Sink) -> rules::Checked {
    match scheme {
        Scheme::Pix => pix::check(p, sink),
        Scheme::PromptPay => promptpay::check(p, sink),
        Scheme::Qris => qris::check(p, sink),
        Scheme::Sgqr => sgqr::check(p, sink),
        Scheme::PayNow => paynow::check(p, sink),
        Scheme::DuitNow => duitnow::check(p, sink),
        Scheme::VietQr => vietqr::check(p, sink),
        Scheme::Vnpay => vietqr::check_vnpay(p, sink),
        Scheme::QrPh => qrph::check(p, sink),
        Scheme::BharatQr => bharatqr::check(p, sink),
        Scheme::Upi => bharatqr::check_upi(p, sink),
        Scheme::Fps => fps::check(p, sink),
        Scheme::Fonepay => fonepay::check(p, sink),
        Scheme::LankaQr => lankaqr::check(p, sink),
        Scheme::Visa
        | Scheme::Mastercard
        | Scheme::RuPay
        | Scheme::Discover
        | Scheme::Amex
        | Scheme::Jcb
        | Scheme::UnionPay
        | Scheme::Nets
        | Scheme::WeChatPay
        | Scheme::Alipay
        | Scheme::GrabPay => cards::check_network(scheme, p, sink),
        // KHQR and ELQR are judged by their own modules; EMV has no rules beyond the parse.
        Scheme::Emv | Scheme::Khqr | Scheme::Elqr => Ok(()),
    }
}

/// Checks a parsed payload against a scheme's own rules (not its parse options).
///
/// # Errors
/// The first rule of the scheme that the payload breaks.
pub fn check(scheme: Scheme, p: &Payload<'_>) -> Result<(), Error> {
    let mut first = rules::First::default();
    let _ = scheme_rules(scheme, p, &mut first);
    match first.0 {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Parses `s` with the scheme's [`ParseOptions`] and checks the scheme's rules: the verdict of
/// the scheme on the payload. Allocates nothing. The deviations the scheme allows are on the
/// returned payload ([`Payload::warnings`]).
///
/// KHQR and ELQR are judged here only by their parse options; their own modules
/// (`profile::khqr`, `profile::elqr`) apply the full rules of those schemes.
///
/// ```
/// use emvqr::profile::{validate, Scheme};
/// use emvqr::ErrorKind;
/// // DuitNow codes carry Payload Format Indicator "02".
/// let s = "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY5909QRCSDNBHD6005BANGI6304343F";
/// assert_eq!(emvqr::Payload::parse(s).unwrap_err().kind(), ErrorKind::InvalidPfi);
/// let p = validate(Scheme::DuitNow, s)?;
/// assert!(p.warnings().contains(ErrorKind::InvalidPfi));
/// # Ok::<(), emvqr::Error>(())
/// ```
///
/// # Errors
/// The first problem: syntax, checksum, EMV rules not relaxed by the scheme, then the scheme's
/// own rules.
pub fn validate(scheme: Scheme, s: &str) -> Result<Payload<'_>, Error> {
    let p = scheme.parse_options().parse(s)?;
    check(scheme, &p)?;
    Ok(p)
}

/// Lists every problem of `s` under a scheme: the EMV errors and warnings under the scheme's
/// options, then (when the payload parses) every violation of the scheme's own rules.
#[cfg(feature = "alloc")]
pub fn validate_all(scheme: Scheme, s: &str) -> crate::payload::Report {
    let opts = scheme.parse_options();
    let mut report = opts.validate_all(s);
    if report.errors.is_empty() {
        if let Ok(p) = opts.parse(s) {
            let mut all = rules::All::default();
            let _ = scheme_rules(scheme, &p, &mut all);
            report.errors.extend(all.0);
        }
    }
    report
}

/// Detects the primary scheme of `s` and validates it by that scheme's rules (strict EMV when
/// no scheme is recognised): the default verdict of `emvqr decode`.
///
/// # Errors
/// As [`validate`] for the primary scheme.
pub fn validate_detected(s: &str) -> Result<(Scheme, Payload<'_>), Error> {
    let scheme = detect(s).primary().unwrap_or(Scheme::Emv);
    validate(scheme, s).map(|p| (scheme, p))
}
