//! A serde deserializer over a JSON document that records what the typed Kubernetes
//! objects of k8s-openapi would silently accept.
//!
//! k8s-openapi's generated `Deserialize` impls skip fields they do not know, default
//! missing required fields and take any string as a quantity. Deserializing through
//! [`De`] keeps that behaviour but records, with the field path of each:
//! - unknown fields: every struct impl passes its field names to `deserialize_struct`,
//!   so a key of the JSON object not among them is unknown to the API type (exactly
//!   what `kubectl apply --validate=strict` rejects), with the known names kept for
//!   "did you mean" hints;
//! - quantities (`deserialize_newtype_struct("Quantity")`) that do not parse;
//! - the path of the first type error, attached to the error itself.
//!
//! Nothing is serialized back: comparing field lists is exact and needs no
//! `Serialize` code.

use std::cell::RefCell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value as J;

use super::path::Path;
use super::quantity;

/// A field the API type does not have.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    /// Where it is.
    pub path: Path,
    /// The fields the type does have.
    pub known: &'static [&'static str],
    /// The k8s-openapi type name (`ContainerPort`).
    pub type_name: &'static str,
}

/// A quantity that does not parse.
#[derive(Clone, Debug, PartialEq)]
pub struct BadQuantity {
    /// Where it is.
    pub path: Path,
    /// The text (a JSON number as written).
    pub text: String,
    /// Why it does not parse.
    pub reason: String,
}

/// What [`De`] records while it runs.
#[derive(Debug, Default)]
pub struct Ctx {
    /// Unknown fields, in document order.
    pub unknown: RefCell<Vec<Unknown>>,
    /// Quantities that do not parse.
    pub quantities: RefCell<Vec<BadQuantity>>,
}

/// What was found where something else was expected, for messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// `a string`, `an integer`, `a list`...
    pub what: String,
    /// The value itself when it is a scalar (strings unquoted; shown only when the
    /// document is not a Secret).
    pub value: Option<String>,
    /// Whether `value` is a string (printed quoted).
    pub is_str: bool,
}

/// A deserialization error with the field path where it happened.
#[derive(Clone, Debug, PartialEq)]
pub struct DeError {
    /// The innermost field path (set by the [`De`] of the failing value).
    pub path: Option<Path>,
    /// What went wrong.
    pub kind: ErrorKind,
}

/// The kinds of [`DeError`].
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// A value of the wrong type.
    Type {
        /// What was there.
        found: Found,
        /// What the type wants, in words (`a 32-bit integer`).
        expected: String,
    },
    /// A value of the right type but out of range or malformed.
    Value {
        /// What was there.
        found: Found,
        /// What the type wants.
        expected: String,
    },
    /// Any other message (base64 errors, timestamps).
    Custom(String),
}

impl DeError {
    /// The message, with string values hidden when `redact` (Secrets).
    pub fn message(&self, redact: bool) -> String {
        let show = |f: &Found| match (&f.value, redact) {
            (Some(v), false) if f.is_str => {
                format!("{} {}", f.what, super::quote(&super::mask_uri_password(v)))
            }
            (Some(v), false) => format!("{} {v}", f.what),
            _ => f.what.clone(),
        };
        match &self.kind {
            ErrorKind::Type { found, expected } => {
                format!("wrong type: expected {expected}, found {}", show(found))
            }
            ErrorKind::Value { found, expected } => {
                format!("invalid value: expected {expected}, found {}", show(found))
            }
            ErrorKind::Custom(m) if redact => {
                format!("invalid value ({})", m.split(':').next().unwrap_or(m))
            }
            ErrorKind::Custom(m) => format!("invalid value: {m}"),
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{p}: ")?;
        }
        f.write_str(&self.message(true))
    }
}

impl std::error::Error for DeError {}

fn found(unexp: de::Unexpected<'_>) -> Found {
    use de::Unexpected as U;
    let (what, value, is_str) = match unexp {
        U::Bool(b) => ("a boolean", Some(b.to_string()), false),
        U::Unsigned(n) => ("an integer", Some(n.to_string()), false),
        U::Signed(n) => ("an integer", Some(n.to_string()), false),
        U::Float(x) => ("a number", Some(x.to_string()), false),
        U::Char(c) => ("a string", Some(c.to_string()), true),
        U::Str(s) => ("a string", Some(s.to_string()), true),
        U::Bytes(_) => ("bytes", None, false),
        U::Unit => ("null", None, false),
        U::Seq => ("a list", None, false),
        U::Map => ("a map", None, false),
        other => {
            return Found {
                what: other.to_string(),
                value: None,
                is_str: false,
            };
        }
    };
    Found {
        what: what.to_string(),
        value,
        is_str,
    }
}

/// serde's `expecting` texts in plain words.
fn expected_words(exp: &dyn de::Expected) -> String {
    let s = exp.to_string();
    match s.as_str() {
        "i8" | "i16" | "i32" => "a 32-bit integer".into(),
        "i64" => "an integer".into(),
        "u8" | "u16" | "u32" | "u64" => "a non-negative integer".into(),
        "f32" | "f64" => "a number".into(),
        "a sequence" => "a list".into(),
        "IntOrString" => "an integer or a string".into(),
        "Quantity" => "a quantity (a string such as 500m or 1Gi, or a number)".into(),
        _ if s.starts_with("a ") || s.starts_with("an ") => s,
        _ => format!("{s} (an object)"),
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            path: None,
            kind: ErrorKind::Custom(msg.to_string()),
        }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError {
            path: None,
            kind: ErrorKind::Type {
                found: found(unexp),
                expected: expected_words(exp),
            },
        }
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError {
            path: None,
            kind: ErrorKind::Value {
                found: found(unexp),
                expected: expected_words(exp),
            },
        }
    }
}

fn unexpected(v: &J) -> de::Unexpected<'_> {
    use de::Unexpected as U;
    match v {
        J::Null => U::Unit,
        J::Bool(b) => U::Bool(*b),
        J::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => U::Unsigned(u),
            (_, Some(i)) => U::Signed(i),
            _ => U::Float(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => U::Str(s),
        J::Array(_) => U::Seq,
        J::Object(_) => U::Map,
    }
}

/// Deserializes one JSON value, recording into a [`Ctx`]; see the module docs.
pub struct De<'de, 'c> {
    /// The value.
    pub value: &'de J,
    /// Its path from the document root.
    pub path: Path,
    /// Where findings are recorded.
    pub ctx: &'c Ctx,
}

impl<'de, 'c> De<'de, 'c> {
    /// A deserializer for a whole document.
    pub fn root(value: &'de J, ctx: &'c Ctx) -> Self {
        De {
            value,
            path: Path::root(),
            ctx,
        }
    }

    fn at<T>(&self, r: Result<T, DeError>) -> Result<T, DeError> {
        r.map_err(|mut e| {
            if e.path.is_none() {
                e.path = Some(self.path.clone());
            }
            e
        })
    }

    fn wrong_type(&self, expected: &str) -> DeError {
        DeError {
            path: Some(self.path.clone()),
            kind: ErrorKind::Type {
                found: found(unexpected(self.value)),
                expected: expected.to_string(),
            },
        }
    }

    fn map_access<'p>(&'p self, m: &'de serde_json::Map<String, J>) -> MapAcc<'de, 'c, 'p> {
        MapAcc {
            iter: m.iter(),
            pending: None,
            parent: &self.path,
            ctx: self.ctx,
        }
    }

    fn seq_access<'p>(&'p self, a: &'de [J]) -> SeqAcc<'de, 'c, 'p> {
        SeqAcc {
            iter: a.iter().enumerate(),
            parent: &self.path,
            ctx: self.ctx,
        }
    }

    fn check_quantity(&self) {
        let text = match self.value {
            J::String(s) => s.clone(),
            J::Number(n) => n.to_string(),
            _ => return,
        };
        if let Err(reason) = quantity::parse(&text) {
            self.ctx.quantities.borrow_mut().push(BadQuantity {
                path: self.path.clone(),
                text,
                reason,
            });
        }
    }
}

impl<'de> Deserializer<'de> for De<'de, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let r = match self.value {
            J::Null => visitor.visit_unit(),
            J::Bool(b) => visitor.visit_bool(*b),
            J::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or(0.0)),
            },
            J::String(s) => visitor.visit_borrowed_str(s),
            J::Array(a) => visitor.visit_seq(self.seq_access(a)),
            J::Object(m) => visitor.visit_map(self.map_access(m)),
        };
        self.at(r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            J::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == "Quantity" {
            self.check_quantity();
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let J::Object(m) = self.value else {
            return Err(self.wrong_type(&format!("{name} (an object)")));
        };
        {
            let mut unknown = self.ctx.unknown.borrow_mut();
            for k in m.keys().filter(|k| !fields.contains(&k.as_str())) {
                unknown.push(Unknown {
                    path: self.path.key(k),
                    known: fields,
                    type_name: name,
                });
            }
        }
        let r = visitor.visit_map(self.map_access(m));
        self.at(r)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let J::Object(m) = self.value else {
            return Err(self.wrong_type("a map"));
        };
        let r = visitor.visit_map(self.map_access(m));
        self.at(r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let J::Array(a) = self.value else {
            return Err(self.wrong_type("a list"));
        };
        let r = visitor.visit_seq(self.seq_access(a));
        self.at(r)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let J::String(s) = self.value else {
            return Err(self.wrong_type("a string"));
        };
        let r = visitor.visit_enum(s.as_str().into_deserializer());
        self.at(r)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct identifier
    }
}

struct MapAcc<'de, 'c, 'p> {
    iter: serde_json::map::Iter<'de>,
    pending: Option<(&'de String, &'de J)>,
    parent: &'p Path,
    ctx: &'c Ctx,
}

impl<'de> MapAccess<'de> for MapAcc<'de, '_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((k, v)) = self.iter.next() else {
            return Ok(None);
        };
        self.pending = Some((k, v));
        seed.deserialize(de::value::BorrowedStrDeserializer::new(k))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((k, v)) = self.pending.take() else {
            return Err(de::Error::custom("a map value was read before its key"));
        };
        seed.deserialize(De {
            value: v,
            path: self.parent.key(k),
            ctx: self.ctx,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct SeqAcc<'de, 'c, 'p> {
    iter: std::iter::Enumerate<std::slice::Iter<'de, J>>,
    parent: &'p Path,
    ctx: &'c Ctx,
}

impl<'de> SeqAccess<'de> for SeqAcc<'de, '_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some((i, v)) = self.iter.next() else {
            return Ok(None);
        };
        seed.deserialize(De {
            value: v,
            path: self.parent.index(i),
            ctx: self.ctx,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{ContainerPort, Service};
    use serde::Deserialize;

    #[test]
    fn records_unknown_fields_with_their_path() {
        let doc = serde_json::json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "a", "lables": {"x": "y"}},
            "spec": {"ports": [{"port": 80, "targetport": 8080}]}
        });
        let ctx = Ctx::default();
        let svc = Service::deserialize(De::root(&doc, &ctx)).expect("deserializes");
        assert_eq!(svc.metadata.name.as_deref(), Some("a"));
        let unknown = ctx.unknown.borrow();
        let paths: Vec<String> = unknown.iter().map(|u| u.path.to_string()).collect();
        assert_eq!(paths, ["metadata.lables", "spec.ports[0].targetport"]);
        assert!(unknown[1].known.contains(&"targetPort"));
        assert_eq!(unknown[1].type_name, "ServicePort");
    }

    #[test]
    fn type_errors_carry_the_innermost_path() {
        let doc = serde_json::json!({"containerPort": "http"});
        let ctx = Ctx::default();
        let e = ContainerPort::deserialize(De::root(&doc, &ctx)).unwrap_err();
        assert_eq!(e.path, Some(Path::parse("containerPort")));
        assert_eq!(
            e.message(false),
            r#"wrong type: expected a 32-bit integer, found a string "http""#
        );
        assert_eq!(
            e.message(true),
            "wrong type: expected a 32-bit integer, found a string"
        );
        let doc = serde_json::json!({"containerPort": 3_000_000_000_u64});
        let e = ContainerPort::deserialize(De::root(&doc, &ctx)).unwrap_err();
        assert_eq!(
            e.message(false),
            "invalid value: expected a 32-bit integer, found an integer 3000000000"
        );
    }

    #[test]
    fn checks_quantities_anywhere() {
        let doc = serde_json::json!({"limits": {"cpu": "1 core", "memory": 1024}});
        let ctx = Ctx::default();
        k8s_openapi::api::core::v1::ResourceRequirements::deserialize(De::root(&doc, &ctx))
            .expect("deserializes");
        let q = ctx.quantities.borrow();
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].path.to_string(), "limits.cpu");
        assert_eq!(q[0].text, "1 core");
    }
}
