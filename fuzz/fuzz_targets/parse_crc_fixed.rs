//! Recomputes the CRC of the mutated input before parsing, so mutations reach the validator
//! instead of stopping at the checksum.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let with = format!("{body}6304");
    let s = format!("{with}{:04X}", emvqr::crc16(with.as_bytes()));
    match emvqr::Payload::parse(&s) {
        Ok(p) => {
            assert_eq!(emvqr::PayloadBuilder::from(&p).build().as_deref(), Ok(s.as_str()));
            let _ = p.merchant_accounts().count();
            let _ = p.additional_data().map(|a| a.payment_system_templates().count());
        }
        Err(e) => {
            assert_ne!(e.kind(), emvqr::ErrorKind::CrcMismatch);
            assert!(e.offset() <= s.len());
        }
    }
    let _ = emvqr::ParseOptions::lenient().parse(&s);
});
