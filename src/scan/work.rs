//! The work budget: a deterministic count of what the scanner has done, so that
//! no image, whatever it shows, costs more than the caller allowed.
//!
//! One unit is about the work of one pass over one pixel (binarizing it, or
//! looking for finder patterns across it); sampling and decoding a candidate
//! code is charged as a block of units. The count depends only on the pixels
//! and the options, never on the clock: the same image always stops at the
//! same step.

/// The budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Exhausted;

/// Units spent so far against a limit.
#[derive(Debug)]
pub(super) struct Work {
    limit: u64,
    spent: u64,
}

impl Work {
    pub(super) const fn new(limit: u64) -> Work {
        Work { limit, spent: 0 }
    }

    /// Spends `units`, or refuses (spending nothing) when they would go past
    /// the limit: the step they pay for is then not taken.
    pub(super) fn spend(&mut self, units: u64) -> Result<(), Exhausted> {
        let total = self.spent.saturating_add(units);
        if total > self.limit {
            return Err(Exhausted);
        }
        self.spent = total;
        Ok(())
    }

    /// Units spent so far.
    #[cfg(test)]
    pub(super) const fn spent(&self) -> u64 {
        self.spent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spends_up_to_the_limit_and_no_further() {
        let mut w = Work::new(10);
        assert_eq!(w.spend(4), Ok(()));
        assert_eq!(w.spend(6), Ok(()));
        assert_eq!(w.spent(), 10);
        assert_eq!(w.spend(1), Err(Exhausted));
        assert_eq!(w.spent(), 10);
        // sums saturate instead of wrapping round below the limit
        let mut w = Work::new(u64::MAX - 1);
        assert_eq!(w.spend(u64::MAX), Err(Exhausted));
        assert_eq!(w.spend(u64::MAX - 1), Ok(()));
        assert_eq!(w.spend(1), Err(Exhausted));
    }
}
