//! One payment view for every scheme: who is paid, how much in which currency, until when,
//! with which reference, and through which networks.
//!
//! A wallet gets the intent with the verdict ([`crate::check`], [`crate::Verdict::intent`]).
//! It can also be built from any parsed payload ([`PaymentIntent::from_payload`]) or, for
//! diagnostics, from whatever data objects of a broken payload can be read
//! ([`PaymentIntent::scan`]); neither of those judges the code. Its JSON form (feature
//! `serde`) is the `intent` object of `emvqr decode --json`. What each scheme adds (its route
//! names, expiry, references) comes from its row of the scheme registry.
//!
//! Examples, one per scheme (payloads from real codes or their specifications), each through
//! the verdict:
//!
//! ```
//! use emvqr::intent::PaymentIntent;
//! use emvqr::profile::Scheme;
//! use emvqr::{check, CheckOptions};
//! # fn intent(s: &str) -> PaymentIntent<'_> {
//! #     let v = check(s, &CheckOptions::at(1_767_225_100_000));
//! #     assert!(v.is_valid(), "{:?}", v.error());
//! #     v.intent().cloned().unwrap()
//! # }
//!
//! // Pix (Brazil): the key is the route's account, the txid a reference.
//! let s = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
//! let i = intent(s);
//! assert_eq!((i.payee.name.as_deref(), i.currency), (Some("Fulano de Tal"), Some("BRL")));
//! assert_eq!(i.routes[0].network, Some(Scheme::Pix));
//! assert_eq!(i.routes[0].get("key"), Some("123e4567-e12b-12d1-a456-426655440000"));
//! assert_eq!(i.references.txid, None); // "***": no txid
//! assert!(i.amount_editable && !i.dynamic);
//!
//! // PromptPay (Thailand): a P2P code with an amount and no merchant name.
//! let s = "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469";
//! let i = intent(s);
//! assert_eq!((i.amount.as_deref(), i.amount_minor, i.currency), (Some("4.22"), Some(422), Some("THB")));
//! assert_eq!(i.payee.name, None);
//! assert_eq!(i.routes[0].get("mobile"), Some("0066000000000"));
//!
//! // PayNow (Singapore): expiry 2099-12-31 is the end of that day in Singapore time.
//! let s = "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB";
//! let i = intent(s);
//! assert_eq!(i.routes[0].get("proxy"), Some("+6591234567"));
//! assert!(i.amount_editable);
//!
//! // FPS (Hong Kong): an expiry in template 26, Hong Kong time.
//! let s = "0002010102121531479803444798034459803449399006326450012hk.com.hkicl0209166069526051229123123595952049399530334454042.005802HK5902NA6002HK6293011900-12348A10798425380218001-20200726084100032263ee92126d3fb9ff7bed98041802150821101001445D80560013com.swiftpass0212181570002009041900-12348A10798425386304F335";
//! let i = intent(s);
//! assert_eq!(i.expires_at_ms, Some(1_893_427_199_000)); // 2029-12-31T23:59:59+08:00
//! assert!(!i.is_expired(1_893_427_199_000) && i.is_expired(1_893_427_199_001));
//! let networks: Vec<_> = i.routes.iter().map(|r| r.network).collect();
//! assert_eq!(networks, [Some(Scheme::UnionPay), Some(Scheme::Fps)]);
//!
//! // KHQR (Cambodia): 99.01 is the expiry in milliseconds (checked at the clock given).
//! let s = "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh62090105INV-19934001317672250000000113176722530000063047873";
//! let i = intent(s);
//! assert_eq!((i.amount_minor, i.currency), (Some(500), Some("USD")));
//! assert_eq!(i.expires_at_iso().as_deref(), Some("2025-12-31T23:55:00.000Z"));
//! assert_eq!(i.routes[0].get("account_id"), Some("john_smith@devb"));
//! assert!(check(s, &CheckOptions::at(1_767_225_600_000)).error().is_some()); // expired
//!
//! // QRIS (Indonesia): issuer template and national repository with the NMID.
//! let s = "00020101021126570011ID.DANA.WWW011893600915324993094502092499309450303UMI51440014ID.CO.QRIS.WWW0215ID10254398087220303UMI5204541153033605802ID5908BarbexID6004011361054646563047A81";
//! let i = intent(s);
//! assert_eq!(i.routes[1].get("nmid"), Some("ID1025439808722"));
//! assert_eq!(i.routes[0].network, Some(Scheme::Qris));
//!
//! // VietQR (Vietnam): bank BIN and account nested in template 38; VND has no decimals.
//! let s = "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8";
//! let i = intent(s);
//! assert_eq!((i.routes[0].get("bin"), i.routes[0].get("account")), (Some("970416"), Some("257678859")));
//! assert_eq!((i.amount_minor, i.references.purpose.as_deref()), (Some(1000), Some("Chuyen tien")));
//! # Ok::<(), emvqr::Error>(())
//! ```
//!
//! ```
//! use emvqr::intent::PaymentIntent;
//! use emvqr::profile::Scheme;
//! use emvqr::{check, CheckOptions};
//! # fn intent(s: &str) -> PaymentIntent<'_> {
//! #     let v = check(s, &CheckOptions::at(1_767_225_100_000));
//! #     assert!(v.is_valid(), "{:?}", v.error());
//! #     v.intent().cloned().unwrap()
//! # }
//!
//! // SGQR (Singapore): every scheme of the label is a route.
//! let s = "00020101021126520008com.grab01365af16fa7-25d5-442b-8c19-b88ddafb14c727330015sg.com.dash.www0110000000464728810011SG.COM.NETS01231198500065G99123123590002111118778720003088778720199084136B4AE51800007SG.SGQR011218090900176B020700.00210306079027040201050213060400000708201809115204581253037025802SG5909TOAST BOX6009Singapore6304B081";
//! let i = intent(s);
//! let nets = i.route(Scheme::Nets).unwrap();
//! assert_eq!((nets.get("merchant_id"), nets.get("terminal_id")), (Some("11187787200"), Some("87787201")));
//! assert_eq!(i.route(Scheme::Sgqr).unwrap().get("sgqr_id"), Some("18090900176B"));
//! assert_eq!(i.routes[1].network, None); // sg.com.dash.www: a wallet this crate does not name
//!
//! // DuitNow (Malaysia): Payload Format Indicator "02".
//! let s = "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY5909QRCSDNBHD6005BANGI6304343F";
//! let i = intent(s);
//! assert_eq!((i.currency, i.amount_minor), (Some("MYR"), Some(1000)));
//! assert_eq!(i.routes[0].get("participant_code"), Some("501664"));
//!
//! // VNPAY-QR (Vietnam).
//! let s = "00020101021126280010A000000775011001087990425204597753037045802VN5909MYPHAMHER6005HANOI62260311MY PHAM HER0707MPHER0163041C50";
//! let i = intent(s);
//! assert_eq!((i.routes[0].network, i.references.terminal_label.as_deref()), (Some(Scheme::Vnpay), Some("MPHER01")));
//!
//! // QR Ph (the Philippines): a P2P InstaPay code.
//! let s = "00020101021127780012com.p2pqrpay0111PAPHPHM1XXX02089996440304126390604987410515+63-906-04987415204601653036085802PH5918Bernabe Jr Agustin6010Valenzuela63041475";
//! let i = intent(s);
//! assert_eq!((i.routes[0].get("bic"), i.routes[0].get("mobile")), (Some("PAPHPHM1XXX"), Some("+63-906-0498741")));
//!
//! // Bharat QR (India): card primitives, IFSC + account, and UPI.
//! let s = "000201010212021643926300000000850415540461000000008061661005900000000890827YESB0CMSNOC222333004882700126430010A0000005240117razorpaybqr@icici02041.1027350010A0000005240117RZPGT8ildsFTgS5Sp52047531530335654041.105802IN5906zxcbmn6005Delhi610611008562300514GT8ildsFTgS5Sp070838R004506304B6A9";
//! let i = intent(s);
//! let networks: Vec<_> = i.routes.iter().filter_map(|r| r.network.map(|n| n.id())).collect();
//! assert_eq!(networks, ["visa", "mastercard", "rupay", "bharatqr", "upi", "upi"]);
//! assert_eq!(i.route(Scheme::Upi).unwrap().get("vpa"), Some("razorpaybqr@icici"));
//!
//! // Fonepay (Nepal).
//! let s = "00020101021126350011fonepay.com071622226100158730565204527153035245802NP5915Prakash Store 16012Pokhariya MC62110707162568663048986";
//! let i = intent(s);
//! assert_eq!((i.currency, i.routes[0].get("merchant_id")), (Some("NPR"), Some("2222610015873056")));
//!
//! // LankaQR (Sri Lanka): a tip prompt (55 = 01).
//! let s = "0002010102112632002816728000581200000000100000055204581253031445502015802LK5909Vits Food6007Colombo61050080062580032537c0a88562e4a599cab63d1992f0dac05181600766683296-000563042AB7";
//! let i = intent(s);
//! assert_eq!((i.currency, i.tip.as_ref().map(|t| t.kind())), (Some("LKR"), Some("prompt")));
//!
//! // A card network only (UnionPay in Nepal, lowercase CRC).
//! let s = "000201010212153127330524000203441005000000000015204729953035245406150.005802NP5915RAKESH SHRESTHA6009KATHMANDU62600120201809281708350113950520201809281708350113960708100505016304af24";
//! let i = intent(s);
//! assert_eq!((i.amount_minor, i.references.bill_number.as_deref()), (Some(15_000), Some("20180928170835011395")));
//!
//! // ELQR (Kyrgyzstan): the amount is already in tyiyn; 32.12 says whether it may change.
//! let s = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a";
//! let i = intent(s);
//! assert_eq!((i.currency, i.amount_editable), (Some("KGS"), true));
//! assert_eq!(i.routes[0].get("recipient_id"), Some("1180000347840186"));
//! # Ok::<(), emvqr::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::currency::{Currency, MinorUnitsError};
use crate::error::{Error, ErrorKind, Path};
use crate::payload::Payload;
use crate::profile::detect::{
    detect_roots, detect_text, is_account_template, is_ifsc_account, Roots,
};
use crate::profile::rules::{digits, gui_matches};
use crate::profile::scheme::{AmountForm, At, ExpiryForm, Names, Primitive, Ref, Routes};
use crate::profile::{Detection, Scheme};
use crate::template::Template;
use crate::time;
use crate::tlv::{LengthUnit, Tlv};

/// Who is paid: the merchant name and city, and their alternate-language forms (64).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payee<'a> {
    /// Merchant name (59).
    pub name: Option<Cow<'a, str>>,
    /// Merchant city (60).
    pub city: Option<Cow<'a, str>>,
    /// Merchant name in the alternate language (64.01).
    pub name_alt: Option<Cow<'a, str>>,
    /// Merchant city in the alternate language (64.02).
    pub city_alt: Option<Cow<'a, str>>,
}

/// Who pays, for a consumer-presented code (which names the payer, not a merchant).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Payer<'a> {
    /// The payer's network (from the application's AID).
    pub network: Option<Scheme>,
    /// The payer's PAN masked for display (first six and last four digits).
    pub masked_pan: Option<Cow<'a, str>>,
}

/// A tip or convenience fee (55, with 56 or 57).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tip<'a> {
    /// 55 = `01`: the payer is asked for a tip.
    Prompt,
    /// 55 = `02`: a fixed convenience fee (56, amount syntax in the transaction currency).
    Fixed(Cow<'a, str>),
    /// 55 = `03`: a convenience fee as a percentage of the amount (57, e.g. `"3.00"`).
    Percentage(Cow<'a, str>),
}

impl Tip<'_> {
    /// `"prompt"`, `"fixed"` or `"percentage"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Tip::Prompt => "prompt",
            Tip::Fixed(_) => "fixed",
            Tip::Percentage(_) => "percentage",
        }
    }

    /// The fee as written (`None` for a prompt).
    pub fn value(&self) -> Option<&str> {
        match self {
            Tip::Prompt => None,
            Tip::Fixed(v) | Tip::Percentage(v) => Some(v),
        }
    }
}

/// References the payer's app passes on with the payment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct References<'a> {
    /// 62.01 Bill number (PayNow and FPS put their payment reference here).
    pub bill_number: Option<Cow<'a, str>>,
    /// 62.02 Mobile number.
    pub mobile_number: Option<Cow<'a, str>>,
    /// 62.03 Store label.
    pub store_label: Option<Cow<'a, str>>,
    /// 62.04 Loyalty number.
    pub loyalty_number: Option<Cow<'a, str>>,
    /// 62.05 Reference label, as written.
    pub reference_label: Option<Cow<'a, str>>,
    /// 62.06 Customer label.
    pub customer_label: Option<Cow<'a, str>>,
    /// 62.07 Terminal label.
    pub terminal_label: Option<Cow<'a, str>>,
    /// 62.08 Purpose of transaction.
    pub purpose: Option<Cow<'a, str>>,
    /// Pix transaction ID (62.05 unless it is `***`, which means "none").
    pub txid: Option<Cow<'a, str>>,
    /// PromptPay bill payment reference 1 (template 30, sub-02).
    pub ref1: Option<Cow<'a, str>>,
    /// PromptPay bill payment reference 2 (template 30, sub-03).
    pub ref2: Option<Cow<'a, str>>,
    /// ELQR transaction ID (template 32, sub-11).
    pub transaction_id: Option<Cow<'a, str>>,
    /// Pix Automático: the location of the recurrence to authorise (a URL without scheme).
    pub recurrence: Option<Cow<'a, str>>,
}

/// One way to pay: a merchant account object of the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    /// The network (`None` for a GUI this crate does not know, e.g. `SG.COM.DASH.WWW`).
    pub network: Option<Scheme>,
    /// The merchant account ID (02–51; 32 for ELQR).
    pub id: u8,
    /// The GUI of a template (sub-00); `None` for a primitive and for KHQR, whose sub-00 is an
    /// account ID (given as `account_id`).
    pub gui: Option<Cow<'a, str>>,
    /// The account data as named fields in payload order: `key`, `info`, `url` (Pix),
    /// `mobile`, `national_id`, `ewallet`, `biller_id` (PromptPay), `account_id`,
    /// `merchant_id`, `acquiring_bank` (KHQR), `nmid`, `merchant_pan` (QRIS), `proxy_type`,
    /// `proxy`, `expiry_date` (PayNow), `bin`, `account`, `service_code` (VietQR), `vpa`
    /// (UPI), `ifsc` (Bharat QR), `fps_id`, `email` (FPS), … Sub-objects without a known
    /// name keep their two-digit ID as key (`"03"`); a primitive gives `merchant_id` (or
    /// `merchant_pan` for RuPay).
    pub account: Vec<(&'static str, Cow<'a, str>)>,
}

impl<'a> Route<'a> {
    /// A route without account data.
    pub fn new(network: Option<Scheme>, id: u8, gui: Option<Cow<'a, str>>) -> Route<'a> {
        Route {
            network,
            id,
            gui,
            account: Vec::new(),
        }
    }

    /// Adds an account field (builder style).
    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl Into<Cow<'a, str>>) -> Route<'a> {
        self.account.push((key, value.into()));
        self
    }

    /// An account field by name.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.account
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_ref())
    }

    /// A name to show for the route: the network's name, else the GUI, else the merchant
    /// account ID (`Merchant account 26`).
    pub fn display_name(&self) -> Cow<'_, str> {
        match (self.network, &self.gui) {
            (Some(n), _) => Cow::Borrowed(n.name()),
            (None, Some(g)) => Cow::Borrowed(g.as_ref()),
            (None, None) => Cow::Owned(alloc::format!("Merchant account {:02}", self.id)),
        }
    }

    /// Copies borrowed text so that the route outlives the payload.
    pub fn into_owned(self) -> Route<'static> {
        Route {
            network: self.network,
            id: self.id,
            gui: self.gui.map(owned),
            account: self
                .account
                .into_iter()
                .map(|(k, v)| (k, owned(v)))
                .collect(),
        }
    }
}

/// The scheme-independent payment view of a QR code.
///
/// Every member is public, so that a profile with its own view (KHQR, ELQR) can fill one in.
/// Text is borrowed from the payload where possible ([`PaymentIntent::into_owned`] copies it).
///
/// JSON (feature `serde`), with `null` for what the code does not carry:
///
/// ```json
/// {"payee": {"name": "Jonh Smith", "city": "PHNOM PENH", "name_alt": null, "city_alt": null},
///  "country": "KH", "currency": "KHR", "currency_numeric": "116", "amount": "500",
///  "amount_minor": 50000, "tip": null, "amount_editable": false, "dynamic": true,
///  "expires_at_ms": null, "references": {"bill_number": null, …},
///  "routes": [{"network": "khqr", "id": "29", "gui": null,
///              "account": {"account_id": "jonhsmith@nbcq"}}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaymentIntent<'a> {
    /// The scheme the code was read as (its primary scheme); not part of the JSON object.
    pub scheme: Option<Scheme>,
    /// Who is paid.
    pub payee: Payee<'a>,
    /// ISO 3166-1 alpha-2 country (58), as written.
    pub country: Option<Cow<'a, str>>,
    /// ISO 4217 alphabetic code of the currency (`"THB"`); `None` when 53 is absent or not an
    /// ISO 4217 code.
    pub currency: Option<&'static str>,
    /// ISO 4217 numeric code as written in 53 (`"764"`).
    pub currency_numeric: Option<Cow<'a, str>>,
    /// The amount exactly as written (54; `"12.5"`, `"98."`); for ELQR, in tyiyn.
    pub amount: Option<Cow<'a, str>>,
    /// The amount in minor units of the currency (ISO 4217 exponent: KHR 2, IDR 2, VND 0,
    /// JPY 0, KWD 3); `None` without an amount, with an unknown currency, or when the amount has
    /// more decimals than the currency allows (then [`PaymentIntent::warnings`] says so).
    pub amount_minor: Option<u64>,
    /// Tip or convenience fee (55–57).
    pub tip: Option<Tip<'a>>,
    /// Whether the payer may enter or change the amount: true without an amount; PayNow
    /// (26.03) and ELQR (32.12) say it explicitly.
    pub amount_editable: bool,
    /// A code for one transaction: 01 = `12`, or a Pix code with a location URL.
    pub dynamic: bool,
    /// When the code stops being payable, in milliseconds since the Unix epoch: KHQR 99.01,
    /// PayNow 26.04 (end of that day, Singapore time), FPS 26.05 (Hong Kong time).
    pub expires_at_ms: Option<i64>,
    /// References passed on with the payment.
    pub references: References<'a>,
    /// The ways to pay, one per merchant account object, in payload order.
    pub routes: Vec<Route<'a>>,
    /// For a consumer-presented code: who pays (there is no payee).
    pub payer: Option<Payer<'a>>,
    /// Problems met while building the intent (not part of the JSON `intent` object): e.g.
    /// an amount with more decimals than its currency allows (`invalid_amount` at 54).
    pub warnings: Vec<Error>,
}

fn owned(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn owned_opt(c: Option<Cow<'_, str>>) -> Option<Cow<'static, str>> {
    c.map(owned)
}

/// Sub-IDs as two-digit keys for account fields without a known name.
fn sub_key(id: u8) -> &'static str {
    crate::error::two_digits(id).unwrap_or("??")
}

impl<'a> PaymentIntent<'a> {
    /// An empty intent (no payee, no amount, amount editable, static, no routes).
    pub fn new() -> PaymentIntent<'a> {
        PaymentIntent {
            amount_editable: true,
            ..PaymentIntent::default()
        }
    }

    /// The intent of a parsed payload, read the way its primary scheme defines it. It does
    /// not judge the code: [`crate::check`] does, and gives the intent with its verdict.
    pub fn from_payload(p: &Payload<'a>) -> PaymentIntent<'a> {
        let roots = Roots::scan(p.as_str(), p.options().unit());
        build(&roots, &detect_roots(&roots))
    }

    /// The intent of whatever data objects of `s` can be read, without validating anything:
    /// for showing what a broken code says, never for paying it. `None` when not even one
    /// data object can be read.
    pub fn scan(s: &'a str) -> Option<PaymentIntent<'a>> {
        PaymentIntent::read(s, LengthUnit::Chars, None)
    }

    /// The intent of the data objects of `s` read with lengths in `unit`, as the scheme
    /// `scheme` reads them (detected when `None`).
    pub(crate) fn read(
        s: &'a str,
        unit: LengthUnit,
        scheme: Option<Scheme>,
    ) -> Option<PaymentIntent<'a>> {
        let roots = Roots::scan(s, unit);
        if roots.count == 0 {
            return None;
        }
        let d = detect_text(s, &roots);
        Some(build(&roots, &scheme.map_or(d, |x| d.with_primary(x))))
    }

    /// [`Self::read_detected`] from root objects `roots` already read for detection, when
    /// they are `s`'s read the same way (the same unit, or an ASCII text, where every unit
    /// counts alike); else `s` is read again.
    pub(crate) fn read_seen(
        s: &'a str,
        unit: LengthUnit,
        d: &Detection,
        roots: &Roots<'a>,
    ) -> Option<PaymentIntent<'a>> {
        if core::ptr::eq(roots.src, s) && (roots.unit == unit || s.is_ascii()) {
            return (roots.count > 0).then(|| build(roots, d));
        }
        Self::read_detected(s, unit, d)
    }

    /// The intent of `s` read with lengths in `unit`, for schemes already detected.
    pub(crate) fn read_detected(
        s: &'a str,
        unit: LengthUnit,
        d: &Detection,
    ) -> Option<PaymentIntent<'a>> {
        let roots = Roots::scan(s, unit);
        (roots.count > 0).then(|| build(&roots, d))
    }

    /// The amount for display, with the decimals the scheme writes for the currency (KHQR's
    /// riel whole, US dollars with two, dong with none; the ISO 4217 exponent for a scheme
    /// that says nothing) and an optional thousands separator. An amount that has more
    /// decimals than that is shown with all of them: nothing is ever rounded away.
    ///
    /// ```
    /// use emvqr::{check, CheckOptions};
    /// let s = "00020101021229180014jonhsmith@nbcq520459995303116540712500.05802KH5910Jonh Smith6010Phnom Penh99170013176722560000063044F91";
    /// # let _ = s;
    /// let mut i = emvqr::PaymentIntent::new();
    /// i.set_currency_numeric("116");
    /// i.set_amount("12500", 0);
    /// i.scheme = Some(emvqr::Scheme::Khqr);
    /// assert_eq!(i.display_amount(Some(',')).as_deref(), Some("12,500"));
    /// i.set_currency_numeric("840");
    /// i.set_amount("1.5", 0);
    /// assert_eq!(i.display_amount(None).as_deref(), Some("1.50"));
    /// ```
    pub fn display_amount(&self, thousands: Option<char>) -> Option<alloc::string::String> {
        let minor = self.amount_minor?;
        let numeric = self.currency_numeric.as_deref()?;
        let iso = Currency::from_numeric(numeric)?.exponent?;
        let scheme = self
            .scheme
            .and_then(|s| s.desc().decimals_of(numeric))
            .unwrap_or(iso);
        // Show the scheme's decimals unless that would drop a non-zero digit.
        let drop = iso.saturating_sub(scheme);
        let step = 10u64.checked_pow(u32::from(drop))?;
        let (value, decimals) = if minor % step == 0 {
            (minor / step, scheme.min(iso))
        } else {
            (minor, iso)
        };
        let plain = crate::currency::format_minor(value, decimals);
        Some(match thousands {
            Some(sep) => crate::currency::group_thousands(&plain, sep),
            None => plain,
        })
    }

    /// [`PaymentIntent::expires_at_ms`] as an ISO 8601 instant in UTC
    /// (`2026-01-01T00:10:00.000Z`).
    pub fn expires_at_iso(&self) -> Option<alloc::string::String> {
        self.expires_at_ms.and_then(time::iso8601_utc)
    }

    /// Sets the currency from an ISO 4217 numeric code (`"116"`), filling in the alphabetic
    /// code, and recomputes [`PaymentIntent::amount_minor`].
    pub fn set_currency_numeric(&mut self, numeric: impl Into<Cow<'a, str>>) {
        let numeric = numeric.into();
        self.currency = Currency::from_numeric(&numeric).map(|c| c.alpha);
        self.currency_numeric = Some(numeric);
        self.recompute_minor(0, Path::root(54));
    }

    /// Sets the amount as written and converts it to minor units with the currency's exponent
    /// (set the currency first). `offset` locates 54 in the payload for the warning emitted
    /// when the amount has more decimals than the currency allows.
    pub fn set_amount(&mut self, amount: impl Into<Cow<'a, str>>, offset: usize) {
        self.amount = Some(amount.into());
        self.recompute_minor(offset, Path::root(54));
    }

    fn recompute_minor(&mut self, offset: usize, path: Path) {
        self.amount_minor = None;
        let (Some(a), Some(c)) = (
            self.amount.as_deref(),
            self.currency_numeric
                .as_deref()
                .and_then(Currency::from_numeric),
        ) else {
            return;
        };
        match c.to_minor(a) {
            Ok(v) => self.amount_minor = Some(v),
            Err(MinorUnitsError::TooManyDecimals | MinorUnitsError::Syntax) => {
                self.warnings
                    .retain(|w| !(w.kind() == ErrorKind::InvalidAmount && w.path() == path));
                self.warnings
                    .push(Error::new(ErrorKind::InvalidAmount, offset, path));
            }
            Err(_) => {}
        }
    }

    /// Whether the code has expired at `now_ms` (milliseconds since the Unix epoch): true once
    /// `now_ms` is past [`PaymentIntent::expires_at_ms`]; never for a code without an expiry.
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expires_at_ms.is_some_and(|e| now_ms > e)
    }

    /// The first route of a network.
    pub fn route(&self, network: Scheme) -> Option<&Route<'a>> {
        self.routes.iter().find(|r| r.network == Some(network))
    }

    /// Copies borrowed text so that the intent outlives the payload.
    pub fn into_owned(self) -> PaymentIntent<'static> {
        let r = self.references;
        PaymentIntent {
            scheme: self.scheme,
            payee: Payee {
                name: owned_opt(self.payee.name),
                city: owned_opt(self.payee.city),
                name_alt: owned_opt(self.payee.name_alt),
                city_alt: owned_opt(self.payee.city_alt),
            },
            country: owned_opt(self.country),
            currency: self.currency,
            currency_numeric: owned_opt(self.currency_numeric),
            amount: owned_opt(self.amount),
            amount_minor: self.amount_minor,
            tip: self.tip.map(|t| match t {
                Tip::Prompt => Tip::Prompt,
                Tip::Fixed(v) => Tip::Fixed(owned(v)),
                Tip::Percentage(v) => Tip::Percentage(owned(v)),
            }),
            amount_editable: self.amount_editable,
            dynamic: self.dynamic,
            expires_at_ms: self.expires_at_ms,
            references: References {
                bill_number: owned_opt(r.bill_number),
                mobile_number: owned_opt(r.mobile_number),
                store_label: owned_opt(r.store_label),
                loyalty_number: owned_opt(r.loyalty_number),
                reference_label: owned_opt(r.reference_label),
                customer_label: owned_opt(r.customer_label),
                terminal_label: owned_opt(r.terminal_label),
                purpose: owned_opt(r.purpose),
                txid: owned_opt(r.txid),
                ref1: owned_opt(r.ref1),
                ref2: owned_opt(r.ref2),
                transaction_id: owned_opt(r.transaction_id),
                recurrence: owned_opt(r.recurrence),
            },
            routes: self.routes.into_iter().map(Route::into_owned).collect(),
            payer: self.payer.map(|p| Payer {
                network: p.network,
                masked_pan: owned_opt(p.masked_pan),
            }),
            warnings: self.warnings,
        }
    }
}

fn b(s: &str) -> Option<Cow<'_, str>> {
    Some(Cow::Borrowed(s))
}

/// Builds the intent from the root objects and the detection, reading every scheme's part
/// from its registry row.
fn build<'a>(r: &Roots<'a>, d: &Detection) -> PaymentIntent<'a> {
    let mut i = PaymentIntent::new();
    i.scheme = d.primary();
    i.payee.name = r.value(59).and_then(b);
    i.payee.city = r.value(60).and_then(b);
    if let Some(lang) = r.template(64) {
        let [_, name, city] = lang.firsts();
        i.payee.name_alt = name.and_then(b);
        i.payee.city_alt = city.and_then(b);
    }
    i.country = r.value(58).and_then(b);
    if let Some(c) = r.value(53) {
        i.set_currency_numeric(c);
    }
    let minor = d
        .schemes()
        .iter()
        .any(|s| s.desc().routes.amount == AmountForm::Minor);
    if let Some(t) = r.get(54) {
        if minor {
            // The amount is already a whole number of minor units (ELQR: tyiyn).
            i.amount = b(t.value());
            i.amount_minor = digits(t.value()).then(|| t.value().parse().ok()).flatten();
        } else {
            i.set_amount(t.value(), t.value_offset());
        }
    }
    i.tip = match r.value(55) {
        Some("01") => Some(Tip::Prompt),
        Some("02") => r.value(56).map(|v| Tip::Fixed(Cow::Borrowed(v))),
        Some("03") => r.value(57).map(|v| Tip::Percentage(Cow::Borrowed(v))),
        _ => None,
    };
    i.dynamic = r.value(1) == Some("12");
    i.amount_editable = i.amount.is_none();
    if let Some(add) = r.template(62) {
        let [_, bill, mobile, store, loyalty, reference, customer, terminal, purpose] =
            add.firsts().map(|v| v.and_then(b));
        let refs = &mut i.references;
        refs.bill_number = bill;
        refs.mobile_number = mobile;
        refs.store_label = store;
        refs.loyalty_number = loyalty;
        refs.reference_label = reference;
        refs.customer_label = customer;
        refs.terminal_label = terminal;
        refs.purpose = purpose;
    }
    // What the detected schemes write in root templates (KHQR's 99.01, Pix's txid in 62.05).
    for s in d.schemes() {
        let rows = s.desc().routes;
        let desc = s.desc();
        let at_root = |at: At| match at {
            At::Root(id, sub) => r.template(id).and_then(|t| t.get(sub)),
            At::Unreserved(sub) => (80..=99)
                .filter_map(|id| r.template(id))
                .find(|t| t.gui().is_some_and(|g| gui_matches(desc, g)))
                .and_then(|t| t.get(sub)),
            At::Account(_) => None,
        };
        apply(&rows, (rows.refs)(0, ""), &at_root, &mut i);
    }
    // Sized once: a code may list twenty accounts or more (SGQR).
    let accounts = r.ids().iter().filter(|id| (2..=51).contains(*id)).count();
    i.routes.reserve(accounts);
    for t in r.iter() {
        let id = t.id().get();
        let unreserved_network =
            (80..=99).contains(&id) && network(r, id).is_some_and(Scheme::is_network);
        if (2..=51).contains(&id) || unreserved_network {
            let route = route(r, &t, d, &mut i);
            i.routes.push(route);
        }
    }
    i
}

/// Applies what a row says about expiry, editability, dynamic codes and references, for the
/// values `get` can find (root templates, or one account template).
fn apply<'a>(
    rows: &Routes,
    refs: &[(At, Ref)],
    get: &dyn Fn(At) -> Option<&'a str>,
    i: &mut PaymentIntent<'a>,
) {
    if let Some((at, form)) = rows.expiry {
        if let Some(v) = get(at) {
            i.expires_at_ms = match form {
                ExpiryForm::Millis13 => (v.len() == 13 && digits(v))
                    .then(|| v.parse().ok())
                    .flatten(),
                ExpiryForm::EndOfDay(tz) => time::end_of_day_ms(v, tz),
                ExpiryForm::Stamp12(tz) => {
                    time::parse_yymmddhhmmss(v).and_then(|t| t.to_epoch_ms(tz))
                }
            };
        }
    }
    if let Some((at, yes, no)) = rows.editable {
        match get(at) {
            Some(v) if v == yes => i.amount_editable = true,
            Some(v) if v == no => i.amount_editable = i.amount.is_none(),
            _ => {}
        }
    }
    if rows.dynamic_if.is_some_and(|at| get(at).is_some()) {
        i.dynamic = true;
    }
    for (at, what) in refs {
        let Some(v) = get(*at) else { continue };
        let refs = &mut i.references;
        match what {
            Ref::TxidUnless(none) => refs.txid = (v != *none).then_some(Cow::Borrowed(v)),
            Ref::Ref1 => refs.ref1 = b(v),
            Ref::Ref2 => refs.ref2 = b(v),
            Ref::TransactionId => refs.transaction_id = b(v),
            Ref::Recurrence => refs.recurrence = b(v),
        }
    }
}

/// The network of a merchant account in the context of the payload's schemes: its own (by ID
/// or GUI), else the first detected scheme that adopts such templates.
fn route_network(r: &Roots<'_>, t: &Tlv<'_>, d: &Detection) -> Option<Scheme> {
    let id = t.id().get();
    if let Some(n) = network(r, id) {
        return Some(n);
    }
    if !(26..=51).contains(&id) {
        return None;
    }
    d.schemes().iter().copied().find(|s| {
        s.desc()
            .routes
            .adopts
            .is_some_and(|(lo, hi)| (lo..=hi).contains(&id))
    })
}

/// The network a root object names (read once, with the roots).
fn network(r: &Roots<'_>, id: u8) -> Option<Scheme> {
    r.networks.get(usize::from(id)).copied().flatten()
}

fn route<'a>(r: &Roots<'a>, t: &Tlv<'a>, d: &Detection, i: &mut PaymentIntent<'a>) -> Route<'a> {
    let unit = r.unit;
    let id = t.id().get();
    let network = route_network(r, t, d);
    let rows = network.map_or(Routes::PLAIN, |n| n.desc().routes);
    if !is_account_template(t, unit) {
        let v = t.value();
        let r = Route::new(network, id, None);
        return match rows.primitive {
            Primitive::MerchantPan => r.with("merchant_pan", v),
            Primitive::IfscAccount if is_ifsc_account(v) => r
                .with("ifsc", v.get(..11).unwrap_or(v))
                .with("account", v.get(11..).unwrap_or("")),
            _ => r.with("merchant_id", v),
        };
    }
    let tpl = Template::new(*t, unit);
    let gui = tpl.gui();
    let mut r = Route::new(network, id, gui.filter(|_| rows.gui).and_then(b));
    let names = (rows.names)(id, gui.unwrap_or(""), &tpl);
    let name = |names: Names, n: u8| {
        names
            .iter()
            .find(|(k, _)| *k == n)
            .map_or_else(|| sub_key(n), |(_, name)| name)
    };
    for s in tpl.iter().readable() {
        let n = s.id().get();
        if n == 0 && rows.gui {
            continue;
        }
        if let Some((_, parts)) = rows.nested.iter().find(|(k, _)| *k == n) {
            for inner in s.children(unit).readable() {
                let key = name(parts, inner.id().get());
                r.account.push((key, Cow::Borrowed(inner.value())));
            }
            continue;
        }
        let v = s.value();
        let shown = rows
            .values
            .iter()
            .find(|(k, raw, _)| *k == n && *raw == v)
            .map_or(v, |(_, _, named)| named);
        r.account.push((name(names, n), Cow::Borrowed(shown)));
    }
    let at_account = |at: At| match at {
        At::Account(sub) => tpl.get(sub),
        At::Root(..) | At::Unreserved(_) => None,
    };
    apply(&rows, (rows.refs)(id, gui.unwrap_or("")), &at_account, i);
    r
}

#[cfg(feature = "serde")]
mod ser {
    use super::*;
    use serde::ser::{SerializeMap, SerializeStruct};
    use serde::{Serialize, Serializer};

    impl Serialize for Payee<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("Payee", 4)?;
            m.serialize_field("name", &self.name)?;
            m.serialize_field("city", &self.city)?;
            m.serialize_field("name_alt", &self.name_alt)?;
            m.serialize_field("city_alt", &self.city_alt)?;
            m.end()
        }
    }

    impl Serialize for Payer<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("Payer", 2)?;
            m.serialize_field("network", &self.network)?;
            m.serialize_field("masked_pan", &self.masked_pan)?;
            m.end()
        }
    }

    impl Serialize for Tip<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("Tip", 2)?;
            m.serialize_field("kind", self.kind())?;
            m.serialize_field("value", &self.value())?;
            m.end()
        }
    }

    impl Serialize for References<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("References", 13)?;
            m.serialize_field("bill_number", &self.bill_number)?;
            m.serialize_field("mobile_number", &self.mobile_number)?;
            m.serialize_field("store_label", &self.store_label)?;
            m.serialize_field("loyalty_number", &self.loyalty_number)?;
            m.serialize_field("reference_label", &self.reference_label)?;
            m.serialize_field("customer_label", &self.customer_label)?;
            m.serialize_field("terminal_label", &self.terminal_label)?;
            m.serialize_field("purpose", &self.purpose)?;
            m.serialize_field("txid", &self.txid)?;
            m.serialize_field("ref1", &self.ref1)?;
            m.serialize_field("ref2", &self.ref2)?;
            m.serialize_field("transaction_id", &self.transaction_id)?;
            m.serialize_field("recurrence", &self.recurrence)?;
            m.end()
        }
    }

    struct Account<'r, 'a>(&'r [(&'static str, Cow<'a, str>)]);

    impl Serialize for Account<'_, '_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_map(Some(self.0.len()))?;
            for (k, v) in self.0 {
                m.serialize_entry(k, v)?;
            }
            m.end()
        }
    }

    impl Serialize for Route<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("Route", 4)?;
            m.serialize_field("network", &self.network)?;
            m.serialize_field("id", sub_key(self.id))?;
            m.serialize_field("gui", &self.gui)?;
            m.serialize_field("account", &Account(&self.account))?;
            m.end()
        }
    }

    /// The `intent` object of `emvqr decode --json` (warnings are left out: the CLI reports
    /// them with the payload's).
    impl Serialize for PaymentIntent<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut m = s.serialize_struct("PaymentIntent", 13)?;
            m.serialize_field("payee", &self.payee)?;
            m.serialize_field("country", &self.country)?;
            m.serialize_field("currency", &self.currency)?;
            m.serialize_field("currency_numeric", &self.currency_numeric)?;
            m.serialize_field("amount", &self.amount)?;
            m.serialize_field("amount_minor", &self.amount_minor)?;
            m.serialize_field("tip", &self.tip)?;
            m.serialize_field("amount_editable", &self.amount_editable)?;
            m.serialize_field("dynamic", &self.dynamic)?;
            m.serialize_field("expires_at_ms", &self.expires_at_ms)?;
            m.serialize_field("references", &self.references)?;
            m.serialize_field("routes", &self.routes)?;
            m.serialize_field("payer", &self.payer)?;
            m.end()
        }
    }
}
