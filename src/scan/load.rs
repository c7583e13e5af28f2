//! Image files to 8-bit grey, within a memory cap that counts what decoding
//! really allocates.
//!
//! The cap ([`ScanOptions::max_alloc`]) is checked before anything large is
//! allocated, against the cost of the route the file will take:
//!
//! - PNG (8 bits or fewer per sample, not interlaced): rows are decoded one
//!   at a time and turned into grey as they come, so the cost is the grey
//!   image plus two rows.
//! - JPEG: decoded straight to its luma channel, so the cost is the grey
//!   image, plus, for a progressive file, the coefficients of every
//!   component, which the decoder keeps for the whole image until the last
//!   scan (two bytes per sample: three bytes a pixel for 4:2:0 colour).
//! - Everything else (WebP, BMP, 16-bit or interlaced PNG): the image
//!   crate's decoded buffer plus the grey copy.
//!
//! Every large buffer is reserved fallibly, so an allocation the system
//! refuses is a [`ScanError::TooLarge`], not an abort.

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;
use std::io::Cursor;

use super::{LumaImage, ScanError, ScanOptions};

/// Decodes an image file (PNG, JPEG, WebP, BMP) to 8-bit grey, within the
/// options' limits.
///
/// # Errors
/// [`ScanError::UnknownFormat`], [`ScanError::TooLarge`] or [`ScanError::Decode`].
pub fn load_luma(bytes: &[u8], opts: &ScanOptions) -> Result<LumaImage, ScanError> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => png_luma(bytes, opts),
        Ok(image::ImageFormat::Jpeg) => jpeg_luma(bytes, opts),
        Ok(f @ (image::ImageFormat::WebP | image::ImageFormat::Bmp)) => generic(bytes, f, opts),
        _ => Err(ScanError::UnknownFormat),
    }
}

fn check_side(w: u32, h: u32, opts: &ScanOptions) -> Result<(), ScanError> {
    if w > opts.max_decode_side || h > opts.max_decode_side {
        return Err(ScanError::TooLarge(format!(
            "{w} x {h} pixels, over the limit of {} a side",
            opts.max_decode_side
        )));
    }
    Ok(())
}

fn check_alloc(what: &str, bytes: u64, opts: &ScanOptions) -> Result<(), ScanError> {
    if bytes > opts.max_alloc {
        return Err(ScanError::TooLarge(format!(
            "decoding it ({what}) needs {bytes} bytes, over the limit of {}",
            opts.max_alloc
        )));
    }
    Ok(())
}

fn area(w: u32, h: u32) -> u64 {
    u64::from(w) * u64::from(h)
}

/// A zeroed buffer of `n` bytes, or [`ScanError::TooLarge`] if the system
/// will not give it.
fn buffer(n: u64) -> Result<Vec<u8>, ScanError> {
    let refused = || ScanError::TooLarge(format!("cannot allocate {n} bytes"));
    let n = usize::try_from(n).map_err(|_| refused())?;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| refused())?;
    Ok(v)
}

/// Rows converted to grey at a time on the PNG row route.
const BATCH_ROWS: u32 = 64;

/// Appends the grey of `rows` rows of 8-bit pixels with `samples` samples
/// each (grey, grey + alpha, RGB, RGBA) to `out`, by the image crate's own
/// conversion, so that the row route gives the grey the image crate would.
fn extend_grey(out: &mut Vec<u8>, data: Vec<u8>, w: u32, rows: u32, samples: usize) {
    let img = match samples {
        1 => {
            out.extend_from_slice(&data);
            return;
        }
        2 => image::GrayAlphaImage::from_raw(w, rows, data).map(image::DynamicImage::ImageLumaA8),
        3 => image::RgbImage::from_raw(w, rows, data).map(image::DynamicImage::ImageRgb8),
        _ => image::RgbaImage::from_raw(w, rows, data).map(image::DynamicImage::ImageRgba8),
    };
    if let Some(img) = img {
        out.extend_from_slice(img.into_luma8().as_raw());
    }
}

// ---------------------------------------------------------------------------
// PNG

fn png_error(e: png::DecodingError) -> ScanError {
    match e {
        png::DecodingError::LimitsExceeded => ScanError::TooLarge(e.to_string()),
        other => ScanError::Decode(other.to_string()),
    }
}

fn png_luma(bytes: &[u8], opts: &ScanOptions) -> Result<LumaImage, ScanError> {
    let limit = usize::try_from(opts.max_alloc).unwrap_or(usize::MAX);
    let mut decoder =
        png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: limit });
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(png_error)?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    check_side(w, h, opts)?;
    if info.interlaced || info.bit_depth == png::BitDepth::Sixteen {
        return generic(bytes, image::ImageFormat::Png, opts);
    }
    let (colour, _) = reader.output_color_type();
    let samples = colour.samples();
    let line = reader
        .output_line_size(w)
        .and_then(|l| u64::try_from(l).ok())
        .unwrap_or(u64::MAX);
    // the grey image, the decoder's two rows, a batch of rows and its grey
    check_alloc(
        "grey image and a batch of rows",
        area(w, h).saturating_add(line.saturating_mul(2 + 2 * u64::from(BATCH_ROWS))),
        opts,
    )?;
    let mut pixels = buffer(area(w, h))?;
    let mut batch = Vec::new();
    let mut rows = 0;
    while let Some(row) = reader.next_row().map_err(png_error)? {
        batch.extend_from_slice(row.data());
        rows += 1;
        if rows == BATCH_ROWS {
            extend_grey(&mut pixels, core::mem::take(&mut batch), w, rows, samples);
            rows = 0;
        }
    }
    extend_grey(&mut pixels, batch, w, rows, samples);
    if u64::try_from(pixels.len()).ok() != Some(area(w, h)) {
        return Err(ScanError::Decode("the image data ends early".into()));
    }
    Ok(LumaImage {
        width: w,
        height: h,
        pixels,
    })
}

// ---------------------------------------------------------------------------
// JPEG

/// What the frame header (SOF) of a JPEG file says.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JpegFrame {
    width: u32,
    height: u32,
    progressive: bool,
    /// Horizontal and vertical sampling factors of each component.
    sampling: Vec<(u8, u8)>,
}

impl JpegFrame {
    /// Bytes of coefficients a progressive decode keeps: 64 two-byte
    /// coefficients per 8 × 8 block of every component, the blocks padded
    /// to whole MCUs.
    fn coefficient_bytes(&self) -> u64 {
        if !self.progressive {
            return 0;
        }
        let hmax = u64::from(self.sampling.iter().map(|s| s.0).max().unwrap_or(1).max(1));
        let vmax = u64::from(self.sampling.iter().map(|s| s.1).max().unwrap_or(1).max(1));
        let mcu_x = u64::from(self.width).div_ceil(8 * hmax);
        let mcu_y = u64::from(self.height).div_ceil(8 * vmax);
        self.sampling
            .iter()
            .map(|(hs, vs)| {
                (mcu_x * u64::from(*hs))
                    .saturating_mul(mcu_y * u64::from(*vs))
                    .saturating_mul(128)
            })
            .fold(0u64, u64::saturating_add)
    }
}

/// Walks the markers of a JPEG file up to its frame header.
fn jpeg_frame(bytes: &[u8]) -> Option<JpegFrame> {
    let mut i = 2usize;
    loop {
        // markers may be preceded by any number of 0xFF fill bytes
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        if bytes.get(i) != Some(&0xFF) {
            return None;
        }
        let marker = *bytes.get(i + 1)?;
        if marker == 0x01 || (0xD0..=0xD8).contains(&marker) {
            i += 2;
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let seg = bytes.get(i + 4..i + 2 + len)?;
            let (&[_, h0, h1, w0, w1, n], rest) = seg.split_first_chunk::<6>()?;
            let sampling = rest
                .chunks_exact(3)
                .take(usize::from(n))
                .filter_map(|c| c.get(1).map(|s| (s >> 4, s & 15)))
                .collect();
            return Some(JpegFrame {
                width: u32::from(u16::from_be_bytes([w0, w1])),
                height: u32::from(u16::from_be_bytes([h0, h1])),
                progressive: matches!(marker, 0xC2 | 0xC6 | 0xCA | 0xCE),
                sampling,
            });
        }
        i = i.checked_add(2 + len)?;
    }
}

fn jpeg_luma(bytes: &[u8], opts: &ScanOptions) -> Result<LumaImage, ScanError> {
    let frame =
        jpeg_frame(bytes).ok_or_else(|| ScanError::Decode("no JPEG frame header".into()))?;
    check_side(frame.width, frame.height, opts)?;
    let what = if frame.progressive {
        "progressive: grey image and every component's coefficients"
    } else {
        "grey image"
    };
    check_alloc(
        what,
        area(frame.width, frame.height).saturating_add(frame.coefficient_bytes()),
        opts,
    )?;
    let side = usize::try_from(opts.max_decode_side).unwrap_or(usize::MAX);
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(side)
        .set_max_height(side)
        .jpeg_set_out_colorspace(zune_core::colorspace::ColorSpace::Luma);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        zune_core::bytestream::ZCursor::new(bytes),
        options,
    );
    decoder
        .decode_headers()
        .map_err(|e| ScanError::Decode(format!("{e:?}")))?;
    let (w, h) = decoder
        .dimensions()
        .ok_or_else(|| ScanError::Decode("no JPEG frame header".into()))?;
    let (w, h) = (
        u32::try_from(w).unwrap_or(u32::MAX),
        u32::try_from(h).unwrap_or(u32::MAX),
    );
    if (w, h) != (frame.width, frame.height) {
        return Err(ScanError::Decode("inconsistent JPEG frame headers".into()));
    }
    let n = area(w, h);
    let mut pixels = buffer(n)?;
    pixels.resize(usize::try_from(n).unwrap_or(0), 0);
    decoder
        .decode_into(&mut pixels)
        .map_err(|e| ScanError::Decode(format!("{e:?}")))?;
    Ok(LumaImage {
        width: w,
        height: h,
        pixels,
    })
}

// ---------------------------------------------------------------------------
// WebP, BMP and the PNGs the row route does not take

fn image_error(e: image::ImageError) -> ScanError {
    match e {
        image::ImageError::Limits(l) => ScanError::TooLarge(l.to_string()),
        other => ScanError::Decode(other.to_string()),
    }
}

fn generic(
    bytes: &[u8],
    format: image::ImageFormat,
    opts: &ScanOptions,
) -> Result<LumaImage, ScanError> {
    use image::ImageDecoder;

    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(opts.max_decode_side);
    limits.max_image_height = Some(opts.max_decode_side);
    limits.max_alloc = Some(opts.max_alloc);
    reader.limits(limits);
    let decoder = reader.into_decoder().map_err(image_error)?;
    let (w, h) = decoder.dimensions();
    check_side(w, h, opts)?;
    let grey_copy = if decoder.color_type() == image::ColorType::L8 {
        0
    } else {
        area(w, h)
    };
    check_alloc(
        "decoded image and its grey copy",
        decoder.total_bytes().saturating_add(grey_copy),
        opts,
    )?;
    let img = image::DynamicImage::from_decoder(decoder).map_err(image_error)?;
    let l = img.into_luma8();
    Ok(LumaImage {
        width: l.width(),
        height: l.height(),
        pixels: l.into_raw(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn batches_of_rows_give_the_image_crates_grey() {
        let rgb: Vec<u8> = (0..=255u8)
            .flat_map(|i| [i, i.wrapping_mul(7), 255 - i])
            .collect();
        let want = image::RgbImage::from_raw(16, 16, rgb.clone()).unwrap();
        let want = image::DynamicImage::ImageRgb8(want).into_luma8().into_raw();
        let mut got = Vec::new();
        for rows in rgb.chunks(16 * 3 * 4) {
            extend_grey(&mut got, rows.to_vec(), 16, 4, 3);
        }
        assert_eq!(got, want);
        let mut grey = Vec::new();
        extend_grey(&mut grey, alloc::vec![9, 200, 7, 1], 2, 1, 2);
        assert_eq!(grey, [9, 7]);
    }

    #[test]
    fn progressive_jpeg_is_counted_at_its_coefficients() {
        let f = JpegFrame {
            width: 13_000,
            height: 13_000,
            progressive: true,
            sampling: alloc::vec![(2, 2), (1, 1), (1, 1)],
        };
        // 813 x 813 MCUs of 16 x 16 pixels: 4 luma blocks and 2 chroma blocks each
        assert_eq!(f.coefficient_bytes(), 813 * 813 * 6 * 128);
        let baseline = JpegFrame {
            progressive: false,
            ..f
        };
        assert_eq!(baseline.coefficient_bytes(), 0);
    }

    #[test]
    fn frame_header_is_found_past_other_segments() {
        // SOI, an APP0 segment, fill bytes, SOF2 of a 3 x 2 grey image, then garbage
        let mut jpeg = alloc::vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB, 0xFF, 0xFF];
        jpeg.extend_from_slice(&[0xFF, 0xC2, 0x00, 0x0B, 8, 0, 2, 0, 3, 1, 1, 0x11, 0]);
        jpeg.extend_from_slice(&[0x12, 0x34]);
        assert_eq!(
            jpeg_frame(&jpeg),
            Some(JpegFrame {
                width: 3,
                height: 2,
                progressive: true,
                sampling: alloc::vec![(1, 1)],
            })
        );
        // cut inside the frame header, or a scan before any frame: nothing
        assert_eq!(jpeg_frame(&jpeg[..16]), None);
        assert_eq!(jpeg_frame(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
        assert_eq!(jpeg_frame(&[0xFF, 0xD8]), None);
    }
}
