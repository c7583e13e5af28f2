//! ELQR profile: real codes from Kyrgyz producers (`tests/vectors/elqr-vectors.tsv`), links and
//! percent-encoding, errors with kind and offset, the builder, detection against every shared
//! vector, and property tests.

// Helpers outside `#[test]` functions read the data files and may panic on bad data.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use emvqr::profile::elqr::{
    self, encode_fragment, is_elqr, percent_decode, AdditionalField, Elqr, ElqrBuilder,
    ElqrOptions, Kgs, Link, LinkType, DEFAULT_BASE_URL, LINK_BASES, PROVIDERS,
};
use emvqr::{check, CheckOptions};
use emvqr::{Checksum, ErrorKind, ParseOptions, Payload};
use proptest::prelude::*;

mod common;
use common::allocations;

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

const VECTORS: &str = include_str!("vectors/elqr-vectors.tsv");
const SHARED: &str = include_str!("vectors/emv-vectors.tsv");

struct Row {
    producer: &'static str,
    checksum_ok: &'static str,
    verdict: &'static str,
    input: &'static str,
}

fn rows() -> Vec<Row> {
    let mut lines = VECTORS.lines();
    assert_eq!(
        lines.next(),
        Some("producer\tchecksum_ok\tverdict\tinput\tsource")
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "{l}");
            Row {
                producer: f[0],
                checksum_ok: f[1],
                verdict: f[2],
                input: f[3],
            }
        })
        .collect()
}

/// `(scheme_id, payload)` of every row of the shared vectors, by column name.
fn shared_rows() -> Vec<(&'static str, &'static str)> {
    let mut lines = SHARED.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (scheme, payload) = (col("scheme_id"), col("payload"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[scheme], f[payload])
        })
        .collect()
}

fn verdict(input: &str) -> String {
    match Elqr::parse(input) {
        Ok(code) => {
            let mut s = "valid".to_string();
            for w in code.warning_details() {
                s += &format!(";warn={}@{}:{}", w.kind().name(), w.offset(), w.path());
            }
            s
        }
        Err(e) => format!("error={}@{}:{}", e.kind().name(), e.offset(), e.path()),
    }
}

/// The payload text before `63`, with its SHA-256 tail appended (lowercase).
fn sealed(body: &str) -> String {
    let sum = Checksum::Sha256Tail4.compute(body.as_bytes());
    format!(
        "{body}6304{}",
        std::str::from_utf8(&sum).unwrap().to_ascii_lowercase()
    )
}

/// One data object, its length in UTF-16 units.
fn obj(id: &str, v: &str) -> String {
    format!("{id}{:02}{v}", v.encode_utf16().count())
}

/// `000201 010211 32(00 abc, 01 s)`: 28 bytes.
fn head(link_type: &str) -> String {
    format!(
        "000201{}{}",
        obj("01", link_type),
        obj("32", &(obj("00", "abc") + &obj("01", "s")))
    )
}

/// Every typed field of a code, for comparing two parses.
fn summary(c: &Elqr<'_>) -> String {
    let p = c.provider();
    let m = c.merchant();
    let fields: Vec<String> = c.additional_fields().map(|f| f.encode()).collect();
    format!(
        "v={} t={:?} p={} sc={:?} r={:?} tx={:?} ae={:?} re={:?} m={:?} sn={:?} c={:?} f={:?} mcc={} cur={} a={:?} n={}",
        c.version(),
        c.link_type(),
        p.id(),
        p.service_code(),
        p.recipient_id(),
        p.transaction_id(),
        p.amount_editable_flag(),
        p.recipient_editable_flag(),
        m.and_then(|m| m.id()),
        m.and_then(|m| m.service_name()),
        c.comment(),
        fields,
        c.mcc(),
        c.currency(),
        c.amount_tyiyn(),
        c.payee_name()
    )
}

#[test]
fn vectors_give_their_recorded_checksum_verdicts() {
    let rows = rows();
    assert_eq!(rows.len(), 17);
    for r in &rows {
        let got = verdict(r.input);
        assert_eq!(got, r.verdict, "{}", r.input);
        // The reference's checksum verdict: yes = verifies, no = mismatch, n/a = no checksum
        // can be computed (the structure breaks before 63).
        let unverified = ElqrOptions::new().verify_checksum(false).parse(r.input);
        match r.checksum_ok {
            "sha256-yes" => assert!(Elqr::parse(r.input).is_ok(), "{}", r.input),
            "sha256-no" => {
                assert_eq!(
                    Elqr::parse(r.input).unwrap_err().kind(),
                    ErrorKind::CrcMismatch
                );
                let u = unverified.unwrap();
                assert!(u.warnings().contains(ErrorKind::ChecksumNotVerified));
            }
            "sha256-n/a" => assert!(unverified.unwrap_err().kind().is_syntax()),
            other => panic!("unknown checksum verdict {other}"),
        }
    }
    let producers: std::collections::BTreeSet<_> = rows.iter().map(|r| r.producer).collect();
    for p in [
        "MBank",
        "O!Bank",
        "Bakai",
        "Finik",
        "Elcart",
        "DCB",
        "DemirBank",
    ] {
        assert!(producers.contains(p), "{p}");
    }
}

#[test]
fn valid_vectors_round_trip_byte_for_byte() {
    let mut links = 0;
    for r in rows().iter().filter(|r| r.verdict.starts_with("valid")) {
        let code = Elqr::parse(r.input).unwrap();
        // As given (a link stays a link, escapes kept where they were).
        assert_eq!(code.reencode(), r.input);
        links += usize::from(code.is_link());
        // As a bare payload (decoded).
        let bare = Elqr::parse(code.as_str()).unwrap();
        assert!(!bare.is_link());
        assert_eq!(bare.reencode(), code.as_str());
        assert_eq!(summary(&bare), summary(&code));
        // As a link, freshly encoded, under the producer's base URL.
        let base = code.base_url().unwrap_or(DEFAULT_BASE_URL);
        let link = code.to_link(base).unwrap();
        let again = Elqr::parse(&link).unwrap();
        assert_eq!(again.as_str(), code.as_str());
        assert_eq!(again.reencode(), link);
    }
    assert_eq!(links, 13);
}

#[test]
fn links_are_decoded_only_when_they_hold_escapes() {
    let finik = "https://qr.finik.kg/#00020101021232810011qr.finik.kg0114averspay-items10328606240d690d42e4b036d3dba9d0371a120212130212520448295303417540712412005908Finik-QR6304b127";
    let code = Elqr::parse(finik).unwrap();
    assert!(!code.is_decoded_copy());
    let fragment = &finik[finik.find('#').unwrap() + 1..];
    assert_eq!(code.as_str().as_ptr(), fragment.as_ptr());
    assert_eq!(code.link_prefix(), "https://qr.finik.kg/#");
    assert_eq!(code.base_url(), Some("https://qr.finik.kg/"));

    let bare = Elqr::parse(fragment).unwrap();
    assert_eq!(bare.as_str().as_ptr(), fragment.as_ptr());
    assert_eq!(bare.link_prefix(), "");

    let mbank = rows()
        .into_iter()
        .find(|r| r.input.contains("c2c.mbank"))
        .unwrap();
    let code = Elqr::parse(mbank.input).unwrap();
    assert!(code.is_decoded_copy());
    assert_eq!(code.payee_name(), "KIRILL B.");
}

#[test]
fn parsing_allocates_only_to_decode_escapes() {
    let rows = rows();
    let mut plain = 0;
    for r in rows.iter().filter(|r| r.verdict.starts_with("valid")) {
        let before = allocations();
        let code = Elqr::parse(r.input).unwrap();
        let _ = (
            code.provider().recipient_id(),
            code.merchant(),
            code.additional_fields().count(),
            code.amount_kgs(),
        );
        let n = allocations() - before;
        // One buffer for the decoded payload when the text holds escapes, else nothing.
        let escaped = r.input.contains('%');
        assert_eq!(n, usize::from(escaped), "{}", r.input);
        // Detection decodes only bare payloads (a link is told by its host or fragment).
        let before = allocations();
        assert!(is_elqr(r.input));
        let n = allocations() - before;
        assert_eq!(n, usize::from(escaped && !code.is_link()), "{}", r.input);
        plain += usize::from(!escaped);
    }
    assert_eq!(plain, 4);
}

#[test]
fn percent_encoded_cyrillic_links_decode_and_verify() {
    let rows = rows();
    let find = |needle: &str| {
        rows.iter()
            .find(|r| r.input.contains(needle))
            .unwrap()
            .input
    };

    let obank = Elqr::parse(find("0111255772592582")).unwrap();
    assert_eq!(obank.comment(), Some("КИРИЛЛ Б."));
    assert_eq!(obank.payee_name(), "O!Bank");
    assert_eq!(obank.amount(), Some("555600"));
    assert_eq!(obank.amount_tyiyn(), Some(555_600));
    assert_eq!(obank.amount_kgs().unwrap().to_string(), "5556.00");
    assert!(!obank.provider().amount_editable());
    assert!(!obank.provider().recipient_editable());
    assert_eq!(obank.provider().service_code(), Some("8580"));
    assert_eq!(obank.provider().transaction_id(), Some("557725925821"));
    assert_eq!(obank.provider().producer(), Some("O!Bank (O!Dengi)"));
    assert_eq!(obank.checksum(), "85D0");

    let c2b = Elqr::parse(find("c2b.mbank.kg")).unwrap();
    assert_eq!(
        c2b.provider().transaction_id(),
        Some("ОсОО \"Диджитал Солюшнс\"")
    );
    assert_eq!(c2b.comment(), Some("mbiz:27621834:18660308"));
    assert_eq!(c2b.payee_name(), "OsOO Didzhital Soliushns");
    assert_eq!(c2b.checksum(), "a891");
    assert_eq!(c2b.additional_fields().count(), 0);

    let dcb = Elqr::parse(find("qr.dcb.kg")).unwrap();
    let m = dcb.merchant().unwrap();
    assert_eq!(m.id(), Some("34077"));
    assert_eq!(m.service_name(), Some("Simbank-по номеру телефона"));
    assert!(dcb.provider().amount_editable());
    assert_eq!(dcb.provider().amount_editable_flag(), Some(true));
    assert_eq!(dcb.payee_name(), "Simbank");

    // A link the builder encodes: Cyrillic becomes uppercase UTF-8 escapes.
    let link = ElqrBuilder::new("p2p.dengi.kg", "Айгуль Т.")
        .service_code("8580")
        .comment("За обед")
        .build_link("https://api.dengi.o.kg/")
        .unwrap();
    assert!(link.contains("5909%D0%90%D0%B9%D0%B3%D1%83%D0%BB%D1%8C%20%D0%A2."));
    let code = Elqr::parse(&link).unwrap();
    assert_eq!(code.comment(), Some("За обед"));
    assert_eq!(code.reencode(), link);
}

#[test]
fn real_codes_in_canonical_order_are_rebuilt_exactly() {
    let mut exact = Vec::new();
    for r in rows().iter().filter(|r| r.verdict.starts_with("valid")) {
        let code = Elqr::parse(r.input).unwrap();
        let built = ElqrBuilder::from(&code).build().unwrap();
        let rebuilt = Elqr::parse(&built).unwrap();
        assert_eq!(summary(&rebuilt), summary(&code), "{}", r.input);
        if built.eq_ignore_ascii_case(code.as_str()) {
            // The builder writes the checksum in lowercase.
            assert_eq!(rebuilt.checksum(), code.checksum().to_ascii_lowercase());
            assert_eq!(built[..built.len() - 4], code.as_str()[..built.len() - 4]);
            exact.push(r.producer);
        }
    }
    // Producers whose field order is the canonical one (others put 53 before 52, 59 before
    // 53, or 32.11 before 32.10).
    assert_eq!(
        exact,
        [
            "Finik",
            "MBank",
            "Finik",
            "MBank",
            "Bakai",
            "Finik",
            "DemirBank"
        ]
    );
}

#[test]
fn builder_output_for_each_producer_parses_back_identically() {
    assert_eq!(PROVIDERS.len(), 8);
    for (i, (provider, producer)) in PROVIDERS.iter().enumerate() {
        let amount = 1_000 + 137 * i as u64;
        let b = ElqrBuilder::new(*provider, "Асель Б.")
            .dynamic_code()
            .service_code("1325")
            .recipient_id("996555123456")
            .transaction_id(format!("tx-{i}-Ф"))
            .amount_editable(false)
            .recipient_editable(i % 2 == 0)
            .merchant_id("34077")
            .service_name("Оплата по QR")
            .comment("Заказ №42: 100%")
            .field("acc", "Лицевой счёт", "12345", "Счёт", true)
            .field("inv", "Invoice", "A-1", "Inv", false)
            .mcc("5812")
            .amount_tyiyn(amount);
        let payload = b.build().unwrap();
        assert!(payload.starts_with("000201010212"), "{payload}");
        let sum = &payload[payload.len() - 4..];
        assert_eq!(sum, sum.to_ascii_lowercase());
        // `%` travels as `%25` even in a bare payload: ELQR readers percent-decode.
        assert!(payload.contains("100%25"));
        let code = Elqr::parse(&payload).unwrap();
        assert!(code.warnings().is_empty());
        assert_eq!(code.provider().id(), *provider);
        assert_eq!(code.provider().producer(), Some(*producer));
        assert_eq!(code.comment(), Some("Заказ №42: 100%"));
        assert_eq!(code.amount_tyiyn(), Some(amount));
        assert_eq!(code.provider().recipient_editable(), i % 2 == 0);
        let fields: Vec<_> = code.additional_fields().collect();
        assert_eq!(
            fields,
            [
                AdditionalField {
                    key: "acc",
                    label: "Лицевой счёт",
                    value: "12345",
                    title: "Счёт",
                    visible: true
                },
                AdditionalField {
                    key: "inv",
                    label: "Invoice",
                    value: "A-1",
                    title: "Inv",
                    visible: false
                }
            ]
        );
        assert_eq!(code.reencode(), payload);
        // The builder reproduces itself from the parsed code.
        assert_eq!(ElqrBuilder::from(&code).build().unwrap(), payload);

        let base = LINK_BASES
            .iter()
            .find(|(_, name)| name == producer)
            .map_or(DEFAULT_BASE_URL, |(b, _)| b);
        let link = b.build_link(base).unwrap();
        assert!(link.starts_with(base) && link[base.len()..].starts_with('#'));
        let from_link = Elqr::parse(&link).unwrap();
        assert_eq!(summary(&from_link), summary(&code));
        assert_eq!(from_link.as_str(), code.as_str().replace("%25", "%"));
        assert_eq!(from_link.reencode(), link);
    }
}

#[test]
fn builder_writes_lengths_in_utf16_units_and_refuses_non_bmp() {
    let s = ElqrBuilder::new("qr.bakai.kg", "Ёлка")
        .service_code("2")
        .build()
        .unwrap();
    assert_eq!(
        s,
        sealed("00020101021132200011qr.bakai.kg010125204482953034175904Ёлка")
    );
    let e = ElqrBuilder::new("qr.bakai.kg", "Smile 😀")
        .service_code("2")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::NonBmp, 6, "59".into())
    );
    let e = ElqrBuilder::new("qr.bakai.kg", "X")
        .service_code("2")
        .field("k", "l", "😀", "t", true)
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::NonBmp, "35.00".into())
    );
}

#[test]
fn builder_errors_name_the_field() {
    let base = || ElqrBuilder::new("qr.finik.kg", "Finik-QR");
    let err = |b: ElqrBuilder<'_>| {
        let e = b.build().unwrap_err();
        (e.kind(), e.offset(), e.path().to_string())
    };
    assert_eq!(err(base()), (ErrorKind::Missing, 0, "32.01".into()));
    let b = base().service_code("s");
    assert_eq!(
        err(b.clone().dynamic_code().amount_tyiyn(0)),
        (ErrorKind::ZeroAmount, 0, "54".into())
    );
    // A static code may carry 0 (O!Bank does); it parses with a warning.
    let zero = b.clone().amount_tyiyn(0).build().unwrap();
    assert!(Elqr::parse(&zero)
        .unwrap()
        .warnings()
        .contains(ErrorKind::ZeroAmount));
    assert_eq!(
        err(b.clone().amount_tyiyn(10_000_000_000_000)),
        (ErrorKind::InvalidAmount, 0, "54".into())
    );
    assert_eq!(
        err(b.clone().amount_som("12.345")),
        (ErrorKind::InvalidAmount, 0, "54".into())
    );
    assert_eq!(
        err(b.clone().field("a:b", "l", "v", "t", true)),
        (ErrorKind::InvalidValue, 1, "35.00".into())
    );
    assert_eq!(
        err(b.clone().comment("x".repeat(33))),
        (ErrorKind::ValueTooLong, 0, "34".into())
    );
    assert_eq!(
        err(b.clone().payee_name("Ж".repeat(26))),
        (ErrorKind::ValueTooLong, 0, "59".into())
    );
    assert_eq!(
        err(b.clone().service_code("s".repeat(33))),
        (ErrorKind::ValueTooLong, 0, "32.01".into())
    );
    assert_eq!(
        err(b.clone().comment("")),
        (ErrorKind::ZeroLength, 0, "34".into())
    );
    assert_eq!(
        err(b.clone().comment("a\nb")),
        (ErrorKind::InvalidCharacter, 1, "34".into())
    );
    assert_eq!(
        err(b.clone().mcc("48a9")),
        (ErrorKind::NotNumeric, 2, "52".into())
    );
    assert_eq!(
        err(b.clone().mcc("482")),
        (ErrorKind::WrongLength, 0, "52".into())
    );
    let bad = b.build_link("https://pay.payqr.kg/#x").unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidValue);
    assert_eq!(
        b.build_link("pay.payqr.kg").unwrap_err().kind(),
        ErrorKind::InvalidValue
    );
    // A base URL ending in `#` gets no second one.
    let l = b.build_link("https://megapay.kg/get#").unwrap();
    assert!(l.starts_with("https://megapay.kg/get#000201"));
}

#[test]
fn additional_fields_overflow_into_the_next_template() {
    let mut b = ElqrBuilder::new("qr.demirbank.kg", "DEMIRBANK").service_code("7001");
    for i in 0..6 {
        b = b.field(
            format!("key{i}"),
            "Метка",
            format!("value-{i}"),
            "Заголовок",
            i % 3 != 0,
        );
    }
    let s = b.build().unwrap();
    let code = Elqr::parse(&s).unwrap();
    let ids: Vec<u8> = code.iter().map(|t| t.id().get()).collect();
    assert_eq!(ids, [0, 1, 32, 35, 36, 37, 52, 53, 59, 63]);
    let fields: Vec<_> = code.additional_fields().collect();
    assert_eq!(fields.len(), 6);
    for (i, f) in fields.iter().enumerate() {
        assert_eq!(
            (f.key, f.value, f.visible),
            (&*format!("key{i}"), &*format!("value-{i}"), i % 3 != 0)
        );
    }
    // Sub-IDs restart at 00 in each template.
    let flat = code.fields();
    let keys: Vec<String> = flat.iter().map(|(p, _)| p.to_string()).collect();
    assert!(keys.contains(&"36.00".to_string()));
    // Five templates full is the limit.
    let mut b = ElqrBuilder::new("qr.demirbank.kg", "DEMIRBANK").service_code("7001");
    for i in 0..30 {
        b = b.field(
            format!("k{i}"),
            "label-label-label",
            "value-value",
            "title-title",
            true,
        );
    }
    let e = b.build().unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::ValueTooLong, "39".into())
    );
}

fn kind_at(input: &str) -> (ErrorKind, usize, String) {
    let e = Elqr::parse(input).unwrap_err();
    (e.kind(), e.offset(), e.path().to_string())
}

#[test]
fn malformed_escapes_and_non_utf8_are_errors_with_offsets() {
    let mbank = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg01020210129965541855191302125204999953034175909KIRILL%20B.63047129";
    assert_eq!(
        kind_at(&mbank.replace("%20B", "%2")),
        (ErrorKind::InvalidEscape, 85, String::new())
    );
    assert_eq!(
        kind_at(&mbank.replace("%20", "%G0")),
        (ErrorKind::InvalidEscape, 85, String::new())
    );
    // Offsets count decoded bytes: the escape before counts one byte.
    assert_eq!(
        kind_at("https://x.kg/#0002%301%ZZ"),
        (ErrorKind::InvalidEscape, 6, String::new())
    );
    assert_eq!(
        kind_at("0002%"),
        (ErrorKind::InvalidEscape, 4, String::new())
    );
    assert_eq!(
        kind_at("00020%FF1"),
        (ErrorKind::InvalidUtf8, 5, String::new())
    );
    // A lone lead byte of a two-byte sequence.
    assert_eq!(
        kind_at("0002%D0"),
        (ErrorKind::InvalidUtf8, 4, String::new())
    );
    // An escaped surrogate (CESU) is not UTF-8 either.
    assert_eq!(
        kind_at("ab%ED%A0%80"),
        (ErrorKind::InvalidUtf8, 2, String::new())
    );
    assert_eq!(percent_decode("a%2Bb+c").unwrap(), "a+b+c");
}

#[test]
fn nothing_may_follow_the_checksum() {
    let rows = rows();
    let bakai = rows
        .iter()
        .find(|r| r.input.starts_with("000201"))
        .unwrap()
        .input;
    let n = bakai.replace("%20", " ").len();
    // The reference accepts an amount appended after 63, uncovered by the checksum.
    let appended = format!("{bakai}5405100000");
    assert_eq!(
        kind_at(&appended),
        (ErrorKind::CrcNotLast, n, String::new())
    );
    let link = rows
        .iter()
        .find(|r| r.input.contains("c2c.mbank"))
        .unwrap()
        .input;
    let decoded = Link::split(link).unwrap().decode().unwrap().len();
    assert_eq!(
        kind_at(&format!("{link}%20")),
        (ErrorKind::CrcNotLast, decoded, String::new())
    );
    assert_eq!(
        kind_at(&format!("{link}x")),
        (ErrorKind::CrcNotLast, decoded, String::new())
    );
}

#[test]
fn checksum_errors() {
    let demir = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a";
    assert!(Elqr::parse(demir).is_ok());
    assert!(Elqr::parse(&demir.replace("9e3a", "9E3A")).is_ok());
    assert_eq!(
        kind_at(&demir.replace("9e3a", "9e3b")),
        (ErrorKind::CrcMismatch, 107, "63".into())
    );
    // The EMV CRC-16 of the same payload is no ELQR checksum.
    assert_eq!(
        kind_at(&demir.replace("9e3a", "390F")),
        (ErrorKind::CrcMismatch, 107, "63".into())
    );
    assert_eq!(
        kind_at(&demir.replace("9e3a", "9e3g")),
        (ErrorKind::InvalidCrcFormat, 107, "63".into())
    );
    assert_eq!(
        kind_at(&demir.replace("63049e3a", "63039e3")),
        (ErrorKind::InvalidCrcFormat, 107, "63".into())
    );
    assert_eq!(
        kind_at(&demir.replace("63049e3a", "")),
        (ErrorKind::MissingCrc, 103, "63".into())
    );
    // Changing one character of the covered text breaks the checksum.
    assert_eq!(
        kind_at(&demir.replace("DEMIRBANK", "DEMIRBANC")),
        (ErrorKind::CrcMismatch, 107, "63".into())
    );
    assert_eq!(kind_at(""), (ErrorKind::Empty, 0, String::new()));
    assert_eq!(
        kind_at("https://pay.payqr.kg/#"),
        (ErrorKind::Empty, 0, String::new())
    );
    assert!(matches!(
        Elqr::parse("https://pay.payqr.kg/").unwrap_err().kind(),
        ErrorKind::NotEmv(_)
    ));
    assert_eq!(
        kind_at(&"0".repeat(4097)),
        (ErrorKind::TooLong, 4096, String::new())
    );
}

#[test]
fn rules_are_checked_after_the_checksum() {
    let tail = "52044829530341759 01X".replace(' ', "");
    let fields32 = |v: &str| format!("000201010211{}", obj("32", v));
    let cases: Vec<(String, ErrorKind, usize, &str)> = vec![
        // A dynamic code needs a positive amount.
        (
            format!("{}520448295303417540105901X", head("12")),
            ErrorKind::ZeroAmount,
            47,
            "54",
        ),
        (
            format!("{}520448295303840 5901X", head("11")).replace(' ', ""),
            ErrorKind::InvalidValue,
            40,
            "53",
        ),
        (
            format!("{}{tail}", head("13")),
            ErrorKind::InvalidInitiation,
            10,
            "01",
        ),
        (
            format!("000202{}", &head("11")[6..]) + &tail,
            ErrorKind::InvalidPfi,
            4,
            "00",
        ),
        (
            format!("010211000201{}", &head("11")[12..]) + &tail,
            ErrorKind::PfiNotFirst,
            0,
            "00",
        ),
        (
            fields32(&(obj("00", "abc") + &obj("01", "s") + &obj("12", "13"))) + &tail,
            ErrorKind::InvalidValue,
            32,
            "32.12",
        ),
        (
            fields32(&obj("00", "abc")) + &tail,
            ErrorKind::Missing,
            12,
            "32.01",
        ),
        (
            fields32(&obj("01", "s")) + &tail,
            ErrorKind::Missing,
            12,
            "32.00",
        ),
        (
            format!("{}{tail}5901Y", head("11")),
            ErrorKind::DuplicateId,
            48,
            "59",
        ),
        // Four parts instead of five: the value ends too early.
        (
            format!("{}{}{tail}", head("11"), obj("35", &obj("00", "a:b:c:d"))),
            ErrorKind::InvalidValue,
            43,
            "35.00",
        ),
        // visible_state other than 11/12.
        (
            format!(
                "{}{}{tail}",
                head("11"),
                obj("35", &obj("00", "k:l:v:t:13"))
            ),
            ErrorKind::InvalidValue,
            44,
            "35.00",
        ),
        (
            format!("{}520448295303417{}5901X", head("11"), obj("54", "1.0")),
            ErrorKind::InvalidAmount,
            48,
            "54",
        ),
        (
            format!("{}520448A953034175901X", head("11")),
            ErrorKind::NotNumeric,
            34,
            "52",
        ),
        (
            format!("{}520448295303417", head("11")),
            ErrorKind::Missing,
            43,
            "59",
        ),
        (
            format!("{}{}{tail}", head("11"), obj("34", &"x".repeat(33))),
            ErrorKind::ValueTooLong,
            28,
            "34",
        ),
    ];
    for (body, kind, offset, path) in &cases {
        let s = sealed(body);
        assert_eq!(kind_at(&s), (*kind, *offset, path.to_string()), "{s}");
    }
}

#[test]
fn leniency_and_warnings() {
    // Finik's 14-character service code: a warning by default, an error when strict.
    let finik = "https://qr.finik.kg/#00020101021132750011qr.finik.kg0114averspay-items1032c728e5bb087648b0a96fb55a677b9e721302125204482953034175908Finik-QR63040ad6";
    let code = Elqr::parse(finik).unwrap();
    assert!(code.warnings().contains(ErrorKind::ValueTooLong));
    let e = ElqrOptions::strict().parse(finik).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::ValueTooLong, 31, "32.01".into())
    );
    assert!(ElqrOptions::new()
        .allow_long_service_code(false)
        .parse(finik)
        .is_err());
    // Unknown IDs pass with a warning (58 and 60 are no ELQR objects).
    let s = sealed(&format!("{}52044829530341758 02KG5901X", head("11")).replace(' ', ""));
    let code = Elqr::parse(&s).unwrap();
    let w = code.warning_details();
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].kind(), w[0].offset(), w[0].path().to_string()),
        (ErrorKind::RfuId, 43, "58".into())
    );
    assert_eq!(
        ElqrOptions::strict().parse(&s).unwrap_err().kind(),
        ErrorKind::RfuId
    );
    // Duplicates only when lenient; the first occurrence is the one used.
    let s = sealed(&format!("{}520448295303417 5901X5901Y", head("11")).replace(' ', ""));
    assert_eq!(kind_at(&s).0, ErrorKind::DuplicateId);
    let code = ElqrOptions::lenient().parse(&s).unwrap();
    assert_eq!(code.payee_name(), "X");
    assert!(code.warnings().contains(ErrorKind::DuplicateId));
    // The additional fields 35–39 may repeat.
    let f = |v: &str| obj("35", &obj("00", v));
    let s = sealed(
        &format!(
            "{}{}{}520448295303417 5901X",
            head("11"),
            f("k:l:v:t:11"),
            f("k:m:w:t:12")
        )
        .replace(' ', ""),
    );
    let code = Elqr::parse(&s).unwrap();
    assert_eq!(
        code.additional_fields()
            .map(|f| f.label)
            .collect::<Vec<_>>(),
        ["l", "m"]
    );
    // validate_all lists every problem.
    let s = sealed(&format!("{}520448A95303840", head("13")));
    let report = ElqrOptions::new().validate_all(&s);
    let kinds: Vec<_> = report.errors.iter().map(|e| e.kind()).collect();
    assert_eq!(
        kinds,
        [
            ErrorKind::InvalidInitiation,
            ErrorKind::NotNumeric,
            ErrorKind::InvalidValue,
            ErrorKind::Missing
        ]
    );
}

#[test]
fn lengths_count_utf16_units() {
    // A non-BMP character counts two units (as the reference implementation's String.length).
    let s = sealed(&format!("{}5204482953034175903a😀", head("11")));
    assert_eq!(Elqr::parse(&s).unwrap().payee_name(), "a😀");
    let s = sealed(&format!("{}5204482953034175902a😀", head("11")));
    assert_eq!(kind_at(&s), (ErrorKind::Truncated, 43, "59".into()));
}

#[test]
fn link_forms() {
    let payload = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a";
    for prefix in [
        "https://retail.demirbank.kg/#",
        "https://retail.demirbank.kg/?#",
        "https://megapay.kg/get?qr=#",
        "HTTPS://PAY.PAYQR.KG#",
        "#",
    ] {
        let s = format!("{prefix}{payload}");
        let code = Elqr::parse(&s).unwrap();
        assert_eq!(code.as_str(), payload);
        assert_eq!(code.link_prefix(), prefix);
        assert_eq!(code.reencode(), s);
        assert!(is_elqr(&s));
    }
    let l = Link::split("https://user@qr.rsk.kg:443/x?y=1#0002").unwrap();
    assert_eq!(l.host(), Some("qr.rsk.kg"));
    assert_eq!(l.base_url(), Some("https://user@qr.rsk.kg:443/x?y=1"));
    // A percent-encoded bare payload, as some producers pass fragments around.
    let enc = encode_fragment(payload);
    assert_eq!(enc, payload);
    let bakai = "00020101021132460011qr.bakai.kg010131016124207011832911213021233120008BAKAIAPP5204653853034175908Ilyas%20T.54051005363044F76";
    let code = Elqr::parse(bakai).unwrap();
    assert_eq!(code.payee_name(), "Ilyas T.");
    assert_eq!(code.amount_kgs(), Some(Kgs::from_tyiyn(10_053)));
    assert_eq!(code.reencode(), bakai);
}

#[test]
fn reencoding_keeps_each_escape_as_written() {
    // Lowercase hex digits, an escaped ASCII letter and an escaped `.` stay as written.
    let s = sealed(&format!("{}5204482953034175905Ай Б.", head("11")));
    let n = s.find("Ай").unwrap();
    let link = format!(
        "https://pay.payqr.kg/#{}{}%d0%90%D0%b9%20Б%2E{}",
        &s[..12].replacen("0101", "%30101", 1),
        &s[12..n],
        &s[n + "Ай Б.".len()..]
    );
    let code = Elqr::parse(&link).unwrap();
    assert_eq!(code.as_str(), s);
    assert_eq!(code.payee_name(), "Ай Б.");
    assert_eq!(code.reencode(), link);
}

#[test]
fn inspect_reports_fields_errors_and_warnings() {
    let rows = rows();
    let obank = rows
        .iter()
        .find(|r| r.input.contains("B9B7"))
        .unwrap()
        .input;
    let i = check(obank, &CheckOptions::without_clock());
    assert!(i.is_valid() && Link::split(obank).unwrap().is_link());
    assert_eq!(i.scheme(), Some(emvqr::Scheme::Elqr));
    let fields: Vec<(String, &str)> = i
        .fields()
        .iter()
        .map(|(k, v)| (k.to_string(), v.as_ref()))
        .collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        fields,
        [
            ("00", "01"),
            ("01", "11"),
            ("32.00", "p2p.dengi.kg"),
            ("32.01", "8580"),
            ("32.11", "138340699251"),
            ("32.10", "996554185519"),
            ("32.12", "11"),
            ("32.13", "12"),
            ("34", "КИРИЛЛ Б."),
            ("52", "7399"),
            ("53", "417"),
            ("54", "0"),
            ("59", "O!Bank"),
            ("63", "B9B7"),
        ]
    );
    assert_eq!(i.warnings().len(), 1);
    assert_eq!(
        (
            i.warnings()[0].error().unwrap().kind(),
            i.warnings()[0].offset()
        ),
        (ErrorKind::ZeroAmount, 123)
    );
    assert_eq!(i.reencoded(), Some(obank));

    let bad = rows
        .iter()
        .find(|r| r.checksum_ok == "sha256-no")
        .unwrap()
        .input;
    let i = check(bad, &CheckOptions::without_clock());
    let e = i.error().unwrap();
    assert_eq!(
        (e.error().unwrap().kind(), e.offset()),
        (ErrorKind::CrcMismatch, 121)
    );
    assert_eq!(i.reencoded(), None);
    assert_eq!(i.fields().len(), 12);
    assert!(e
        .message()
        .starts_with("checksum mismatch: 63 is not the last 4 hex digits of SHA-256"));
    assert!(e.message().ends_with(" at byte 121 (63)"));
    assert_eq!(elqr::message(e.error().unwrap()), e.message());

    let i = check(
        "https://pay.payqr.kg/#0002%Z1",
        &CheckOptions::without_clock(),
    );
    assert_eq!(
        i.error().and_then(|e| e.error()).map(|e| e.kind()),
        Some(ErrorKind::InvalidEscape)
    );
    assert!(i.fields().is_empty() && i.scheme() == Some(emvqr::Scheme::Elqr));
}

#[test]
fn no_emv_payload_is_taken_for_elqr_or_the_other_way_round() {
    let shared = shared_rows();
    assert!(shared.len() >= 150);
    let mut elqr_rows = 0;
    for (scheme, payload) in &shared {
        let is = *scheme == "elqr";
        elqr_rows += usize::from(is);
        assert_eq!(is_elqr(payload), is, "{scheme} {payload}");
        if is {
            // No ELQR code passes as EMV, strict or lenient.
            assert!(Payload::parse(payload).is_err(), "{payload}");
            assert!(ParseOptions::lenient().parse(payload).is_err(), "{payload}");
        } else {
            // No EMV payload passes as ELQR.
            assert!(Elqr::parse(payload).is_err(), "{payload}");
        }
    }
    assert_eq!(elqr_rows, 13);
    for r in rows() {
        assert!(is_elqr(r.input), "{}", r.input);
    }
    // A code of a `.kg` provider with an EMV CRC-16 (a hobbyist's mistake) is still ELQR
    // when nothing else speaks for EMV; an EMV payload with 58 and a matching CRC is not.
    let emv_crc = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK6304390F";
    assert!(is_elqr(emv_crc));
    assert_eq!(kind_at(emv_crc).0, ErrorKind::CrcMismatch);
}

#[test]
fn kgs_amounts_are_integers() {
    assert_eq!(Kgs::parse_som("0.01"), Some(Kgs::from_tyiyn(1)));
    assert_eq!(Kgs::parse_som("125."), Some(Kgs::from_tyiyn(12_500)));
    assert_eq!(Kgs::parse_som("125.5").unwrap().to_string(), "125.50");
    assert_eq!(Kgs::from_tyiyn(5).to_string(), "0.05");
    for bad in [
        "",
        ".5",
        "1,5",
        "-1",
        "1e3",
        "1.234",
        " 1",
        "184467440737095516.16",
    ] {
        assert_eq!(Kgs::parse_som(bad), None, "{bad}");
    }
    assert_eq!(LinkType::from_code("12"), Some(LinkType::Dynamic));
    assert_eq!(LinkType::Static.code(), "11");
}

// ---------------------------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------------------------

/// BMP text without controls and without `:` (Latin, Cyrillic, punctuation, `%`, `#`).
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => proptest::char::range('А', 'я'),
            1 => proptest::sample::select(vec![' ', '%', '#', '"', '!', '.', '-', '№', 'Ё', '€', '/', '?', '&', '+']),
            1 => proptest::char::range('0', '9'),
        ],
        1..=max,
    )
    .prop_map(|v| v.into_iter().collect())
}

#[derive(Debug, Clone)]
struct Spec {
    provider: String,
    dynamic: bool,
    service: Option<String>,
    recipient: Option<String>,
    tx: Option<String>,
    amount_editable: Option<bool>,
    recipient_editable: Option<bool>,
    merchant_id: Option<String>,
    service_name: Option<String>,
    comment: Option<String>,
    fields: Vec<(String, String, String, String, bool)>,
    mcc: String,
    amount: Option<u64>,
    name: String,
}

fn spec() -> impl Strategy<Value = Spec> {
    let provider = prop_oneof![
        proptest::sample::select(
            PROVIDERS
                .iter()
                .map(|(p, _)| p.to_string())
                .collect::<Vec<_>>()
        ),
        "[a-z]{1,8}\\.[a-z]{2,6}\\.kg",
    ];
    let field = (text(6), text(8), text(8), text(6), any::<bool>());
    (
        (
            provider,
            any::<bool>(),
            proptest::option::of(text(10)),
            proptest::option::of(text(20)),
            proptest::option::of(text(20)),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ),
        (
            proptest::option::of(text(32)),
            proptest::option::of(text(32)),
            proptest::option::of(text(32)),
            proptest::collection::vec(field, 0..6),
            "[0-9]{4}",
            proptest::option::of(1u64..10_000_000_000_000),
            text(25),
        ),
    )
        .prop_map(
            |(
                (provider, dynamic, service, recipient, tx, ae, re),
                (mid, sname, comment, fields, mcc, amount, name),
            )| {
                // Either a service code or a merchant ID.
                let service = if service.is_none() && mid.is_none() {
                    Some("s".to_string())
                } else {
                    service
                };
                Spec {
                    provider,
                    dynamic,
                    service,
                    recipient,
                    tx,
                    amount_editable: ae,
                    recipient_editable: re,
                    merchant_id: mid,
                    service_name: sname,
                    comment,
                    fields,
                    mcc,
                    amount,
                    name,
                }
            },
        )
}

fn builder(s: &Spec) -> ElqrBuilder<'_> {
    let mut b = ElqrBuilder::new(s.provider.as_str(), s.name.as_str()).mcc(s.mcc.as_str());
    if s.dynamic {
        b = b.dynamic_code();
    }
    if let Some(v) = &s.service {
        b = b.service_code(v.as_str());
    }
    if let Some(v) = &s.recipient {
        b = b.recipient_id(v.as_str());
    }
    if let Some(v) = &s.tx {
        b = b.transaction_id(v.as_str());
    }
    if let Some(v) = s.amount_editable {
        b = b.amount_editable(v);
    }
    if let Some(v) = s.recipient_editable {
        b = b.recipient_editable(v);
    }
    if let Some(v) = &s.merchant_id {
        b = b.merchant_id(v.as_str());
    }
    if let Some(v) = &s.service_name {
        b = b.service_name(v.as_str());
    }
    if let Some(v) = &s.comment {
        b = b.comment(v.as_str());
    }
    for (k, l, v, t, vis) in &s.fields {
        b = b.field(k.as_str(), l.as_str(), v.as_str(), t.as_str(), *vis);
    }
    if let Some(a) = s.amount {
        b = b.amount_tyiyn(a);
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_codes_build_parse_and_reencode(s in spec()) {
        let b = builder(&s);
        let payload = b.build().unwrap();
        let code = Elqr::parse(&payload).unwrap();
        prop_assert_eq!(code.provider().id(), s.provider.as_str());
        prop_assert_eq!(code.is_dynamic(), s.dynamic);
        prop_assert_eq!(code.provider().service_code(), s.service.as_deref());
        prop_assert_eq!(code.provider().recipient_id(), s.recipient.as_deref());
        prop_assert_eq!(code.provider().transaction_id(), s.tx.as_deref());
        prop_assert_eq!(code.provider().amount_editable_flag(), s.amount_editable);
        prop_assert_eq!(code.provider().recipient_editable_flag(), s.recipient_editable);
        prop_assert_eq!(code.merchant().and_then(|m| m.id()), s.merchant_id.as_deref());
        prop_assert_eq!(code.merchant().and_then(|m| m.service_name()), s.service_name.as_deref());
        prop_assert_eq!(code.comment(), s.comment.as_deref());
        let fields: Vec<_> = code.additional_fields().map(|f| (f.key.to_string(), f.label.to_string(), f.value.to_string(), f.title.to_string(), f.visible)).collect();
        prop_assert_eq!(&fields, &s.fields);
        prop_assert_eq!(code.mcc(), s.mcc.as_str());
        prop_assert_eq!(code.amount_tyiyn(), s.amount);
        prop_assert_eq!(code.payee_name(), s.name.as_str());
        prop_assert_eq!(code.reencode(), payload.as_str());
        prop_assert!(is_elqr(&payload));
        prop_assert!(Payload::parse(&payload).is_err());

        let link = b.build_link(DEFAULT_BASE_URL).unwrap();
        prop_assert!(!link[DEFAULT_BASE_URL.len() + 1..].contains(['#', ' ', '"']));
        let from_link = Elqr::parse(&link).unwrap();
        prop_assert_eq!(summary(&from_link), summary(&code));
        prop_assert_eq!(from_link.reencode(), link.as_str());
        prop_assert!(is_elqr(&link));
        prop_assert_eq!(ElqrBuilder::from(&from_link).build().unwrap(), payload);
    }

    #[test]
    fn any_change_to_the_covered_text_is_caught(s in spec(), pos in any::<prop::sample::Index>(), c in proptest::char::range('0', 'z')) {
        let payload = builder(&s).build().unwrap();
        let code = Elqr::parse(&payload).unwrap();
        let decoded = code.as_str().to_string();
        let covered = code.checksum_offset();
        let chars: Vec<(usize, char)> = decoded[..covered].char_indices().collect();
        let (at, old) = chars[pos.index(chars.len())];
        prop_assume!(old != c);
        let mut changed = decoded.clone();
        changed.replace_range(at..at + old.len_utf8(), &c.to_string());
        // Skip the one-in-65536 change whose hash tail happens to match.
        let (body, sum) = changed.split_at(changed.len() - 4);
        let coincide = sum.as_bytes().eq_ignore_ascii_case(&Checksum::Sha256Tail4.compute(&body.as_bytes()[..body.len() - 4]));
        prop_assume!(!coincide);
        // As a link, so that a `%` in the text is carried, not decoded.
        let link = format!("{DEFAULT_BASE_URL}#{}", encode_fragment(&changed));
        prop_assert!(Elqr::parse(&link).is_err());
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,200}", prefix in proptest::sample::select(vec!["", "#", "https://pay.payqr.kg/#", "000201"])) {
        let input = format!("{prefix}{s}");
        let _ = is_elqr(&input);
        let i = check(&input, &CheckOptions::without_clock().lenient(true));
        if let Ok(code) = Elqr::parse(&input) {
            prop_assert_eq!(code.reencode(), input.as_str());
            prop_assert!(i.is_valid());
        }
    }
}

#[test]
fn random_escaped_payloads_decode_like_the_reference() {
    // Every encoding the builder chooses decodes to the same payload.
    for name in ["Кирилл", "O!Bank", "100% \"ok\"", "a#b", "Ё € №"] {
        let s = ElqrBuilder::new("qr.bakai.kg", name).service_code("2");
        let link = s.build_link("https://bakai.app").unwrap();
        let frag = &link[link.find('#').unwrap() + 1..];
        assert_eq!(
            percent_decode(frag).unwrap(),
            s.build().unwrap().replace("%25", "%")
        );
        assert_eq!(Elqr::parse(&link).unwrap().payee_name(), name);
    }
}

#[test]
fn fuzz_regression_merchant_template_without_known_fields() {
    // A 33 template holding only an unknown sub-ID: valid with a warning, no merchant.
    let s = sealed("00020101021132460011qr.bakai.kg010131016124207011832911213021233122008BAKAIAPP5204653853034175908Ilyas T.540510053");
    let code = Elqr::parse(&s).unwrap();
    assert_eq!(code.merchant(), None);
    let w = code.warning_details();
    assert_eq!(
        w.iter()
            .map(|w| (w.kind(), w.offset(), w.path().to_string()))
            .collect::<Vec<_>>(),
        [(ErrorKind::RfuId, 66, "33.20".into())]
    );
    let rebuilt = ElqrBuilder::from(&code).build().unwrap();
    assert_eq!(Elqr::parse(&rebuilt).unwrap().merchant(), None);
}
