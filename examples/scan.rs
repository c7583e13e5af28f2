//! Finds the payment codes in image files and prints each one's text and verdict.
//!
//! ```text
//! cargo run --release --example scan --features scan -- photo.jpg [more.png ...]
//! ```

#![allow(clippy::print_stdout)]

use emvqr::scan::{scan_image, ScanOptions};

fn main() {
    let opts = ScanOptions::new();
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match scan_image(&bytes, &opts) {
            Err(e) => eprintln!("{path}: {e}"),
            Ok(codes) if codes.is_empty() => println!("{path}: no QR code found"),
            Ok(codes) => {
                for code in codes {
                    match code.payload() {
                        Ok(p) => println!(
                            "{path}: valid payment code, merchant {:?}, amount {:?}, currency {:?}",
                            p.merchant_name(),
                            p.amount(),
                            p.currency()
                        ),
                        Err(e) => {
                            println!("{path}: {:?} is not a valid payment code: {e}", code.text());
                        }
                    }
                }
            }
        }
    }
}
