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
use crate::profile::scheme::{Desc, Gui, Names, Primitive, Routes};
use crate::profile::Scheme;
use crate::template::{MerchantAccount, Template};

/// A card network: its primitive IDs and its AID prefix; real codes write the CRC in lowercase.
const fn card(
    id: &'static str,
    name: &'static str,
    ids: &'static [u8],
    guis: &'static [Gui],
) -> Desc {
    let mut d = Desc::network(id, name);
    d.options = d.options.allow_lowercase_crc(true);
    d.primitives = (ids, None);
    d.guis = guis;
    d
}

/// A wallet named by its GUI.
const fn wallet(id: &'static str, name: &'static str, gui: &'static [Gui]) -> Desc {
    let mut d = Desc::network(id, name);
    d.guis = gui;
    d
}

pub(crate) const VISA: Desc = card("visa", "Visa", &[2, 3], &[Gui::Prefix("A000000003")]);
pub(crate) const MASTERCARD: Desc = card(
    "mastercard",
    "Mastercard",
    &[4, 5],
    &[Gui::Prefix("A000000004")],
);
pub(crate) const RUPAY: Desc = {
    let mut d = card("rupay", "RuPay", &[6, 7], &[]);
    d.routes = Routes {
        primitive: Primitive::MerchantPan,
        ..Routes::PLAIN
    };
    d
};
pub(crate) const DISCOVER: Desc = card(
    "discover",
    "Discover",
    &[9, 10],
    &[Gui::Prefix("A000000152")],
);
pub(crate) const AMEX: Desc = card(
    "amex",
    "American Express",
    &[11, 12],
    &[Gui::Prefix("A000000025")],
);
pub(crate) const JCB: Desc = card("jcb", "JCB", &[13, 14], &[Gui::Prefix("A000000065")]);
pub(crate) const UNIONPAY: Desc = card(
    "unionpay",
    "UnionPay International",
    &[15, 16],
    // UnionPay's RID, and the `D156…` identifiers of its templates in Chinese and Japanese codes.
    &[Gui::Prefix("A000000333"), Gui::Prefix("D156")],
);
pub(crate) const NETS: Desc = {
    let mut d = wallet("nets", "NETS", &[Gui::Exact("SG.COM.NETS")]);
    d.country = Some("SG");
    d.routes = Routes {
        names: nets_names,
        ..Routes::PLAIN
    };
    d
};
pub(crate) const WECHATPAY: Desc = wallet(
    "wechatpay",
    "WeChat Pay",
    &[Gui::Exact("COM.QQ.WEIXIN.PAY")],
);
pub(crate) const ALIPAY: Desc = wallet("alipay", "Alipay", &[Gui::Exact("COM.ALIPAY")]);
pub(crate) const ALIPAYPLUS: Desc = wallet(
    "alipayplus",
    "Alipay+",
    &[Gui::Contains(crate::field::ALIPAYPLUS_MARK)],
);
pub(crate) const GRABPAY: Desc = wallet("grabpay", "GrabPay", &[Gui::Exact("COM.GRAB")]);

fn nets_names(_: u8, _: &str, _: &Template<'_>) -> Names {
    &[
        (1, "qr_metadata"),
        (2, "merchant_id"),
        (3, "terminal_id"),
        (99, "signature"),
    ]
}

/// The card network that owns primitive merchant account ID `id` (02–16).
pub fn network_of(id: u8) -> Option<Scheme> {
    Scheme::rows()
        .find(|(_, d)| d.primitives.1.is_none() && d.primitives.0.contains(&id))
        .map(|(s, _)| s)
}

/// The primitive IDs of a card network.
pub fn ids_of(network: Scheme) -> &'static [u8] {
    network.desc().primitives.0
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
