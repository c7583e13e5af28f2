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
    assert!(s.len() % 2 == 0, "odd hex {s}");
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
