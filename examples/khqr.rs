//! Build, verify and decode KHQR (Cambodia, Bakong) codes.
//!
//! ```text
//! cargo run --example khqr
//! ```

#![allow(clippy::print_stdout)] // an example prints what it finds

use emvqr::profile::khqr::{self, KhqrBuilder, KhqrCurrency};

fn main() -> Result<(), khqr::KhqrError> {
    // Everything that depends on time takes the clock as an argument.
    let now = 1_767_225_600_000; // 2026-01-01T00:00:00Z in milliseconds

    // A static code for a person (template 29): anyone can pay any amount.
    let static_code =
        KhqrBuilder::individual("john_smith@devb", "John Smith", "Phnom Penh").build(now)?;
    println!("static:  {}", static_code.payload);

    // A dynamic code for a merchant (template 30): 12.50 USD, valid for ten minutes.
    let dynamic = KhqrBuilder::merchant(
        "coffee@aclb",
        "Coffee Khlaing",
        "Phnom Penh",
        "85512345678",
        "ACLEDA Bank Plc",
    )
    .currency(KhqrCurrency::Usd)
    .amount("12.5")
    .expires_at_ms(now + 10 * 60 * 1000)
    .bill_number("INV-2026-0001")
    .language_preference("km")
    .alternate_name("កាហ្វេ ខ្លាំង")
    .build(now)?;
    println!("dynamic: {}", dynamic.payload);
    println!(
        "md5:     {} (the Bakong Open API's transaction key)",
        dynamic.md5
    );

    // Verify as the official SDK does, with the official error codes.
    let k = khqr::verify(&dynamic.payload, now + 60_000)?;
    println!(
        "verified: {:?} {} {} {} for {}, expires at {:?}",
        k.merchant_type(),
        k.bakong_account_id(),
        k.amount().unwrap_or("any amount"),
        k.currency(),
        k.merchant_name(),
        k.expires_at_ms()
    );
    match khqr::verify(&dynamic.payload, now + 11 * 60 * 1000) {
        Ok(_) => println!("still valid?"),
        Err(e) => println!(
            "eleven minutes later: code {} {} at byte {} ({})",
            e.code(),
            e.key(),
            e.offset(),
            e.path()
        ),
    }

    // Decode for display: never fails, reads what it can even from a broken code.
    let broken = &dynamic.payload[..dynamic.payload.len() - 30];
    let f = khqr::decode(broken);
    println!(
        "decoded from a truncated code: name {:?}, bill {:?}, valid: {}",
        f.merchant_name(),
        f.bill_number(),
        khqr::is_valid(broken, now)
    );
    Ok(())
}
