//! Grey images: borrowed or owned pixels, shrinking and doubling.

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

    /// Box-filter shrink by an integer factor (the mean of each f × f cell,
    /// rounded down; a partial last row or column of cells is dropped).
    pub(super) fn shrink(&self, f: usize) -> Gray<'static> {
        let f = f.max(1);
        let (w, h) = ((self.w / f).max(1), (self.h / f).max(1));
        let mut out = Vec::with_capacity(w * h);
        let mut acc = alloc::vec![0u32; w];
        let area = u32::try_from(f * f).unwrap_or(u32::MAX).max(1);
        let mut rows = self.rows();
        for _ in 0..h {
            acc.fill(0);
            for row in rows.by_ref().take(f) {
                if f == 2 && self.w >= 2 {
                    // the common case (a 1080p frame halved), kept simple for the optimizer
                    for (a, pair) in acc.iter_mut().zip(row.chunks_exact(2)) {
                        if let [x, y] = *pair {
                            *a += u32::from(x) + u32::from(y);
                        }
                    }
                } else {
                    for (a, cell) in acc.iter_mut().zip(row.chunks(f)) {
                        *a += cell.iter().map(|p| u32::from(*p)).sum::<u32>();
                    }
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

    /// The negative.
    pub(super) fn invert(&self) -> Gray<'static> {
        Gray::owned(self.w, self.h, self.px.iter().map(|p| 255 - p).collect())
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
    fn invert_is_the_negative() {
        let g = Gray::view(4, 1, &[0, 30, 200, 255]);
        assert_eq!(&*g.invert().px, &[255, 225, 55, 0]);
    }
}
