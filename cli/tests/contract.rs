//! The command-line contract: exit codes, stdin handling, one JSON object per line, the keys.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

const SPEC: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emvqr"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn decode_json_valid_payload() {
    let (code, out, _) = run(&["decode", "--json", SPEC], "");
    assert_eq!(code, 0);
    let v = &json_lines(&out)[0];
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "input",
            "valid",
            "family",
            "scheme",
            "schemes",
            "error",
            "warnings",
            "fields",
            "reencoded",
            "intent"
        ]
    );
    assert_eq!(v["input"], SPEC);
    assert_eq!(v["valid"], true);
    assert_eq!(v["error"], Value::Null);
    assert_eq!(v["reencoded"], SPEC);
    assert_eq!(v["fields"]["64.01"], "最佳运输");
    assert_eq!(v["fields"]["62.09"], "ME");
    let order: Vec<&str> = v["fields"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(&order[..4], ["00", "01", "29.00", "29.05"]);
    assert_eq!(order.last(), Some(&"63"));
}

#[test]
fn stdin_lines_in_order_with_exit_one_when_any_invalid() {
    let long = "0".repeat(4097);
    let input = format!(
        "{SPEC}\r\n\nupi://mandate?pa=a@b\n{long}\n{}FFFF\n",
        &SPEC[..SPEC.len() - 4]
    );
    let (code, out, _) = run(&["decode", "--json", "-"], &input);
    assert_eq!(code, 1);
    let v = json_lines(&out);
    assert_eq!(v.len(), 5);
    assert_eq!(v[0]["valid"], true, "trailing \\r is stripped");
    assert_eq!(v[1]["error"]["kind"], "empty");
    assert_eq!(v[2]["error"]["kind"], "not_payment_code");
    assert_eq!(v[2]["family"], "unknown");
    assert!(v[2]["error"]["message"].as_str().unwrap().contains("UPI"));
    assert_eq!(v[3]["error"]["kind"], "too_long");
    assert_eq!(
        v[3]["input"].as_str().map(str::len),
        Some(4096),
        "cut to 4,096 bytes"
    );
    assert!(v[3]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("4097 bytes"));
    assert_eq!(
        v[3]["scheme"],
        Value::Null,
        "a too-long line is not parsed at all"
    );
    assert_eq!(
        v[3]["fields"].as_object().map(serde_json::Map::len),
        Some(0)
    );
    assert_eq!(v[4]["error"]["kind"], "crc_mismatch");
    assert_eq!(v[4]["error"]["offset"], SPEC.len() - 4);
    assert_eq!(v[4]["error"]["path"], "63");
    assert_eq!(v[4]["reencoded"], Value::Null);
    assert!(
        v[4]["fields"]["59"] == "BEST TRANSPORT",
        "an invalid payload still lists what could be read"
    );
}

#[test]
fn table_output_and_no_argument_reads_stdin() {
    let (code, out, _) = run(&["decode"], &format!("{SPEC}\n"));
    assert_eq!(code, 0);
    assert!(out.contains("59           Merchant Name"));
    assert!(out.lines().any(|l| l.starts_with("valid")));
}

#[test]
fn lenient_flag_turns_knobs_on_but_keeps_the_checksum() {
    // The Nepal UnionPay code writes its CRC in lowercase.
    let nepal = "000201010212153127330524000203441005000000000015204729953035245406150.005802NP5915RAKESH SHRESTHA6009KATHMANDU62600120201809281708350113950520201809281708350113960708100505016304af24";
    let (_, out, _) = run(
        &["decode", "--json", "--lenient", "--profile", "emv", nepal],
        "",
    );
    let v = &json_lines(&out)[0];
    assert_eq!(v["valid"], true);
    assert_eq!(v["warnings"][0]["kind"], "lowercase_crc");
    assert_eq!(v["reencoded"], nepal);
    let (code, out, _) = run(&["decode", "--json", "--profile", "emv", nepal], "");
    assert_eq!(code, 1);
    assert_eq!(json_lines(&out)[0]["error"]["kind"], "lowercase_crc");
    let broken = format!("{}0000", &nepal[..nepal.len() - 4]);
    let (code, out, _) = run(&["decode", "--json", "--lenient", &broken], "");
    assert_eq!(code, 1);
    assert_eq!(json_lines(&out)[0]["error"]["kind"], "crc_mismatch");
}

#[test]
fn encode_round_trip_and_errors() {
    let (_, out, _) = run(&["decode", "--json", SPEC], "");
    let fields = json_lines(&out)[0]["fields"].to_string();
    let (code, out, _) = run(&["encode", "--json", "-"], &fields);
    assert_eq!(code, 0);
    assert_eq!(out.trim_end(), SPEC);
    let (code, _, err) = run(
        &["encode", "--json", "-"],
        r#"{"00":"01","59":"only a name"}"#,
    );
    assert_eq!(code, 1);
    assert!(err.contains("invalid"), "{err}");
    let (code, _, _) = run(&["encode", "--json", "-"], "not json");
    assert_eq!(code, 1);
    let (code, _, _) = run(&["encode", "--json", "/nonexistent/file.json"], "");
    assert_eq!(code, 2);
    let (code, _, _) = run(&["decode", "--bogus-flag"], "");
    assert_eq!(code, 2);
}

#[test]
fn render_then_scan_round_trip() {
    let dir = std::env::temp_dir().join(format!("emvqr-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("spec.png");
    let svg = dir.join("spec.svg");
    let png_s = png.to_str().unwrap();
    let (code, _, err) = run(
        &["render", SPEC, "-o", png_s, "--scale", "4", "--ec", "Q"],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(&["render", SPEC, "-o", svg.to_str().unwrap()], "");
    assert_eq!(code, 0);
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<path"));
    let (code, out, _) = run(&["scan", png_s], "");
    assert_eq!(code, 0);
    assert!(
        out.contains("64.01        Merchant Name (alternate language)"),
        "{out}"
    );
    assert!(out.contains("valid (unionpay, emv-mpm)"), "{out}");
    let (code, out, _) = run(&["scan", "--json", png_s], "");
    assert_eq!(code, 0);
    let v = &json_lines(&out)[0];
    assert_eq!(v["file"], png_s);
    assert_eq!(
        v["codes"][0]["input"], SPEC,
        "the Chinese text comes back exactly"
    );
    assert_eq!(v["codes"][0]["valid"], true);
    // A broken code is never printed; a missing image is exit 2 with an error object.
    let broken = format!("{}FFFF", &SPEC[..SPEC.len() - 4]);
    let (code, _, err) = run(&["render", &broken, "-o", png_s], "");
    assert_eq!(code, 1);
    assert!(err.contains("checksum mismatch"), "{err}");
    let missing = dir.join("missing.png");
    let (code, out, _) = run(&["scan", "--json", missing.to_str().unwrap()], "");
    assert_eq!(code, 2);
    let v = &json_lines(&out)[0];
    assert_eq!(v["codes"].as_array().map(Vec::len), Some(0));
    assert!(v["error"].is_string());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A dynamic KHQR with a Khmer merchant name, made 2026-01-01T00:00:00Z minus 10 minutes,
/// expiring 5 minutes later (99.01 = 1767225300000): expired at 2026-01-01T00:00:00Z.
const KHQR_DYNAMIC: &str = "00020101021229190015john_smith@devb520459995303840540155802KH5908ចន ស្មីន6010Phnom Penh62090105INV-19934001317672250000000113176722530000063047873";
/// A clock before that expiry.
const BEFORE: &str = "1767225100000";

#[test]
fn empty_argument_is_an_input() {
    let (code, out, _) = run(&["decode", "--json", ""], "");
    assert_eq!(code, 1);
    let v = &json_lines(&out)[0];
    assert_eq!(
        (v["input"].as_str(), v["error"]["kind"].as_str()),
        (Some(""), Some("empty"))
    );
}

#[test]
fn a_file_name_argument_points_to_stdin() {
    let dir = std::env::temp_dir().join(format!("emvqr-cli-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("codes.txt");
    std::fs::write(&file, format!("{SPEC}\n")).unwrap();
    let name = file.to_str().unwrap();
    let (code, out, err) = run(&["decode", name], "");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains(&format!("< {name}")), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn khqr_message_is_said_once_and_the_table_speaks_khqr() {
    // Expired at the given clock: official code 46, said once.
    let (code, out, _) = run(
        &[
            "decode",
            "--json",
            "--now-ms",
            "1767225600000",
            KHQR_DYNAMIC,
        ],
        "",
    );
    assert_eq!(code, 1);
    let e = &json_lines(&out)[0]["error"];
    assert_eq!(e["khqr_code"], 46);
    let msg = e["message"].as_str().unwrap();
    assert_eq!(msg.matches("KHQR_EXPIRED").count(), 1, "{msg}");
    assert_eq!(msg.matches("expired").count(), 1, "{msg}");
    // Before the expiry: valid; the table names KHQR's fields and shows the intent.
    let (code, out, _) = run(&["decode", "--now-ms", BEFORE, KHQR_DYNAMIC], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("99.01        Expiration Time (ms)"), "{out}");
    assert!(out.contains("29.00        Bakong Account ID"), "{out}");
    assert!(out.contains("payee:    ចន ស្មីន, Phnom Penh"), "{out}");
    assert!(out.contains("amount:   5.00 USD"), "{out}");
    assert!(out.contains("expires:  2025-12-31T23:55:00.000Z"), "{out}");
    assert!(out.contains("valid (khqr, emv-mpm)"), "{out}");
}

#[test]
fn unknown_profile_lists_every_id() {
    let (code, _, err) = run(&["decode", "--profile", "nope", SPEC], "");
    assert_eq!(code, 2);
    for id in ["emv", "khqr", "elqr", "pix", "unionpay", "grabpay"] {
        assert!(err.contains(id), "{id} in {err}");
    }
}

#[test]
fn render_reads_stdin_and_judges_like_decode() {
    let dir = std::env::temp_dir().join(format!("emvqr-cli-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("k.png");
    let png_s = png.to_str().unwrap();
    // Expired at this clock: refused with the KHQR message.
    let (code, _, err) = run(
        &["render", "-", "-o", png_s, "--now-ms", "1767225600000"],
        &format!("{KHQR_DYNAMIC}\n"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("KHQR_EXPIRED"), "{err}");
    let (code, _, err) = run(
        &["render", "-", "-o", png_s, "--now-ms", BEFORE],
        &format!("{KHQR_DYNAMIC}\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&png).unwrap().len() > 100);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_does_not_overwrite_without_force_and_never_follows_a_link() {
    let dir = std::env::temp_dir().join(format!("emvqr-cli-force-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("code.png");
    std::fs::write(&out, b"keep me").unwrap();
    let out_s = out.to_str().unwrap();
    let (code, _, err) = run(&["render", SPEC, "-o", out_s], "");
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    let (code, _, _) = run(&["render", SPEC, "-o", out_s, "--force"], "");
    assert_eq!(code, 0);
    assert!(std::fs::read(&out).unwrap().starts_with(b"\x89PNG"));
    // A link is replaced by the file, its target left alone.
    #[cfg(unix)]
    {
        let target = dir.join("target.txt");
        std::fs::write(&target, b"target").unwrap();
        let link = dir.join("link.png");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (code, _, _) = run(&["render", SPEC, "-o", link.to_str().unwrap()], "");
        assert_eq!(code, 2);
        let (code, _, _) = run(
            &["render", SPEC, "-o", link.to_str().unwrap(), "--force"],
            "",
        );
        assert_eq!(code, 0);
        assert_eq!(std::fs::read(&target).unwrap(), b"target");
        assert!(!std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
    let leftovers = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    assert_eq!(leftovers, 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn khqr_command_refuses_a_line_break() {
    let (code, out, err) = run(
        &[
            "khqr",
            "--account",
            "dara@aclb",
            "--name",
            "Dara\nCoffee",
            "--city",
            "Siem Reap",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains("KHQR_INVALID") && err.contains("(59)"),
        "{err}"
    );
}
