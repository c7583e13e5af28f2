//! Renders a payment code to PNG, SVG and terminal text.
//!
//! ```text
//! cargo run --example render_png --features render [-- PAYLOAD [OUT.png]]
//! ```

#![allow(clippy::print_stdout)]

use emvqr::render::{EcLevel, QrCode, RenderOptions, Validated};

/// A PayNow payload (the default when no argument is given).
const PAYNOW: &str = "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let payload = args.next().unwrap_or_else(|| PAYNOW.to_owned());
    let out = args.next().unwrap_or_else(|| "payment.png".to_owned());

    // Validate first: only a `Validated` can be encoded, so a broken code is never printed.
    let checked = Validated::emv(&payload)?;
    let opts = RenderOptions::new().ec(EcLevel::M).scale(8).quiet_zone(4);
    let code = QrCode::encode(checked, &opts)?;

    std::fs::write(&out, code.to_png(&opts)?)?;
    std::fs::write(format!("{out}.svg"), code.to_svg(&opts))?;
    print!("{}", code.to_terminal(&opts.clone().quiet_zone(2)));
    eprintln!(
        "version {} ({}x{} modules), level {:?}, mask {}: wrote {out} and {out}.svg",
        code.version(),
        code.size(),
        code.size(),
        code.ec_level(),
        code.mask()
    );
    Ok(())
}
