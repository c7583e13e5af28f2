//! The official error codes (1–51) and the errors of this profile.

use core::fmt;

use crate::error::{Error, ErrorKind, Path, Show, Shown};

/// Declares [`KhqrCode`] and its table from one list: each row is the official number, the
/// variant, the official key, its snake_case form, the official message and the nearest
/// error kind of the EMV layer.
macro_rules! codes {
    ($($n:literal $variant:ident $key:literal $name:literal $message:literal $kind:ident,)*) => {
        /// The official SDK's error codes, numbered as the SDK numbers them (`number()`), with
        /// its key (`key()`) and message (`message()`). Codes 13–15, 29 and 36 belong to the
        /// SDK's network calls or to checks it has switched off; this crate never returns them
        /// but keeps them so that every official number has a name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr(u8)]
        pub enum KhqrCode {
            $(
                #[doc = concat!($n, " `", $key, "`: ", $message, ".")]
                $variant = $n,
            )*
        }

        /// Every code, in numeric order.
        pub const ALL_CODES: [KhqrCode; 51] = [$(KhqrCode::$variant,)*];

        /// The table: key, snake_case name, message and nearest EMV error kind, by number - 1.
        const TABLE: [(&str, &str, &str, ErrorKind); 51] = [$(($key, $name, $message, ErrorKind::$kind),)*];
    };
}

codes! {
    1 BakongAccountIdRequired "BAKONG_ACCOUNT_ID_REQUIRED" "bakong_account_id_required" "Bakong Account ID cannot be null or empty" Missing,
    2 MerchantNameRequired "MERCHANT_NAME_REQUIRED" "merchant_name_required" "Merchant name cannot be null or empty" Missing,
    3 BakongAccountIdInvalid "BAKONG_ACCOUNT_ID_INVALID" "bakong_account_id_invalid" "Bakong Account ID is invalid" InvalidValue,
    4 TransactionAmountInvalid "TRANSACTION_AMOUNT_INVALID" "transaction_amount_invalid" "Amount is invalid" InvalidAmount,
    5 MerchantTypeRequired "MERCHANT_TYPE_REQUIRED" "merchant_type_required" "Merchant type cannot be null or empty" Missing,
    6 BakongAccountIdLengthInvalid "BAKONG_ACCOUNT_ID_LENGTH_INVALID" "bakong_account_id_length_invalid" "Bakong Account ID Length is Invalid" ValueTooLong,
    7 MerchantNameLengthInvalid "MERCHANT_NAME_LENGTH_INVALID" "merchant_name_length_invalid" "Merchant Name Length is invalid" ValueTooLong,
    8 KhqrInvalid "KHQR_INVALID" "khqr_invalid" "KHQR provided is invalid" InvalidValue,
    9 CurrencyTypeRequired "CURRENCY_TYPE_REQUIRED" "currency_type_required" "Currency type cannot be null or empty" Missing,
    10 BillNumberLengthInvalid "BILL_NUMBER_LENGTH_INVALID" "bill_number_length_invalid" "Bill Name Length is invalid" ValueTooLong,
    11 StoreLabelLengthInvalid "STORE_LABEL_LENGTH_INVALID" "store_label_length_invalid" "Store Label Length is invalid" ValueTooLong,
    12 TerminalLabelLengthInvalid "TERMINAL_LABEL_LENGTH_INVALID" "terminal_label_length_invalid" "Terminal Label Length is invalid" ValueTooLong,
    13 ConnectionTimeout "CONNECTION_TIMEOUT" "connection_timeout" "Cannot reach Bakong Open API service. Please check internet connection" InvalidValue,
    14 InvalidDeepLinkSourceInfo "INVALID_DEEP_LINK_SOURCE_INFO" "invalid_deep_link_source_info" "Source Info for Deep Link is invalid" InvalidValue,
    15 InternalSrever "INTERNAL_SREVER" "internal_srever" "Internal server error" InvalidValue,
    16 PayloadFormatIndicatorLengthInvalid "PAYLOAD_FORMAT_INDICATOR_LENGTH_INVALID" "payload_format_indicator_length_invalid" "Payload Format indicator Length is invalid" ValueTooLong,
    17 PointInitiationLengthInvalid "POINT_INITIATION_LENGTH_INVALID" "point_initiation_length_invalid" "Point of initiation Length is invalid" ValueTooLong,
    18 MerchantCodeLengthInvalid "MERCHANT_CODE_LENGTH_INVALID" "merchant_code_length_invalid" "Merchant code Length is invalid" ValueTooLong,
    19 TransactionCurrencyLengthInvalid "TRANSACTION_CURRENCY_LENGTH_INVALID" "transaction_currency_length_invalid" "Transaction currency Length is invalid" ValueTooLong,
    20 CountryCodeLengthInvalid "COUNTRY_CODE_LENGTH_INVALID" "country_code_length_invalid" "Country code Length is invalid" ValueTooLong,
    21 MerchantCityLengthInvalid "MERCHANT_CITY_LENGTH_INVALID" "merchant_city_length_invalid" "Merchant city Length is invalid" ValueTooLong,
    22 CrcLengthInvalid "CRC_LENGTH_INVALID" "crc_length_invalid" "CRC Length is invalid" ValueTooLong,
    23 PayloadFormatIndicatorTagRequired "PAYLOAD_FORMAT_INDICATOR_TAG_REQUIRED" "payload_format_indicator_tag_required" "Payload format indicator tag required" Missing,
    24 CrcTagRequired "CRC_TAG_REQUIRED" "crc_tag_required" "CRC tag required" MissingCrc,
    25 MerchantCategoryTagRequired "MERCHANT_CATEGORY_TAG_REQUIRED" "merchant_category_tag_required" "Merchant category tag required" Missing,
    26 CountryCodeTagRequired "COUNTRY_CODE_TAG_REQUIRED" "country_code_tag_required" "Country Code cannot be null or empty" Missing,
    27 MerchantCityTagRequired "MERCHANT_CITY_TAG_REQUIRED" "merchant_city_tag_required" "Merchant City cannot be null or empty" Missing,
    28 UnsupportedCurrency "UNSUPPORTED_CURRENCY" "unsupported_currency" "Unsupported currency" InvalidValue,
    29 InvalidDeepLinkUrl "INVALID_DEEP_LINK_URL" "invalid_deep_link_url" "Deep Link URL is not valid" InvalidValue,
    30 MerchantIdRequired "MERCHANT_ID_REQUIRED" "merchant_id_required" "Merchant ID cannot be null or empty" Missing,
    31 AcquiringBankRequired "ACQUIRING_BANK_REQUIRED" "acquiring_bank_required" "Acquiring Bank cannot be null or empty" Missing,
    32 MerchantIdLengthInvalid "MERCHANT_ID_LENGTH_INVALID" "merchant_id_length_invalid" "Merchant ID Length is invalid" ValueTooLong,
    33 AcquiringBankLengthInvalid "ACQUIRING_BANK_LENGTH_INVALID" "acquiring_bank_length_invalid" "Acquiring Bank Length is invalid" ValueTooLong,
    34 MobileNumberLengthInvalid "MOBILE_NUMBER_LENGTH_INVALID" "mobile_number_length_invalid" "Mobile Number Length is invalid" ValueTooLong,
    35 AccountInformationLengthInvalid "ACCOUNT_INFORMATION_LENGTH_INVALID" "account_information_length_invalid" "Account Information Length is invalid" ValueTooLong,
    36 TagNotInOrder "TAG_NOT_IN_ORDER" "tag_not_in_order" "Tag is not in order" InvalidValue,
    37 LanguagePreferenceRequired "LANGUAGE_PREFERENCE_REQUIRED" "language_preference_required" "Language Preference cannot be null or empty" Missing,
    38 LanguagePreferenceLengthInvalid "LANGUAGE_PREFERENCE_LENGTH_INVALID" "language_preference_length_invalid" "Language Preference Length is invalid" ValueTooLong,
    39 MerchantNameAlternateLanguageRequired "MERCHANT_NAME_ALTERNATE_LANGUAGE_REQUIRED" "merchant_name_alternate_language_required" "Merchant Name Alternate Language cannot be null or empty" Missing,
    40 MerchantNameAlternateLanguageLengthInvalid "MERCHANT_NAME_ALTERNATE_LANGUAGE_LENGTH_INVALID" "merchant_name_alternate_language_length_invalid" "Merchant Name Alternate Language Length is invalid" ValueTooLong,
    41 MerchantCityAlternateLanguageLengthInvalid "MERCHANT_CITY_ALTERNATE_LANGUAGE_LENGTH_INVALID" "merchant_city_alternate_language_length_invalid" "Merchant City Alternate Language Length is invalid" ValueTooLong,
    42 PurposeOfTransactionLengthInvalid "PURPOSE_OF_TRANSACTION_LENGTH_INVALID" "purpose_of_transaction_length_invalid" "Purpose of Transaction Length is invalid" ValueTooLong,
    43 UpiAccountInformationLengthInvalid "UPI_ACCOUNT_INFORMATION_LENGTH_INVALID" "upi_account_information_length_invalid" "Upi Account Information Length is invalid" ValueTooLong,
    44 UpiAccountInformationInvalidCurrency "UPI_ACCOUNT_INFORMATION_INVALID_CURRENCY" "upi_account_information_invalid_currency" "Upi Account Information Length does not accept USD" InvalidValue,
    45 ExpirationTimestampRequired "EXPIRATION_TIMESTAMP_REQUIRED" "expiration_timestamp_required" "Expiration timestamp is required for dynamic KHQR" Missing,
    46 KhqrExpired "KHQR_EXPIRED" "khqr_expired" "This dynamic KHQR has expired" InvalidValue,
    47 InvalidDynamicKhqr "INVALID_DYNAMIC_KHQR" "invalid_dynamic_khqr" "This dynamic KHQR has invalid field transaction amount" InvalidValue,
    48 PointOfInitiationMethodInvalid "POINT_OF_INITIATION_METHOD_INVALID" "point_of_initiation_method_invalid" "Point of Initiation Method is invalid" InvalidInitiation,
    49 ExpirationTimestampLengthInvalid "EXPIRATION_TIMESTAMP_LENGTH_INVALID" "expiration_timestamp_length_invalid" "Expiration timestamp length is invalid" ValueTooLong,
    50 ExpirationTimestampInThePast "EXPIRATION_TIMESTAMP_IN_THE_PAST" "expiration_timestamp_in_the_past" "Expiration timestamp is in the past" InvalidValue,
    51 InvalidMerchantCategoryCode "INVALID_MERCHANT_CATEGORY_CODE" "invalid_merchant_category_code" "Invalid merchant category code" NotNumeric,
}

impl KhqrCode {
    /// The official number (1–51).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The code with this official number.
    pub fn from_number(n: u8) -> Option<KhqrCode> {
        ALL_CODES.get(usize::from(n).checked_sub(1)?).copied()
    }

    fn row(self) -> (&'static str, &'static str, &'static str, ErrorKind) {
        // Every variant's number is its row + 1 (the table is declared with the enum).
        TABLE
            .get(usize::from(self.number()).saturating_sub(1))
            .copied()
            .unwrap_or(("", "", "", ErrorKind::InvalidValue))
    }

    /// The official key, e.g. `"KHQR_EXPIRED"` (spelling as in the SDK, `INTERNAL_SREVER`
    /// included).
    pub fn key(self) -> &'static str {
        self.row().0
    }

    /// The key in snake_case, e.g. `"khqr_expired"`.
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// The official message.
    pub fn message(self) -> &'static str {
        self.row().2
    }

    /// The nearest error kind of the EMV layer.
    pub fn nearest_kind(self) -> ErrorKind {
        self.row().3
    }
}

impl fmt::Display for KhqrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.message(), self.number(), self.key())
    }
}

/// Why an error was raised, where the official code alone does not say it, and where this
/// crate departs from the official SDK (see [`Reason::is_divergence`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// One of the SDK's own checks; the code says which.
    Check,
    /// Code 8: the payload does not end with `6304` and four hex digits.
    NoCrc,
    /// Code 8: the CRC does not match.
    CrcMismatch,
    /// Code 8: fewer than 12 UTF-16 units.
    TooShort,
    /// Code 8, a divergence: a length the SDK's walk cannot read (or one that points back),
    /// on which the SDK loops forever instead of answering.
    Unwalkable,
    /// Code 37, a divergence: an alternate-language merchant name (64.01) without a language
    /// preference (64.00), on which the SDK throws a `TypeError` instead of a coded error.
    LanguagePreferenceMissing,
    /// Code 8 (builder only), a divergence: a template value over 99 units, which the SDK
    /// writes with a three-digit length that no reader can walk.
    TemplateTooLong,
    /// Code 8 (builder only), a divergence: a control character (line feed, tab, …) in a field,
    /// which the official generator writes into the code; a code that breaks lines when
    /// printed is refused instead.
    ControlCharacter,
    /// Code 4 (builder only), a divergence: an amount that is not a plain decimal number of at
    /// most 15 significant digits below 10^21; the SDK would round it through a binary
    /// floating-point number (or write `NaN` or an exponent) instead.
    AmountSyntax,
}

impl Reason {
    /// A stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Check => "check",
            Reason::NoCrc => "no_crc",
            Reason::CrcMismatch => "crc_mismatch",
            Reason::TooShort => "too_short",
            Reason::Unwalkable => "unwalkable",
            Reason::LanguagePreferenceMissing => "language_preference_missing",
            Reason::TemplateTooLong => "template_too_long",
            Reason::AmountSyntax => "amount_syntax",
            Reason::ControlCharacter => "control_character",
        }
    }

    /// True where the official SDK has no coded answer (it hangs, throws a non-SDK exception
    /// or produces an unreadable code) and this crate returns an error instead.
    pub const fn is_divergence(self) -> bool {
        matches!(
            self,
            Reason::Unwalkable
                | Reason::LanguagePreferenceMissing
                | Reason::TemplateTooLong
                | Reason::AmountSyntax
                | Reason::ControlCharacter
        )
    }

    const fn detail(self) -> &'static str {
        match self {
            Reason::Check => "",
            Reason::NoCrc => "the payload does not end with 6304 and four hex digits",
            Reason::CrcMismatch => "checksum mismatch",
            Reason::TooShort => "shorter than 12 characters",
            Reason::Unwalkable => "a length that cannot be walked past",
            Reason::LanguagePreferenceMissing => {
                "alternate-language name without a language preference"
            }
            Reason::TemplateTooLong => "template value longer than 99 characters",
            Reason::AmountSyntax => "amount is not a plain decimal number",
            Reason::ControlCharacter => "control character in a field",
        }
    }
}

/// A KHQR error: the official code, why, the byte offset and the ID path of the data object
/// concerned (the official SDK says none of this: its `verify` returns a bare boolean).
///
/// Offsets: the start of the offending data object (or sub-object); for a missing object, the
/// start of the checksum object `63` (the end of the payload for the builder); for code 8 of
/// the CRC gate, the start of the last eight characters (no CRC) or of the checksum digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{}", Shown(self))]
pub struct KhqrError {
    code: KhqrCode,
    reason: Reason,
    offset: usize,
    path: Path,
    field: bool,
}

impl KhqrError {
    /// A new error.
    pub const fn new(code: KhqrCode, reason: Reason, offset: usize, path: Path) -> KhqrError {
        KhqrError {
            code,
            reason,
            offset,
            path,
            field: false,
        }
    }

    /// The same error, about a field the builder was given rather than a byte of a payload.
    #[must_use]
    #[cfg(feature = "alloc")]
    pub(crate) const fn of_field(self) -> KhqrError {
        KhqrError {
            field: true,
            ..self
        }
    }

    /// Whether the error is about a builder's field rather than a byte of a payload.
    pub const fn is_field(&self) -> bool {
        self.field
    }

    pub(crate) const fn check(code: KhqrCode, offset: usize, path: Path) -> KhqrError {
        KhqrError::new(code, Reason::Check, offset, path)
    }

    /// The official numeric code (1–51).
    pub const fn code(&self) -> u8 {
        self.code.number()
    }

    /// The official code as an enum.
    pub const fn kind(&self) -> KhqrCode {
        self.code
    }

    /// The official key, e.g. `"EXPIRATION_TIMESTAMP_REQUIRED"`.
    pub fn key(&self) -> &'static str {
        self.code.key()
    }

    /// The official key in snake_case, e.g. `"expiration_timestamp_required"`.
    pub fn name(&self) -> &'static str {
        self.code.name()
    }

    /// The official message.
    pub fn message(&self) -> &'static str {
        self.code.message()
    }

    /// Why, where the code alone does not say it.
    pub const fn reason(&self) -> Reason {
        self.reason
    }

    /// Byte offset in the payload.
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// ID path of the data object concerned (`"62.01"`; `""` for the whole payload).
    pub const fn path(&self) -> Path {
        self.path
    }

    /// The nearest error of the EMV layer, with the same offset and path.
    pub fn to_error(&self) -> Error {
        let kind = match self.reason {
            Reason::NoCrc => ErrorKind::InvalidCrcFormat,
            Reason::CrcMismatch => ErrorKind::CrcMismatch,
            Reason::TooShort => ErrorKind::Truncated,
            Reason::Unwalkable => ErrorKind::InvalidLength,
            Reason::TemplateTooLong => ErrorKind::ValueTooLong,
            Reason::AmountSyntax => ErrorKind::InvalidAmount,
            Reason::ControlCharacter => ErrorKind::InvalidCharacter,
            Reason::Check | Reason::LanguagePreferenceMissing => self.code.nearest_kind(),
        };
        Error::new(kind, self.offset, self.path)
    }
}

impl Show for KhqrError {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        let detail = self.reason.detail();
        if !detail.is_empty() {
            write!(f, ": {detail}")?;
        }
        if self.field {
            return match crate::profile::Scheme::Khqr.field_name(self.path.ids()) {
                "" => Ok(()),
                name => write!(f, " in {name} ({})", self.path),
            };
        }
        write!(f, " at byte {}", self.offset)?;
        if !self.path.is_root() {
            write!(f, " ({})", self.path)?;
        }
        Ok(())
    }
}
