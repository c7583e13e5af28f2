//! The table-driven engine against the engine it replaced (kept, for this purpose only, in
//! `oracle/old_engine.rs`): for every option preset, the same verdict, the same fields, the same
//! error kind, offset and path, the same warnings and the same `validate_all` report. And the
//! parse, whose first walk only notes whether anything was reported, against the engine's full
//! walk (`validate_all`): the same verdict, first error and warnings. The first
//! byte chooses whether the rest gets `6304` and a valid CRC appended, so that mutations reach
//! the rules instead of stopping at the checksum.
#![no_main]

#[path = "oracle/old_engine.rs"]
mod old_engine;

use emvqr::{Checksum, Id, LengthUnit, ParseOptions};
use libfuzzer_sys::fuzz_target;
use old_engine::Opts;

/// Option presets: the new options, and the same as the old engine read them. Zero lengths
/// stay refused: the old engine had no such leniency.
fn presets() -> Vec<(ParseOptions, Opts)> {
    let lenient = ParseOptions::lenient().allow_zero_length(false);
    let same = |base: ParseOptions| Opts {
        base,
        verify: true,
        max_len: None,
    };
    vec![
        (ParseOptions::new(), same(ParseOptions::new())),
        (lenient, same(lenient)),
        (
            lenient.length_unit(LengthUnit::Utf16),
            same(lenient.length_unit(LengthUnit::Utf16)),
        ),
        (
            ParseOptions::new().length_unit(LengthUnit::Utf16),
            same(ParseOptions::new().length_unit(LengthUnit::Utf16)),
        ),
        (
            ParseOptions::new().verify_checksum(false),
            Opts {
                base: ParseOptions::new(),
                verify: false,
                max_len: None,
            },
        ),
        (
            lenient.max_len(Some(120)),
            Opts {
                base: lenient,
                verify: true,
                max_len: Some(120),
            },
        ),
        (
            lenient.checksum(Checksum::Sha256Tail4),
            same(lenient.checksum(Checksum::Sha256Tail4)),
        ),
    ]
}

fn compare(s: &str, new: ParseOptions, old: &Opts) {
    let theirs = old_engine::parse(s, old);
    let parsed = new.parse(s);
    let report = new.validate_all(s);
    // `parse` walks first into a sink that keeps only whether anything was reported, and
    // accepts at once what it finds spotless; `validate_all` always walks into a sink that
    // keeps every report. The same verdict, error and warnings from both.
    match &parsed {
        Ok(p) => {
            assert!(report.is_valid());
            let mut kinds = emvqr::Warnings::default();
            report.warnings.iter().for_each(|w| kinds.insert(w.kind()));
            assert_eq!(p.warnings(), kinds);
        }
        Err(e) => assert_eq!(report.errors.first(), Some(e)),
    }
    match parsed {
        Ok(p) => {
            let (values, crc_at, warnings) = theirs.expect("the old engine accepted it too");
            for id in 0..100u8 {
                let mine = Id::new(id).and_then(|i| p.get(i)).map(|t| t.value().to_string());
                assert_eq!(mine, values[usize::from(id)], "root object {id}");
            }
            assert_eq!(p.crc_offset(), crc_at);
            assert_eq!(p.warnings(), warnings);
        }
        Err(e) => assert_eq!(Err(e), theirs.map(|_| ())),
    }
    let (errors, warnings) = old_engine::validate_all(s, old);
    assert_eq!(report.errors, errors);
    assert_eq!(report.warnings, warnings);
}

fuzz_target!(|data: &[u8]| {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let s = if how & 1 == 1 {
        let with = format!("{body}6304");
        format!("{with}{:04X}", emvqr::crc16(with.as_bytes()))
    } else {
        body.to_string()
    };
    for (new, old) in presets() {
        compare(&s, new, &old);
    }
});
