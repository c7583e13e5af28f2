//! KHQR verify, parse and the wallet decode on arbitrary text, with the CRC fixed up half of
//! the time so that mutations reach the SDK-order checks: never a panic or a hang, and verify
//! and decode agree on what they read.
#![no_main]

use emvqr::profile::khqr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let fixed = {
        let with = format!("{s}6304");
        format!("{with}{:04X}", emvqr::crc16(with.as_bytes()))
    };
    for input in [s, fixed.as_str()] {
        let now = 1_767_225_600_000;
        let verified = khqr::verify(input, now);
        let decoded = khqr::decode(input);
        // The verdict under KHQR's rules is the official one.
        let opts = emvqr::CheckOptions::at(now).scheme(Some(emvqr::Scheme::Khqr));
        let verdict = emvqr::check(input, &opts);
        assert_eq!(verdict.is_valid(), verified.is_ok());
        if let Ok(k) = &verified {
            assert!(khqr::Khqr::parse(input).is_ok());
            assert_eq!(k.fields(), &decoded);
        }
        if let Err(e) = verified {
            assert_eq!(verdict.error().and_then(|p| p.khqr_code()), Some(e.kind()));
            assert!((1..=51).contains(&e.code()));
            assert!(e.offset() <= input.len());
        }
    }
});
