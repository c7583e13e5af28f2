//! Card-scheme merchant accounts: the primitives 02–25 EMVCo reserves for card networks.
//!
//! | IDs | Network |
//! |---|---|
//! | 02–03 | Visa |
//! | 04–05 | Mastercard |
//! | 06–07 | RuPay (EMVCo-reserved range, used by Bharat QR; 08 carries an IFSC and account) |
//! | 09–10 | Discover |
//! | 11–12 | American Express |
//! | 13–14 | JCB |
//! | 15–16 | UnionPay International |
//! | 17–25 | reserved by EMVCo |
//!
//! ```
//! use emvqr::profile::cards::{card_accounts, network_of};
//! use emvqr::profile::Scheme;
//! let s = "0002010102121313JCB12345678900416MASTER12345678905204531153033925407999.1235802JP5906DONGRI6005TOKYO62240104hoge0504fuga0704piyo6304C343";
//! let p = emvqr::Payload::parse(s)?;
//! let cards: Vec<_> = card_accounts(&p).map(|c| (c.network, c.value)).collect();
//! assert_eq!(cards, [(Scheme::Jcb, "JCB1234567890"), (Scheme::Mastercard, "MASTER1234567890")]);
//! assert_eq!(network_of(15), Some(Scheme::UnionPay));
//! # Ok::<(), emvqr::Error>(())
//! ```

use crate::payload::Payload;
use crate::profile::detect::gui_network;
use crate::profile::rules::{self, Checked, Sink};
use crate::profile::Scheme;
use crate::template::MerchantAccount;

/// The card network that owns primitive merchant account ID `id` (02–16).
pub const fn network_of(id: u8) -> Option<Scheme> {
    Some(match id {
        2 | 3 => Scheme::Visa,
        4 | 5 => Scheme::Mastercard,
        6 | 7 => Scheme::RuPay,
        9 | 10 => Scheme::Discover,
        11 | 12 => Scheme::Amex,
        13 | 14 => Scheme::Jcb,
        15 | 16 => Scheme::UnionPay,
        _ => return None,
    })
}

/// The primitive IDs of a card network.
pub const fn ids_of(network: Scheme) -> &'static [u8] {
    match network {
        Scheme::Visa => &[2, 3],
        Scheme::Mastercard => &[4, 5],
        Scheme::RuPay => &[6, 7],
        Scheme::Discover => &[9, 10],
        Scheme::Amex => &[11, 12],
        Scheme::Jcb => &[13, 14],
        Scheme::UnionPay => &[15, 16],
        _ => &[],
    }
}

/// A card-network merchant account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardAccount<'a> {
    /// The network.
    pub network: Scheme,
    /// The ID (02–16).
    pub id: u8,
    /// The merchant ID or PAN as written (Visa IDs may be masked with `*`).
    pub value: &'a str,
}

/// Every card-network primitive of a payload, in payload order.
pub fn card_accounts<'a>(p: &Payload<'a>) -> impl Iterator<Item = CardAccount<'a>> + 'a {
    p.merchant_accounts().filter_map(|m| match m {
        MerchantAccount::Primitive(t) => network_of(t.id().get()).map(|network| CardAccount {
            network,
            id: t.id().get(),
            value: t.value(),
        }),
        MerchantAccount::Template(_) => None,
    })
}

/// The rules of a payment network: the payload must carry one of its merchant accounts
/// (a primitive for card networks, a template with its GUI for the others).
pub(crate) fn check_network(network: Scheme, p: &Payload<'_>, sink: &mut impl Sink) -> Checked {
    let ids = ids_of(network);
    let found = p.merchant_accounts().any(|m| match m {
        MerchantAccount::Primitive(t) => ids.contains(&t.id().get()),
        MerchantAccount::Template(t) => t.gui().and_then(gui_network) == Some(network),
    });
    if found {
        Ok(())
    } else {
        rules::no_account(sink, p)
    }
}
