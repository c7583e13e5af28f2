//! National profiles: typed views, scheme rules and builders on top of the EMV layer.

#[cfg(feature = "alloc")]
pub mod elqr;
#[cfg(feature = "alloc")]
pub mod khqr;
