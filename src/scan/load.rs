//! Image files to 8-bit grey.

use alloc::string::ToString;

use super::{LumaImage, ScanError, ScanOptions};

/// Decodes an image file (PNG, JPEG, WebP, BMP) to 8-bit grey, within the
/// options' limits.
///
/// # Errors
/// [`ScanError::UnknownFormat`], [`ScanError::TooLarge`] or [`ScanError::Decode`].
pub fn load_luma(bytes: &[u8], opts: &ScanOptions) -> Result<LumaImage, ScanError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ScanError::Decode(e.to_string()))?;
    match reader.format() {
        Some(
            image::ImageFormat::Png
            | image::ImageFormat::Jpeg
            | image::ImageFormat::WebP
            | image::ImageFormat::Bmp,
        ) => {}
        _ => return Err(ScanError::UnknownFormat),
    }
    let mut reader = reader;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(opts.max_decode_side);
    limits.max_image_height = Some(opts.max_decode_side);
    limits.max_alloc = Some(opts.max_alloc);
    reader.limits(limits);
    let img = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(l) => ScanError::TooLarge(l.to_string()),
        image::ImageError::Unsupported(u) => ScanError::Decode(u.to_string()),
        other => ScanError::Decode(other.to_string()),
    })?;
    let l = img.into_luma8();
    Ok(LumaImage {
        width: l.width(),
        height: l.height(),
        pixels: l.into_raw(),
    })
}
