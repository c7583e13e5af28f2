//! Builds a payload from fuzzer-chosen objects; whatever `build` accepts must parse back with
//! the same values, re-encode byte for byte, and serde's tree form must rebuild it.
#![no_main]

use emvqr::{Payload, PayloadBuilder, TemplateBuilder};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let mut b = PayloadBuilder::new();
    let mut sub = TemplateBuilder::new();
    for (i, part) in s.split('|').enumerate().take(40) {
        let Some((id, value)) = part.split_at_checked(2) else { continue };
        let Ok(id) = id.parse::<u8>() else { continue };
        if i % 3 == 2 {
            sub.set_mut(id, value.to_string());
        } else {
            b = b.set(id, value.to_string());
        }
    }
    if !sub.is_empty() {
        b = b.template(62, sub);
    }
    if let Ok(out) = b.build() {
        let p = Payload::parse(&out).expect("build output parses");
        for t in p.iter().filter(|t| t.id().get() != 63 && t.id().get() != 62) {
            assert_eq!(b.get(t.id().get()), Some(t.value()));
        }
        assert_eq!(PayloadBuilder::from(&p).build().as_deref(), Ok(out.as_str()));
        let json = serde_json::to_string(&p).expect("serialises");
        let back: PayloadBuilder<'static> = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back.build().as_deref(), Ok(out.as_str()));
    }
});
