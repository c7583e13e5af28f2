//! Decode a payload from the command line (or the EMVCo sample), print its fields and verdict,
//! then build a dynamic code from it with an amount.
//!
//! `cargo run --example decode -- '000201…6304XXXX'`
#![allow(clippy::print_stdout)]

use emvqr::{ParseOptions, Payload, PayloadBuilder};

const SAMPLE: &str = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";

fn main() -> Result<(), emvqr::Error> {
    let input = std::env::args()
        .nth(1)
        .unwrap_or_else(|| SAMPLE.to_string());
    for (path, value) in emvqr::leaf_fields(&input, emvqr::LengthUnit::Chars) {
        println!("{path:<9} {value}");
    }
    let p = match Payload::parse(&input) {
        Ok(p) => p,
        Err(e) => {
            println!("strict: {e}");
            // Try again with every leniency on, and say what was let through.
            let p = ParseOptions::lenient().parse(&input)?;
            for w in p.warning_details() {
                println!("warning: {w}");
            }
            p
        }
    };
    println!(
        "merchant {:?} in {:?}, amount {:?} (currency {:?})",
        p.merchant_name(),
        p.merchant_city(),
        p.amount(),
        p.currency()
    );
    let dynamic = PayloadBuilder::from(&p)
        .dynamic_code()
        .amount("99.90")
        .reference_label("ORDER-1")
        .build()?;
    println!("dynamic code: {dynamic}");
    Ok(())
}
