//! The verdict owns validity: every vector through `check` and through every other public path
//! that judges (the typed views, `khqr::verify`, `Elqr::parse`), and they agree; KHQR by the
//! official SDK at the clock; every builder's output passes `check`; ELQR codes have an intent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::profile::{bharatqr, duitnow, elqr, fonepay, fps, khqr, lankaqr, paynow};
use emvqr::profile::{pix, promptpay, qris, qrph, sgqr, vietqr};
use emvqr::{check, CheckOptions, Error, ErrorKind, Family, Scheme};
use proptest::prelude::*;

const EMV: &str = include_str!("vectors/emv-vectors.tsv");
const KHQR: &str = include_str!("vectors/khqr-vectors.tsv");
const ELQR: &str = include_str!("vectors/elqr-vectors.tsv");
/// 2026-01-01T00:00:00Z: the clock of the recorded official KHQR verdicts.
const NOW: i64 = 1_767_225_600_000;

fn rows(data: &str) -> Vec<Vec<&str>> {
    data.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Every payload of the vectors, with its recorded official KHQR verdict when it has one.
fn all_payloads() -> Vec<(&'static str, Option<&'static str>)> {
    let mut out: Vec<_> = rows(EMV)
        .into_iter()
        .map(|r| (r[4], Some(r[3]).filter(|v| !v.is_empty())))
        .collect();
    out.extend(rows(KHQR).into_iter().map(|r| (r[1], Some(r[0]))));
    out.extend(rows(ELQR).into_iter().map(|r| (r[3], None)));
    out
}

fn official(v: &emvqr::Verdict<'_>) -> String {
    match v.error() {
        None => "valid".into(),
        Some(e) => format!(
            "code-{}",
            e.khqr_code()
                .map_or(0, emvqr::profile::khqr::KhqrCode::number)
        ),
    }
}

#[test]
fn khqr_is_judged_as_the_official_sdk_at_the_clock() {
    let mut n = 0;
    for (s, verdict) in all_payloads() {
        let Some(want) = verdict else { continue };
        n += 1;
        let forced = check(s, &CheckOptions::at(NOW).scheme(Some(Scheme::Khqr)));
        assert_eq!(official(&forced), want, "{s}");
        assert_eq!(forced.scheme(), Some(Scheme::Khqr));
        // Without forcing: no code the SDK rejects is accepted, whatever it is read as.
        let default = check(s, &CheckOptions::at(NOW));
        if want != "valid" {
            assert!(!default.is_valid(), "{s} is accepted, the SDK says {want}");
        }
        if default.scheme() == Some(Scheme::Khqr) {
            assert_eq!(official(&default), want, "{s}");
        }
        // The typed path at the same clock agrees.
        match khqr::verify(s, NOW) {
            Ok(_) => assert_eq!(want, "valid", "{s}"),
            Err(e) => assert_eq!(format!("code-{}", e.code()), want, "{s}"),
        }
    }
    assert!(n >= 120, "{n} rows with an official verdict");
}

#[test]
fn expiry_follows_the_clock_given() {
    // A dynamic code valid for five minutes from 2025-12-31T23:50:00Z.
    let s = "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh62090105INV-19934001317672250000000113176722530000063047873";
    let at = |ms| check(s, &CheckOptions::at(ms));
    assert!(at(1_767_225_300_000).is_valid());
    let v = at(1_767_225_300_001);
    let e = v.error().unwrap();
    assert_eq!(e.khqr_code().map(|c| c.number()), Some(46));
    assert_eq!(
        (e.kind(), e.path().to_string()),
        ("invalid_value", "99.01".into())
    );
    // Without a clock, expiry is not judged (rendering, generating).
    assert!(check(s, &CheckOptions::without_clock()).is_valid());
}

/// Whether a scheme's typed view (or its own engine) accepts `s`; `None` for a scheme that has
/// no view of its own (EMV, payment networks but UPI).
fn view_accepts(scheme: Scheme, s: &str) -> Option<bool> {
    Some(match scheme {
        Scheme::Pix => pix::Pix::parse(s).is_ok(),
        Scheme::PromptPay => promptpay::PromptPay::parse(s).is_ok(),
        Scheme::Qris => qris::Qris::parse(s).is_ok(),
        Scheme::Sgqr => sgqr::Sgqr::parse(s).is_ok(),
        Scheme::PayNow => paynow::PayNow::parse(s).is_ok(),
        Scheme::DuitNow => duitnow::DuitNow::parse(s).is_ok(),
        Scheme::VietQr => vietqr::VietQr::parse(s).is_ok(),
        Scheme::Vnpay => vietqr::Vnpay::parse(s).is_ok(),
        Scheme::QrPh => qrph::QrPh::parse(s).is_ok(),
        Scheme::BharatQr => bharatqr::BharatQr::parse(s).is_ok(),
        Scheme::Upi => bharatqr::Upi::parse(s).is_ok(),
        Scheme::Fps => fps::Fps::parse(s).is_ok(),
        Scheme::Fonepay => fonepay::Fonepay::parse(s).is_ok(),
        Scheme::LankaQr => lankaqr::LankaQr::parse(s).is_ok(),
        Scheme::Khqr => khqr::verify(s, NOW).is_ok(),
        Scheme::Elqr => elqr::Elqr::parse(s).is_ok(),
        Scheme::Emv => emvqr::Payload::parse(s).is_ok(),
        _ => return None,
    })
}

#[test]
fn every_public_path_agrees_with_the_verdict() {
    let mut compared = 0;
    for (s, _) in all_payloads() {
        for &scheme in Scheme::ALL {
            let Some(accepts) = view_accepts(scheme, s) else {
                continue;
            };
            let v = check(s, &CheckOptions::at(NOW).scheme(Some(scheme)));
            assert_eq!(v.is_valid(), accepts, "{scheme} on {s}: {:?}", v.error());
            compared += 1;
        }
        // The detected scheme's view agrees with the default verdict.
        let v = check(s, &CheckOptions::at(NOW));
        if let Some(accepts) = v.scheme().and_then(|sc| view_accepts(sc, s)) {
            assert_eq!(v.is_valid(), accepts, "{s}");
        }
    }
    assert!(compared > 3_000, "{compared}");
}

#[test]
fn elqr_codes_give_an_intent() {
    let mut n = 0;
    for r in rows(ELQR) {
        let v = check(r[3], &CheckOptions::at(NOW));
        if r[2] != "valid" {
            continue;
        }
        n += 1;
        assert!(v.is_valid(), "{}: {:?}", r[3], v.error());
        assert_eq!(
            (v.family(), v.scheme()),
            (Family::EmvMpm, Some(Scheme::Elqr))
        );
        let i = v.intent().unwrap();
        assert_eq!(i.currency, Some("KGS"), "{}", r[3]);
        let route = i.route(Scheme::Elqr).unwrap();
        assert_eq!(route.id, 32);
        let code = elqr::Elqr::parse(r[3]).unwrap();
        assert_eq!(i.amount_minor, code.amount_tyiyn(), "{}", r[3]);
        assert_eq!(i.payee.name.as_deref(), Some(code.payee_name()));
        assert_eq!(route.gui.as_deref(), Some(code.provider().id()));
    }
    assert!(n >= 10, "{n} valid ELQR rows");
}

#[test]
fn garbage_always_gets_an_answer() {
    for s in [
        "",
        "hello, world",
        "0",
        "00",
        "000201",
        "6304ABCD",
        "https://example.com/",
        "upi://pay?pa=nobody",
        "\u{0}",
    ] {
        let v = check(s, &CheckOptions::at(NOW));
        assert!(!v.is_valid(), "{s:?}");
        assert!(v.error().is_some());
        // Under KHQR's rules, even garbage carries the official SDK's code.
        let forced = check(s, &CheckOptions::at(NOW).scheme(Some(Scheme::Khqr)));
        let official = emvqr::profile::khqr::verify(s, NOW).unwrap_err().kind();
        let code = forced.error().and_then(|e| e.khqr_code());
        assert_eq!(code, Some(official), "{s:?}");
    }
    let v = check("hello, world", &CheckOptions::at(NOW));
    assert_eq!(
        (
            v.family(),
            v.error().unwrap().kind(),
            v.error().unwrap().message()
        ),
        (Family::Unknown, "not_payment_code", "not a payment code")
    );
    let v = emvqr::check_bytes(b"0002\xff", &CheckOptions::at(NOW));
    assert_eq!(
        (v.error().unwrap().kind(), v.error().unwrap().offset()),
        ("invalid_utf8", 4)
    );
}

#[test]
fn messages_say_what_was_expected() {
    // A txid with a '-': the offending character and what a txid may be.
    let row = rows(EMV)
        .into_iter()
        .find(|r| r[5].contains("BCB Manual BR Code full"))
        .unwrap();
    let v = check(row[4], &CheckOptions::at(NOW));
    let e = v.error().unwrap();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        ("invalid_character", "62.05".into())
    );
    assert!(e.message().contains("'-' (U+002D)"), "{}", e.message());
    assert!(
        e.message().contains("1 to 25 letters and digits"),
        "{}",
        e.message()
    );
    // A Pix builder refuses a key of no registered form, naming the forms.
    let b = pix::PixBuilder::new("not-a-key", "A", "B")
        .build()
        .unwrap_err();
    assert!(b.is_field());
    assert_eq!(
        b.to_string(),
        "invalid value for the scheme in field 26.01: expected a Pix key: an e-mail address, a +55 phone number, a CPF, a CNPJ or a random key (EVP)"
    );
    // A builder's error names the field, not a byte.
    let e = emvqr::PayloadBuilder::new()
        .merchant_account_template(
            26,
            emvqr::TemplateBuilder::with_gui("SG.PAYNOW").set(1, "0"),
        )
        .mcc("0000")
        .currency("702")
        .country("SG")
        .merchant_name("A merchant name longer than twenty-five")
        .merchant_city("Singapore")
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "value too long in field 59 (Merchant Name): at most 25 characters"
    );
}

#[cfg(feature = "serde")]
#[test]
fn errors_detections_and_verdicts_serialise() {
    let e = Error::new(ErrorKind::CrcMismatch, 42, emvqr::Path::root(63));
    assert_eq!(
        serde_json::to_value(e).unwrap(),
        serde_json::json!({"kind": "crc_mismatch", "offset": 42, "path": "63",
            "message": "checksum mismatch at byte 42 (63)"})
    );
    let s = "00020101021215311974011600520446ACLB1000231208129200016chantha_dev@ftcc520459995303116540410005802KH5911Chantha Dev6010Phnom Penh63046011";
    let d = emvqr::detect(s);
    assert_eq!(
        serde_json::to_value(d).unwrap(),
        serde_json::json!(["khqr", "unionpay"])
    );
    let k = khqr::verify(s, NOW).unwrap_err();
    let j = serde_json::to_value(k).unwrap();
    assert_eq!(
        (j["khqr_code"].as_u64(), j["khqr_key"].as_str()),
        (Some(u64::from(k.code())), Some(k.key()))
    );
    let v = check(s, &CheckOptions::at(NOW));
    let text = serde_json::to_string(&v).unwrap();
    let keys = [
        "input",
        "valid",
        "family",
        "scheme",
        "schemes",
        "error",
        "warnings",
        "fields",
        "reencoded",
        "intent",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    let j = serde_json::to_value(&v).unwrap();
    assert_eq!(j["error"]["khqr_code"].as_u64(), Some(u64::from(k.code())));
}

// ---------------------------------------------------------------------------------------------
// Every builder's output passes the verdict

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z .'-]{0,23}[A-Za-z]"
}

fn city() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z ]{0,13}[A-Za-z]"
}

fn accepted(s: &str, scheme: Scheme, now: i64) -> Result<(), TestCaseError> {
    let v = check(s, &CheckOptions::at(now));
    prop_assert!(v.is_valid(), "{s}: {:?}", v.error());
    prop_assert_eq!(v.scheme(), Some(scheme));
    prop_assert_eq!(v.reencoded(), Some(s));
    prop_assert!(v.intent().is_some());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn khqr_builder_output_passes(
        account in "[a-z][a-z_]{2,12}@[a-z]{4}",
        n in name(), c in city(),
        khr in 1u32..10_000_000,
        minutes in 1i64..1_000,
        usd in proptest::bool::ANY,
    ) {
        let now = NOW;
        let amount = if usd { format!("{}.{:02}", khr / 100, khr % 100) } else { khr.to_string() };
        let b = khqr::KhqrBuilder::individual(&account, &n, &c)
            .currency(if usd { khqr::KhqrCurrency::Usd } else { khqr::KhqrCurrency::Khr })
            .amount(&amount)
            .expires_at_ms(now + minutes * 60_000);
        let built = b.build(now).unwrap();
        accepted(&built.payload, Scheme::Khqr, now)?;
        // Expired one millisecond after its expiry.
        prop_assert!(!check(&built.payload, &CheckOptions::at(now + minutes * 60_000 + 1)).is_valid());
    }

    #[test]
    fn elqr_builder_output_passes(
        n in "[A-Za-zА-Яа-я][A-Za-zА-Яа-я .]{0,23}",
        service in "[a-z0-9]{1,10}",
        tyiyn in proptest::option::of(1u64..10_000_000),
        link in proptest::bool::ANY,
    ) {
        let mut b = elqr::ElqrBuilder::new("qr.bakai.kg", n.as_str()).service_code(service.as_str());
        if let Some(t) = tyiyn {
            b = b.dynamic_code().amount_tyiyn(t);
        }
        let s = if link { b.build_link("https://bakai.app/").unwrap() } else { b.build().unwrap() };
        accepted(&s, Scheme::Elqr, NOW)?;
        let v = check(&s, &CheckOptions::at(NOW));
        prop_assert_eq!(v.intent().unwrap().amount_minor, tyiyn);
    }

    #[test]
    fn national_builders_output_passes(
        n in name(), c in city(),
        cents in proptest::option::of(1u32..1_000_000),
        digits in "[0-9]{8}",
    ) {
        let amount = cents.map(|v| format!("{}.{:02}", v / 100, v % 100));
        let mut pix_b = pix::PixBuilder::new("+5511987654321", n.as_str(), c.as_str());
        let mut pp = promptpay::PromptPayBuilder::mobile(&format!("08{digits}")).unwrap();
        let mut pn = paynow::PayNowBuilder::mobile(format!("+659{}", &digits[1..])).merchant_name(n.as_str());
        let mut vq = vietqr::VietQrBuilder::account("970416", digits.as_str());
        if let Some(a) = &amount {
            pix_b = pix_b.amount(a.as_str());
            pp = pp.amount(a.as_str());
            pn = pn.amount(a.as_str());
        }
        if let Some(v) = cents {
            vq = vq.amount(v.to_string());
        }
        accepted(&pix_b.build().unwrap(), Scheme::Pix, NOW)?;
        accepted(&pp.build().unwrap(), Scheme::PromptPay, NOW)?;
        accepted(&pn.build().unwrap(), Scheme::PayNow, NOW)?;
        accepted(&vq.build().unwrap(), Scheme::VietQr, NOW)?;
    }

    #[test]
    fn generic_builder_and_edit_output_passes(
        n in name(), c in city(),
        cents in 1u32..1_000_000,
        reference in "[A-Z0-9]{1,20}",
    ) {
        let s = emvqr::PayloadBuilder::new()
            .merchant_account(2, "4000123456789010")
            .mcc("5411").currency("840").country("US")
            .merchant_name(n.as_str()).merchant_city(c.as_str())
            .build()
            .unwrap();
        accepted(&s, Scheme::Visa, NOW)?;
        let p = emvqr::ParseOptions::new().parse(&s).unwrap();
        let edited = emvqr::profile::edit::Edit::new(Scheme::Visa, &p)
            .set_amount(format!("{}.{:02}", cents / 100, cents % 100))
            .set_reference(reference.as_str())
            .to_dynamic()
            .build()
            .unwrap();
        accepted(&edited, Scheme::Visa, NOW)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Consumer-presented codes through the verdict

#[test]
fn consumer_presented_rows_give_their_family_scheme_and_verdict() {
    let data = include_str!("vectors/cpm-vectors.tsv");
    let mut n = 0;
    for r in rows(data) {
        let (family, scheme, include, verdict, text) = (r[1], r[2], r[3], r[4], r[5]);
        n += 1;
        let v = check(text, &CheckOptions::at(NOW));
        assert_eq!(v.family().id(), family, "{text}");
        assert_eq!(v.family(), Family::EmvCpm);
        match verdict {
            "valid" => {
                assert!(v.is_valid(), "{text}: {:?}", v.error());
                assert_eq!(v.scheme().map(Scheme::id), Some(scheme), "{text}");
                for id in include.split(',').filter(|s| !s.is_empty()) {
                    assert!(v.schemes().iter().any(|s| s.id() == id), "{id} in {text}");
                }
                assert_eq!(v.reencoded(), Some(text));
                let (k, val) = &v.fields()[0];
                assert_eq!((k.to_string().as_str(), val.as_ref()), ("85", "CPV01"));
                assert!(v.fields().iter().any(|(k, _)| *k == "61.4F"));
                let payer = v.intent().and_then(|i| i.payer.as_ref()).unwrap();
                assert_eq!(payer.network, v.scheme());
            }
            _ => {
                let e = v.error().unwrap();
                // The malformed QRIS row: length 147 written as one byte, 0x93.
                assert_eq!(
                    (e.kind(), e.offset(), e.base64_offset()),
                    ("invalid_length", 8, Some(10))
                );
                assert!(e.message().contains("0x93"), "{}", e.message());
                assert_eq!(e.path().to_string(), "61");
                assert!(!check(text, &CheckOptions::at(NOW).lenient(true)).is_valid());
            }
        }
    }
    assert_eq!(n, 5);
}

/// Every cell of eight characters or more of every vector file (payloads, and some other
/// columns: any text is a valid input), then the empty text and plain text.
fn every_vector_text() -> Vec<&'static str> {
    let files = [
        EMV,
        KHQR,
        ELQR,
        include_str!("vectors/cpm-vectors.tsv"),
        include_str!("vectors/corridor-vectors.tsv"),
    ];
    files
        .iter()
        .flat_map(|f| f.lines().filter(|l| !l.starts_with('#')))
        .flat_map(|l| l.split('\t'))
        .filter(|c| c.len() >= 8)
        .chain(["", "hello"])
        .collect()
}

/// The JSON contract: a valid verdict's re-encoding is its input byte for byte, an invalid
/// one has none; KHQR codes the official SDK accepts but no EMV parse reads included.
#[test]
fn a_valid_verdict_reencodes_to_its_input() {
    let with_crc = |body: &str| {
        let mut s = format!("{body}6304");
        s.push_str(&format!("{:04X}", emvqr::crc16(s.as_bytes())));
        s
    };
    let base =
        "00020101021129180014jonhsmith@nbcq5204599953031165802KH5910Jonh Smith6010Phnom Penh";
    let quirky = [
        with_crc(&base.replace("5802KH", "5803KHM")),
        with_crc(&base.replace("5802KH", "58 2KH")),
    ];
    for s in &quirky {
        assert!(check(s, &CheckOptions::at(NOW)).is_valid(), "{s}");
    }
    let mut texts: Vec<String> = every_vector_text().into_iter().map(String::from).collect();
    texts.extend(quirky);
    let mut valid = 0;
    for text in &texts {
        for lenient in [false, true] {
            let v = check(text, &CheckOptions::at(NOW).lenient(lenient));
            if v.is_valid() {
                valid += 1;
                assert_eq!(v.reencoded(), Some(text.as_str()), "{text}");
            } else {
                assert_eq!(v.reencoded(), None, "{text}");
            }
        }
    }
    assert!(valid > 200, "{valid}");
}

/// `describe(false)` leaves out the fields and the re-encoding and nothing else: for every text
/// of every vector file, under strict, lenient and forced-KHQR rules, the judgement, warnings
/// and intent are the full verdict's.
#[test]
fn an_undescribed_verdict_keeps_the_judgement() {
    let mut described = 0;
    for text in every_vector_text() {
        for opts in [
            CheckOptions::at(NOW),
            CheckOptions::at(NOW).lenient(true),
            CheckOptions::at(NOW).scheme(Some(Scheme::Khqr)),
        ] {
            let full = check(text, &opts);
            let judged = check(text, &opts.describe(false));
            assert_eq!(
                (
                    judged.is_valid(),
                    judged.family(),
                    judged.scheme(),
                    judged.schemes()
                ),
                (
                    full.is_valid(),
                    full.family(),
                    full.scheme(),
                    full.schemes()
                ),
                "{text}"
            );
            assert_eq!(judged.error(), full.error(), "{text}");
            assert_eq!(judged.warnings(), full.warnings(), "{text}");
            assert_eq!(judged.intent(), full.intent(), "{text}");
            assert!(judged.fields().is_empty() && judged.reencoded().is_none());
            described += usize::from(!full.fields().is_empty());
        }
    }
    assert!(described > 500, "{described}");
}

/// `verify` gives the error `check` gives, for every text of every vector file under five
/// sets of options (the judgement builds less, never judges differently).
#[test]
fn verify_gives_the_error_of_check() {
    let (mut payable, mut refused) = (0, 0);
    for text in every_vector_text() {
        for opts in [
            CheckOptions::at(NOW),
            CheckOptions::at(NOW).lenient(true),
            CheckOptions::at(NOW).scheme(Some(Scheme::Khqr)),
            CheckOptions::at(NOW).scheme(Some(Scheme::PromptPay)),
            CheckOptions::at(NOW).all_errors(true).describe(false),
        ] {
            let v = check(text, &opts);
            assert_eq!(
                emvqr::verify(text, &opts).err().as_ref(),
                v.error(),
                "{text}"
            );
            payable += usize::from(v.is_valid());
            refused += usize::from(!v.is_valid());
        }
    }
    assert!(payable > 300 && refused > 3000, "{payable} {refused}");
}

/// An `OwnedVerdict` is the verdict `check` gives, kept with its text: equal to it for every
/// text of every vector file under strict and lenient rules, and equal to the copy
/// `into_owned` makes; one made from that copy is equal too.
#[test]
fn an_owned_verdict_is_the_verdict() {
    let mut valid = 0;
    for text in every_vector_text() {
        for opts in [CheckOptions::at(NOW), CheckOptions::at(NOW).lenient(true)] {
            let v = check(text, &opts);
            let kept = emvqr::OwnedVerdict::check(text.to_owned(), &opts);
            assert_eq!(kept.verdict(), &v, "{text}");
            let copied = emvqr::OwnedVerdict::from(v.clone().into_owned());
            assert_eq!(copied.verdict(), &v, "{text}");
            valid += usize::from(v.is_valid());
        }
    }
    assert!(valid > 200, "{valid}");
}

/// Detection reads a bare payload's ELQR signs (provider 32.00, currency 53, country 58, the
/// checksum) from the root objects it already read, when they say what a walk of its own
/// would: it must agree with `is_elqr`, which walks. Every vector text, and variants of each
/// payload with an ELQR provider, a second or a trailing currency, a country, a provider
/// after the checksum or after a character outside the BMP added.
#[test]
fn detection_tells_elqr_as_is_elqr_does() {
    use emvqr::profile::elqr::is_elqr;
    const PROVIDER: &str = "32140010qr.demo.kg";
    let mut texts: Vec<String> = Vec::new();
    for t in every_vector_text() {
        texts.push(t.to_owned());
        if let Some(rest) = t.strip_prefix("000201") {
            for insert in [
                "5303417",
                PROVIDER,
                "53038405303417",
                &format!("{PROVIDER}5303417"),
                &format!("{PROVIDER}5802KG"),
                &format!("{PROVIDER}5303840"),
                // One character, two UTF-16 units: ELQR's walk stops here, detection's does not.
                &format!("5901\u{1F600}{PROVIDER}"),
            ] {
                texts.push(format!("000201{insert}{rest}"));
                texts.push(format!("000201{insert}{rest}5303417"));
            }
            // Everything after the checksum is ignored: a provider there makes no ELQR code.
            texts.push(format!("{t}{PROVIDER}"));
            texts.push(format!("{t}{PROVIDER}5303417"));
        }
    }
    let mut elqr = 0;
    for t in &texts {
        let whole = emvqr::detect(t).primary() == Some(Scheme::Elqr);
        assert_eq!(whole, is_elqr(t), "{t}");
        if whole {
            assert_eq!(
                check(t, &CheckOptions::at(NOW)).scheme(),
                Some(Scheme::Elqr),
                "{t}"
            );
        }
        elqr += usize::from(whole);
    }
    assert!(
        elqr > 200 && elqr < texts.len() / 2,
        "{elqr} of {}",
        texts.len()
    );
}
