//! Plain EMVCo MPM: the fallback row of the registry, for payloads of no known scheme.

use crate::profile::scheme::{Desc, Role};

/// Strict EMV MPM v1.1, nothing added.
pub(crate) const DESC: Desc = Desc::new("emv", "EMV MPM", Role::Emv);
