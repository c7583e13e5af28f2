//! The readable table of `emvqr decode` and `emvqr scan` without `--json`: the fields with the
//! names the code's scheme gives them, what the code asks to pay, and the verdict.

use std::io::Write;

use emvqr::{Scheme, Verdict};

/// Prints one verdict.
pub(crate) fn verdict(out: &mut dyn Write, v: &Verdict<'_>) -> std::io::Result<()> {
    for (path, value) in v.fields() {
        let name = v.field_name(path);
        writeln!(out, "{:<12} {name:<36} {value}", path.to_string())?;
    }
    if let Some(i) = v.intent() {
        let payee = [i.payee.name.as_deref(), i.payee.city.as_deref()];
        let payee: Vec<&str> = payee.into_iter().flatten().collect();
        if !payee.is_empty() {
            writeln!(out, "payee:    {}", payee.join(", "))?;
        }
        if let Some(p) = &i.payer {
            let network = p.network.map_or("unknown network", Scheme::name);
            let pan = p.masked_pan.as_deref().unwrap_or("no PAN");
            writeln!(out, "payer:    {network}, {pan} (a code the payer shows)")?;
        }
        match (i.display_amount(Some(',')), i.currency) {
            (Some(a), Some(c)) => writeln!(out, "amount:   {a} {c}")?,
            (None, Some(c)) => writeln!(out, "amount:   entered by the payer ({c})")?,
            _ => {}
        }
        if let Some(at) = i.expires_at_iso() {
            writeln!(out, "expires:  {at}")?;
        }
        for r in &i.routes {
            let account: Vec<String> = r.account.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(out, "route:    {} {}", r.display_name(), account.join(" "))?;
        }
    }
    let id = v.scheme().map_or("unknown", Scheme::id);
    match v.error() {
        None => writeln!(out, "valid ({id}, {})", v.family())?,
        Some(e) => writeln!(out, "invalid ({id}, {}): {}", v.family(), e.message())?,
    }
    for w in v.warnings() {
        writeln!(out, "warning: {}", w.message())?;
    }
    Ok(())
}
