//! Values as Go templates see them, inside minijinja.
//!
//! Go's text/template (with Helm's `missingkey=zero`) reads a missing map key as nil,
//! fails on a field of nil ("nil pointer evaluating interface {}.x") or of a non-map,
//! and prints values with `fmt`. minijinja is set to strict undefined behaviour and maps
//! are [`GoMap`] objects that answer `none` for a missing key, so that:
//!
//! | Go                          | here                                              |
//! |-----------------------------|---------------------------------------------------|
//! | `.a.missing` → nil          | `a.missing` → `none`                              |
//! | `.a.missing.b` → error      | `none.b` → undefined → strict error on use        |
//! | `.a.str.b` → error          | `"str".b` → undefined → strict error on use       |
//! | `{{ nil }}` → `<no value>`  | [`go_print`] of `none` → `<no value>`             |

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectExt, ObjectRepr, Value as MjValue, ValueKind};

use crate::gofmt::format_float_v;
use crate::values::Value;

/// A Go `map[string]interface{}` (values maps, and the `.Release`/`.Chart`/
/// `.Capabilities` objects). Keys iterate in byte order, as Go sorts them.
#[derive(Debug, Default, Clone)]
pub struct GoMap(pub BTreeMap<String, MjValue>);

impl Object for GoMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        // A missing key reads as nil, as with Go's missingkey=zero.
        let key = key.as_str()?;
        Some(self.0.get(key).cloned().unwrap_or(MjValue::from(())))
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<MjValue> {
        Some(self.0.get(key).cloned().unwrap_or(MjValue::from(())))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| Box::new(this.0.keys().map(|k| MjValue::from(k.as_str()))))
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A Go struct value with a `String()` method, such as Helm's `.Capabilities.KubeVersion`:
/// its fields read like a [`GoMap`]'s, and `%v` prints `text` (`v1.35.0`).
#[derive(Debug, Clone)]
pub struct GoStringer {
    /// The fields, by name.
    pub fields: GoMap,
    /// What `String()` returns.
    pub text: String,
}

impl Object for GoStringer {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let key = key.as_str()?;
        Some(self.fields.0.get(key).cloned().unwrap_or(MjValue::from(())))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.mapped_enumerator(|this| {
            Box::new(this.fields.0.keys().map(|k| MjValue::from(k.as_str())))
        })
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.fields.0.len())
    }
}

impl GoMap {
    /// Wraps the map as a minijinja value.
    pub fn into_value(self) -> MjValue {
        MjValue::from_object(self)
    }
}

/// Converts a values tree into minijinja values (maps become [`GoMap`]s; int64 and
/// float64 stay distinct, which matters for printing).
pub fn to_mj(v: &Value) -> MjValue {
    match v {
        Value::Null => MjValue::from(()),
        Value::Bool(b) => MjValue::from(*b),
        Value::Int(i) => MjValue::from(*i),
        Value::Float(f) => MjValue::from(*f),
        Value::Str(s) => MjValue::from(s.as_str()),
        Value::List(l) => MjValue::from(l.iter().map(to_mj).collect::<Vec<_>>()),
        Value::Map(m) => GoMap(m.iter().map(|(k, v)| (k.clone(), to_mj(v))).collect()).into_value(),
    }
}

/// Converts a values map (the `.Values` root) without copying it first.
pub fn to_mj_map(m: &crate::values::Map) -> MjValue {
    GoMap(m.iter().map(|(k, v)| (k.clone(), to_mj(v))).collect()).into_value()
}

/// Converts back to a values tree. `None` for values with no Go equivalent (undefined,
/// callables), which callers report as errors.
pub fn from_mj(v: &MjValue) -> Option<Value> {
    Some(match v.kind() {
        ValueKind::None => Value::Null,
        ValueKind::Bool => Value::Bool(v.is_true()),
        ValueKind::Number => {
            if v.is_integer() {
                Value::Int(i64::try_from(v.clone()).ok()?)
            } else {
                Value::Float(f64::try_from(v.clone()).ok()?)
            }
        }
        ValueKind::String => Value::Str(v.as_str()?.to_string()),
        ValueKind::Seq | ValueKind::Iterable => {
            let mut out = Vec::new();
            for item in v.try_iter().ok()? {
                out.push(from_mj(&item)?);
            }
            Value::List(out)
        }
        ValueKind::Map => {
            let mut out = BTreeMap::new();
            for key in v.try_iter().ok()? {
                let item = v.get_item(&key).ok()?;
                out.insert(key.as_str()?.to_string(), from_mj(&item)?);
            }
            Value::Map(out)
        }
        _ => return None,
    })
}

/// Go's name for the dynamic type of a value (`%T`), for error messages.
pub fn go_type_name(v: &MjValue) -> &'static str {
    match v.kind() {
        ValueKind::None | ValueKind::Undefined => "<nil>",
        ValueKind::Bool => "bool",
        ValueKind::Number if v.is_integer() => "int64",
        ValueKind::Number => "float64",
        ValueKind::String => "string",
        ValueKind::Seq | ValueKind::Iterable => "[]interface {}",
        ValueKind::Map => "map[string]interface {}",
        _ => "interface {}",
    }
}

/// Whether the value is a Go map (values map or Helm object).
pub fn is_map(v: &MjValue) -> bool {
    v.kind() == ValueKind::Map
}

/// Whether the value is a Go slice.
pub fn is_list(v: &MjValue) -> bool {
    matches!(v.kind(), ValueKind::Seq | ValueKind::Iterable)
}

/// Map entries in Go's key order (sorted by bytes).
pub fn map_entries(v: &MjValue) -> Vec<(String, MjValue)> {
    if let Some(m) = v.downcast_object_ref::<GoMap>() {
        return m.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    }
    let mut out: Vec<(String, MjValue)> = v
        .try_iter()
        .map(|it| {
            it.filter_map(|k| {
                let val = v.get_item(&k).ok()?;
                Some((k.as_str()?.to_string(), val))
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Prints a value as `{{ v }}` does in a Go template: `fmt.Fprint`, except that a nil
/// at the top prints `<no value>` (Helm strips that text from the rendered file).
pub fn go_print(v: &MjValue) -> String {
    if v.is_none() || v.is_undefined() {
        return "<no value>".to_string();
    }
    let mut out = String::new();
    write_go_value(&mut out, v);
    out
}

/// Go's `fmt.Sprint` (`%v`) of a value, nil printing as `<nil>`.
pub fn go_sprint(v: &MjValue) -> String {
    let mut out = String::new();
    write_go_value(&mut out, v);
    out
}

/// Writes `%v` of a value: `map[k:v ...]` with sorted keys, `[a b]`, floats as Go's
/// shortest `%v`, nil as `<nil>`.
pub fn write_go_value(out: &mut String, v: &MjValue) {
    if let Some(s) = v.downcast_object_ref::<GoStringer>() {
        out.push_str(&s.text);
        return;
    }
    match v.kind() {
        ValueKind::None | ValueKind::Undefined => out.push_str("<nil>"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if v.is_integer() {
                let _ = write!(out, "{v}");
            } else if let Ok(f) = f64::try_from(v.clone()) {
                out.push_str(&format_float_v(f));
            }
        }
        ValueKind::String => out.push_str(v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('[');
            if let Ok(it) = v.try_iter() {
                for (i, item) in it.enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    write_go_value(out, &item);
                }
            }
            out.push(']');
        }
        ValueKind::Map => {
            out.push_str("map[");
            for (i, (k, val)) in map_entries(v).iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_value(out, val);
            }
            out.push(']');
        }
        _ => {
            let _ = write!(out, "{v}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Map;

    #[test]
    fn prints_like_go_fmt() {
        let mut m = Map::new();
        m.insert(
            "b".into(),
            Value::List(vec![Value::from("x"), Value::Float(1e6)]),
        );
        m.insert("a".into(), Value::Null);
        m.insert("c".into(), Value::Int(7));
        let v = to_mj(&Value::Map(m));
        assert_eq!(go_print(&v), "map[a:<nil> b:[x 1e+06] c:7]");
        assert_eq!(go_print(&MjValue::from(())), "<no value>");
        assert_eq!(go_print(&MjValue::from(12.5)), "12.5");
        assert_eq!(go_print(&MjValue::from(3478.0)), "3478");
        assert_eq!(go_print(&to_mj(&Value::Map(Map::new()))), "map[]");
    }

    #[test]
    fn missing_keys_read_as_nil() {
        let mut m = Map::new();
        m.insert("a".into(), Value::from("x"));
        let v = to_mj(&Value::Map(m));
        assert_eq!(v.get_attr("a").unwrap().as_str(), Some("x"));
        assert!(v.get_attr("zzz").unwrap().is_none());
    }

    #[test]
    fn round_trips() {
        let mut m = Map::new();
        m.insert(
            "l".into(),
            Value::List(vec![Value::Int(1), Value::Float(2.5), Value::Null]),
        );
        m.insert("b".into(), Value::Bool(true));
        let v = Value::Map(m);
        assert_eq!(from_mj(&to_mj(&v)), Some(v));
    }
}
