//! `emvqr elqr`: builds an ELQR (Kyrgyzstan) code, or a payment link, from flags.

use std::io::Write;

use emvqr::profile::elqr::{self, ElqrBuilder};

/// One `--field KEY:LABEL:VALUE:TITLE:VISIBLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldArg {
    key: String,
    label: String,
    value: String,
    title: String,
    visible: bool,
}

fn parse_field(s: &str) -> Result<FieldArg, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let [key, label, value, title, visible] = parts.as_slice() else {
        return Err(format!(
            "expected KEY:LABEL:VALUE:TITLE:VISIBLE (five parts separated by ':'), got {} part(s)",
            parts.len()
        ));
    };
    let visible = match visible.to_ascii_lowercase().as_str() {
        "11" | "visible" | "true" | "yes" => true,
        "12" | "hidden" | "false" | "no" => false,
        other => {
            return Err(format!(
                "VISIBLE must be 11 (visible) or 12 (hidden), got {other:?}"
            ))
        }
    };
    Ok(FieldArg {
        key: (*key).to_string(),
        label: (*label).to_string(),
        value: (*value).to_string(),
        title: (*title).to_string(),
        visible,
    })
}

/// Options of `emvqr elqr`.
#[derive(clap::Args, Debug, Clone)]
pub struct ElqrArgs {
    /// Provider ID (32.00), e.g. qr.finik.kg, c2c.mbank.kg
    #[arg(long, value_name = "ID")]
    pub provider: String,
    /// Payee name shown to the payer (59), at most 25 characters
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Service code (32.01); this or --merchant-id is required
    #[arg(long, value_name = "CODE")]
    pub service_code: Option<String>,
    /// Recipient ID (32.10): phone number, account number, …
    #[arg(long, value_name = "ID")]
    pub recipient: Option<String>,
    /// Transaction ID (32.11)
    #[arg(long, value_name = "ID")]
    pub transaction_id: Option<String>,
    /// Merchant ID (33.00)
    #[arg(long, value_name = "ID")]
    pub merchant_id: Option<String>,
    /// Service name (33.01)
    #[arg(long, value_name = "NAME")]
    pub service_name: Option<String>,
    /// Comment (34), at most 32 characters
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Additional field (35–39); VISIBLE is 11 (visible) or 12 (hidden). Repeatable.
    #[arg(long = "field", value_name = "KEY:LABEL:VALUE:TITLE:VISIBLE", value_parser = parse_field)]
    pub fields: Vec<FieldArg>,
    /// Merchant category code (52)
    #[arg(long, value_name = "MCC", default_value = elqr::DEFAULT_MCC)]
    pub mcc: String,
    /// Amount in tyiyn (54; 1 som = 100 tyiyn); makes the code dynamic
    #[arg(long, value_name = "N")]
    pub amount_tyiyn: Option<u64>,
    /// Print a payment link under this base URL (e.g. `https://pay.payqr.kg/`) instead of the
    /// bare payload
    #[arg(long, value_name = "BASE_URL")]
    pub link: Option<String>,
    /// Print {"payload": "...", "link": "..." | null}
    #[arg(long)]
    pub json: bool,
}

fn builder(args: &ElqrArgs) -> ElqrBuilder<'_> {
    let mut b = ElqrBuilder::new(args.provider.as_str(), args.name.as_str()).mcc(args.mcc.as_str());
    b = opt(b, args.service_code.as_ref(), |b, v| {
        b.service_code(v.as_str())
    });
    b = opt(b, args.recipient.as_ref(), |b, v| {
        b.recipient_id(v.as_str())
    });
    b = opt(b, args.transaction_id.as_ref(), |b, v| {
        b.transaction_id(v.as_str())
    });
    b = opt(b, args.merchant_id.as_ref(), |b, v| {
        b.merchant_id(v.as_str())
    });
    b = opt(b, args.service_name.as_ref(), |b, v| {
        b.service_name(v.as_str())
    });
    b = opt(b, args.comment.as_ref(), |b, v| b.comment(v.as_str()));
    for f in &args.fields {
        b = b.field(
            f.key.as_str(),
            f.label.as_str(),
            f.value.as_str(),
            f.title.as_str(),
            f.visible,
        );
    }
    if let Some(a) = args.amount_tyiyn {
        b = b.dynamic_code().amount_tyiyn(a);
    }
    b
}

/// Runs `emvqr elqr`; returns the exit status (0 built, 1 rejected input).
pub fn run(args: &ElqrArgs) -> i32 {
    let b = builder(args);
    let built = b.build().and_then(|payload| {
        let link = match &args.link {
            Some(base) => Some(b.build_link(base)?),
            None => None,
        };
        Ok((payload, link))
    });
    let (payload, link) = match built {
        Ok(v) => v,
        Err(e) => {
            match elqr::describe(&e) {
                "" if e.path().is_root() => eprintln!("emvqr elqr: {}", e.kind()),
                "" => eprintln!("emvqr elqr: {} ({})", e.kind(), e.path()),
                what => eprintln!("emvqr elqr: {what}"),
            }
            return 1;
        }
    };
    let out = if args.json {
        serde_json::json!({ "payload": payload, "link": link }).to_string()
    } else {
        link.unwrap_or(payload)
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return 2;
    }
    0
}

/// `set(b, v)` when the option `v` is given, else `b` unchanged: one optional setter of a
/// builder in one line.
fn opt<B, T>(b: B, v: Option<T>, set: impl FnOnce(B, T) -> B) -> B {
    match v {
        Some(v) => set(b, v),
        None => b,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse() {
        let f = parse_field("acc:Счёт:123:Лицевой счёт:11").unwrap();
        assert_eq!(
            (f.key.as_str(), f.title.as_str(), f.visible),
            ("acc", "Лицевой счёт", true)
        );
        assert!(!parse_field("a:b:c:d:hidden").unwrap().visible);
        assert!(parse_field("a:b:c:d").is_err());
        assert!(parse_field("a:b:c:d:e:11").is_err());
        assert!(parse_field("a:b:c:d:13").is_err());
    }
}
