//! PNG output through the `png` crate: filter "Up" (a repeated pixel row is all
//! zeros after it) and its fast deflate (`fdeflate`).

use super::{Color, PngDepth, QrCode, RenderError, RenderOptions};
use alloc::vec::Vec;

/// Pixel values of (light, dark), and the palette if the image needs one
/// (grey otherwise).
fn colours(opts: &RenderOptions) -> (u8, u8, Option<[Color; 2]>) {
    let (light, dark) = (opts.light, opts.dark);
    let eight = opts.depth == PngDepth::Eight;
    if light.is_grey_opaque() && dark.is_grey_opaque() {
        if eight {
            return (light.r, dark.r, None);
        }
        let bw = |c: Color| c.r == 0 || c.r == 255;
        if bw(light) && bw(dark) {
            return (light.r & 1, dark.r & 1, None);
        }
    }
    (0, 1, Some([light, dark]))
}

pub(super) fn write(
    code: &QrCode,
    opts: &RenderOptions,
    side: usize,
) -> Result<Vec<u8>, RenderError> {
    let (v_light, v_dark, palette) = colours(opts);
    let eight = opts.depth == PngDepth::Eight;
    let row_bytes = if eight { side } else { side.div_ceil(8) };
    let q = opts.quiet_zone;
    let scale = opts.scale;
    let n = code.size() + 2 * q;
    // the pixel rows, unfiltered: each module row repeated `scale` times
    let mut raw = Vec::with_capacity(row_bytes * side);
    let mut line = alloc::vec![0u8; row_bytes];
    let mut modules = Vec::with_capacity(n);
    for my in 0..n {
        modules.clear();
        modules.resize(n, false);
        if my >= q && my < q + code.size() {
            if let Some(row) = code.rows().nth(my - q) {
                if let Some(dst) = modules.get_mut(q..q + code.size()) {
                    dst.copy_from_slice(row);
                }
            }
        }
        if eight {
            for (px, m) in line.chunks_mut(scale).zip(modules.iter()) {
                px.fill(if *m { v_dark } else { v_light });
            }
        } else {
            line.fill(0);
            for (x, m) in modules.iter().enumerate() {
                let v = if *m { v_dark } else { v_light };
                if v != 0 {
                    for p in x * scale..(x + 1) * scale {
                        if let Some(b) = line.get_mut(p / 8) {
                            *b |= 0x80 >> (p % 8);
                        }
                    }
                }
            }
        }
        for _ in 0..scale {
            raw.extend_from_slice(&line);
        }
    }
    let w = u32::try_from(side).map_err(|_| RenderError::BadOption("image too large"))?;
    let refused = |_| RenderError::BadOption("the PNG encoder refused the image");
    let mut out = Vec::with_capacity(raw.len() / 8 + 128);
    let mut enc = ::png::Encoder::new(&mut out, w, w);
    enc.set_depth(if eight {
        ::png::BitDepth::Eight
    } else {
        ::png::BitDepth::One
    });
    match palette {
        Some(p) => {
            enc.set_color(::png::ColorType::Indexed);
            enc.set_palette(alloc::vec![p[0].r, p[0].g, p[0].b, p[1].r, p[1].g, p[1].b]);
            if p[0].a != 255 || p[1].a != 255 {
                enc.set_trns(alloc::vec![p[0].a, p[1].a]);
            }
        }
        None => enc.set_color(::png::ColorType::Grayscale),
    }
    enc.set_compression(::png::Compression::Fast);
    enc.set_filter(::png::Filter::Up);
    let mut writer = enc.write_header().map_err(refused)?;
    writer.write_image_data(&raw).map_err(refused)?;
    writer.finish().map_err(refused)?;
    Ok(out)
}
