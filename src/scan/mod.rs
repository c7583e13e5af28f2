//! Reading payment codes from images: image → every QR code found → text →
//! checked payload.
//!
//! Every text read is checked (strict EMV by default: structure and CRC, or
//! the caller's rules), so a misread never passes as a valid payload: a
//! [`Code`] carries its text and the verdict.
//!
//! ```no_run
//! let bytes = std::fs::read("sticker.jpg")?;
//! for code in emvqr::scan::scan_image(&bytes, &emvqr::scan::ScanOptions::new())? {
//!     match code.payload() {
//!         Ok(p) => println!("{:?} pays {:?}", p.merchant_name(), p.amount()),
//!         Err(e) => println!("{:?} is not a valid payment code: {e}", code.text()),
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Pipeline
//!
//! Images wider than [`ScanOptions::max_side`] are shrunk first, so the time
//! is bounded. Large frames (over 1280 pixels) are read at a reduced size
//! first (a camera frame's code usually survives halving) and at full size
//! only when that finds nothing. Each level is read by `rxing` (a port of
//! ZXing and zxing-cpp), dark-on-light and then inverted. When nothing is
//! found and [`ScanOptions::thorough`] is on (the default): small images are
//! read again with a global-histogram threshold and at twice their size, and
//! then `rqrr` tries a ladder of preprocessed copies (contrast stretch, blur,
//! Otsu threshold, upscaling, inversion). Both decoders run under
//! `catch_unwind`: a panic inside one counts as "nothing found".

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::{Error, Payload};

mod gray;
mod ladder;
mod load;
mod rqrr;
mod rxing;

pub use load::load_luma;

use gray::Gray;

/// How to read images.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScanOptions {
    max_side: u32,
    max_decode_side: u32,
    max_alloc: u64,
    thorough: bool,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions::new()
    }
}

impl ScanOptions {
    /// Shrink to 4096 pixels, refuse images over 16384 pixels a side or
    /// needing over 192 MiB to decode, thorough fallbacks on.
    pub const fn new() -> ScanOptions {
        ScanOptions {
            max_side: 4096,
            max_decode_side: 16384,
            max_alloc: 192 << 20,
            thorough: true,
        }
    }

    /// Images with a longer side are shrunk (box filter, integer factor) before reading.
    #[must_use]
    pub const fn max_side(mut self, px: u32) -> Self {
        self.max_side = if px < 64 { 64 } else { px };
        self
    }

    /// Image files whose declared width or height exceeds this are refused unread.
    #[must_use]
    pub const fn max_decode_side(mut self, px: u32) -> Self {
        self.max_decode_side = px;
        self
    }

    /// Memory the image decoder may allocate, in bytes.
    #[must_use]
    pub const fn max_alloc(mut self, bytes: u64) -> Self {
        self.max_alloc = bytes;
        self
    }

    /// Whether to try the slower fallbacks when the first reading finds nothing.
    #[must_use]
    pub const fn thorough(mut self, yes: bool) -> Self {
        self.thorough = yes;
        self
    }
}

/// Why an image could not be read (finding no code is not an error).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ScanError {
    /// The bytes are not an image format this build reads.
    UnknownFormat,
    /// The image is larger than the limits allow (declared size or memory).
    TooLarge(String),
    /// The file is damaged or truncated (the decoder's message).
    Decode(String),
    /// Raw pixels whose length is not width × height.
    BadPixels {
        /// Width × height.
        expected: usize,
        /// The slice length.
        actual: usize,
    },
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::UnknownFormat => {
                f.write_str("not an image in a supported format (PNG, JPEG, WebP, BMP)")
            }
            ScanError::TooLarge(m) => write!(f, "image too large: {m}"),
            ScanError::Decode(m) => write!(f, "cannot decode image: {m}"),
            ScanError::BadPixels { expected, actual } => {
                write!(f, "{actual} pixels given for a {expected}-pixel image")
            }
        }
    }
}

impl core::error::Error for ScanError {}

/// A text read from a QR code, not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCode {
    /// The text.
    pub text: String,
    /// Points the decoder located (finder-pattern centres or corners), in pixels
    /// of the image as given.
    pub points: Vec<[f32; 2]>,
}

/// A QR code found in an image, with the verdict on its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    raw: RawCode,
    check: Result<(), Error>,
}

impl Code {
    /// The text as read.
    pub fn text(&self) -> &str {
        &self.raw.text
    }

    /// Where the decoder located the code (pixels of the image as given).
    pub fn points(&self) -> &[[f32; 2]] {
        &self.raw.points
    }

    /// The verdict of the rules the scan was run with.
    ///
    /// # Errors
    /// Why the text is not a valid payment code under those rules.
    pub fn check(&self) -> Result<(), Error> {
        self.check
    }

    /// Whether the text passed the rules the scan was run with.
    pub fn is_valid(&self) -> bool {
        self.check.is_ok()
    }

    /// The text parsed as a strict EMV payload.
    ///
    /// # Errors
    /// The parse error (a text checked with other rules, such as an ELQR link,
    /// can be valid for the scan and still fail here).
    pub fn payload(&self) -> Result<Payload<'_>, Error> {
        Payload::parse(&self.raw.text)
    }

    /// The text and points.
    pub fn into_raw(self) -> RawCode {
        self.raw
    }
}

/// An 8-bit grey image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LumaImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major pixels, 0 = black.
    pub pixels: Vec<u8>,
}

/// Finds every QR code in an image file and checks each text as a strict EMV
/// payload.
///
/// # Errors
/// An image that cannot be decoded (see [`load_luma`]). Finding no code is an
/// empty list, not an error.
pub fn scan_image(bytes: &[u8], opts: &ScanOptions) -> Result<Vec<Code>, ScanError> {
    scan_image_with(bytes, opts, strict)
}

/// Finds every QR code in an image file and checks each text with `check`
/// (a national profile, lenient options, the CLI's scheme detection).
///
/// # Errors
/// As [`scan_image`].
pub fn scan_image_with(
    bytes: &[u8],
    opts: &ScanOptions,
    check: impl Fn(&str) -> Result<(), Error>,
) -> Result<Vec<Code>, ScanError> {
    let img = load_luma(bytes, opts)?;
    scan_luma_with(img.width, img.height, &img.pixels, opts, check)
}

/// Finds every QR code in raw 8-bit grey pixels (row-major, 0 = black) and
/// checks each text as a strict EMV payload.
///
/// # Errors
/// [`ScanError::BadPixels`] when `pixels.len() != width * height`.
pub fn scan_luma(
    width: u32,
    height: u32,
    pixels: &[u8],
    opts: &ScanOptions,
) -> Result<Vec<Code>, ScanError> {
    scan_luma_with(width, height, pixels, opts, strict)
}

/// As [`scan_luma`], with the caller's check.
///
/// # Errors
/// [`ScanError::BadPixels`] when `pixels.len() != width * height`.
pub fn scan_luma_with(
    width: u32,
    height: u32,
    pixels: &[u8],
    opts: &ScanOptions,
    check: impl Fn(&str) -> Result<(), Error>,
) -> Result<Vec<Code>, ScanError> {
    Ok(read_luma(width, height, pixels, opts)?
        .into_iter()
        .map(|raw| {
            let check = check(&raw.text);
            Code { raw, check }
        })
        .collect())
}

fn strict(s: &str) -> Result<(), Error> {
    Payload::parse(s).map(|_| ())
}

/// Reads every QR code in raw 8-bit grey pixels, without checking the texts.
///
/// # Errors
/// [`ScanError::BadPixels`] when `pixels.len() != width * height`.
pub fn read_luma(
    width: u32,
    height: u32,
    pixels: &[u8],
    opts: &ScanOptions,
) -> Result<Vec<RawCode>, ScanError> {
    let (w, h) = (usize_of(width), usize_of(height));
    let expected = w.saturating_mul(h);
    if pixels.len() != expected {
        return Err(ScanError::BadPixels {
            expected,
            actual: pixels.len(),
        });
    }
    if w == 0 || h == 0 {
        return Ok(Vec::new());
    }
    let mut found = ladder::find(Gray::view(w, h, pixels), opts);
    let mut seen = HashSet::new();
    found.retain(|c| seen.insert(c.text.clone()));
    Ok(found)
}

pub(super) fn usize_of(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Runs a decoder, treating a panic inside it as "nothing found".
fn guarded(f: impl FnOnce() -> Vec<RawCode>) -> Vec<RawCode> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use alloc::vec;

    #[test]
    fn decoder_panics_are_contained() {
        #[allow(clippy::panic)]
        let r = guarded(|| panic!("a decoder bug"));
        assert!(r.is_empty());
        // rqrr 0.11 panics on this photo (an open upstream bug); guarded, it returns
        let bytes = include_bytes!("../../tests/data/qr-images/zxing-qrcode-6-7.png");
        let img = load_luma(bytes, &ScanOptions::new()).unwrap();
        let g = Gray::view(usize_of(img.width), usize_of(img.height), &img.pixels);
        let raw = catch_unwind(AssertUnwindSafe(|| {
            let w = g.w;
            let mut p =
                ::rqrr::PreparedImage::prepare_from_greyscale(g.w, g.h, |x, y| g.px[y * w + x]);
            p.detect_grids()
                .iter()
                .filter_map(|x| x.decode().ok())
                .count()
        }));
        let guarded_result = ladder::rqrr_ladder(&g, 1.0);
        assert!(raw.is_err() || guarded_result.iter().all(|c| c.text == "1234567890"));
        // and the whole pipeline reads it
        let found = read_luma(img.width, img.height, &img.pixels, &ScanOptions::new()).unwrap();
        assert_eq!(found[0].text, "1234567890");
    }

    #[test]
    fn blank_and_bad_inputs() {
        let opts = ScanOptions::new();
        assert_eq!(read_luma(10, 10, &[255; 100], &opts).unwrap(), vec![]);
        assert_eq!(read_luma(0, 0, &[], &opts).unwrap(), vec![]);
        assert_eq!(
            read_luma(10, 10, &[0; 99], &opts),
            Err(ScanError::BadPixels {
                expected: 100,
                actual: 99
            })
        );
        assert_eq!(
            scan_image(b"not an image", &opts),
            Err(ScanError::UnknownFormat)
        );
    }
}
