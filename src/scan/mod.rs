//! Reading payment codes from images: image → every QR code found → text →
//! checked payload.
//!
//! Every text read gets the library's one verdict ([`crate::check`]) under the
//! options' [`CheckOptions`], so a misread never passes as a valid payment code:
//! a [`Code`] carries its text and its [`Verdict`]. Without a clock (the
//! default) the verdict judges everything but time; a wallet about to pay
//! passes its clock, and an expired code is then invalid.
//!
//! ```no_run
//! use emvqr::scan::{scan_image, ScanOptions};
//! use emvqr::CheckOptions;
//!
//! let bytes = std::fs::read("sticker.jpg")?;
//! let now_ms = 1_767_225_600_000; // the wallet's clock
//! let opts = ScanOptions::new().judge(CheckOptions::at(now_ms));
//! for code in scan_image(&bytes, &opts)? {
//!     let v = code.verdict();
//!     match (v.error(), v.intent()) {
//!         (None, Some(pay)) => println!(
//!             "pay {:?} {:?} {:?}",
//!             pay.payee.name,
//!             pay.currency,
//!             pay.display_amount(None)
//!         ),
//!         (Some(e), _) => println!("{:?} is not payable: {e}", code.text()),
//!         (None, None) => println!("{:?}: valid, nothing to pay", code.text()),
//!     }
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Pipeline
//!
//! Images wider than [`ScanOptions::max_side`] are shrunk first. Large frames
//! (over 1280 pixels) are read at about 1024 pixels first (a camera frame's
//! code usually survives the reduction), then at finer levels; when the level
//! at half the full size shows no finder pattern at all, the frame is given
//! up there, at about the cost of a frame with a code
//! ([`ScanOptions::early_exit`]). Each level is read by `rxing`'s port of the
//! zxing-cpp detector, dark on light and then inverted; where the detector
//! saw a few finder patterns but read nothing, ZXing's classic detector has a
//! second look. When nothing is found
//! and [`ScanOptions::thorough`] is on (the default), images up to 800 pixels
//! are read again with a global threshold and at twice their size.
//!
//! # Bounded work
//!
//! Every step is paid for from a work budget ([`ScanOptions::work_limit`]), a
//! count of pixel passes, candidates and sampled codes that never reads the
//! clock: the same image stops at the same step on every machine. The
//! candidates are bounded too: before the detector searches a binarized
//! image, a census counts the rows its search would try; when there are many
//! (camera noise at full size, a sheet of finder patterns), a sample of them
//! is located, and an image estimated to hold hundreds of finder patterns is
//! read at half the size instead, where a real code survives and the crowd
//! thins out. At most 96 patterns and 24 sets of three are tried per reading.
//! So an image tiled with finder patterns costs a few readings, not minutes.
//! When the budget runs out before anything is found, the scan ends with
//! [`ScanError::BudgetExhausted`].
//!
//! # Memory
//!
//! Decoding a file is counted before anything large is allocated, and refused
//! ([`ScanError::TooLarge`]) over [`ScanOptions::max_alloc`] (192 MiB by
//! default): PNG rows are turned into grey as they are decoded, JPEG is
//! decoded straight to its luma channel, and a progressive JPEG is counted
//! with the coefficients its decoder keeps for the whole image (about three
//! bytes a pixel in colour). Reading then takes under 2 bytes per pixel of
//! the grey image as read (after [`ScanOptions::max_side`]), under 10 for
//! images up to 800 pixels, which are also read at twice their size. So the
//! peak of [`scan_image`] is about `max_alloc` plus 50 MB at most at the
//! defaults; the tests measure it with a counting allocator.
//!
//! # Panics
//!
//! None reach the caller, under either panic strategy. The decoder is only
//! given inputs it handles (the `scan` fuzz target and an abort-strategy
//! build in CI check that, on the hostile images of the tests as well); with
//! `panic = "unwind"` it also runs under `catch_unwind`, so that a panic
//! inside it would count as "nothing found" rather than end the caller.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::check::{CheckOptions, Verdict};
use crate::error::Error;
use crate::payload::Payload;

mod gray;
mod ladder;
mod load;
mod rxing;
mod work;

pub use load::load_luma;

use gray::Gray;

/// How to read images.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScanOptions {
    max_side: u32,
    max_decode_side: u32,
    max_alloc: u64,
    thorough: bool,
    early_exit: bool,
    work_limit: u64,
    judge: CheckOptions,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions::new()
    }
}

impl ScanOptions {
    /// The default work limit (see [`ScanOptions::work_limit`]): enough to
    /// read a 4096 × 4096 image at every level of its pyramid.
    pub const DEFAULT_WORK_LIMIT: u64 = 160_000_000;

    /// Shrink to 4096 pixels, refuse images over 16384 pixels a side or
    /// needing over 192 MiB to decode, thorough fallbacks on, the early exit
    /// on, a work limit of [`ScanOptions::DEFAULT_WORK_LIMIT`].
    pub const fn new() -> ScanOptions {
        ScanOptions {
            max_side: 4096,
            max_decode_side: 16384,
            max_alloc: 192 << 20,
            thorough: true,
            early_exit: true,
            work_limit: ScanOptions::DEFAULT_WORK_LIMIT,
            judge: CheckOptions::without_clock(),
        }
    }

    /// Images with a longer side are shrunk (box filter, integer factor)
    /// before reading; 64 to 8192 pixels (values outside are clamped: the
    /// decoder counts run lengths in 16 bits).
    #[must_use]
    pub const fn max_side(mut self, px: u32) -> Self {
        self.max_side = if px < 64 {
            64
        } else if px > 8192 {
            8192
        } else {
            px
        };
        self
    }

    /// Image files whose declared width or height exceeds this are refused unread.
    #[must_use]
    pub const fn max_decode_side(mut self, px: u32) -> Self {
        self.max_decode_side = px;
        self
    }

    /// The most memory decoding an image file may take, in bytes (192 MiB by
    /// default): the grey image and what the decoder needs on the way to it,
    /// counted from the file's header before anything large is allocated.
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

    /// Whether a large frame (over 1280 pixels) whose half-size level shows no
    /// finder pattern at all is given up there (the default: in a camera loop
    /// most frames hold no code, and the full size costs four times as much),
    /// or read at full size too. A code needs about a pixel per module at
    /// half size to show its patterns, so with the early exit a code of under
    /// about 3 pixels a module in a large frame may be missed; turn it off
    /// where such codes matter more than the time of empty frames (uploads of
    /// large photos).
    #[must_use]
    pub const fn early_exit(mut self, yes: bool) -> Self {
        self.early_exit = yes;
        self
    }

    /// The most work one scan may do, in units of about one pass over one
    /// pixel (a sampled candidate code counts as a block of them). A scan
    /// that spends it before finding a code ends with
    /// [`ScanError::BudgetExhausted`]. The count is deterministic: it depends
    /// on the pixels and the options only, never on the clock or the machine.
    ///
    /// A 1080p camera frame with a code costs about 3.2 million units, the
    /// same frame without one about 4.7 million, and the sheets of finder
    /// patterns of the tests (400 to 1280 pixels, modules of 1 to 4 pixels)
    /// at most 15 million. The default, [`ScanOptions::DEFAULT_WORK_LIMIT`],
    /// is a backstop sized for the largest images ([`ScanOptions::max_side`]);
    /// a camera loop may set a lower one (say 16 million) to bound every frame
    /// more tightly, a server reading large uploads a higher one.
    #[must_use]
    pub const fn work_limit(mut self, units: u64) -> Self {
        self.work_limit = units;
        self
    }

    /// How each text read is judged ([`crate::check`]); by default
    /// [`CheckOptions::without_clock`]: everything but expiry. A wallet
    /// deciding whether to pay gives its clock ([`CheckOptions::at`]).
    #[must_use]
    pub const fn judge(mut self, opts: CheckOptions) -> Self {
        self.judge = opts;
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
    /// The work limit ([`ScanOptions::work_limit`]) was reached before any
    /// code was found: the image was not read to the end.
    BudgetExhausted {
        /// The limit, in work units.
        limit: u64,
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
            ScanError::BudgetExhausted { limit } => write!(
                f,
                "work limit of {limit} units reached before any code was found"
            ),
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
    verdict: Verdict<'static>,
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

    /// The verdict on the text, under the options' [`ScanOptions::judge`].
    pub fn verdict(&self) -> &Verdict<'static> {
        &self.verdict
    }

    /// Whether the verdict is valid.
    pub fn is_valid(&self) -> bool {
        self.verdict.is_valid()
    }

    /// The verdict, taken out of the code.
    pub fn into_verdict(self) -> Verdict<'static> {
        self.verdict
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

/// Finds every QR code in an image file and judges each text
/// ([`ScanOptions::judge`]).
///
/// # Errors
/// An image that cannot be decoded (see [`load_luma`]), or
/// [`ScanError::BudgetExhausted`]. Finding no code is an empty list, not an
/// error.
pub fn scan_image(bytes: &[u8], opts: &ScanOptions) -> Result<Vec<Code>, ScanError> {
    let img = load_luma(bytes, opts)?;
    scan_luma(img.width, img.height, &img.pixels, opts)
}

/// Finds every QR code in raw 8-bit grey pixels (row-major, 0 = black) and
/// judges each text ([`ScanOptions::judge`]).
///
/// # Errors
/// [`ScanError::BadPixels`] when `pixels.len() != width * height`, or
/// [`ScanError::BudgetExhausted`].
pub fn scan_luma(
    width: u32,
    height: u32,
    pixels: &[u8],
    opts: &ScanOptions,
) -> Result<Vec<Code>, ScanError> {
    Ok(read_luma(width, height, pixels, opts)?
        .into_iter()
        .map(|raw| {
            let verdict = crate::check::check(&raw.text, &opts.judge).into_owned();
            Code { raw, verdict }
        })
        .collect())
}

/// Reads every QR code in raw 8-bit grey pixels, without checking the texts.
///
/// # Errors
/// [`ScanError::BadPixels`] when `pixels.len() != width * height`, or
/// [`ScanError::BudgetExhausted`].
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
    let mut work = work::Work::new(opts.work_limit);
    let mut found = ladder::find(Gray::view(w, h, pixels), opts, &mut work).map_err(|_| {
        ScanError::BudgetExhausted {
            limit: opts.work_limit,
        }
    })?;
    let mut seen = HashSet::new();
    found.retain(|c| seen.insert(c.text.clone()));
    Ok(found)
}

pub(super) fn usize_of(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

/// Runs a step of a decoder; `None` if it panicked (possible only with
/// `panic = "unwind"`: under `abort` nothing is caught, which is why the
/// decoder is only given inputs it handles).
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    catch_unwind(AssertUnwindSafe(f)).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use alloc::vec;

    #[test]
    fn a_panicking_step_counts_as_nothing_found_under_unwind() {
        #[allow(clippy::panic)]
        let r: Option<Vec<RawCode>> = guarded(|| panic!("a decoder bug"));
        assert_eq!(r, None);
        assert_eq!(guarded(|| 7), Some(7));
    }

    #[test]
    fn the_photo_that_trips_rqrr_is_read() {
        // rqrr 0.11 asserts on this photo (and the scanner no longer uses rqrr)
        let bytes = include_bytes!("../../tests/data/qr-images/zxing-qrcode-6-7.png");
        let img = load_luma(bytes, &ScanOptions::new()).unwrap();
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
