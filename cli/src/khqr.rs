//! `emvqr khqr`: builds a KHQR (Cambodia, Bakong) code from flags, as the official generator
//! does, and prints it with its MD5.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use emvqr::profile::khqr::{KhqrBuilder, KhqrCurrency, KhqrError};

/// Options of `emvqr khqr`.
#[derive(clap::Args, Debug, Clone)]
pub struct KhqrArgs {
    /// Bakong account ID, `name@bank` (29.00 / 30.00)
    #[arg(long, value_name = "ID@BANK")]
    pub account: String,
    /// Merchant name (59), at most 25 characters
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Merchant city (60), at most 15 characters
    #[arg(long, value_name = "CITY")]
    pub city: String,
    /// Merchant ID (30.01): with --bank, makes a merchant code (template 30)
    #[arg(long, value_name = "ID")]
    pub merchant_id: Option<String>,
    /// Acquiring bank (30.02, or 29.02 for an individual code)
    #[arg(long, value_name = "BANK")]
    pub bank: Option<String>,
    /// Currency: KHR or USD (or 116 / 840)
    #[arg(long, value_name = "KHR|USD", default_value = "KHR")]
    pub currency: String,
    /// Amount (KHR whole, USD at most two decimals); a non-zero amount makes a dynamic code
    #[arg(long, value_name = "AMOUNT")]
    pub amount: Option<String>,
    /// Expiration of a dynamic code, from now: 90s, 10m, 2h, 1d
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_ms, conflicts_with = "expires_at_ms")]
    pub expires_in: Option<i64>,
    /// Expiration of a dynamic code, in milliseconds since the Unix epoch
    #[arg(long, value_name = "MS")]
    pub expires_at_ms: Option<i64>,
    /// Creation time in milliseconds since the Unix epoch (default: the system clock)
    #[arg(long, value_name = "MS")]
    pub now_ms: Option<i64>,
    /// Merchant category code (52), default 5999
    #[arg(long, value_name = "MCC")]
    pub mcc: Option<String>,
    /// Account information (29.01, individual codes)
    #[arg(long, value_name = "TEXT")]
    pub account_info: Option<String>,
    /// Bill number (62.01)
    #[arg(long, value_name = "TEXT")]
    pub bill_number: Option<String>,
    /// Mobile number (62.02)
    #[arg(long, value_name = "TEXT")]
    pub mobile_number: Option<String>,
    /// Store label (62.03)
    #[arg(long, value_name = "TEXT")]
    pub store_label: Option<String>,
    /// Terminal label (62.07)
    #[arg(long, value_name = "TEXT")]
    pub terminal_label: Option<String>,
    /// Purpose of transaction (62.08)
    #[arg(long, value_name = "TEXT")]
    pub purpose: Option<String>,
    /// Language preference (64.00), e.g. km
    #[arg(long, value_name = "LANG")]
    pub language: Option<String>,
    /// Merchant name in the alternate language (64.01)
    #[arg(long, value_name = "NAME")]
    pub alt_name: Option<String>,
    /// Merchant city in the alternate language (64.02)
    #[arg(long, value_name = "CITY")]
    pub alt_city: Option<String>,
    /// UnionPay merchant account (15), KHR codes only
    #[arg(long, value_name = "ACCOUNT")]
    pub unionpay_account: Option<String>,
    /// Print {"payload": ..., "md5": ...}
    #[arg(long)]
    pub json: bool,
}

/// `90s`, `10m`, `2h`, `1d`, `500ms` (a bare number is seconds) → milliseconds.
fn parse_duration_ms(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: i64 = num
        .parse()
        .map_err(|_| format!("invalid duration {s:?}: expected e.g. 90s, 10m, 2h"))?;
    let scale = match unit {
        "ms" => 1,
        "" | "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => {
            return Err(format!(
                "invalid duration unit {unit:?}: use ms, s, m, h or d"
            ))
        }
    };
    n.checked_mul(scale)
        .ok_or_else(|| format!("duration {s:?} is too large"))
}

fn system_now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn report(e: &KhqrError) -> i32 {
    let path = e.path();
    let at = if path.is_root() {
        String::new()
    } else {
        format!(" ({path})")
    };
    eprintln!(
        "error: KHQR code {} {}: {}{at}",
        e.code(),
        e.key(),
        e.message()
    );
    1
}

fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// Runs `emvqr khqr`; returns the exit status (0 built, 1 refused, 2 output error).
pub fn run(args: &KhqrArgs) -> i32 {
    let currency = match KhqrCurrency::parse(&args.currency) {
        Ok(c) => c,
        Err(e) => return report(&e),
    };
    let now = args.now_ms.unwrap_or_else(system_now_ms);
    let mut b = match (&args.merchant_id, &args.bank) {
        (Some(id), Some(bank)) => {
            KhqrBuilder::merchant(&args.account, &args.name, &args.city, id, bank)
        }
        _ => KhqrBuilder::individual(&args.account, &args.name, &args.city)
            .acquiring_bank(opt(&args.bank))
            .account_information(opt(&args.account_info)),
    };
    b = b
        .currency(currency)
        .amount(opt(&args.amount))
        .mcc(opt(&args.mcc))
        .bill_number(opt(&args.bill_number))
        .mobile_number(opt(&args.mobile_number))
        .store_label(opt(&args.store_label))
        .terminal_label(opt(&args.terminal_label))
        .purpose(opt(&args.purpose))
        .language_preference(opt(&args.language))
        .alternate_name(opt(&args.alt_name))
        .alternate_city(opt(&args.alt_city))
        .unionpay(opt(&args.unionpay_account));
    let expires = match (args.expires_at_ms, args.expires_in) {
        (Some(ms), _) => Some(ms),
        (None, Some(d)) => Some(now.saturating_add(d)),
        (None, None) => None,
    };
    if let Some(ms) = expires {
        b = b.expires_at_ms(ms);
    }
    let built = match b.build(now) {
        Ok(b) => b,
        Err(e) => return report(&e),
    };
    let out = if args.json {
        serde_json::json!({"payload": built.payload, "md5": built.md5}).to_string()
    } else {
        format!("{}\n{}", built.payload, built.md5)
    };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{out}").and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("90s"), Ok(90_000));
        assert_eq!(parse_duration_ms("10m"), Ok(600_000));
        assert_eq!(parse_duration_ms("2h"), Ok(7_200_000));
        assert_eq!(parse_duration_ms("500ms"), Ok(500));
        assert!(parse_duration_ms("10x").is_err());
        assert!(parse_duration_ms("").is_err());
    }
}
