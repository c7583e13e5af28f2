//! The pipeline: which decoder runs on which copy of the image, in what order.

use alloc::vec::Vec;

use super::gray::Gray;
use super::rqrr::rqrr_read;
use super::rxing::{rxing_global, rxing_hybrid};
use super::{usize_of, RawCode, ScanOptions};

fn factor_f32(f: usize) -> f32 {
    u16::try_from(f).map_or(1.0, f32::from)
}

/// The pipeline (see the module documentation).
pub(super) fn find(g: Gray<'_>, opts: &ScanOptions) -> Vec<RawCode> {
    let max_side = usize_of(opts.max_side).max(64);
    let (g, base) = if g.longest() > max_side {
        let f = g.longest().div_ceil(max_side);
        (g.shrink(f), f)
    } else {
        (g, 1)
    };
    let first = if g.longest() > 1280 {
        g.longest().div_ceil(1024)
    } else {
        1
    };
    // pyramid: coarse level first, then halve the factor down to full size
    let mut f = first;
    let mut coarse: Option<Gray<'static>> = None;
    loop {
        let found = if f == 1 {
            rxing_hybrid(&g, factor_f32(base))
        } else {
            let level = g.shrink(f);
            let found = rxing_hybrid(&level, factor_f32(base * f));
            if coarse.is_none() {
                coarse = Some(level);
            }
            found
        };
        if !found.is_empty() || f == 1 {
            if !found.is_empty() {
                return found;
            }
            break;
        }
        f = (f / 2).max(1);
    }
    if !opts.thorough {
        return Vec::new();
    }
    if g.longest() <= 800 {
        let found = rxing_global(&g, factor_f32(base));
        if !found.is_empty() {
            return found;
        }
        let big = g.double();
        let found = rxing_hybrid(&big, factor_f32(base) / 2.0);
        if !found.is_empty() {
            return found;
        }
    }
    // rqrr on the coarse level of a large image, so that its time stays bounded
    let (work, scale) = match coarse {
        Some(c) => (c, factor_f32(base * first)),
        None => (g.shrink(1), factor_f32(base)),
    };
    rqrr_ladder(&work, scale)
}

pub(super) fn rqrr_ladder(g: &Gray<'_>, scale: f32) -> Vec<RawCode> {
    let found = rqrr_read(g, scale);
    if !found.is_empty() {
        return found;
    }
    let stretched = g.stretch();
    let blurred = stretched.blur();
    let steps: [&dyn Fn() -> Vec<RawCode>; 5] = [
        &|| rqrr_read(&stretched, scale),
        &|| rqrr_read(&blurred, scale),
        &|| rqrr_read(&blurred.otsu(), scale),
        &|| {
            if g.longest() < 600 {
                rqrr_read(&blurred.double().otsu(), scale / 2.0)
            } else {
                Vec::new()
            }
        },
        &|| {
            let inv = stretched.invert();
            let found = rqrr_read(&inv, scale);
            if found.is_empty() {
                rqrr_read(&inv.blur().otsu(), scale)
            } else {
                found
            }
        },
    ];
    for step in steps {
        let found = step();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}
