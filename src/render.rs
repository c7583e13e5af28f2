//! QR images of payment codes: payload → QR matrix → PNG, SVG or terminal text.
//!
//! Only validated text can be rendered, so that a broken code is never printed:
//! a [`Validated`] is made from a parsed [`Payload`], by strict EMV parsing
//! ([`Validated::emv`]), or by any other rule set passed as a closure
//! ([`Validated::with`]: a national profile such as ELQR, whose links are not
//! CRC-16 EMV payloads).
//!
//! ```
//! use emvqr::render::{QrCode, RenderOptions, Validated};
//!
//! let payload = "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB";
//! let code = QrCode::encode(Validated::emv(payload)?, &RenderOptions::new())?;
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

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::{self, Write as _};

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::optimize::{total_encoded_len, Optimizer, Parser, Segment};
use qrcode::types::{Color as QrColor, Mode, Version};

use crate::{Error, Payload};

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
    /// The text failed validation.
    Invalid(Error),
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
        RenderError::Invalid(e)
    }
}

/// Text that passed a validation: the only input the encoder takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Validated<'a>(&'a str);

impl<'a> Validated<'a> {
    /// Validates `s` as a strict EMV MPM payload ([`Payload::parse`]).
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

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

impl QrCode {
    /// Encodes validated text with the options' level, minimum version and ECI
    /// policy (byte, alphanumeric and numeric segments, never Kanji).
    ///
    /// # Errors
    /// [`RenderError::TooLong`] when the text does not fit in version 40;
    /// [`RenderError::BadOption`] for out-of-range options.
    pub fn encode(text: Validated<'_>, opts: &RenderOptions) -> Result<QrCode, RenderError> {
        opts.check()?;
        encode_bytes(text.as_str(), opts)
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

    fn row_with_quiet(&self, y: isize, quiet: usize, out: &mut Vec<bool>) {
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
        let q = opts.quiet_zone.min(64);
        let scale = opts.scale.clamp(1, 64);
        let n = self.size + 2 * q;
        let mut s = String::with_capacity(256 + self.size * self.size);
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{w}\" viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\">",
            w = n * scale
        );
        if opts.light.a != 0 {
            let _ = write!(s, "<rect width=\"{n}\" height=\"{n}\"");
            svg_fill(&mut s, opts.light);
            s.push_str("/>");
        }
        s.push_str("<path");
        svg_fill(&mut s, opts.dark);
        s.push_str(" d=\"");
        for (y, row) in self.rows().enumerate() {
            let mut x = 0;
            while x < row.len() {
                if row.get(x).copied().unwrap_or(false) {
                    let start = x;
                    while row.get(x).copied().unwrap_or(false) {
                        x += 1;
                    }
                    let len = x - start;
                    let _ = write!(s, "M{},{}h{len}v1h-{len}z", start + q, y + q);
                } else {
                    x += 1;
                }
            }
        }
        s.push_str("\"/></svg>\n");
        s
    }

    /// Text for a terminal: Unicode half blocks, two module rows per line,
    /// with the options' quiet zone (at least 1 is advisable on screen).
    pub fn to_terminal(&self, opts: &RenderOptions) -> String {
        let q = opts.quiet_zone.min(64);
        let n = self.size + 2 * q;
        let mut s = String::with_capacity((n + 1) * (n / 2 + 1) * 3);
        let mut top = Vec::new();
        let mut bottom = Vec::new();
        let q_i = isize::try_from(q).unwrap_or(0);
        let mut y: isize = -q_i;
        let end = isize::try_from(self.size + q).unwrap_or(0);
        while y < end {
            self.row_with_quiet(y, q, &mut top);
            if y + 1 < end {
                self.row_with_quiet(y + 1, q, &mut bottom);
            } else {
                // the last line's lower half is outside the image: background
                bottom.clear();
                bottom.resize(n, opts.terminal_dark_background);
            }
            for (t, b) in top.iter().zip(bottom.iter()) {
                // "ink" is what the block characters draw
                let (ti, bi) = if opts.terminal_dark_background {
                    (!t, !b)
                } else {
                    (*t, *b)
                };
                s.push(match (ti, bi) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            s.push('\n');
            y += 2;
        }
        s
    }
}

fn svg_fill(s: &mut String, c: Color) {
    let _ = write!(s, " fill=\"#{:02x}{:02x}{:02x}\"", c.r, c.g, c.b);
    if c.a != 255 {
        let _ = write!(s, " fill-opacity=\"{:.3}\"", f32::from(c.a) / 255.0);
    }
}

/// Validates `payload` as strict EMV and renders it as a PNG.
///
/// # Errors
/// [`RenderError::Invalid`] for a payload that is not valid strict EMV, and the
/// errors of [`QrCode::encode`] and [`QrCode::to_png`].
pub fn render_png(payload: &str, opts: &RenderOptions) -> Result<Vec<u8>, RenderError> {
    QrCode::encode(Validated::emv(payload)?, opts)?.to_png(opts)
}

/// Validates `payload` as strict EMV and renders it as an SVG document.
///
/// # Errors
/// As [`render_png`], without the image-size error.
pub fn render_svg(payload: &str, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(QrCode::encode(Validated::emv(payload)?, opts)?.to_svg(opts))
}

/// Validates `payload` as strict EMV and renders it as terminal text.
///
/// # Errors
/// As [`render_svg`].
pub fn render_terminal(payload: &str, opts: &RenderOptions) -> Result<String, RenderError> {
    Ok(QrCode::encode(Validated::emv(payload)?, opts)?.to_terminal(opts))
}

// ---------------------------------------------------------------------------
// Encoding

fn segments(data: &[u8], version: Version) -> Vec<Segment> {
    let parsed = Parser::new(data).map(|s| {
        if s.mode == Mode::Kanji {
            Segment {
                mode: Mode::Byte,
                ..s
            }
        } else {
            s
        }
    });
    Optimizer::new(parsed, version).collect()
}

/// Count-indicator class of a version (1–9, 10–26, 27–40).
const fn class(v: u8) -> u8 {
    match v {
        0..=9 => 0,
        10..=26 => 1,
        _ => 2,
    }
}

fn encode_bytes(text: &str, opts: &RenderOptions) -> Result<QrCode, RenderError> {
    let data = text.as_bytes();
    let ec = opts.ec.to_qr();
    let eci = opts.eci == Eci::Utf8WhenNonAscii && !text.is_ascii();
    let mut cache: Option<(u8, Vec<Segment>)> = None;
    for v in opts.min_version.max(1)..=40 {
        let version = Version::Normal(i16::from(v));
        let segs = match cache.take() {
            Some((c, s)) if c == class(v) => s,
            _ => segments(data, version),
        };
        let mut bits = Bits::new(version);
        let capacity = bits.max_len(ec).map_err(|_| RenderError::TooLong)?;
        let need = total_encoded_len(&segs, version) + if eci { 12 } else { 0 };
        if need > capacity {
            cache = Some((class(v), segs));
            continue;
        }
        if eci {
            bits.push_eci_designator(26)
                .map_err(|_| RenderError::TooLong)?;
        }
        bits.push_segments(data, segs.into_iter())
            .map_err(|_| RenderError::TooLong)?;
        bits.push_terminator(ec).map_err(|_| RenderError::TooLong)?;
        let bytes = bits.into_bytes();
        let (d, e) = qrcode::ec::construct_codewords(&bytes, version, ec)
            .map_err(|_| RenderError::TooLong)?;
        let mut canvas = Canvas::new(version, ec);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&d, &e);
        let size = usize::from(v) * 4 + 17;
        let mask = mask::best(&canvas, size, opts.ec);
        let pattern = MASKS
            .get(usize::from(mask))
            .copied()
            .unwrap_or(MaskPattern::Checkerboard);
        canvas.apply_mask(pattern);
        let dark = canvas
            .into_colors()
            .into_iter()
            .map(|c| c == QrColor::Dark)
            .collect();
        return Ok(QrCode {
            size,
            version: v,
            ec: opts.ec,
            mask,
            dark,
        });
    }
    Err(RenderError::TooLong)
}

/// Mask selection with the ISO/IEC 18004 penalty rules, on bit-packed lines.
mod mask {
    use super::{Canvas, EcLevel, Module, QrColor};
    use alloc::vec::Vec;

    /// A row or column of up to 192 modules, bit `x` = module `x`, 1 = dark.
    pub(super) type Line = [u64; 3];

    fn shr(l: Line, k: u32) -> Line {
        let [a, b, c] = l;
        if k == 0 {
            return l;
        }
        [
            (a >> k) | (b << (64 - k)),
            (b >> k) | (c << (64 - k)),
            c >> k,
        ]
    }

    fn shl(l: Line, k: u32) -> Line {
        let [a, b, c] = l;
        if k == 0 {
            return l;
        }
        [
            a << k,
            (b << k) | (a >> (64 - k)),
            (c << k) | (b >> (64 - k)),
        ]
    }

    fn and(x: Line, y: Line) -> Line {
        let ([a, b, c], [d, e, f]) = (x, y);
        [a & d, b & e, c & f]
    }

    fn or(x: Line, y: Line) -> Line {
        let ([a, b, c], [d, e, f]) = (x, y);
        [a | d, b | e, c | f]
    }

    fn xor(x: Line, y: Line) -> Line {
        let ([a, b, c], [d, e, f]) = (x, y);
        [a ^ d, b ^ e, c ^ f]
    }

    fn not(x: Line) -> Line {
        let [a, b, c] = x;
        [!a, !b, !c]
    }

    fn ones(x: Line) -> u32 {
        x.iter().map(|w| w.count_ones()).sum()
    }

    /// Bits `0..n` set.
    fn low(n: usize) -> Line {
        let mut l = [0u64; 3];
        for (i, w) in l.iter_mut().enumerate() {
            let lo = i * 64;
            *w = if n >= lo + 64 {
                u64::MAX
            } else if n > lo {
                (1u64 << (n - lo)) - 1
            } else {
                0
            };
        }
        l
    }

    fn set(l: &mut Line, x: usize) {
        if let Some(w) = l.get_mut(x / 64) {
            *w |= 1u64 << (x % 64);
        }
    }

    /// N1 (runs of five or more: 3 + excess) and N3 (1:1:3:1:1 with four light
    /// modules on a side, outside the symbol counting as light: 40 per side).
    fn line_score(a: Line, n: usize) -> u32 {
        let eq = and(not(xor(a, shr(a, 1))), low(n.saturating_sub(1)));
        let win = and(
            and(and(eq, shr(eq, 1)), and(shr(eq, 2), shr(eq, 3))),
            low(n.saturating_sub(4)),
        );
        let starts = and(win, not(shl(win, 1)));
        let n1 = ones(win) + 2 * ones(starts);
        let core = and(
            and(and(a, not(shr(a, 1))), and(shr(a, 2), shr(a, 3))),
            and(and(shr(a, 4), not(shr(a, 5))), shr(a, 6)),
        );
        let left = not(or(or(shl(a, 1), shl(a, 2)), or(shl(a, 3), shl(a, 4))));
        let right = not(or(or(shr(a, 7), shr(a, 8)), or(shr(a, 9), shr(a, 10))));
        let n3 = ones(and(core, left)) + ones(and(core, right));
        n1 + 40 * n3
    }

    /// Total penalty of a symbol given as rows and columns.
    pub(super) fn penalty(rows: &[Line], cols: &[Line], n: usize) -> u32 {
        let mut score = 0;
        for l in rows.iter().chain(cols.iter()) {
            score += line_score(*l, n);
        }
        let inner = low(n.saturating_sub(1));
        for (a, b) in rows.iter().zip(rows.iter().skip(1)) {
            let v = not(xor(*a, *b));
            let h = not(xor(*a, shr(*a, 1)));
            score += 3 * ones(and(and(v, shr(v, 1)), and(h, inner)));
        }
        let total = u64::try_from(n * n).unwrap_or(u64::MAX).max(1);
        let dark: u64 = rows.iter().map(|l| u64::from(ones(*l))).sum();
        let k = (dark * 20).abs_diff(total * 10) / total;
        score + 10 * u32::try_from(k).unwrap_or(u32::MAX / 20)
    }

    /// Whether mask `m` inverts the data module at row `i`, column `j`.
    pub(super) const fn inverts(m: u8, i: usize, j: usize) -> bool {
        match m {
            0 => (i + j).is_multiple_of(2),
            1 => i.is_multiple_of(2),
            2 => j.is_multiple_of(3),
            3 => (i + j).is_multiple_of(3),
            4 => (i / 2 + j / 3).is_multiple_of(2),
            5 => (i * j) % 2 + (i * j) % 3 == 0,
            6 => ((i * j) % 2 + (i * j) % 3).is_multiple_of(2),
            _ => ((i + j) % 2 + (i * j) % 3).is_multiple_of(2),
        }
    }

    /// The 15 format bits for a level and mask (BCH(15,5), XOR 0x5412).
    pub(super) const fn format_bits(ec: EcLevel, m: u8) -> u32 {
        let data = (ec.format_bits() << 3) | (m as u32 & 7);
        let mut rem = data << 10;
        let mut i = 14;
        while i >= 10 {
            if rem & (1 << i) != 0 {
                rem ^= 0x537 << (i - 10);
            }
            i -= 1;
        }
        ((data << 10) | rem) ^ 0x5412
    }

    /// Positions (column, row) of format bit `i` (0 = least significant), both copies.
    pub(super) fn format_positions(i: usize, n: usize) -> [(usize, usize); 2] {
        let a = match i {
            0..=5 => (8, i),
            6 => (8, 7),
            7 => (8, 8),
            8 => (7, 8),
            _ => (14 - i, 8),
        };
        let b = if i < 8 {
            (n - 1 - i, 8)
        } else {
            (8, n - 15 + i)
        };
        [a, b]
    }

    /// Rows and columns of the symbol with mask `m` applied: the model of
    /// what `Canvas::apply_mask` draws, used to score all eight masks cheaply.
    pub(super) struct Base {
        n: usize,
        rows: Vec<Line>,
        cols: Vec<Line>,
        data_rows: Vec<Line>,
        data_cols: Vec<Line>,
    }

    impl Base {
        pub(super) fn new(canvas: &Canvas, n: usize) -> Base {
            let mut b = Base {
                n,
                rows: alloc::vec![[0; 3]; n],
                cols: alloc::vec![[0; 3]; n],
                data_rows: alloc::vec![[0; 3]; n],
                data_cols: alloc::vec![[0; 3]; n],
            };
            for y in 0..n {
                for x in 0..n {
                    let (Ok(xi), Ok(yi)) = (i16::try_from(x), i16::try_from(y)) else {
                        continue;
                    };
                    let m = canvas.get(xi, yi);
                    let (dark, data) = match m {
                        Module::Empty => (false, true),
                        Module::Unmasked(c) => (c == QrColor::Dark, true),
                        Module::Masked(c) => (c == QrColor::Dark, false),
                    };
                    if dark {
                        if let Some(r) = b.rows.get_mut(y) {
                            set(r, x);
                        }
                        if let Some(c) = b.cols.get_mut(x) {
                            set(c, y);
                        }
                    }
                    if data {
                        if let Some(r) = b.data_rows.get_mut(y) {
                            set(r, x);
                        }
                        if let Some(c) = b.data_cols.get_mut(x) {
                            set(c, y);
                        }
                    }
                }
            }
            b
        }

        /// Rows and columns after mask `m` and its format information.
        pub(super) fn masked(&self, m: u8, ec: EcLevel) -> (Vec<Line>, Vec<Line>) {
            let n = self.n;
            // mask patterns repeat every 12 rows and every 12 columns
            let mut pat = [[0u64; 3]; 12];
            for (r, p) in pat.iter_mut().enumerate() {
                for j in 0..n {
                    if inverts(m, r, j) {
                        set(p, j);
                    }
                }
            }
            let mut pat_c = [[0u64; 3]; 12];
            for (c, p) in pat_c.iter_mut().enumerate() {
                for i in 0..n {
                    if inverts(m, i, c) {
                        set(p, i);
                    }
                }
            }
            let mut rows: Vec<Line> = self
                .rows
                .iter()
                .zip(self.data_rows.iter())
                .enumerate()
                .map(|(y, (r, d))| xor(*r, and(*d, pat.get(y % 12).copied().unwrap_or_default())))
                .collect();
            let mut cols: Vec<Line> = self
                .cols
                .iter()
                .zip(self.data_cols.iter())
                .enumerate()
                .map(|(x, (c, d))| xor(*c, and(*d, pat_c.get(x % 12).copied().unwrap_or_default())))
                .collect();
            let f = format_bits(ec, m);
            for i in 0..15 {
                if f & (1 << i) != 0 {
                    for (x, y) in format_positions(i, n) {
                        if let Some(r) = rows.get_mut(y) {
                            set(r, x);
                        }
                        if let Some(c) = cols.get_mut(x) {
                            set(c, y);
                        }
                    }
                }
            }
            (rows, cols)
        }
    }

    /// The mask with the lowest penalty (the lowest number on ties).
    pub(super) fn best(canvas: &Canvas, n: usize, ec: EcLevel) -> u8 {
        let base = Base::new(canvas, n);
        let mut best = (u32::MAX, 0u8);
        for m in 0..8u8 {
            let (rows, cols) = base.masked(m, ec);
            let p = penalty(&rows, &cols, n);
            if p < best.0 {
                best = (p, m);
            }
        }
        best.1
    }
}

// ---------------------------------------------------------------------------
// PNG

mod png {
    use super::{Color, PngDepth, QrCode, RenderError, RenderOptions};
    use alloc::vec::Vec;

    static CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) -> Result<(), RenderError> {
        let len =
            u32::try_from(data.len()).map_err(|_| RenderError::BadOption("image too large"))?;
        out.extend_from_slice(&len.to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = CRC32.checksum(out.get(start..).unwrap_or_default());
        out.extend_from_slice(&crc.to_be_bytes());
        Ok(())
    }

    /// Pixel values of (light, dark), colour type, and the palette if any.
    fn colours(opts: &RenderOptions) -> (u8, u8, u8, Option<[Color; 2]>) {
        let (light, dark) = (opts.light, opts.dark);
        let eight = opts.depth == PngDepth::Eight;
        if light.is_grey_opaque() && dark.is_grey_opaque() {
            if eight {
                return (light.r, dark.r, 0, None);
            }
            let bw = |c: Color| c.r == 0 || c.r == 255;
            if bw(light) && bw(dark) {
                return (light.r & 1, dark.r & 1, 0, None);
            }
        }
        (0, 1, 3, Some([light, dark]))
    }

    pub(super) fn write(
        code: &QrCode,
        opts: &RenderOptions,
        side: usize,
    ) -> Result<Vec<u8>, RenderError> {
        let (v_light, v_dark, colour_type, palette) = colours(opts);
        let eight = opts.depth == PngDepth::Eight;
        let row_bytes = if eight { side } else { side.div_ceil(8) };
        let q = opts.quiet_zone;
        let scale = opts.scale;
        let n = code.size() + 2 * q;
        // One scanline per module row; the scale-1 repeats use filter "Up" with
        // zero differences, which deflate turns into almost nothing.
        let mut raw = Vec::with_capacity((row_bytes + 1) * side);
        let mut line = alloc::vec![0u8; row_bytes];
        let mut modules = Vec::with_capacity(n);
        for my in 0..n {
            modules.clear();
            modules.resize(n, false);
            if my >= q && my < q + code.size() {
                if let Some(row) = code.rows().nth(my - q) {
                    if let Some(dst) = modules.get_mut(q..q + code.size()) {
                        dst.copy_from_slice(row);
                    }
                }
            }
            if eight {
                for (px, m) in line.chunks_mut(scale).zip(modules.iter()) {
                    px.fill(if *m { v_dark } else { v_light });
                }
            } else {
                line.fill(0);
                for (x, m) in modules.iter().enumerate() {
                    let v = if *m { v_dark } else { v_light };
                    if v != 0 {
                        for p in x * scale..(x + 1) * scale {
                            if let Some(b) = line.get_mut(p / 8) {
                                *b |= 0x80 >> (p % 8);
                            }
                        }
                    }
                }
            }
            raw.push(0);
            raw.extend_from_slice(&line);
            for _ in 1..scale {
                raw.push(2);
                raw.resize(raw.len() + row_bytes, 0);
            }
        }
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 1);
        let mut out = Vec::with_capacity(z.len() + 128);
        out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let w = u32::try_from(side).map_err(|_| RenderError::BadOption("image too large"))?;
        let mut ihdr = [0u8; 13];
        if let Some(d) = ihdr.get_mut(0..4) {
            d.copy_from_slice(&w.to_be_bytes());
        }
        if let Some(d) = ihdr.get_mut(4..8) {
            d.copy_from_slice(&w.to_be_bytes());
        }
        if let Some(d) = ihdr.get_mut(8..10) {
            d.copy_from_slice(&[if eight { 8 } else { 1 }, colour_type]);
        }
        chunk(&mut out, b"IHDR", &ihdr)?;
        if let Some(p) = palette {
            let plte = [p[0].r, p[0].g, p[0].b, p[1].r, p[1].g, p[1].b];
            chunk(&mut out, b"PLTE", &plte)?;
            if p[0].a != 255 || p[1].a != 255 {
                chunk(&mut out, b"tRNS", &[p[0].a, p[1].a])?;
            }
        }
        chunk(&mut out, b"IDAT", &z)?;
        chunk(&mut out, b"IEND", &[])?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_possible_wrap
    )]
    use super::*;
    use alloc::vec;

    fn canvas_for(text: &str, ec: EcLevel) -> (Canvas, usize) {
        let version = (1..=40)
            .map(Version::Normal)
            .find(|v| {
                let mut b = Bits::new(*v);
                b.push_segments(text.as_bytes(), segments(text.as_bytes(), *v).into_iter())
                    .is_ok()
                    && b.push_terminator(ec.to_qr()).is_ok()
            })
            .unwrap();
        let mut bits = Bits::new(version);
        bits.push_segments(
            text.as_bytes(),
            segments(text.as_bytes(), version).into_iter(),
        )
        .unwrap();
        bits.push_terminator(ec.to_qr()).unwrap();
        let bytes = bits.into_bytes();
        let (d, e) = qrcode::ec::construct_codewords(&bytes, version, ec.to_qr()).unwrap();
        let mut c = Canvas::new(version, ec.to_qr());
        c.draw_all_functional_patterns();
        c.draw_data(&d, &e);
        (c, version.width() as usize)
    }

    /// The bit-packed model of each masked symbol equals what the `qrcode`
    /// canvas draws, for every mask, several versions and every level.
    #[test]
    fn mask_model_matches_canvas() {
        let texts = [
            "HELLO",
            "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB",
            &"0123456789abcdefghij".repeat(20),
            &"Z".repeat(1200),
        ];
        for text in texts {
            for ec in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
                let (canvas, n) = canvas_for(text, ec);
                let base = mask::Base::new(&canvas, n);
                for m in 0..8u8 {
                    let (rows, cols) = base.masked(m, ec);
                    let mut c = canvas.clone();
                    c.apply_mask(MASKS[usize::from(m)]);
                    let colours = c.into_colors();
                    for y in 0..n {
                        for x in 0..n {
                            let want = colours[y * n + x] == QrColor::Dark;
                            let r = rows[y][x / 64] >> (x % 64) & 1 == 1;
                            let cc = cols[x][y / 64] >> (y % 64) & 1 == 1;
                            assert_eq!(
                                (r, cc),
                                (want, want),
                                "{n} ec {ec:?} mask {m} at ({x},{y})"
                            );
                        }
                    }
                }
            }
        }
    }

    /// A slow, direct reading of the penalty rules, module by module.
    fn naive_penalty(g: &[Vec<bool>]) -> u32 {
        let n = g.len();
        let at = |x: isize, y: isize, t: bool| -> bool {
            // t: transposed
            if x < 0 || y < 0 || x >= n as isize || y >= n as isize {
                return false;
            }
            if t {
                g[x as usize][y as usize]
            } else {
                g[y as usize][x as usize]
            }
        };
        let mut s = 0;
        for t in [false, true] {
            for y in 0..n as isize {
                let mut x = 0;
                while x < n as isize {
                    let c = at(x, y, t);
                    let mut e = x;
                    while e < n as isize && at(e, y, t) == c {
                        e += 1;
                    }
                    if e - x >= 5 {
                        s += (e - x - 2) as u32;
                    }
                    x = e;
                }
                for x in 0..n as isize {
                    let core = [true, false, true, true, true, false, true];
                    if (0..7).all(|k| at(x + k, y, t) == core[k as usize]) {
                        if (1..=4).all(|k| !at(x - k, y, t)) {
                            s += 40;
                        }
                        if (7..11).all(|k| !at(x + k, y, t)) {
                            s += 40;
                        }
                    }
                }
            }
        }
        for y in 0..n - 1 {
            for x in 0..n - 1 {
                let c = g[y][x];
                if g[y][x + 1] == c && g[y + 1][x] == c && g[y + 1][x + 1] == c {
                    s += 3;
                }
            }
        }
        let d = g.iter().flatten().filter(|b| **b).count() as u64;
        let t = (n * n) as u64;
        s + 10 * ((d * 20).abs_diff(t * 10) / t) as u32
    }

    fn lines_of(g: &[Vec<bool>]) -> (Vec<mask::Line>, Vec<mask::Line>) {
        let n = g.len();
        let mut rows = vec![[0u64; 3]; n];
        let mut cols = vec![[0u64; 3]; n];
        for y in 0..n {
            for x in 0..n {
                if g[y][x] {
                    rows[y][x / 64] |= 1 << (x % 64);
                    cols[x][y / 64] |= 1 << (y % 64);
                }
            }
        }
        (rows, cols)
    }

    #[test]
    fn penalty_matches_naive_rules() {
        // hand-checked: 5x5 all light = N1 5 rows * 3 + 5 cols * 3, N2 16 * 3, N4 10 * 10
        let g = vec![vec![false; 5]; 5];
        let (r, c) = lines_of(&g);
        assert_eq!(mask::penalty(&r, &c, 5), 30 + 48 + 100);
        assert_eq!(naive_penalty(&g), 30 + 48 + 100);
        // finder-like row in an otherwise checkered 21x21 grid, and random grids
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in [11usize, 21, 45, 63, 64, 65, 100, 177] {
            for _ in 0..6 {
                let g: Vec<Vec<bool>> = (0..n)
                    .map(|_| {
                        (0..n)
                            .map(|_| {
                                seed ^= seed << 13;
                                seed ^= seed >> 7;
                                seed ^= seed << 17;
                                seed.is_multiple_of(3)
                            })
                            .collect()
                    })
                    .collect();
                let (r, c) = lines_of(&g);
                assert_eq!(mask::penalty(&r, &c, n), naive_penalty(&g), "n={n}");
            }
            let mut g = vec![vec![false; n]; n];
            for (x, v) in [true, false, true, true, true, false, true]
                .iter()
                .enumerate()
            {
                g[n / 2][x + 2] = *v;
                g[x + 3][n - 1] = *v;
            }
            let (r, c) = lines_of(&g);
            assert_eq!(mask::penalty(&r, &c, n), naive_penalty(&g), "finder n={n}");
        }
    }

    #[test]
    fn format_bits_known_values() {
        // ISO/IEC 18004 annex C: level M mask 0 = 101010000010010, level L mask 4 = 110011000101111
        assert_eq!(mask::format_bits(EcLevel::M, 0), 0b101010000010010);
        assert_eq!(mask::format_bits(EcLevel::L, 4), 0b110011000101111);
    }
}
