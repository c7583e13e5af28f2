//! QR images of payment codes: payload → QR matrix → PNG, SVG or terminal text.
//!
//! Only validated text can be rendered, so that a broken code is never printed:
//! a [`Validated`] is made by the library's verdict ([`Validated::check`]: any
//! family and scheme, ELQR links and KHQR rules included), from a parsed
//! [`Payload`], by strict EMV parsing alone ([`Validated::emv`]), or by a rule
//! set of the caller's passed as a closure ([`Validated::with`]).
//!
//! ```
//! use emvqr::render::{QrCode, RenderOptions, Validated};
//! use emvqr::CheckOptions;
//!
//! let payload = "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB";
//! let text = Validated::check(payload, &CheckOptions::without_clock())?;
//! let code = QrCode::encode(text, &RenderOptions::new())?;
//! let png: Vec<u8> = code.to_png(&RenderOptions::new())?;
//! assert!(png.starts_with(b"\x89PNG"));
//! let svg: String = code.to_svg(&RenderOptions::new());
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), emvqr::render::RenderError>(())
//! ```
//!
//! The encoder is the `qrcode` crate's (segmentation, Reed–Solomon, module
//! placement) with two changes: Kanji mode is never used (UTF-8 bytes that
//! happen to look like Shift JIS would otherwise be read back as Japanese), and
//! the mask is chosen by a bit-parallel penalty score, which is where that
//! crate spends most of its time. Non-ASCII text is preceded by the ECI
//! designator 26 (UTF-8) unless [`Eci::Never`] is asked for.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::check::{CheckOptions, Problem};
use crate::error::Error;
use crate::payload::Payload;

mod encode;
mod mask;
mod png;
mod svg;
mod terminal;

/// Largest side, in pixels, of a rendered PNG.
pub const MAX_IMAGE_SIDE: usize = 8192;

/// QR error-correction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EcLevel {
    /// About 7 % of the codewords can be restored.
    L,
    /// About 15 % (the default).
    #[default]
    M,
    /// About 25 %.
    Q,
    /// About 30 % (use it when a logo covers the centre).
    H,
}

impl EcLevel {
    const fn to_qr(self) -> qrcode::EcLevel {
        match self {
            EcLevel::L => qrcode::EcLevel::L,
            EcLevel::M => qrcode::EcLevel::M,
            EcLevel::Q => qrcode::EcLevel::Q,
            EcLevel::H => qrcode::EcLevel::H,
        }
    }

    /// The two format-information bits of the level (ISO/IEC 18004 table 12).
    const fn format_bits(self) -> u32 {
        match self {
            EcLevel::L => 1,
            EcLevel::M => 0,
            EcLevel::Q => 3,
            EcLevel::H => 2,
        }
    }

    /// Parses `L`, `M`, `Q` or `H` (either case).
    pub fn from_letter(s: &str) -> Option<EcLevel> {
        match s {
            "L" | "l" => Some(EcLevel::L),
            "M" | "m" => Some(EcLevel::M),
            "Q" | "q" => Some(EcLevel::Q),
            "H" | "h" => Some(EcLevel::H),
            _ => None,
        }
    }
}

/// Whether an ECI designator announces UTF-8 before non-ASCII text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Eci {
    /// ECI 26 (UTF-8) when the text is not pure ASCII; nothing for ASCII (the default).
    #[default]
    Utf8WhenNonAscii,
    /// Never: the UTF-8 bytes go in byte mode bare, and readers must guess.
    Never,
}

/// An sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255 = opaque).
    pub a: u8,
}

impl Color {
    /// Opaque black.
    pub const BLACK: Color = Color::rgb(0, 0, 0);
    /// Opaque white.
    pub const WHITE: Color = Color::rgb(255, 255, 255);
    /// Fully transparent.
    pub const TRANSPARENT: Color = Color::rgba(0, 0, 0, 0);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }

    /// A colour with alpha.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color { r, g, b, a }
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa` (the `#` is optional).
    pub fn from_hex(s: &str) -> Option<Color> {
        let h = s.strip_prefix('#').unwrap_or(s);
        let nib = |c: u8| (c as char).to_digit(16).and_then(|d| u8::try_from(d).ok());
        let b = h.as_bytes();
        let byte = |i: usize| -> Option<u8> { Some(nib(*b.get(i)?)? * 16 + nib(*b.get(i + 1)?)?) };
        match b.len() {
            3 => {
                let one = |i: usize| -> Option<u8> { Some(nib(*b.get(i)?)? * 17) };
                Some(Color::rgb(one(0)?, one(1)?, one(2)?))
            }
            6 => Some(Color::rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => Some(Color::rgba(byte(0)?, byte(2)?, byte(4)?, byte(6)?)),
            _ => None,
        }
    }

    const fn is_grey_opaque(self) -> bool {
        self.a == 255 && self.r == self.g && self.g == self.b
    }
}

/// Bits per pixel of a PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PngDepth {
    /// One bit per pixel: smallest file (the default).
    #[default]
    One,
    /// One byte per pixel, for consumers that want 8-bit grey (or 8-bit palette).
    Eight,
}

/// How to encode and draw a code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderOptions {
    ec: EcLevel,
    scale: usize,
    quiet_zone: usize,
    dark: Color,
    light: Color,
    min_version: u8,
    eci: Eci,
    depth: PngDepth,
    terminal_dark_background: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions::new()
    }
}

impl RenderOptions {
    /// Level M, 8 pixels per module, a quiet zone of 4 modules, black on white,
    /// smallest version that fits, 1-bit PNG.
    pub const fn new() -> RenderOptions {
        RenderOptions {
            ec: EcLevel::M,
            scale: 8,
            quiet_zone: 4,
            dark: Color::BLACK,
            light: Color::WHITE,
            min_version: 1,
            eci: Eci::Utf8WhenNonAscii,
            depth: PngDepth::One,
            terminal_dark_background: true,
        }
    }

    /// Error-correction level.
    #[must_use]
    pub const fn ec(mut self, ec: EcLevel) -> Self {
        self.ec = ec;
        self
    }

    /// Pixels (PNG) or user units (SVG) per module, 1–64.
    #[must_use]
    pub const fn scale(mut self, px: usize) -> Self {
        self.scale = px;
        self
    }

    /// Width of the light border in modules, 0–64 (4 is what the standard asks for).
    #[must_use]
    pub const fn quiet_zone(mut self, modules: usize) -> Self {
        self.quiet_zone = modules;
        self
    }

    /// Colour of the dark modules.
    #[must_use]
    pub const fn dark(mut self, c: Color) -> Self {
        self.dark = c;
        self
    }

    /// Colour of the light modules and the quiet zone.
    #[must_use]
    pub const fn light(mut self, c: Color) -> Self {
        self.light = c;
        self
    }

    /// Smallest QR version (1–40) to use, for codes that should keep one size.
    #[must_use]
    pub const fn min_version(mut self, v: u8) -> Self {
        self.min_version = v;
        self
    }

    /// ECI policy for non-ASCII text.
    #[must_use]
    pub const fn eci(mut self, eci: Eci) -> Self {
        self.eci = eci;
        self
    }

    /// PNG bit depth.
    #[must_use]
    pub const fn png_depth(mut self, d: PngDepth) -> Self {
        self.depth = d;
        self
    }

    /// Terminal text for a dark-background terminal (light modules drawn as
    /// blocks, the default) or for a light one (dark modules drawn as blocks).
    #[must_use]
    pub const fn terminal_dark_background(mut self, yes: bool) -> Self {
        self.terminal_dark_background = yes;
        self
    }

    /// The error-correction level.
    pub const fn ec_level(&self) -> EcLevel {
        self.ec
    }

    fn check(&self) -> Result<(), RenderError> {
        if self.scale == 0 || self.scale > 64 {
            return Err(RenderError::BadOption("scale must be 1-64"));
        }
        if self.quiet_zone > 64 {
            return Err(RenderError::BadOption("quiet zone must be 0-64 modules"));
        }
        if self.min_version == 0 || self.min_version > 40 {
            return Err(RenderError::BadOption("minimum version must be 1-40"));
        }
        Ok(())
    }
}

/// Why a code could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RenderError {
    /// The text is not a valid payment code: the verdict's first error.
    Invalid(Box<Problem>),
    /// The text does not fit in a QR code at this level and minimum version.
    TooLong,
    /// An option is out of range (the message says which).
    BadOption(&'static str),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::Invalid(e) => write!(f, "invalid payload: {e}"),
            RenderError::TooLong => f.write_str("text too long for a QR code at this level"),
            RenderError::BadOption(m) => f.write_str(m),
        }
    }
}

impl core::error::Error for RenderError {}

impl From<Error> for RenderError {
    fn from(e: Error) -> Self {
        RenderError::Invalid(Box::new(Problem::from(e)))
    }
}

impl From<Problem> for RenderError {
    fn from(p: Problem) -> Self {
        RenderError::Invalid(Box::new(p))
    }
}

/// Text that passed a validation: the only input the encoder takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Validated<'a>(&'a str);

impl<'a> Validated<'a> {
    /// Validates `s` by the library's verdict ([`crate::check`]) under `opts`: any
    /// family and scheme the verdict knows (an ELQR link, a KHQR code under the official
    /// rules, a payment URL), its first error otherwise.
    ///
    /// ```
    /// use emvqr::render::{RenderError, Validated};
    /// use emvqr::CheckOptions;
    ///
    /// let khqr = "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C";
    /// assert!(Validated::check(khqr, &CheckOptions::without_clock()).is_ok());
    /// let bad = Validated::check("000201", &CheckOptions::without_clock()).unwrap_err();
    /// let RenderError::Invalid(problem) = bad else { unreachable!() };
    /// assert_eq!(problem.kind(), "missing_crc");
    /// ```
    ///
    /// # Errors
    /// [`RenderError::Invalid`] with the verdict's first error.
    pub fn check(s: &'a str, opts: &CheckOptions) -> Result<Validated<'a>, RenderError> {
        let v = crate::check::check(s, opts);
        match v.error() {
            Some(p) => Err(RenderError::Invalid(Box::new(p.clone()))),
            // A text longer than the verdict reads is never valid: `s` is what was judged.
            None => Ok(Validated(s)),
        }
    }

    /// Validates `s` as a strict EMV MPM payload ([`Payload::parse`]) and nothing more:
    /// no national rules.
    ///
    /// # Errors
    /// The parse error.
    pub fn emv(s: &'a str) -> Result<Validated<'a>, Error> {
        Payload::parse(s).map(|p| Validated(p.as_str()))
    }

    /// Validates `s` with the caller's rules: a profile's parser (ELQR links,
    /// KHQR rules), a lenient `ParseOptions`, or the CLI's scheme detection.
    ///
    /// ```
    /// use emvqr::render::Validated;
    /// use emvqr::ParseOptions;
    ///
    /// // a lowercase checksum: refused by strict EMV, let through by lenient options
    /// let lower = "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304b5db";
    /// assert!(Validated::emv(lower).is_err());
    /// let v = Validated::with(lower, |s| ParseOptions::lenient().parse(s).map(|_| ()))?;
    /// assert_eq!(v.as_str(), lower);
    /// # Ok::<(), emvqr::Error>(())
    /// ```
    ///
    /// # Errors
    /// Whatever `validate` returns.
    pub fn with(
        s: &'a str,
        validate: impl FnOnce(&str) -> Result<(), Error>,
    ) -> Result<Validated<'a>, Error> {
        validate(s).map(|()| Validated(s))
    }

    /// The text.
    pub const fn as_str(&self) -> &'a str {
        self.0
    }
}

impl<'a> From<&Payload<'a>> for Validated<'a> {
    fn from(p: &Payload<'a>) -> Self {
        Validated(p.as_str())
    }
}

impl<'a> From<Payload<'a>> for Validated<'a> {
    fn from(p: Payload<'a>) -> Self {
        Validated(p.as_str())
    }
}

/// An encoded QR symbol: a square grid of modules, without quiet zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QrCode {
    size: usize,
    version: u8,
    ec: EcLevel,
    mask: u8,
    dark: Vec<bool>,
}

impl QrCode {
    /// Encodes validated text with the options' level, minimum version and ECI
    /// policy (byte, alphanumeric and numeric segments, never Kanji).
    ///
    /// # Errors
    /// [`RenderError::TooLong`] when the text does not fit in version 40;
    /// [`RenderError::BadOption`] for out-of-range options.
    pub fn encode(text: Validated<'_>, opts: &RenderOptions) -> Result<QrCode, RenderError> {
        opts.check()?;
        encode::encode_bytes(text.as_str(), opts)
    }

    /// Modules per side (21 for version 1 … 177 for version 40).
    pub const fn size(&self) -> usize {
        self.size
    }

    /// QR version, 1–40.
    pub const fn version(&self) -> u8 {
        self.version
    }

    /// Error-correction level.
    pub const fn ec_level(&self) -> EcLevel {
        self.ec
    }

    /// Mask pattern number, 0–7.
    pub const fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether the module at column `x`, row `y` is dark (false outside the symbol).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size
            && self
                .dark
                .get(y.saturating_mul(self.size).saturating_add(x))
                .copied()
                .unwrap_or(false)
    }

    /// The rows of modules, top to bottom, `true` for dark.
    pub fn rows(&self) -> impl Iterator<Item = &[bool]> + '_ {
        self.dark.chunks_exact(self.size.max(1))
    }

    pub(super) fn row_with_quiet(&self, y: isize, quiet: usize, out: &mut Vec<bool>) {
        out.clear();
        out.resize(self.size + 2 * quiet, false);
        if let Ok(y) = usize::try_from(y) {
            if let Some(row) = self.rows().nth(y) {
                if let Some(dst) = out.get_mut(quiet..quiet + self.size) {
                    dst.copy_from_slice(row);
                }
            }
        }
    }

    /// A PNG image: 1-bit (grey for black on white, else a two-colour palette)
    /// or 8-bit, with the options' scale, quiet zone and colours.
    ///
    /// # Errors
    /// [`RenderError::BadOption`] for out-of-range options or an image wider
    /// than [`MAX_IMAGE_SIDE`] pixels.
    pub fn to_png(&self, opts: &RenderOptions) -> Result<Vec<u8>, RenderError> {
        opts.check()?;
        let modules = self.size + 2 * opts.quiet_zone;
        let side = modules * opts.scale;
        if side > MAX_IMAGE_SIDE {
            return Err(RenderError::BadOption("image wider than 8192 pixels"));
        }
        png::write(self, opts, side)
    }

    /// An SVG document: one light rectangle and one dark path made of
    /// horizontal runs (`M x,y h n v1 h -n z`), in module units scaled by the
    /// options' scale.
    pub fn to_svg(&self, opts: &RenderOptions) -> String {
        svg::write(self, opts)
    }

    /// Text for a terminal: Unicode half blocks, two module rows per line,
    /// with the options' quiet zone (at least 1 is advisable on screen).
    pub fn to_terminal(&self, opts: &RenderOptions) -> String {
        terminal::write(self, opts)
    }
}

/// Validates `payload` by the library's verdict without a clock (everything but expiry:
/// [`CheckOptions::without_clock`]) and renders it as a PNG. For other options, build the
/// [`Validated`] text with [`Validated::check`] and use [`QrCode::encode`].
///
/// # Errors
/// [`RenderError::Invalid`] with the verdict's first error, and the errors of
/// [`QrCode::encode`] and [`QrCode::to_png`].
pub fn render_png(payload: &str, opts: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    QrCode::encode(
        Validated::check(payload, &CheckOptions::without_clock())?,
        opts,
    )?
    .to_png(opts)
}

/// Validates `payload` as [`render_png`] does and renders it as an SVG document.
///
/// # Errors
/// As [`render_png`], without the image-size error.
pub fn render_svg(payload: &str, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(QrCode::encode(
        Validated::check(payload, &CheckOptions::without_clock())?,
        opts,
    )?
    .to_svg(opts))
}

/// Validates `payload` as [`render_png`] does and renders it as terminal text.
///
/// # Errors
/// As [`render_svg`].
pub fn render_terminal(payload: &str, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(QrCode::encode(
        Validated::check(payload, &CheckOptions::without_clock())?,
        opts,
    )?
    .to_terminal(opts))
}
