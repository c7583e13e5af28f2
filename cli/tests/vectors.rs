//! Every shared vector behaves the same through `emvqr decode --json` as through the library:
//! scheme, verdict, error kind and offset; KHQR rows give the official SDK's code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Stdio};

use emvqr::profile::khqr;
use emvqr::CheckOptions;
use serde_json::Value;

const DATA: &str = include_str!("../../tests/vectors/emv-vectors.tsv");
/// 2026-01-01T00:00:00Z, the clock of the recorded KHQR verdicts.
const NOW_MS: i64 = 1_767_225_600_000;

fn decode(args: &[&str], lines: &[&str]) -> Vec<Value> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = lines.join("\n");
    input.push('\n');
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The library's verdict, serialised: what `decode --json` must print for the line.
fn library(s: &str, opts: &CheckOptions) -> Value {
    serde_json::to_value(emvqr::check(s, opts)).unwrap()
}

#[test]
fn cli_prints_the_library_verdict_for_every_row() {
    let rows: Vec<Vec<&str>> = DATA
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let payloads: Vec<&str> = rows.iter().map(|r| r[4]).collect();
    let now = NOW_MS.to_string();
    for (flags, opts) in [
        (vec![], CheckOptions::at(NOW_MS)),
        (vec!["--lenient"], CheckOptions::at(NOW_MS).lenient(true)),
    ] {
        let mut args = vec!["decode", "--json", "--now-ms", now.as_str()];
        args.extend(flags);
        let out = decode(&args, &payloads);
        assert_eq!(out.len(), payloads.len());
        for (i, (v, p)) in out.iter().zip(&payloads).enumerate() {
            let lib = library(p, &opts);
            assert_eq!(*v, lib, "row {}", i + 1);
            assert_eq!(
                v["valid"],
                emvqr::check(p, &opts).is_valid(),
                "row {}",
                i + 1
            );
            if v["valid"] == true {
                assert_eq!(v["reencoded"], *p, "row {} re-encodes byte for byte", i + 1);
            }
        }
    }
}

#[test]
fn consumer_presented_rows_print_the_library_verdict_and_encode_back() {
    let data = include_str!("../../tests/vectors/cpm-vectors.tsv");
    let texts: Vec<&str> = data
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(5).unwrap())
        .collect();
    let out = decode(
        &["decode", "--json", "--now-ms", &NOW_MS.to_string()],
        &texts,
    );
    assert_eq!(out.len(), texts.len());
    for (v, t) in out.iter().zip(&texts) {
        assert_eq!(*v, library(t, &CheckOptions::at(NOW_MS)));
        assert_eq!(v["family"], "emv-cpm");
        if v["valid"] == true {
            // encode --json of the fields gives the same text back.
            let mut child = Command::new(env!("CARGO_BIN_EXE_emvqr"))
                .args(["encode", "--json", "-"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(v["fields"].to_string().as_bytes())
                .unwrap();
            let built = child.wait_with_output().unwrap();
            assert_eq!(String::from_utf8(built.stdout).unwrap().trim_end(), *t);
        }
    }
}

#[test]
fn corridor_rows_print_the_library_verdict() {
    let data = include_str!("../../tests/vectors/corridor-vectors.tsv");
    let texts: Vec<&str> = data
        .lines()
        .skip(1)
        .map(|l| l.split('\t').nth(5).unwrap())
        .collect();
    for (flags, opts) in [
        (vec![], CheckOptions::at(NOW_MS)),
        (vec!["--lenient"], CheckOptions::at(NOW_MS).lenient(true)),
    ] {
        let now = NOW_MS.to_string();
        let mut args = vec!["decode", "--json", "--now-ms", now.as_str()];
        args.extend(flags);
        let out = decode(&args, &texts);
        assert_eq!(out.len(), texts.len());
        for (v, t) in out.iter().zip(&texts) {
            assert_eq!(*v, library(t, &opts), "{t}");
        }
    }
}

#[test]
fn every_readable_row_names_its_recorded_scheme() {
    let rows: Vec<Vec<&str>> = DATA
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let payloads: Vec<&str> = rows.iter().map(|r| r[4]).collect();
    let out = decode(
        &["decode", "--json", "--now-ms", &NOW_MS.to_string()],
        &payloads,
    );
    for (i, v) in out.iter().enumerate() {
        // The recorded scheme of every row that can be read is among the detected ones.
        let id = rows[i][1];
        if !id.is_empty()
            && v["scheme"] != Value::Null
            && !v["schemes"].as_array().unwrap().is_empty()
        {
            let schemes: Vec<&str> = v["schemes"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if schemes != ["emv"] && !schemes.iter().any(|s| *s == "visa" || *s == "discover") {
                assert!(
                    schemes.contains(&id),
                    "row {}: {id} not in {schemes:?}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn khqr_rows_give_the_official_codes() {
    let rows: Vec<Vec<&str>> = DATA
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<&str>>())
        .filter(|r| r[1] == "khqr")
        .collect();
    let payloads: Vec<&str> = rows.iter().map(|r| r[4]).collect();
    let out = decode(
        &[
            "decode",
            "--json",
            "--profile",
            "khqr",
            "--now-ms",
            &NOW_MS.to_string(),
        ],
        &payloads,
    );
    assert!(rows.len() >= 60);
    for (r, v) in rows.iter().zip(&out) {
        let got = if v["valid"] == true {
            "valid".to_string()
        } else {
            format!("code-{}", v["error"]["khqr_code"])
        };
        assert_eq!(got, r[3], "{}", r[4]);
    }
}

#[test]
fn khqr_command_builds_what_verify_accepts() {
    let out = Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args([
            "khqr",
            "--account",
            "dara@aclb",
            "--name",
            "Dara Coffee",
            "--city",
            "Siem Reap",
            "--currency",
            "KHR",
        ])
        .args([
            "--amount",
            "15000",
            "--expires-in",
            "10m",
            "--now-ms",
            &NOW_MS.to_string(),
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let payload = v["payload"].as_str().unwrap();
    let k = khqr::verify(payload, NOW_MS + 60_000).unwrap();
    assert_eq!(k.amount(), Some("15000"));
    assert_eq!(v["md5"].as_str().unwrap(), khqr::md5_hex(payload).as_str());
    // Expired ten minutes later: the official code 46.
    assert_eq!(
        khqr::verify(payload, NOW_MS + 11 * 60_000)
            .unwrap_err()
            .code(),
        46
    );
}
