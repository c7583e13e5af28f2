//! `serde` support: a payload is an ordered map of IDs to values, templates as nested maps.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::builder::{Node, PayloadBuilder, TemplateBuilder};
use crate::payload::Payload;
use crate::tlv::{Id, LengthUnit, Tlv};

struct Object<'a>(Tlv<'a>, LengthUnit);

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Object(t, unit) = self;
        if !t.is_template(*unit) {
            return s.serialize_str(t.value());
        }
        let mut m = s.serialize_map(None)?;
        for c in t.children(*unit).readable() {
            m.serialize_entry(&IdKey(c.id()), &Object(c, *unit))?;
        }
        m.end()
    }
}

struct IdKey(Id);

impl Serialize for IdKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Serialises as an ordered map `{"00": "01", "26": {"00": "…", "01": "…"}, …, "63": "ABCD"}`.
impl Serialize for Payload<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let unit = self.options().unit();
        let mut m = s.serialize_map(None)?;
        for t in self.iter() {
            m.serialize_entry(&IdKey(t.id()), &Object(t, unit))?;
        }
        m.end()
    }
}

enum De {
    Value(String),
    Template(TemplateBuilder<'static>),
}

/// Reads one value at a nesting `depth` (1 for a root object's value): a string, or a map at
/// most [`MAX_TEMPLATE_DEPTH`] deep — deeper input is refused before it is read, so no input
/// makes this recurse further.
struct DeVisitor {
    depth: u8,
}

/// Templates nest at most two levels below the root (a payment-system template in 62).
const MAX_TEMPLATE_DEPTH: u8 = 2;

impl<'de> de::DeserializeSeed<'de> for DeVisitor {
    type Value = De;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<De, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DeVisitor {
    type Value = De;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string value or a map of two-digit IDs")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<De, E> {
        Ok(De::Value(String::from(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<De, E> {
        Ok(De::Value(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<De, A::Error> {
        if self.depth > MAX_TEMPLATE_DEPTH {
            return Err(de::Error::custom(
                "templates nested deeper than EMV's three levels",
            ));
        }
        let mut t = TemplateBuilder::new();
        while let Some(k) = map.next_key::<String>()? {
            let id = parse_id::<A::Error>(&k)?;
            let v = map.next_value_seed(DeVisitor {
                depth: self.depth + 1,
            })?;
            t.push(id.get(), v.into_node());
        }
        Ok(De::Template(t))
    }
}

impl De {
    fn into_node(self) -> Node<'static> {
        match self {
            De::Value(v) => Node::Value(Cow::Owned(v)),
            De::Template(t) => Node::Template(t),
        }
    }
}

fn parse_id<E: de::Error>(k: &str) -> Result<Id, E> {
    Id::parse(k).ok_or_else(|| E::custom(format_args!("{k:?} is not a two-digit ID")))
}

struct BuilderVisitor;

impl<'de> Visitor<'de> for BuilderVisitor {
    type Value = PayloadBuilder<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map of two-digit IDs to values or templates")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut b = PayloadBuilder::new();
        let mut crc = None;
        while let Some(k) = map.next_key::<String>()? {
            let id = parse_id::<A::Error>(&k)?;
            let v = map.next_value_seed(DeVisitor { depth: 1 })?;
            match (id.get(), v) {
                (63, De::Value(c)) => crc = Some(c),
                (63, De::Template(_)) => return Err(de::Error::custom("63 must be a string")),
                (n, v) => b.push(n, v.into_node()),
            }
        }
        if let Some(c) = crc {
            b.keep_checksum_case(&c);
        }
        Ok(b)
    }
}

/// Deserialises the map form back into a builder (order kept; `63` only keeps its case).
impl<'de> Deserialize<'de> for PayloadBuilder<'static> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(BuilderVisitor)
    }
}

/// `{"kind", "offset", "path", "message"}`: the shape of an error in `emvqr decode --json`.
impl Serialize for crate::error::Error {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("Error", 4)?;
        m.serialize_field("kind", self.kind().name())?;
        m.serialize_field("offset", &self.offset())?;
        m.serialize_field("path", &self.path())?;
        m.serialize_field("message", &alloc::string::ToString::to_string(self))?;
        m.end()
    }
}

/// As [`crate::Error`], with the official code and key: `{"kind", "offset", "path",
/// "message", "khqr_code", "khqr_key"}`.
impl Serialize for crate::profile::khqr::KhqrError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut m = s.serialize_struct("KhqrError", 6)?;
        m.serialize_field("kind", self.to_error().kind().name())?;
        m.serialize_field("offset", &self.offset())?;
        m.serialize_field("path", &self.path())?;
        m.serialize_field("message", &alloc::string::ToString::to_string(self))?;
        m.serialize_field("khqr_code", &self.code())?;
        m.serialize_field("khqr_key", self.key())?;
        m.end()
    }
}
