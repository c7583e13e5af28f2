//! ELQR links and payloads: any text through detection, the verdict and parsing; then the same
//! text with its checksum resealed, so that mutated payloads get past the SHA-256 check and
//! reach the rules, the view, the re-encoder and the builder.
#![no_main]

use emvqr::profile::elqr::{self, Elqr, ElqrBuilder, Link};
use libfuzzer_sys::fuzz_target;

fn check(s: &str) {
    let _ = elqr::is_elqr(s);
    let verdict = emvqr::check(s, &emvqr::CheckOptions::without_clock().lenient(true));
    // A code the lenient rules accept re-encodes to its input too (what the verdict relies on
    // to give a valid code's text as its re-encoding).
    if let Ok(code) = elqr::ElqrOptions::lenient().parse(s) {
        assert_eq!(code.reencode(), s);
    }
    let Ok(code) = Elqr::parse(s) else {
        return;
    };
    // A valid code re-encodes to its input, escapes and checksum case included.
    assert_eq!(code.reencode(), s);
    if elqr::is_elqr(s) {
        assert!(verdict.is_valid(), "{s:?}: {:?}", verdict.error());
        assert_eq!(verdict.reencoded(), Some(s));
    }
    assert!(elqr::is_elqr(s) || !code.provider().id().is_empty());
    let _ = (code.warning_details(), code.fields(), code.amount_kgs());
    // Whatever the builder accepts from the parsed fields parses back to the same fields.
    let Ok(built) = ElqrBuilder::from(&code).build() else {
        return;
    };
    let again = Elqr::parse(&built).expect("builder output parses");
    assert_eq!(again.link_type(), code.link_type());
    assert_eq!(again.provider(), code.provider());
    assert_eq!(again.merchant(), code.merchant());
    assert_eq!(again.comment(), code.comment());
    assert!(again.additional_fields().eq(code.additional_fields()));
    assert_eq!(again.mcc(), code.mcc());
    assert_eq!(again.amount_tyiyn(), code.amount_tyiyn());
    assert_eq!(again.payee_name(), code.payee_name());
    let link = ElqrBuilder::from(&code)
        .build_link(elqr::DEFAULT_BASE_URL)
        .expect("a payload that builds also builds as a link");
    assert_eq!(
        Elqr::parse(&link).expect("link parses").as_str(),
        again.as_str()
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    check(s);
    // Reseal: the decoded payload with the right checksum in its last four characters.
    let Ok(link) = Link::split(s) else {
        return;
    };
    let Ok(payload) = link.decode() else {
        return;
    };
    let Some(body) = payload.len().checked_sub(4).and_then(|n| payload.get(..n)) else {
        return;
    };
    let Some(covered) = body.strip_suffix("6304") else {
        return;
    };
    let sum = emvqr::Checksum::Sha256Tail4.compute(covered.as_bytes());
    let sum = std::str::from_utf8(&sum).unwrap_or("0000");
    let resealed = format!("{}{}{sum}", link.prefix(), elqr::encode_fragment(body));
    check(&resealed);
});
