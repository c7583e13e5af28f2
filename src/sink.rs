//! Where problems go as they are found: one interface for the EMV validator, the scheme
//! rules and ELQR's rules, and the three ways of keeping what they report.

use crate::error::{Error, Warnings};

/// The sink asked the walk to end.
pub(crate) struct Stop;

/// The result of a check that reports into a sink.
pub(crate) type Checked = Result<(), Stop>;

/// Receives problems, each with whether the options let it through as a warning.
pub(crate) trait Sink {
    /// Records a problem (a warning when `allowed`); `Err(Stop)` ends the walk.
    fn report(&mut self, e: Error, allowed: bool) -> Checked;

    /// Records an error.
    fn error(&mut self, e: Error) -> Checked {
        self.report(e, false)
    }

    /// Records a deviation the rules let through.
    fn warn(&mut self, e: Error) -> Checked {
        self.report(e, true)
    }
}

/// Keeps the earliest error in payload order (the smallest offset; the first reported on a
/// tie) and the kinds of the warnings. Never stops: the EMV walk finds some problems after
/// later ones (a missing object at the end, a template's errors after its siblings').
#[derive(Default)]
pub(crate) struct Earliest {
    pub(crate) warnings: Warnings,
    pub(crate) error: Option<Error>,
}

impl Sink for Earliest {
    fn report(&mut self, e: Error, allowed: bool) -> Checked {
        if allowed {
            self.warnings.insert(e.kind());
        } else if self.error.is_none_or(|f| e.offset() < f.offset()) {
            self.error = Some(e);
        }
        Ok(())
    }
}

/// Keeps the first error reported and the kinds of the warnings before it, then stops: for
/// rules checked in the order their errors rank.
#[derive(Default)]
pub(crate) struct First {
    pub(crate) warnings: Warnings,
    pub(crate) error: Option<Error>,
}

impl Sink for First {
    fn report(&mut self, e: Error, allowed: bool) -> Checked {
        if allowed {
            self.warnings.insert(e.kind());
            Ok(())
        } else {
            self.error = Some(e);
            Err(Stop)
        }
    }
}

/// Collects every warning, and every error or only the first.
#[cfg(feature = "alloc")]
pub(crate) struct Collect {
    all: bool,
    pub(crate) errors: alloc::vec::Vec<Error>,
    pub(crate) warnings: alloc::vec::Vec<Error>,
}

#[cfg(feature = "alloc")]
impl Collect {
    /// Collects every error when `all`, else stops at the first.
    pub(crate) fn new(all: bool) -> Collect {
        Collect {
            all,
            errors: alloc::vec::Vec::new(),
            warnings: alloc::vec::Vec::new(),
        }
    }

    /// The errors and the warnings.
    pub(crate) fn into_parts(self) -> (alloc::vec::Vec<Error>, alloc::vec::Vec<Error>) {
        (self.errors, self.warnings)
    }
}

/// Collects everything.
#[cfg(feature = "alloc")]
impl Default for Collect {
    fn default() -> Collect {
        Collect::new(true)
    }
}

#[cfg(feature = "alloc")]
impl Sink for Collect {
    fn report(&mut self, e: Error, allowed: bool) -> Checked {
        if allowed {
            self.warnings.push(e);
        } else {
            self.errors.push(e);
            if !self.all {
                return Err(Stop);
            }
        }
        Ok(())
    }
}
