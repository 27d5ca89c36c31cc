//! The values tree, as Helm's templates see it.
//!
//! Helm reads values into Go's `map[string]interface{}` world: maps with string keys,
//! `[]interface{}` lists, and scalars. The number model matters for printing:
//! every number read from a YAML file or from `--set-json` is a `float64` (Helm goes
//! YAML -> JSON -> Go), while `--set` turns base-10 integers into `int64`.

use std::collections::BTreeMap;
use std::fmt;

/// A map of values. Keys are sorted by bytes, which is the order Go's `fmt`, `toJson`
/// and text/template `range` use for `map[string]interface{}`.
pub type Map = BTreeMap<String, Value>;

/// One node of a values tree (Go's `interface{}` holding one of the types below).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Go `nil`: YAML `null`/`~`/empty, `--set k=null`, JSON `null`.
    Null,
    /// Go `bool`.
    Bool(bool),
    /// Go `int64`: only from `--set`/`--set-file`-less typed parsing of base-10 integers.
    Int(i64),
    /// Go `float64`: every number from a values file or `--set-json`.
    Float(f64),
    /// Go `string`.
    Str(String),
    /// Go `[]interface{}`.
    List(Vec<Value>),
    /// Go `map[string]interface{}`.
    Map(Map),
}

impl Value {
    /// Go's `%T` name of the dynamic type, as Helm error messages print it.
    pub fn go_type(&self) -> &'static str {
        match self {
            Value::Null => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int64",
            Value::Float(_) => "float64",
            Value::Str(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(_) => "map[string]interface {}",
        }
    }

    /// The JSON-schema type name of this value (`integer` for integral numbers, as
    /// Helm's validators treat `3.0` as an integer).
    pub fn json_type(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(f) if f.is_finite() && f.fract() == 0.0 => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::List(_) => "array",
            Value::Map(_) => "object",
        }
    }

    /// The map inside, if this is a map.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Go text/template truthiness (also sprig's `empty`, negated): nil, false, 0,
    /// and empty strings, lists and maps are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
        }
    }

    /// Looks up a dotted path of map keys (`["app", "server", "port"]`).
    pub fn lookup<'a, I: IntoIterator<Item = &'a str>>(&self, path: I) -> Option<&Value> {
        let mut cur = self;
        for key in path {
            cur = cur.as_map()?.get(key)?;
        }
        Some(cur)
    }

    /// Converts to JSON as Go's `encoding/json` would see it (numbers keep their value;
    /// integral floats become JSON integers so that schema `integer` checks behave as in
    /// Helm, where `3.0` and `1e21` are integers).
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    J::from(*f as i64)
                } else {
                    serde_json::Number::from_f64(*f).map_or(J::Null, J::Number)
                }
            }
            Value::Str(s) => J::String(s.clone()),
            Value::List(l) => J::Array(l.iter().map(Value::to_json).collect()),
            Value::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// Converts from JSON the way Go's `json.Unmarshal` into `interface{}` does: every
    /// number becomes a float64.
    pub fn from_json(j: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            J::String(s) => Value::Str(s.clone()),
            J::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Map(m)
    }
}

impl From<Vec<Value>> for Value {
    fn from(l: Vec<Value>) -> Self {
        Value::List(l)
    }
}

/// Prints the value as Go's `fmt` `%v` does (`map[a:1 b:[x y]]`, `<nil>`, `1e+06`).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("<nil>"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => f.write_str(&crate::gofmt::format_float_v(*x)),
            Value::Str(s) => f.write_str(s),
            Value::List(l) => {
                f.write_str("[")?;
                for (i, v) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("map[")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    write!(f, "{k}:{v}")?;
                }
                f.write_str("]")
            }
        }
    }
}
