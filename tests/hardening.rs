//! Hostile builder input: control characters, nesting deeper than EMV allows, extreme instants.
//! Each has a documented answer, never a panic, a stack overflow or a code that breaks lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use emvqr::profile::elqr::ElqrBuilder;
use emvqr::profile::khqr::{KhqrBuilder, Reason};
use emvqr::profile::vietqr::VietQrBuilder;
use emvqr::profile::{paynow::PayNowBuilder, pix::PixBuilder, promptpay::PromptPayBuilder};
use emvqr::{ErrorKind, Node, PayloadBuilder, PaymentIntent, TemplateBuilder};

const NOW: i64 = 1_767_225_600_000;

#[test]
fn every_builder_refuses_control_characters() {
    for bad in [
        "Line\nbreak",
        "Car\rriage",
        "Tab\tbed",
        "Nul\u{0}l",
        "Del\u{7f}",
        "Next\u{85}line",
    ] {
        let at = bad.char_indices().find(|(_, c)| c.is_control()).unwrap().0;
        // KHQR: the official generator would write it; refused with code 8 and its reason.
        let e = KhqrBuilder::individual("dara@aclb", bad, "Phnom Penh")
            .build(NOW)
            .unwrap_err();
        assert_eq!(
            (e.code(), e.reason(), e.offset(), e.path().to_string()),
            (8, Reason::ControlCharacter, at, "59".into()),
            "{bad:?}"
        );
        assert!(e.is_field());
        let e = KhqrBuilder::individual("dara@aclb", "Dara", "Phnom Penh")
            .bill_number(bad)
            .build(NOW)
            .unwrap_err();
        assert_eq!(
            (e.reason(), e.path().to_string()),
            (Reason::ControlCharacter, "62.01".into())
        );
        // The EMV builder, and the builders made on it.
        let e = PayloadBuilder::new()
            .merchant_account(2, "4000123456789010")
            .mcc("5411")
            .currency("840")
            .country("US")
            .merchant_name(bad)
            .merchant_city("NYC")
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string()),
            (ErrorKind::InvalidCharacter, "59".into()),
            "{bad:?}"
        );
        let e = PixBuilder::new("+5511987654321", bad, "BRASILIA")
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string()),
            (ErrorKind::InvalidCharacter, "59".into())
        );
        let e = PixBuilder::new("+5511987654321", "A", "B")
            .txid(bad)
            .build()
            .unwrap_err();
        assert_eq!(e.path().to_string(), "62.05");
        let e = PromptPayBuilder::mobile("0812345678")
            .unwrap()
            .merchant_name(bad)
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string()),
            (ErrorKind::InvalidCharacter, "59".into())
        );
        let e = PayNowBuilder::mobile("+6591234567")
            .merchant_name(bad)
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.path().to_string()),
            (ErrorKind::InvalidCharacter, "59".into())
        );
        let e = VietQrBuilder::account("970416", "1234567")
            .merchant_name(bad)
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidCharacter);
        let e = ElqrBuilder::new("qr.bakai.kg", bad)
            .service_code("2")
            .build()
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.offset(), e.path().to_string()),
            (ErrorKind::InvalidCharacter, at, "59".into())
        );
    }
}

#[test]
fn templates_nested_deeper_than_emv_are_refused_without_recursion() {
    // 100,000 levels asked for through template_mut: the third level is refused, nothing
    // deeper is ever stored (building, cloning and dropping stay shallow).
    let mut root = TemplateBuilder::new();
    let inner = root
        .template_mut(50)
        .expect("a template may hold one level of templates");
    inner.push(1, Node::Value("x".into()));
    for _ in 0..100_000 {
        assert!(inner.template_mut(50).is_none(), "no third level");
    }
    let copy = root.clone();
    let e = PayloadBuilder::new()
        .template(62, copy)
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::NestedTooDeep, "62.50.50".into())
    );
    // The same through push and template: a template holding templates cannot go inside one.
    let mut chain = TemplateBuilder::new().set(0, "GUI");
    for _ in 0..100_000 {
        let mut outer = TemplateBuilder::new();
        outer.push(50, Node::Template(chain));
        chain = outer;
    }
    let e = PayloadBuilder::new()
        .template(62, chain)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NestedTooDeep);
    let nested = TemplateBuilder::new().template(
        50,
        TemplateBuilder::with_gui("A").template(1, TemplateBuilder::with_gui("B")),
    );
    let e = PayloadBuilder::new()
        .template(62, nested)
        .build()
        .unwrap_err();
    assert_eq!(
        (e.kind(), e.path().to_string()),
        (ErrorKind::NestedTooDeep, "62.50".into())
    );
}

#[cfg(feature = "serde")]
#[test]
fn deserialised_templates_nest_three_levels_at_most() {
    let ok: PayloadBuilder<'static> =
        serde_json::from_str(r#"{"00":"01","62":{"50":{"00":"A"}}}"#).unwrap();
    assert!(ok.get(0).is_some());
    let e = serde_json::from_str::<PayloadBuilder<'static>>(
        r#"{"00":"01","62":{"50":{"00":{"01":"too deep"}}}}"#,
    )
    .unwrap_err();
    assert!(e.to_string().contains("nested deeper"), "{e}");
    // Far deeper input is refused too, whatever refuses it first.
    let deep = format!(
        "{{\"62\":{}\"x\"{}}}",
        "{\"50\":".repeat(100_000),
        "}".repeat(100_000)
    );
    assert!(serde_json::from_str::<PayloadBuilder<'static>>(&deep).is_err());
}

#[test]
fn extreme_instants_have_no_date() {
    let mut i = PaymentIntent::new();
    for ms in [i64::MAX, i64::MIN, 253_402_300_800_000, -62_167_219_200_001] {
        i.expires_at_ms = Some(ms);
        assert_eq!(i.expires_at_iso(), None, "{ms}");
        assert!(!i.is_expired(i64::MIN));
    }
    i.expires_at_ms = Some(253_402_300_799_999);
    assert_eq!(
        i.expires_at_iso().as_deref(),
        Some("9999-12-31T23:59:59.999Z")
    );
    i.expires_at_ms = Some(-62_167_219_200_000);
    assert_eq!(
        i.expires_at_iso().as_deref(),
        Some("0000-01-01T00:00:00.000Z")
    );
}
