//! Checksums: CRC-16/CCITT-FALSE for EMV, and the SHA-256 tail used by ELQR.

use crc::{Crc, Table, CRC_16_IBM_3740};

/// CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740): poly 0x1021, init 0xFFFF, no reflection,
/// no final XOR. Table-driven, sixteen bytes a step.
const CRC16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

/// CRC-16/CCITT-FALSE of `bytes`.
///
/// ```
/// assert_eq!(emvqr::crc16(b"123456789"), 0x29B1);
/// ```
pub fn crc16(bytes: &[u8]) -> u16 {
    CRC16.checksum(bytes)
}

/// An incremental CRC-16/CCITT-FALSE.
#[cfg(feature = "alloc")]
pub(crate) struct Crc16Digest(crc::Digest<'static, u16, Table<16>>);

#[cfg(feature = "alloc")]
impl Crc16Digest {
    pub(crate) fn new() -> Self {
        Crc16Digest(CRC16.digest())
    }
    pub(crate) fn update(&mut self, b: &[u8]) {
        self.0.update(b);
    }
    pub(crate) fn finalize(self) -> u16 {
        self.0.finalize()
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
        match self {
            Checksum::Crc16 => hex4(crc16(covered)),
            Checksum::Sha256Tail4 => {
                use sha2::Digest;
                let d = sha2::Sha256::digest(covered);
                let (a, b) = (
                    d.get(30).copied().unwrap_or(0),
                    d.get(31).copied().unwrap_or(0),
                );
                hex4(u16::from_be_bytes([a, b]))
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

    #[test]
    fn sha256_tail_of_demirbank_sample() {
        let covered = "00020101021132590015qr.demirbank.kg01047001101611800003478401861202111302125204482953034175909DEMIRBANK";
        assert_eq!(&Checksum::Sha256Tail4.compute(covered.as_bytes()), b"9E3A");
    }
}
