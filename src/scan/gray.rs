//! Grey images and the preprocessing steps of the ladder.

use alloc::vec::Vec;

/// A grey image, borrowed or owned.
pub(super) struct Gray<'a> {
    pub(super) w: usize,
    pub(super) h: usize,
    pub(super) px: alloc::borrow::Cow<'a, [u8]>,
}

impl<'a> Gray<'a> {
    pub(super) fn view(w: usize, h: usize, px: &'a [u8]) -> Gray<'a> {
        Gray {
            w,
            h,
            px: alloc::borrow::Cow::Borrowed(px),
        }
    }

    pub(super) fn owned(w: usize, h: usize, px: Vec<u8>) -> Gray<'static> {
        Gray {
            w,
            h,
            px: alloc::borrow::Cow::Owned(px),
        }
    }

    pub(super) fn rows(&self) -> core::slice::ChunksExact<'_, u8> {
        self.px.chunks_exact(self.w.max(1))
    }

    pub(super) fn longest(&self) -> usize {
        self.w.max(self.h)
    }

    /// Box-filter shrink by an integer factor.
    pub(super) fn shrink(&self, f: usize) -> Gray<'static> {
        let f = f.max(1);
        let (w, h) = ((self.w / f).max(1), (self.h / f).max(1));
        let mut out = Vec::with_capacity(w * h);
        let mut acc = alloc::vec![0u32; w];
        let area = u32::try_from(f * f).unwrap_or(u32::MAX).max(1);
        for band in self.rows().collect::<Vec<_>>().chunks(f).take(h) {
            acc.fill(0);
            for row in band {
                for (a, cell) in acc.iter_mut().zip(row.chunks(f)) {
                    *a += cell.iter().map(|p| u32::from(*p)).sum::<u32>();
                }
            }
            out.extend(acc.iter().map(|a| u8::try_from(a / area).unwrap_or(255)));
        }
        out.resize(w * h, 255);
        Gray::owned(w, h, out)
    }

    /// Bilinear enlargement by two (pixel centres at a quarter of a source pixel).
    pub(super) fn double(&self) -> Gray<'static> {
        // horizontal: each pixel gives 3/4 of itself plus 1/4 of its left, then right, neighbour
        let w2 = self.w * 2;
        let mut horiz: Vec<u16> = Vec::with_capacity(w2 * self.h);
        for row in self.rows() {
            for (i, p) in row.iter().enumerate() {
                let p = u16::from(*p);
                let left = i
                    .checked_sub(1)
                    .and_then(|j| row.get(j))
                    .map_or(p, |v| u16::from(*v));
                let right = row.get(i + 1).map_or(p, |v| u16::from(*v));
                horiz.push(3 * p + left);
                horiz.push(3 * p + right);
            }
        }
        // vertical: the same weights between rows; sums carry a factor of 16
        let rows: Vec<&[u16]> = horiz.chunks_exact(w2.max(1)).collect();
        let mut out = Vec::with_capacity(w2 * self.h * 2);
        for (j, row) in rows.iter().enumerate() {
            let up = j.checked_sub(1).and_then(|k| rows.get(k)).unwrap_or(row);
            let down = rows.get(j + 1).unwrap_or(row);
            for other in [up, down] {
                out.extend(row.iter().zip(other.iter()).map(|(a, b)| {
                    u8::try_from((3 * u32::from(*a) + u32::from(*b) + 8) / 16).unwrap_or(255)
                }));
            }
        }
        Gray::owned(w2, self.h * 2, out)
    }

    /// 3×3 box blur (edges clamped).
    pub(super) fn blur(&self) -> Gray<'static> {
        let mut horiz: Vec<u16> = Vec::with_capacity(self.px.len());
        for row in self.rows() {
            for i in 0..row.len() {
                let c = row.get(i).copied().unwrap_or(0);
                let l = if i == 0 {
                    c
                } else {
                    row.get(i - 1).copied().unwrap_or(c)
                };
                let r = row.get(i + 1).copied().unwrap_or(c);
                horiz.push(u16::from(l) + u16::from(c) + u16::from(r));
            }
        }
        let rows: Vec<&[u16]> = horiz.chunks_exact(self.w.max(1)).collect();
        let mut out = Vec::with_capacity(self.px.len());
        for (j, row) in rows.iter().enumerate() {
            let up = if j == 0 {
                row
            } else {
                rows.get(j - 1).unwrap_or(row)
            };
            let down = rows.get(j + 1).unwrap_or(row);
            out.extend(
                row.iter()
                    .zip(up.iter())
                    .zip(down.iter())
                    .map(|((c, u), d)| {
                        u8::try_from((u32::from(*c) + u32::from(*u) + u32::from(*d)) / 9)
                            .unwrap_or(255)
                    }),
            );
        }
        Gray::owned(self.w, self.h, out)
    }

    pub(super) fn histogram(&self) -> [u32; 256] {
        let mut hist = [0u32; 256];
        for p in self.px.iter() {
            if let Some(c) = hist.get_mut(usize::from(*p)) {
                *c = c.saturating_add(1);
            }
        }
        hist
    }

    pub(super) fn map(&self, lut: &[u8; 256]) -> Gray<'static> {
        let px = self
            .px
            .iter()
            .map(|p| lut.get(usize::from(*p)).copied().unwrap_or(*p))
            .collect();
        Gray::owned(self.w, self.h, px)
    }

    /// Linear stretch of the 1st–99th percentile to the full range.
    pub(super) fn stretch(&self) -> Gray<'static> {
        let hist = self.histogram();
        let total: u64 = hist.iter().map(|c| u64::from(*c)).sum();
        let cut = total / 100;
        let (mut lo, mut hi) = (0usize, 255usize);
        let mut acc = 0u64;
        for (i, c) in hist.iter().enumerate() {
            acc += u64::from(*c);
            if acc > cut {
                lo = i;
                break;
            }
        }
        acc = 0;
        for (i, c) in hist.iter().enumerate().rev() {
            acc += u64::from(*c);
            if acc > cut {
                hi = i;
                break;
            }
        }
        let mut lut = [0u8; 256];
        for (i, v) in lut.iter_mut().enumerate() {
            *v = if hi <= lo {
                u8::try_from(i).unwrap_or(255)
            } else {
                u8::try_from((i.saturating_sub(lo) * 255 / (hi - lo)).min(255)).unwrap_or(255)
            };
        }
        self.map(&lut)
    }

    /// Otsu's global threshold.
    pub(super) fn otsu(&self) -> Gray<'static> {
        let hist = self.histogram();
        let total: f64 = hist.iter().map(|c| f64::from(*c)).sum();
        let sum: f64 = hist
            .iter()
            .enumerate()
            .map(|(i, c)| f64::from(u32::try_from(i).unwrap_or(0)) * f64::from(*c))
            .sum();
        let (mut wb, mut sb, mut best, mut threshold) = (0.0f64, 0.0f64, -1.0f64, 127usize);
        for (t, c) in hist.iter().enumerate() {
            let c = f64::from(*c);
            wb += c;
            if wb == 0.0 {
                continue;
            }
            let wf = total - wb;
            if wf <= 0.0 {
                break;
            }
            sb += f64::from(u32::try_from(t).unwrap_or(0)) * c;
            let (mb, mf) = (sb / wb, (sum - sb) / wf);
            let between = wb * wf * (mb - mf) * (mb - mf);
            if between > best {
                best = between;
                threshold = t;
            }
        }
        let mut lut = [0u8; 256];
        for (i, v) in lut.iter_mut().enumerate() {
            *v = if i > threshold { 255 } else { 0 };
        }
        self.map(&lut)
    }

    pub(super) fn invert(&self) -> Gray<'static> {
        let mut lut = [0u8; 256];
        for (i, v) in lut.iter_mut().enumerate() {
            *v = 255 - u8::try_from(i).unwrap_or(255);
        }
        self.map(&lut)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn shrink_averages_cells() {
        let g = Gray::view(4, 2, &[0, 100, 200, 250, 50, 150, 210, 250]);
        let s = g.shrink(2);
        assert_eq!((s.w, s.h), (2, 1));
        assert_eq!(&*s.px, &[75, 227]);
    }

    #[test]
    fn double_keeps_flat_areas_and_size() {
        let g = Gray::view(3, 2, &[10, 10, 10, 10, 10, 10]);
        let d = g.double();
        assert_eq!((d.w, d.h), (6, 4));
        assert!(d.px.iter().all(|p| *p == 10));
    }

    #[test]
    fn otsu_splits_two_levels() {
        let g = Gray::view(4, 1, &[20, 30, 200, 220]);
        assert_eq!(&*g.otsu().px, &[0, 0, 255, 255]);
        assert_eq!(&*g.invert().px, &[235, 225, 55, 35]);
    }
}
