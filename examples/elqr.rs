//! ELQR (Kyrgyzstan): a wallet reading an MBank payment link, and a merchant generating a
//! dynamic code with an amount in som.
//!
//! Run with `cargo run --example elqr`.

#![allow(clippy::print_stdout)] // an example prints what it finds

use emvqr::profile::elqr::{Elqr, ElqrBuilder, LinkType};

fn main() -> Result<(), emvqr::Error> {
    // --- Wallet side: the camera saw an MBank link (the payload is percent-encoded). ---------
    let scanned = "https://app.mbank.kg/qr/#00020101021132440012c2c.mbank.kg0102021012996554185519\
                   1302125204999953034175909KIRILL%20B.63047129";
    // Decodes the fragment, walks the TLVs, verifies the SHA-256 checksum.
    let code = Elqr::parse(scanned)?;
    let provider = code.provider();
    println!("pay to       {}", code.payee_name());
    println!(
        "provider     {} ({})",
        provider.id(),
        provider.producer().unwrap_or("unknown")
    );
    println!("recipient    {}", provider.recipient_id().unwrap_or("-"));
    println!(
        "the payer    {} change the recipient",
        if provider.recipient_editable() {
            "may"
        } else {
            "may not"
        }
    );
    match code.amount_kgs() {
        Some(kgs) => println!("amount       {kgs} KGS"),
        None => println!("amount       entered by the payer"),
    }
    println!("code type    {}", code.link_type());
    for w in code.warning_details() {
        println!("warning      {w}");
    }

    // --- Merchant side: a single-use code for 1 250.50 som. ----------------------------------
    let link = ElqrBuilder::new("qr.finik.kg", "Кофейня Арча")
        .dynamic_code()
        .service_code("cafe-042")
        .transaction_id("order-1042")
        .amount_som("1250.50")
        .amount_editable(false)
        .comment("Заказ 1042")
        .build_link("https://qr.finik.kg/")?;
    println!("\nshow as QR   {link}");

    // What a wallet will read back from it.
    let issued = Elqr::parse(&link)?;
    assert_eq!(issued.link_type(), LinkType::Dynamic);
    assert_eq!(issued.amount_tyiyn(), Some(125_050));
    println!(
        "reads back   {} KGS to {}, checksum {}",
        issued
            .amount_kgs()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        issued.payee_name(),
        issued.checksum()
    );
    Ok(())
}
