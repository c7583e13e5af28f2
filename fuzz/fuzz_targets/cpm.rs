//! Consumer-presented codes: arbitrary text through the strict and lenient decoders, and
//! arbitrary bytes through the walk, both raw and base64-encoded (behind a valid `85 "CPV01"`
//! half the time, so that the walk gets past the first object). Never a panic; the strict
//! and lenient readings agree; whatever decodes re-encodes, to the same text when nothing
//! needed leniency.
#![no_main]

use emvqr::cpm::{self, CpmOptions};
use libfuzzer_sys::fuzz_target;

const PFI: &[u8] = &[0x85, 0x05, b'C', b'P', b'V', b'0', b'1'];

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            s.push(if i <= c.len() {
                char::from(A[((n >> (18 - 6 * i)) & 63) as usize])
            } else {
                '='
            });
        }
    }
    s
}

fn check_text(text: &str) {
    let _ = cpm::looks_like_cpm(text);
    let strict = CpmOptions::new();
    let lenient = CpmOptions::new().lenient(true);
    let s = strict.decode(text);
    let l = lenient.decode(text);
    match (&s, &l) {
        (Ok(s), Ok(l)) => {
            assert!(l.warnings().is_empty());
            assert_eq!(s.fields(), l.fields());
        }
        (Ok(_), Err(e)) => panic!("lenient refused what strict accepted: {e}"),
        (Err(e), Ok(l)) => {
            assert!(e.kind().is_lenient(), "{e}");
            assert_eq!(l.warnings().first(), Some(e));
        }
        // Strict stops at the first deviation; when that is not one leniency accepts, the
        // lenient reading stops there too.
        (Err(a), Err(b)) => assert!(a.kind().is_lenient() || a == b, "{a} / {b}"),
    }
    for (opts, r) in [(strict, &s), (lenient, &l)] {
        let fields = cpm::leaf_fields(text, &opts);
        match r {
            Ok(c) => {
                assert_eq!(fields, c.fields());
                assert!(c.network().id().len() > 1);
                let _ = c.masked_pan();
                let again = c.reencode().expect("a decoded code re-encodes");
                if c.warnings().is_empty() {
                    assert_eq!(again, text);
                }
                let back = opts.decode(&again).expect("a re-encoded code decodes");
                assert_eq!(back.fields(), c.fields());
            }
            Err(e) => {
                assert!(e.base64_offset() <= text.len(), "{e}");
                assert!(!e.to_string().is_empty());
            }
        }
    }
}

fn check_bytes(bytes: &[u8]) {
    for opts in [CpmOptions::new(), CpmOptions::new().lenient(true)] {
        if let Err(e) = opts.validate_bytes(bytes) {
            assert!(e.offset() <= bytes.len(), "{e}");
        }
    }
    let _ = cpm::Tlvs::new(bytes).count();
    check_text(&base64(bytes));
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check_text(s);
    }
    // The first byte chooses: odd, the rest follows a valid `85 "CPV01"`; even, the rest alone.
    match data.split_first() {
        Some((selector, rest)) if selector & 1 == 1 => {
            let mut b = PFI.to_vec();
            b.extend_from_slice(rest);
            check_bytes(&b);
        }
        Some((_, rest)) => check_bytes(rest),
        None => check_bytes(data),
    }
});
