//! Strict parse of arbitrary text: never panics; a success re-encodes to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(p) = emvqr::Payload::parse(s) {
            assert_eq!(emvqr::PayloadBuilder::from(&p).build().as_deref(), Ok(s));
        }
    }
});
