//! EMV consumer-presented mode: the shared corridor vectors, the Java peer's (mvallim/emv-qrcode)
//! test vectors as data, error kinds with offsets and paths, the lenient deviations, the typed
//! views, the builder's round trips (also as a property test), and the allocation-free walk.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;
use common::allocations;

use emvqr::cpm::{
    self, Cpm, CpmBuilder, CpmError, CpmErrorKind, CpmNetwork, CpmOptions, Tag, TemplateBuilder,
    Tlvs,
};
use proptest::prelude::*;

#[global_allocator]
static GLOBAL: common::Counting = common::Counting;

const VECTORS: &str = include_str!("vectors/cpm-vectors.tsv");
const FIELDS: &str = include_str!("vectors/cpm-fields.tsv");
const MVALLIM: &str = include_str!("vectors/cpm-mvallim.tsv");

/// Rows of a TSV file as maps from the header's column names.
fn rows(tsv: &str) -> Vec<std::collections::HashMap<&str, &str>> {
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| header.iter().copied().zip(l.split('\t')).collect())
        .collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02X}")).collect()
}

/// Standard base64 with padding, written here independently of the library's encoder.
fn b64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

fn field<'a>(fields: &'a [(String, String)], path: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == path)
        .map(|(_, v)| v.as_str())
}

fn strict_err(text: &str) -> CpmError {
    cpm::decode(text).expect_err(text)
}

fn err_of(bytes_hex: &str) -> CpmError {
    CpmOptions::new()
        .validate_bytes(&unhex(bytes_hex))
        .expect_err(bytes_hex)
}

/// (kind, decoded offset, base64 offset, path) of an error.
fn where_(e: &CpmError) -> (CpmErrorKind, usize, usize, String) {
    (
        e.kind(),
        e.offset(),
        e.base64_offset(),
        e.path().to_string(),
    )
}

const PFI: &str = "85054350563031";

// ---------------------------------------------------------------------------------------------
// The shared corridor vectors (family emv-cpm).

#[test]
fn corridor_vectors_give_their_verdict_scheme_fields_and_round_trip() {
    let expected_fields = rows(FIELDS);
    let vectors = rows(VECTORS);
    assert_eq!(vectors.len(), 5);
    let mut valid = 0;
    for v in &vectors {
        let (label, payload) = (v["label"], v["payload"]);
        assert_eq!(v["family"], "emv-cpm");
        assert!(cpm::looks_like_cpm(payload), "{label}");
        match v["verdict"] {
            "valid" => {
                valid += 1;
                let c = cpm::decode(payload).unwrap_or_else(|e| panic!("{label}: {e}"));
                assert!(c.warnings().is_empty(), "{label}");
                assert_eq!(c.network().id(), v["scheme"], "{label}");
                let schemes: Vec<&str> = c.networks().iter().map(|n| n.id()).collect();
                for s in v["schemes_include"].split(',').filter(|s| !s.is_empty()) {
                    assert!(schemes.contains(&s), "{label}: {schemes:?} lacks {s}");
                }
                let want: Vec<(String, String)> = expected_fields
                    .iter()
                    .filter(|r| r["label"] == label)
                    .map(|r| (r["path"].to_string(), r["value"].to_string()))
                    .collect();
                assert!(!want.is_empty(), "{label}");
                assert_eq!(c.fields(), want, "{label}");
                assert_eq!(cpm::leaf_fields(payload, &CpmOptions::new()), want);
                // decode → build is the identity, through the fields shape.
                assert_eq!(c.reencode().unwrap(), payload, "{label}");
                let again =
                    CpmBuilder::from_fields(want.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                        .build()
                        .unwrap();
                assert_eq!(again, payload, "{label}");
                // And the lenient reading agrees, without warnings.
                let l = CpmOptions::new().lenient(true).decode(payload).unwrap();
                assert!(l.warnings().is_empty());
                assert_eq!(l.fields(), c.fields());
            }
            "invalid" => {
                let e = strict_err(payload);
                assert!(CpmOptions::new().lenient(true).decode(payload).is_err());
                assert!(!e.to_string().is_empty());
            }
            other => panic!("{label}: verdict {other}"),
        }
    }
    assert_eq!(valid, 4);
}

#[test]
fn qris_length_147_written_short_form_names_the_byte_and_its_offset() {
    let v = rows(VECTORS)
        .into_iter()
        .find(|v| v["label"] == "QRIS CPM, length 147 written short-form")
        .unwrap();
    let payload = v["payload"];
    let e = strict_err(payload);
    assert_eq!(
        where_(&e),
        (CpmErrorKind::InvalidLength(0x93), 8, 10, "61".to_string())
    );
    assert_eq!(e.kind().name(), "invalid_length");
    assert_eq!(
        e.to_string(),
        "length byte 0x93 is neither short form (below 0x80) nor 81 or 82 at byte 8 (base64 character 10) in 61"
    );
    // The byte really is there; the rest of the code is exactly 147 bytes.
    let bytes = decode_b64(payload);
    assert_eq!(bytes[8], 0x93);
    assert_eq!(bytes.len() - 9, 147);
    // What could be read before it.
    assert_eq!(
        cpm::leaf_fields(payload, &CpmOptions::new()),
        vec![("85".to_string(), "CPV01".to_string())]
    );
}

/// Base64 decoding written here independently of the library (standard alphabet, padded).
fn decode_b64(s: &str) -> Vec<u8> {
    let v = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let body = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::new();
    for c in body.chunks(4) {
        let mut n = 0u32;
        for (i, ch) in c.iter().enumerate() {
            n |= v(*ch) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..c.len()]);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The Java peer's test vectors (data in tests/vectors/cpm-mvallim.tsv, with their source).

/// Follows a path (`62.64.4F`) through TLV levels without the CPM rules.
fn tlv_at(bytes: &[u8], path: &str) -> Option<(Tag, Vec<u8>)> {
    let mut level = bytes.to_vec();
    let mut found = None;
    for seg in path.split('.') {
        let tag = Tag::parse_hex(seg).unwrap();
        let t = Tlvs::new(&level)
            .map(Result::unwrap)
            .find(|t| t.tag() == tag)?;
        found = Some((tag, t.value().to_vec()));
        level = t.value().to_vec();
    }
    found
}

/// A lone template of the peer's tests placed where it belongs in a minimal code.
fn wrap(template_hex: &str) -> String {
    let app = "61094F07A0000000555555";
    let t = unhex(template_hex);
    let wrapped = match t[0] {
        0x62 => format!("{PFI}{app}{template_hex}"),
        0x63 => format!("{PFI}61{:02X}4F07A0000000555555{template_hex}", 9 + t.len()),
        0x64 => format!("{PFI}{app}62{:02X}{template_hex}", t.len()),
        other => panic!("template {other:02X}"),
    };
    wrapped
}

#[test]
fn mvallim_vectors_match_field_for_field() {
    let mut checked = 0;
    for r in rows(MVALLIM) {
        let (check, input, path, expected) = (r["check"], r["input"], r["path"], r["expected"]);
        let ctx = format!("{} [{check} {path}]", r["source"]);
        match check {
            "field" => {
                let c = cpm::decode(input).unwrap();
                assert_eq!(field(&c.fields(), path), Some(expected), "{ctx}");
            }
            "hex" => assert_eq!(hex(cpm::decode(input).unwrap().bytes()), expected, "{ctx}"),
            "valid" => assert!(cpm::decode(input).is_ok(), "{ctx}"),
            "valid-bytes" => {
                CpmOptions::new().validate_bytes(&unhex(input)).unwrap();
                // And as base64 text, with a round trip.
                let text = b64(&unhex(input));
                assert_eq!(cpm::decode(&text).unwrap().reencode().unwrap(), text);
            }
            "tlv" => {
                let (tag, value) = tlv_at(&unhex(input), path).expect(&ctx);
                let shown = if tag.is_text() {
                    String::from_utf8(value).unwrap()
                } else {
                    hex(&value)
                };
                assert_eq!(shown, expected, "{ctx}");
            }
            "error" | "error-bytes" | "template-error" => {
                let bytes = match check {
                    "error" => decode_b64(input),
                    "error-bytes" => unhex(input),
                    _ => unhex(&wrap(input)),
                };
                let e = CpmOptions::new().validate_bytes(&bytes).unwrap_err();
                let (kind, object) = expected.split_once(' ').unwrap();
                assert_eq!(e.kind().name(), kind, "{ctx}: {e}");
                assert_eq!(e.path().to_string(), path, "{ctx}");
                assert!(hex(&bytes[e.offset()..]).starts_with(object), "{ctx}: {e}");
                if check == "error" {
                    assert_eq!(strict_err(input), e);
                }
            }
            "build" | "build-hex" => {
                let pairs: Vec<(&str, &str)> = input
                    .split(';')
                    .map(|kv| kv.split_once('=').unwrap())
                    .collect();
                let b = CpmBuilder::from_fields(pairs);
                if check == "build" {
                    assert_eq!(b.build().unwrap(), expected, "{ctx}");
                } else {
                    assert_eq!(hex(&b.build_bytes().unwrap()), expected, "{ctx}");
                }
            }
            other => panic!("{ctx}: unknown check {other}"),
        }
        checked += 1;
    }
    assert_eq!(checked, 35);
}

#[test]
fn typed_builder_reproduces_the_peer_model_test() {
    // ConsumerPresentedModeTest.testSuccessToHexWithApplicationTemplate, with typed setters.
    let text = CpmBuilder::new()
        .application(
            TemplateBuilder::new()
                .aid(&unhex("A0000000555555"))
                .label("Product1"),
        )
        .application(
            TemplateBuilder::new()
                .aid(&unhex("A0000000666666"))
                .label("Product2"),
        )
        .common_data(
            TemplateBuilder::new()
                .pan("1234567890123458")
                .cardholder_name("CARDHOLDER/EMV")
                .language_preference("ruesdeen")
                .transparent(
                    TemplateBuilder::new()
                        .issuer_application_data(&unhex("06010A03000000"))
                        .cryptogram(&unhex("584FD385FA234BCC"))
                        .application_transaction_counter(&unhex("0001"))
                        .unpredictable_number(&unhex("6D58EF13")),
                ),
        )
        .build()
        .unwrap();
    let stated = rows(MVALLIM)
        .into_iter()
        .find(|r| r["check"] == "build")
        .unwrap()["expected"];
    assert_eq!(text, stated);
}

// ---------------------------------------------------------------------------------------------
// Errors: kind, decoded offset, base64 position, path.

/// A minimal application template: `61 09 4F07 A0000000555555`.
const APP: &str = "61094F07A0000000555555";

fn code(hex_after_pfi: &str) -> String {
    b64(&unhex(&format!("{PFI}{hex_after_pfi}")))
}

#[test]
fn base64_errors_name_the_character() {
    let e = strict_err("hQVDUFYw!WEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=");
    assert_eq!(
        where_(&e),
        (CpmErrorKind::InvalidBase64('!'), 6, 8, String::new())
    );
    assert_eq!(e.kind().name(), "invalid_base64");
    let e = strict_err("hQVDUFYwMWé");
    assert_eq!(e.kind(), CpmErrorKind::InvalidBase64('é'));
    assert_eq!(e.base64_offset(), 10);
    // Padding in the middle, too much of it, a length no base64 has.
    assert_eq!(
        where_(&strict_err("hQVDUFYwMQ=A")),
        (CpmErrorKind::InvalidPadding, 7, 10, String::new())
    );
    assert_eq!(
        strict_err("hQVDUFYwMQ===").kind(),
        CpmErrorKind::InvalidPadding
    );
    assert_eq!(
        where_(&strict_err("hQVDUFYwM")),
        (CpmErrorKind::InvalidPadding, 6, 8, String::new())
    );
    assert_eq!(strict_err("").kind(), CpmErrorKind::Empty);
    let long = "A".repeat(4097);
    assert_eq!(strict_err(&long).kind(), CpmErrorKind::TooLong);
}

#[test]
fn structural_errors_have_offset_and_path() {
    let cases: &[(&str, CpmErrorKind, usize, &str)] = &[
        // A length running past the end: at the length byte.
        (
            "611A4F07A0000000555555570F1234",
            CpmErrorKind::Truncated,
            8,
            "61",
        ),
        // A template whose content ends inside a data object.
        ("61084F07A00000005555", CpmErrorKind::Truncated, 10, "61.4F"),
        // A stray byte after the last template.
        (
            "61094F07A000000055555555",
            CpmErrorKind::Truncated,
            19,
            "55",
        ),
        // The header itself cut.
        ("9F", CpmErrorKind::Truncated, 7, ""),
        ("61", CpmErrorKind::Truncated, 8, "61"),
        ("6181", CpmErrorKind::Truncated, 8, "61"),
        // Length bytes that are neither short form nor 81/82.
        ("6180", CpmErrorKind::InvalidLength(0x80), 8, "61"),
        ("6183000009", CpmErrorKind::InvalidLength(0x83), 8, "61"),
        // Tags: 00 and three bytes.
        ("00", CpmErrorKind::InvalidTag, 7, ""),
        (
            "610D4F07A00000005555559F810100",
            CpmErrorKind::InvalidTag,
            18,
            "61",
        ),
        // Templates.
        ("6100", CpmErrorKind::EmptyTemplate, 7, "61"),
        (
            "610B4F07A00000005555556300",
            CpmErrorKind::EmptyTemplate,
            18,
            "61.63",
        ),
        (
            "4F07A0000000555555",
            CpmErrorKind::ExpectedTemplate,
            7,
            "4F",
        ),
        (
            "61124F07A00000005555556307E105E203C10100",
            CpmErrorKind::TooDeep,
            22,
            "61.63.E1.E2",
        ),
        // Mandatory objects.
        ("", CpmErrorKind::Missing, 7, "61"),
        ("6103500141", CpmErrorKind::Missing, 7, "61.4F"),
        // Duplicates at one level (61 may repeat; nothing else).
        (
            "61124F07A00000005555554F07A0000000555555",
            CpmErrorKind::DuplicateTag,
            18,
            "61.4F[1]",
        ),
        (
            "61094F07A000000055555562035A01126203500141",
            CpmErrorKind::DuplicateTag,
            23,
            "62[1]",
        ),
        // Values that break their format.
        ("61064F04A0000000", CpmErrorKind::InvalidValue, 11, "61.4F"),
        (
            "610F4F07A000000055555557041234567F",
            CpmErrorKind::InvalidValue,
            20,
            "61.57",
        ),
        (
            "610D4F07A00000005555555A0212A4",
            CpmErrorKind::InvalidValue,
            20,
            "61.5A",
        ),
        (
            "610E4F07A00000005555555F34020101",
            CpmErrorKind::InvalidValue,
            21,
            "61.5F34",
        ),
        // Text: a control character, bytes that are not UTF-8, non-ASCII text.
        (
            "610E4F07A000000055555550034100420A",
            CpmErrorKind::InvalidCharacter,
            21,
            "61.50",
        ),
        (
            "610D4F07A00000005555555002C328",
            CpmErrorKind::InvalidCharacter,
            20,
            "61.50",
        ),
        (
            "61104F07A0000000555555500543616FC3A9",
            CpmErrorKind::NonAscii,
            23,
            "61.50",
        ),
        // Deviations a lenient decode accepts.
        (
            "6181094F07A0000000555555",
            CpmErrorKind::NonMinimalLength,
            8,
            "61",
        ),
        (
            "618200094F07A0000000555555",
            CpmErrorKind::NonMinimalLength,
            8,
            "61",
        ),
        (
            "61094F07A000000055555563059F36020001",
            CpmErrorKind::MisplacedTemplate,
            18,
            "63",
        ),
        (
            "61104F07A000000055555564059F36020001",
            CpmErrorKind::MisplacedTemplate,
            18,
            "61.64",
        ),
        (
            "61094F07A00000005555556503C10101",
            CpmErrorKind::UnexpectedTag,
            18,
            "65",
        ),
        (
            "61104F07A000000055555585054350563031",
            CpmErrorKind::UnexpectedTag,
            18,
            "61.85",
        ),
    ];
    for (hex_after_pfi, kind, offset, path) in cases {
        let bytes = unhex(&format!("{PFI}{hex_after_pfi}"));
        let e = CpmOptions::new().validate_bytes(&bytes).unwrap_err();
        let base64_offset = offset / 3 * 4 + offset % 3;
        assert_eq!(
            where_(&e),
            (*kind, *offset, base64_offset, path.to_string()),
            "{hex_after_pfi}: {e}"
        );
        assert_eq!(strict_err(&b64(&bytes)), e, "{hex_after_pfi}");
        assert_eq!(
            CpmOptions::new()
                .lenient(true)
                .validate_bytes(&bytes)
                .is_ok(),
            kind.is_lenient(),
            "{hex_after_pfi}"
        );
    }
}

#[test]
fn payload_format_indicator_must_come_first_and_say_cpv01() {
    let e = err_of(&format!("{APP}{PFI}"));
    assert_eq!(
        where_(&e),
        (CpmErrorKind::PfiNotFirst, 0, 0, "61".to_string())
    );
    let e = err_of(&format!("85054350563032{APP}"));
    assert_eq!(
        where_(&e),
        (CpmErrorKind::InvalidPfi, 2, 2, "85".to_string())
    );
    assert_eq!(
        err_of(&format!("8500{APP}")).kind(),
        CpmErrorKind::InvalidPfi
    );
    assert_eq!(
        CpmOptions::new().validate_bytes(&[]).unwrap_err().kind(),
        CpmErrorKind::Empty
    );
}

#[test]
fn error_messages_say_what_and_where() {
    let e = err_of("85054350563031610B4F07A00000005555556300");
    assert_eq!(
        e.to_string(),
        "empty template at byte 18 (base64 character 24) in 61.63"
    );
    let e = strict_err("hQVDUFYw!WEa");
    assert_eq!(
        e.to_string(),
        "character '!' is not base64 at byte 6 (base64 character 8)"
    );
    let e: Box<dyn std::error::Error> = Box::new(e);
    assert!(e.to_string().contains("base64"));
}

// ---------------------------------------------------------------------------------------------
// Lenient reading: each deviation a warning, same kind/offset/path as the strict error.

fn lenient(text: &str) -> Cpm {
    CpmOptions::new().lenient(true).decode(text).unwrap()
}

#[test]
fn top_level_transparent_template_is_read_as_its_applications() {
    let text = code(&format!("{APP}63059F36020001"));
    let e = strict_err(&text);
    assert_eq!(e.kind(), CpmErrorKind::MisplacedTemplate);
    let c = lenient(&text);
    assert_eq!(c.warnings(), &[e]);
    let app = c.applications().next().unwrap();
    let t = app.transparent().unwrap();
    assert_eq!(t.application_transaction_counter(), Some(&[0x00, 0x01][..]));
    assert_eq!(field(&c.fields(), "63.9F36"), Some("0001"));
    // The deviation is kept by a lenient re-encode, refused by a strict build.
    assert_eq!(c.reencode().unwrap(), text);
    let fields = c.fields();
    let pairs = || fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    assert_eq!(
        CpmBuilder::from_fields(pairs()).build().unwrap_err().kind(),
        CpmErrorKind::MisplacedTemplate
    );
}

#[test]
fn base64_deviations_are_warnings_when_lenient() {
    let one = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
    let strict = cpm::decode(one).unwrap();
    // Without padding.
    let unpadded = one.trim_end_matches('=');
    let e = strict_err(unpadded);
    assert_eq!(
        where_(&e),
        (CpmErrorKind::MissingPadding, 35, 47, String::new())
    );
    let c = lenient(unpadded);
    assert_eq!(c.warnings(), &[e]);
    assert_eq!(c.bytes(), strict.bytes());
    assert_eq!(c.reencode().unwrap(), one);
    // Stray bits in the last character.
    let stray = one.replace("NF8=", "NF9=");
    let e = strict_err(&stray);
    assert_eq!(
        where_(&e),
        (CpmErrorKind::NonCanonicalBase64, 34, 46, String::new())
    );
    assert_eq!(lenient(&stray).bytes(), strict.bytes());
    // The URL-safe alphabet.
    let two = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
    let url = two.replace('+', "-").replace('/', "_");
    let at = two.find(['+', '/']).unwrap();
    let e = strict_err(&url);
    assert_eq!(
        (e.kind(), e.base64_offset()),
        (CpmErrorKind::UrlSafeBase64, at)
    );
    let c = lenient(&url);
    assert_eq!(c.warnings(), &[e]);
    assert_eq!(c.bytes(), cpm::decode(two).unwrap().bytes());
}

#[test]
fn several_deviations_are_all_reported_in_order() {
    // Long-form length where a short one fits, non-ASCII label, a top-level 63, no padding.
    let label = "Café 中文店";
    let app = format!(
        "4F07A000000055555550{:02X}{}",
        label.len(),
        hex(label.as_bytes())
    );
    let bytes = unhex(&format!(
        "{PFI}6181{:02X}{app}63059F36020001",
        app.len() / 2
    ));
    let text = b64(&bytes);
    let text = text.trim_end_matches('=');
    let c = lenient(text);
    let kinds: Vec<&str> = c.warnings().iter().map(|w| w.kind().name()).collect();
    assert_eq!(
        kinds,
        [
            "missing_padding",
            "non_minimal_length",
            "non_ascii",
            "misplaced_template"
        ]
    );
    assert_eq!(c.applications().next().unwrap().label(), Some(label));
    assert!(c.warnings().iter().all(|w| w.kind().is_lenient()));
    // The strict decode stops at the first.
    assert_eq!(strict_err(text), c.warnings()[0]);
    // A lenient re-encode writes canonical base64 and lengths.
    let again = c.reencode().unwrap();
    assert_ne!(again, text);
    assert_eq!(lenient(&again).fields(), c.fields());
}

#[test]
fn common_data_repeating_an_application_object_is_a_warning_when_lenient() {
    let text = code(&format!("{APP}62035A0112610C4F07A00000006666665A0112"));
    let e = strict_err(&text);
    assert_eq!(
        where_(&e),
        (
            CpmErrorKind::DuplicateInCommonData,
            20,
            26,
            "62.5A".to_string()
        )
    );
    assert_eq!(lenient(&text).warnings(), &[e]);
}

// ---------------------------------------------------------------------------------------------
// Typed views.

const UNIONPAY: &str = "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=";
const QRIS: &str = "hQVDUFYwMWFcTwegAAAGAiAgUAdRUklTQ1BNWgqTYAACISAJl0KPXyAOcml6a2EgcmFtYWRoYW5fLQRpZGVuX1AVYWRob24ucml6a3lAZ21haWwuY29tnyUCl0JjB590BGFlNjE=";
const TWO_APPS: &str = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";

#[test]
fn unionpay_view_splits_track2_and_reads_the_cryptogram() {
    let c = cpm::decode(UNIONPAY).unwrap();
    assert_eq!(c.payload_format_indicator(), "CPV01");
    assert_eq!(c.network(), CpmNetwork::UnionPay);
    assert_eq!(c.networks(), [CpmNetwork::UnionPay]);
    let app = c.applications().next().unwrap();
    assert_eq!(app.path().to_string(), "61");
    assert_eq!(app.aid(), Some(&unhex("A000000333010102")[..]));
    let t2 = app.track2().unwrap();
    assert_eq!(t2.pan().to_string(), "6263600100713672");
    assert_eq!(t2.expiry().to_string(), "2312");
    assert_eq!(t2.service_code().to_string(), "201");
    assert_eq!(t2.discretionary().to_string(), "0000018801");
    assert_eq!(app.pan_sequence_number(), Some(0));
    assert_eq!(app.label(), None);
    let t = app.transparent().unwrap();
    assert_eq!(t.tag(), Tag::APPLICATION_TRANSPARENT_TEMPLATE);
    assert_eq!(t.cryptogram(), Some(&unhex("568AD7BCE66B718B")[..]));
    assert_eq!(t.cryptogram_information_data(), Some(&[0x80][..]));
    assert_eq!(
        t.issuer_application_data(),
        Some(&unhex("07000103A0000001083030303030303031")[..])
    );
    assert_eq!(t.application_transaction_counter(), Some(&[0x11, 0x22][..]));
    assert_eq!(t.application_interchange_profile(), Some(&[0, 0][..]));
    assert_eq!(t.unpredictable_number(), Some(&unhex("2260488E")[..]));
    assert_eq!(c.pan().unwrap().to_string(), "6263600100713672");
    assert_eq!(c.masked_pan().as_deref(), Some("626360******3672"));
    let names: Vec<_> = t.data_objects().map(|o| o.name().unwrap()).collect();
    assert_eq!(names[0], "Application Cryptogram");
    assert_eq!(names[4], "Application Interchange Profile");
}

#[test]
fn qris_view_strips_pan_padding_and_names_qris() {
    let c = cpm::decode(QRIS).unwrap();
    assert_eq!(c.network(), CpmNetwork::Qris);
    assert_eq!(c.network().id(), "qris");
    let app = c.applications().next().unwrap();
    assert_eq!(app.label(), Some("QRISCPM"));
    let pan = app.pan().unwrap();
    // 19 digits and one `F`; the last-four field (9F25) of this real code says otherwise.
    assert_eq!(pan.to_string(), "9360000221200997428");
    assert_eq!(pan.len(), 19);
    assert_eq!(app.cardholder_name(), Some("rizka ramadhan"));
    assert_eq!(app.language_preference(), Some("iden"));
    assert_eq!(app.issuer_url(), Some("adhon.rizky@gmail.com"));
    assert_eq!(app.last_four_digits().unwrap().to_string(), "9742");
    assert_eq!(app.track2(), None);
    let t = app.transparent().unwrap();
    assert_eq!(t.get(Tag::new(0x9F74).unwrap()), Some(&b"ae61"[..]));
    assert_eq!(
        Tag::new(0x9F74).unwrap().name(),
        Some("QRIS proprietary data")
    );
    assert_eq!(c.masked_pan().as_deref(), Some("936000*********7428"));
}

#[test]
fn two_applications_and_common_data() {
    let c = cpm::decode(TWO_APPS).unwrap();
    let apps: Vec<_> = c.applications().collect();
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[1].path().to_string(), "61[1]");
    assert_eq!(apps[1].label(), Some("Product2"));
    assert_eq!(apps[0].network(), Some(CpmNetwork::Emv));
    assert_eq!(c.networks(), [CpmNetwork::Emv]);
    let common = c.common_data().unwrap();
    assert_eq!(common.pan().unwrap().to_string(), "1234567890123458");
    assert_eq!(common.cardholder_name(), Some("CARDHOLDER/EMV"));
    assert_eq!(common.language_preference(), Some("ruesdeen"));
    let t = common.transparent().unwrap();
    assert_eq!(t.path().to_string(), "62.64");
    assert_eq!(t.cryptogram(), Some(&unhex("584FD385FA234BCC")[..]));
    // The PAN comes from the common data when no application has one.
    assert_eq!(c.masked_pan().as_deref(), Some("123456******3458"));
    let paths: Vec<String> = c.data_objects().map(|o| o.path().to_string()).collect();
    assert_eq!(paths[..4], ["85", "61", "61.4F", "61.50"]);
    assert_eq!(paths.len(), 16);
    let first = c.data_objects().nth(2).unwrap();
    assert_eq!((first.tag(), first.offset()), (Tag::AID, 9));
}

#[test]
fn networks_put_a_national_scheme_first() {
    let text = CpmBuilder::new()
        .application(TemplateBuilder::new().aid(&unhex("A0000000031010")))
        .application(TemplateBuilder::new().aid(&unhex("A0000000041010")))
        .application(TemplateBuilder::new().aid(&unhex("A0000006022020")))
        .application(TemplateBuilder::new().aid(&unhex("A0000000031010")))
        .build()
        .unwrap();
    let c = cpm::decode(&text).unwrap();
    assert_eq!(
        c.networks(),
        [CpmNetwork::Qris, CpmNetwork::Visa, CpmNetwork::Mastercard]
    );
    assert_eq!(c.network(), CpmNetwork::Qris);
    for (aid, id) in [
        ("A0000000251010", "amex"),
        ("A0000000651010", "jcb"),
        ("A0000001523010", "discover"),
        ("A0000005241010", "rupay"),
        ("A000000333010101", "unionpay"),
        ("A0000006022021", "emv"),
    ] {
        assert_eq!(CpmNetwork::from_aid(&unhex(aid)).id(), id, "{aid}");
    }
}

#[test]
fn masked_pan_keeps_six_and_four_digits_of_long_pans_only() {
    for (pan, masked) in [
        ("1234567890123", "123456***0123"),
        ("123456789012", "********9012"),
        ("12345", "*2345"),
        ("1234", "1234"),
    ] {
        let text = CpmBuilder::new()
            .application(
                TemplateBuilder::new()
                    .aid(&unhex("A0000000031010"))
                    .pan(pan),
            )
            .build()
            .unwrap();
        assert_eq!(
            cpm::decode(&text).unwrap().masked_pan().as_deref(),
            Some(masked)
        );
    }
}

#[test]
fn tags_parse_display_and_know_their_format() {
    let t = Tag::parse_hex("9f26").unwrap();
    assert_eq!(t.to_string(), "9F26");
    assert_eq!((t.get(), t.len()), (0x9F26, 2));
    assert_eq!(t.bytes().collect::<Vec<_>>(), [0x9F, 0x26]);
    assert_eq!(Tag::parse_hex("4F").unwrap().to_string(), "4F");
    assert!(Tag::parse_hex("004F").is_none());
    assert!(Tag::parse_hex("1F").is_none()); // needs a second byte
    assert!(Tag::parse_hex("9F81").is_none()); // needs a third
    assert!(Tag::parse_hex("+9F2").is_none());
    assert!(Tag::new(0).is_none());
    assert!(Tag::APPLICATION_TEMPLATE.is_constructed());
    assert!(!Tag::AID.is_constructed());
    assert!(Tag::CARDHOLDER_NAME.is_text());
    assert!(!Tag::PAN.is_text());
    // Every dictionary entry is a valid tag, written once, in order (lookups search it).
    for w in cpm::TAGS.windows(2) {
        assert!(w[0].tag < w[1].tag, "{} before {}", w[0].tag, w[1].tag);
    }
    for info in cpm::TAGS {
        assert_eq!(Tag::new(info.tag.get()), Some(info.tag));
        assert_eq!(info.tag.info(), Some(info));
    }
    // The transit tags are named.
    assert!(Tag::new(0xC5).unwrap().name().unwrap().contains("transit"));
    assert!(Tag::new(0xDE).unwrap().name().unwrap().contains("transit"));
    // Unknown tags are binary, or templates when constructed.
    assert_eq!(Tag::new(0xDF01).unwrap().format(), cpm::Format::Binary);
    assert_eq!(Tag::new(0xE1).unwrap().format(), cpm::Format::Template);
}

#[test]
fn unknown_tags_are_kept() {
    let text = code("61124F07A0000000555555DF0103ABCDEFC10101");
    let c = cpm::decode(&text).unwrap();
    let fields = c.fields();
    assert_eq!(field(&fields, "61.DF01"), Some("ABCDEF"));
    assert_eq!(field(&fields, "61.C1"), Some("01"));
    assert_eq!(c.reencode().unwrap(), text);
}

// ---------------------------------------------------------------------------------------------
// Sniffing.

#[test]
fn looks_like_cpm_only_for_base64_starting_with_tag_85() {
    for v in rows(VECTORS) {
        assert!(cpm::looks_like_cpm(v["payload"]));
    }
    assert!(cpm::looks_like_cpm("hQVDUFYw"));
    // URL-safe alphabet, other lengths of 85.
    assert!(cpm::looks_like_cpm(&code(APP).replace('+', "-")));
    assert!(cpm::looks_like_cpm(&b64(&unhex("8506435056303132"))));
    for not in [
        "",
        "hQVDUFY",
        "hello world",
        "hQ!DUFYw",
        "hQVD UFYw",
        "00020101021129370016A000000677010111011300668912345675802TH53037646304FE29",
        "upi://pay?pa=a@b",
        "hYBDUFYw", // 85 80: not a short length
        "hQBDUFYw", // 85 00
    ] {
        assert!(!cpm::looks_like_cpm(not), "{not}");
    }
}

// ---------------------------------------------------------------------------------------------
// Building.

#[test]
fn long_form_lengths_are_written_minimally_and_read_back() {
    let url = "x".repeat(200); // 81 C8
    let blob = vec![0xAB; 300]; // 82 01 2C
    let text = CpmBuilder::new()
        .application(
            TemplateBuilder::new()
                .aid(&unhex("A000000333010102"))
                .issuer_url(&url)
                .transparent(TemplateBuilder::new().tag(Tag::new(0xC1).unwrap(), &blob)),
        )
        .build()
        .unwrap();
    let c = cpm::decode(&text).unwrap();
    let b = c.bytes();
    // 61 82 xx xx { 4F 08 …, 5F50 81 C8 …, 63 82 01 30 { C1 82 01 2C … } }
    assert_eq!(&b[7..9], &[0x61, 0x82]);
    assert_eq!(usize::from(u16::from_be_bytes([b[9], b[10]])), b.len() - 11);
    assert_eq!(&b[21..24], &[0x5F, 0x50, 0x81]);
    assert_eq!(b[24], 200);
    assert_eq!(&b[225..229], &[0x63, 0x82, 0x01, 0x30]);
    assert_eq!(&b[229..233], &[0xC1, 0x82, 0x01, 0x2C]);
    let app = c.applications().next().unwrap();
    assert_eq!(app.issuer_url(), Some(url.as_str()));
    assert_eq!(
        app.transparent().unwrap().get(Tag::new(0xC1).unwrap()),
        Some(&blob[..])
    );
    assert_eq!(c.reencode().unwrap(), text);
}

#[test]
fn typed_builder_checks_values_with_the_decoder_rules() {
    let app = || TemplateBuilder::new().aid(&unhex("A0000000031010"));
    let err = |t: TemplateBuilder| CpmBuilder::new().application(t).build().unwrap_err();
    let e = err(app().pan("12a4"));
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (CpmErrorKind::InvalidValue, "61.5A".into())
    );
    let e = err(app().track2("1234", "12", "201", ""));
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (CpmErrorKind::InvalidValue, "61.57".into())
    );
    let e = err(app().label("tab\there"));
    assert_eq!(e.kind(), CpmErrorKind::InvalidCharacter);
    assert_eq!(
        err(app().pan_sequence_number(100)).kind(),
        CpmErrorKind::InvalidValue
    );
    assert_eq!(
        err(TemplateBuilder::new().label("x")).kind(),
        CpmErrorKind::Missing
    );
    let e = CpmBuilder::new().build().unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (CpmErrorKind::Missing, "61".into())
    );
    // Too big for a two-byte length, and too long a text.
    let e = err(app().tag(Tag::new(0xC1).unwrap(), &vec![0; 70_000]));
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (CpmErrorKind::ValueTooLong, "61.C1".into())
    );
    let e = err(app().issuer_url(&"u".repeat(3100)));
    assert_eq!(e.kind(), CpmErrorKind::TooLong);
    // The largest code that fits.
    let text = CpmBuilder::new()
        .application(app().tag(Tag::new(0xC1).unwrap(), &vec![7; 3048]))
        .build()
        .unwrap();
    assert_eq!(text.len(), 4096);
    assert_eq!(cpm::decode(&text).unwrap().reencode().unwrap(), text);
    // Setters replace; the PAN sequence number is BCD.
    let text = CpmBuilder::new()
        .application(app().label("A").label("B").pan_sequence_number(42))
        .build()
        .unwrap();
    let c = cpm::decode(&text).unwrap();
    let a = c.applications().next().unwrap();
    assert_eq!(a.label(), Some("B"));
    assert_eq!(a.pan_sequence_number(), Some(42));
    assert_eq!(a.get(Tag::PAN_SEQUENCE_NUMBER), Some(&[0x42][..]));
}

#[test]
fn fields_that_cannot_be_read_are_reported_with_their_path() {
    let build = |fields: &[(&str, &str)]| CpmBuilder::from_fields(fields.iter().copied()).build();
    let bad = |fields: &[(&str, &str)], path: &str| {
        let e = build(fields).unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string()),
            (CpmErrorKind::InvalidField, path.into()),
            "{fields:?}"
        );
    };
    let pfi = ("85", "CPV01");
    bad(&[pfi, ("61.ZZ", "00")], "61");
    bad(&[pfi, ("", "00")], "");
    bad(&[pfi, ("61.4F", "A00")], "61.4F"); // odd hex
    bad(
        &[
            pfi,
            ("61.4F", "A0000000031010"),
            ("61.4F", "A0000000031010"),
        ],
        "61.4F",
    );
    bad(&[pfi, ("61[2].4F", "A0000000031010")], "61[2].4F"); // a gap
    bad(&[pfi, ("61", "4F07A0000000031010")], "61"); // a template as a value
    bad(&[pfi, ("4F.50", "41")], "4F.50"); // a primitive as a template
    bad(&[pfi, ("61.4F[1]", "A0000000031010")], "61.4F[1]");
    bad(&[pfi, ("61[x].4F", "A0000000031010")], "");
    bad(&[pfi, ("61.63.E1.E2.C1", "00")], "61.63.E1.E2");
    // Lowercase hex is read; uppercase comes out.
    let text = build(&[pfi, ("61.4F", "a0000000031010")]).unwrap();
    assert_eq!(
        cpm::decode(&text).unwrap().fields()[1],
        ("61.4F".to_string(), "A0000000031010".to_string())
    );
    // `61[0]` is the first application; fields group by template whatever their order.
    let a = build(&[
        pfi,
        ("61[0].4F", "A0000000031010"),
        ("61[1].4F", "A0000000041010"),
        ("61.50", "VISA"),
    ])
    .unwrap();
    let b = build(&[
        pfi,
        ("61.4F", "A0000000031010"),
        ("61.50", "VISA"),
        ("61[1].4F", "A0000000041010"),
    ])
    .unwrap();
    assert_eq!(a, b);
    // Without 85 the decoder's rule speaks.
    assert_eq!(
        build(&[("61.4F", "A0000000031010")]).unwrap_err().kind(),
        CpmErrorKind::PfiNotFirst
    );
}

// ---------------------------------------------------------------------------------------------
// No allocation in the walk.

#[test]
fn the_walk_allocates_nothing() {
    let codes: Vec<Vec<u8>> = rows(VECTORS)
        .iter()
        .map(|v| decode_b64(v["payload"]))
        .collect();
    let strict = CpmOptions::new();
    let lenient = CpmOptions::new().lenient(true);
    let before = allocations();
    let mut valid = 0;
    let mut objects = 0;
    for bytes in &codes {
        valid += usize::from(strict.validate_bytes(bytes).is_ok());
        valid += usize::from(lenient.validate_bytes(bytes).is_ok());
        objects += Tlvs::new(bytes).filter(Result::is_ok).count();
    }
    let after = allocations();
    assert_eq!(after - before, 0, "the walk allocated");
    assert_eq!((valid, objects), (8, 11));
    // And the counter counts: decoding allocates.
    let _ = cpm::decode(UNIONPAY).unwrap();
    assert!(allocations() > after);
}

// ---------------------------------------------------------------------------------------------
// Property tests: build → decode → build is the identity; nothing panics.

/// Cryptogram, cryptogram information data, issuer application data, transaction counter.
type Cryptogram = (Vec<u8>, u8, Vec<u8>, Vec<u8>);

#[derive(Debug, Clone)]
struct App {
    aid: Vec<u8>,
    label: Option<String>,
    track2: Option<(String, String, String, String)>,
    pan: Option<String>,
    name: Option<String>,
    url: Option<String>,
    psn: Option<u8>,
    cryptogram: Option<Cryptogram>,
    proprietary: Option<Vec<u8>>,
}

fn app_strategy() -> impl Strategy<Value = App> {
    (
        prop::collection::vec(any::<u8>(), 5..=16),
        prop::option::of("[ -~]{1,16}"),
        prop::option::of(("[0-9]{12,19}", "[0-9]{4}", "[0-9]{3}", "[0-9]{0,10}")),
        prop::option::of("[0-9]{12,19}"),
        prop::option::of("[ -~]{2,26}"),
        prop::option::of("[ -~]{1,200}"),
        prop::option::of(0u8..=99),
        prop::option::of((
            prop::collection::vec(any::<u8>(), 8),
            any::<u8>(),
            prop::collection::vec(any::<u8>(), 0..=32),
            prop::collection::vec(any::<u8>(), 2),
        )),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..300)),
    )
        .prop_map(
            |(aid, label, track2, pan, name, url, psn, cryptogram, proprietary)| App {
                aid,
                label,
                track2,
                pan,
                name,
                url,
                psn,
                cryptogram,
                proprietary,
            },
        )
}

fn template_of(a: &App) -> TemplateBuilder {
    let mut t = TemplateBuilder::new().aid(&a.aid);
    if let Some(l) = &a.label {
        t = t.label(l);
    }
    if let Some((p, e, s, d)) = &a.track2 {
        t = t.track2(p, e, s, d);
    }
    if let Some(p) = &a.pan {
        t = t.pan(p);
    }
    if let Some(n) = &a.name {
        t = t.cardholder_name(n);
    }
    if let Some(u) = &a.url {
        t = t.issuer_url(u);
    }
    if let Some(n) = a.psn {
        t = t.pan_sequence_number(n);
    }
    let mut inner = None;
    if let Some((ac, cid, iad, atc)) = &a.cryptogram {
        inner = Some(
            TemplateBuilder::new()
                .cryptogram(ac)
                .cryptogram_information_data(&[*cid])
                .issuer_application_data(iad)
                .application_transaction_counter(atc),
        );
    }
    if let Some(p) = &a.proprietary {
        let tag = Tag::new(0xC1).unwrap();
        inner = Some(inner.unwrap_or_default().tag(tag, p));
    }
    match inner {
        Some(i) => t.transparent(i),
        None => t,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn build_decode_build_is_the_identity(
        apps in prop::collection::vec(app_strategy(), 1..=3),
        language in prop::option::of("[a-z]{2,8}"),
        common_cryptogram in prop::option::of(prop::collection::vec(any::<u8>(), 8)),
    ) {
        let mut b = CpmBuilder::new();
        for a in &apps {
            b = b.application(template_of(a));
        }
        if language.is_some() || common_cryptogram.is_some() {
            let mut common = TemplateBuilder::new();
            if let Some(l) = &language {
                common = common.language_preference(l);
            }
            if let Some(ac) = &common_cryptogram {
                common = common.transparent(TemplateBuilder::new().cryptogram(ac));
            }
            b = b.common_data(common);
        }
        let text = b.build().unwrap();
        let c = cpm::decode(&text).unwrap();
        prop_assert_eq!(c.bytes(), &b.build_bytes().unwrap()[..]);
        prop_assert_eq!(&c.reencode().unwrap(), &text);
        let fields = c.fields();
        let again = CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .build()
            .unwrap();
        prop_assert_eq!(&again, &text);
        prop_assert_eq!(cpm::leaf_fields(&text, &CpmOptions::new()), fields);
        // The typed view gives back what was set.
        let got: Vec<_> = c.applications().collect();
        prop_assert_eq!(got.len(), apps.len());
        for (g, a) in got.iter().zip(&apps) {
            prop_assert_eq!(g.aid(), Some(&a.aid[..]));
            prop_assert_eq!(g.label(), a.label.as_deref());
            prop_assert_eq!(g.cardholder_name(), a.name.as_deref());
            prop_assert_eq!(g.issuer_url(), a.url.as_deref());
            prop_assert_eq!(g.pan().map(|p| p.to_string()), a.pan.clone());
            prop_assert_eq!(g.pan_sequence_number(), a.psn);
            prop_assert_eq!(g.network(), Some(CpmNetwork::from_aid(&a.aid)));
            match &a.track2 {
                Some((p, e, s, d)) => {
                    let t2 = g.track2().unwrap();
                    prop_assert_eq!(t2.pan().to_string(), p.clone());
                    prop_assert_eq!(t2.expiry().to_string(), e.clone());
                    prop_assert_eq!(t2.service_code().to_string(), s.clone());
                    prop_assert_eq!(t2.discretionary().to_string(), d.clone());
                }
                None => prop_assert!(g.track2().is_none()),
            }
            let t = g.transparent();
            prop_assert_eq!(
                t.and_then(|t| t.cryptogram()),
                a.cryptogram.as_ref().map(|c| &c.0[..])
            );
        }
        prop_assert_eq!(
            c.common_data().and_then(|t| t.language_preference()),
            language.as_deref()
        );
    }

    #[test]
    fn any_bytes_or_text_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), text in "\\PC{0,80}") {
        for opts in [CpmOptions::new(), CpmOptions::new().lenient(true)] {
            let r = opts.validate_bytes(&bytes);
            if let Err(e) = r {
                prop_assert!(e.offset() <= bytes.len());
            }
            let as_text = b64(&bytes);
            for t in [as_text.as_str(), text.as_str()] {
                let _ = cpm::looks_like_cpm(t);
                let _ = cpm::leaf_fields(t, &opts);
                if let Ok(c) = opts.decode(t) {
                    let again = c.reencode().unwrap();
                    if c.warnings().is_empty() {
                        prop_assert_eq!(&again, t);
                    }
                }
            }
        }
    }
}

#[test]
fn repeats_are_found_in_long_templates_too() {
    // Past the first sixteen data objects of a level, repeats are counted another way.
    let many: String = (1..=16).map(|k| format!("DF{k:02X}0100")).collect();
    let inner = format!("4F07A0000000555555{many}");
    let ok = code(&format!("61{:02X}{inner}", inner.len() / 2));
    let c = cpm::decode(&ok).unwrap();
    assert_eq!(c.fields().len(), 18);
    assert_eq!(c.reencode().unwrap(), ok);
    let dup = format!("{inner}DF050100");
    let e = err_of(&format!("{PFI}61{:02X}{dup}", dup.len() / 2));
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (CpmErrorKind::DuplicateTag, 82, "61.DF05[1]".to_string())
    );
    let early = "4F07A0000000555555DF050100DF050100";
    let e = err_of(&format!("{PFI}61{:02X}{early}", early.len() / 2));
    assert_eq!(
        (e.kind(), e.offset(), e.path().to_string()),
        (CpmErrorKind::DuplicateTag, 22, "61.DF05[1]".to_string())
    );
}

#[test]
fn decode_and_build_allocate_two_buffers_each() {
    let fields = cpm::decode(UNIONPAY).unwrap().fields();
    let builder = CpmBuilder::from_fields(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let before = allocations();
    let c = cpm::decode(UNIONPAY).unwrap();
    let decoded = allocations();
    let text = builder.build().unwrap();
    let built = allocations();
    assert_eq!(text, UNIONPAY);
    assert_eq!(c.applications().count(), 1);
    // The decoded bytes and the index of data objects.
    assert_eq!(decoded - before, 2, "decode");
    // The bytes and the text.
    assert_eq!(built - decoded, 2, "build");
}
