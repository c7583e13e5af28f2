//! Property tests: random valid payloads from the builder parse back to the same fields, and
//! parse → re-encode is the identity, byte for byte.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use emvqr::{ParseOptions, Payload, PayloadBuilder, TemplateBuilder};
use proptest::prelude::*;

fn ans(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ -~]{{1,{max}}}")).unwrap()
}

fn text(max: usize) -> impl Strategy<Value = String> {
    // Latin, Khmer, CJK, Cyrillic and Vietnamese letters, as in the real vectors.
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('\u{1780}', '\u{17B3}'),
            proptest::char::range('\u{4E00}', '\u{4FFF}'),
            proptest::char::range('\u{0410}', '\u{044F}'),
            Just('ệ'),
        ],
        1..=max,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn amount() -> impl Strategy<Value = String> {
    (1u64..10_000_000, proptest::option::of(0u32..100)).prop_map(|(i, d)| match d {
        Some(d) => format!("{i}.{d:02}"),
        None => i.to_string(),
    })
}

#[derive(Debug, Clone)]
struct Fields {
    gui: String,
    account: String,
    mcc: String,
    currency: String,
    amount: Option<String>,
    country: String,
    name: String,
    city: String,
    bill: Option<String>,
    reference: Option<String>,
    alt: Option<(String, String)>,
    dynamic: bool,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        (
            proptest::string::string_regex("[A-Za-z0-9.]{1,32}").unwrap(),
            ans(40),
            proptest::string::string_regex("[0-9]{4}").unwrap(),
        ),
        (
            proptest::string::string_regex("[0-9]{3}").unwrap(),
            proptest::option::of(amount()),
            proptest::string::string_regex("[A-Z]{2}").unwrap(),
        ),
        (
            ans(25),
            ans(15),
            proptest::option::of(ans(25)),
            proptest::option::of(ans(25)),
        ),
        (proptest::option::of((text(25), text(15))), any::<bool>()),
    )
        .prop_map(
            |(
                (gui, account, mcc),
                (currency, amount, country),
                (name, city, bill, reference),
                (alt, dynamic),
            )| Fields {
                gui,
                account,
                mcc,
                currency,
                amount,
                country,
                name,
                city,
                bill,
                reference,
                alt,
                dynamic,
            },
        )
}

fn build(f: &Fields) -> String {
    let mut b = PayloadBuilder::new()
        .merchant_account_template(
            26,
            TemplateBuilder::with_gui(f.gui.clone()).set(1, f.account.clone()),
        )
        .mcc(f.mcc.clone())
        .currency(f.currency.clone())
        .country(f.country.clone())
        .merchant_name(f.name.clone())
        .merchant_city(f.city.clone());
    b = if f.dynamic {
        b.dynamic_code()
    } else {
        b.static_code()
    };
    if let Some(a) = &f.amount {
        b = b.amount(a.clone());
    }
    if let Some(v) = &f.bill {
        b = b.bill_number(v.clone());
    }
    if let Some(v) = &f.reference {
        b = b.reference_label(v.clone());
    }
    if let Some((n, c)) = &f.alt {
        b = b.language("ZH", n.clone(), Some(c.clone().into()));
    }
    b.build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn built_payloads_parse_back_to_the_same_fields(f in fields()) {
        let s = build(&f);
        let p = Payload::parse(&s).unwrap();
        let acct = p.merchant_account(26).unwrap();
        prop_assert_eq!(acct.gui(), Some(f.gui.as_str()));
        prop_assert_eq!(acct.get(1), Some(f.account.as_str()));
        prop_assert_eq!(p.merchant_category_code(), Some(f.mcc.as_str()));
        prop_assert_eq!(p.currency(), Some(f.currency.as_str()));
        prop_assert_eq!(p.amount(), f.amount.as_deref());
        prop_assert_eq!(p.country_code(), Some(f.country.as_str()));
        prop_assert_eq!(p.merchant_name(), Some(f.name.as_str()));
        prop_assert_eq!(p.merchant_city(), Some(f.city.as_str()));
        prop_assert_eq!(p.is_dynamic(), f.dynamic);
        let add = p.additional_data();
        prop_assert_eq!(add.and_then(|a| a.bill_number()), f.bill.as_deref());
        prop_assert_eq!(add.and_then(|a| a.reference_label()), f.reference.as_deref());
        let lang = p.language_template();
        prop_assert_eq!(lang.and_then(|l| l.merchant_name()), f.alt.as_ref().map(|a| a.0.as_str()));
        prop_assert_eq!(lang.and_then(|l| l.merchant_city()), f.alt.as_ref().map(|a| a.1.as_str()));
        // Canonical order: IDs ascend, 00 first, 63 last.
        let mut ids: Vec<u8> = p.iter().map(|t| t.id().get()).collect();
        prop_assert_eq!(ids.pop(), Some(63));
        prop_assert_eq!(ids.first(), Some(&0));
        prop_assert!(ids.windows(2).all(|w| w[0] < w[1]), "{:?}", ids);
    }

    #[test]
    fn parse_then_reencode_is_the_identity(f in fields(), lower in any::<bool>()) {
        let mut s = build(&f);
        if lower {
            let n = s.len();
            let tail = s[n - 4..].to_ascii_lowercase();
            s.replace_range(n - 4.., &tail);
        }
        let p = ParseOptions::new().allow_lowercase_crc(true).parse(&s).unwrap();
        prop_assert_eq!(PayloadBuilder::from(&p).build().unwrap(), s.clone());
        // An edit re-encodes with a fresh uppercase checksum.
        let edited = PayloadBuilder::from(&p).reference_label("EDITED").build().unwrap();
        let q = Payload::parse(&edited).unwrap();
        prop_assert_eq!(q.additional_data().and_then(|a| a.reference_label()), Some("EDITED"));
        prop_assert_eq!(q.merchant_name(), p.merchant_name());
        let crc = q.crc().unwrap();
        prop_assert_eq!(crc, crc.to_ascii_uppercase());
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,300}") {
        let _ = Payload::parse(&s);
        let _ = ParseOptions::lenient().parse(&s);
        let _ = emvqr::validate_all(&s);
        let _ = emvqr::leaf_fields(&s, emvqr::LengthUnit::Utf16);
    }
}
