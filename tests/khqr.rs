//! KHQR profile: the shared vectors' official verdicts, builder round trips, and exact error
//! codes, offsets and paths.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::profile::khqr::{
    self, decode, md5_hex, Khqr, KhqrBuilder, KhqrCode, KhqrCurrency, MerchantType, Reason,
};
use emvqr::{crc16, Path};

/// 2026-01-01T00:00:00Z, the clock of the vectors' verdicts.
const NOW: i64 = 1_767_225_600_000;

/// Appends `6304` and the CRC.
fn with_crc(body: &str) -> String {
    let mut s = format!("{body}6304");
    let crc = crc16(s.as_bytes());
    s.push_str(&format!("{crc:04X}"));
    s
}

fn code_of(s: &str) -> Result<(), (u8, usize, String)> {
    khqr::verify(s, NOW)
        .map(|_| ())
        .map_err(|e| (e.code(), e.offset(), e.path().to_string()))
}

#[test]
fn every_vector_gets_the_official_verdict() {
    let data = include_str!("vectors/khqr-vectors.tsv");
    let mut n = 0;
    for (i, line) in data.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (verdict, payload) = (cols[0], cols[1]);
        let got = match khqr::verify(payload, NOW) {
            Ok(_) => "valid".to_string(),
            Err(e) => format!("code-{}", e.code()),
        };
        assert_eq!(got, verdict, "line {}: {payload}", i + 1);
        // The boolean and the lenient decode agree and never fail.
        assert_eq!(khqr::is_valid(payload, NOW), verdict == "valid");
        let _ = decode(payload);
        n += 1;
    }
    assert_eq!(n, 61);
}

#[test]
fn vector_errors_say_where() {
    // 62.01 of 26 characters: code 10 at the bill number sub-object.
    let s = "00020101021230410015john_smith@devb01061234560208Dev Bank5204599953038405405100.05802KH5910John Smith6010PHNOM PENH62740127#123456789012345678901234560211855122334550311Coffee Shop0709Cashier_199170013162624810862363040A18";
    let at = s.find("6274").unwrap() + 4;
    assert_eq!(code_of(s), Err((10, at, "62.01".into())));
    // Expired: 46 at 99.01.
    let s = "00020101021229180014vandoeurn@devb52045999530384054031015802KH5909Vandoeurn6010Phnom Penh9934001317272493649740113172724948497463047BD0";
    let at = s.find("99340013").unwrap() + 21;
    assert_eq!(code_of(s), Err((46, at, "99.01".into())));
    // Dynamic without 99: 45, reported where the CRC object starts.
    let s =
        "00020101021229190015john_smith@devb52045999530384054035.05802KH59006010Phnom Penh630414A7";
    assert_eq!(code_of(s), Err((45, s.len() - 8, "99".into())));
    // POI 13: 48 at 01.
    let s = "00020101021329180014vandoeurn@devb52045999530384054031015802KH5909Vandoeurn6010Phnom Penh993400131727249364974011317272494849746304DCEF";
    assert_eq!(code_of(s), Err((48, 6, "01".into())));
    // Wrong CRC: 8 at the checksum digits.
    let s = "00020101021229190015john_smith@devb52045999530311654065000.05802KH5910jonh smith6010Phnom Penh62360109#INV-20030313Coffee Klaing0702#29917001316130279727576304FFFF";
    let e = khqr::verify(s, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.offset()),
        (8, Reason::CrcMismatch, s.len() - 4)
    );
    assert_eq!(e.to_error().kind(), emvqr::ErrorKind::CrcMismatch);
    // Missing 60 (after 58 and 59 exist): 27 at the CRC object, path 60.
    let s = "00020101021230190015john_smith@devb52045999530384054035005802KH5910John Smith62460111Invoice#0690314Coffee Khlaing0709Counter 29917001316140656838196304EF9D";
    assert_eq!(code_of(s), Err((27, s.len() - 8, "60".into())));
}

#[test]
fn valid_vectors_give_the_typed_view() {
    let s = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";
    let k = khqr::verify(s, NOW).unwrap();
    assert_eq!(k.merchant_type(), MerchantType::Merchant);
    assert_eq!(k.bakong_account_id(), "khqr@aclb");
    assert_eq!(k.fields().merchant_id(), Some("85512464906"));
    assert_eq!(k.fields().account_information(), None);
    assert_eq!(k.fields().acquiring_bank(), Some("ACLEDA Bank Plc"));
    assert_eq!(k.merchant_category_code(), "5931");
    assert_eq!(k.currency(), KhqrCurrency::Usd);
    assert_eq!(k.amount(), None);
    assert_eq!(k.fields().mobile_number(), Some("017535771"));
    assert_eq!(k.fields().language_preference(), Some("KM"));
    assert_eq!(k.fields().merchant_city_alternate(), Some("Phnom Penh"));
    assert_eq!(k.fields().crc(), Some("AC1C"));
    assert!(!k.is_dynamic());
    assert_eq!(k.md5(), md5_hex(s));
    // The EMV layer's Payload converts too (lenient: long city, non-ASCII etc. are KHQR's business).
    let p = emvqr::ParseOptions::lenient().parse(s).unwrap();
    assert_eq!(Khqr::try_from(p).unwrap(), k);

    // Chinese alternate names, UnionPay account, Khmer name with a Thai country code.
    let s = "0002010102111531197401160052044645410994011112530390010ii_rr@devb01090000123460208Dev Bank520459995303840540105802TH5906សួស្ដី6002PP621502118551234567899170013171221890231163042A5A";
    let k = khqr::verify(s, NOW).unwrap();
    assert_eq!(
        k.fields().unionpay_account(),
        Some("1974011600520446454109940111125")
    );
    assert_eq!(k.merchant_name(), "សួស្ដី");
    assert_eq!(k.amount(), Some("0"));
    assert_eq!(k.created_at_ms(), Some(1_712_218_902_311));
    assert_eq!(k.expires_at_ms(), None);
}

#[test]
fn official_generator_output_is_reproduced_byte_for_byte() {
    // What bakong-khqr 1.0.20 returns for IndividualInfo("a@b", "X", "Y",
    // {currency: 840, amount: 1.5, expirationTimestamp: 1767225700000}) at NOW.
    let b = KhqrBuilder::individual("a@b", "X", "Y")
        .currency(KhqrCurrency::Usd)
        .amount("1.5")
        .expires_at_ms(1_767_225_700_000)
        .build(NOW)
        .unwrap();
    assert_eq!(
        b.payload,
        "00020101021229070003a@b52045999530384054041.505802KH5901X6001Y9934001317672256000000113176722570000063047EB0"
    );
    assert_eq!(b.md5, "52a51af3490c3d39bbe3439ed637ff2f");
}

#[test]
fn builder_round_trips() {
    let b = KhqrBuilder::merchant(
        "cznbkhppxxx@cznb",
        "Le Pure Cafe",
        "",
        "10073102",
        "KB Kookmin Bank Cambodia",
    )
    .amount("25000")
    .expires_at_ms(NOW + 3_600_000)
    .bill_number("#1007")
    .mobile_number("85512345678")
    .store_label("Le Pure Cafe")
    .terminal_label("KHM100731")
    .purpose("Coffee")
    .language_preference("km")
    .alternate_name("កាហ្វេ")
    .alternate_city("ភ្នំពេញ")
    .mcc("5814")
    .unionpay("1974011600520446ACLB10002312081")
    .build(NOW)
    .unwrap();
    let k = khqr::verify(&b.payload, NOW).unwrap();
    let f = k.fields();
    assert_eq!(k.merchant_type(), MerchantType::Merchant);
    assert_eq!(k.merchant_city(), "Phnom Penh");
    assert_eq!(k.amount(), Some("25000"));
    assert_eq!(k.currency(), KhqrCurrency::Khr);
    assert_eq!(f.merchant_id(), Some("10073102"));
    assert_eq!(f.acquiring_bank(), Some("KB Kookmin Bank Cambodia"));
    assert_eq!(f.bill_number(), Some("#1007"));
    assert_eq!(f.mobile_number(), Some("85512345678"));
    assert_eq!(f.store_label(), Some("Le Pure Cafe"));
    assert_eq!(f.terminal_label(), Some("KHM100731"));
    assert_eq!(f.purpose(), Some("Coffee"));
    assert_eq!(f.merchant_name_alternate(), Some("កាហ្វេ"));
    assert_eq!(f.merchant_city_alternate(), Some("ភ្នំពេញ"));
    assert_eq!(
        f.unionpay_account(),
        Some("1974011600520446ACLB10002312081")
    );
    assert_eq!(k.created_at_ms(), Some(NOW));
    assert_eq!(k.expires_at_ms(), Some(NOW + 3_600_000));
    assert_eq!(k.md5().as_str(), b.md5);
    assert!(k.is_dynamic());
    // Expired an hour later.
    assert_eq!(
        khqr::verify(&b.payload, NOW + 3_600_001)
            .unwrap_err()
            .kind(),
        KhqrCode::KhqrExpired
    );
    // Static individual code with the defaults.
    let b = KhqrBuilder::individual("jonhsmith@nbcq", "Jonh Smith", "Siam Reap")
        .build(NOW)
        .unwrap();
    assert_eq!(
        b.payload,
        with_crc(
            "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6009Siam Reap"
        )
    );
}

#[test]
fn builder_refuses_with_the_generator_codes() {
    let ind = || KhqrBuilder::individual("a@b", "Name", "City");
    let code = |b: KhqrBuilder<'_>| {
        b.build(NOW)
            .map(|_| ())
            .map_err(|e| (e.code(), e.path().to_string()))
    };
    assert_eq!(
        code(KhqrBuilder::individual("", "N", "C")),
        Err((1, "29.00".into()))
    );
    assert_eq!(
        code(KhqrBuilder::individual("ab", "N", "C")),
        Err((3, "29.00".into()))
    );
    assert_eq!(
        code(KhqrBuilder::individual(
            "a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "N",
            "C"
        )),
        Err((6, "29.00".into()))
    );
    assert_eq!(
        code(KhqrBuilder::merchant("a@b", "N", "C", "", "B")),
        Err((30, "30.01".into()))
    );
    assert_eq!(
        code(KhqrBuilder::merchant("a@b", "N", "C", "1", "")),
        Err((31, "30.02".into()))
    );
    assert_eq!(code(ind().mcc("59999")), Err((18, "52".into())));
    assert_eq!(code(ind().mcc("59a9")), Err((51, "52".into())));
    assert_eq!(
        code(ind().unionpay("1").currency(KhqrCurrency::Usd)),
        Err((44, "15".into()))
    );
    assert_eq!(code(ind().amount("1.5")), Err((4, "54".into())));
    assert_eq!(
        code(ind().amount("1.505").currency(KhqrCurrency::Usd)),
        Err((4, "54".into()))
    );
    assert_eq!(code(ind().amount("100")), Err((45, "99.01".into())));
    assert_eq!(
        code(ind().amount("100").expires_at_ms(NOW / 10)),
        Err((49, "99.01".into()))
    );
    assert_eq!(
        code(ind().amount("100").expires_at_ms(NOW - 1)),
        Err((50, "99.01".into()))
    );
    assert_eq!(
        code(KhqrBuilder::individual("a@b", "", "C")),
        Err((2, "59".into()))
    );
    assert_eq!(
        code(KhqrBuilder::individual("a@b", &"n".repeat(26), "C")),
        Err((7, "59".into()))
    );
    // 13 emoji are 26 UTF-16 units: too long, as in JavaScript.
    assert_eq!(
        code(KhqrBuilder::individual("a@b", &"😀".repeat(13), "C")),
        Err((7, "59".into()))
    );
    assert!(code(KhqrBuilder::individual("a@b", &"😀".repeat(12), "C")).is_ok());
    assert_eq!(
        code(KhqrBuilder::individual("a@b", "N", &"c".repeat(16))),
        Err((21, "60".into()))
    );
    assert_eq!(
        code(ind().bill_number(&"b".repeat(26))),
        Err((10, "62.01".into()))
    );
    assert_eq!(
        code(ind().purpose(&"b".repeat(26))),
        Err((42, "62.08".into()))
    );
    assert_eq!(
        code(ind().language_preference("km")),
        Err((39, "64.01".into()))
    );
    assert_eq!(
        code(ind().language_preference("kmr").alternate_name("x")),
        Err((38, "64.00".into()))
    );
    assert_eq!(
        code(ind().alternate_city(&"c".repeat(16))),
        Err((41, "64.02".into()))
    );
    // Divergences: the SDK throws a TypeError, or writes an unreadable three-digit length.
    let e = ind().alternate_name("x").build(NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.reason()),
        (37, Reason::LanguagePreferenceMissing)
    );
    let f = "f".repeat(25);
    let e = ind()
        .bill_number(&f)
        .mobile_number(&f)
        .store_label(&f)
        .terminal_label(&f)
        .purpose(&f)
        .build(NOW)
        .unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.path().to_string()),
        (8, Reason::TemplateTooLong, "62".into())
    );
    let e = ind().amount("1e3").build(NOW).unwrap_err();
    assert_eq!((e.code(), e.reason()), (4, Reason::AmountSyntax));
}

#[test]
fn walk_quirks_of_the_official_sdk() {
    let base =
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh";
    // A repeated tag ends the walk: the second 60 and everything after it (the CRC too) is
    // never read, so 63 is missing (24).
    let s = with_crc(&format!("{base}6002AB"));
    assert_eq!(code_of(&s), Err((24, s.len() - 8, "63".into())));
    // Not adjacent: both are kept and checked.
    let s = with_crc(&format!("{base}5902AB5802KH"));
    assert!(code_of(&s).is_ok());
    // 30 is filed as 29 and the tag as written is compared with the previous filed tag: a 29
    // right after a 30 ends the walk before 52; a 30 after a 29, or two 30s, do not.
    let rest = "5204599953031165802KH5910Jonh Smith6010Phnom Penh";
    let s = with_crc(&format!(
        "00020101021129180014jonhsmith@nbcq30070003a@b{rest}"
    ));
    assert!(code_of(&s).is_ok());
    let s = with_crc(&format!(
        "00020101021130180014jonhsmith@nbcq29070003a@b{rest}"
    ));
    assert_eq!(code_of(&s).unwrap_err().0, 25);
    let s = with_crc(&format!(
        "00020101021130180014jonhsmith@nbcq30070003a@b{rest}"
    ));
    assert!(code_of(&s).is_ok());
    let s = with_crc(&format!(
        "00020101021130180014jonhsmith@nbcq30060002ab{rest}"
    ));
    assert_eq!(code_of(&s), Err((3, 38, "30.00".into())));
    // Lengths go through parseInt: " 2" and "2x" both read as 2.
    let s = with_crc(&base.replace("5802KH", "58 2KH"));
    assert!(code_of(&s).is_ok(), "{s}");
    // An empty value and order do not matter to the walk; 58 of three letters passes.
    let s = with_crc(&base.replace("5802KH", "5803KHM"));
    assert!(code_of(&s).is_ok());
    // Amount "0" and "abc" pass (no grammar), "-1" does not.
    let dynamic = |amount: &str| {
        with_crc(&format!(
            "00020101021229180014jonhsmith@nbcq52045999530311654{:02}{amount}5802KH5910Jonh Smith6010Phnom Penh99340013{NOW}0113{}",
            amount.len(),
            NOW + 1
        ))
    };
    assert!(code_of(&dynamic("0")).is_ok());
    assert!(code_of(&dynamic("abc")).is_ok());
    assert_eq!(code_of(&dynamic("-1")).unwrap_err().0, 4);
    // A 99 before the 01 is not checked (the SDK has not seen the 01 yet): no expiration
    // needed.
    let s = with_crc(&format!(
        "99050001x00020129180014jonhsmith@nbcq52045999530311654031005802KH5910Jonh Smith6010Phnom Penh0102{}",
        "12"
    ));
    assert!(code_of(&s).is_ok());
}

/// The SDK reads what its walk keeps before it checks any value: a missing object, or a walk
/// that a repeated tag ends early, is the answer even when a value before it is wrong.
#[test]
fn the_sdk_checks_values_only_after_the_whole_walk() {
    let base =
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh";
    let bad_currency = base.replace("5303116", "5303999");
    let at = bad_currency.find("5303999").unwrap();
    // Alone, the wrong currency is the answer (28).
    let s = with_crc(&bad_currency);
    assert_eq!(code_of(&s), Err((28, at, "53".into())));
    // Without a merchant name, the missing name is (2), though the currency comes first.
    let s = with_crc(&bad_currency.replace("5910Jonh Smith", ""));
    assert_eq!(code_of(&s), Err((2, s.len() - 8, "59".into())));
    // A repeated tag after it ends the walk before the CRC: the missing CRC tag is (24).
    let s = with_crc(&format!("{bad_currency}6002AB"));
    assert_eq!(code_of(&s), Err((24, s.len() - 8, "63".into())));
    // Two wrong values: the first in payload order (a name of 26 letters is the second).
    let s = with_crc(&bad_currency.replace("5910Jonh Smith", "5926ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    assert_eq!(code_of(&s), Err((28, at, "53".into())));
}

#[test]
fn hangs_and_crashes_of_the_sdk_get_prompt_errors() {
    let base =
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh";
    // A truncated sub-tag in 62 ("01" with no length): the SDK loops forever.
    let s = with_crc(&format!("{base}620401xx"));
    let body_at = base.len() + 4;
    let e = khqr::verify(&s, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.offset(), e.path().to_string()),
        (8, Reason::Unwalkable, body_at, "62".into())
    );
    assert!(e.reason().is_divergence());
    // decode keeps what it read and stops.
    assert_eq!(decode(&s).merchant_name(), Some("Jonh Smith"));
    // A 30 with an unreadable length: the SDK's root walk spins.
    let s = with_crc("00020101021130xx5204599953031165802KH5910Jonh Smith6010Phnom Penh");
    let e = khqr::verify(&s, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.offset()),
        (8, Reason::Unwalkable, 12)
    );
    assert_eq!(decode(&s).merchant_type(), Some(MerchantType::Merchant));
    // 64.01 without 64.00: the SDK throws a TypeError; here code 37.
    let s = with_crc(&format!("{base}64050101X"));
    let e = khqr::verify(&s, NOW).unwrap_err();
    assert_eq!(
        (e.code(), e.reason(), e.path().to_string()),
        (37, Reason::LanguagePreferenceMissing, "64.00".into())
    );
}

#[test]
fn lowercase_crc_and_utf16_lengths() {
    let s = with_crc(
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh",
    );
    // Only the CRC letters change case; the CRC is compared without case.
    let lower = format!(
        "{}{}",
        &s[..s.len() - 4],
        s[s.len() - 4..].to_ascii_lowercase()
    );
    assert!(khqr::is_valid(&lower, NOW));
    // An emoji counts two units: a name of 12 emoji has length 24.
    let s = with_crc(&format!(
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5924{}6010Phnom Penh",
        "😀".repeat(12)
    ));
    let k = khqr::verify(&s, NOW).unwrap();
    assert_eq!(k.merchant_name(), "😀".repeat(12));
    // Declared in characters instead (12) the walk cuts the name in the middle.
    let s = with_crc(&format!(
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5912{}6010Phnom Penh",
        "😀".repeat(12)
    ));
    assert!(khqr::verify(&s, NOW).is_err());
    assert_eq!(decode(&s).merchant_name(), Some("😀".repeat(6).as_str()));
}

#[test]
fn codes_keys_and_messages() {
    for (i, c) in khqr::ALL_CODES.iter().enumerate() {
        assert_eq!(usize::from(c.number()), i + 1);
        assert_eq!(KhqrCode::from_number(c.number()), Some(*c));
        assert_eq!(c.name(), c.key().to_ascii_lowercase());
    }
    assert_eq!(KhqrCode::KhqrExpired.key(), "KHQR_EXPIRED");
    assert_eq!(KhqrCode::InternalSrever.number(), 15);
    assert_eq!(KhqrCode::from_number(52), None);
    let e = khqr::verify("63046007", NOW).unwrap_err();
    assert_eq!(
        e.to_string(),
        "KHQR provided is invalid (8 KHQR_INVALID): shorter than 12 characters at byte 0"
    );
    assert_eq!(KhqrCurrency::parse("usd").unwrap(), KhqrCurrency::Usd);
    assert_eq!(KhqrCurrency::parse("").unwrap_err().code(), 9);
    assert_eq!(KhqrCurrency::parse("1160").unwrap_err().code(), 19);
    assert_eq!(KhqrCurrency::parse("978").unwrap_err().code(), 28);
    let _ = Path::ROOT;
}
