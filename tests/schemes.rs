#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
//! National schemes: detection of every vector row, payment intents, scheme verdicts,
//! builders (round trips and property tests), edits, multi-network codes.

use std::borrow::Cow;

use emvqr::intent::{PaymentIntent, Tip};
use emvqr::profile::edit::Edit;
use emvqr::profile::paynow::{PayNow, PayNowBuilder, ProxyType};
use emvqr::profile::pix::{Pix, PixBuilder};
use emvqr::profile::promptpay::{PromptPay, PromptPayBuilder, Proxy, Target};
use emvqr::profile::qris::Qris;
use emvqr::profile::vietqr::{VietQr, VietQrBuilder};
use emvqr::profile::{detect, Scheme};
use emvqr::{
    check, CheckOptions, Error, ErrorKind, ParseOptions, Payload, PayloadBuilder, TemplateBuilder,
};
use proptest::prelude::*;

/// The verdict of `scheme`'s rules on `s` (through `check`, without a clock), and the payload
/// as that scheme's options read it.
fn validate(scheme: Scheme, s: &str) -> Result<Payload<'_>, Error> {
    let v = check(s, &CheckOptions::without_clock().scheme(Some(scheme)));
    match v.error() {
        Some(e) => Err(*e.error().unwrap()),
        // ELQR has no EMV reading (its own engine judged it): no payload to give.
        None => scheme
            .parse_options()
            .ok_or(Error::new(ErrorKind::NotPaymentCode, 0, emvqr::Path::ROOT))
            .map(|o| o.parse(s).unwrap()),
    }
}

/// Every error of `s` under `scheme`'s rules.
fn validate_all(scheme: Scheme, s: &str) -> Vec<Error> {
    let opts = CheckOptions::without_clock()
        .scheme(Some(scheme))
        .all_errors(true);
    check(s, &opts)
        .errors()
        .map(|e| *e.error().unwrap())
        .collect()
}

const VECTORS: &str = include_str!("vectors/scheme-vectors.tsv");

struct Row<'a> {
    row: u32,
    scheme_id: Option<&'a str>,
    primary: Option<&'a str>,
    schemes: Vec<&'a str>,
    amount: Option<&'a str>,
    amount_minor: Option<u64>,
    currency: Option<&'a str>,
    payee_name: Option<&'a str>,
    expires_at_ms: Option<i64>,
    check_intent: bool,
    payload: &'a str,
}

fn opt(s: &str) -> Option<&str> {
    (s != "-" && s != "skip").then_some(s)
}

fn rows() -> Vec<Row<'static>> {
    let mut out = Vec::new();
    for line in VECTORS.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 10, "{line}");
        out.push(Row {
            row: f[0].parse().unwrap(),
            scheme_id: opt(f[1]),
            primary: opt(f[2]),
            schemes: opt(f[3]).map_or(vec![], |s| s.split(',').collect()),
            amount: opt(f[4]),
            amount_minor: opt(f[5]).map(|v| v.parse().unwrap()),
            currency: opt(f[6]),
            payee_name: opt(f[7]),
            expires_at_ms: opt(f[8]).map(|v| v.parse().unwrap()),
            check_intent: f[4] != "skip",
            payload: f[9],
        });
    }
    out
}

fn row(n: u32) -> &'static str {
    rows().into_iter().find(|r| r.row == n).unwrap().payload
}

/// Rows whose payload carries no trace of its scheme: KHQR error fixtures reduced to a bare
/// checksum, a template without an account ID, a truncated prefix, or a payload without `00`
/// whose first bytes read as other IDs. Detection cannot name KHQR from what is there.
const DETECTION_DEVIATIONS: [(u32, &str); 5] = [
    (25, "63046007: only a checksum object"),
    (
        27,
        "template 30 whose sub-00 is 15 digits, no country, currency or timestamp",
    ),
    (
        31,
        "truncated inside template 30: only 00 and 01 can be read",
    ),
    (33, "00020189B9: 00 then an invalid length"),
    (54, "no 00: '0201' reads as ID 02 (Visa), then ID 10"),
];

#[test]
fn every_vector_row_is_detected_as_its_scheme() {
    let rows = rows();
    assert_eq!(rows.len(), 151);
    let mut deviations = Vec::new();
    for r in &rows {
        let d = detect(r.payload);
        let primary = d.primary().map(Scheme::id);
        assert_eq!(primary, r.primary, "row {}", r.row);
        let schemes: Vec<_> = d.schemes().iter().map(|s| s.id()).collect();
        assert_eq!(schemes, r.schemes, "row {}", r.row);
        if let Some(id) = r.scheme_id {
            if primary != Some(id) {
                deviations.push(r.row);
            }
        } else if let Some(p) = d.primary() {
            // Rows without a national scheme: the primary is a network or plain EMV.
            assert!(!p.is_national(), "row {}", r.row);
        }
    }
    let expected: Vec<u32> = DETECTION_DEVIATIONS.iter().map(|(r, _)| *r).collect();
    assert_eq!(deviations, expected);
}

#[test]
fn every_scheme_of_the_vectors_is_detected_somewhere() {
    let rows = rows();
    for id in [
        "khqr",
        "elqr",
        "pix",
        "promptpay",
        "qris",
        "sgqr",
        "paynow",
        "duitnow",
        "vietqr",
        "vnpay",
        "qrph",
        "bharatqr",
        "fps",
        "fonepay",
        "lankaqr",
        "unionpay",
    ] {
        assert!(
            rows.iter()
                .any(|r| r.scheme_id == Some(id) && r.primary == Some(id)),
            "{id}"
        );
    }
}

#[test]
fn intent_of_every_row_has_its_amount_currency_and_payee() {
    let mut checked = 0;
    for r in rows().iter().filter(|r| r.check_intent) {
        let decoded;
        let text = if r.scheme_id == Some("elqr") {
            decoded = elqr_payload(r.payload);
            decoded.as_str()
        } else {
            r.payload
        };
        let i = PaymentIntent::scan(text).unwrap_or_else(|| panic!("row {}", r.row));
        assert_eq!(i.amount.as_deref(), r.amount, "row {}", r.row);
        assert_eq!(i.amount_minor, r.amount_minor, "row {}", r.row);
        assert_eq!(i.currency, r.currency, "row {}", r.row);
        assert_eq!(i.payee.name.as_deref(), r.payee_name, "row {}", r.row);
        assert_eq!(i.expires_at_ms, r.expires_at_ms, "row {}", r.row);
        checked += 1;
    }
    assert_eq!(checked, 150);
}

/// The TLV payload of an ELQR link or bare payload: the fragment, percent-decoded.
fn elqr_payload(s: &str) -> String {
    let frag = s.split_once('#').map_or(s, |(_, f)| f);
    let mut bytes = Vec::new();
    let mut it = frag.bytes();
    while let Some(b) = it.next() {
        if b == b'%' {
            let hex: String = [it.next().unwrap(), it.next().unwrap()]
                .iter()
                .map(|&c| c as char)
                .collect();
            bytes.push(u8::from_str_radix(&hex, 16).unwrap());
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn elqr_intents_are_in_tyiyn_and_route_through_elqr() {
    // ELQR's comment (34) is a primitive where EMV has a template, so these payloads are read
    // without EMV validation; the ELQR profile validates them.
    for n in [74, 75, 76, 77, 78, 79, 80, 82, 83, 85, 86] {
        let decoded = elqr_payload(row(n));
        assert_eq!(detect(&decoded).primary(), Some(Scheme::Elqr), "row {n}");
        let i = PaymentIntent::scan(&decoded).unwrap();
        assert_eq!(i.currency, Some("KGS"), "row {n}");
        let route = i.route(Scheme::Elqr).unwrap();
        assert_eq!(route.id, 32);
        assert!(route.gui.as_deref().unwrap().ends_with(".kg"), "row {n}");
    }
    // The verdict on a valid ELQR payload carries the same intent.
    let s = elqr_payload(row(77));
    let v = check(&s, &CheckOptions::without_clock());
    assert!(v.is_valid());
    assert_eq!(v.intent(), PaymentIntent::scan(&s).as_ref());
    // O!Bank: 54 = 10000 tyiyn (100 som); the payer may not edit it (32.12 = 12).
    let s = elqr_payload(row(75));
    let i = PaymentIntent::scan(&s).unwrap();
    assert_eq!(
        (i.amount.as_deref(), i.amount_minor, i.amount_editable),
        (Some("10000"), Some(10_000), false)
    );
    assert_eq!(i.routes[0].get("recipient_id"), Some("996509000991"));
    // MBank's business code: 32.11 (transaction ID) in Cyrillic, with quotes.
    let s = elqr_payload(row(86));
    let i = PaymentIntent::scan(&s).unwrap();
    assert_eq!(
        i.references.transaction_id.as_deref(),
        Some("ОсОО \"Диджитал Солюшнс\"")
    );
}

#[test]
fn intent_of_a_valid_payload_equals_the_scan() {
    let mut valid = 0;
    for r in rows() {
        let Some(scheme) = detect(r.payload).primary() else {
            continue;
        };
        if matches!(scheme, Scheme::Khqr | Scheme::Elqr) {
            continue;
        }
        if let Ok(p) = validate(scheme, r.payload) {
            assert_eq!(
                Some(PaymentIntent::from_payload(&p)),
                PaymentIntent::scan(r.payload),
                "row {}",
                r.row
            );
            valid += 1;
        }
    }
    assert_eq!(valid, 63);
}

#[test]
fn amount_with_more_decimals_than_the_currency_warns() {
    // JPY has no minor unit; 999.123 cannot be an integer number of yen.
    let i = PaymentIntent::scan(row(8)).unwrap();
    assert_eq!(
        (i.amount.as_deref(), i.amount_minor),
        (Some("999.123"), None)
    );
    assert_eq!(i.warnings.len(), 1);
    let w = i.warnings[0];
    assert_eq!(
        (w.kind(), w.offset(), w.path().to_string()),
        (ErrorKind::InvalidAmount, 68, "54".into())
    );
    assert_eq!(&row(8)[68..75], "999.123");
}

/// The verdict of the primary scheme on every row that national rules relax or tighten.
#[test]
fn scheme_verdicts() {
    let verdict = |n: u32| {
        let s = row(n);
        let scheme = detect(s).primary().unwrap();
        match validate(scheme, s) {
            Ok(p) => format!("valid {:?}", p.warnings()),
            Err(e) => format!("{}@{}:{}", e.kind().name(), e.offset(), e.path()),
        }
    };
    // PromptPay P2P: no 52/59/60.
    for n in [93, 94, 95, 96, 97, 98, 99, 101, 103, 104] {
        assert_eq!(verdict(n), "valid {\"missing\"}", "row {n}");
    }
    assert_eq!(verdict(100), "truncated@76:06");
    assert_eq!(verdict(102), "crc_mismatch@79:63");
    // DuitNow: PFI "02".
    for n in [113, 114, 115, 116, 118] {
        assert_eq!(verdict(n), "valid {\"invalid_pfi\"}", "row {n}");
    }
    assert_eq!(verdict(117), "valid {}");
    // VietQR: missing 52/59/60, MoMo's 80 as a primitive.
    assert_eq!(
        verdict(125),
        "valid {\"missing\", \"unreserved_primitive\"}"
    );
    assert_eq!(verdict(126), "valid {\"missing\"}");
    assert_eq!(verdict(128), "crc_mismatch@121:63");
    assert_eq!(verdict(129), "valid {}");
    // QR Ph and LankaQR: 62.00 used as a GUI.
    assert_eq!(verdict(134), "valid {\"rfu_id\"}");
    assert_eq!(verdict(136), "valid {\"rfu_id\"}");
    assert_eq!(verdict(151), "valid {\"rfu_id\"}");
    // Pix: a city over 15 characters is let through; a txid with '-' is not.
    assert_eq!(verdict(92), "valid {\"value_too_long\"}");
    assert_eq!(verdict(87), "valid {\"missing\"}");
    // The offset is that of the offending character.
    assert_eq!(verdict(91), "invalid_character@220:62.05");
    // Nepal's UnionPay code with a lowercase CRC.
    assert_eq!(verdict(150), "valid {\"lowercase_crc\"}");
    // SGQR over 512 characters, strict otherwise.
    assert_eq!(verdict(105), "valid {}");
    assert!(row(105).len() > 512);
    // No national scheme: judged by the first network (UnionPay), strictly.
    assert_eq!(verdict(9), "value_too_long@55:60");
}

#[test]
fn qrph_and_lankaqr_rfu_is_still_an_error_under_strict_emv() {
    let e = Payload::parse(row(134)).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::RfuId, 175, "62.00".into())
    );
}

#[test]
fn a_code_with_several_networks_lists_them_all() {
    let ids = |n: u32| -> Vec<&str> { detect(row(n)).schemes().iter().map(|s| s.id()).collect() };
    // The SGQR specification sample: 02 Visa, 04 Mastercard, 11/12 Amex, 15 UnionPay, PayNow,
    // GrabPay, NETS and WeChat Pay among 18 merchant accounts.
    assert_eq!(
        ids(105),
        [
            "sgqr",
            "paynow",
            "visa",
            "mastercard",
            "amex",
            "unionpay",
            "grabpay",
            "nets",
            "wechatpay"
        ]
    );
    let i = PaymentIntent::scan(row(105)).unwrap();
    assert_eq!(i.routes.len(), 18);
    let named: Vec<_> = i
        .routes
        .iter()
        .filter_map(|r| r.network.map(|n| (r.id, n.id())))
        .collect();
    assert_eq!(
        named,
        [
            (2, "visa"),
            (4, "mastercard"),
            (11, "amex"),
            (12, "amex"),
            (15, "unionpay"),
            (31, "grabpay"),
            (33, "nets"),
            (34, "wechatpay"),
            (36, "paynow"),
            (51, "sgqr"),
        ]
    );
    // KHQR with a UnionPay account in tag 15.
    assert_eq!(ids(40), ["khqr", "unionpay"]);
    assert_eq!(ids(55), ["khqr", "unionpay"]);
    let i = PaymentIntent::scan(row(55)).unwrap();
    assert_eq!(
        i.route(Scheme::UnionPay).unwrap().get("merchant_id"),
        Some("1974011600520446ACLB10002312081")
    );
    assert_eq!(
        i.route(Scheme::Khqr).unwrap().get("account_id"),
        Some("chantha_dev@ftcc")
    );
    // Bharat QR: cards, RuPay, IFSC and UPI.
    assert_eq!(ids(140), ["bharatqr", "visa", "mastercard", "rupay", "upi"]);
    // FPS with UnionPay.
    assert_eq!(ids(144), ["fps", "unionpay"]);
}

#[test]
fn elqr_links_are_detected_without_decoding() {
    for n in [74, 75, 76, 77, 79, 80, 82, 83, 84, 85, 86] {
        assert!(row(n).starts_with("https://"), "row {n}");
        assert_eq!(detect(row(n)).schemes(), [Scheme::Elqr], "row {n}");
    }
    assert_eq!(
        detect("https://example.com/#section").schemes(),
        [] as [Scheme; 0]
    );
}

#[test]
fn nothing_readable_has_no_scheme() {
    let d = detect("00A201");
    assert_eq!((d.primary(), d.schemes()), (None, &[][..]));
    assert!(PaymentIntent::scan("00A201").is_none());
    let d = detect("0002010102115802XX6304ABCD");
    assert_eq!(
        (d.primary(), d.schemes()),
        (Some(Scheme::Emv), &[Scheme::Emv][..])
    );
}

#[test]
fn scheme_ids_round_trip() {
    for &s in Scheme::ALL {
        assert_eq!(s.id().parse::<Scheme>(), Ok(s));
        assert_eq!(s.to_string(), s.id());
        assert_eq!(
            s.is_national(),
            s.country().is_some() && !s.is_network(),
            "{s}"
        );
    }
    assert!("nope".parse::<Scheme>().is_err());
}

// ---------------------------------------------------------------------------------------
// Expiry

#[test]
fn expiry_is_local_to_the_scheme_country() {
    // PayNow 20991231: the end of that day in Singapore, 2099-12-31T15:59:59.999Z.
    let i = PaymentIntent::scan(row(105)).unwrap();
    assert_eq!(i.expires_at_ms, Some(4_102_415_999_999));
    assert!(!i.is_expired(4_102_415_999_999));
    assert!(i.is_expired(4_102_416_000_000));
    // FPS 291231235959: 2029-12-31T23:59:59 Hong Kong time.
    let i = PaymentIntent::scan(row(144)).unwrap();
    assert_eq!(i.expires_at_ms, Some(1_893_427_199_000));
    // KHQR 99.01, milliseconds.
    let i = PaymentIntent::scan(row(16)).unwrap();
    assert_eq!(i.expires_at_ms, Some(1_726_823_082_612));
    assert!(i.is_expired(1_767_225_600_000)); // 2026-01-01
                                              // No expiry: never expired.
    assert!(!PaymentIntent::scan(row(90)).unwrap().is_expired(i64::MAX));
}

// ---------------------------------------------------------------------------------------
// Views

#[test]
fn views_of_real_codes() {
    let pp = PromptPay::parse(row(103)).unwrap();
    assert_eq!(
        pp.target(),
        Target::BillPayment {
            biller_id: "011234567891233",
            ref1: "REF123456789",
            ref2: Some("REF987654321")
        }
    );
    let pp = PromptPay::parse(row(96)).unwrap();
    assert_eq!(
        pp.target(),
        Target::CreditTransfer(Proxy::NationalId("0123456789012"))
    );

    let pn = PayNow::parse(row(110)).unwrap();
    assert_eq!(
        (pn.proxy_type(), pn.proxy(), pn.amount_editable()),
        (Some(ProxyType::Mobile), Some("+6591234567"), Some(false))
    );
    assert_eq!(pn.reference(), Some("Din Tai Fung"));

    let pix = Pix::parse(row(89)).unwrap();
    assert!(pix.is_dynamic());
    assert_eq!(
        pix.url(),
        Some("spi.dev.cloud.itau.com.br/documentos/198e49c5-2330-4ad7-9d0b-967c7b537122")
    );
    let pix = Pix::parse(row(88)).unwrap();
    assert_eq!(
        (pix.key(), pix.txid(), pix.info()),
        (
            Some("60701190000104"),
            Some("1t9OGEuUWlqWQiY0CU2YmA"),
            Some("Mensagem opcional")
        )
    );

    let v = VietQr::parse(row(125)).unwrap();
    assert_eq!(
        (v.bin(), v.account_number()),
        (Some("970454"), Some("99MM24011M34875080"))
    );

    let q = Qris::parse(row(124)).unwrap();
    let issuer = q.issuers().next().unwrap();
    assert_eq!(
        (issuer.gui(), issuer.nns(), issuer.criteria()),
        (Some("ID.CO.SHOPEE.WWW"), Some("93600918"), Some("UBE"))
    );
}

#[test]
fn intent_routes_carry_the_account_data() {
    let i = PaymentIntent::scan(row(142)).unwrap();
    let upi = i.route(Scheme::Upi).unwrap();
    assert_eq!(
        (upi.id, upi.get("vpa"), upi.get("min_amount")),
        (26, Some("razorpaybqr@icici"), Some("1.10"))
    );
    let ifsc = i.route(Scheme::BharatQr).unwrap();
    assert_eq!(
        (ifsc.get("ifsc"), ifsc.get("account")),
        (Some("YESB0CMSNOC"), Some("2223330048827001"))
    );
    assert!(!i.amount_editable && i.dynamic);

    let i = PaymentIntent::scan(row(103)).unwrap();
    assert_eq!(
        (i.references.ref1.as_deref(), i.references.ref2.as_deref()),
        (Some("REF123456789"), Some("REF987654321"))
    );
    assert_eq!(i.routes[0].get("biller_id"), Some("011234567891233"));

    let i = PaymentIntent::scan(row(88)).unwrap();
    assert_eq!(i.references.txid.as_deref(), Some("1t9OGEuUWlqWQiY0CU2YmA"));

    let i = PaymentIntent::scan(row(151)).unwrap();
    assert_eq!(i.tip, Some(Tip::Prompt));

    let i = PaymentIntent::scan(row(37)).unwrap();
    let k = i.route(Scheme::Khqr).unwrap();
    assert_eq!(k.gui, None);
    assert_eq!(
        k.account,
        [
            ("account_id", Cow::Borrowed("khqr@aclb")),
            ("merchant_id", Cow::Borrowed("85512464906")),
            ("acquiring_bank", Cow::Borrowed("ACLEDA Bank Plc")),
            ("05", Cow::Borrowed("8550000001942")),
        ]
    );
    assert_eq!(i.payee.name_alt.as_deref(), Some("KHQR TESTING"));

    // A PayNow code with an amount it forbids editing.
    let i = PaymentIntent::scan(row(112)).unwrap();
    assert!(!i.amount_editable);
    assert_eq!(i.routes[0].get("proxy_type"), Some("uen"));
}

#[test]
fn into_owned_keeps_everything() {
    let s = row(105).to_string();
    let i = PaymentIntent::scan(&s).unwrap();
    let owned: PaymentIntent<'static> = i.clone().into_owned();
    drop(s);
    assert_eq!(owned.routes.len(), 18);
    assert_eq!(owned.payee.name.as_deref(), Some("FOOD XYZ PTE LTD"));
}

#[cfg(feature = "serde")]
#[test]
fn intent_json_has_the_cli_shape() {
    let s = row(110);
    let i = PaymentIntent::from_payload(&Payload::parse(s).unwrap());
    let v = serde_json::to_value(&i).unwrap();
    let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    let mut want = [
        "payee",
        "country",
        "currency",
        "currency_numeric",
        "amount",
        "amount_minor",
        "tip",
        "amount_editable",
        "dynamic",
        "expires_at_ms",
        "references",
        "routes",
        "payer",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, want);
    assert_eq!(
        v["payee"],
        serde_json::json!({"name": "Mark", "city": "Singapore", "name_alt": null, "city_alt": null})
    );
    assert_eq!(v["currency"], "SGD");
    assert_eq!(v["currency_numeric"], "702");
    assert_eq!(v["amount"], "24.10");
    assert_eq!(v["amount_minor"], 2410);
    assert_eq!(v["tip"], serde_json::Value::Null);
    assert_eq!(v["dynamic"], true);
    assert_eq!(v["references"]["bill_number"], "Din Tai Fung");
    assert_eq!(
        v["routes"],
        serde_json::json!([{"network": "paynow", "id": "26", "gui": "SG.PAYNOW",
            "account": {"proxy_type": "mobile", "proxy": "+6591234567", "amount_editable": "0"}}])
    );
    // Account keys keep payload order in the JSON text.
    let text = serde_json::to_string(&i).unwrap();
    let a = text.find("\"proxy_type\"").unwrap();
    let b = text.find("\"amount_editable\":\"0\"").unwrap();
    assert!(a < b);
}

// ---------------------------------------------------------------------------------------
// Rules: each scheme's own errors, with kind, offset and path

/// Builds a payload whatever it breaks (lenient options), for rule tests.
fn lenient(b: PayloadBuilder<'_>) -> String {
    b.options(ParseOptions::lenient()).build().unwrap()
}

fn err(scheme: Scheme, s: &str) -> (ErrorKind, usize, String) {
    let e = validate(scheme, s).unwrap_err();
    (e.kind(), e.offset(), e.path().to_string())
}

#[test]
fn scheme_rule_errors() {
    // Pix without txid: read as `***`, with a warning (as a Pix code without 60 is).
    let s = lenient(
        PayloadBuilder::new()
            .merchant_account_template(
                26,
                TemplateBuilder::with_gui("br.gov.bcb.pix").set(1, "+5511987654321"),
            )
            .mcc("0000")
            .currency("986")
            .country("BR")
            .merchant_name("A")
            .merchant_city("B"),
    );
    let at = s.find("6304").unwrap();
    let v = check(&s, &CheckOptions::without_clock());
    assert!(v.is_valid(), "{:?}", v.error());
    let w: Vec<_> = v
        .warnings()
        .iter()
        .map(|w| (w.error().unwrap().kind(), w.offset(), w.path().to_string()))
        .collect();
    assert_eq!(w, [(ErrorKind::Missing, at, "62.05".to_string())]);
    let without_city = lenient(
        PixBuilder::new("+5511987654321", "A", "B")
            .to_payload_builder()
            .remove(60),
    );
    let v = check(&without_city, &CheckOptions::without_clock());
    assert!(v.is_valid());
    assert_eq!(v.warnings()[0].error().unwrap().kind(), ErrorKind::Missing);
    // Pix in the wrong currency.
    let s = lenient(
        PixBuilder::new("+5511987654321", "A", "B")
            .to_payload_builder()
            .currency("840"),
    );
    let at = s.find("5303840").unwrap() + 4;
    assert_eq!(
        err(Scheme::Pix, &s),
        (ErrorKind::InvalidValue, at, "53".into())
    );
    // Pix static code with amount 0.
    let s = lenient(
        PixBuilder::new("+5511987654321", "A", "B")
            .to_payload_builder()
            .amount("0"),
    );
    let at = s.find("54010").unwrap() + 4;
    assert_eq!(
        err(Scheme::Pix, &s),
        (ErrorKind::ZeroAmount, at, "54".into())
    );

    // PromptPay mobile of 12 digits.
    let s = lenient(
        PayloadBuilder::new()
            .merchant_account_template(
                29,
                TemplateBuilder::with_gui("A000000677010111").set(1, "006681234567"),
            )
            .currency("764")
            .country("TH"),
    );
    let at = s.find("0112006681234567").unwrap();
    assert_eq!(
        err(Scheme::PromptPay, &s),
        (ErrorKind::WrongLength, at, "29.01".into())
    );
    // PromptPay with 3 decimals.
    let s = lenient(
        PromptPayBuilder::national_id("1234567890123")
            .to_payload_builder()
            .amount("1.005"),
    );
    let at = s.find("1.005").unwrap();
    assert_eq!(
        err(Scheme::PromptPay, &s),
        (ErrorKind::InvalidAmount, at, "54".into())
    );

    // QRIS without postal code.
    let q = Payload::parse(row(121)).unwrap();
    let s = PayloadBuilder::from(&q).remove(61).build().unwrap();
    let at = s.find("6304").unwrap();
    assert_eq!(err(Scheme::Qris, &s), (ErrorKind::Missing, at, "61".into()));
    // QRIS with a 19-digit PAN failing Luhn.
    let s = PayloadBuilder::from(&q)
        .set_sub(26, 1, "9360091532499309451")
        .build()
        .unwrap();
    let at = s.find("9360091532499309451").unwrap();
    assert_eq!(
        err(Scheme::Qris, &s),
        (ErrorKind::InvalidValue, at, "26.01".into())
    );
    // QRIS with a malformed NMID.
    let s = PayloadBuilder::from(&q)
        .set_sub(51, 2, "ID10254398087X2")
        .build()
        .unwrap();
    let at = s.find("ID10254398087X2").unwrap();
    assert_eq!(
        err(Scheme::Qris, &s),
        (ErrorKind::InvalidValue, at, "51.02".into())
    );

    // PayNow proxy type 1 and a bad expiry date.
    let p = Payload::parse(row(111)).unwrap();
    let s = PayloadBuilder::from(&p)
        .set_sub(26, 1, "1")
        .build()
        .unwrap();
    let at = s.find("01011").unwrap() + 4;
    assert_eq!(
        err(Scheme::PayNow, &s),
        (ErrorKind::InvalidValue, at, "26.01".into())
    );
    let s = PayloadBuilder::from(&p)
        .set_sub(26, 4, "20230229")
        .build()
        .unwrap();
    let at = s.find("20230229").unwrap();
    assert_eq!(
        err(Scheme::PayNow, &s),
        (ErrorKind::InvalidValue, at, "26.04".into())
    );

    // DuitNow PFI "03".
    let p = validate(Scheme::DuitNow, row(113)).unwrap();
    let s = PayloadBuilder::from(&p).set(0, "03").build().unwrap();
    assert_eq!(
        err(Scheme::DuitNow, &s),
        (ErrorKind::InvalidPfi, 4, "00".into())
    );

    // VietQR BIN of 5 digits, unknown service code, decimals in VND.
    let s = lenient(VietQrBuilder::account("97041", "123").to_payload_builder());
    let at = s.find("97041").unwrap();
    assert_eq!(
        err(Scheme::VietQr, &s),
        (ErrorKind::InvalidValue, at, "38.01.00".into())
    );
    let s = lenient(
        VietQrBuilder::account("970416", "123")
            .to_payload_builder()
            .set_sub(38, 2, "QRX"),
    );
    let at = s.find("QRX").unwrap();
    assert_eq!(
        err(Scheme::VietQr, &s),
        (ErrorKind::InvalidValue, at, "38.02".into())
    );
    let s = lenient(
        VietQrBuilder::account("970416", "123")
            .amount("10.5")
            .to_payload_builder(),
    );
    let at = s.find("10.5").unwrap();
    assert_eq!(
        err(Scheme::VietQr, &s),
        (ErrorKind::InvalidAmount, at, "54".into())
    );

    // Bharat QR RuPay PAN failing Luhn.
    let p = Payload::parse(row(140)).unwrap();
    let s = PayloadBuilder::from(&p)
        .set(6, "6100030820216566")
        .build()
        .unwrap();
    let at = s.find("6100030820216566").unwrap();
    assert_eq!(
        err(Scheme::BharatQr, &s),
        (ErrorKind::InvalidValue, at, "06".into())
    );

    // FPS without any payee proxy.
    let p = Payload::parse(row(143)).unwrap();
    let s = PayloadBuilder::from(&p)
        .remove_sub(26, 3)
        .set_sub(26, 1, "004")
        .build()
        .unwrap();
    assert_eq!(
        err(Scheme::Fps, &s),
        (ErrorKind::Missing, s.find("26").unwrap(), "26.02".into())
    );

    // A network forced on a payload without its account.
    let at = row(90).find("6304").unwrap();
    assert_eq!(
        err(Scheme::Visa, row(90)),
        (ErrorKind::NoMerchantAccount, at, "".into())
    );
}

#[test]
fn validate_all_lists_every_scheme_rule_broken() {
    let s = lenient(
        PayloadBuilder::new()
            .merchant_account_template(26, TemplateBuilder::with_gui("br.gov.bcb.pix").set(1, "k"))
            .mcc("0000")
            .currency("840")
            .amount("1.234")
            .country("US")
            .merchant_name("A")
            .merchant_city("B"),
    );
    let r = validate_all(Scheme::Pix, &s);
    let kinds: Vec<_> = r
        .iter()
        .map(|e| (e.kind().name(), e.path().to_string()))
        .collect();
    assert_eq!(
        kinds,
        // Pix's own rules first (none broken: the missing txid is a warning), then the checks
        // every scheme shares (currency, country, decimals), from its registry row.
        [
            ("invalid_value", "53".to_string()),
            ("invalid_value", "58".to_string()),
            ("invalid_amount", "54".to_string()),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Builders: known outputs, round trips, the reference PromptPay implementation

#[test]
fn builders_reproduce_real_codes() {
    // The BR Code manual's static example.
    assert_eq!(
        PixBuilder::new(
            "123e4567-e12b-12d1-a456-426655440000",
            "Fulano de Tal",
            "BRASILIA"
        )
        .build()
        .unwrap(),
        row(90)
    );
    // A VietQR transfer with amount and purpose.
    assert_eq!(
        VietQrBuilder::account("970416", "257678859")
            .amount("1000")
            .purpose("Chuyen tien")
            .build()
            .unwrap(),
        row(126)
    );
    // PayNow: the same objects as a real UEN code, in canonical order.
    let s = PayNowBuilder::uen("200002150HWCF")
        .amount("100")
        .merchant_name("company_1_data")
        .reference("INV/TEST/0001")
        .build()
        .unwrap();
    assert_eq!(s, row(112));
}

#[test]
fn builders_round_trip_and_are_detected() {
    let cases = [
        (
            Scheme::Pix,
            PixBuilder::new("fulano@example.com", "Loja", "SAO PAULO")
                .amount("12.34")
                .txid("ABC123")
                .info("Obrigado")
                .build()
                .unwrap(),
        ),
        (
            Scheme::PromptPay,
            PromptPayBuilder::mobile("0812345678")
                .unwrap()
                .build()
                .unwrap(),
        ),
        (
            Scheme::PromptPay,
            PromptPayBuilder::bill_payment("010753600010286", "014000000032")
                .ref2("REF2")
                .amount("10")
                .merchant_name("Shop")
                .build()
                .unwrap(),
        ),
        (
            Scheme::PromptPay,
            PromptPayBuilder::ewallet("123456789012345")
                .build()
                .unwrap(),
        ),
        (
            Scheme::PayNow,
            PayNowBuilder::mobile("+6591234567")
                .expiry("20261231")
                .build()
                .unwrap(),
        ),
        (
            Scheme::VietQr,
            VietQrBuilder::card("970436", "9704366614442222")
                .build()
                .unwrap(),
        ),
    ];
    for (scheme, s) in &cases {
        assert_eq!(detect(s).primary(), Some(*scheme), "{s}");
        let p = validate(*scheme, s).unwrap();
        assert_eq!(PayloadBuilder::from(&p).build().unwrap(), *s);
    }
    let pix = Pix::parse(&cases[0].1).unwrap();
    assert_eq!(
        (pix.key(), pix.amount(), pix.txid(), pix.info()),
        (
            Some("fulano@example.com"),
            Some("12.34"),
            Some("ABC123"),
            Some("Obrigado")
        )
    );
    let pp = PromptPay::parse(&cases[2].1).unwrap();
    assert_eq!(
        pp.target(),
        Target::BillPayment {
            biller_id: "010753600010286",
            ref1: "014000000032",
            ref2: Some("REF2")
        }
    );
    assert!(Payload::parse(&cases[1].1).is_err()); // no 52/59/60: PromptPay, not strict EMV
}

#[test]
fn builders_refuse_what_the_scheme_forbids() {
    let e = PixBuilder::new("not a key", "A", "B").build().unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::InvalidValue, "26.01".into())
    );
    let e = PixBuilder::new("12345678909", "A", "B")
        .txid("12345678901234567890123456")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::ValueTooLong, "62.05".into())
    );
    let e = PixBuilder::new("12345678909", "A", "B")
        .txid("a-b")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::InvalidCharacter, "62.05".into())
    );
    let e = PixBuilder::new("12345678909", "A name of twenty-six chars", "B")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::ValueTooLong, "59".into())
    );
    let e = PromptPayBuilder::mobile("no digits").unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::InvalidValue, "29.01".into())
    );
    let e = PromptPayBuilder::national_id("123").build().unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::WrongLength, "29.02".into())
    );
    let e = PayNowBuilder::mobile("91234567").build().unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::InvalidValue, "26.02".into())
    );
    let e = VietQrBuilder::account("970416", "12-34")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::InvalidCharacter, "38.01.01".into())
    );
}

#[test]
fn promptpay_agrees_with_promptparse() {
    use promptparse::generate::{
        any_id, bill_payment, AnyIdConfig, BillPaymentConfig, ProxyType as PpType,
    };
    for (mobile, amount) in [
        ("0812223333", None),
        ("0891234567", Some(30.0)),
        ("0999999999", Some(1337.75)),
    ] {
        let theirs = any_id(AnyIdConfig {
            proxy_type: PpType::Msisdn,
            target: mobile.into(),
            amount,
        })
        .unwrap();
        let mut b = PromptPayBuilder::mobile(mobile).unwrap();
        if let Some(a) = amount {
            b = b.amount(format!("{a:.2}"));
        }
        let ours = b.build().unwrap();
        // Same objects (their order puts 58 before 54); both sides accept the other's code.
        let mut a: Vec<_> = emvqr::Tlvs::new(&theirs)
            .map(|t| t.unwrap())
            .filter(|t| t.id().get() != 63)
            .map(|t| (t.id(), t.value()))
            .collect();
        let mut o: Vec<_> = emvqr::Tlvs::new(&ours)
            .map(|t| t.unwrap())
            .filter(|t| t.id().get() != 63)
            .map(|t| (t.id(), t.value()))
            .collect();
        a.sort();
        o.sort();
        assert_eq!(a, o);
        assert_eq!(detect(&theirs).primary(), Some(Scheme::PromptPay));
        let pp = PromptPay::parse(&theirs).unwrap();
        let back = promptparse::validate::any_id(&ours).unwrap();
        assert_eq!(back.amount, amount);
        assert_eq!(pp.target(), PromptPay::parse(&ours).unwrap().target());
        assert_eq!(format!("0{}", &ours_mobile(&ours)[4..]), back.target);
    }
    let theirs = bill_payment(BillPaymentConfig {
        biller_id: "0107536000102".into(),
        amount: Some(300.0),
        ref1: "INV12345".into(),
        ref2: Some("X1".into()),
        ref3: None,
    })
    .unwrap();
    let pp = PromptPay::parse(&theirs).unwrap();
    assert_eq!(
        pp.target(),
        Target::BillPayment {
            biller_id: "0107536000102",
            ref1: "INV12345",
            ref2: Some("X1")
        }
    );
    assert_eq!(pp.amount(), Some("300.00"));
}

fn ours_mobile(s: &str) -> String {
    match PromptPay::parse(s).unwrap().target() {
        Target::CreditTransfer(Proxy::Mobile(m)) => m.to_string(),
        t => panic!("{t:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Edits

#[test]
fn edits_keep_unknown_objects_and_refuse_what_the_scheme_forbids() {
    // A static Pix code with an unreserved template: add amount and txid, keep the rest.
    let p = validate(Scheme::Pix, row(91)).map(|_| ()).unwrap_err();
    assert_eq!(p.kind(), ErrorKind::InvalidCharacter); // its txid has a '-'
    let base = validate(Scheme::Pix, row(90)).unwrap();
    let out = Edit::new(Scheme::Pix, &base)
        .set_amount("7.50")
        .set_reference("X1")
        .to_dynamic()
        .build()
        .unwrap();
    let pix = Pix::parse(&out).unwrap();
    assert_eq!(
        (pix.amount(), pix.txid(), pix.payload().is_dynamic()),
        (Some("7.50"), Some("X1"), true)
    );
    let back = Edit::new(Scheme::Pix, &pix.payload().clone())
        .clear_amount()
        .set_reference("***")
        .to_static()
        .build()
        .unwrap();
    // Back to the original, except 01 which the original did not have.
    let without_01 = PayloadBuilder::from(&Payload::parse(&back).unwrap())
        .remove(1)
        .build()
        .unwrap();
    assert_eq!(without_01, row(90));

    // SGQR: setting an amount keeps all 18 merchant accounts byte for byte.
    let p = Payload::parse(row(105)).unwrap();
    let out = Edit::new(Scheme::Sgqr, &p)
        .set_amount("12.30")
        .to_dynamic()
        .build()
        .unwrap();
    let q = Payload::parse(&out).unwrap();
    assert_eq!(q.merchant_accounts().count(), 18);
    for (a, b) in p.merchant_accounts().zip(q.merchant_accounts()) {
        assert_eq!(a.value(), b.value());
    }
    // THB has 2 decimals.
    let p = validate(Scheme::PromptPay, row(94)).unwrap();
    let e = Edit::new(Scheme::PromptPay, &p)
        .set_amount("1.001")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAmount);
    // VND has none.
    let p = validate(Scheme::VietQr, row(127)).unwrap();
    let e = Edit::new(Scheme::VietQr, &p)
        .set_amount("100.5")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAmount);
    let ok = Edit::new(Scheme::VietQr, &p)
        .set_amount("100000")
        .build()
        .unwrap();
    assert_eq!(
        VietQr::parse(&ok).unwrap().payload().amount(),
        Some("100000")
    );
    // PayNow references go to 62.01.
    let p = Payload::parse(row(108)).unwrap();
    let out = Edit::new(Scheme::PayNow, &p)
        .set_reference("ORDER-9")
        .build()
        .unwrap();
    assert_eq!(PayNow::parse(&out).unwrap().reference(), Some("ORDER-9"));
}

#[test]
fn a_dynamic_khqr_edit_needs_an_expiry() {
    let p = Scheme::Khqr
        .parse_options()
        .unwrap()
        .parse(row(49))
        .unwrap();
    let e = Edit::new(Scheme::Khqr, &p)
        .set_amount("5000")
        .to_dynamic()
        .build()
        .unwrap_err();
    // The offset is in the edited payload: the unvalidated encoding of the same edit.
    let mut edited = String::new();
    PayloadBuilder::from(&p)
        .amount("5000")
        .dynamic_code()
        .write_to(&mut edited)
        .unwrap();
    let at_99 = edited.find("99170013").unwrap();
    assert_eq!(at_99, row(49).find("99170013").unwrap() + "54045000".len());
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::Missing, at_99, "99.01".into())
    );
    let out = Edit::new(Scheme::Khqr, &p)
        .set_amount("5000")
        .to_dynamic()
        .with(|b| b.set_sub(99, 1, "1767225600000"))
        .build()
        .unwrap();
    assert_eq!(
        PaymentIntent::scan(&out).unwrap().expires_at_ms,
        Some(1_767_225_600_000)
    );
    // Riel amounts are whole numbers.
    let e = Edit::new(Scheme::Khqr, &p)
        .set_amount("5000.5")
        .to_dynamic()
        .with(|b| b.set_sub(99, 1, "1767225600000"))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidAmount);
}

#[test]
fn qris_static_to_dynamic_and_back() {
    for n in 119..=124 {
        let q = Qris::parse(row(n)).unwrap();
        let d = q.to_dynamic("150000").unwrap();
        let dq = Qris::parse(&d).unwrap();
        assert_eq!(
            (dq.payload().amount(), dq.payload().point_of_initiation()),
            (Some("150000"), Some("12"))
        );
        assert_eq!(dq.nmid(), q.nmid());
        let i = PaymentIntent::from_payload(dq.payload());
        assert_eq!(
            (i.amount_minor, i.currency, i.dynamic),
            (Some(15_000_000), Some("IDR"), true)
        );
        assert_eq!(dq.to_static().unwrap(), row(n), "row {n}");
    }
}

// ---------------------------------------------------------------------------------------
// Property tests, one per builder

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ]{0,23}[A-Za-z0-9]"
}

fn amount(max_decimals: usize) -> impl Strategy<Value = String> {
    (1u64..10_000_000_000, 0..=max_decimals).prop_map(move |(v, d)| {
        let s = v.to_string();
        if d == 0 || s.len() <= d {
            s
        } else {
            format!("{}.{}", &s[..s.len() - d], &s[s.len() - d..])
        }
    })
}

proptest! {
    #[test]
    fn pix_builder_round_trips(
        phone in "[1-9][0-9]{9,10}",
        amt in proptest::option::of(amount(2)),
        txid in proptest::option::of("[A-Za-z0-9]{1,25}"),
        info in proptest::option::of("[a-z ]{1,20}"),
        merchant in name(),
        city in "[A-Z]{1,15}",
    ) {
        let key = format!("+55{phone}");
        let mut b = PixBuilder::new(key.as_str(), merchant.as_str(), city.as_str());
        if let Some(a) = &amt { b = b.amount(a.as_str()); }
        if let Some(t) = &txid { b = b.txid(t.as_str()); }
        if let Some(i) = &info { b = b.info(i.as_str()); }
        let s = b.build().unwrap();
        prop_assert_eq!(detect(&s).primary(), Some(Scheme::Pix));
        let pix = Pix::parse(&s).unwrap();
        prop_assert_eq!(pix.key(), Some(key.as_str()));
        prop_assert_eq!(pix.amount(), amt.as_deref());
        prop_assert_eq!(pix.txid(), txid.as_deref());
        prop_assert_eq!(pix.info(), info.as_deref());
        let i = PaymentIntent::from_payload(pix.payload());
        prop_assert_eq!(i.payee.name.as_deref(), Some(merchant.as_str()));
        prop_assert_eq!(PayloadBuilder::from(pix.payload()).build().unwrap(), s);
    }

    #[test]
    fn promptpay_builder_round_trips(
        mobile in "0[689][0-9]{8}",
        id in "[0-9]{13}",
        kind in 0u8..3,
        amt in proptest::option::of(amount(2)),
    ) {
        let mut b = match kind {
            0 => PromptPayBuilder::mobile(&mobile).unwrap(),
            1 => PromptPayBuilder::national_id(id.as_str()),
            _ => PromptPayBuilder::bill_payment(id.as_str(), "REF1"),
        };
        if let Some(a) = &amt { b = b.amount(a.as_str()); }
        let s = b.build().unwrap();
        prop_assert_eq!(detect(&s).primary(), Some(Scheme::PromptPay));
        let pp = PromptPay::parse(&s).unwrap();
        let want = match kind {
            0 => Target::CreditTransfer(Proxy::Mobile(&s[s.find("0113").unwrap() + 4..][..13])),
            1 => Target::CreditTransfer(Proxy::NationalId(id.as_str())),
            _ => Target::BillPayment { biller_id: id.as_str(), ref1: "REF1", ref2: None },
        };
        prop_assert_eq!(pp.target(), want);
        if kind == 0 {
            prop_assert_eq!(format!("0066{}", &mobile[1..]), ours_mobile(&s));
        }
        prop_assert_eq!(pp.amount(), amt.as_deref());
        prop_assert_eq!(pp.payload().is_dynamic(), amt.is_some());
        let i = PaymentIntent::from_payload(pp.payload());
        prop_assert_eq!(i.currency, Some("THB"));
    }

    #[test]
    fn paynow_builder_round_trips(
        uen in "[0-9]{9}[A-Z]",
        mobile in "[89][0-9]{7}",
        use_mobile in any::<bool>(),
        amt in proptest::option::of(amount(2)),
        (y, m, d) in (2025i64..2100, 1u32..=12, 1u32..=28),
        reference in proptest::option::of("[A-Z0-9/-]{1,25}"),
    ) {
        let proxy = if use_mobile { format!("+65{mobile}") } else { uen.clone() };
        let mut b = if use_mobile { PayNowBuilder::mobile(proxy.as_str()) } else { PayNowBuilder::uen(proxy.as_str()) };
        let date = format!("{y:04}{m:02}{d:02}");
        b = b.expiry(date.as_str());
        if let Some(a) = &amt { b = b.amount(a.as_str()); }
        if let Some(r) = &reference { b = b.reference(r.as_str()); }
        let s = b.build().unwrap();
        prop_assert_eq!(detect(&s).primary(), Some(Scheme::PayNow));
        let pn = PayNow::parse(&s).unwrap();
        prop_assert_eq!(pn.proxy(), Some(proxy.as_str()));
        prop_assert_eq!(pn.proxy_type(), Some(if use_mobile { ProxyType::Mobile } else { ProxyType::Uen }));
        prop_assert_eq!(pn.amount_editable(), Some(amt.is_none()));
        prop_assert_eq!(pn.reference(), reference.as_deref());
        let i = PaymentIntent::from_payload(pn.payload());
        // The end of the day in Singapore is 16:00 UTC of that date, minus 1 ms.
        // The last millisecond of that day in Singapore (UTC+8) is 15:59:59.999 UTC.
        prop_assert_eq!(i.expires_at_iso(), Some(format!("{y:04}-{m:02}-{d:02}T15:59:59.999Z")));
        prop_assert_eq!(i.amount_editable, amt.is_none());
    }

    #[test]
    fn vietqr_builder_round_trips(
        bin in "970[0-9]{3}",
        acct in "[0-9A-Z]{1,19}",
        card in any::<bool>(),
        amt in proptest::option::of(1u64..100_000_000_000),
        purpose in proptest::option::of("[A-Za-z0-9 ]{1,25}"),
    ) {
        let mut b = if card { VietQrBuilder::card(bin.as_str(), acct.as_str()) } else { VietQrBuilder::account(bin.as_str(), acct.as_str()) };
        let amt = amt.map(|a| a.to_string());
        if let Some(a) = &amt { b = b.amount(a.as_str()); }
        if let Some(p) = &purpose { b = b.purpose(p.as_str()); }
        let s = b.build().unwrap();
        prop_assert_eq!(detect(&s).primary(), Some(Scheme::VietQr));
        let v = VietQr::parse(&s).unwrap();
        prop_assert_eq!((v.bin(), v.account_number()), (Some(bin.as_str()), Some(acct.as_str())));
        prop_assert_eq!(v.service_code(), Some(if card { "QRIBFTTC" } else { "QRIBFTTA" }));
        prop_assert_eq!(v.purpose(), purpose.as_deref());
        let i = PaymentIntent::from_payload(v.payload());
        prop_assert_eq!(i.amount_minor, amt.as_deref().map(|a| a.parse::<u64>().unwrap()));
        prop_assert_eq!(i.routes[0].get("bin"), Some(bin.as_str()));
    }

    #[test]
    fn qris_dynamic_conversion_round_trips(n in 119u32..=124, amt in amount(2)) {
        let q = Qris::parse(row(n)).unwrap();
        let d = q.to_dynamic(&amt).unwrap();
        let dq = Qris::parse(&d).unwrap();
        prop_assert_eq!(dq.payload().amount(), Some(amt.as_str()));
        prop_assert_eq!(dq.to_static().unwrap(), row(n));
    }

    #[test]
    fn edits_round_trip_amounts(n in prop::sample::select(vec![90u32, 94, 108, 112, 121, 143, 148]), amt in amount(2)) {
        let s = row(n);
        let scheme = detect(s).primary().unwrap();
        let p = validate(scheme, s).unwrap();
        let out = Edit::new(scheme, &p).set_amount(amt.as_str()).build().unwrap();
        let q = validate(scheme, &out).unwrap();
        prop_assert_eq!(q.amount(), Some(amt.as_str()));
        prop_assert_eq!(detect(&out).primary(), Some(scheme));
        let cleared = Edit::new(scheme, &q).clear_amount().build().unwrap();
        prop_assert_eq!(validate(scheme, &cleared).unwrap().amount(), None);
    }

    #[test]
    fn detection_never_panics(s in "\\PC{0,200}") {
        let d = detect(&s);
        prop_assert!(d.schemes().len() <= 28);
        let _ = PaymentIntent::scan(&s);
    }
}

fn every_view(s: &str) {
    let _ = Pix::parse(s);
    let _ = PromptPay::parse(s).map(|p| p.target());
    let _ = Qris::parse(s).map(|q| q.to_dynamic("1"));
    let _ = PayNow::parse(s).map(|p| p.expires_at_ms());
    let _ = VietQr::parse(s);
    let _ = emvqr::profile::sgqr::Sgqr::parse(s).map(|q| q.accounts().count());
    let _ = emvqr::profile::duitnow::DuitNow::parse(s);
    let _ = emvqr::profile::vietqr::Vnpay::parse(s);
    let _ = emvqr::profile::qrph::QrPh::parse(s).map(|q| q.kind());
    let _ = emvqr::profile::bharatqr::BharatQr::parse(s).map(|b| (b.ifsc(), b.vpa()));
    let _ = emvqr::profile::bharatqr::Upi::parse(s).map(|u| u.min_amount());
    let _ = emvqr::profile::fps::Fps::parse(s).map(|f| f.expires_at_ms());
    let _ = emvqr::profile::fonepay::Fonepay::parse(s);
    let _ = emvqr::profile::lankaqr::LankaQr::parse(s);
}

proptest! {
    #[test]
    fn mutated_vectors_never_panic(
        n in 2u32..=152,
        at in any::<prop::sample::Index>(),
        c in any::<char>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let base: Vec<char> = row(n).chars().collect();
        let mut chars = base.clone();
        let i = at.index(chars.len().max(1)).min(chars.len().saturating_sub(1));
        if let Some(slot) = chars.get_mut(i) {
            *slot = c;
        }
        let keep = cut.index(chars.len() + 1);
        let s: String = chars.into_iter().take(keep.max(i + 1)).collect();
        for variant in [s.clone(), base.iter().take(keep).collect::<String>()] {
            let d = detect(&variant);
            prop_assert!(d.schemes().len() <= 28);
            if let Some(i) = PaymentIntent::scan(&variant) {
                let _ = i.is_expired(0);
            }
            for &scheme in Scheme::ALL {
                if let Ok(p) = validate(scheme, &variant) {
                    let _ = PaymentIntent::from_payload(&p);
                    let _ = Edit::new(scheme, &p).set_amount("1").set_reference("R").build();
                }
                let _ = validate_all(scheme, &variant);
            }
            every_view(&variant);
        }
    }
}
