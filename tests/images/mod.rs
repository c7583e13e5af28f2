//! Images for the scanner's tests, benches and the abort-strategy check, made
//! here rather than stored: camera frames with and without a payment code,
//! sheets of finder patterns, a blotted photo, and files whose decoding is
//! expensive (a progressive JPEG, a large RGB PNG).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap
)]

use emvqr::scan::{load_luma, LumaImage, ScanOptions};

/// 8-bit grey, row-major.
pub struct Grey {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Grey {
    pub fn dims(&self) -> (u32, u32) {
        (self.width as u32, self.height as u32)
    }

    fn from_luma(img: LumaImage) -> Grey {
        Grey {
            width: img.width as usize,
            height: img.height as usize,
            pixels: img.pixels,
        }
    }
}

/// The photo on which rqrr 0.11 asserts (its perspective maps a grid
/// point past `i32::MAX`), part of the corpus subset in `tests/data`.
pub const RQRR_PHOTO: &[u8] = include_bytes!("../data/qr-images/zxing-qrcode-6-7.png");

/// A white `side` × `side` sheet tiled with QR finder patterns (7 × 7
/// modules: a dark ring, a light ring, a 3 × 3 dark centre) of `module`
/// pixels per module, one every `pitch` pixels in both directions.
pub fn finder_grid(side: usize, module: usize, pitch: usize) -> Grey {
    let mut px = vec![255u8; side * side];
    let mut oy = module * 2;
    while oy + 7 * module <= side {
        let mut ox = module * 2;
        while ox + 7 * module <= side {
            for my in 0..7 {
                for mx in 0..7 {
                    let ring = mx.min(my).min(6 - mx).min(6 - my);
                    if ring != 1 {
                        for y in 0..module {
                            let row = (oy + my * module + y) * side + ox + mx * module;
                            px[row..row + module].fill(0);
                        }
                    }
                }
            }
            ox += pitch;
        }
        oy += pitch;
    }
    Grey {
        width: side,
        height: side,
        pixels: px,
    }
}

/// The finder grid of the issue: 3 px modules, a pattern every 30 px.
pub fn finder_sheet(side: usize) -> Grey {
    finder_grid(side, 3, 30)
}

/// [`RQRR_PHOTO`] with five grey rectangles painted over it: rxing finds
/// nothing in it, so a pipeline that falls back to rqrr reaches rqrr's
/// assertion with it.
pub fn blotted_photo() -> Grey {
    let mut img = Grey::from_luma(load_luma(RQRR_PHOTO, &ScanOptions::new()).unwrap());
    for (x0, y0, w, h) in [
        (27, 118, 144, 49),
        (256, 369, 71, 80),
        (157, 223, 26, 156),
        (155, 88, 19, 59),
        (259, 273, 30, 76),
    ] {
        for y in y0..y0 + h {
            img.pixels[y * img.width + x0..y * img.width + x0 + w].fill(128);
        }
    }
    img
}

/// A deterministic xorshift generator.
pub struct Rng(pub u32);

impl Rng {
    pub fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
}

/// A 1920 × 1080 camera-like frame (noise over uneven light) and, when
/// `code` is given, that grey image pasted into it (dark 40 and light 210,
/// with noise) at (760, 380).
pub fn camera_frame(code: Option<&Grey>) -> Grey {
    camera_frame_sized(1920, 1080, code)
}

/// [`camera_frame`] of any size, the code at about 40 % of the width and 35 %
/// of the height.
pub fn camera_frame_sized(w: usize, h: usize, code: Option<&Grey>) -> Grey {
    let mut rng = Rng(0x9e37_79b9);
    let mut px = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let base = 60 + (x * 120 / w) as i32 + (y * 40 / h) as i32;
            px.push((base + (rng.next() % 31) as i32 - 15).clamp(0, 255) as u8);
        }
    }
    if let Some(code) = code {
        let (ox, oy) = (w * 760 / 1920, h * 380 / 1080);
        for y in 0..code.height {
            for x in 0..code.width {
                let v = if code.pixels[y * code.width + x] < 128 {
                    40
                } else {
                    210
                };
                px[(oy + y) * w + ox + x] = (v + (rng.next() % 41) as i32 - 20).clamp(0, 255) as u8;
            }
        }
    }
    Grey {
        width: w,
        height: h,
        pixels: px,
    }
}

/// Bits written most significant first, with JPEG's byte stuffing.
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, bits: u32, len: u32) {
        for i in (0..len).rev() {
            self.acc = (self.acc << 1) | ((bits >> i) & 1);
            self.n += 1;
            if self.n == 8 {
                let b = self.acc as u8;
                self.out.push(b);
                if b == 0xFF {
                    self.out.push(0);
                }
                self.acc = 0;
                self.n = 0;
            }
        }
    }

    /// Pads the last byte with one bits.
    fn flush(&mut self) {
        while self.n != 0 {
            self.put(1, 1);
        }
    }
}

fn segment(out: &mut Vec<u8>, marker: u8, body: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(body);
}

/// A progressive JPEG of a white `width` × `height` image in YCbCr 4:2:0:
/// a DC scan of all three components, then one AC scan per component made
/// of end-of-band runs. A few hundred kilobytes for 13000 × 13000 pixels,
/// whose decoder must keep two bytes of coefficients per sample (three
/// bytes a pixel) until the last scan.
pub fn progressive_jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    // one quantization table of ones
    let mut dqt = vec![0u8];
    dqt.extend_from_slice(&[1; 64]);
    segment(&mut out, 0xDB, &dqt);
    // SOF2: 8 bits, the size, three components (Y 2x2, Cb 1x1, Cr 1x1), table 0
    let mut sof = vec![8];
    sof.extend_from_slice(&height.to_be_bytes());
    sof.extend_from_slice(&width.to_be_bytes());
    sof.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0]);
    segment(&mut out, 0xC2, &sof);
    // DC table 0: category 0 is "0", category 10 is "10"
    let mut dht = vec![0x00, 1, 1];
    dht.extend_from_slice(&[0; 14]);
    dht.extend_from_slice(&[0, 10]);
    segment(&mut out, 0xC4, &dht);
    // AC table 0: EOBn (n = 0..14) is the 4-bit code n
    let mut dht = vec![0x10, 0, 0, 0, 15];
    dht.extend_from_slice(&[0; 12]);
    dht.extend((0..15u8).map(|n| n << 4));
    segment(&mut out, 0xC4, &dht);
    // DC scan, interleaved: the first luma block carries 8 * 127 (white), every
    // other difference is zero
    segment(&mut out, 0xDA, &[3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 0, 0]);
    let mcus = usize::from(width).div_ceil(16) * usize::from(height).div_ceil(16);
    let mut bits = BitWriter {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(0b10, 2);
    bits.put(1016, 10);
    bits.put(0, 1); // the rest of the first MCU: three luma and two chroma blocks
    bits.put(0, 4);
    for _ in 1..mcus {
        bits.put(0, 6);
    }
    bits.flush();
    out.append(&mut bits.out);
    // AC scans, one component each: all bands empty, in runs of at most 32767 blocks
    let luma_blocks = usize::from(width).div_ceil(8) * usize::from(height).div_ceil(8);
    let chroma_blocks = (usize::from(width).div_ceil(2)).div_ceil(8)
        * (usize::from(height).div_ceil(2)).div_ceil(8);
    for (id, mut blocks) in [(1u8, luma_blocks), (2, chroma_blocks), (3, chroma_blocks)] {
        segment(&mut out, 0xDA, &[1, id, 0x00, 1, 63, 0]);
        while blocks > 0 {
            let run = blocks.min(32_767);
            let n = usize::BITS - 1 - run.leading_zeros();
            bits.put(n, 4);
            bits.put((run - (1 << n)) as u32, n);
            blocks -= run;
        }
        bits.flush();
        out.append(&mut bits.out);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// An RGB PNG of `width` × `height` pixels, white with a dark diagonal band,
/// written row by row (nothing the size of the image is held).
pub fn rgb_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc.write_header().unwrap();
    let mut stream = writer.stream_writer().unwrap();
    let mut row = vec![255u8; width as usize * 3];
    for y in 0..height as usize {
        row.fill(255);
        let x = y * width as usize / height as usize;
        let end = (x + 64).min(width as usize);
        row[x * 3..end * 3].fill(20);
        std::io::Write::write_all(&mut stream, &row).unwrap();
    }
    stream.finish().unwrap();
    writer.finish().unwrap();
    out
}
