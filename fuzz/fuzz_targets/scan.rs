//! Image scanning on arbitrary bytes, both as an image file and as raw grey
//! pixels enlarged to camera sizes, so that every rung of the ladder (the
//! pyramid of large frames, the fallbacks of small ones, crowded images read
//! at half size) is reached: an error or a list of codes, and no panic at
//! all. The fuzzer's own panic hook aborts, so a panic inside a decoder counts
//! as a crash even where the scanner would have caught it: under
//! `panic = "abort"` nothing is caught.
#![no_main]

use emvqr::scan::{scan_image, scan_luma, ScanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ScanOptions::new()
        .max_decode_side(4096)
        .max_alloc(64 << 20)
        .work_limit(40_000_000);
    if let Ok(codes) = scan_image(data, &opts) {
        for c in codes {
            // The verdict a code carries is the library's verdict on its text.
            assert_eq!(
                c.is_valid(),
                emvqr::check(c.text(), &emvqr::CheckOptions::without_clock()).is_valid()
            );
        }
    }
    // Raw pixels: the first byte picks a width, the second a magnification
    // (1 to 16), the rest is the image, enlarged pixel by pixel (up to
    // 4080 pixels wide).
    if let [w, zoom, pixels @ ..] = data {
        let w = usize::from((*w).max(1));
        let zoom = usize::from(zoom % 16) + 1;
        let h = pixels.len() / w;
        if h == 0 {
            return;
        }
        let (zw, zh) = (w * zoom, h * zoom);
        let mut big = Vec::with_capacity(zw * zh);
        for row in pixels.chunks_exact(w) {
            let line: Vec<u8> = row
                .iter()
                .flat_map(|p| std::iter::repeat_n(*p, zoom))
                .collect();
            for _ in 0..zoom {
                big.extend_from_slice(&line);
            }
        }
        let (zw, zh) = (u32::try_from(zw).unwrap(), u32::try_from(zh).unwrap());
        let _ = scan_luma(zw, zh, &big, &opts);
    }
});
