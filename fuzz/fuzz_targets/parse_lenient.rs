//! Lenient parse, validate_all, field listing, in both length units: never panic, and agree
//! with each other; a success re-encodes to the same text (what `check` relies on to give a
//! valid code's text as its re-encoding).
#![no_main]

use emvqr::{LengthUnit, ParseOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    for unit in [LengthUnit::Chars, LengthUnit::Utf16] {
        let opts = ParseOptions::lenient().length_unit(unit);
        let parsed = opts.parse(s);
        if let Ok(p) = &parsed {
            let mut out = String::new();
            assert_eq!(emvqr::PayloadBuilder::from(p).write_to(&mut out), Ok(()));
            assert_eq!(out, s);
        }
        let report = opts.validate_all(s);
        assert_eq!(parsed.is_ok(), report.is_valid());
        if let Err(e) = parsed {
            assert!(e.offset() <= s.len());
            assert_eq!(report.errors.first(), Some(&e));
        }
        let _ = emvqr::leaf_fields(s, unit);
    }
});
