//! The official error codes (1–51) and the errors of this profile.

use core::fmt;

use crate::error::{Error, ErrorKind, Path};

/// The official SDK's error codes, numbered as the SDK numbers them (`code()`), with its key
/// (`key()`) and message (`message()`). Codes 13–15, 29 and 36 belong to the SDK's network
/// calls or to checks it has switched off; this crate never returns them but keeps them so
/// that every official number has a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
#[repr(u8)]
pub enum KhqrCode {
    /// 1 `BAKONG_ACCOUNT_ID_REQUIRED`: Bakong Account ID cannot be null or empty.
    BakongAccountIdRequired = 1,
    /// 2 `MERCHANT_NAME_REQUIRED`: Merchant name cannot be null or empty.
    MerchantNameRequired = 2,
    /// 3 `BAKONG_ACCOUNT_ID_INVALID`: Bakong Account ID is invalid.
    BakongAccountIdInvalid = 3,
    /// 4 `TRANSACTION_AMOUNT_INVALID`: Amount is invalid.
    TransactionAmountInvalid = 4,
    /// 5 `MERCHANT_TYPE_REQUIRED`: Merchant type cannot be null or empty.
    MerchantTypeRequired = 5,
    /// 6 `BAKONG_ACCOUNT_ID_LENGTH_INVALID`: Bakong Account ID Length is Invalid.
    BakongAccountIdLengthInvalid = 6,
    /// 7 `MERCHANT_NAME_LENGTH_INVALID`: Merchant Name Length is invalid.
    MerchantNameLengthInvalid = 7,
    /// 8 `KHQR_INVALID`: KHQR provided is invalid.
    KhqrInvalid = 8,
    /// 9 `CURRENCY_TYPE_REQUIRED`: Currency type cannot be null or empty.
    CurrencyTypeRequired = 9,
    /// 10 `BILL_NUMBER_LENGTH_INVALID`: Bill Name Length is invalid.
    BillNumberLengthInvalid = 10,
    /// 11 `STORE_LABEL_LENGTH_INVALID`: Store Label Length is invalid.
    StoreLabelLengthInvalid = 11,
    /// 12 `TERMINAL_LABEL_LENGTH_INVALID`: Terminal Label Length is invalid.
    TerminalLabelLengthInvalid = 12,
    /// 13 `CONNECTION_TIMEOUT`: Cannot reach Bakong Open API service. Please check internet connection.
    ConnectionTimeout = 13,
    /// 14 `INVALID_DEEP_LINK_SOURCE_INFO`: Source Info for Deep Link is invalid.
    InvalidDeepLinkSourceInfo = 14,
    /// 15 `INTERNAL_SREVER`: Internal server error.
    InternalSrever = 15,
    /// 16 `PAYLOAD_FORMAT_INDICATOR_LENGTH_INVALID`: Payload Format indicator Length is invalid.
    PayloadFormatIndicatorLengthInvalid = 16,
    /// 17 `POINT_INITIATION_LENGTH_INVALID`: Point of initiation Length is invalid.
    PointInitiationLengthInvalid = 17,
    /// 18 `MERCHANT_CODE_LENGTH_INVALID`: Merchant code Length is invalid.
    MerchantCodeLengthInvalid = 18,
    /// 19 `TRANSACTION_CURRENCY_LENGTH_INVALID`: Transaction currency Length is invalid.
    TransactionCurrencyLengthInvalid = 19,
    /// 20 `COUNTRY_CODE_LENGTH_INVALID`: Country code Length is invalid.
    CountryCodeLengthInvalid = 20,
    /// 21 `MERCHANT_CITY_LENGTH_INVALID`: Merchant city Length is invalid.
    MerchantCityLengthInvalid = 21,
    /// 22 `CRC_LENGTH_INVALID`: CRC Length is invalid.
    CrcLengthInvalid = 22,
    /// 23 `PAYLOAD_FORMAT_INDICATOR_TAG_REQUIRED`: Payload format indicator tag required.
    PayloadFormatIndicatorTagRequired = 23,
    /// 24 `CRC_TAG_REQUIRED`: CRC tag required.
    CrcTagRequired = 24,
    /// 25 `MERCHANT_CATEGORY_TAG_REQUIRED`: Merchant category tag required.
    MerchantCategoryTagRequired = 25,
    /// 26 `COUNTRY_CODE_TAG_REQUIRED`: Country Code cannot be null or empty.
    CountryCodeTagRequired = 26,
    /// 27 `MERCHANT_CITY_TAG_REQUIRED`: Merchant City cannot be null or empty.
    MerchantCityTagRequired = 27,
    /// 28 `UNSUPPORTED_CURRENCY`: Unsupported currency.
    UnsupportedCurrency = 28,
    /// 29 `INVALID_DEEP_LINK_URL`: Deep Link URL is not valid.
    InvalidDeepLinkUrl = 29,
    /// 30 `MERCHANT_ID_REQUIRED`: Merchant ID cannot be null or empty.
    MerchantIdRequired = 30,
    /// 31 `ACQUIRING_BANK_REQUIRED`: Acquiring Bank cannot be null or empty.
    AcquiringBankRequired = 31,
    /// 32 `MERCHANT_ID_LENGTH_INVALID`: Merchant ID Length is invalid.
    MerchantIdLengthInvalid = 32,
    /// 33 `ACQUIRING_BANK_LENGTH_INVALID`: Acquiring Bank Length is invalid.
    AcquiringBankLengthInvalid = 33,
    /// 34 `MOBILE_NUMBER_LENGTH_INVALID`: Mobile Number Length is invalid.
    MobileNumberLengthInvalid = 34,
    /// 35 `ACCOUNT_INFORMATION_LENGTH_INVALID`: Account Information Length is invalid.
    AccountInformationLengthInvalid = 35,
    /// 36 `TAG_NOT_IN_ORDER`: Tag is not in order.
    TagNotInOrder = 36,
    /// 37 `LANGUAGE_PREFERENCE_REQUIRED`: Language Preference cannot be null or empty.
    LanguagePreferenceRequired = 37,
    /// 38 `LANGUAGE_PREFERENCE_LENGTH_INVALID`: Language Preference Length is invalid.
    LanguagePreferenceLengthInvalid = 38,
    /// 39 `MERCHANT_NAME_ALTERNATE_LANGUAGE_REQUIRED`: Merchant Name Alternate Language cannot be null or empty.
    MerchantNameAlternateLanguageRequired = 39,
    /// 40 `MERCHANT_NAME_ALTERNATE_LANGUAGE_LENGTH_INVALID`: Merchant Name Alternate Language Length is invalid.
    MerchantNameAlternateLanguageLengthInvalid = 40,
    /// 41 `MERCHANT_CITY_ALTERNATE_LANGUAGE_LENGTH_INVALID`: Merchant City Alternate Language Length is invalid.
    MerchantCityAlternateLanguageLengthInvalid = 41,
    /// 42 `PURPOSE_OF_TRANSACTION_LENGTH_INVALID`: Purpose of Transaction Length is invalid.
    PurposeOfTransactionLengthInvalid = 42,
    /// 43 `UPI_ACCOUNT_INFORMATION_LENGTH_INVALID`: Upi Account Information Length is invalid.
    UpiAccountInformationLengthInvalid = 43,
    /// 44 `UPI_ACCOUNT_INFORMATION_INVALID_CURRENCY`: Upi Account Information Length does not accept USD.
    UpiAccountInformationInvalidCurrency = 44,
    /// 45 `EXPIRATION_TIMESTAMP_REQUIRED`: Expiration timestamp is required for dynamic KHQR.
    ExpirationTimestampRequired = 45,
    /// 46 `KHQR_EXPIRED`: This dynamic KHQR has expired.
    KhqrExpired = 46,
    /// 47 `INVALID_DYNAMIC_KHQR`: This dynamic KHQR has invalid field transaction amount.
    InvalidDynamicKhqr = 47,
    /// 48 `POINT_OF_INITIATION_METHOD_INVALID`: Point of Initiation Method is invalid.
    PointOfInitiationMethodInvalid = 48,
    /// 49 `EXPIRATION_TIMESTAMP_LENGTH_INVALID`: Expiration timestamp length is invalid.
    ExpirationTimestampLengthInvalid = 49,
    /// 50 `EXPIRATION_TIMESTAMP_IN_THE_PAST`: Expiration timestamp is in the past.
    ExpirationTimestampInThePast = 50,
    /// 51 `INVALID_MERCHANT_CATEGORY_CODE`: Invalid merchant category code.
    InvalidMerchantCategoryCode = 51,
}

/// Every code, in numeric order.
pub const ALL_CODES: [KhqrCode; 51] = [
    KhqrCode::BakongAccountIdRequired,
    KhqrCode::MerchantNameRequired,
    KhqrCode::BakongAccountIdInvalid,
    KhqrCode::TransactionAmountInvalid,
    KhqrCode::MerchantTypeRequired,
    KhqrCode::BakongAccountIdLengthInvalid,
    KhqrCode::MerchantNameLengthInvalid,
    KhqrCode::KhqrInvalid,
    KhqrCode::CurrencyTypeRequired,
    KhqrCode::BillNumberLengthInvalid,
    KhqrCode::StoreLabelLengthInvalid,
    KhqrCode::TerminalLabelLengthInvalid,
    KhqrCode::ConnectionTimeout,
    KhqrCode::InvalidDeepLinkSourceInfo,
    KhqrCode::InternalSrever,
    KhqrCode::PayloadFormatIndicatorLengthInvalid,
    KhqrCode::PointInitiationLengthInvalid,
    KhqrCode::MerchantCodeLengthInvalid,
    KhqrCode::TransactionCurrencyLengthInvalid,
    KhqrCode::CountryCodeLengthInvalid,
    KhqrCode::MerchantCityLengthInvalid,
    KhqrCode::CrcLengthInvalid,
    KhqrCode::PayloadFormatIndicatorTagRequired,
    KhqrCode::CrcTagRequired,
    KhqrCode::MerchantCategoryTagRequired,
    KhqrCode::CountryCodeTagRequired,
    KhqrCode::MerchantCityTagRequired,
    KhqrCode::UnsupportedCurrency,
    KhqrCode::InvalidDeepLinkUrl,
    KhqrCode::MerchantIdRequired,
    KhqrCode::AcquiringBankRequired,
    KhqrCode::MerchantIdLengthInvalid,
    KhqrCode::AcquiringBankLengthInvalid,
    KhqrCode::MobileNumberLengthInvalid,
    KhqrCode::AccountInformationLengthInvalid,
    KhqrCode::TagNotInOrder,
    KhqrCode::LanguagePreferenceRequired,
    KhqrCode::LanguagePreferenceLengthInvalid,
    KhqrCode::MerchantNameAlternateLanguageRequired,
    KhqrCode::MerchantNameAlternateLanguageLengthInvalid,
    KhqrCode::MerchantCityAlternateLanguageLengthInvalid,
    KhqrCode::PurposeOfTransactionLengthInvalid,
    KhqrCode::UpiAccountInformationLengthInvalid,
    KhqrCode::UpiAccountInformationInvalidCurrency,
    KhqrCode::ExpirationTimestampRequired,
    KhqrCode::KhqrExpired,
    KhqrCode::InvalidDynamicKhqr,
    KhqrCode::PointOfInitiationMethodInvalid,
    KhqrCode::ExpirationTimestampLengthInvalid,
    KhqrCode::ExpirationTimestampInThePast,
    KhqrCode::InvalidMerchantCategoryCode,
];

impl KhqrCode {
    /// The official number (1–51).
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// The code with this official number.
    pub const fn from_number(n: u8) -> Option<KhqrCode> {
        Some(match n {
            1 => KhqrCode::BakongAccountIdRequired,
            2 => KhqrCode::MerchantNameRequired,
            3 => KhqrCode::BakongAccountIdInvalid,
            4 => KhqrCode::TransactionAmountInvalid,
            5 => KhqrCode::MerchantTypeRequired,
            6 => KhqrCode::BakongAccountIdLengthInvalid,
            7 => KhqrCode::MerchantNameLengthInvalid,
            8 => KhqrCode::KhqrInvalid,
            9 => KhqrCode::CurrencyTypeRequired,
            10 => KhqrCode::BillNumberLengthInvalid,
            11 => KhqrCode::StoreLabelLengthInvalid,
            12 => KhqrCode::TerminalLabelLengthInvalid,
            13 => KhqrCode::ConnectionTimeout,
            14 => KhqrCode::InvalidDeepLinkSourceInfo,
            15 => KhqrCode::InternalSrever,
            16 => KhqrCode::PayloadFormatIndicatorLengthInvalid,
            17 => KhqrCode::PointInitiationLengthInvalid,
            18 => KhqrCode::MerchantCodeLengthInvalid,
            19 => KhqrCode::TransactionCurrencyLengthInvalid,
            20 => KhqrCode::CountryCodeLengthInvalid,
            21 => KhqrCode::MerchantCityLengthInvalid,
            22 => KhqrCode::CrcLengthInvalid,
            23 => KhqrCode::PayloadFormatIndicatorTagRequired,
            24 => KhqrCode::CrcTagRequired,
            25 => KhqrCode::MerchantCategoryTagRequired,
            26 => KhqrCode::CountryCodeTagRequired,
            27 => KhqrCode::MerchantCityTagRequired,
            28 => KhqrCode::UnsupportedCurrency,
            29 => KhqrCode::InvalidDeepLinkUrl,
            30 => KhqrCode::MerchantIdRequired,
            31 => KhqrCode::AcquiringBankRequired,
            32 => KhqrCode::MerchantIdLengthInvalid,
            33 => KhqrCode::AcquiringBankLengthInvalid,
            34 => KhqrCode::MobileNumberLengthInvalid,
            35 => KhqrCode::AccountInformationLengthInvalid,
            36 => KhqrCode::TagNotInOrder,
            37 => KhqrCode::LanguagePreferenceRequired,
            38 => KhqrCode::LanguagePreferenceLengthInvalid,
            39 => KhqrCode::MerchantNameAlternateLanguageRequired,
            40 => KhqrCode::MerchantNameAlternateLanguageLengthInvalid,
            41 => KhqrCode::MerchantCityAlternateLanguageLengthInvalid,
            42 => KhqrCode::PurposeOfTransactionLengthInvalid,
            43 => KhqrCode::UpiAccountInformationLengthInvalid,
            44 => KhqrCode::UpiAccountInformationInvalidCurrency,
            45 => KhqrCode::ExpirationTimestampRequired,
            46 => KhqrCode::KhqrExpired,
            47 => KhqrCode::InvalidDynamicKhqr,
            48 => KhqrCode::PointOfInitiationMethodInvalid,
            49 => KhqrCode::ExpirationTimestampLengthInvalid,
            50 => KhqrCode::ExpirationTimestampInThePast,
            51 => KhqrCode::InvalidMerchantCategoryCode,
            _ => return None,
        })
    }

    /// The official key, e.g. `"KHQR_EXPIRED"` (spelling as in the SDK, `INTERNAL_SREVER`
    /// included).
    pub const fn key(self) -> &'static str {
        match self {
            KhqrCode::BakongAccountIdRequired => "BAKONG_ACCOUNT_ID_REQUIRED",
            KhqrCode::MerchantNameRequired => "MERCHANT_NAME_REQUIRED",
            KhqrCode::BakongAccountIdInvalid => "BAKONG_ACCOUNT_ID_INVALID",
            KhqrCode::TransactionAmountInvalid => "TRANSACTION_AMOUNT_INVALID",
            KhqrCode::MerchantTypeRequired => "MERCHANT_TYPE_REQUIRED",
            KhqrCode::BakongAccountIdLengthInvalid => "BAKONG_ACCOUNT_ID_LENGTH_INVALID",
            KhqrCode::MerchantNameLengthInvalid => "MERCHANT_NAME_LENGTH_INVALID",
            KhqrCode::KhqrInvalid => "KHQR_INVALID",
            KhqrCode::CurrencyTypeRequired => "CURRENCY_TYPE_REQUIRED",
            KhqrCode::BillNumberLengthInvalid => "BILL_NUMBER_LENGTH_INVALID",
            KhqrCode::StoreLabelLengthInvalid => "STORE_LABEL_LENGTH_INVALID",
            KhqrCode::TerminalLabelLengthInvalid => "TERMINAL_LABEL_LENGTH_INVALID",
            KhqrCode::ConnectionTimeout => "CONNECTION_TIMEOUT",
            KhqrCode::InvalidDeepLinkSourceInfo => "INVALID_DEEP_LINK_SOURCE_INFO",
            KhqrCode::InternalSrever => "INTERNAL_SREVER",
            KhqrCode::PayloadFormatIndicatorLengthInvalid => {
                "PAYLOAD_FORMAT_INDICATOR_LENGTH_INVALID"
            }
            KhqrCode::PointInitiationLengthInvalid => "POINT_INITIATION_LENGTH_INVALID",
            KhqrCode::MerchantCodeLengthInvalid => "MERCHANT_CODE_LENGTH_INVALID",
            KhqrCode::TransactionCurrencyLengthInvalid => "TRANSACTION_CURRENCY_LENGTH_INVALID",
            KhqrCode::CountryCodeLengthInvalid => "COUNTRY_CODE_LENGTH_INVALID",
            KhqrCode::MerchantCityLengthInvalid => "MERCHANT_CITY_LENGTH_INVALID",
            KhqrCode::CrcLengthInvalid => "CRC_LENGTH_INVALID",
            KhqrCode::PayloadFormatIndicatorTagRequired => "PAYLOAD_FORMAT_INDICATOR_TAG_REQUIRED",
            KhqrCode::CrcTagRequired => "CRC_TAG_REQUIRED",
            KhqrCode::MerchantCategoryTagRequired => "MERCHANT_CATEGORY_TAG_REQUIRED",
            KhqrCode::CountryCodeTagRequired => "COUNTRY_CODE_TAG_REQUIRED",
            KhqrCode::MerchantCityTagRequired => "MERCHANT_CITY_TAG_REQUIRED",
            KhqrCode::UnsupportedCurrency => "UNSUPPORTED_CURRENCY",
            KhqrCode::InvalidDeepLinkUrl => "INVALID_DEEP_LINK_URL",
            KhqrCode::MerchantIdRequired => "MERCHANT_ID_REQUIRED",
            KhqrCode::AcquiringBankRequired => "ACQUIRING_BANK_REQUIRED",
            KhqrCode::MerchantIdLengthInvalid => "MERCHANT_ID_LENGTH_INVALID",
            KhqrCode::AcquiringBankLengthInvalid => "ACQUIRING_BANK_LENGTH_INVALID",
            KhqrCode::MobileNumberLengthInvalid => "MOBILE_NUMBER_LENGTH_INVALID",
            KhqrCode::AccountInformationLengthInvalid => "ACCOUNT_INFORMATION_LENGTH_INVALID",
            KhqrCode::TagNotInOrder => "TAG_NOT_IN_ORDER",
            KhqrCode::LanguagePreferenceRequired => "LANGUAGE_PREFERENCE_REQUIRED",
            KhqrCode::LanguagePreferenceLengthInvalid => "LANGUAGE_PREFERENCE_LENGTH_INVALID",
            KhqrCode::MerchantNameAlternateLanguageRequired => {
                "MERCHANT_NAME_ALTERNATE_LANGUAGE_REQUIRED"
            }
            KhqrCode::MerchantNameAlternateLanguageLengthInvalid => {
                "MERCHANT_NAME_ALTERNATE_LANGUAGE_LENGTH_INVALID"
            }
            KhqrCode::MerchantCityAlternateLanguageLengthInvalid => {
                "MERCHANT_CITY_ALTERNATE_LANGUAGE_LENGTH_INVALID"
            }
            KhqrCode::PurposeOfTransactionLengthInvalid => "PURPOSE_OF_TRANSACTION_LENGTH_INVALID",
            KhqrCode::UpiAccountInformationLengthInvalid => {
                "UPI_ACCOUNT_INFORMATION_LENGTH_INVALID"
            }
            KhqrCode::UpiAccountInformationInvalidCurrency => {
                "UPI_ACCOUNT_INFORMATION_INVALID_CURRENCY"
            }
            KhqrCode::ExpirationTimestampRequired => "EXPIRATION_TIMESTAMP_REQUIRED",
            KhqrCode::KhqrExpired => "KHQR_EXPIRED",
            KhqrCode::InvalidDynamicKhqr => "INVALID_DYNAMIC_KHQR",
            KhqrCode::PointOfInitiationMethodInvalid => "POINT_OF_INITIATION_METHOD_INVALID",
            KhqrCode::ExpirationTimestampLengthInvalid => "EXPIRATION_TIMESTAMP_LENGTH_INVALID",
            KhqrCode::ExpirationTimestampInThePast => "EXPIRATION_TIMESTAMP_IN_THE_PAST",
            KhqrCode::InvalidMerchantCategoryCode => "INVALID_MERCHANT_CATEGORY_CODE",
        }
    }

    /// The key in snake_case, e.g. `"khqr_expired"`.
    pub const fn name(self) -> &'static str {
        match self {
            KhqrCode::BakongAccountIdRequired => "bakong_account_id_required",
            KhqrCode::MerchantNameRequired => "merchant_name_required",
            KhqrCode::BakongAccountIdInvalid => "bakong_account_id_invalid",
            KhqrCode::TransactionAmountInvalid => "transaction_amount_invalid",
            KhqrCode::MerchantTypeRequired => "merchant_type_required",
            KhqrCode::BakongAccountIdLengthInvalid => "bakong_account_id_length_invalid",
            KhqrCode::MerchantNameLengthInvalid => "merchant_name_length_invalid",
            KhqrCode::KhqrInvalid => "khqr_invalid",
            KhqrCode::CurrencyTypeRequired => "currency_type_required",
            KhqrCode::BillNumberLengthInvalid => "bill_number_length_invalid",
            KhqrCode::StoreLabelLengthInvalid => "store_label_length_invalid",
            KhqrCode::TerminalLabelLengthInvalid => "terminal_label_length_invalid",
            KhqrCode::ConnectionTimeout => "connection_timeout",
            KhqrCode::InvalidDeepLinkSourceInfo => "invalid_deep_link_source_info",
            KhqrCode::InternalSrever => "internal_srever",
            KhqrCode::PayloadFormatIndicatorLengthInvalid => {
                "payload_format_indicator_length_invalid"
            }
            KhqrCode::PointInitiationLengthInvalid => "point_initiation_length_invalid",
            KhqrCode::MerchantCodeLengthInvalid => "merchant_code_length_invalid",
            KhqrCode::TransactionCurrencyLengthInvalid => "transaction_currency_length_invalid",
            KhqrCode::CountryCodeLengthInvalid => "country_code_length_invalid",
            KhqrCode::MerchantCityLengthInvalid => "merchant_city_length_invalid",
            KhqrCode::CrcLengthInvalid => "crc_length_invalid",
            KhqrCode::PayloadFormatIndicatorTagRequired => "payload_format_indicator_tag_required",
            KhqrCode::CrcTagRequired => "crc_tag_required",
            KhqrCode::MerchantCategoryTagRequired => "merchant_category_tag_required",
            KhqrCode::CountryCodeTagRequired => "country_code_tag_required",
            KhqrCode::MerchantCityTagRequired => "merchant_city_tag_required",
            KhqrCode::UnsupportedCurrency => "unsupported_currency",
            KhqrCode::InvalidDeepLinkUrl => "invalid_deep_link_url",
            KhqrCode::MerchantIdRequired => "merchant_id_required",
            KhqrCode::AcquiringBankRequired => "acquiring_bank_required",
            KhqrCode::MerchantIdLengthInvalid => "merchant_id_length_invalid",
            KhqrCode::AcquiringBankLengthInvalid => "acquiring_bank_length_invalid",
            KhqrCode::MobileNumberLengthInvalid => "mobile_number_length_invalid",
            KhqrCode::AccountInformationLengthInvalid => "account_information_length_invalid",
            KhqrCode::TagNotInOrder => "tag_not_in_order",
            KhqrCode::LanguagePreferenceRequired => "language_preference_required",
            KhqrCode::LanguagePreferenceLengthInvalid => "language_preference_length_invalid",
            KhqrCode::MerchantNameAlternateLanguageRequired => {
                "merchant_name_alternate_language_required"
            }
            KhqrCode::MerchantNameAlternateLanguageLengthInvalid => {
                "merchant_name_alternate_language_length_invalid"
            }
            KhqrCode::MerchantCityAlternateLanguageLengthInvalid => {
                "merchant_city_alternate_language_length_invalid"
            }
            KhqrCode::PurposeOfTransactionLengthInvalid => "purpose_of_transaction_length_invalid",
            KhqrCode::UpiAccountInformationLengthInvalid => {
                "upi_account_information_length_invalid"
            }
            KhqrCode::UpiAccountInformationInvalidCurrency => {
                "upi_account_information_invalid_currency"
            }
            KhqrCode::ExpirationTimestampRequired => "expiration_timestamp_required",
            KhqrCode::KhqrExpired => "khqr_expired",
            KhqrCode::InvalidDynamicKhqr => "invalid_dynamic_khqr",
            KhqrCode::PointOfInitiationMethodInvalid => "point_of_initiation_method_invalid",
            KhqrCode::ExpirationTimestampLengthInvalid => "expiration_timestamp_length_invalid",
            KhqrCode::ExpirationTimestampInThePast => "expiration_timestamp_in_the_past",
            KhqrCode::InvalidMerchantCategoryCode => "invalid_merchant_category_code",
        }
    }

    /// The official message.
    pub const fn message(self) -> &'static str {
        match self {
            KhqrCode::BakongAccountIdRequired => "Bakong Account ID cannot be null or empty",
            KhqrCode::MerchantNameRequired => "Merchant name cannot be null or empty",
            KhqrCode::BakongAccountIdInvalid => "Bakong Account ID is invalid",
            KhqrCode::TransactionAmountInvalid => "Amount is invalid",
            KhqrCode::MerchantTypeRequired => "Merchant type cannot be null or empty",
            KhqrCode::BakongAccountIdLengthInvalid => "Bakong Account ID Length is Invalid",
            KhqrCode::MerchantNameLengthInvalid => "Merchant Name Length is invalid",
            KhqrCode::KhqrInvalid => "KHQR provided is invalid",
            KhqrCode::CurrencyTypeRequired => "Currency type cannot be null or empty",
            KhqrCode::BillNumberLengthInvalid => "Bill Name Length is invalid",
            KhqrCode::StoreLabelLengthInvalid => "Store Label Length is invalid",
            KhqrCode::TerminalLabelLengthInvalid => "Terminal Label Length is invalid",
            KhqrCode::ConnectionTimeout => {
                "Cannot reach Bakong Open API service. Please check internet connection"
            }
            KhqrCode::InvalidDeepLinkSourceInfo => "Source Info for Deep Link is invalid",
            KhqrCode::InternalSrever => "Internal server error",
            KhqrCode::PayloadFormatIndicatorLengthInvalid => {
                "Payload Format indicator Length is invalid"
            }
            KhqrCode::PointInitiationLengthInvalid => "Point of initiation Length is invalid",
            KhqrCode::MerchantCodeLengthInvalid => "Merchant code Length is invalid",
            KhqrCode::TransactionCurrencyLengthInvalid => "Transaction currency Length is invalid",
            KhqrCode::CountryCodeLengthInvalid => "Country code Length is invalid",
            KhqrCode::MerchantCityLengthInvalid => "Merchant city Length is invalid",
            KhqrCode::CrcLengthInvalid => "CRC Length is invalid",
            KhqrCode::PayloadFormatIndicatorTagRequired => "Payload format indicator tag required",
            KhqrCode::CrcTagRequired => "CRC tag required",
            KhqrCode::MerchantCategoryTagRequired => "Merchant category tag required",
            KhqrCode::CountryCodeTagRequired => "Country Code cannot be null or empty",
            KhqrCode::MerchantCityTagRequired => "Merchant City cannot be null or empty",
            KhqrCode::UnsupportedCurrency => "Unsupported currency",
            KhqrCode::InvalidDeepLinkUrl => "Deep Link URL is not valid",
            KhqrCode::MerchantIdRequired => "Merchant ID cannot be null or empty",
            KhqrCode::AcquiringBankRequired => "Acquiring Bank cannot be null or empty",
            KhqrCode::MerchantIdLengthInvalid => "Merchant ID Length is invalid",
            KhqrCode::AcquiringBankLengthInvalid => "Acquiring Bank Length is invalid",
            KhqrCode::MobileNumberLengthInvalid => "Mobile Number Length is invalid",
            KhqrCode::AccountInformationLengthInvalid => "Account Information Length is invalid",
            KhqrCode::TagNotInOrder => "Tag is not in order",
            KhqrCode::LanguagePreferenceRequired => "Language Preference cannot be null or empty",
            KhqrCode::LanguagePreferenceLengthInvalid => "Language Preference Length is invalid",
            KhqrCode::MerchantNameAlternateLanguageRequired => {
                "Merchant Name Alternate Language cannot be null or empty"
            }
            KhqrCode::MerchantNameAlternateLanguageLengthInvalid => {
                "Merchant Name Alternate Language Length is invalid"
            }
            KhqrCode::MerchantCityAlternateLanguageLengthInvalid => {
                "Merchant City Alternate Language Length is invalid"
            }
            KhqrCode::PurposeOfTransactionLengthInvalid => {
                "Purpose of Transaction Length is invalid"
            }
            KhqrCode::UpiAccountInformationLengthInvalid => {
                "Upi Account Information Length is invalid"
            }
            KhqrCode::UpiAccountInformationInvalidCurrency => {
                "Upi Account Information Length does not accept USD"
            }
            KhqrCode::ExpirationTimestampRequired => {
                "Expiration timestamp is required for dynamic KHQR"
            }
            KhqrCode::KhqrExpired => "This dynamic KHQR has expired",
            KhqrCode::InvalidDynamicKhqr => {
                "This dynamic KHQR has invalid field transaction amount"
            }
            KhqrCode::PointOfInitiationMethodInvalid => "Point of Initiation Method is invalid",
            KhqrCode::ExpirationTimestampLengthInvalid => "Expiration timestamp length is invalid",
            KhqrCode::ExpirationTimestampInThePast => "Expiration timestamp is in the past",
            KhqrCode::InvalidMerchantCategoryCode => "Invalid merchant category code",
        }
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
    /// Code 4 (builder only), a divergence: an amount that is not a plain decimal number of at
    /// most 15 significant digits below 10^21; the SDK would round it through a binary
    /// floating-point number (or write `NaN` or an exponent) instead.
    AmountSyntax,
}

impl Reason {
    /// A stable snake_case name.
    pub const fn name(self) -> &'static str {
        match self {
            Reason::Check => "check",
            Reason::NoCrc => "no_crc",
            Reason::CrcMismatch => "crc_mismatch",
            Reason::TooShort => "too_short",
            Reason::Unwalkable => "unwalkable",
            Reason::LanguagePreferenceMissing => "language_preference_missing",
            Reason::TemplateTooLong => "template_too_long",
            Reason::AmountSyntax => "amount_syntax",
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
        }
    }
}

/// A KHQR error: the official code, why, the byte offset and the ID path of the data object
/// concerned (the official SDK says none of this: its `verify` returns a bare boolean).
///
/// Offsets: the start of the offending data object (or sub-object); for a missing object, the
/// start of the checksum object `63` (the end of the payload for the builder); for code 8 of
/// the CRC gate, the start of the last eight characters (no CRC) or of the checksum digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KhqrError {
    code: KhqrCode,
    reason: Reason,
    offset: usize,
    path: Path,
}

impl KhqrError {
    /// A new error.
    pub const fn new(code: KhqrCode, reason: Reason, offset: usize, path: Path) -> KhqrError {
        KhqrError {
            code,
            reason,
            offset,
            path,
        }
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
    pub const fn key(&self) -> &'static str {
        self.code.key()
    }

    /// The official key in snake_case, e.g. `"expiration_timestamp_required"`.
    pub const fn name(&self) -> &'static str {
        self.code.name()
    }

    /// The official message.
    pub const fn message(&self) -> &'static str {
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
    pub const fn to_error(&self) -> Error {
        use KhqrCode as C;
        let kind = match (self.code, self.reason) {
            (_, Reason::NoCrc) => ErrorKind::InvalidCrcFormat,
            (_, Reason::CrcMismatch) => ErrorKind::CrcMismatch,
            (_, Reason::TooShort) => ErrorKind::Truncated,
            (_, Reason::Unwalkable) => ErrorKind::InvalidLength,
            (_, Reason::TemplateTooLong) => ErrorKind::ValueTooLong,
            (_, Reason::AmountSyntax) | (C::TransactionAmountInvalid, _) => {
                ErrorKind::InvalidAmount
            }
            (
                C::BakongAccountIdRequired
                | C::MerchantNameRequired
                | C::MerchantTypeRequired
                | C::CurrencyTypeRequired
                | C::PayloadFormatIndicatorTagRequired
                | C::MerchantCategoryTagRequired
                | C::CountryCodeTagRequired
                | C::MerchantCityTagRequired
                | C::MerchantIdRequired
                | C::AcquiringBankRequired
                | C::LanguagePreferenceRequired
                | C::MerchantNameAlternateLanguageRequired
                | C::ExpirationTimestampRequired,
                _,
            ) => ErrorKind::Missing,
            (C::CrcTagRequired, _) => ErrorKind::MissingCrc,
            (C::PointOfInitiationMethodInvalid, _) => ErrorKind::InvalidInitiation,
            (C::InvalidMerchantCategoryCode, _) => ErrorKind::NotNumeric,
            (
                C::BakongAccountIdLengthInvalid
                | C::MerchantNameLengthInvalid
                | C::BillNumberLengthInvalid
                | C::StoreLabelLengthInvalid
                | C::TerminalLabelLengthInvalid
                | C::PayloadFormatIndicatorLengthInvalid
                | C::PointInitiationLengthInvalid
                | C::MerchantCodeLengthInvalid
                | C::TransactionCurrencyLengthInvalid
                | C::CountryCodeLengthInvalid
                | C::MerchantCityLengthInvalid
                | C::CrcLengthInvalid
                | C::MerchantIdLengthInvalid
                | C::AcquiringBankLengthInvalid
                | C::MobileNumberLengthInvalid
                | C::AccountInformationLengthInvalid
                | C::LanguagePreferenceLengthInvalid
                | C::MerchantNameAlternateLanguageLengthInvalid
                | C::MerchantCityAlternateLanguageLengthInvalid
                | C::PurposeOfTransactionLengthInvalid
                | C::UpiAccountInformationLengthInvalid
                | C::ExpirationTimestampLengthInvalid,
                _,
            ) => ErrorKind::ValueTooLong,
            _ => ErrorKind::InvalidValue,
        };
        Error::new(kind, self.offset, self.path)
    }
}

impl fmt::Display for KhqrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        let detail = self.reason.detail();
        if !detail.is_empty() {
            write!(f, ": {detail}")?;
        }
        write!(f, " at byte {}", self.offset)?;
        if !self.path.is_root() {
            write!(f, " ({})", self.path)?;
        }
        Ok(())
    }
}

impl core::error::Error for KhqrError {}
