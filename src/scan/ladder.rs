//! The pipeline: which copy of the image is read, in what order, and when to
//! stop (see the module documentation of [`super`]).

use alloc::vec::Vec;

use super::gray::Gray;
use super::rxing::{read, Reading, Threshold};
use super::work::{Exhausted, Work};
use super::{usize_of, RawCode, ScanOptions};

/// Images with a longer side are read first at a reduced size.
const PYRAMID_ABOVE: usize = 1280;

/// The size the first, coarse level of such an image is reduced to (at most).
const COARSE_SIDE: usize = 1024;

/// Images up to this size get the slower fallbacks (global threshold, twice
/// the size) when the first readings find nothing.
const SMALL_SIDE: usize = 800;

/// Above this many finder patterns in one reading, the image is a pattern
/// field (or noise), not a code that another threshold would rescue: the
/// fallbacks are skipped.
const FALLBACK_MAX_PATTERNS: usize = 24;

fn factor_f32(f: usize) -> f32 {
    u16::try_from(f).map_or(1.0, f32::from)
}

fn pixels(g: &Gray<'_>) -> u64 {
    u64::try_from(g.px.len()).unwrap_or(u64::MAX)
}

/// Every code found in `g`, or [`Exhausted`] when the budget ran out first.
pub(super) fn find(
    g: Gray<'_>,
    opts: &ScanOptions,
    work: &mut Work,
) -> Result<Vec<RawCode>, Exhausted> {
    let max_side = usize_of(opts.max_side).max(64);
    let (g, base) = if g.longest() > max_side {
        work.spend(pixels(&g))?;
        let f = g.longest().div_ceil(max_side);
        (g.shrink(f), f)
    } else {
        (g, 1)
    };
    // pyramid: coarse level first, then halve the factor (rounding up, so
    // that the level before full size is half of it) down to full size
    let mut f = if g.longest() > PYRAMID_ABOVE {
        g.longest().div_ceil(COARSE_SIDE)
    } else {
        1
    };
    let full: Reading = loop {
        let reading = if f == 1 {
            read(&g, factor_f32(base), Threshold::Local, work)?
        } else {
            work.spend(pixels(&g))?;
            read(&g.shrink(f), factor_f32(base * f), Threshold::Local, work)?
        };
        if !reading.codes.is_empty() || f == 1 {
            break reading;
        }
        // The early exit: a level of half the size without a single finder
        // pattern, in either polarity, has no code big enough to be read at
        // full size either (a code needs about a pixel per module to show its
        // patterns, two to be read); the full size costs four times as much,
        // and most camera frames hold no code at all. Coarser levels go on
        // to the next, where a smaller code may show, unless crowded: a field
        // of finder patterns is only more crowded at a finer level.
        if reading.crowded || (opts.early_exit && f <= 2 && reading.patterns == 0) {
            return Ok(Vec::new());
        }
        f = f.div_ceil(2);
    };
    if !full.codes.is_empty() || !opts.thorough {
        return Ok(full.codes);
    }
    // the fallbacks are for a code that the local threshold missed: not for
    // a pattern field
    if g.longest() > SMALL_SIDE || full.crowded || full.patterns > FALLBACK_MAX_PATTERNS {
        return Ok(Vec::new());
    }
    let global = read(&g, factor_f32(base), Threshold::Global, work)?;
    if !global.codes.is_empty() {
        return Ok(global.codes);
    }
    // twice the size only where either threshold saw a finder pattern
    if full.patterns.max(global.patterns) == 0 {
        return Ok(Vec::new());
    }
    // the doubling reads every pixel and writes four
    work.spend(5 * pixels(&g))?;
    let big = g.double();
    Ok(read(&big, factor_f32(base) / 2.0, Threshold::Local, work)?.codes)
}
