//! Image scanning on arbitrary bytes, both as an image file and as raw grey pixels: an error or
//! a list of codes, never a panic escaping the scanner. The decoders underneath are known to
//! panic on some inputs; the scanner catches those, so the fuzzer's abort-on-panic hook is
//! replaced by a silent one and only a panic that escapes `scan_*` (caught by `fuzz_target!`)
//! counts as a crash.
#![no_main]

use emvqr::scan::{scan_image, scan_luma, ScanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let opts = ScanOptions::new().max_side(256).max_decode_side(1024).max_alloc(8 << 20).thorough(false);
        if let Ok(codes) = scan_image(data, &opts) {
            for c in codes {
                assert_eq!(c.is_valid(), c.check().is_ok());
            }
        }
        // Raw pixels: the first byte picks a width, the rest is the image.
        if let Some((&w, pixels)) = data.split_first() {
            let w = u32::from(w.max(1));
            let h = u32::try_from(pixels.len()).unwrap_or(0) / w;
            let n = usize::try_from(w * h).unwrap_or(0);
            let _ = scan_luma(w, h, &pixels[..n], &opts);
        }
    }
);
