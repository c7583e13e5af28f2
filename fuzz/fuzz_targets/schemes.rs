//! Scheme detection, every scheme's validation and the payment intent on arbitrary text (CRC
//! fixed up): never a panic, and the primary scheme is always among the detected ones.
#![no_main]

use emvqr::profile::{self, Scheme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let with = format!("{body}6304");
    let s = format!("{with}{:04X}", emvqr::crc16(with.as_bytes()));
    let d = profile::detect(&s);
    if let Some(primary) = d.primary() {
        assert!(d.schemes().contains(&primary));
    }
    for scheme in Scheme::ALL {
        if let Ok(p) = profile::validate(scheme, &s) {
            let intent = emvqr::PaymentIntent::from_payload(&p);
            let _ = intent.is_expired(0);
        }
        let _ = profile::validate_all(scheme, &s);
    }
    let _ = emvqr::PaymentIntent::scan(&s);
});
