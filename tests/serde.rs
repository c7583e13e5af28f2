//! The `serde` feature: a payload serialises as an ordered tree and deserialises back through
//! the builder, byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![cfg(feature = "serde")]

use emvqr::{Payload, PayloadBuilder};

const SPEC_SAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

#[test]
fn ordered_tree_and_back() {
    let p = Payload::parse(SPEC_SAMPLE).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert!(
        json.starts_with(
            r#"{"00":"01","01":"12","29":{"00":"D15600000000","05":"A93FO3230Q"},"31":"#
        ),
        "{json}"
    );
    assert!(
        json.contains(r#""64":{"00":"ZH","01":"最佳运输","02":"北京"},"54":"23.72""#),
        "{json}"
    );
    assert!(json.ends_with(r#""63":"A13A"}"#), "{json}");
    let back: PayloadBuilder<'static> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.build().unwrap(), SPEC_SAMPLE);
}

#[test]
fn lowercase_checksum_case_survives_and_edits_refresh_it() {
    let lower = "000201010212153127330524000203441005000000000015204729953035245406150.005802NP5915RAKESH SHRESTHA6009KATHMANDU62600120201809281708350113950520201809281708350113960708100505016304af24";
    let p = emvqr::ParseOptions::new()
        .allow_lowercase_crc(true)
        .parse(lower)
        .unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: PayloadBuilder<'static> = serde_json::from_str(&json).unwrap();
    // Unedited, the original checksum case is kept, so strict rules refuse it...
    let e = back.build().unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (emvqr::ErrorKind::LowercaseCrc, lower.len() - 4)
    );
    // ...and the options it was parsed with accept it, byte for byte.
    let back: PayloadBuilder<'static> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.options(*p.options()).build().unwrap(), lower);
    // An edit re-encodes with a fresh uppercase checksum.
    let edited: PayloadBuilder<'static> = serde_json::from_str(&json).unwrap();
    let edited = edited
        .options(*p.options())
        .reference_label("X")
        .build()
        .unwrap();
    assert_eq!(
        edited[edited.len() - 4..].to_ascii_uppercase(),
        edited[edited.len() - 4..]
    );
}

#[test]
fn bad_trees_are_refused() {
    assert!(serde_json::from_str::<PayloadBuilder<'static>>(r#"{"5A":"x"}"#).is_err());
    assert!(serde_json::from_str::<PayloadBuilder<'static>>(r#"{"59":5}"#).is_err());
    assert!(serde_json::from_str::<PayloadBuilder<'static>>(r#"{"63":{"00":"x"}}"#).is_err());
}

/// `emvqr::json` writes the very bytes `serde_json` writes, for the verdict on every payload
/// of every vector file (valid, invalid, non-ASCII, every family), strict and lenient, and for
/// a line cut short and a text that is not UTF-8.
#[test]
fn json_writer_writes_what_serde_json_writes() {
    let files = [
        include_str!("vectors/emv-vectors.tsv"),
        include_str!("vectors/khqr-vectors.tsv"),
        include_str!("vectors/elqr-vectors.tsv"),
        include_str!("vectors/corridor-vectors.tsv"),
        include_str!("vectors/cpm-vectors.tsv"),
        include_str!("vectors/scheme-vectors.tsv"),
    ];
    let mut texts: Vec<&str> = files
        .iter()
        .flat_map(|f| f.lines().filter(|l| !l.starts_with('#')))
        .flat_map(|l| l.split('\t'))
        .filter(|c| c.len() >= 8)
        .collect();
    texts.extend(["", "hello, \"world\"\\\u{1}\t", "😀 ខ្មែរ"]);
    let mut compared = 0;
    for (i, text) in texts.iter().enumerate() {
        let opts = emvqr::CheckOptions::at(1_767_225_600_000).lenient(i % 2 == 1);
        let v = emvqr::check(text, &opts);
        let expected = serde_json::to_string(&v).unwrap();
        assert_eq!(emvqr::json::to_string(&v).unwrap(), expected, "{text}");
        let mut within = String::new();
        emvqr::json::write_within(&mut within, &v, v.input()).unwrap();
        assert_eq!(within, expected, "{text}");
        compared += 1;
    }
    for v in [
        emvqr::check_too_long(b"000201", 5000),
        emvqr::check_bytes(b"0002\xff01", &emvqr::CheckOptions::without_clock()),
    ] {
        assert_eq!(
            emvqr::json::to_string(&v).unwrap(),
            serde_json::to_string(&v).unwrap()
        );
    }
    assert!(compared > 1000, "{compared} texts");
}
