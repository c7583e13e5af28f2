//! Checksums: CRC-16/CCITT-FALSE for EMV, and the SHA-256 tail used by ELQR.

/// CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740): poly 0x1021, init 0xFFFF, no reflection,
/// no final XOR.
const POLY: u16 = 0x1021;
const INIT: u16 = 0xFFFF;

/// Slice-by-16 tables: `TABLES[k][b]` is what byte `b` contributes to the register when
/// `k` more bytes follow it in the same step. `TABLES[0]` is the classic byte-at-a-time table.
static TABLES: [[u16; 256]; 16] = tables();

// Evaluated at compile time; every index is in range and every byte value fits.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const fn tables() -> [[u16; 256]; 16] {
    let mut t = [[0u16; 256]; 16];
    let mut b = 0;
    while b < 256 {
        let mut crc = (b as u16) << 8;
        let mut i = 0;
        while i < 8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ POLY
            } else {
                crc << 1
            };
            i += 1;
        }
        t[0][b] = crc;
        b += 1;
    }
    let mut k = 1;
    while k < 16 {
        let mut b = 0;
        while b < 256 {
            let prev = t[k - 1][b];
            t[k][b] = (prev << 8) ^ t[0][(prev >> 8) as usize];
            b += 1;
        }
        k += 1;
    }
    t
}

/// `TABLES[k][b]`; a `u8` index is always in range, so the check compiles away.
#[inline(always)]
fn t(table: &[u16; 256], b: u8) -> u16 {
    table.get(usize::from(b)).copied().unwrap_or(0)
}

/// Sixteen bytes at once. The two bytes that depend on the register are looked up last, so
/// the fourteen others are combined while the previous step is still finishing.
#[inline(always)]
fn step16(crc: u16, c: &[u8; 16]) -> u16 {
    let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = &TABLES;
    let [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15] = *c;
    let [hi, lo] = crc.to_be_bytes();
    let rest = ((t(t13, b2) ^ t(t12, b3)) ^ (t(t11, b4) ^ t(t10, b5)))
        ^ ((t(t9, b6) ^ t(t8, b7)) ^ (t(t7, b8) ^ t(t6, b9)))
        ^ ((t(t5, b10) ^ t(t4, b11)) ^ (t(t3, b12) ^ t(t2, b13)))
        ^ (t(t1, b14) ^ t(t0, b15));
    rest ^ t(t15, b0 ^ hi) ^ t(t14, b1 ^ lo)
}

/// `N` bytes (2–15) in one step, with the tables for that many: straight-line code, as in
/// [`step16`].
#[inline(always)]
fn step_n<const N: usize>(crc: u16, c: &[u8; N]) -> u16 {
    let table = |k: usize| TABLES.get(k).unwrap_or(&TABLES[0]);
    let [hi, lo] = crc.to_be_bytes();
    let mut acc = 0;
    for (k, &b) in c.iter().enumerate() {
        let b = match k {
            0 => b ^ hi,
            1 => b ^ lo,
            _ => b,
        };
        acc ^= t(table(N - 1 - k), b);
    }
    acc
}

/// Fewer than sixteen bytes in one step: one straight-line step for each count, chosen once.
#[inline(always)]
fn step_short(crc: u16, c: &[u8]) -> u16 {
    macro_rules! counts {
        ($($n:literal)*) => {
            match c.len() {
                $($n => <&[u8; $n]>::try_from(c).map_or(crc, |c| step_n(crc, c)),)*
                _ => crc,
            }
        };
    }
    match c {
        [] => crc,
        [b0] => (crc << 8) ^ t(&TABLES[0], b0 ^ crc.to_be_bytes()[0]),
        _ => counts!(2 3 4 5 6 7 8 9 10 11 12 13 14 15),
    }
}

/// CRC-16/CCITT-FALSE of `bytes`: table-driven, sixteen bytes a step, the last few bytes in
/// one shorter step.
///
/// ```
/// assert_eq!(emvqr::crc16(b"123456789"), 0x29B1);
/// ```
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = INIT;
    let mut chunks = bytes.chunks_exact(16);
    for c in &mut chunks {
        crc = step16(crc, <&[u8; 16]>::try_from(c).unwrap_or(&[0; 16]));
    }
    step_short(crc, chunks.remainder())
}

/// An incremental CRC-16/CCITT-FALSE that takes many small pieces at the cost of one pass:
/// pieces are gathered into sixteen-byte steps.
#[cfg(feature = "alloc")]
pub(crate) struct Crc16Digest {
    crc: u16,
    pending: [u8; 16],
    len: usize,
}

#[cfg(feature = "alloc")]
impl Crc16Digest {
    pub(crate) fn new() -> Self {
        Crc16Digest {
            crc: INIT,
            pending: [0; 16],
            len: 0,
        }
    }

    pub(crate) fn update(&mut self, mut b: &[u8]) {
        if self.len > 0 {
            let take = (16 - self.len).min(b.len());
            let (head, tail) = b.split_at(take);
            if let Some(dst) = self.pending.get_mut(self.len..self.len + take) {
                dst.copy_from_slice(head);
            }
            self.len += take;
            b = tail;
            if self.len < 16 {
                return;
            }
            self.crc = step16(self.crc, &self.pending);
            self.len = 0;
        }
        let mut chunks = b.chunks_exact(16);
        for c in &mut chunks {
            self.crc = step16(self.crc, <&[u8; 16]>::try_from(c).unwrap_or(&[0; 16]));
        }
        let r = chunks.remainder();
        if let Some(dst) = self.pending.get_mut(..r.len()) {
            dst.copy_from_slice(r);
        }
        self.len = r.len();
    }

    pub(crate) fn finalize(self) -> u16 {
        step_short(self.crc, self.pending.get(..self.len).unwrap_or(&[]))
    }
}

/// Which checksum the `63` object carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Checksum {
    /// EMV: CRC-16/CCITT-FALSE over the UTF-8 bytes up to and including `6304`.
    #[default]
    Crc16,
    /// ELQR: the last four hex digits of SHA-256 over the UTF-8 bytes before the `63` object
    /// (without `6304`), compared case-insensitively.
    Sha256Tail4,
}

impl Checksum {
    /// The four uppercase hex digits of the checksum of `covered`, the bytes this checksum
    /// covers (for `Crc16` including `6304`, for `Sha256Tail4` without it).
    pub fn compute(self, covered: &[u8]) -> [u8; 4] {
        hex4(self.value(covered))
    }

    /// The checksum of `covered` as a number.
    pub(crate) fn value(self, covered: &[u8]) -> u16 {
        match self {
            Checksum::Crc16 => crc16(covered),
            Checksum::Sha256Tail4 => {
                use sha2::Digest;
                let d = sha2::Sha256::digest(covered);
                let (a, b) = (
                    d.get(30).copied().unwrap_or(0),
                    d.get(31).copied().unwrap_or(0),
                );
                u16::from_be_bytes([a, b])
            }
        }
    }

    /// Whether the covered bytes include the `6304` header of the checksum object.
    pub const fn covers_header(self) -> bool {
        matches!(self, Checksum::Crc16)
    }
}

/// Four uppercase hex digits of `v`.
pub(crate) fn hex4(v: u16) -> [u8; 4] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let nib = |s: u32| {
        HEX.get(usize::from((v >> s) & 0xF))
            .copied()
            .unwrap_or(b'0')
    };
    [nib(12), nib(8), nib(4), nib(0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_check_value_and_spec_example() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
        assert_eq!(&hex4(0x007B), b"007B");
    }

    /// Bit at a time, straight from the definition.
    fn reference(bytes: &[u8]) -> u16 {
        let mut crc = INIT;
        for &b in bytes {
            crc ^= u16::from(b) << 8;
            for _ in 0..8 {
                crc = if crc & 0x8000 != 0 {
                    (crc << 1) ^ POLY
                } else {
                    crc << 1
                };
            }
        }
        crc
    }

    fn sample(n: usize) -> std::vec::Vec<u8> {
        (0..n)
            .map(|i| {
                u32::try_from(i)
                    .unwrap()
                    .wrapping_mul(2_654_435_761)
                    .to_be_bytes()[0]
            })
            .collect()
    }

    #[test]
    fn every_length_and_tail_matches_the_definition() {
        let data = sample(300);
        for n in 0..data.len() {
            assert_eq!(crc16(&data[..n]), reference(&data[..n]), "length {n}");
        }
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn the_digest_agrees_however_the_input_is_cut() {
        let data = sample(200);
        for piece in 1..40 {
            for n in [0, 1, 15, 16, 17, 31, 100, 200] {
                let mut d = Crc16Digest::new();
                for c in data[..n].chunks(piece) {
                    d.update(c);
                    d.update(&[]);
                }
                assert_eq!(
                    d.finalize(),
                    reference(&data[..n]),
                    "{n} in pieces of {piece}"
                );
            }
        }
    }

    #[test]
    fn sha256_tail_of_demirbank_sample() {
        let covered = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK";
        assert_eq!(&Checksum::Sha256Tail4.compute(covered.as_bytes()), b"9E3A");
    }
}
