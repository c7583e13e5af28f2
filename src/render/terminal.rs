//! Terminal output: Unicode half blocks, two module rows per line.

use alloc::string::String;
use alloc::vec::Vec;

use super::{QrCode, RenderOptions};

pub(super) fn write(code: &QrCode, opts: &RenderOptions) -> String {
    let q = opts.quiet_zone.min(64);
    let n = code.size + 2 * q;
    let mut s = String::with_capacity((n + 1) * (n / 2 + 1) * 3);
    let mut top = Vec::new();
    let mut bottom = Vec::new();
    let q_i = isize::try_from(q).unwrap_or(0);
    let mut y: isize = -q_i;
    let end = isize::try_from(code.size + q).unwrap_or(0);
    while y < end {
        code.row_with_quiet(y, q, &mut top);
        if y + 1 < end {
            code.row_with_quiet(y + 1, q, &mut bottom);
        } else {
            // the last line's lower half is outside the image: background
            bottom.clear();
            bottom.resize(n, opts.terminal_dark_background);
        }
        for (t, b) in top.iter().zip(bottom.iter()) {
            // "ink" is what the block characters draw
            let (ti, bi) = if opts.terminal_dark_background {
                (!t, !b)
            } else {
                (*t, *b)
            };
            s.push(match (ti, bi) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        s.push('\n');
        y += 2;
    }
    s
}
