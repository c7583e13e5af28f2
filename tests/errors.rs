//! Every rule gives its error kind, byte offset and ID path; lenient knobs turn the deviations
//! they cover into warnings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::{crc16, Checksum, ErrorKind, LengthUnit, ParseOptions, Payload};

/// A valid base payload without its checksum object.
const BODY: &str = "000201010211263100140000000000000001091234567895204599953031165802KH5909Coffee Co6010Phnom Penh62100506INV-01";

/// Appends `6304` and the CRC.
fn seal(body: &str) -> String {
    let with = format!("{body}6304");
    format!("{with}{:04X}", crc16(with.as_bytes()))
}

/// The (kind, offset, path) of the strict error.
fn strict(s: &str) -> (ErrorKind, usize, String) {
    let e = Payload::parse(s).expect_err("must be rejected");
    (e.kind(), e.offset(), e.path().to_string())
}

fn at(s: &str, needle: &str) -> usize {
    s.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {s}"))
}

#[test]
fn base_is_valid() {
    let s = seal(BODY);
    let p = Payload::parse(&s).unwrap();
    assert_eq!(p.merchant_name(), Some("Coffee Co"));
    assert_eq!(
        p.additional_data().and_then(|a| a.reference_label()),
        Some("INV-01")
    );
}

#[test]
fn checksum_errors() {
    let s = seal(BODY);
    let crc_at = s.len() - 4;
    let mut bad = s.clone();
    let last = if s.ends_with('0') { "1" } else { "0" };
    bad.replace_range(s.len() - 1.., last);
    assert_eq!(strict(&bad), (ErrorKind::CrcMismatch, crc_at, "63".into()));

    let upper = &s[crc_at..];
    if upper.bytes().any(|b| b.is_ascii_alphabetic()) {
        let lower = format!("{}{}", &s[..crc_at], upper.to_ascii_lowercase());
        assert_eq!(
            strict(&lower),
            (ErrorKind::LowercaseCrc, crc_at, "63".into())
        );
        let p = ParseOptions::new()
            .allow_lowercase_crc(true)
            .parse(&lower)
            .unwrap();
        assert!(p.warnings().contains(ErrorKind::LowercaseCrc));
    }

    let short = format!("{BODY}6303ABC");
    assert_eq!(
        strict(&short),
        (ErrorKind::InvalidCrcFormat, BODY.len() + 4, "63".into())
    );
    let nonhex = format!("{BODY}6304ABCG");
    assert_eq!(
        strict(&nonhex),
        (ErrorKind::InvalidCrcFormat, BODY.len() + 4, "63".into())
    );
    assert_eq!(
        strict(BODY),
        (ErrorKind::MissingCrc, BODY.len(), "63".into())
    );
    let trailing = format!("{s}01");
    assert_eq!(
        strict(&trailing),
        (ErrorKind::CrcNotLast, s.len(), "".into())
    );

    // The checksum is checked before any other rule: a broken rule with a bad CRC is a CRC error.
    let both = format!("{}6304FFFF", BODY.replace("5303116", "53031X6"));
    assert_eq!(strict(&both).0, ErrorKind::CrcMismatch);
    // Verification off (diagnostics): a warning, never silence.
    let p = ParseOptions::new()
        .verify_checksum(false)
        .parse(&bad)
        .unwrap();
    assert!(p.warnings().contains(ErrorKind::ChecksumNotVerified));
}

#[test]
fn syntax_errors_with_offsets_and_paths() {
    let s = seal(&BODY.replace("5909Coffee Co", "59X9Coffee Co"));
    assert_eq!(
        strict(&s),
        (ErrorKind::InvalidLength, at(&s, "59X9") + 2, "59".into())
    );
    let s = seal(&BODY.replace("5909Coffee Co", "5900"));
    assert_eq!(
        strict(&s),
        (ErrorKind::ZeroLength, at(&s, "5900") + 2, "59".into())
    );
    let s = seal(&BODY.replace("0506INV-01", "05X6INV-01"));
    assert_eq!(
        strict(&s),
        (ErrorKind::InvalidLength, at(&s, "05X6") + 2, "62.05".into())
    );
    let s = seal(&BODY.replace("0506INV-01", "0507INV-01"));
    assert_eq!(
        strict(&s),
        (ErrorKind::Truncated, at(&s, "0507"), "62.05".into())
    );
    let cut = &seal(BODY)[..40];
    assert_eq!(strict(cut).0, ErrorKind::Truncated);
    assert_eq!(strict("0002010A"), (ErrorKind::InvalidId, 6, "".into()));
    assert_eq!(strict(""), (ErrorKind::Empty, 0, "".into()));
    assert_eq!(strict(&"0".repeat(4097)).0, ErrorKind::TooLong);
    assert!(matches!(
        strict("upi://pay?pa=shop@bank").0,
        ErrorKind::NotEmv(emvqr::NonEmv::UpiUri)
    ));
    assert!(matches!(
        strict("https://qr.alipay.com/bax01234").0,
        ErrorKind::NotEmv(emvqr::NonEmv::AlipayUrl)
    ));
}

#[test]
fn rule_errors_with_offsets_and_paths() {
    let cases: &[(&str, &str, ErrorKind, &str, isize)] = &[
        // (replace, with, kind, path, offset of `with` + delta)
        ("000201", "000202", ErrorKind::InvalidPfi, "00", 4),
        ("010211", "010213", ErrorKind::InvalidInitiation, "01", 4),
        ("52045999", "5203599", ErrorKind::WrongLength, "52", 0),
        ("5303116", "53031X6", ErrorKind::NotNumeric, "53", 5),
        (
            "5909Coffee Co",
            "5926Coffee Co Coffee Co Coffee",
            ErrorKind::ValueTooLong,
            "59",
            0,
        ),
        (
            "6010Phnom Penh",
            "6016Phnom Penh Thmey",
            ErrorKind::ValueTooLong,
            "60",
            0,
        ),
        (
            "5909Coffee Co",
            "5909Café Co!!",
            ErrorKind::NonAscii,
            "59",
            7,
        ),
        (
            "5909Coffee Co",
            "5909Coffee\u{7}Co",
            ErrorKind::InvalidCharacter,
            "59",
            10,
        ),
        ("5802KH", "5803KHM", ErrorKind::WrongLength, "58", 0),
        (
            "0506INV-01",
            "0506INV-010902MX",
            ErrorKind::InvalidConsumerData,
            "62.09",
            14,
        ),
        (
            "0506INV-01",
            "0506INV-011103999",
            ErrorKind::InvalidMerchantChannel,
            "62.11",
            14,
        ),
        (
            "0506INV-01",
            "0506INV-011202AB",
            ErrorKind::RfuId,
            "62.12",
            10,
        ),
        (
            "62100506INV-01",
            "62100506INV-016502AB",
            ErrorKind::RfuId,
            "65",
            14,
        ),
        (
            "00140000000000000001",
            "01140000000000000001",
            ErrorKind::MissingGui,
            "26.00",
            -4,
        ),
        ("5303116", "53031165303116", ErrorKind::DuplicateId, "53", 7),
    ];
    for &(from, to, kind, path, delta) in cases {
        let body = BODY.replacen(from, to, 1);
        let body = fix_template_lengths(&body);
        let s = seal(&body);
        let base = s.find(to).unwrap_or(0) as isize;
        let expected = usize::try_from(base + delta).unwrap();
        assert_eq!(
            strict(&s),
            (kind, expected, path.to_string()),
            "{from} -> {to}: {s}"
        );
    }
}

/// Recomputes the lengths of 26 and 62 after an edit inside them.
fn fix_template_lengths(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while rest.len() >= 4 {
        let id = &rest[..2];
        let len: usize = rest[2..4].parse().unwrap_or(0);
        if id == "26" || id == "62" {
            // The template runs to the next root ID we know follows it.
            let next = if id == "26" {
                rest.find("5204").or_else(|| rest.find("5203"))
            } else {
                rest.find("65").filter(|i| *i > 4)
            };
            let end = next.unwrap_or(rest.len());
            let value = &rest[4..end];
            out.push_str(&format!("{id}{:02}{value}", value.chars().count()));
            rest = &rest[end..];
            continue;
        }
        let n: usize = rest[4..]
            .char_indices()
            .nth(len)
            .map_or(rest.len() - 4, |(i, _)| i);
        out.push_str(&rest[..4 + n]);
        rest = &rest[4 + n..];
    }
    out.push_str(rest);
    out
}

#[test]
fn amounts_and_fees() {
    for (amount, kind) in [
        ("1,00", ErrorKind::InvalidAmount),
        ("-5", ErrorKind::InvalidAmount),
        (".5", ErrorKind::InvalidAmount),
        ("0.00", ErrorKind::ZeroAmount),
        ("1.2.3", ErrorKind::InvalidAmount),
    ] {
        let body = format!("{BODY}54{:02}{amount}", amount.len());
        let s = seal(&body);
        assert_eq!(strict(&s), (kind, BODY.len() + 4, "54".into()), "{amount}");
    }
    for ok in ["98.73", "98", "98.", "1234567890.12"] {
        let s = seal(&format!("{BODY}54{:02}{ok}", ok.len()));
        assert_eq!(Payload::parse(&s).unwrap().amount(), Some(ok));
    }
    let zero = seal(&format!("{BODY}54010"));
    assert!(ParseOptions::new()
        .allow_zero_amount(true)
        .parse(&zero)
        .is_ok());
    let s = seal(&format!("{BODY}550202"));
    assert_eq!(strict(&s), (ErrorKind::MissingFee, BODY.len(), "56".into()));
    let s = seal(&format!("{BODY}5502035603500"));
    assert_eq!(strict(&s), (ErrorKind::MissingFee, BODY.len(), "57".into()));
    let s = seal(&format!("{BODY}5603500"));
    assert_eq!(
        strict(&s),
        (ErrorKind::UnexpectedFee, BODY.len(), "56".into())
    );
    assert!(Payload::parse(&seal(&format!("{BODY}55020256031.5"))).is_ok());
    assert!(Payload::parse(&seal(&format!("{BODY}5502035705 2.5"))).is_err());
    assert!(Payload::parse(&seal(&format!("{BODY}550203570512.50"))).is_ok());
}

#[test]
fn presence_rules() {
    let s = seal(&BODY.replace("5802KH", ""));
    assert_eq!(strict(&s), (ErrorKind::Missing, s.len() - 8, "58".into()));
    assert!(ParseOptions::new()
        .allow_missing(58, true)
        .parse(&s)
        .is_ok());
    let s = seal(&BODY.replace("263100140000000000000001091234567895", "5"));
    assert_eq!(
        strict(&s),
        (ErrorKind::NoMerchantAccount, s.len() - 8, "".into())
    );
    let s = seal(&format!("010211000201{}", &BODY[12..]));
    assert_eq!(strict(&s), (ErrorKind::PfiNotFirst, 0, "00".into()));
}

#[test]
fn length_units_and_limits() {
    // 64.01 with a character outside the BMP: one scalar value, two UTF-16 units.
    let chars = seal(&format!("{BODY}64120002ZH0102😀店"));
    assert!(Payload::parse(&chars).is_ok());
    let utf16 = ParseOptions::new().length_unit(LengthUnit::Utf16);
    let e = utf16.parse(&chars).unwrap_err();
    assert!(e.kind().is_syntax(), "{e}");
    let units = seal(&format!("{BODY}64130002ZH0103😀店"));
    assert!(utf16.parse(&units).is_ok());

    let long = seal(&format!("{BODY}{}", "80260014A00000000000010104abcd"));
    assert!(Payload::parse(&long).is_ok());
    let e = ParseOptions::new()
        .max_len(Some(100))
        .parse(&long)
        .unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::PayloadTooLong, 0));
}

#[test]
fn sha256_checksum_strategy() {
    let s = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK63049e3a";
    let opts = ParseOptions::new()
        .checksum(Checksum::Sha256Tail4)
        .allow_missing(58, true)
        .allow_missing(60, true)
        .allow_rfu(true);
    let e = Payload::parse(s).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CrcMismatch);
    let err = opts.parse(s);
    // 32 is a merchant account template (26–51) whose 00 is the provider id: EMV-shaped.
    assert!(err.is_ok(), "{err:?}");
}

#[test]
fn lenient_reports_every_warning_with_offsets() {
    let body = BODY
        .replace("000201", "000202")
        .replace("5909Coffee Co", "5926Coffee Co Coffee Co Coffee");
    let s = seal(&body);
    let p = ParseOptions::lenient().parse(&s).unwrap();
    let w: Vec<_> = p
        .warning_details()
        .iter()
        .map(|w| (w.kind(), w.offset(), w.path().to_string()))
        .collect();
    assert_eq!(
        w,
        [
            (ErrorKind::InvalidPfi, 4, "00".into()),
            (ErrorKind::ValueTooLong, at(&s, "5926"), "59".into())
        ]
    );
}

/// (kind, offset, path) of each warning.
fn warnings(p: &Payload<'_>) -> Vec<(ErrorKind, usize, String)> {
    p.warning_details()
        .iter()
        .map(|w| (w.kind(), w.offset(), w.path().to_string()))
        .collect()
}

#[test]
fn a_lenient_read_goes_on_past_a_zero_length_value() {
    // An empty 62.01 before 62.05, and an empty 61 at the root.
    let body = BODY.replace("62100506INV-01", "610062140100050612345X");
    let s = seal(&body);
    let (root, sub) = (at(&s, "6100"), at(&s, "0100"));
    // Strict: the walk stops at the first one, as before.
    assert_eq!(strict(&s), (ErrorKind::ZeroLength, root + 2, "61".into()));
    let report = emvqr::validate_all(&s);
    assert_eq!(report.errors.len(), 1);

    let p = ParseOptions::lenient().parse(&s).unwrap();
    assert_eq!(
        warnings(&p),
        [
            (ErrorKind::ZeroLength, root + 2, "61".into()),
            (ErrorKind::ZeroLength, sub + 2, "62.01".into()),
        ]
    );
    assert_eq!(p.postal_code(), Some(""));
    let add = p.additional_data().unwrap();
    assert_eq!(
        (add.bill_number(), add.reference_label()),
        (Some(""), Some("12345X"))
    );
    assert_eq!(p.crc(), Some(&s[s.len() - 4..]));
    // The same knob alone, and the full report.
    let only = ParseOptions::new().allow_zero_length(true);
    assert_eq!(warnings(&only.parse(&s).unwrap()).len(), 2);
    let all = ParseOptions::lenient().validate_all(&s);
    assert!(all.is_valid());
    assert_eq!(all.warnings.len(), 2);
    // A lenient parse re-encodes byte for byte, empty values included.
    assert_eq!(
        emvqr::PayloadBuilder::from(&p).build().as_deref(),
        Ok(s.as_str())
    );
}

#[test]
fn a_zero_length_value_still_meets_its_own_rules() {
    // An empty MCC: read on, but `N4` is four digits.
    let s = seal(&BODY.replace("52045999", "5200"));
    let e = ParseOptions::lenient().parse(&s).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::WrongLength, at(&s, "5200"), "52".into())
    );
    // An empty account template lacks its GUI.
    let s = seal(&BODY.replace("26310014000000000000000109123456789", "26000211+6591234567"));
    let e = ParseOptions::lenient().parse(&s).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (ErrorKind::MissingGui, at(&s, "2600"), "26.00".into())
    );
}

#[test]
fn a_zero_length_inside_an_unreserved_template() {
    let body = format!("{BODY}80160008A00000000100");
    let s = seal(&body);
    let t = at(&s, "8016");
    // Strict: the template does not scan, so it is a primitive (rejected).
    assert_eq!(strict(&s), (ErrorKind::UnreservedPrimitive, t, "80".into()));
    // Lenient: it scans, with the empty 80.01 reported where it is.
    let p = ParseOptions::lenient().parse(&s).unwrap();
    assert_eq!(
        warnings(&p),
        [(ErrorKind::ZeroLength, t + 16 + 2, "80.01".into())]
    );
    let tpl = p.unreserved_template(80).unwrap();
    assert_eq!((tpl.gui(), tpl.get(1)), (Some("A0000000"), Some("")));
}

#[test]
fn an_empty_bill_number_is_zero_length_not_value_too_long() {
    // Parsed: the length digits `00` of 62.01.
    let s = seal(&BODY.replace("62100506INV-01", "62140100050612345X"));
    let off = at(&s, "62140100") + 4;
    assert_eq!(strict(&s), (ErrorKind::ZeroLength, off + 2, "62.01".into()));
    // Built: the builder refuses the empty value by the same name, with its path.
    let base = seal(BODY);
    let p = Payload::parse(&base).unwrap();
    let e = emvqr::PayloadBuilder::from(&p)
        .bill_number("")
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::ZeroLength, "62.01".into())
    );
    // A template of one empty value has a length of 4, not 0 and not over 99.
    let e = emvqr::PayloadBuilder::new()
        .additional_data(emvqr::TemplateBuilder::new().set(1, ""))
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::ZeroLength, "62.01".into())
    );
}

#[test]
fn field_listing_reads_past_zero_lengths() {
    let s = seal(&BODY.replace("62100506INV-01", "610062140100050612345X"));
    let f: Vec<(String, &str)> = emvqr::leaf_fields(&s, LengthUnit::Chars)
        .into_iter()
        .map(|(p, v)| (p.to_string(), v))
        .collect();
    let tail: Vec<(&str, &str)> = f
        .iter()
        .rev()
        .take(4)
        .map(|(p, v)| (p.as_str(), *v))
        .collect();
    assert_eq!(
        tail,
        [
            ("63", &s[s.len() - 4..]),
            ("62.05", "12345X"),
            ("62.01", ""),
            ("61", "")
        ]
    );
}
