//! Mask selection with the ISO/IEC 18004 penalty rules, on bit-packed lines.

use qrcode::canvas::{Canvas, Module};
use qrcode::types::Color as QrColor;

use super::EcLevel;
use alloc::vec::Vec;

/// A row or column of up to 192 modules, bit `x` = module `x`, 1 = dark.
pub(super) type Line = [u64; 3];

fn shr(l: Line, k: u32) -> Line {
    let [a, b, c] = l;
    if k == 0 {
        return l;
    }
    [
        (a >> k) | (b << (64 - k)),
        (b >> k) | (c << (64 - k)),
        c >> k,
    ]
}

fn shl(l: Line, k: u32) -> Line {
    let [a, b, c] = l;
    if k == 0 {
        return l;
    }
    [
        a << k,
        (b << k) | (a >> (64 - k)),
        (c << k) | (b >> (64 - k)),
    ]
}

fn and(x: Line, y: Line) -> Line {
    let ([a, b, c], [d, e, f]) = (x, y);
    [a & d, b & e, c & f]
}

fn or(x: Line, y: Line) -> Line {
    let ([a, b, c], [d, e, f]) = (x, y);
    [a | d, b | e, c | f]
}

fn xor(x: Line, y: Line) -> Line {
    let ([a, b, c], [d, e, f]) = (x, y);
    [a ^ d, b ^ e, c ^ f]
}

fn not(x: Line) -> Line {
    let [a, b, c] = x;
    [!a, !b, !c]
}

fn ones(x: Line) -> u32 {
    x.iter().map(|w| w.count_ones()).sum()
}

/// Bits `0..n` set.
fn low(n: usize) -> Line {
    let mut l = [0u64; 3];
    for (i, w) in l.iter_mut().enumerate() {
        let lo = i * 64;
        *w = if n >= lo + 64 {
            u64::MAX
        } else if n > lo {
            (1u64 << (n - lo)) - 1
        } else {
            0
        };
    }
    l
}

fn set(l: &mut Line, x: usize) {
    if let Some(w) = l.get_mut(x / 64) {
        *w |= 1u64 << (x % 64);
    }
}

/// N1 (runs of five or more: 3 + excess) and N3 (1:1:3:1:1 with four light
/// modules on a side, outside the symbol counting as light: 40 per side).
fn line_score(a: Line, n: usize) -> u32 {
    let eq = and(not(xor(a, shr(a, 1))), low(n.saturating_sub(1)));
    let win = and(
        and(and(eq, shr(eq, 1)), and(shr(eq, 2), shr(eq, 3))),
        low(n.saturating_sub(4)),
    );
    let starts = and(win, not(shl(win, 1)));
    let n1 = ones(win) + 2 * ones(starts);
    let core = and(
        and(and(a, not(shr(a, 1))), and(shr(a, 2), shr(a, 3))),
        and(and(shr(a, 4), not(shr(a, 5))), shr(a, 6)),
    );
    let left = not(or(or(shl(a, 1), shl(a, 2)), or(shl(a, 3), shl(a, 4))));
    let right = not(or(or(shr(a, 7), shr(a, 8)), or(shr(a, 9), shr(a, 10))));
    let n3 = ones(and(core, left)) + ones(and(core, right));
    n1 + 40 * n3
}

/// Total penalty of a symbol given as rows and columns.
pub(super) fn penalty(rows: &[Line], cols: &[Line], n: usize) -> u32 {
    let mut score = 0;
    for l in rows.iter().chain(cols.iter()) {
        score += line_score(*l, n);
    }
    let inner = low(n.saturating_sub(1));
    for (a, b) in rows.iter().zip(rows.iter().skip(1)) {
        let v = not(xor(*a, *b));
        let h = not(xor(*a, shr(*a, 1)));
        score += 3 * ones(and(and(v, shr(v, 1)), and(h, inner)));
    }
    let total = u64::try_from(n * n).unwrap_or(u64::MAX).max(1);
    let dark: u64 = rows.iter().map(|l| u64::from(ones(*l))).sum();
    let k = (dark * 20).abs_diff(total * 10) / total;
    score + 10 * u32::try_from(k).unwrap_or(u32::MAX / 20)
}

/// Whether mask `m` inverts the data module at row `i`, column `j`.
pub(super) const fn inverts(m: u8, i: usize, j: usize) -> bool {
    match m {
        0 => (i + j).is_multiple_of(2),
        1 => i.is_multiple_of(2),
        2 => j.is_multiple_of(3),
        3 => (i + j).is_multiple_of(3),
        4 => (i / 2 + j / 3).is_multiple_of(2),
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3).is_multiple_of(2),
        _ => ((i + j) % 2 + (i * j) % 3).is_multiple_of(2),
    }
}

/// The 15 format bits for a level and mask (BCH(15,5), XOR 0x5412).
pub(super) const fn format_bits(ec: EcLevel, m: u8) -> u32 {
    let data = (ec.format_bits() << 3) | (m as u32 & 7);
    let mut rem = data << 10;
    let mut i = 14;
    while i >= 10 {
        if rem & (1 << i) != 0 {
            rem ^= 0x537 << (i - 10);
        }
        i -= 1;
    }
    ((data << 10) | rem) ^ 0x5412
}

/// Positions (column, row) of format bit `i` (0 = least significant), both copies.
pub(super) fn format_positions(i: usize, n: usize) -> [(usize, usize); 2] {
    let a = match i {
        0..=5 => (8, i),
        6 => (8, 7),
        7 => (8, 8),
        8 => (7, 8),
        _ => (14 - i, 8),
    };
    let b = if i < 8 {
        (n - 1 - i, 8)
    } else {
        (8, n - 15 + i)
    };
    [a, b]
}

/// Rows and columns of the symbol with mask `m` applied: the model of
/// what `Canvas::apply_mask` draws, used to score all eight masks cheaply.
pub(super) struct Base {
    n: usize,
    rows: Vec<Line>,
    cols: Vec<Line>,
    data_rows: Vec<Line>,
    data_cols: Vec<Line>,
}

impl Base {
    pub(super) fn new(canvas: &Canvas, n: usize) -> Base {
        let mut b = Base {
            n,
            rows: alloc::vec![[0; 3]; n],
            cols: alloc::vec![[0; 3]; n],
            data_rows: alloc::vec![[0; 3]; n],
            data_cols: alloc::vec![[0; 3]; n],
        };
        for y in 0..n {
            for x in 0..n {
                let (Ok(xi), Ok(yi)) = (i16::try_from(x), i16::try_from(y)) else {
                    continue;
                };
                let m = canvas.get(xi, yi);
                let (dark, data) = match m {
                    Module::Empty => (false, true),
                    Module::Unmasked(c) => (c == QrColor::Dark, true),
                    Module::Masked(c) => (c == QrColor::Dark, false),
                };
                if dark {
                    if let Some(r) = b.rows.get_mut(y) {
                        set(r, x);
                    }
                    if let Some(c) = b.cols.get_mut(x) {
                        set(c, y);
                    }
                }
                if data {
                    if let Some(r) = b.data_rows.get_mut(y) {
                        set(r, x);
                    }
                    if let Some(c) = b.data_cols.get_mut(x) {
                        set(c, y);
                    }
                }
            }
        }
        b
    }

    /// Rows and columns after mask `m` and its format information.
    pub(super) fn masked(&self, m: u8, ec: EcLevel) -> (Vec<Line>, Vec<Line>) {
        let n = self.n;
        // mask patterns repeat every 12 rows and every 12 columns
        let mut pat = [[0u64; 3]; 12];
        for (r, p) in pat.iter_mut().enumerate() {
            for j in 0..n {
                if inverts(m, r, j) {
                    set(p, j);
                }
            }
        }
        let mut pat_c = [[0u64; 3]; 12];
        for (c, p) in pat_c.iter_mut().enumerate() {
            for i in 0..n {
                if inverts(m, i, c) {
                    set(p, i);
                }
            }
        }
        let mut rows: Vec<Line> = self
            .rows
            .iter()
            .zip(self.data_rows.iter())
            .enumerate()
            .map(|(y, (r, d))| xor(*r, and(*d, pat.get(y % 12).copied().unwrap_or_default())))
            .collect();
        let mut cols: Vec<Line> = self
            .cols
            .iter()
            .zip(self.data_cols.iter())
            .enumerate()
            .map(|(x, (c, d))| xor(*c, and(*d, pat_c.get(x % 12).copied().unwrap_or_default())))
            .collect();
        let f = format_bits(ec, m);
        for i in 0..15 {
            if f & (1 << i) != 0 {
                for (x, y) in format_positions(i, n) {
                    if let Some(r) = rows.get_mut(y) {
                        set(r, x);
                    }
                    if let Some(c) = cols.get_mut(x) {
                        set(c, y);
                    }
                }
            }
        }
        (rows, cols)
    }
}

/// The mask with the lowest penalty (the lowest number on ties).
pub(super) fn best(canvas: &Canvas, n: usize, ec: EcLevel) -> u8 {
    let base = Base::new(canvas, n);
    let mut best = (u32::MAX, 0u8);
    for m in 0..8u8 {
        let (rows, cols) = base.masked(m, ec);
        let p = penalty(&rows, &cols, n);
        if p < best.0 {
            best = (p, m);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_possible_wrap
    )]
    use super::*;
    use crate::render::encode::{segments, MASKS};
    use alloc::vec;
    use alloc::vec::Vec;
    use qrcode::bits::Bits;
    use qrcode::types::Version;

    fn canvas_for(text: &str, ec: EcLevel) -> (Canvas, usize) {
        let version = (1..=40)
            .map(Version::Normal)
            .find(|v| {
                let mut b = Bits::new(*v);
                b.push_segments(text.as_bytes(), segments(text.as_bytes(), *v).into_iter())
                    .is_ok()
                    && b.push_terminator(ec.to_qr()).is_ok()
            })
            .unwrap();
        let mut bits = Bits::new(version);
        bits.push_segments(
            text.as_bytes(),
            segments(text.as_bytes(), version).into_iter(),
        )
        .unwrap();
        bits.push_terminator(ec.to_qr()).unwrap();
        let bytes = bits.into_bytes();
        let (d, e) = qrcode::ec::construct_codewords(&bytes, version, ec.to_qr()).unwrap();
        let mut c = Canvas::new(version, ec.to_qr());
        c.draw_all_functional_patterns();
        c.draw_data(&d, &e);
        (c, version.width() as usize)
    }

    /// The bit-packed model of each masked symbol equals what the `qrcode`
    /// canvas draws, for every mask, several versions and every level.
    #[test]
    fn mask_model_matches_canvas() {
        let texts = [
            "HELLO",
            "00020101021126380009SG.PAYNOW010100211+6591234567030115204000053037025802SG5902NA6009Singapore6304B5DB",
            &"0123456789abcdefghij".repeat(20),
            &"Z".repeat(1200),
        ];
        for text in texts {
            for ec in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
                let (canvas, n) = canvas_for(text, ec);
                let base = Base::new(&canvas, n);
                for m in 0..8u8 {
                    let (rows, cols) = base.masked(m, ec);
                    let mut c = canvas.clone();
                    c.apply_mask(MASKS[usize::from(m)]);
                    let colours = c.into_colors();
                    for y in 0..n {
                        for x in 0..n {
                            let want = colours[y * n + x] == QrColor::Dark;
                            let r = rows[y][x / 64] >> (x % 64) & 1 == 1;
                            let cc = cols[x][y / 64] >> (y % 64) & 1 == 1;
                            assert_eq!(
                                (r, cc),
                                (want, want),
                                "{n} ec {ec:?} mask {m} at ({x},{y})"
                            );
                        }
                    }
                }
            }
        }
    }

    /// A slow, direct reading of the penalty rules, module by module.
    fn naive_penalty(g: &[Vec<bool>]) -> u32 {
        let n = g.len();
        let at = |x: isize, y: isize, t: bool| -> bool {
            // t: transposed
            if x < 0 || y < 0 || x >= n as isize || y >= n as isize {
                return false;
            }
            if t {
                g[x as usize][y as usize]
            } else {
                g[y as usize][x as usize]
            }
        };
        let mut s = 0;
        for t in [false, true] {
            for y in 0..n as isize {
                let mut x = 0;
                while x < n as isize {
                    let c = at(x, y, t);
                    let mut e = x;
                    while e < n as isize && at(e, y, t) == c {
                        e += 1;
                    }
                    if e - x >= 5 {
                        s += (e - x - 2) as u32;
                    }
                    x = e;
                }
                for x in 0..n as isize {
                    let core = [true, false, true, true, true, false, true];
                    if (0..7).all(|k| at(x + k, y, t) == core[k as usize]) {
                        if (1..=4).all(|k| !at(x - k, y, t)) {
                            s += 40;
                        }
                        if (7..11).all(|k| !at(x + k, y, t)) {
                            s += 40;
                        }
                    }
                }
            }
        }
        for y in 0..n - 1 {
            for x in 0..n - 1 {
                let c = g[y][x];
                if g[y][x + 1] == c && g[y + 1][x] == c && g[y + 1][x + 1] == c {
                    s += 3;
                }
            }
        }
        let d = g.iter().flatten().filter(|b| **b).count() as u64;
        let t = (n * n) as u64;
        s + 10 * ((d * 20).abs_diff(t * 10) / t) as u32
    }

    fn lines_of(g: &[Vec<bool>]) -> (Vec<Line>, Vec<Line>) {
        let n = g.len();
        let mut rows = vec![[0u64; 3]; n];
        let mut cols = vec![[0u64; 3]; n];
        for y in 0..n {
            for x in 0..n {
                if g[y][x] {
                    rows[y][x / 64] |= 1 << (x % 64);
                    cols[x][y / 64] |= 1 << (y % 64);
                }
            }
        }
        (rows, cols)
    }

    #[test]
    fn penalty_matches_naive_rules() {
        // hand-checked: 5x5 all light = N1 5 rows * 3 + 5 cols * 3, N2 16 * 3, N4 10 * 10
        let g = vec![vec![false; 5]; 5];
        let (r, c) = lines_of(&g);
        assert_eq!(penalty(&r, &c, 5), 30 + 48 + 100);
        assert_eq!(naive_penalty(&g), 30 + 48 + 100);
        // finder-like row in an otherwise checkered 21x21 grid, and random grids
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in [11usize, 21, 45, 63, 64, 65, 100, 177] {
            for _ in 0..6 {
                let g: Vec<Vec<bool>> = (0..n)
                    .map(|_| {
                        (0..n)
                            .map(|_| {
                                seed ^= seed << 13;
                                seed ^= seed >> 7;
                                seed ^= seed << 17;
                                seed.is_multiple_of(3)
                            })
                            .collect()
                    })
                    .collect();
                let (r, c) = lines_of(&g);
                assert_eq!(penalty(&r, &c, n), naive_penalty(&g), "n={n}");
            }
            let mut g = vec![vec![false; n]; n];
            for (x, v) in [true, false, true, true, true, false, true]
                .iter()
                .enumerate()
            {
                g[n / 2][x + 2] = *v;
                g[x + 3][n - 1] = *v;
            }
            let (r, c) = lines_of(&g);
            assert_eq!(penalty(&r, &c, n), naive_penalty(&g), "finder n={n}");
        }
    }

    #[test]
    fn format_bits_known_values() {
        // ISO/IEC 18004 annex C: level M mask 0 = 101010000010010, level L mask 4 = 110011000101111
        assert_eq!(format_bits(EcLevel::M, 0), 0b101010000010010);
        assert_eq!(format_bits(EcLevel::L, 4), 0b110011000101111);
    }
}
