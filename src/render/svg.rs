//! SVG output: one light rectangle and one dark path of horizontal runs.

use alloc::string::String;
use core::fmt::Write as _;

use super::{Color, QrCode, RenderOptions};

pub(super) fn write(code: &QrCode, opts: &RenderOptions) -> String {
    let q = opts.quiet_zone.min(64);
    let scale = opts.scale.clamp(1, 64);
    let n = code.size + 2 * q;
    let mut s = String::with_capacity(256 + code.size * code.size);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" height=\"{w}\" viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\">",
        w = n * scale
    );
    if opts.light.a != 0 {
        let _ = write!(s, "<rect width=\"{n}\" height=\"{n}\"");
        svg_fill(&mut s, opts.light);
        s.push_str("/>");
    }
    s.push_str("<path");
    svg_fill(&mut s, opts.dark);
    s.push_str(" d=\"");
    for (y, row) in code.rows().enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row.get(x).copied().unwrap_or(false) {
                let start = x;
                while row.get(x).copied().unwrap_or(false) {
                    x += 1;
                }
                let len = x - start;
                let _ = write!(s, "M{},{}h{len}v1h-{len}z", start + q, y + q);
            } else {
                x += 1;
            }
        }
    }
    s.push_str("\"/></svg>\n");
    s
}

fn svg_fill(s: &mut String, c: Color) {
    let _ = write!(s, " fill=\"#{:02x}{:02x}{:02x}\"", c.r, c.g, c.b);
    if c.a != 255 {
        let _ = write!(s, " fill-opacity=\"{:.3}\"", f32::from(c.a) / 255.0);
    }
}
