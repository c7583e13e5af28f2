//! Detection: which national schemes and payment networks a payload belongs to, read from
//! GUIs, AIDs, primitive merchant-account IDs and the country, on a lenient walk of the data
//! objects (the payload need not be valid).

use crate::profile::rules::{contains_ci, digits, eq_ci, starts_ci};
use crate::profile::scheme::{Desc, Gui, Role, Signal, GUIS, PRIMITIVE_IDS};
use crate::profile::Scheme;
use crate::template::Template;
use crate::tlv::{LengthUnit, Tlv, Tlvs};

/// The root data objects of a payload read leniently: the walk stops at the first syntax
/// error; the first occurrence of each ID is kept.
#[derive(Clone, Copy)]
pub(crate) struct Roots<'a> {
    pub(crate) src: &'a str,
    pub(crate) unit: LengthUnit,
    /// Where the value of the first object of each ID is (byte range in `src`); `(0, 0)`
    /// when absent (a value never starts at byte 0: the header comes first).
    slots: [(u32, u32); 100],
    /// Whether a template that can name a network has a GUI (sub-00) with `@` in it (a
    /// Bakong account ID): merchant account templates 26–51, unreserved templates 80–99, and
    /// EMVCo-reserved 17–25 when their GUI names a known network (Mongolian codes put WeChat
    /// Pay in 17). First occurrences only.
    pub(crate) account_at: bool,
    /// The network (or scheme) each merchant account object (02–51) or unreserved template
    /// (80–99) names, by ID: [`account_network`] computed once.
    pub(crate) networks: [Option<Scheme>; 100],
    /// The schemes of `networks` as a set (bit `scheme as u32`), for the registry's signals.
    present: u128,
    /// Number of data objects read.
    pub(crate) count: usize,
    /// Where the walk stopped: the end of the last object read (the text's length when every
    /// object was read).
    end: usize,
    /// The IDs in the order of their first occurrence (`distinct` of them).
    order: [u8; 100],
    distinct: u8,
}

// Every scheme has a bit in `Roots::present`.
const _: () = assert!(Scheme::ALL.len() <= 128);

impl<'a> Roots<'a> {
    /// Walks `src`.
    pub(crate) fn scan(src: &'a str, unit: LengthUnit) -> Roots<'a> {
        let mut r = Roots::unread(src, unit);
        r.read();
        r
    }

    /// `src` before its walk: [`Roots::read`] walks it. The two steps build the roots where
    /// the caller keeps them (returned whole, they were copied).
    pub(crate) const fn unread(src: &'a str, unit: LengthUnit) -> Roots<'a> {
        Roots {
            src,
            unit,
            slots: [(0, 0); 100],
            account_at: false,
            networks: [None; 100],
            present: 0,
            count: 0,
            end: 0,
            order: [0; 100],
            distinct: 0,
        }
    }

    /// Walks the text (once, from [`Roots::unread`]).
    #[inline]
    pub(crate) fn read(&mut self) {
        let (src, unit, r) = (self.src, self.unit, self);
        for t in Tlvs::with_unit(src, unit).readable() {
            r.count += 1;
            r.end = t.value_offset() + t.value().len();
            let id = t.id().get();
            let start = t.value_offset();
            let (Some(slot @ (0, 0)), Ok(from), Ok(to)) = (
                r.slots.get_mut(usize::from(id)),
                u32::try_from(start),
                u32::try_from(start + t.value().len()),
            ) else {
                continue;
            };
            *slot = (from, to);
            if let Some(o) = r.order.get_mut(usize::from(r.distinct)) {
                *o = id;
                r.distinct += 1;
            }
            let gui = template_gui(&t, unit);
            r.account_at |= gui.is_some_and(|g| g.contains('@'));
            let network = network_of(&t, gui);
            if let Some(n) = network {
                r.present |= 1u128 << (n as u32);
            }
            if let Some(slot) = r.networks.get_mut(usize::from(id)) {
                *slot = network;
            }
        }
    }

    /// A root object by ID.
    pub(crate) fn get(&self, id: u8) -> Option<Tlv<'a>> {
        let &(from, to) = self.slots.get(usize::from(id))?;
        let (from, to) = (usize::try_from(from).ok()?, usize::try_from(to).ok()?);
        let value = self.src.get(from..to).filter(|_| from > 0)?;
        Some(Tlv::from_parts(
            crate::tlv::Id::new(id)?,
            value,
            from - 4,
            crate::error::Path::ROOT,
        ))
    }

    /// A root value by ID.
    pub(crate) fn value(&self, id: u8) -> Option<&'a str> {
        self.get(id).map(|t| t.value())
    }

    /// A root object as a template.
    pub(crate) fn template(&self, id: u8) -> Option<Template<'a>> {
        self.get(id).map(|t| Template::new(t, self.unit))
    }

    /// Whether a root object with this ID was read.
    #[cfg(feature = "alloc")]
    pub(crate) fn has(&self, id: u8) -> bool {
        self.slots.get(usize::from(id)).is_some_and(|s| s.0 > 0)
    }

    /// Whether no ID was read twice: then the objects kept are all the objects read.
    #[cfg(feature = "alloc")]
    fn all_kept(&self) -> bool {
        usize::from(self.distinct) == self.count
    }

    /// The IDs read, in the order of their first occurrence.
    pub(crate) fn ids(&self) -> &[u8] {
        self.order.get(..usize::from(self.distinct)).unwrap_or(&[])
    }

    /// The root objects in payload order (up to the first syntax error). Without repeated
    /// IDs, the objects kept are all of them, and no walk is needed.
    #[cfg(feature = "alloc")]
    pub(crate) fn iter(&self) -> impl Iterator<Item = Tlv<'a>> + '_ {
        let all = self.all_kept();
        let kept = all.then(|| self.ids().iter().filter_map(|id| self.get(*id)));
        let walked = (!all).then(|| Tlvs::with_unit(self.src, self.unit).readable());
        kept.into_iter()
            .flatten()
            .chain(walked.into_iter().flatten())
    }

    /// Every root object of the text as a walk in `unit` that allows empty values reads them,
    /// in order, when this walk tells them without another: it read the whole text, each ID
    /// once (so none was empty: an empty value stops it), and the two units count alike
    /// (the same unit, or no character outside the Basic Multilingual Plane).
    #[cfg(feature = "alloc")]
    pub(crate) fn whole(&self, unit: LengthUnit) -> Option<impl Iterator<Item = Tlv<'a>> + '_> {
        let alike = self.unit == unit || LengthUnit::alike(self.src);
        (self.end == self.src.len() && self.all_kept() && alike)
            .then(|| self.ids().iter().filter_map(|id| self.get(*id)))
    }
}

/// The GUI of a root object read as a template, for the IDs where a template can name a
/// network (see [`Roots`]). Inlined: most IDs name none.
#[inline]
fn template_gui<'a>(t: &Tlv<'a>, unit: LengthUnit) -> Option<&'a str> {
    match t.id().get() {
        26..=51 | 80..=99 => Template::new(*t, unit).gui(),
        17..=25 => Template::new(*t, unit)
            .gui()
            .filter(|g| gui_network(g).is_some()),
        _ => None,
    }
}

/// Whether a merchant account or unreserved object reads as a template naming a payment
/// network: 26–51 always, 17–25 and 80–99 when their GUI names a known network.
#[cfg(feature = "alloc")]
pub(crate) fn is_account_template(t: &Tlv<'_>, unit: LengthUnit) -> bool {
    match t.id().get() {
        26..=51 => true,
        17..=25 | 80..=99 => template_gui(t, unit).and_then(gui_network).is_some(),
        _ => false,
    }
}

/// What [`detect`] found: every scheme and network, national schemes first (in the order of
/// the registry), then networks in payload order. No allocation.
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
    list: [Scheme; 32],
    len: u8,
    parsed: bool,
}

impl Detection {
    fn empty(parsed: bool) -> Detection {
        Detection {
            list: [Scheme::Emv; 32],
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

    fn listed(&self) -> &[Scheme] {
        self.list.get(..usize::from(self.len)).unwrap_or(&[])
    }

    /// The primary scheme: the national scheme if there is one, else the first network in
    /// payload order, else [`Scheme::Emv`]; `None` when not even one data object could be read.
    pub fn primary(&self) -> Option<Scheme> {
        if !self.parsed {
            return None;
        }
        Some(self.listed().first().copied().unwrap_or(Scheme::Emv))
    }

    /// Every scheme and network detected (`[Emv]` when none is recognised; empty when nothing
    /// could be read), in a fixed order.
    pub fn schemes(&self) -> &[Scheme] {
        if self.len == 0 && self.parsed {
            return &[Scheme::Emv];
        }
        self.listed()
    }

    /// Whether `s` was detected.
    pub fn contains(&self, s: Scheme) -> bool {
        self.listed().contains(&s)
    }

    /// Whether at least one data object could be read.
    pub fn is_parsed(&self) -> bool {
        self.parsed
    }

    /// The same detection with `primary` put first (a forced scheme).
    #[cfg(feature = "alloc")]
    #[must_use]
    pub(crate) fn with_primary(&self, primary: Scheme) -> Detection {
        let mut d = Detection::empty(true);
        d.push(primary);
        for s in self.listed() {
            d.push(*s);
        }
        d
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Detection {
    /// The list of scheme identifiers.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.schemes())
    }
}

/// Detects the schemes and networks of a payload, or of an ELQR payment link. Works on
/// payloads that fail validation: it reads data objects up to the first syntax error and does
/// not look at the checksum (except to tell ELQR's SHA-256 from EMV's CRC).
pub fn detect(s: &str) -> Detection {
    detect_text(s, &Roots::scan(s, LengthUnit::Chars))
}

/// [`detect`] on a text and its root objects: the schemes recognised from the whole text
/// (ELQR links and payloads) first, then the signals of the data objects.
pub(crate) fn detect_text(s: &str, roots: &Roots<'_>) -> Detection {
    detect_known(text_scheme(s, roots), roots)
}

/// The scheme recognised from the whole text (an ELQR link or payload), if any: the first
/// row whose text signal holds. `roots`: the text's root objects ([`Roots::scan`] in
/// characters).
pub(crate) fn text_scheme(s: &str, roots: &Roots<'_>) -> Option<Scheme> {
    Scheme::rows()
        .find(|(_, d)| d.text_signal.is_some_and(|f| f(s, roots)))
        .map(|(scheme, _)| scheme)
}

/// [`detect_text`] when [`text_scheme`] has already been asked.
pub(crate) fn detect_known(whole: Option<Scheme>, roots: &Roots<'_>) -> Detection {
    match whole {
        Some(scheme) => {
            let mut found = Detection::empty(true);
            found.push(scheme);
            found
        }
        None => detect_roots(roots),
    }
}

pub(crate) fn detect_roots(roots: &Roots<'_>) -> Detection {
    let mut d = Detection::empty(roots.count > 0);
    if roots.count == 0 {
        return d;
    }
    // Read once for every row's country test.
    let place = (roots.value(58), roots.value(53));
    for (scheme, desc) in Scheme::rows() {
        if desc.role == Role::National && signals(scheme, desc, roots, place) {
            d.push(scheme);
        }
    }
    // In payload order; a repeated ID names the network its first occurrence named.
    for id in roots.ids() {
        let n = roots.networks.get(usize::from(*id)).copied().flatten();
        if let Some(n) = n.filter(|n| n.is_network()) {
            d.push(n);
        }
    }
    d
}

/// Whether the row's signal holds; `(country, currency)`: the values of 58 and 53.
fn signals(
    scheme: Scheme,
    d: &Desc,
    r: &Roots<'_>,
    (country, currency): (Option<&str>, Option<&str>),
) -> bool {
    let has_account = || r.present & 1u128 << (scheme as u32) != 0;
    let in_country = || {
        let (Some(home), Some(numeric)) = (d.country, d.currencies.first()) else {
            return false;
        };
        match country {
            Some(c) => eq_ci(c, home),
            None => currency == Some(numeric.numeric),
        }
    };
    match d.signal {
        Signal::Never => false,
        Signal::Account => has_account(),
        Signal::AccountOrCountry => has_account() || in_country(),
        Signal::Own(f) => f(r),
    }
}

/// The payment network (or national scheme) a merchant account object (02–51) or an
/// unreserved template (80–99) belongs to, from its ID and value (primitives) or its GUI
/// (templates), without looking at the rest of the payload.
pub(crate) fn account_network(t: &Tlv<'_>, unit: LengthUnit) -> Option<Scheme> {
    network_of(t, template_gui(t, unit))
}

/// [`account_network`] with the object's template GUI already read. Inlined: most IDs name
/// none.
#[inline]
fn network_of(t: &Tlv<'_>, gui: Option<&str>) -> Option<Scheme> {
    let id = t.id().get();
    let primitive = || {
        if PRIMITIVE_IDS & 1u128 << (id % 128) == 0 {
            return None;
        }
        Scheme::rows()
            .find(|(_, d)| {
                d.primitives.0.contains(&id) && d.primitives.1.is_none_or(|test| test(t.value()))
            })
            .map(|(s, _)| s)
    };
    match id {
        2..=16 => primitive(),
        17..=25 | 26..=51 | 80..=99 => gui.and_then(gui_network).or_else(primitive),
        _ => None,
    }
}

/// The scheme or network named by a GUI (reverse domain or AID, compared ignoring ASCII
/// case): a Bakong account ID first, then whole GUIs, then prefixes.
pub(crate) fn gui_network(gui: &str) -> Option<Scheme> {
    // One pass over the rows, keeping the strongest match: an account ID, then a whole GUI,
    // then a prefix, then a part.
    // Nothing outranks the best rank this GUI can have, and the first row at a rank keeps
    // it: the first row there is the answer.
    let at = gui.contains('@');
    let top = if at { 0 } else { 1 };
    // A whole GUI or a prefix starts with the GUI's first character: most rows fail on it.
    let first = gui.as_bytes().first().map(u8::to_ascii_lowercase);
    let starts = |x: &str| {
        x.as_bytes()
            .first()
            .is_none_or(|c| Some(c.to_ascii_lowercase()) == first)
    };
    let mut best: Option<(u8, Scheme)> = None;
    for &(g, scheme) in &GUIS {
        // A match only counts when it outranks the best so far: weaker ones are not tried.
        let beaten = best.map_or(u8::MAX, |(b, _)| b);
        let rank = match g {
            Gui::AccountId if at => 0,
            Gui::Exact(x) if beaten > 1 && x.len() == gui.len() && starts(x) && eq_ci(x, gui) => 1,
            Gui::Prefix(x) if beaten > 2 && starts(x) && starts_ci(gui, x) => 2,
            Gui::Contains(x) if beaten > 3 && contains_ci(gui, x) => 3,
            _ => continue,
        };
        if rank == top {
            return Some(scheme);
        }
        if best.is_none_or(|(b, _)| rank < b) {
            best = Some((rank, scheme));
        }
    }
    best.map(|(_, s)| s)
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

/// KHQR's signal: a merchant account template whose sub-00 is a Bakong account ID (contains
/// `@`) with country KH, no country, or currency KHR/USD; or a timestamp template 99 (13-digit
/// milliseconds in sub-00) with country KH or currency KHR.
pub(crate) fn is_khqr_roots(r: &Roots<'_>) -> bool {
    let country = r.value(58);
    let currency = r.value(53);
    let account_at = r.account_at;
    let timestamp = r
        .template(99)
        .and_then(|t| t.gui())
        .is_some_and(|v| v.len() == 13 && digits(v));
    let kh = country.is_some_and(|c| eq_ci(c, "KH"));
    let kh_currency = matches!(currency, Some("116") | Some("840"));
    (account_at && (kh || country.is_none() || kh_currency))
        || (timestamp && (kh || currency == Some("116")))
}

/// Tells ELQR from EMV (and from anything else), cheaply and without verifying the code.
///
/// * A link (`https://…#…`) is ELQR when its host is an ELQR host ([`is_elqr_host`]) or its
///   fragment starts like a payload (`0002`): EMV payloads never travel as links.
/// * A bare payload (decoded) must start with `000201` and hold a provider template `32` with
///   a sub-object `00`; payloads without one are never ELQR and cost no hashing. Then the
///   checksum decides: if `63` matches the SHA-256 tail and not the CRC-16, it is ELQR; if it
///   matches the CRC-16 and not the SHA-256 tail, it is EMV unless the provider ID ends in
///   `.kg`, the currency is `417` and there is no country code `58` (an ELQR code sealed
///   with a CRC-16 by mistake). Otherwise (no or a broken checksum, or the one-in-65536 case
///   where both match) it is ELQR when the provider ID ends in `.kg`, or the currency is
///   `417` with no country code `58`.
///
/// ```
/// use emvqr::profile::elqr::is_elqr;
/// assert!(is_elqr("https://pay.payqr.kg/#0002010102113212"));
/// assert!(is_elqr("00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a"));
/// assert!(!is_elqr("00020101021229370016A00000067701011101130066891234567530376454044.2252040000580\
/// 2TH5903Tom6007Bangkok6304E4B4"));
/// ```
#[cfg(feature = "alloc")]
pub(crate) fn is_elqr(input: &str) -> bool {
    elqr_text(input, None)
}

/// [`is_elqr`] given the text's root objects as detection read them ([`Roots::scan`]): a
/// bare payload is not walked again when they say all the test needs.
#[cfg(feature = "alloc")]
pub(crate) fn is_elqr_read(input: &str, roots: &Roots<'_>) -> bool {
    elqr_text(input, Some(roots))
}

/// What the ELQR test reads of a bare payload: the provider ID (32.00), the currency (the
/// last 53 before the checksum), whether a country (58) comes before the checksum, and the
/// first checksum object's offset and value. The walk ends at that checksum or at the first
/// syntax error.
#[cfg(feature = "alloc")]
type ElqrSigns<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    bool,
    Option<(usize, &'a str)>,
);

/// [`ElqrSigns`] of `p`, from `roots` when they were read from `p` itself and say the same:
/// an ASCII text (characters are UTF-16 units), no ID read twice, nothing read after the
/// checksum.
#[cfg(feature = "alloc")]
fn elqr_signs<'a>(p: &'a str, roots: Option<&Roots<'a>>) -> ElqrSigns<'a> {
    use crate::profile::elqr::LENGTH_UNIT;
    let same = roots.filter(|r| {
        core::ptr::eq(r.src, p)
            && p.is_ascii()
            && r.all_kept()
            && (!r.has(63) || r.ids().last() == Some(&63))
    });
    if let Some(r) = same {
        return (
            r.template(32).and_then(|t| t.gui()),
            r.value(53),
            r.has(58),
            r.get(63).map(|t| (t.offset(), t.value())),
        );
    }
    let mut provider = None;
    let mut currency = None;
    let mut country = false;
    let mut crc = None;
    for t in Tlvs::with_unit(p, LENGTH_UNIT) {
        let Ok(t) = t else { break };
        match t.id().get() {
            32 if provider.is_none() => {
                provider = t
                    .children(LENGTH_UNIT)
                    .readable()
                    .find(|c| c.id().get() == 0)
                    .map(|c| c.value());
            }
            53 => currency = Some(t.value()),
            58 => country = true,
            63 => {
                crc = Some((t.offset(), t.value()));
                break;
            }
            _ => {}
        }
    }
    (provider, currency, country, crc)
}

#[cfg(feature = "alloc")]
fn elqr_text(input: &str, roots: Option<&Roots<'_>>) -> bool {
    use crate::crc::Checksum;
    use crate::profile::elqr::{checksum_of, is_elqr_host, Link, CURRENCY_KGS};
    let Ok(link) = Link::split(input) else {
        return false;
    };
    if link.is_link() {
        return link.host().is_some_and(is_elqr_host) || link.fragment().starts_with("0002");
    }
    if !link.fragment().starts_with("000201") {
        return false;
    }
    let Ok(p) = link.decode() else {
        return false;
    };
    let (provider, currency, country, crc) = elqr_signs(&p, roots);
    let Some(provider) = provider else {
        return false;
    };
    let kg = provider.len() > 3
        && provider
            .get(provider.len() - 3..)
            .is_some_and(|t| t.eq_ignore_ascii_case(".kg"));
    let kgs = currency == Some(CURRENCY_KGS);
    // What the fields say without a checksum, and whether they say ELQR even under an EMV
    // checksum (an ELQR code sealed with the wrong one).
    let by_fields = kg || (kgs && !country);
    let sealed_wrongly = kg && kgs && !country;
    let Some((at, value)) = crc.filter(|(_, v)| v.len() == 4) else {
        return by_fields;
    };
    let emv = p.get(..at + 4).is_some_and(|c| {
        let digits = Checksum::Crc16.compute(c.as_bytes());
        value.as_bytes().eq_ignore_ascii_case(&digits)
    });
    let sha = || {
        p.get(..at)
            .is_some_and(|c| value.as_bytes().eq_ignore_ascii_case(&checksum_of(c)))
    };
    elqr_by_checksums(emv, sha, by_fields, sealed_wrongly)
}

/// ELQR or not, from the checksums and what the fields say: the SHA-256 tail and not the
/// CRC-16 is ELQR; the CRC-16 and not the SHA-256 tail is ELQR only when the fields say so
/// even then (`sealed_wrongly`); both (one chance in 65,536) or neither leave it to the fields
/// (`by_fields`). The SHA-256 of the whole text is asked for (`sha`) only when it can change
/// the answer, so an EMV code with a template 32 costs no hashing.
#[cfg(feature = "alloc")]
fn elqr_by_checksums(
    emv: bool,
    sha: impl FnOnce() -> bool,
    by_fields: bool,
    sealed_wrongly: bool,
) -> bool {
    match (emv, by_fields) {
        // The CRC-16 holds and the fields say the same under either checksum.
        (true, _) if by_fields == sealed_wrongly => by_fields,
        // No CRC-16, and the fields already say ELQR.
        (false, true) => true,
        // Here the answer is whether the SHA-256 tail holds.
        _ => sha(),
    }
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::{LengthUnit, Roots};
    use alloc::vec::Vec;

    /// The roots keep what the readable walk reads: how many objects, where it stopped, the
    /// IDs in the order of their first occurrence and the first object of each ID; on every
    /// vector payload and its edits, in both units.
    #[test]
    #[cfg(feature = "alloc")]
    fn the_roots_are_the_readable_walk() {
        for s in crate::payload::tests::payloads() {
            for t in &crate::payload::tests::edited(s) {
                for unit in [LengthUnit::Chars, LengthUnit::Utf16] {
                    let walk: Vec<_> = crate::tlv::Tlvs::with_unit(t, unit).readable().collect();
                    let r = Roots::scan(t, unit);
                    assert_eq!(r.count, walk.len(), "{t}");
                    let end = walk
                        .last()
                        .map_or(0, |o| o.value_offset() + o.value().len());
                    assert_eq!(r.end, end, "{t}");
                    let mut ids: Vec<u8> = Vec::new();
                    for o in &walk {
                        if !ids.contains(&o.id().get()) {
                            ids.push(o.id().get());
                            assert_eq!(r.get(o.id().get()), Some(*o), "{t}");
                        }
                    }
                    assert_eq!(r.ids(), ids, "{t}");
                }
            }
        }
    }

    /// The root objects `Roots::whole` gives are those a walk in the other unit allowing
    /// empty values reads; where they might not be, it gives none.
    #[test]
    fn the_roots_already_read_stand_for_a_walk_only_when_they_are_all_of_it() {
        const ASTRAL: &str = "0002015903\u{1F600}ab6304ABCD";
        let cases = [
            // ASCII: every object read, each ID once.
            ("0002010102115802KH5904Shop6304ABCD", true),
            // A template.
            ("000201290800040123530376463040000", true),
            // Characters of the Basic Multilingual Plane count alike in both units.
            ("0002015904\u{1780}\u{1781}\u{1782}\u{1783}6304ABCD", true),
            // An astral character does not: whole only in the unit of the first walk.
            (ASTRAL, false),
            // An empty value stops the first walk, not the second.
            ("00020159006304ABCD", false),
            // A repeated ID: the first walk keeps one of them.
            ("00020159015901X6304ABCD", false),
            // A text the walk does not read to its end.
            ("0002015905Sho", false),
            ("", true),
        ];
        for (text, whole) in cases {
            let roots = Roots::scan(text, LengthUnit::Chars);
            for unit in [LengthUnit::Chars, LengthUnit::Utf16] {
                let given: Option<Vec<_>> = roots
                    .whole(unit)
                    .map(|o| o.map(|t| (t.id().get(), t.value(), t.offset())).collect());
                let walked: Vec<_> = crate::tlv::Tlvs::with_unit(text, unit)
                    .allow_empty(true)
                    .readable()
                    .map(|t| (t.id().get(), t.value(), t.offset()))
                    .collect();
                let expected = whole || (text == ASTRAL && unit == LengthUnit::Chars);
                assert_eq!(given.is_some(), expected, "{text:?} in {unit:?}");
                if let Some(given) = given {
                    assert_eq!(given, walked, "{text:?} in {unit:?}");
                }
            }
        }
    }

    /// Every case against the rule written out: which checksum holds, then the fields. The
    /// SHA-256 is asked for only where the two cases that differ by it differ.
    #[test]
    fn elqr_checksum_rule_asks_for_the_hash_only_when_it_decides() {
        for bits in 0u8..32 {
            let [sha, emv, kg, kgs, country] = [0, 1, 2, 3, 4].map(|i| bits >> i & 1 == 1);
            let by_fields = kg || (kgs && !country);
            let sealed_wrongly = kg && kgs && !country;
            let rule = |sha: bool| match (sha, emv) {
                (true, false) => true,
                (false, true) => sealed_wrongly,
                _ => by_fields,
            };
            let mut asked = false;
            let got = super::elqr_by_checksums(
                emv,
                || {
                    asked = true;
                    sha
                },
                by_fields,
                sealed_wrongly,
            );
            assert_eq!(got, rule(sha), "case {bits:05b}");
            assert_eq!(asked, rule(true) != rule(false), "case {bits:05b}");
        }
    }
}
