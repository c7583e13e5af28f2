//! The EMV MPM data objects: one table of what each ID path is — its name, the key the
//! intent and the command line use for it, its format and its length limits.

/// The character set of a data object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `N`: digits.
    Numeric,
    /// `ans`: printable ASCII (a lenient parse lets other text through as a warning).
    Ans,
    /// `S`: any Unicode text without control characters.
    Text,
    /// An amount: digits with at most one `.`.
    Amount,
    /// A percentage (`57`): an amount of at most two integer and two fraction digits.
    Percentage,
    /// A template of further data objects.
    Template,
}

/// What the table knows of one data object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Field {
    /// Its name in the EMV MPM specification (`"Merchant Name"`).
    pub name: &'static str,
    /// A short snake_case key (`"merchant_name"`).
    pub key: &'static str,
    /// Its character set.
    pub format: Format,
    /// Fewest characters.
    pub min: u8,
    /// Most characters.
    pub max: u8,
    /// What the validator checks beyond the character set and the length.
    pub(crate) rule: Rule,
}

/// What the validator checks of a data object beyond its format and length: the values a
/// field may take, or the walk a template gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Rule {
    /// The format and the length only.
    Plain,
    /// `"01"`.
    Pfi,
    /// `"11"` or `"12"`.
    Initiation,
    /// `"01"`–`"03"`.
    Tip,
    /// A GUI: over 32 characters only for an Alipay+ identifier, as a warning.
    Gui,
    /// `A`, `M` and `E`, each at most once.
    ConsumerData,
    /// Three characters from the merchant channel table.
    Channel,
    /// A merchant account template: a GUI and payment-network data.
    Account,
    /// The Additional Data Field Template.
    Additional,
    /// The Merchant Information — Language Template.
    Language,
    /// A template at an unreserved ID: read as a primitive when it does not scan.
    Unreserved,
}

const fn f(name: &'static str, key: &'static str, format: Format, min: u8, max: u8) -> Field {
    Field {
        name,
        key,
        format,
        min,
        max,
        rule: Rule::Plain,
    }
}

impl Field {
    const fn with(self, rule: Rule) -> Field {
        Field { rule, ..self }
    }
}

use Format::{Amount, Ans, Numeric, Percentage, Template, Text};

const PFI: Field = f(
    "Payload Format Indicator",
    "payload_format_indicator",
    Numeric,
    2,
    2,
)
.with(Rule::Pfi);
const POI: Field = f(
    "Point of Initiation Method",
    "point_of_initiation",
    Numeric,
    2,
    2,
)
.with(Rule::Initiation);
const CARD: Field = f(
    "Merchant Account (card network)",
    "merchant_account",
    Ans,
    1,
    99,
);
const RESERVED: Field = f(
    "Merchant Account (EMVCo reserved)",
    "merchant_account",
    Ans,
    1,
    99,
);
const ACCOUNT: Field = f(
    "Merchant Account Template",
    "merchant_account",
    Template,
    1,
    99,
)
.with(Rule::Account);
const GUI: Field = f("Globally Unique Identifier", "gui", Ans, 1, 32).with(Rule::Gui);
const NETWORK_DATA: Field = f("Payment network specific", "data", Text, 1, 99);
const MCC: Field = f(
    "Merchant Category Code",
    "merchant_category_code",
    Numeric,
    4,
    4,
);
const CURRENCY: Field = f("Transaction Currency", "currency", Numeric, 3, 3);
const AMOUNT: Field = f("Transaction Amount", "amount", Amount, 1, 13);
const TIP: Field = f(
    "Tip or Convenience Indicator",
    "tip_indicator",
    Numeric,
    2,
    2,
)
.with(Rule::Tip);
const FEE_FIXED: Field = f(
    "Convenience Fee Fixed",
    "convenience_fee_fixed",
    Amount,
    1,
    13,
);
const FEE_PERCENT: Field = f(
    "Convenience Fee Percentage",
    "convenience_fee_percentage",
    Percentage,
    1,
    5,
);
const COUNTRY: Field = f("Country Code", "country", Ans, 2, 2);
const NAME: Field = f("Merchant Name", "merchant_name", Ans, 1, 25);
const CITY: Field = f("Merchant City", "merchant_city", Ans, 1, 15);
const POSTAL: Field = f("Postal Code", "postal_code", Ans, 1, 10);
const ADDITIONAL: Field = f(
    "Additional Data Field Template",
    "additional_data",
    Template,
    1,
    99,
)
.with(Rule::Additional);
const CRC: Field = f("CRC", "crc", Ans, 4, 4);
const LANGUAGE: Field =
    f("Language Template", "language_template", Template, 1, 99).with(Rule::Language);
const UNRESERVED: Field = f(
    "Unreserved Template",
    "unreserved_template",
    Template,
    1,
    99,
)
.with(Rule::Unreserved);
const BILL: Field = f("Bill Number", "bill_number", Ans, 1, 25);
const MOBILE: Field = f("Mobile Number", "mobile_number", Ans, 1, 25);
const STORE: Field = f("Store Label", "store_label", Ans, 1, 25);
const LOYALTY: Field = f("Loyalty Number", "loyalty_number", Ans, 1, 25);
const REFERENCE: Field = f("Reference Label", "reference_label", Ans, 1, 25);
const CUSTOMER: Field = f("Customer Label", "customer_label", Ans, 1, 25);
const TERMINAL: Field = f("Terminal Label", "terminal_label", Ans, 1, 25);
const PURPOSE: Field = f("Purpose of Transaction", "purpose", Ans, 1, 25);
const CONSUMER_DATA: Field = f(
    "Additional Consumer Data Request",
    "consumer_data_request",
    Ans,
    1,
    3,
)
.with(Rule::ConsumerData);
const TAX_ID: Field = f("Merchant Tax ID", "merchant_tax_id", Ans, 1, 20);
const CHANNEL: Field = f("Merchant Channel", "merchant_channel", Ans, 3, 3).with(Rule::Channel);
const PAYMENT_SYSTEM: Field =
    f("Payment System Template", "payment_system", Template, 1, 99).with(Rule::Unreserved);
const LANGUAGE_PREFERENCE: Field = f("Language Preference", "language", Ans, 2, 2);
const NAME_ALT: Field = f(
    "Merchant Name (alternate language)",
    "merchant_name_alt",
    Text,
    1,
    25,
);
const CITY_ALT: Field = f(
    "Merchant City (alternate language)",
    "merchant_city_alt",
    Text,
    1,
    15,
);

/// The data objects of one level, as runs of IDs: `(first, last, field)`. IDs in no run are
/// reserved for future use.
pub(crate) type Level = &'static [(u8, u8, &'static Field)];

/// The root objects (EMV MPM v1.1, 4.2 and 4.7).
pub(crate) const ROOT: Level = &[
    (0, 0, &PFI),
    (1, 1, &POI),
    (2, 16, &CARD),
    (17, 25, &RESERVED),
    (26, 51, &ACCOUNT),
    (52, 52, &MCC),
    (53, 53, &CURRENCY),
    (54, 54, &AMOUNT),
    (55, 55, &TIP),
    (56, 56, &FEE_FIXED),
    (57, 57, &FEE_PERCENT),
    (58, 58, &COUNTRY),
    (59, 59, &NAME),
    (60, 60, &CITY),
    (61, 61, &POSTAL),
    (62, 62, &ADDITIONAL),
    (63, 63, &CRC),
    (64, 64, &LANGUAGE),
    (80, 99, &UNRESERVED),
];

/// Inside a merchant account template (26–51, 80–99, 62.50–99).
pub(crate) const IN_ACCOUNT: Level = &[(0, 0, &GUI), (1, 99, &NETWORK_DATA)];

/// Inside 62, the Additional Data Field Template.
pub(crate) const IN_ADDITIONAL: Level = &[
    (1, 1, &BILL),
    (2, 2, &MOBILE),
    (3, 3, &STORE),
    (4, 4, &LOYALTY),
    (5, 5, &REFERENCE),
    (6, 6, &CUSTOMER),
    (7, 7, &TERMINAL),
    (8, 8, &PURPOSE),
    (9, 9, &CONSUMER_DATA),
    (10, 10, &TAX_ID),
    (11, 11, &CHANNEL),
    (50, 99, &PAYMENT_SYSTEM),
];

/// Inside 64, the Merchant Information — Language Template.
pub(crate) const IN_LANGUAGE: Level = &[
    (0, 0, &LANGUAGE_PREFERENCE),
    (1, 1, &NAME_ALT),
    (2, 2, &CITY_ALT),
];

fn lookup(level: Level, id: u8) -> Option<&'static Field> {
    level
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&id))
        .map(|&(_, _, f)| f)
}

/// The data object at an ID path (`[62, 5]` is the Reference Label); `None` for an ID
/// reserved for future use or a path EMV MPM does not define.
///
/// ```
/// let f = emvqr::field(&[59]).unwrap();
/// assert_eq!((f.name, f.max), ("Merchant Name", 25));
/// assert_eq!(emvqr::field(&[62, 5]).unwrap().key, "reference_label");
/// assert!(emvqr::field(&[70]).is_none());
/// ```
pub fn field(path: &[u8]) -> Option<&'static Field> {
    match *path {
        [id] => lookup(ROOT, id),
        [26..=51 | 80..=99, id] | [62, 50..=99, id] => lookup(IN_ACCOUNT, id),
        [62, id] => lookup(IN_ADDITIONAL, id),
        [64, id] => lookup(IN_LANGUAGE, id),
        _ => None,
    }
}

/// The name of the data object at an ID path, for display (`"Reserved for future use"` for
/// an ID EMV MPM reserves).
pub(crate) fn name(path: &[u8]) -> &'static str {
    match field(path) {
        Some(f) => f.name,
        None if path.is_empty() => "",
        None => "Reserved for future use",
    }
}

/// What every Alipay+ identifier holds (`2188110037A11127.alipayplus.v20250513`).
pub(crate) const ALIPAYPLUS_MARK: &str = ".alipayplus.v";

/// Whether a GUI is an Alipay+ identifier (`<16 digits>.alipayplus.v<date>`): the one kind of
/// GUI longer than 32 characters that real codes carry, let through with a warning.
pub(crate) fn is_alipay_plus_id(gui: &[u8]) -> bool {
    gui.windows(ALIPAYPLUS_MARK.len())
        .any(|w| w.eq_ignore_ascii_case(ALIPAYPLUS_MARK.as_bytes()))
}

/// Calls `$m!` with the named data objects of the Additional Data Field Template (62.01–62.11)
/// as `name = id;` pairs with their docs: the accessors of [`crate::AdditionalData`] and the
/// setters of [`crate::PayloadBuilder`] are both written from this one list.
macro_rules! additional_data_fields {
    ($m:ident) => {
        $m! {
            /// 62.01 Bill Number.
            bill_number = 1;
            /// 62.02 Mobile Number.
            mobile_number = 2;
            /// 62.03 Store Label.
            store_label = 3;
            /// 62.04 Loyalty Number.
            loyalty_number = 4;
            /// 62.05 Reference Label.
            reference_label = 5;
            /// 62.06 Customer Label.
            customer_label = 6;
            /// 62.07 Terminal Label.
            terminal_label = 7;
            /// 62.08 Purpose of Transaction.
            purpose = 8;
            /// 62.09 Additional Consumer Data Request (`A`, `M`, `E`).
            consumer_data_request = 9;
            /// 62.10 Merchant Tax ID (v1.1).
            merchant_tax_id = 10;
            /// 62.11 Merchant Channel (v1.1).
            merchant_channel = 11;
        }
    };
}
pub(crate) use additional_data_fields;
