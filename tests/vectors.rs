//! Data-driven test over the shared vectors (`tests/vectors/emv-vectors.tsv`): each row records
//! the strict and lenient verdicts (kind, byte offset, path; warnings) and key fields.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::{ErrorKind, Id, ParseOptions, Payload, PayloadBuilder};

struct Row<'a> {
    n: usize,
    checksum: &'a str,
    payload: &'a str,
    strict: &'a str,
    lenient: &'a str,
    fields: &'a str,
}

fn rows(data: &str) -> Vec<Row<'_>> {
    data.lines()
        .skip(1)
        .enumerate()
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 9, "row {} has {} columns", i + 1, f.len());
            Row {
                n: i + 1,
                checksum: f[2],
                payload: f[4],
                strict: f[6],
                lenient: f[7],
                fields: f[8],
            }
        })
        .collect()
}

fn verdict(r: Result<Payload<'_>, emvqr::Error>) -> String {
    match r {
        Ok(p) => {
            let w: Vec<_> = p.warnings().iter().map(|k| k.name()).collect();
            if w.is_empty() {
                "valid".to_string()
            } else {
                format!("valid:{}", w.join("+"))
            }
        }
        Err(e) => format!("error:{}@{}:{}", e.kind().name(), e.offset(), e.path()),
    }
}

const DATA: &str = include_str!("vectors/emv-vectors.tsv");
const DEVIATIONS: &str = include_str!("vectors/known-deviations.tsv");

#[test]
fn every_row_gives_its_recorded_verdicts() {
    let rows = rows(DATA);
    assert!(rows.len() >= 150);
    for r in &rows {
        assert_eq!(
            verdict(Payload::parse(r.payload)),
            r.strict,
            "row {} strict",
            r.n
        );
        assert_eq!(
            verdict(ParseOptions::lenient().parse(r.payload)),
            r.lenient,
            "row {} lenient",
            r.n
        );
    }
}

#[test]
fn checksum_verdicts_agree_with_the_shared_column() {
    let deviations: Vec<usize> = DEVIATIONS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("row"))
        .filter_map(|l| l.split('\t').next()?.parse().ok())
        .collect();
    for r in rows(DATA) {
        let res = ParseOptions::lenient().parse(r.payload);
        match r.checksum {
            "no" => {
                let e = res.expect_err("a bad checksum must be rejected");
                if e.kind() != ErrorKind::CrcMismatch {
                    assert!(
                        deviations.contains(&r.n),
                        "row {}: {e} is not listed as a known deviation",
                        r.n
                    );
                    assert!(
                        e.kind().is_syntax(),
                        "row {}: only a syntax error may come first",
                        r.n
                    );
                }
            }
            "yes" | "yes-lowercase-hex" => {
                if let Err(e) = res {
                    assert_ne!(e.kind(), ErrorKind::CrcMismatch, "row {}", r.n);
                }
            }
            // ELQR rows use SHA-256, not CRC-16: never a valid EMV payload.
            c if c.starts_with("sha256") => assert!(res.is_err(), "row {}", r.n),
            _ => {}
        }
    }
}

#[test]
fn every_parsable_row_reencodes_byte_for_byte() {
    let mut n = 0;
    for r in rows(DATA) {
        let Ok(p) = ParseOptions::lenient().parse(r.payload) else {
            continue;
        };
        assert_eq!(
            PayloadBuilder::from(&p).build().as_deref(),
            Ok(r.payload),
            "row {}",
            r.n
        );
        n += 1;
    }
    assert!(n >= 95, "{n} rows round-tripped");
}

#[test]
fn fields_match_the_recorded_values() {
    for r in rows(DATA).into_iter().filter(|r| !r.fields.is_empty()) {
        let p = ParseOptions::lenient()
            .parse(r.payload)
            .expect("recorded fields imply a lenient parse");
        for kv in r.fields.split(';') {
            let (id, v) = kv.split_once('=').expect("id=value");
            let id = Id::parse(id).expect("two-digit id");
            assert_eq!(
                p.get(id).map(|t| t.value()),
                Some(v),
                "row {} field {id}",
                r.n
            );
        }
        let typed = [
            (52, p.merchant_category_code()),
            (53, p.currency()),
            (54, p.amount()),
            (58, p.country_code()),
            (59, p.merchant_name()),
            (60, p.merchant_city()),
        ];
        for (id, v) in typed {
            assert_eq!(
                v,
                p.get(Id::new(id).unwrap()).map(|t| t.value()),
                "row {} accessor {id}",
                r.n
            );
        }
    }
}

#[test]
fn validate_all_starts_with_the_strict_error() {
    for r in rows(DATA) {
        let report = emvqr::validate_all(r.payload);
        match Payload::parse(r.payload) {
            Ok(_) => assert!(report.is_valid(), "row {}", r.n),
            Err(e) => assert_eq!(report.errors.first(), Some(&e), "row {}", r.n),
        }
    }
}

#[test]
fn lenient_warning_details_name_offsets() {
    // Row 8: `Banteay Meanchey` is a 16-character city.
    let r = &rows(DATA)[7];
    let p = ParseOptions::lenient().parse(r.payload).unwrap();
    let w = p.warning_details();
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].kind(), w[0].offset(), w[0].path().to_string()),
        (
            ErrorKind::ValueTooLong,
            r.payload.find("6016Banteay").unwrap(),
            "60".to_string()
        )
    );
}
