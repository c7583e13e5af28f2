//! Text → QR symbol: segments (never Kanji), ECI, Reed–Solomon and module
//! placement by the `qrcode` crate, the mask chosen by [`super::mask`].

use alloc::vec::Vec;

use qrcode::bits::Bits;
use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::optimize::{total_encoded_len, Optimizer, Parser, Segment};
use qrcode::types::{Color as QrColor, Mode, Version};

use super::{mask, Eci, QrCode, RenderError, RenderOptions};

pub(super) const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

pub(super) fn segments(data: &[u8], version: Version) -> Vec<Segment> {
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

pub(super) fn encode_bytes(text: &str, opts: &RenderOptions) -> Result<QrCode, RenderError> {
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
