//! The registry: one row per scheme, read by detection, validation, the intent and the
//! messages alike.
//!
//! # Adding a scheme
//!
//! 1. Write `src/profile/<id>.rs`: the scheme's own facts (GUIs, field names, rules that are
//!    its alone, a typed view made with [`view!`](crate::profile::view), a builder where the
//!    structure is clear) and one `pub(crate) const DESC: Desc` describing it (see [`Desc`]).
//!    Facts every scheme has — country, currency and its decimals, the EMV leniencies its real
//!    codes need, how it is detected, how its account template reads in the intent — are data
//!    in that row, not code.
//! 2. Add its `mod` line in `profile/mod.rs` and one line to the [`schemes!`] invocation below
//!    (the enum variant with its documentation, and the row).
//!
//! Detection ([`crate::profile::detect`]), validation ([`crate::profile::rules`]), the intent
//! ([`crate::intent`]) and the verdict ([`crate::check`]) are loops over this table; none of
//! them names a scheme.

use core::fmt;
use core::str::FromStr;

use crate::options::ParseOptions;
use crate::payload::Payload;
use crate::profile::detect::Roots;
use crate::profile::rules::{Checked, Sink};
use crate::template::Template;

/// What a scheme is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Plain EMV MPM: the fallback.
    Emv,
    /// A country's QR standard.
    National,
    /// A payment network (card scheme, wallet, UPI).
    Network,
}

/// How a scheme's rules are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    /// The EMV layer with the row's [`ParseOptions`], then the row's rules and the shared tail.
    Emv,
    /// KHQR: the official SDK's checks on the raw text (`profile::khqr`).
    Khqr,
    /// ELQR: links, percent-decoding and the SHA-256 checksum (`profile::elqr`).
    Elqr,
}

/// A GUI that names a scheme, compared ignoring ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gui {
    /// The whole GUI.
    Exact(&'static str),
    /// Its beginning (an AID's RID, a reverse-domain prefix).
    Prefix(&'static str),
    /// Text anywhere in it (Alipay+ identifiers: `<16 digits>.alipayplus.v<date>`).
    Contains(&'static str),
    /// A Bakong account ID (`name@bank`) where the GUI belongs (KHQR).
    AccountId,
}

/// How detection finds a scheme in a payload.
#[derive(Clone, Copy)]
pub(crate) enum Signal {
    /// Never detected (EMV, the fallback).
    Never,
    /// One of its GUIs in a merchant account template 26–51, or one of its primitives.
    Account,
    /// As `Account`, or the row's country in 58 (its currency in 53 when 58 is absent).
    AccountOrCountry,
    /// Its own test.
    Own(fn(&Roots<'_>) -> bool),
}

/// A currency a scheme's codes are written in: ISO 4217 numeric code and the number of
/// decimals the scheme writes (KHQR writes riel whole although ISO 4217 gives KHR two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Money {
    pub(crate) numeric: &'static str,
    pub(crate) decimals: u8,
}

/// Shorthand for a [`Money`].
pub(crate) const fn money(numeric: &'static str, decimals: u8) -> Money {
    Money { numeric, decimals }
}

/// Where 58 stands in the shared checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CountryRule {
    /// Not checked.
    Ignore,
    /// When present, the row's country (compared ignoring case).
    IfPresent,
    /// Required, and the row's country.
    Required,
}

/// The checks every scheme shares, run after its own rules: the currency (53) is one of the
/// row's, the country (58) as the rule says, the amount (54) has at most the currency's
/// decimals (none at all — no decimal mark — for a currency written whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tail {
    pub(crate) currency: bool,
    pub(crate) country: CountryRule,
    pub(crate) decimals: bool,
}

impl Tail {
    /// No shared checks (payment networks, EMV).
    pub(crate) const NONE: Tail = Tail {
        currency: false,
        country: CountryRule::Ignore,
        decimals: false,
    };
    /// Currency, country when present, decimals: most national schemes.
    pub(crate) const FULL: Tail = Tail {
        currency: true,
        country: CountryRule::IfPresent,
        decimals: true,
    };
}

/// Where a value sits: a sub-object of the scheme's account template, or of a root template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// A sub-object of the account template.
    Account(u8),
    /// A sub-object of a root template (`Root(99, 1)` is 99.01).
    Root(u8, u8),
    /// A sub-object of the unreserved template (80–99) that carries one of the scheme's GUIs.
    Unreserved(u8),
}

/// How an expiry is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExpiryForm {
    /// Thirteen digits of milliseconds since the epoch (KHQR).
    Millis13,
    /// `YYYYMMDD`: the end of that day at the UTC offset in minutes (PayNow).
    EndOfDay(i64),
    /// `YYMMDDhhmmss` at the UTC offset in minutes (FPS).
    Stamp12(i64),
}

/// A reference the intent carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ref {
    /// Pix transaction ID; the value given is the scheme's "no txid" marker.
    TxidUnless(&'static str),
    /// PromptPay bill reference 1.
    Ref1,
    /// PromptPay bill reference 2.
    Ref2,
    /// ELQR transaction ID.
    TransactionId,
    /// Pix Automático: the location of the recurrence to authorise.
    Recurrence,
}

/// How the amount (54) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AmountForm {
    /// A decimal number in the currency's major unit (`12.50`).
    Decimal,
    /// A whole number of minor units (ELQR: tyiyn).
    Minor,
}

/// How a primitive merchant account (02–25) of a network reads in the intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Primitive {
    /// `merchant_id`.
    MerchantId,
    /// `merchant_pan` (RuPay).
    MerchantPan,
    /// `ifsc` (11 characters) and `account` (Bharat QR's 08).
    IfscAccount,
}

/// A scheme's primitive merchant account IDs, with a test of the value when the ID alone does
/// not say.
pub(crate) type Primitives = (&'static [u8], Option<fn(&str) -> bool>);

/// Names of sub-objects, by sub-ID.
pub(crate) type Names = &'static [(u8, &'static str)];

/// How the scheme's merchant account template reads in the intent ("what it adds to routes
/// and the intent").
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "alloc"), allow(dead_code))]
pub(crate) struct Routes {
    /// Names of the account template's sub-objects, by template ID and GUI; sub-objects
    /// without a name keep their two-digit ID.
    pub(crate) names: fn(id: u8, gui: &str, t: &Template<'_>) -> Names,
    /// Sub-objects that are templates of named parts (VietQR's 01: BIN and account).
    pub(crate) nested: &'static [(u8, Names)],
    /// Values shown by a name instead (PayNow's 01: `0` → `mobile`).
    pub(crate) values: &'static [(u8, &'static str, &'static str)],
    /// Whether sub-00 is a GUI to show (false for KHQR, whose sub-00 is the account).
    pub(crate) gui: bool,
    /// How a primitive of this network reads.
    pub(crate) primitive: Primitive,
    /// Where the expiry is written.
    pub(crate) expiry: Option<(At, ExpiryForm)>,
    /// A sub-object saying whether the payer may change the amount: (where, yes, no).
    pub(crate) editable: Option<(At, &'static str, &'static str)>,
    /// A sub-object whose presence makes the code dynamic (Pix's location URL).
    pub(crate) dynamic_if: Option<At>,
    /// References written in the code, by account template ID and GUI.
    pub(crate) refs: fn(id: u8, gui: &str) -> &'static [(At, Ref)],
    /// Merchant account templates of the payload with no known GUI that route through this
    /// scheme (QRIS issuers 26–45, QR Ph and LankaQR templates, ELQR's 32).
    pub(crate) adopts: Option<(u8, u8)>,
    /// How 54 is written.
    pub(crate) amount: AmountForm,
}

fn no_names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[]
}

fn no_refs(_: u8, _: &str) -> &'static [(At, Ref)] {
    &[]
}

impl Routes {
    /// An account template whose sub-objects have no names of their own.
    pub(crate) const PLAIN: Routes = Routes {
        names: no_names,
        nested: &[],
        values: &[],
        gui: true,
        primitive: Primitive::MerchantId,
        expiry: None,
        editable: None,
        dynamic_if: None,
        refs: no_refs,
        adopts: None,
        amount: AmountForm::Decimal,
    };
}

/// The rules of a scheme beyond EMV (the shared tail aside).
pub(crate) type RuleFn = fn(&Desc, &Payload<'_>, &mut dyn Sink) -> Checked;

fn no_rules(_: &Desc, _: &Payload<'_>, _: &mut dyn Sink) -> Checked {
    Ok(())
}

/// Field names a scheme gives its data objects, by ID path.
pub(crate) type FieldNames = fn(&[u8]) -> Option<&'static str>;

fn no_field_names(_: &[u8]) -> Option<&'static str> {
    None
}

/// One row of the registry: everything the generic code knows about a scheme.
#[derive(Clone, Copy)]
pub(crate) struct Desc {
    /// The identifier of the command line and JSON (`"promptpay"`).
    pub(crate) id: &'static str,
    /// A human-readable name (`"PromptPay (Thailand)"`).
    pub(crate) name: &'static str,
    pub(crate) role: Role,
    /// ISO 3166-1 alpha-2.
    pub(crate) country: Option<&'static str>,
    /// The currencies of 53, the first the home currency.
    pub(crate) currencies: &'static [Money],
    pub(crate) engine: Engine,
    /// The EMV leniencies the scheme's real codes need.
    pub(crate) options: ParseOptions,
    pub(crate) rules: RuleFn,
    pub(crate) tail: Tail,
    pub(crate) signal: Signal,
    /// A test of the whole text, given its root objects as detection reads them (ELQR links
    /// and percent-encoded payloads): when it holds, the text is this scheme's alone.
    pub(crate) text_signal: Option<fn(&str, &crate::profile::detect::Roots<'_>) -> bool>,
    /// The GUIs naming it.
    pub(crate) guis: &'static [Gui],
    /// Its primitive merchant account IDs (card networks), with a test of the value when the
    /// ID alone does not say (Bharat QR's 08 holds an IFSC).
    pub(crate) primitives: Primitives,
    pub(crate) routes: Routes,
    pub(crate) field_names: FieldNames,
}

impl Desc {
    /// A row with every optional part empty.
    pub(crate) const fn new(id: &'static str, name: &'static str, role: Role) -> Desc {
        Desc {
            id,
            name,
            role,
            country: None,
            currencies: &[],
            engine: Engine::Emv,
            options: ParseOptions::new(),
            rules: no_rules,
            tail: Tail::NONE,
            signal: Signal::Never,
            text_signal: None,
            guis: &[],
            primitives: (&[], None),
            routes: Routes::PLAIN,
            field_names: no_field_names,
        }
    }

    /// A national scheme: country, currencies, the full shared tail, detected by its GUIs.
    pub(crate) const fn national(
        id: &'static str,
        name: &'static str,
        country: &'static str,
        currencies: &'static [Money],
    ) -> Desc {
        let mut d = Desc::new(id, name, Role::National);
        d.country = Some(country);
        d.currencies = currencies;
        d.tail = Tail::FULL;
        d.signal = Signal::Account;
        d
    }

    /// A payment network named by GUIs and primitives, with the network rule (one of its
    /// accounts must be present) and, by default, a lowercase CRC allowed.
    pub(crate) const fn network(id: &'static str, name: &'static str) -> Desc {
        let mut d = Desc::new(id, name, Role::Network);
        d.rules = crate::profile::rules::network_present;
        d.signal = Signal::Account;
        d
    }

    /// The decimals the scheme writes for the currency `numeric` (`None` when it is not one
    /// of the row's).
    pub(crate) fn decimals_of(&self, numeric: &str) -> Option<u8> {
        self.currencies
            .iter()
            .find(|m| m.numeric == numeric)
            .map(|m| m.decimals)
    }
}

/// Declares the [`Scheme`] enum and the registry from one list: each line is a scheme's
/// documentation, its variant and its row.
macro_rules! schemes {
    ($( $(#[$doc:meta])* $variant:ident => $desc:path, )*) => {
        /// A national QR scheme or a payment network, with the identifiers of the command line
        /// (`"khqr"`, `"paynow"`, `"unionpay"`, …).
        ///
        /// ```
        /// use emvqr::Scheme;
        /// let s: Scheme = "duitnow".parse().unwrap();
        /// assert_eq!(s, Scheme::DuitNow);
        /// assert_eq!(s.to_string(), "duitnow");
        /// assert!(s.is_national() && !Scheme::Visa.is_national());
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Scheme {
            $( $(#[$doc])* $variant, )*
        }

        /// The rows, in the order of the enum (national schemes in detection order).
        const REGISTRY: &[Desc] = &[ $( $desc, )* ];

        impl Scheme {
            /// Every scheme, in the order of the enum: EMV, the national schemes (in the order
            /// detection lists them), then the payment networks.
            pub const ALL: &'static [Scheme] = &[ $( Scheme::$variant, )* ];
        }
    };
}

schemes! {
    /// Plain EMVCo MPM, no national scheme recognised.
    Emv => crate::profile::emv::DESC,
    /// ELQR, Kyrgyzstan: payment links with a SHA-256 checksum.
    Elqr => crate::profile::elqr::DESC,
    /// KHQR, Cambodia (Bakong, National Bank of Cambodia).
    Khqr => crate::profile::khqr::DESC,
    /// Pix BR Code, Brazil.
    Pix => crate::profile::pix::DESC,
    /// PromptPay / Thai QR Payment, Thailand.
    PromptPay => crate::profile::promptpay::DESC,
    /// QRIS, Indonesia.
    Qris => crate::profile::qris::DESC,
    /// SGQR, Singapore's common label (identity template 51 `SG.SGQR`).
    Sgqr => crate::profile::sgqr::DESC,
    /// PayNow, Singapore (`SG.PAYNOW`).
    PayNow => crate::profile::paynow::DESC,
    /// DuitNow QR, Malaysia (PayNet).
    DuitNow => crate::profile::duitnow::DESC,
    /// VietQR, Vietnam (NAPAS, template 38).
    VietQr => crate::profile::vietqr::DESC,
    /// VNPAY-QR, Vietnam.
    Vnpay => crate::profile::vietqr::VNPAY,
    /// QR Ph, the Philippines (P2M and P2P).
    QrPh => crate::profile::qrph::DESC,
    /// Bharat QR, India.
    BharatQr => crate::profile::bharatqr::DESC,
    /// FPS, Hong Kong (`hk.com.hkicl`).
    Fps => crate::profile::fps::DESC,
    /// Fonepay, Nepal.
    Fonepay => crate::profile::fonepay::DESC,
    /// LankaQR, Sri Lanka.
    LankaQr => crate::profile::lankaqr::DESC,
    /// LAO QR, Laos (LAPNet; template 38, the U-Money wallet's 29).
    LaoQr => crate::profile::laoqr::DESC,
    /// Mongolia's interbank QR (QPay codes are this scheme).
    MnQr => crate::profile::mnqr::DESC,
    /// JPQR, Japan.
    JpQr => crate::profile::jpqr::DESC,
    /// BC Card QR, Korea.
    BcCard => crate::profile::bccard::DESC,
    /// ZeroPay, Korea.
    ZeroPay => crate::profile::zeropay::DESC,
    /// TWQR, Taiwan (FISC's TWQRP; EMV form and URL form).
    TwQr => crate::profile::twqr::DESC,
    /// Paynet qr-online, Uzbekistan.
    UzQr => crate::profile::uzqr::DESC,
    /// MMQR, Myanmar.
    MmQr => crate::profile::mmqr::DESC,
    /// Bangla QR, Bangladesh.
    BanglaQr => crate::profile::banglaqr::DESC,
    /// NepalPay QR, Nepal (NCHL).
    NepalPay => crate::profile::nepalpay::DESC,
    /// India's UPI inside an EMV payload (templates with RID `A000000524`).
    Upi => crate::profile::bharatqr::UPI,
    /// Visa (primitive merchant account 02–03).
    Visa => crate::profile::cards::VISA,
    /// Mastercard (04–05).
    Mastercard => crate::profile::cards::MASTERCARD,
    /// RuPay (06–07, used by Bharat QR).
    RuPay => crate::profile::cards::RUPAY,
    /// Discover (09–10).
    Discover => crate::profile::cards::DISCOVER,
    /// American Express (11–12).
    Amex => crate::profile::cards::AMEX,
    /// JCB (13–14).
    Jcb => crate::profile::cards::JCB,
    /// UnionPay International (15–16).
    UnionPay => crate::profile::cards::UNIONPAY,
    /// NETS, Singapore (`SG.COM.NETS`).
    Nets => crate::profile::cards::NETS,
    /// WeChat Pay (`COM.QQ.WEIXIN.PAY`).
    WeChatPay => crate::profile::cards::WECHATPAY,
    /// Alipay (`COM.ALIPAY`).
    Alipay => crate::profile::cards::ALIPAY,
    /// Alipay+ (an identifier `<16 digits>.alipayplus.v<date>`; its merchant codes and payment
    /// codes).
    AlipayPlus => crate::profile::cards::ALIPAYPLUS,
    /// GrabPay (`COM.GRAB`).
    GrabPay => crate::profile::cards::GRABPAY,
}

/// The error of `Scheme::from_str`: no scheme has this identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("unknown scheme identifier (known: {})", SchemeIds)]
pub struct UnknownScheme;

/// Every identifier, comma-separated (for messages).
struct SchemeIds;

impl fmt::Display for SchemeIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in Scheme::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(s.id())?;
        }
        Ok(())
    }
}

/// Every row's GUIs with their scheme, in row order: what [`Scheme::rows`] lists, laid out
/// flat for detection, which tries them all for every template it reads.
pub(crate) static GUIS: [(Gui, Scheme); gui_count()] = flat_guis();

/// The IDs some row claims as a primitive merchant account (bit `id`): detection asks the
/// rows only for these.
pub(crate) static PRIMITIVE_IDS: u128 = primitive_ids();

const fn primitive_ids() -> u128 {
    let (mut set, mut rows) = (0u128, REGISTRY);
    while let [row, rest @ ..] = rows {
        let mut ids = row.primitives.0;
        while let [id, more @ ..] = ids {
            if *id < 128 {
                set |= 1 << *id;
            }
            ids = more;
        }
        rows = rest;
    }
    set
}

const fn gui_count() -> usize {
    let (mut n, mut rows) = (0, REGISTRY);
    while let [row, rest @ ..] = rows {
        n += row.guis.len();
        rows = rest;
    }
    n
}

// Evaluated at compile time, where an index out of range stops the build.
#[allow(clippy::indexing_slicing)]
const fn flat_guis() -> [(Gui, Scheme); gui_count()] {
    let mut out = [(Gui::AccountId, Scheme::Emv); gui_count()];
    let (mut rows, mut schemes, mut n) = (REGISTRY, Scheme::ALL, 0);
    while let ([row, more_rows @ ..], [scheme, more_schemes @ ..]) = (rows, schemes) {
        let mut guis = row.guis;
        while let [g, rest @ ..] = guis {
            out[n] = (*g, *scheme);
            n += 1;
            guis = rest;
        }
        (rows, schemes) = (more_rows, more_schemes);
    }
    out
}

impl Scheme {
    /// The scheme's row.
    pub(crate) fn desc(self) -> &'static Desc {
        // The table is declared with the enum, one row per variant, in the same order.
        REGISTRY
            .get(self as usize)
            .unwrap_or(&crate::profile::emv::DESC)
    }

    /// Every row with its scheme.
    pub(crate) fn rows() -> impl Iterator<Item = (Scheme, &'static Desc)> {
        Scheme::ALL.iter().map(|s| (*s, s.desc()))
    }

    /// The identifier used by the command line and in JSON (`"promptpay"`).
    pub fn id(self) -> &'static str {
        self.desc().id
    }

    /// A human-readable name (`"PromptPay (Thailand)"`).
    pub fn name(self) -> &'static str {
        self.desc().name
    }

    /// True for a national scheme (a country's QR standard), false for [`Scheme::Emv`] and for
    /// payment networks.
    pub fn is_national(self) -> bool {
        self.desc().role == Role::National
    }

    /// True for a payment network that is not a national scheme (card networks, UPI, NETS,
    /// wallets).
    pub fn is_network(self) -> bool {
        self.desc().role == Role::Network
    }

    /// The ISO 3166-1 alpha-2 country of a national scheme (and of UPI and NETS).
    pub fn country(self) -> Option<&'static str> {
        self.desc().country
    }

    /// The ISO 4217 numeric codes the scheme's codes are written in, the home currency first.
    pub fn currencies(self) -> impl Iterator<Item = &'static str> {
        self.desc().currencies.iter().map(|m| m.numeric)
    }

    /// The parse options under which the EMV layer reads the scheme's real codes: strict EMV
    /// relaxed exactly where the scheme departs from it (the deviations let through are
    /// reported as warnings). `None` for ELQR, which is not EMV-conformant and has an engine
    /// of its own (`profile::elqr`).
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
    /// | `khqr` | UTF-16 lengths, lowercase CRC, non-ASCII (the KHQR profile checks the rest) |
    /// | others | none (strict EMV) |
    pub fn parse_options(self) -> Option<ParseOptions> {
        let d = self.desc();
        (d.engine != Engine::Elqr).then_some(d.options)
    }

    /// The name this scheme gives a data object (`29.00` of a KHQR is the Bakong account ID),
    /// else its EMV name.
    pub fn field_name(self, path: &[u8]) -> &'static str {
        (self.desc().field_names)(path).unwrap_or_else(|| crate::field::name(path))
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
        Scheme::rows()
            .find(|(_, d)| d.id.eq_ignore_ascii_case(s))
            .map(|(x, _)| x)
            .ok_or(UnknownScheme)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Scheme {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_its_own_id() {
        for (i, s) in Scheme::ALL.iter().enumerate() {
            assert_eq!(*s as usize, i, "{s:?} is row {i}");
            assert_eq!(s.id().parse::<Scheme>(), Ok(*s));
            assert!(Scheme::ALL
                .iter()
                .filter(|o| o.id() == s.id())
                .count()
                .eq(&1));
        }
    }
}
