//! The rqrr decoder (a port of quirc), the fallback.

use alloc::vec::Vec;

use super::gray::Gray;
use super::{guarded, RawCode};

pub(super) fn rqrr_read(g: &Gray<'_>, scale: f32) -> Vec<RawCode> {
    guarded(|| {
        let w = g.w;
        let px = &g.px;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(g.w, g.h, |x, y| {
            px.get(y.saturating_mul(w).saturating_add(x))
                .copied()
                .unwrap_or(255)
        });
        img.detect_grids()
            .iter()
            .filter_map(|grid| {
                let (_, text) = grid.decode().ok()?;
                let points = grid
                    .bounds
                    .iter()
                    .map(|p| [to_f32(p.x) * scale, to_f32(p.y) * scale])
                    .collect();
                Some(RawCode { text, points })
            })
            .collect()
    })
}

fn to_f32(v: i32) -> f32 {
    // pixel coordinates are far below 2^24: exact
    i16::try_from(v).map_or(0.0, f32::from)
}
