//! ISO 4217 currencies: alphabetic code, numeric code and minor-unit exponent, and the
//! conversion of an amount as written in a payload into integer minor units.
//!
//! ```
//! use emvqr::Currency;
//! let khr = Currency::from_numeric("116").unwrap();
//! assert_eq!((khr.alpha, khr.exponent), ("KHR", Some(2)));
//! assert_eq!(khr.to_minor("5000"), Ok(500_000));
//! assert_eq!(Currency::from_alpha("vnd").unwrap().to_minor("25000"), Ok(25_000));
//! assert_eq!(Currency::from_alpha("KWD").unwrap().to_minor("1.5"), Ok(1_500));
//! ```

use core::fmt;

/// One ISO 4217 currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    /// Alphabetic code, e.g. `"THB"`.
    pub alpha: &'static str,
    /// Numeric code as the three digits EMV payloads carry in ID 53, e.g. `"764"`.
    pub numeric: &'static str,
    /// Minor-unit exponent (2 for THB: 1 baht = 100 satang; 0 for VND and JPY; 3 for KWD);
    /// `None` where ISO 4217 gives none (gold, SDR, `XXX`, …).
    pub exponent: Option<u8>,
    /// English name as listed by ISO 4217.
    pub name: &'static str,
}

const fn c(
    alpha: &'static str,
    numeric: &'static str,
    exponent: Option<u8>,
    name: &'static str,
) -> Currency {
    Currency {
        alpha,
        numeric,
        exponent,
        name,
    }
}

/// Every currency of ISO 4217 list one (current codes, plus the funds and precious-metal
/// codes), sorted by alphabetic code. The Netherlands Antillean guilder (`ANG`) is left out:
/// its numeric code 532 now belongs to the Caribbean guilder (`XCG`).
pub static CURRENCIES: &[Currency] = LIST;

const LIST: &[Currency] = &[
    c("AED", "784", Some(2), "UAE Dirham"),
    c("AFN", "971", Some(2), "Afghani"),
    c("ALL", "008", Some(2), "Lek"),
    c("AMD", "051", Some(2), "Armenian Dram"),
    c("AOA", "973", Some(2), "Kwanza"),
    c("ARS", "032", Some(2), "Argentine Peso"),
    c("AUD", "036", Some(2), "Australian Dollar"),
    c("AWG", "533", Some(2), "Aruban Florin"),
    c("AZN", "944", Some(2), "Azerbaijan Manat"),
    c("BAM", "977", Some(2), "Convertible Mark"),
    c("BBD", "052", Some(2), "Barbados Dollar"),
    c("BDT", "050", Some(2), "Taka"),
    c("BGN", "975", Some(2), "Bulgarian Lev"),
    c("BHD", "048", Some(3), "Bahraini Dinar"),
    c("BIF", "108", Some(0), "Burundi Franc"),
    c("BMD", "060", Some(2), "Bermudian Dollar"),
    c("BND", "096", Some(2), "Brunei Dollar"),
    c("BOB", "068", Some(2), "Boliviano"),
    c("BOV", "984", Some(2), "Mvdol"),
    c("BRL", "986", Some(2), "Brazilian Real"),
    c("BSD", "044", Some(2), "Bahamian Dollar"),
    c("BTN", "064", Some(2), "Ngultrum"),
    c("BWP", "072", Some(2), "Pula"),
    c("BYN", "933", Some(2), "Belarusian Ruble"),
    c("BZD", "084", Some(2), "Belize Dollar"),
    c("CAD", "124", Some(2), "Canadian Dollar"),
    c("CDF", "976", Some(2), "Congolese Franc"),
    c("CHE", "947", Some(2), "WIR Euro"),
    c("CHF", "756", Some(2), "Swiss Franc"),
    c("CHW", "948", Some(2), "WIR Franc"),
    c("CLF", "990", Some(4), "Unidad de Fomento"),
    c("CLP", "152", Some(0), "Chilean Peso"),
    c("CNY", "156", Some(2), "Yuan Renminbi"),
    c("COP", "170", Some(2), "Colombian Peso"),
    c("COU", "970", Some(2), "Unidad de Valor Real"),
    c("CRC", "188", Some(2), "Costa Rican Colon"),
    c("CUC", "931", Some(2), "Peso Convertible"),
    c("CUP", "192", Some(2), "Cuban Peso"),
    c("CVE", "132", Some(2), "Cabo Verde Escudo"),
    c("CZK", "203", Some(2), "Czech Koruna"),
    c("DJF", "262", Some(0), "Djibouti Franc"),
    c("DKK", "208", Some(2), "Danish Krone"),
    c("DOP", "214", Some(2), "Dominican Peso"),
    c("DZD", "012", Some(2), "Algerian Dinar"),
    c("EGP", "818", Some(2), "Egyptian Pound"),
    c("ERN", "232", Some(2), "Nakfa"),
    c("ETB", "230", Some(2), "Ethiopian Birr"),
    c("EUR", "978", Some(2), "Euro"),
    c("FJD", "242", Some(2), "Fiji Dollar"),
    c("FKP", "238", Some(2), "Falkland Islands Pound"),
    c("GBP", "826", Some(2), "Pound Sterling"),
    c("GEL", "981", Some(2), "Lari"),
    c("GHS", "936", Some(2), "Ghana Cedi"),
    c("GIP", "292", Some(2), "Gibraltar Pound"),
    c("GMD", "270", Some(2), "Dalasi"),
    c("GNF", "324", Some(0), "Guinean Franc"),
    c("GTQ", "320", Some(2), "Quetzal"),
    c("GYD", "328", Some(2), "Guyana Dollar"),
    c("HKD", "344", Some(2), "Hong Kong Dollar"),
    c("HNL", "340", Some(2), "Lempira"),
    c("HTG", "332", Some(2), "Gourde"),
    c("HUF", "348", Some(2), "Forint"),
    c("IDR", "360", Some(2), "Rupiah"),
    c("ILS", "376", Some(2), "New Israeli Sheqel"),
    c("INR", "356", Some(2), "Indian Rupee"),
    c("IQD", "368", Some(3), "Iraqi Dinar"),
    c("IRR", "364", Some(2), "Iranian Rial"),
    c("ISK", "352", Some(0), "Iceland Krona"),
    c("JMD", "388", Some(2), "Jamaican Dollar"),
    c("JOD", "400", Some(3), "Jordanian Dinar"),
    c("JPY", "392", Some(0), "Yen"),
    c("KES", "404", Some(2), "Kenyan Shilling"),
    c("KGS", "417", Some(2), "Som"),
    c("KHR", "116", Some(2), "Riel"),
    c("KMF", "174", Some(0), "Comorian Franc"),
    c("KPW", "408", Some(2), "North Korean Won"),
    c("KRW", "410", Some(0), "Won"),
    c("KWD", "414", Some(3), "Kuwaiti Dinar"),
    c("KYD", "136", Some(2), "Cayman Islands Dollar"),
    c("KZT", "398", Some(2), "Tenge"),
    c("LAK", "418", Some(2), "Lao Kip"),
    c("LBP", "422", Some(2), "Lebanese Pound"),
    c("LKR", "144", Some(2), "Sri Lanka Rupee"),
    c("LRD", "430", Some(2), "Liberian Dollar"),
    c("LSL", "426", Some(2), "Loti"),
    c("LYD", "434", Some(3), "Libyan Dinar"),
    c("MAD", "504", Some(2), "Moroccan Dirham"),
    c("MDL", "498", Some(2), "Moldovan Leu"),
    c("MGA", "969", Some(2), "Malagasy Ariary"),
    c("MKD", "807", Some(2), "Denar"),
    c("MMK", "104", Some(2), "Kyat"),
    c("MNT", "496", Some(2), "Tugrik"),
    c("MOP", "446", Some(2), "Pataca"),
    c("MRU", "929", Some(2), "Ouguiya"),
    c("MUR", "480", Some(2), "Mauritius Rupee"),
    c("MVR", "462", Some(2), "Rufiyaa"),
    c("MWK", "454", Some(2), "Malawi Kwacha"),
    c("MXN", "484", Some(2), "Mexican Peso"),
    c("MXV", "979", Some(2), "Mexican Unidad de Inversion"),
    c("MYR", "458", Some(2), "Malaysian Ringgit"),
    c("MZN", "943", Some(2), "Mozambique Metical"),
    c("NAD", "516", Some(2), "Namibia Dollar"),
    c("NGN", "566", Some(2), "Naira"),
    c("NIO", "558", Some(2), "Cordoba Oro"),
    c("NOK", "578", Some(2), "Norwegian Krone"),
    c("NPR", "524", Some(2), "Nepalese Rupee"),
    c("NZD", "554", Some(2), "New Zealand Dollar"),
    c("OMR", "512", Some(3), "Rial Omani"),
    c("PAB", "590", Some(2), "Balboa"),
    c("PEN", "604", Some(2), "Sol"),
    c("PGK", "598", Some(2), "Kina"),
    c("PHP", "608", Some(2), "Philippine Peso"),
    c("PKR", "586", Some(2), "Pakistan Rupee"),
    c("PLN", "985", Some(2), "Zloty"),
    c("PYG", "600", Some(0), "Guarani"),
    c("QAR", "634", Some(2), "Qatari Rial"),
    c("RON", "946", Some(2), "Romanian Leu"),
    c("RSD", "941", Some(2), "Serbian Dinar"),
    c("RUB", "643", Some(2), "Russian Ruble"),
    c("RWF", "646", Some(0), "Rwanda Franc"),
    c("SAR", "682", Some(2), "Saudi Riyal"),
    c("SBD", "090", Some(2), "Solomon Islands Dollar"),
    c("SCR", "690", Some(2), "Seychelles Rupee"),
    c("SDG", "938", Some(2), "Sudanese Pound"),
    c("SEK", "752", Some(2), "Swedish Krona"),
    c("SGD", "702", Some(2), "Singapore Dollar"),
    c("SHP", "654", Some(2), "Saint Helena Pound"),
    c("SLE", "925", Some(2), "Leone"),
    c("SLL", "694", Some(2), "Leone (old)"),
    c("SOS", "706", Some(2), "Somali Shilling"),
    c("SRD", "968", Some(2), "Surinam Dollar"),
    c("SSP", "728", Some(2), "South Sudanese Pound"),
    c("STN", "930", Some(2), "Dobra"),
    c("SVC", "222", Some(2), "El Salvador Colon"),
    c("SYP", "760", Some(2), "Syrian Pound"),
    c("SZL", "748", Some(2), "Lilangeni"),
    c("THB", "764", Some(2), "Baht"),
    c("TJS", "972", Some(2), "Somoni"),
    c("TMT", "934", Some(2), "Turkmenistan New Manat"),
    c("TND", "788", Some(3), "Tunisian Dinar"),
    c("TOP", "776", Some(2), "Pa'anga"),
    c("TRY", "949", Some(2), "Turkish Lira"),
    c("TTD", "780", Some(2), "Trinidad and Tobago Dollar"),
    c("TWD", "901", Some(2), "New Taiwan Dollar"),
    c("TZS", "834", Some(2), "Tanzanian Shilling"),
    c("UAH", "980", Some(2), "Hryvnia"),
    c("UGX", "800", Some(0), "Uganda Shilling"),
    c("USD", "840", Some(2), "US Dollar"),
    c("USN", "997", Some(2), "US Dollar (Next day)"),
    c("UYI", "940", Some(0), "Uruguay Peso en Unidades Indexadas"),
    c("UYU", "858", Some(2), "Peso Uruguayo"),
    c("UYW", "927", Some(4), "Unidad Previsional"),
    c("UZS", "860", Some(2), "Uzbekistan Sum"),
    c("VED", "926", Some(2), "Bolivar Soberano (digital)"),
    c("VES", "928", Some(2), "Bolivar Soberano"),
    c("VND", "704", Some(0), "Dong"),
    c("VUV", "548", Some(0), "Vatu"),
    c("WST", "882", Some(2), "Tala"),
    c("XAF", "950", Some(0), "CFA Franc BEAC"),
    c("XAG", "961", None, "Silver"),
    c("XAU", "959", None, "Gold"),
    c(
        "XBA",
        "955",
        None,
        "Bond Markets Unit European Composite Unit",
    ),
    c(
        "XBB",
        "956",
        None,
        "Bond Markets Unit European Monetary Unit",
    ),
    c(
        "XBC",
        "957",
        None,
        "Bond Markets Unit European Unit of Account 9",
    ),
    c(
        "XBD",
        "958",
        None,
        "Bond Markets Unit European Unit of Account 17",
    ),
    c("XCD", "951", Some(2), "East Caribbean Dollar"),
    c("XCG", "532", Some(2), "Caribbean Guilder"),
    c("XDR", "960", None, "SDR (Special Drawing Right)"),
    c("XOF", "952", Some(0), "CFA Franc BCEAO"),
    c("XPD", "964", None, "Palladium"),
    c("XPF", "953", Some(0), "CFP Franc"),
    c("XPT", "962", None, "Platinum"),
    c("XSU", "994", None, "Sucre"),
    c("XTS", "963", None, "Codes reserved for testing purposes"),
    c("XUA", "965", None, "ADB Unit of Account"),
    c("XXX", "999", None, "No currency"),
    c("YER", "886", Some(2), "Yemeni Rial"),
    c("ZAR", "710", Some(2), "Rand"),
    c("ZMW", "967", Some(2), "Zambian Kwacha"),
    c("ZWG", "924", Some(2), "Zimbabwe Gold"),
    c("ZWL", "932", Some(2), "Zimbabwe Dollar"),
];

/// Position + 1 in [`CURRENCIES`] of each numeric code 000–999 (0: none), built at compile
/// time from the list so that [`Currency::from_numeric`] is one lookup.
// Indexing is evaluated by the compiler: a bad index fails the build, never a run.
#[allow(clippy::indexing_slicing)]
static BY_NUMERIC: [u8; 1000] = {
    let mut t = [0u8; 1000];
    let (mut i, mut pos) = (0, 1u8);
    while i < LIST.len() {
        let d = LIST[i].numeric.as_bytes();
        let n = (d[0] - b'0') as usize * 100 + (d[1] - b'0') as usize * 10 + (d[2] - b'0') as usize;
        assert!(t[n] == 0, "numeric codes are unique");
        t[n] = pos;
        (i, pos) = (i + 1, pos + 1);
    }
    t
};

/// Why an amount could not be converted to minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum MinorUnitsError {
    /// The text does not follow the EMV amount grammar (digits, at most one `.`).
    #[error("not a decimal amount")]
    Syntax,
    /// More digits after the decimal mark than the currency's exponent allows (`1.234` THB).
    #[error("more decimals than the currency allows")]
    TooManyDecimals,
    /// The currency has no minor unit (`XAU`, `XXX`, …).
    #[error("the currency has no minor unit")]
    NoExponent,
    /// The value does not fit in a `u64`.
    #[error("amount too large")]
    Overflow,
}

impl Currency {
    /// Looks a currency up by its three-digit numeric code (`"116"`, `"050"`).
    pub fn from_numeric(code: &str) -> Option<&'static Currency> {
        let [a, b, c] = *code.as_bytes() else {
            return None;
        };
        if !(a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit()) {
            return None;
        }
        let n = usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0');
        let at = BY_NUMERIC.get(n).copied().unwrap_or(0);
        CURRENCIES.get(usize::from(at).checked_sub(1)?)
    }

    /// Looks a currency up by its alphabetic code, ignoring ASCII case (`"usd"`, `"USD"`).
    pub fn from_alpha(code: &str) -> Option<&'static Currency> {
        CURRENCIES
            .iter()
            .find(|c| c.alpha.eq_ignore_ascii_case(code))
    }

    /// Looks a currency up by either code: three digits are numeric, three letters alphabetic.
    pub fn lookup(code: &str) -> Option<&'static Currency> {
        if code.bytes().all(|b| b.is_ascii_digit()) {
            Currency::from_numeric(code)
        } else {
            Currency::from_alpha(code)
        }
    }

    /// The numeric code as a number (`"050"` → 50).
    pub fn numeric_code(&self) -> u16 {
        self.numeric
            .bytes()
            .fold(0u16, |n, b| n * 10 + u16::from(b.wrapping_sub(b'0') % 10))
    }

    /// Converts an amount as written in a payload (`"12.5"`, `"98."`, `"1000"`) into integer
    /// minor units with this currency's exponent.
    ///
    /// # Errors
    /// [`MinorUnitsError::TooManyDecimals`] when the amount has more decimals than the exponent
    /// (the EMV rule that decimals "should align with the currency exponent" is broken, and no
    /// integer is exact), and the other [`MinorUnitsError`] cases.
    pub fn to_minor(&self, amount: &str) -> Result<u64, MinorUnitsError> {
        match self.exponent {
            Some(e) => to_minor(amount, e),
            None => Err(MinorUnitsError::NoExponent),
        }
    }

    /// Formats integer minor units as a decimal amount with exactly `exponent` decimals
    /// (`150` THB → `"1.50"`, `25000` VND → `"25000"`).
    #[cfg(feature = "alloc")]
    pub fn format_minor(&self, minor: u64) -> Option<alloc::string::String> {
        self.exponent.map(|e| format_minor(minor, e))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha)
    }
}

/// Converts an amount written as digits with at most one `.` into integer minor units for a
/// currency exponent: `to_minor("12.5", 2) == Ok(1250)`, `to_minor("98.", 2) == Ok(9800)`.
///
/// # Errors
/// See [`Currency::to_minor`].
pub fn to_minor(amount: &str, exponent: u8) -> Result<u64, MinorUnitsError> {
    let (int, frac) = match amount.split_once('.') {
        Some((i, f)) => (i, f),
        None => (amount, ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) {
        return Err(MinorUnitsError::Syntax);
    }
    let exp = usize::from(exponent);
    if frac.len() > exp {
        return Err(MinorUnitsError::TooManyDecimals);
    }
    let mut v: u64 = 0;
    let pad = exp - frac.len();
    for b in int
        .bytes()
        .chain(frac.bytes())
        .chain(core::iter::repeat_n(b'0', pad))
    {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(b - b'0')))
            .ok_or(MinorUnitsError::Overflow)?;
    }
    Ok(v)
}

/// Formats integer minor units with `exponent` decimals (`format_minor(1250, 2) == "12.50"`).
#[cfg(feature = "alloc")]
pub fn format_minor(minor: u64, exponent: u8) -> alloc::string::String {
    use alloc::string::ToString;
    let digits = minor.to_string();
    let exp = usize::from(exponent);
    if exp == 0 {
        return digits;
    }
    let padded = if digits.len() <= exp {
        let mut s = alloc::string::String::with_capacity(exp + 1);
        s.extend(core::iter::repeat_n('0', exp + 1 - digits.len()));
        s.push_str(&digits);
        s
    } else {
        digits
    };
    let split = padded.len() - exp;
    let (int, frac) = padded.split_at(split);
    alloc::format!("{int}.{frac}")
}

/// Inserts `sep` between groups of three digits of the integer part of a decimal amount
/// (`"1234567.50"` → `"1,234,567.50"`).
#[cfg(feature = "alloc")]
pub(crate) fn group_thousands(amount: &str, sep: char) -> alloc::string::String {
    let (int, frac) = amount.split_at(amount.find('.').unwrap_or(amount.len()));
    let mut out = alloc::string::String::with_capacity(amount.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_lookup_agrees_with_the_list() {
        for n in 0..1000 {
            let code = std::format!("{n:03}");
            let listed = CURRENCIES.iter().find(|c| c.numeric == code);
            assert_eq!(Currency::from_numeric(&code), listed, "{code}");
        }
        for bad in ["", "84", "8400", "84a", " 840", "٨٤٠", "-84"] {
            assert_eq!(Currency::from_numeric(bad), None, "{bad:?}");
        }
        assert_eq!(Currency::from_numeric("840").map(|c| c.alpha), Some("USD"));
    }

    #[test]
    fn table_is_sorted_and_unique() {
        for w in CURRENCIES.windows(2) {
            if let [a, b] = w {
                assert!(a.alpha < b.alpha, "{} {}", a.alpha, b.alpha);
            }
        }
        for (i, a) in CURRENCIES.iter().enumerate() {
            assert_eq!(a.numeric.len(), 3, "{}", a.alpha);
            assert_eq!(a.alpha.len(), 3, "{}", a.alpha);
            for b in CURRENCIES.iter().skip(i + 1) {
                assert_ne!(a.numeric, b.numeric, "{} {}", a.alpha, b.alpha);
            }
        }
        assert_eq!(CURRENCIES.len(), 181);
    }

    #[test]
    fn exponents_of_the_scheme_currencies() {
        let exp = |n: &str| Currency::from_numeric(n).map(|c| (c.alpha, c.exponent));
        assert_eq!(exp("116"), Some(("KHR", Some(2))));
        assert_eq!(exp("360"), Some(("IDR", Some(2))));
        assert_eq!(exp("704"), Some(("VND", Some(0))));
        assert_eq!(exp("392"), Some(("JPY", Some(0))));
        assert_eq!(exp("414"), Some(("KWD", Some(3))));
        assert_eq!(exp("417"), Some(("KGS", Some(2))));
        assert_eq!(exp("050"), Some(("BDT", Some(2))));
        assert_eq!(exp("990"), Some(("CLF", Some(4))));
        assert_eq!(exp("959"), Some(("XAU", None)));
        assert_eq!(exp("532"), Some(("XCG", Some(2))));
        assert_eq!(exp("000"), None);
        assert_eq!(Currency::lookup("thb").map(|c| c.numeric_code()), Some(764));
        assert_eq!(Currency::lookup("008").map(|c| c.numeric_code()), Some(8));
    }

    #[test]
    fn minor_units() {
        assert_eq!(to_minor("98.73", 2), Ok(9873));
        assert_eq!(to_minor("98.", 2), Ok(9800));
        assert_eq!(to_minor("98", 2), Ok(9800));
        assert_eq!(to_minor("0.5", 3), Ok(500));
        assert_eq!(
            to_minor("999.123", 0),
            Err(MinorUnitsError::TooManyDecimals)
        );
        assert_eq!(to_minor("1.001", 2), Err(MinorUnitsError::TooManyDecimals));
        assert_eq!(to_minor(".5", 2), Err(MinorUnitsError::Syntax));
        assert_eq!(to_minor("1,5", 2), Err(MinorUnitsError::Syntax));
        assert_eq!(to_minor("1.2.3", 2), Err(MinorUnitsError::Syntax));
        assert_eq!(to_minor("", 2), Err(MinorUnitsError::Syntax));
        assert_eq!(
            to_minor("99999999999999999999", 2),
            Err(MinorUnitsError::Overflow)
        );
        assert_eq!(to_minor("9999999999999", 4), Ok(99_999_999_999_990_000));
    }

    #[test]
    #[cfg(feature = "alloc")]
    fn formats_minor_units() {
        assert_eq!(format_minor(150, 2), "1.50");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(0, 3), "0.000");
        assert_eq!(format_minor(25000, 0), "25000");
    }
}
