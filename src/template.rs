//! Borrowed views of nested templates (26–51, 62, 64, 80–99).

use crate::error::Path;
use crate::tlv::{Id, LengthUnit, Tlv, Tlvs};

/// A template: a data object whose value is itself a sequence of data objects. Scanned lazily;
/// offsets are absolute in the whole payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template<'a> {
    tlv: Tlv<'a>,
    unit: LengthUnit,
    /// Sub-objects of length `00` are read as empty values (a payload parsed with
    /// `ParseOptions::allow_zero_length`).
    empty_ok: bool,
}

impl<'a> Template<'a> {
    /// A template view of a data object.
    pub const fn new(tlv: Tlv<'a>, unit: LengthUnit) -> Template<'a> {
        Template::read_as(tlv, unit, false)
    }

    /// A template view that reads a length of `00` as an empty value when `empty_ok`.
    pub(crate) const fn read_as(tlv: Tlv<'a>, unit: LengthUnit, empty_ok: bool) -> Template<'a> {
        Template {
            tlv,
            unit,
            empty_ok,
        }
    }

    /// The template's own ID.
    pub const fn id(&self) -> Id {
        self.tlv.id()
    }

    /// The template's ID path.
    pub const fn path(&self) -> Path {
        self.tlv.path()
    }

    /// The whole value (the encoded sub-objects).
    pub const fn value(&self) -> &'a str {
        self.tlv.value()
    }

    /// The data object this template is.
    pub const fn tlv(&self) -> Tlv<'a> {
        self.tlv
    }

    /// The sub-objects in order.
    pub fn iter(&self) -> Tlvs<'a> {
        self.tlv.children(self.unit).allow_empty(self.empty_ok)
    }

    /// The first sub-object with this ID.
    pub fn get_tlv(&self, id: Id) -> Option<Tlv<'a>> {
        self.iter().readable().find(|t| t.id() == id)
    }

    /// The value of the first sub-object with this ID (`id` must be ≤ 99).
    pub fn get(&self, id: u8) -> Option<&'a str> {
        Id::new(id)
            .and_then(|id| self.get_tlv(id))
            .map(|t| t.value())
    }

    /// The values of the first sub-objects with IDs `0..N`, read in one walk (what `get` gives
    /// for each of those IDs).
    #[cfg(feature = "alloc")]
    pub(crate) fn firsts<const N: usize>(&self) -> [Option<&'a str>; N] {
        self.first_objects().map(|t| t.map(|t| t.value()))
    }

    /// The first sub-objects with IDs `0..N`, read in one walk (what `get_tlv` gives for
    /// each of those IDs).
    pub(crate) fn first_objects<const N: usize>(&self) -> [Option<Tlv<'a>>; N] {
        let mut out = [None; N];
        for t in self.iter().readable() {
            if let Some(slot @ None) = out.get_mut(usize::from(t.id().get())) {
                *slot = Some(t);
            }
        }
        out
    }

    /// The Globally Unique Identifier (sub-ID `00`).
    pub fn gui(&self) -> Option<&'a str> {
        self.get(0)
    }

    /// Whether the value scans as a template without error.
    pub fn is_well_formed(&self) -> bool {
        self.iter().all(|t| t.is_ok())
    }
}

impl<'a> IntoIterator for &Template<'a> {
    type Item = Result<Tlv<'a>, crate::error::Error>;
    type IntoIter = Tlvs<'a>;
    fn into_iter(self) -> Tlvs<'a> {
        self.iter()
    }
}

/// A merchant account information object: a primitive (02–25, card networks) or a template
/// (26–51).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MerchantAccount<'a> {
    /// IDs 02–25: a primitive value reserved for a card network.
    Primitive(Tlv<'a>),
    /// IDs 26–51: a template with a GUI.
    Template(Template<'a>),
}

impl<'a> MerchantAccount<'a> {
    /// The ID (02–51).
    pub const fn id(&self) -> Id {
        match self {
            MerchantAccount::Primitive(t) => t.id(),
            MerchantAccount::Template(t) => t.id(),
        }
    }

    /// The raw value.
    pub const fn value(&self) -> &'a str {
        match self {
            MerchantAccount::Primitive(t) => t.value(),
            MerchantAccount::Template(t) => t.value(),
        }
    }

    /// The GUI of a template (`None` for a primitive).
    pub fn gui(&self) -> Option<&'a str> {
        match self {
            MerchantAccount::Primitive(_) => None,
            MerchantAccount::Template(t) => t.gui(),
        }
    }

    /// A sub-object of a template (`None` for a primitive).
    pub fn get(&self, id: u8) -> Option<&'a str> {
        match self {
            MerchantAccount::Primitive(_) => None,
            MerchantAccount::Template(t) => t.get(id),
        }
    }

    /// The template view, if this is a template.
    pub const fn as_template(&self) -> Option<&Template<'a>> {
        match self {
            MerchantAccount::Primitive(_) => None,
            MerchantAccount::Template(t) => Some(t),
        }
    }
}

/// The Additional Data Field Template (62).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AdditionalData<'a>(pub Template<'a>);

macro_rules! sub_accessors {
    ($($(#[$doc:meta])* $name:ident = $id:expr;)*) => {
        $( $(#[$doc])* pub fn $name(&self) -> Option<&'a str> { self.0.get($id) } )*
    };
}

impl<'a> AdditionalData<'a> {
    crate::field::additional_data_fields!(sub_accessors);

    /// The payment-system specific templates 62.50–99.
    pub fn payment_system_templates(&self) -> impl Iterator<Item = Template<'a>> + 'a {
        let (unit, empty_ok) = (self.0.unit, self.0.empty_ok);
        self.0
            .iter()
            .readable()
            .filter(|t| t.id().get() >= 50)
            .map(move |t| Template::read_as(t, unit, empty_ok))
    }
}

/// The Merchant Information — Language Template (64).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanguageTemplate<'a>(pub Template<'a>);

impl<'a> LanguageTemplate<'a> {
    sub_accessors! {
        /// 64.00 Language Preference (ISO 639-1).
        language = 0;
        /// 64.01 Merchant Name in the alternate language.
        merchant_name = 1;
        /// 64.02 Merchant City in the alternate language.
        merchant_city = 2;
    }
}
