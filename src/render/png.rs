//! PNG output: one scanline per module row, deflated by `miniz_oxide`.

use super::{Color, PngDepth, QrCode, RenderError, RenderOptions};
use alloc::vec::Vec;

static CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) -> Result<(), RenderError> {
    let len = u32::try_from(data.len()).map_err(|_| RenderError::BadOption("image too large"))?;
    out.extend_from_slice(&len.to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = CRC32.checksum(out.get(start..).unwrap_or_default());
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(())
}

/// Pixel values of (light, dark), colour type, and the palette if any.
fn colours(opts: &RenderOptions) -> (u8, u8, u8, Option<[Color; 2]>) {
    let (light, dark) = (opts.light, opts.dark);
    let eight = opts.depth == PngDepth::Eight;
    if light.is_grey_opaque() && dark.is_grey_opaque() {
        if eight {
            return (light.r, dark.r, 0, None);
        }
        let bw = |c: Color| c.r == 0 || c.r == 255;
        if bw(light) && bw(dark) {
            return (light.r & 1, dark.r & 1, 0, None);
        }
    }
    (0, 1, 3, Some([light, dark]))
}

pub(super) fn write(
    code: &QrCode,
    opts: &RenderOptions,
    side: usize,
) -> Result<Vec<u8>, RenderError> {
    let (v_light, v_dark, colour_type, palette) = colours(opts);
    let eight = opts.depth == PngDepth::Eight;
    let row_bytes = if eight { side } else { side.div_ceil(8) };
    let q = opts.quiet_zone;
    let scale = opts.scale;
    let n = code.size() + 2 * q;
    // One scanline per module row; the scale-1 repeats use filter "Up" with
    // zero differences, which deflate turns into almost nothing.
    let mut raw = Vec::with_capacity((row_bytes + 1) * side);
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
        raw.push(0);
        raw.extend_from_slice(&line);
        for _ in 1..scale {
            raw.push(2);
            raw.resize(raw.len() + row_bytes, 0);
        }
    }
    let z = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 1);
    let mut out = Vec::with_capacity(z.len() + 128);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let w = u32::try_from(side).map_err(|_| RenderError::BadOption("image too large"))?;
    let mut ihdr = [0u8; 13];
    if let Some(d) = ihdr.get_mut(0..4) {
        d.copy_from_slice(&w.to_be_bytes());
    }
    if let Some(d) = ihdr.get_mut(4..8) {
        d.copy_from_slice(&w.to_be_bytes());
    }
    if let Some(d) = ihdr.get_mut(8..10) {
        d.copy_from_slice(&[if eight { 8 } else { 1 }, colour_type]);
    }
    chunk(&mut out, b"IHDR", &ihdr)?;
    if let Some(p) = palette {
        let plte = [p[0].r, p[0].g, p[0].b, p[1].r, p[1].g, p[1].b];
        chunk(&mut out, b"PLTE", &plte)?;
        if p[0].a != 255 || p[1].a != 255 {
            chunk(&mut out, b"tRNS", &[p[0].a, p[1].a])?;
        }
    }
    chunk(&mut out, b"IDAT", &z)?;
    chunk(&mut out, b"IEND", &[])?;
    Ok(out)
}
