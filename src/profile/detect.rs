//! Detection: which national schemes and payment networks a payload belongs to, read from
//! GUIs, AIDs, primitive merchant-account IDs and the country, on a lenient walk of the data
//! objects (the payload need not be valid).

use crate::profile::rules::{digits, ends_ci, eq_ci, starts_ci};
use crate::profile::Scheme;
use crate::template::Template;
use crate::tlv::{LengthUnit, Tlv, Tlvs};

/// The root data objects of a payload read leniently: the walk stops at the first syntax
/// error; the first occurrence of each ID is kept.
#[derive(Clone, Copy)]
pub(crate) struct Roots<'a> {
    pub(crate) src: &'a str,
    pub(crate) unit: LengthUnit,
    slots: [Option<Tlv<'a>>; 100],
    /// The GUI (sub-00) of each merchant account template 26–51 (first occurrence).
    guis: [Option<&'a str>; 26],
    /// Number of data objects read.
    pub(crate) count: usize,
}

impl<'a> Roots<'a> {
    /// Walks `src`.
    pub(crate) fn scan(src: &'a str, unit: LengthUnit) -> Roots<'a> {
        let mut slots = [None; 100];
        let mut guis = [None; 26];
        let mut count = 0;
        for t in Tlvs::with_unit(src, unit).map_while(Result::ok) {
            count += 1;
            let id = t.id().get();
            if let Some(slot) = slots.get_mut(usize::from(id)) {
                if slot.is_none() {
                    *slot = Some(t);
                    if let Some(g) = guis.get_mut(usize::from(id.wrapping_sub(26))) {
                        *g = first_sub00(&t, unit);
                    }
                }
            }
        }
        Roots {
            src,
            unit,
            slots,
            guis,
            count,
        }
    }

    /// A root object by ID.
    pub(crate) fn get(&self, id: u8) -> Option<Tlv<'a>> {
        self.slots.get(usize::from(id)).copied().flatten()
    }

    /// A root value by ID.
    pub(crate) fn value(&self, id: u8) -> Option<&'a str> {
        self.get(id).map(|t| t.value())
    }

    /// A root object as a template.
    pub(crate) fn template(&self, id: u8) -> Option<Template<'a>> {
        self.get(id).map(|t| Template::new(t, self.unit))
    }

    /// The root objects in payload order (up to the first syntax error).
    pub(crate) fn iter(&self) -> impl Iterator<Item = Tlv<'a>> + 'a {
        Tlvs::with_unit(self.src, self.unit).map_while(Result::ok)
    }

    /// Country (58) and currency (53).
    fn country(&self) -> Option<&'a str> {
        self.value(58)
    }

    fn currency(&self) -> Option<&'a str> {
        self.value(53)
    }

    /// The GUI (sub-00) of merchant account template `id` (26–51).
    fn gui(&self, id: u8) -> Option<&'a str> {
        self.guis
            .get(usize::from(id.wrapping_sub(26)))
            .copied()
            .flatten()
    }

    fn has_gui(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.guis.iter().flatten().any(|g| pred(g))
    }
}

/// Sub-00 (the GUI) of a template.
fn first_sub00<'a>(t: &Tlv<'a>, unit: LengthUnit) -> Option<&'a str> {
    Template::new(*t, unit).gui()
}

/// What [`detect`] found: every scheme and network, national schemes first (in the order of
/// [`Scheme::NATIONAL`]), then networks in payload order. No allocation.
///
/// ```
/// use emvqr::profile::{detect, Scheme};
/// // KHQR with a UnionPay merchant account (tag 15).
/// let s = "00020101021215311974011600520446ACLB1000231208129200016chantha_dev@ftcc520459995303116540410005802KH5911Chantha Dev6010Phnom Penh63046011";
/// let d = detect(s);
/// assert_eq!(d.primary(), Some(Scheme::Khqr));
/// assert_eq!(d.schemes(), &[Scheme::Khqr, Scheme::UnionPay]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Detection {
    list: [Scheme; 28],
    len: u8,
    parsed: bool,
}

impl Detection {
    fn empty(parsed: bool) -> Detection {
        Detection {
            list: [Scheme::Emv; 28],
            len: 0,
            parsed,
        }
    }

    fn push(&mut self, s: Scheme) {
        if self.contains(s) {
            return;
        }
        if let Some(slot) = self.list.get_mut(usize::from(self.len)) {
            *slot = s;
            self.len += 1;
        }
    }

    /// The primary scheme: the national scheme if there is one, else the first network in
    /// payload order, else [`Scheme::Emv`]; `None` when not even one data object could be read.
    pub fn primary(&self) -> Option<Scheme> {
        if !self.parsed {
            return None;
        }
        Some(self.schemes().first().copied().unwrap_or(Scheme::Emv))
    }

    /// Every scheme and network detected (`[Emv]` when none is recognised; empty when nothing
    /// could be read).
    pub fn schemes(&self) -> &[Scheme] {
        if self.len == 0 {
            return if self.parsed { &[Scheme::Emv] } else { &[] };
        }
        self.list.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// Whether `s` was detected.
    pub fn contains(&self, s: Scheme) -> bool {
        self.list
            .get(..usize::from(self.len))
            .is_some_and(|l| l.contains(&s))
    }

    /// Whether at least one data object could be read.
    pub fn is_parsed(&self) -> bool {
        self.parsed
    }
}

/// Detects the schemes and networks of a payload, or of an ELQR payment link. Works on
/// payloads that fail validation: it reads data objects up to the first syntax error and does
/// not look at the checksum.
pub fn detect(s: &str) -> Detection {
    if is_elqr_link(s) {
        let mut d = Detection::empty(true);
        d.push(Scheme::Elqr);
        return d;
    }
    let roots = Roots::scan(s, LengthUnit::Chars);
    detect_roots(&roots)
}

pub(crate) fn detect_roots(roots: &Roots<'_>) -> Detection {
    let mut d = Detection::empty(roots.count > 0);
    if roots.count == 0 {
        return d;
    }
    for scheme in Scheme::NATIONAL {
        if national(scheme, roots) {
            d.push(scheme);
        }
    }
    for t in roots.iter() {
        let id = t.id().get();
        let network = match id {
            2..=25 => account_network(&t, roots.unit),
            26..=51 => roots.gui(id).and_then(gui_network),
            _ => None,
        };
        if let Some(n) = network.filter(|n| n.is_network()) {
            d.push(n);
        }
    }
    d
}

/// The payment network a merchant account object (02–51) belongs to, from its ID (primitives)
/// or its GUI (templates), without looking at the rest of the payload.
pub(crate) fn account_network(t: &Tlv<'_>, unit: LengthUnit) -> Option<Scheme> {
    let id = t.id().get();
    Some(match id {
        2 | 3 => Scheme::Visa,
        4 | 5 => Scheme::Mastercard,
        6 | 7 => Scheme::RuPay,
        8 if is_ifsc_account(t.value()) => Scheme::BharatQr,
        9 | 10 => Scheme::Discover,
        11 | 12 => Scheme::Amex,
        13 | 14 => Scheme::Jcb,
        15 | 16 => Scheme::UnionPay,
        26..=51 => {
            let gui = Template::new(*t, unit).gui()?;
            return gui_network(gui);
        }
        _ => return None,
    })
}

/// The network named by a GUI (reverse domain or AID, compared ignoring ASCII case).
pub(crate) fn gui_network(gui: &str) -> Option<Scheme> {
    const EXACT: [(&str, Scheme); 17] = [
        ("br.gov.bcb.pix", Scheme::Pix),
        ("ID.CO.QRIS.WWW", Scheme::Qris),
        ("SG.SGQR", Scheme::Sgqr),
        ("SG.PAYNOW", Scheme::PayNow),
        ("SG.COM.NETS", Scheme::Nets),
        ("COM.GRAB", Scheme::GrabPay),
        ("COM.QQ.WEIXIN.PAY", Scheme::WeChatPay),
        ("COM.ALIPAY", Scheme::Alipay),
        ("A000000727", Scheme::VietQr),
        ("A000000775", Scheme::Vnpay),
        ("com.p2pqrpay", Scheme::QrPh),
        ("A000000524", Scheme::Upi),
        ("hk.com.hkicl", Scheme::Fps),
        ("fonepay.com", Scheme::Fonepay),
        ("np.fonepay", Scheme::Fonepay),
        ("np.com.fonepay", Scheme::Fonepay),
        ("LK.CBSL.QR", Scheme::LankaQr),
    ];
    const PREFIX: [(&str, Scheme); 9] = [
        ("A000000677", Scheme::PromptPay),
        ("A000000615", Scheme::DuitNow),
        ("ph.ppmi.", Scheme::QrPh),
        ("A000000003", Scheme::Visa),
        ("A000000004", Scheme::Mastercard),
        ("A000000025", Scheme::Amex),
        ("A000000065", Scheme::Jcb),
        ("A000000152", Scheme::Discover),
        ("A000000333", Scheme::UnionPay),
    ];
    if gui.contains('@') {
        // KHQR puts a Bakong account ID (`name@bank`) where the GUI belongs.
        return Some(Scheme::Khqr);
    }
    EXACT
        .iter()
        .find(|(g, _)| eq_ci(g, gui))
        .or_else(|| PREFIX.iter().find(|(g, _)| starts_ci(gui, g)))
        .map(|(_, s)| *s)
}

/// `IFSC` (4 letters, `0`, 6 letters or digits) followed by an account number: Bharat QR's
/// ID 08.
pub(crate) fn is_ifsc_account(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() > 11
        && b.get(..4)
            .is_some_and(|p| p.iter().all(u8::is_ascii_alphabetic))
        && b.get(4) == Some(&b'0')
        && b.get(5..11)
            .is_some_and(|p| p.iter().all(u8::is_ascii_alphanumeric))
}

fn national(scheme: Scheme, r: &Roots<'_>) -> bool {
    let country = r.country();
    let currency = r.currency();
    let in_country = |c: &str, n: &str| {
        country.is_some_and(|x| eq_ci(x, c)) || (country.is_none() && currency == Some(n))
    };
    let gui_is = |want: Scheme| r.has_gui(|g| gui_network(g) == Some(want));
    match scheme {
        Scheme::Elqr => is_elqr_roots(r),
        Scheme::Khqr => is_khqr_roots(r),
        Scheme::Pix
        | Scheme::PromptPay
        | Scheme::Sgqr
        | Scheme::PayNow
        | Scheme::VietQr
        | Scheme::Vnpay
        | Scheme::Fps
        | Scheme::Fonepay => gui_is(scheme),
        Scheme::Qris => gui_is(Scheme::Qris) || in_country("ID", "360"),
        Scheme::DuitNow => gui_is(Scheme::DuitNow) || in_country("MY", "458"),
        Scheme::QrPh => gui_is(Scheme::QrPh) || in_country("PH", "608"),
        Scheme::BharatQr => {
            in_country("IN", "356") || r.get(8).is_some_and(|t| is_ifsc_account(t.value()))
        }
        Scheme::LankaQr => gui_is(Scheme::LankaQr) || in_country("LK", "144"),
        _ => false,
    }
}

/// An ELQR payment link: `http(s)://…#000201…` (the fragment is the payload).
pub(crate) fn is_elqr_link(s: &str) -> bool {
    (starts_ci(s, "https://") || starts_ci(s, "http://"))
        && s.split_once('#')
            .is_some_and(|(_, frag)| frag.starts_with("0002"))
}

fn is_elqr_roots(r: &Roots<'_>) -> bool {
    let Some(t) = r.template(32) else {
        return false;
    };
    let provider_kg = t.gui().is_some_and(|g| ends_ci(g, ".kg"));
    provider_kg || r.currency() == Some("417")
}

/// ELQR signals: a payment link `http(s)://…#000201…`, or a payload whose template 32 names a
/// `.kg` provider or whose currency is KGS (417).
///
/// ```
/// use emvqr::profile::is_elqr;
/// assert!(is_elqr("https://pay.payqr.kg#000201010211"));
/// assert!(is_elqr("00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a"));
/// assert!(!is_elqr("000201010211"));
/// ```
pub fn is_elqr(s: &str) -> bool {
    is_elqr_link(s) || is_elqr_roots(&Roots::scan(s, LengthUnit::Chars))
}

fn is_khqr_roots(r: &Roots<'_>) -> bool {
    let country = r.country();
    let currency = r.currency();
    let account_at = r.has_gui(|g| g.contains('@'));
    let timestamp = r
        .template(99)
        .and_then(|t| t.gui())
        .is_some_and(|v| v.len() == 13 && digits(v));
    let kh = country.is_some_and(|c| eq_ci(c, "KH"));
    let kh_currency = matches!(currency, Some("116") | Some("840"));
    (account_at && (kh || country.is_none() || kh_currency))
        || (timestamp && (kh || currency == Some("116")))
}

/// KHQR signals: a merchant account template whose sub-00 is a Bakong account ID (contains
/// `@`) with country KH, no country, or currency KHR/USD; or a timestamp template 99 (13-digit
/// milliseconds in sub-00) with country KH or currency KHR.
///
/// ```
/// use emvqr::profile::is_khqr;
/// assert!(is_khqr("00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh6304F7FD"));
/// assert!(!is_khqr("00020101021129370016A000000677010111011300668999999995802TH53037646304FE29"));
/// ```
pub fn is_khqr(s: &str) -> bool {
    is_khqr_roots(&Roots::scan(s, LengthUnit::Chars))
}
