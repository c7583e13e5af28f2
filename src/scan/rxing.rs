//! The decoder: rxing's port of the zxing-cpp QR detector, driven step by step
//! here so that the work on one image is counted and bounded, with ZXing's
//! classic detector as a second opinion where the first saw a few finder
//! patterns but could not read them.

use alloc::borrow::ToOwned;
use alloc::vec::Vec;
use std::collections::HashSet;

use ::rxing::common::cpp_essentials::{
    ConcentricPattern, FindLeftGuardBy, FixedPattern, GetPatternRowTP, IsPattern,
    LocateConcentricPattern, PatternRow, PatternType, PatternView,
};
use ::rxing::common::{BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer, HybridBinarizer};
use ::rxing::qrcode::cpp_port::decoder::Decode;
use ::rxing::qrcode::cpp_port::detector::{
    FindFinderPatterns, GenerateFinderPatternSets, SampleQR,
};
use ::rxing::{BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, Point, Reader};

use super::gray::Gray;
use super::work::{Exhausted, Work};
use super::{guarded, RawCode};

/// Finder patterns handed to the set generator: a QR code has three, a sheet
/// of codes a few dozen; more is a pattern field (or noise), of which only
/// the first ones (in reading order) are considered.
const MAX_PATTERNS: usize = 96;

/// Sets of three finder patterns sampled and decoded per binarized image, in
/// the detector's order of plausibility. The 201 real photos of the corpus
/// need at most 7.
const MAX_SETS: usize = 24;

/// The classic detector runs only where the first saw between 1 and this many
/// finder patterns: it rescues codes whose patterns were found but not
/// sampled well, and its own search grows faster than linearly with the
/// number of patterns.
const CLASSIC_MAX_PATTERNS: usize = 8;

/// Work units of sampling and decoding one set of three finder patterns (a
/// grid of up to 177 × 177 modules, then Reed–Solomon).
const SET_COST: u64 = 40_000;

/// Candidate rows of the census (see [`census`]) up to which an image is
/// searched without further ado. The busiest real photo of the corpus shows
/// 781; camera noise at full size shows tens of thousands, almost none of
/// which the detector locates as a pattern.
const MAX_ROW_HITS: usize = 1_000;

/// Over [`MAX_ROW_HITS`], this many candidates, spread over the image, are
/// located as the detector would locate them, to estimate how many finder
/// patterns the image holds.
const SAMPLES: usize = 128;

/// An image estimated to hold more finder patterns than this is crowded:
/// the detector compares every candidate with every pattern found before,
/// a cost that grows with their product.
const MAX_LOCATED: usize = 400;

/// Candidates the census keeps the position of; an image with more is
/// crowded.
const MAX_CANDIDATES: usize = 1 << 18;

/// Work units of one candidate of the census: the row test and an attempt
/// to locate it that usually fails at once.
const HIT_COST: u64 = 100;

/// Work units of locating one finder pattern.
const LOCATE_COST: u64 = 6_000;

/// A crowded image is read again at half the size while it is at least this
/// long.
const MIN_CROWDED_SIDE: usize = 128;

/// The finder pattern's row: bar, space, three-module bar, space, bar.
const FINDER: FixedPattern<5, 7, false> = FixedPattern::new([1, 1, 3, 1, 1]);

/// How the grey image becomes black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Threshold {
    /// rxing's hybrid binarizer: a threshold per 8 × 8 block from its 5 × 5
    /// neighbourhood.
    Local,
    /// One threshold for the whole image, from its histogram.
    Global,
}

/// What reading one image gave: the codes, and how many finder patterns the
/// detector saw in the polarity with more of them (the census that decides
/// whether the fallbacks are worth their cost).
#[derive(Debug, Default)]
pub(super) struct Reading {
    pub(super) codes: Vec<RawCode>,
    pub(super) patterns: usize,
    /// The census found more candidate rows than [`MAX_ROW_HITS`]: the
    /// image was not searched at its size (but perhaps at a smaller one).
    pub(super) crowded: bool,
}

/// Reads `g` dark on light, then (when that found nothing) light on dark, and
/// scales the points by `scale` back to the caller's pixels.
///
/// The light-on-dark reading binarizes the inverted image afresh with the
/// local threshold (flipping the black matrix is not the same there: blocks
/// of low contrast count as light in both readings), and flips the matrix
/// with the global one.
///
/// An image too crowded with candidate finder patterns to be searched at its
/// size (a sheet of finder patterns, or the data area of a very large code)
/// is read again at half the size, where a real code usually survives and
/// the crowd thins out.
///
/// # Errors
/// [`Exhausted`] when the work budget ran out before the reading was done.
pub(super) fn read(
    g: &Gray<'_>,
    scale: f32,
    threshold: Threshold,
    work: &mut Work,
) -> Result<Reading, Exhausted> {
    let reading = both(g, scale, threshold, work)?;
    if reading.crowded && reading.codes.is_empty() && g.longest() >= 2 * MIN_CROWDED_SIDE {
        work.spend(pixels(g))?;
        let smaller = read(&g.shrink(2), scale * 2.0, threshold, work)?;
        return Ok(Reading {
            crowded: true,
            ..smaller
        });
    }
    Ok(reading)
}

fn both(
    g: &Gray<'_>,
    scale: f32,
    threshold: Threshold,
    work: &mut Work,
) -> Result<Reading, Exhausted> {
    let first = match threshold {
        Threshold::Local => local(g, scale, work)?,
        Threshold::Global => {
            // binarization, the search, and the search again after the flip
            work.spend(3 * pixels(g))?;
            let Some(src) = source(&g.px, g) else {
                return Ok(Reading::default());
            };
            let mut bitmap = BinaryBitmap::new(GlobalHistogramBinarizer::new(src));
            let first = once(&mut bitmap, scale, work)?;
            if !first.codes.is_empty() {
                return Ok(first);
            }
            bitmap.invert();
            let second = once(&mut bitmap, scale, work)?;
            return Ok(merge(first, second));
        }
    };
    if !first.codes.is_empty() {
        return Ok(first);
    }
    work.spend(pixels(g))?;
    let second = local(&g.invert(), scale, work)?;
    Ok(merge(first, second))
}

fn local(g: &Gray<'_>, scale: f32, work: &mut Work) -> Result<Reading, Exhausted> {
    // binarization and the finder-pattern search, each a pass over the pixels
    work.spend(2 * pixels(g))?;
    let Some(src) = source(&g.px, g) else {
        return Ok(Reading::default());
    };
    once(
        &mut BinaryBitmap::new(HybridBinarizer::new(src)),
        scale,
        work,
    )
}

fn source<'a>(px: &'a [u8], g: &Gray<'_>) -> Option<Luma8Source<'a>> {
    let (w, h) = (u32::try_from(g.w).ok()?, u32::try_from(g.h).ok()?);
    Luma8Source::new_with_slice(px, w, h).ok()
}

/// The second polarity's codes, with the census of the busier one.
fn merge(first: Reading, second: Reading) -> Reading {
    Reading {
        codes: second.codes,
        patterns: first.patterns.max(second.patterns),
        crowded: first.crowded || second.crowded,
    }
}

fn count<T>(v: &[T]) -> u64 {
    u64::try_from(v.len()).unwrap_or(u64::MAX)
}

fn pixels(g: &Gray<'_>) -> u64 {
    u64::try_from(g.px.len()).unwrap_or(u64::MAX)
}

fn work_of_matrix<B: Binarizer>(bitmap: &BinaryBitmap<B>) -> u64 {
    let n = bitmap.get_width().saturating_mul(bitmap.get_height());
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// One polarity: finder patterns, then the most plausible sets of three,
/// sampled and decoded until the cap or the budget is reached.
fn once<B: Binarizer>(
    bitmap: &mut BinaryBitmap<B>,
    scale: f32,
    work: &mut Work,
) -> Result<Reading, Exhausted> {
    let (codes, patterns) = {
        let matrix = bitmap.get_black_matrix();
        let Some(mut candidates) = guarded(|| census(matrix, 0)) else {
            return Ok(Reading::default());
        };
        work.spend(HIT_COST.saturating_mul(count(&candidates)))?;
        // A busy image is searched for patterns of modules of two pixels or
        // more: camera noise and sheets of one-pixel patterns are made of
        // the others, and a code that small is not read anyway.
        let mut min_module = 0;
        if candidates.len() > MAX_ROW_HITS {
            min_module = 2;
            candidates = guarded(|| census(matrix, min_module)).unwrap_or_default();
            work.spend(HIT_COST.saturating_mul(count(&candidates)))?;
        }
        let hits = count(&candidates);
        if candidates.len() > MAX_ROW_HITS {
            work.spend(LOCATE_COST.saturating_mul(SAMPLES as u64))?;
            let crowded = candidates.len() >= MAX_CANDIDATES
                || guarded(|| located(matrix, &candidates)).is_none_or(|n| n > MAX_LOCATED);
            if crowded {
                // not searched: counted as busier than any code
                return Ok(Reading {
                    codes: Vec::new(),
                    patterns: usize::MAX,
                    crowded: true,
                });
            }
        }
        let Some(mut patterns) =
            guarded(|| FindFinderPatterns(matrix, true, u32::from(min_module)))
        else {
            return Ok(Reading::default());
        };
        // paid once known: each pattern located, and every candidate compared
        // with each of them
        let seen = patterns.len();
        let n = u64::try_from(seen).unwrap_or(u64::MAX);
        work.spend(
            LOCATE_COST
                .saturating_mul(n)
                .saturating_add(hits.saturating_mul(n) / 8),
        )?;
        patterns.truncate(MAX_PATTERNS);
        (sample(matrix, patterns, scale, work)?, seen)
    };
    if codes.is_empty() && (1..=CLASSIC_MAX_PATTERNS).contains(&patterns) {
        work.spend(2 * work_of_matrix(bitmap))?;
        if let Some(code) = guarded(|| classic(bitmap, scale)).flatten() {
            return Ok(Reading {
                codes: alloc::vec![code],
                patterns,
                crowded: false,
            });
        }
    }
    Ok(Reading {
        codes,
        patterns,
        crowded: false,
    })
}

/// The census: on every third row (the detector's own rows when it tries
/// hard), the runs that pass the detector's own row test for the middle of a
/// finder pattern (1:1:3:1:1), with the point and range the detector would
/// locate each from; up to [`MAX_CANDIDATES`]. These are exactly the
/// candidates the detector goes on to locate and compare with one another.
fn census(matrix: &BitMatrix, min_module: u16) -> Vec<(Point, i32)> {
    let min_module = f32::from(min_module);
    let mut found = Vec::new();
    let mut row = PatternRow::default();
    let mut y = 2;
    while y < matrix.getHeight() {
        GetPatternRowTP(matrix, y, &mut row, false);
        let mut next = PatternView::new(&row);
        while let Ok(view) =
            FindLeftGuardBy::<5, _>(next, 5, |v, space| finder_row(v, space, min_module))
        {
            if !view.isValid() {
                break;
            }
            let mut v = [0 as PatternType; 5];
            for (d, s) in v.iter_mut().zip(view.iter()) {
                *d = s;
            }
            let [a, b, c, ..] = v.map(f32::from);
            let centre = Point {
                x: f32::from(view.pixelsInFront()) + a + b + c / 2.0,
                y: f32::from(u16::try_from(y).unwrap_or(u16::MAX)) + 0.5,
            };
            let range = v.iter().map(|r| i32::from(*r)).sum::<i32>() * 3;
            found.push((centre, range));
            if found.len() >= MAX_CANDIDATES {
                return found;
            }
            next = view;
            next.skipPair();
            next.skipPair();
            next.extend();
        }
        y += 3;
    }
    found
}

/// How many finder patterns the candidates hold, estimated from
/// [`SAMPLES`] of them spread over the image (a fixed pseudo-random choice)
/// that are located as the detector would: the located share times the
/// candidates.
fn located(matrix: &BitMatrix, candidates: &[(Point, i32)]) -> usize {
    let n = candidates.len();
    let mut hit = 0usize;
    for i in 0..SAMPLES {
        let pick = (i.wrapping_mul(0x9E37_79B9).wrapping_add(i >> 3)) % n.max(1);
        if let Some((centre, range)) = candidates.get(pick) {
            let pattern: [PatternType; 5] = FINDER.into();
            if LocateConcentricPattern::<true, 5, 7>(matrix, &pattern, *centre, *range).is_some() {
                hit += 1;
            }
        }
    }
    hit.saturating_mul(n) / SAMPLES
}

/// The detector's row test: a plausible 1:1:3:1:1 run of bars and spaces,
/// of modules of at least `min_module` pixels.
fn finder_row(view: &PatternView<'_>, space: Option<f32>, min_module: f32) -> bool {
    let mut v = [0 as PatternType; 5];
    for (d, s) in v.iter_mut().zip(view.iter()) {
        *d = s;
    }
    let [a, b, c, d, e] = v;
    if c < 3 || u32::from(c) < 2 * u32::from(a.max(e)) || c < b.max(d) {
        return false;
    }
    IsPattern::<true, 5, 7, false>(view, &FINDER, space, 0.1, 0.0, min_module) != 0.0
}

fn sample(
    matrix: &BitMatrix,
    mut patterns: Vec<ConcentricPattern>,
    scale: f32,
    work: &mut Work,
) -> Result<Vec<RawCode>, Exhausted> {
    let Some(sets) = guarded(|| GenerateFinderPatternSets(&mut patterns)) else {
        return Ok(Vec::new());
    };
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut codes = Vec::new();
    for set in sets.iter().take(MAX_SETS) {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        work.spend(SET_COST)?;
        let decoded = guarded(|| {
            let detected = SampleQR(matrix, set).ok()?;
            let result = Decode(detected.getBits()).ok()?;
            result
                .isValid()
                .then(|| (result.text(), points(detected.getPoints(), scale)))
        })
        .flatten();
        if let Some((text, points)) = decoded {
            used.extend([set.bl, set.tl, set.tr]);
            codes.push(RawCode { text, points });
        }
    }
    Ok(codes)
}

fn points(points: &[Point], scale: f32) -> Vec<[f32; 2]> {
    points.iter().map(|p| [p.x * scale, p.y * scale]).collect()
}

/// ZXing's classic QR reader on the same black matrix.
fn classic<B: Binarizer>(bitmap: &mut BinaryBitmap<B>, scale: f32) -> Option<RawCode> {
    let hints = DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        ..DecodeHints::default()
    };
    let r = ::rxing::qrcode::QRCodeReader
        .decode_with_hints(bitmap, &hints)
        .ok()?;
    Some(RawCode {
        text: r.getText().to_owned(),
        points: points(r.getPoints(), scale),
    })
}
