//! The rxing decoder (a port of ZXing and zxing-cpp).

use alloc::borrow::ToOwned;
use alloc::vec::Vec;
use std::collections::HashSet;

use ::rxing::common::{GlobalHistogramBinarizer, HybridBinarizer};
use ::rxing::multi::MultipleBarcodeReader;
use ::rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, RXingResult, Reader,
};

use super::gray::Gray;
use super::{guarded, RawCode};

fn hints() -> DecodeHints {
    DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        ..DecodeHints::default()
    }
}

fn to_raw(r: &RXingResult, scale: f32) -> RawCode {
    RawCode {
        text: r.getText().to_owned(),
        points: r
            .getPoints()
            .iter()
            .map(|p| [p.x * scale, p.y * scale])
            .collect(),
    }
}

fn rxing_read<B: Binarizer>(bitmap: &mut BinaryBitmap<B>, scale: f32) -> Vec<RawCode> {
    let h = hints();
    let mut out: Vec<RawCode> = rxing::qrcode::cpp_port::QrReader
        .decode_multiple_with_hints(bitmap, &h)
        .map(|v| v.iter().map(|r| to_raw(r, scale)).collect())
        .unwrap_or_default();
    if out.is_empty() {
        if let Ok(r) = rxing::qrcode::QRCodeReader.decode_with_hints(bitmap, &h) {
            out.push(to_raw(&r, scale));
        }
    }
    out
}

/// rxing with the hybrid (local) binarizer, dark on light, then on the
/// inverted image (binarized afresh: the local threshold is not symmetric).
pub(super) fn rxing_hybrid(g: &Gray<'_>, scale: f32) -> Vec<RawCode> {
    guarded(|| {
        let found = rxing_hybrid_once(g, scale);
        if !found.is_empty() {
            return found;
        }
        rxing_hybrid_once(&g.invert(), scale)
    })
}

fn rxing_hybrid_once(g: &Gray<'_>, scale: f32) -> Vec<RawCode> {
    let (Ok(w), Ok(h)) = (u32::try_from(g.w), u32::try_from(g.h)) else {
        return Vec::new();
    };
    let Ok(src) = Luma8Source::new_with_slice(&g.px, w, h) else {
        return Vec::new();
    };
    rxing_read(&mut BinaryBitmap::new(HybridBinarizer::new(src)), scale)
}

/// rxing with the global-histogram binarizer, dark on light then inverted.
pub(super) fn rxing_global(g: &Gray<'_>, scale: f32) -> Vec<RawCode> {
    guarded(|| {
        let (Ok(w), Ok(h)) = (u32::try_from(g.w), u32::try_from(g.h)) else {
            return Vec::new();
        };
        let Ok(src) = Luma8Source::new_with_slice(&g.px, w, h) else {
            return Vec::new();
        };
        let mut bitmap = BinaryBitmap::new(GlobalHistogramBinarizer::new(src));
        let found = rxing_read(&mut bitmap, scale);
        if !found.is_empty() {
            return found;
        }
        bitmap.invert();
        rxing_read(&mut bitmap, scale)
    })
}
