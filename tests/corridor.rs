//! The corridor vectors: every row's family, primary scheme, declared networks and verdict
//! through `check` (strict and lenient), and what each family puts in the intent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::profile::{banglaqr, jpqr, laoqr, mnqr};
use emvqr::{check, CheckOptions, Family, Scheme};
use proptest::prelude::*;

const ROWS: &str = include_str!("vectors/corridor-vectors.tsv");
const NOW: i64 = 1_767_225_600_000;

struct Row<'a> {
    label: &'a str,
    family: &'a str,
    scheme: &'a str,
    include: Vec<&'a str>,
    verdict: &'a str,
    payload: &'a str,
}

fn rows() -> Vec<Row<'static>> {
    ROWS.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                label: c[0],
                family: c[1],
                scheme: c[2],
                include: c[3].split(',').filter(|s| !s.is_empty()).collect(),
                verdict: c[4],
                payload: c[5],
            }
        })
        .collect()
}

fn row(label: &str) -> &'static str {
    rows()
        .into_iter()
        .find(|r| r.label == label)
        .unwrap()
        .payload
}

#[test]
fn every_row_gives_its_family_scheme_networks_and_verdict() {
    let all = rows();
    assert_eq!(all.len(), 30);
    for r in &all {
        for lenient in [false, true] {
            let v = check(r.payload, &CheckOptions::at(NOW).lenient(lenient));
            let what = format!("{} (lenient {lenient}): {:?}", r.label, v.error());
            assert_eq!(v.family().id(), r.family, "{what}");
            assert_eq!(v.scheme().map_or("", Scheme::id), r.scheme, "{what}");
            for id in &r.include {
                assert!(v.schemes().iter().any(|s| s.id() == *id), "{id}: {what}");
            }
            match (r.verdict, lenient) {
                ("valid", _) | ("lenient", true) => assert!(v.is_valid(), "{what}"),
                ("invalid", _) => assert!(!v.is_valid(), "{what}"),
                _ => {}
            }
            if v.is_valid() {
                assert_eq!(v.reencoded(), Some(r.payload), "{what}");
            }
        }
    }
}

#[test]
fn upi_links_give_payee_amount_and_the_offending_parameter() {
    let v = check(row("UPI deep link"), &CheckOptions::at(NOW));
    let i = v.intent().unwrap();
    assert_eq!(i.payee.name.as_deref(), Some("Kirana Store"));
    assert_eq!(
        (i.amount.as_deref(), i.amount_minor, i.currency),
        (Some("120.50"), Some(12_050), Some("INR"))
    );
    assert_eq!(i.routes[0].get("vpa"), Some("kiranastore@okhdfcbank"));
    assert_eq!(i.references.purpose.as_deref(), Some("Order 42"));
    let fields: Vec<String> = v.fields().iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(fields, ["pa", "pn", "am", "cu", "tn"]);
    // No payee: missing pa; a VPA without @; an amount that is not a decimal.
    let e = check(row("UPI deep link without payee"), &CheckOptions::at(NOW));
    let e = e.error().unwrap();
    assert_eq!((e.kind(), e.path().to_string()), ("missing", "pa".into()));
    let s = "upi://pay?pa=kiranastore&am=1.2.3";
    let v = check(s, &CheckOptions::at(NOW).all_errors(true));
    let errors: Vec<_> = v
        .errors()
        .map(|e| (e.kind(), e.offset(), e.path().to_string()))
        .collect();
    assert_eq!(
        errors,
        [
            ("invalid_value", 13, "pa".into()),
            ("invalid_amount", 28, "am".into())
        ]
    );
    assert_eq!(&s[13..24], "kiranastore");
    assert_eq!(&s[28..], "1.2.3");
}

#[test]
fn twqrp_urls_give_name_amount_currency_and_expiry() {
    let v = check(row("TWQRP URL (percent-encoded)"), &CheckOptions::at(NOW));
    assert!(v.is_valid());
    let i = v.intent().unwrap();
    assert_eq!(i.payee.name.as_deref(), Some("Alipay Company Ltd"));
    assert_eq!(
        (i.amount.as_deref(), i.amount_minor, i.currency),
        (Some("1585.00"), Some(158_500), Some("TWD"))
    );
    // D12 = 2019-12-31 15:31:54 in Taiwan (UTC+8).
    assert_eq!(
        i.expires_at_iso().as_deref(),
        Some("2019-12-31T07:31:54.000Z")
    );
    let v = check(
        "TWQRP://Shop/158/09/V1?D1=12x",
        &CheckOptions::at(NOW).all_errors(true),
    );
    let kinds: Vec<_> = v
        .errors()
        .map(|e| (e.kind(), e.path().to_string()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("invalid_value", "type".into()),
            ("invalid_amount", "D1".into())
        ]
    );
}

#[test]
fn alipay_plus_codes_and_payment_codes() {
    let v = check(
        row("Alipay+ merchant code (MPM/3 link)"),
        &CheckOptions::at(NOW),
    );
    let fields: Vec<(String, &str)> = v
        .fields()
        .iter()
        .map(|(k, x)| (k.to_string(), x.as_ref()))
        .collect();
    assert_eq!(
        fields,
        [
            ("PLVS".into(), "01"),
            ("CDSD.01".into(), "SAMPLEPLATFORM"),
            ("CDSD.02".into(), "SAMPLEMERID"),
            ("CIRD.01".into(), "SAMPLEISSUER"),
            ("CIRD.02".into(), "12"),
            ("CIRD.03".into(), "MINIPROGRAMID"),
        ]
    );
    assert_eq!(
        v.intent().unwrap().routes[0].get("merchant_id"),
        Some("SAMPLEMERID")
    );
    // A payer's code: the intent names the payer, there is no payee.
    let v = check(
        row("Alipay+ payment code, 24 digits"),
        &CheckOptions::at(NOW),
    );
    assert_eq!(v.family(), Family::PaymentCode);
    let i = v.intent().unwrap();
    assert!(i.payee.name.is_none() && i.routes.is_empty());
    assert_eq!(
        i.payer.as_ref().and_then(|p| p.network),
        Some(Scheme::AlipayPlus)
    );
    let parts: Vec<(String, &str)> = v
        .fields()
        .iter()
        .map(|(k, x)| (k.to_string(), x.as_ref()))
        .collect();
    assert_eq!(
        &parts[..3],
        [
            ("form".into(), "alipayplus"),
            ("code_issuer".into(), "251001"),
            ("business_type".into(), "02")
        ]
    );
    let v = check(row("Alipay+ CGCP payment code"), &CheckOptions::at(NOW));
    assert_eq!(v.fields()[1].1, "897");
    // WeChat Pay's 18 digits from 10–15; digits of no form are refused, plainly.
    let v = check("134567890123456789", &CheckOptions::at(NOW));
    assert_eq!(
        (v.family(), v.scheme()),
        (Family::PaymentCode, Some(Scheme::WeChatPay))
    );
    let v = check("99999999999999999", &CheckOptions::at(NOW));
    assert_eq!((v.family(), v.is_valid()), (Family::PaymentCode, false));
}

#[test]
fn wrapped_codes_are_judged_inside_and_keep_their_wrapper() {
    let wrapped = row("Uzbekistan qr-online, URL-wrapped");
    let inner = row("Uzbekistan Paynet qr-online");
    let v = check(wrapped, &CheckOptions::at(NOW));
    assert_eq!((v.input(), v.reencoded()), (wrapped, Some(wrapped)));
    let w = serde_json::to_value(&v).unwrap();
    let i = serde_json::to_value(check(inner, &CheckOptions::at(NOW))).unwrap();
    assert_eq!(w["fields"], i["fields"]);
    assert_eq!(w["intent"], i["intent"]);
    // A deep link with a percent-encoded payload; and a broken one gives the inner error.
    let deep = format!("qpaywallet://q?qPay_QRcode={}", inner.replace(' ', "%20"));
    assert!(check(&deep, &CheckOptions::at(NOW)).is_valid());
    let broken = format!(
        "qpaywallet://q?qPay_QRcode={}0000",
        &inner[..inner.len() - 4]
    );
    let v = check(&broken, &CheckOptions::at(NOW));
    assert_eq!(v.error().unwrap().kind(), "crc_mismatch");
    assert_eq!(v.error().unwrap().offset(), inner.len() - 4);
    // Other URLs are not payment codes.
    let v = check("https://example.com/pay?x=1", &CheckOptions::at(NOW));
    assert_eq!(
        (v.family(), v.error().unwrap().kind()),
        (Family::Unknown, "not_payment_code")
    );
}

#[test]
fn networks_inside_national_codes_become_routes() {
    let v = check(
        row("Mongolia Hipay (UnionPay + WeChat Pay + Alipay+)"),
        &CheckOptions::at(NOW).lenient(true),
    );
    let i = v.intent().unwrap();
    let networks: Vec<_> = i.routes.iter().filter_map(|r| r.network).collect();
    for n in [
        Scheme::UnionPay,
        Scheme::WeChatPay,
        Scheme::AlipayPlus,
        Scheme::MnQr,
    ] {
        assert!(networks.contains(&n), "{n} in {networks:?}");
    }
    let wechat = i.route(Scheme::WeChatPay).unwrap();
    assert_eq!(wechat.id, 17);
    let v = check(row("QR Ph + Alipay (GCash)"), &CheckOptions::at(NOW));
    let alipay = v.intent().unwrap().route(Scheme::Alipay).unwrap();
    assert_eq!(
        (alipay.id, alipay.get("01")),
        (80, Some("https://payqr.gcash.com/281010051014885196112657"))
    );
}

#[test]
fn corridor_views_read_their_samples() {
    let l = laoqr::LaoQr::parse(row("LAO QR (BCEL OnePay) + UnionPay")).unwrap();
    assert_eq!(
        (l.member_iin(), l.code_type(), l.merchant_id()),
        (Some("27710418"), Some("002"), Some("mch19B73F61B9E"))
    );
    let u = laoqr::LaoQr::parse(row("Laos U-Money wallet")).unwrap();
    assert_eq!(
        (u.is_umoney(), u.umoney_account()),
        (true, Some("8562095873197"))
    );
    let m = mnqr::MnQr::parse(row("Mongolia QPay (RFU 71/78/79)")).unwrap();
    assert_eq!(m.bic(), Some("CAXBMNUB"));
    let j = jpqr::JpQr::parse(row("JPQR (free object order)")).unwrap();
    assert_eq!(j.codes()[0], Some("0000000000001"));
    let b = banglaqr::BanglaQr::parse(row("Bangla QR (NPSB)")).unwrap();
    assert_eq!(
        (b.bank_code(), b.account_number()),
        (Some("0085"), Some("1234567890123456"))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn corridor_builders_round_trip(
        name in "[A-Z][A-Z ]{0,23}[A-Z]",
        city in "[A-Z][A-Z]{0,13}",
        digits in "[0-9]{16}",
        amount in proptest::option::of(1u32..1_000_000),
    ) {
        let codes = [
            (laoqr::builder(&digits[..8], "001", "mch19B73F61B9E"), Scheme::LaoQr),
            (mnqr::builder("CAXBMNUB", &digits[..10]), Scheme::MnQr),
            (jpqr::builder([&digits[..13], &digits[..4], &digits[..6], &digits[10..]]), Scheme::JpQr),
            (banglaqr::builder("01", "0004", digits.as_str()), Scheme::BanglaQr),
        ];
        for (b, scheme) in codes {
            let mut b = b.merchant_name(name.as_str()).merchant_city(city.as_str());
            if let Some(a) = amount {
                b = b.amount(a.to_string());
            }
            let s = b.build().unwrap();
            let v = check(&s, &CheckOptions::at(NOW));
            prop_assert!(v.is_valid(), "{scheme}: {s}: {:?}", v.error());
            prop_assert_eq!(v.scheme(), Some(scheme));
            prop_assert_eq!(v.reencoded(), Some(s.as_str()));
            let i = v.intent().unwrap();
            prop_assert_eq!(i.payee.name.as_deref(), Some(name.as_str()));
            let want = amount.map(|a| a.to_string());
            prop_assert_eq!(i.amount.as_deref(), want.as_deref());
        }
    }
}
