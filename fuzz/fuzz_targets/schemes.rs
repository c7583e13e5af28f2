//! Family and scheme detection, the verdict under every scheme's rules and the payment intent
//! on arbitrary text (CRC fixed up, and behind every family's prefix): never a panic; the
//! primary scheme is always among the detected ones;
//! the verdict's JSON form always serialises, and `emvqr::json` writes the same bytes as
//! `serde_json`; a valid verdict re-encodes to its input; an undescribed verdict
//! (`describe(false)`) keeps the judgement, the warnings and the intent; `verify` gives the
//! verdict's error; detection tells ELQR as `is_elqr` does.
#![no_main]

use emvqr::{check, profile, CheckOptions, Scheme};
use libfuzzer_sys::fuzz_target;

fn judge(s: &str, opts: &CheckOptions) {
    let v = check(s, opts);
    if v.is_valid() {
        assert_eq!(v.reencoded(), Some(s), "a valid code re-encodes to itself");
        assert!(v.error().is_none() && v.errors().next().is_none());
    } else {
        assert!(v.error().is_some());
    }
    let json = serde_json::to_string(&v).expect("a verdict serialises");
    assert!(json.starts_with("{\"input\":"));
    let fast = emvqr::json::to_string(&v).expect("emvqr::json writes a verdict");
    assert_eq!(fast, json, "emvqr::json writes what serde_json writes");
    if opts.forced_scheme().is_none() {
        // Without its description, the same verdict.
        let u = check(s, &opts.describe(false));
        assert_eq!(
            (u.is_valid(), u.family(), u.scheme(), u.schemes()),
            (v.is_valid(), v.family(), v.scheme(), v.schemes())
        );
        assert_eq!((u.error(), u.warnings(), u.intent()), (v.error(), v.warnings(), v.intent()));
        assert!(u.fields().is_empty() && u.reencoded().is_none());
    }
    assert_eq!(emvqr::verify(s, opts).err().as_ref(), v.error(), "verify is the judgement");
    if let Some(i) = v.intent() {
        let _ = (i.is_expired(0), i.display_amount(Some(',')), i.expires_at_iso());
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let with = format!("{body}6304");
    let s = format!("{with}{:04X}", emvqr::crc16(with.as_bytes()));
    for text in [s.as_str(), body] {
        let d = profile::detect(text);
        if let Some(primary) = d.primary() {
            assert!(d.schemes().contains(&primary));
        }
        // Detection reads ELQR's signs from its own walk when it can: as `is_elqr` reads them.
        let whole = d.primary() == Some(Scheme::Elqr);
        assert_eq!(whole, profile::elqr::is_elqr(text), "detection tells ELQR as is_elqr");
    }
    judge(&s, &CheckOptions::at(1_767_225_600_000));
    judge(body, &CheckOptions::without_clock().lenient(true));
    for &scheme in Scheme::ALL {
        judge(&s, &CheckOptions::at(0).scheme(Some(scheme)).all_errors(true));
    }
    let _ = emvqr::PaymentIntent::scan(&s);
    // Every family: the same bytes behind each family's prefix.
    for prefix in [
        "upi://pay?",
        "https://qr.alipay.com/",
        "wxp://",
        "weixin://wxpay/bizpayurl?pr=",
        "https://qr.95516.com/",
        "TWQRP://",
        "TWQRP%3A%2F%2F",
        "https://a.example/MPM/3/",
        "https://app.paynet.uz/qr-online/",
        "qpaywallet://q?qPay_QRcode=",
        "https://pay.payqr.kg/#",
        "hQVDUFYwMW",
        "25",
    ] {
        judge(&format!("{prefix}{body}"), &CheckOptions::at(1_767_225_600_000));
        judge(&format!("{prefix}{s}"), &CheckOptions::at(0).lenient(true));
    }
});
