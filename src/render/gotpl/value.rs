//! Go's `reflect.Value` as text/template sees it, over `minijinja::Value`s.
//!
//! text/template distinguishes values Go programmers never see directly, and the
//! differences show in its behaviour:
//! - the zero `reflect.Value` ("invalid": what a pipeline yields for nil) versus a nil
//!   `interface{}` (a missing map key or a nil list element): `.x` on the first gives
//!   nothing, on the second fails with `nil pointer evaluating interface {}.x`;
//! - a value still wrapped in `interface{}` (an element read out of a map or list)
//!   versus a concrete value: errors name the type `interface {}` for the first;
//! - `int` (template literals, `len`, range counters) versus `int64`/`float64` data.

use minijinja::Value;
use minijinja::value::ValueKind;

use crate::gofmt::format_float_v;

/// A template value.
#[derive(Clone, Debug)]
pub(super) enum Gv {
    /// The zero `reflect.Value` (untyped nil, e.g. after a pipeline produced nil).
    Invalid,
    /// A nil `interface{}` (missing map key, nil element).
    Nil,
    /// A Go `int`.
    Int(i64),
    /// A concrete, non-nil value.
    Val(Value),
    /// A non-nil value wrapped in `interface{}` (read out of a map or a list).
    Iface(Value),
}

/// Go's basic kinds for comparisons (`eq`, `lt`, ...).
pub(super) enum Basic<'v> {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(&'v str),
    /// Not a basic kind (nil, list, map, object).
    None,
}

impl Basic<'_> {
    pub(super) fn rank(&self) -> u8 {
        match self {
            Basic::Bool(_) => 1,
            Basic::Int(_) => 2,
            Basic::Float(_) => 3,
            Basic::Str(_) => 4,
            Basic::None => 0,
        }
    }
}

/// Go's `reflect.Kind`, coarsely.
#[derive(PartialEq, Eq)]
pub(super) enum RKind {
    Invalid,
    Interface,
    Bool,
    Int,
    Float,
    String,
    Slice,
    Map,
    Other,
}

fn is_nil_value(v: &Value) -> bool {
    v.is_none() || v.is_undefined()
}

impl Gv {
    /// A value handed over by the host as a concrete Go value (`nil` when none).
    pub(super) fn from_host(v: Value) -> Gv {
        if is_nil_value(&v) {
            Gv::Nil
        } else {
            Gv::Val(v)
        }
    }

    /// The data the template is executed on (`reflect.ValueOf(data)`).
    pub(super) fn top(v: &Value) -> Gv {
        if is_nil_value(v) {
            Gv::Invalid
        } else {
            Gv::Val(v.clone())
        }
    }

    /// An element read out of a `[]interface{}` or `map[string]interface{}`.
    pub(super) fn elem(v: Value) -> Gv {
        if is_nil_value(&v) {
            Gv::Nil
        } else {
            Gv::Iface(v)
        }
    }

    /// The value as the host sees it (nil as `none`).
    pub(super) fn to_value(&self) -> Value {
        match self {
            Gv::Invalid | Gv::Nil => Value::from(()),
            Gv::Int(i) => Value::from(*i),
            Gv::Val(v) | Gv::Iface(v) => v.clone(),
        }
    }

    /// What a pipeline stage leaves: an `interface{}` is replaced by what it holds.
    pub(super) fn unwrap_iface(self) -> Gv {
        match self {
            Gv::Nil => Gv::Invalid,
            Gv::Iface(v) => Gv::Val(v),
            other => other,
        }
    }

    /// Go's `indirectInterface`, as builtins apply it to their arguments.
    pub(super) fn ind(&self) -> Gv {
        self.clone().unwrap_iface()
    }

    pub(super) fn is_valid(&self) -> bool {
        !matches!(self, Gv::Invalid)
    }

    /// The value inside, for concrete and wrapped values.
    pub(super) fn value(&self) -> Option<&Value> {
        match self {
            Gv::Val(v) | Gv::Iface(v) => Some(v),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        self.value()
            .filter(|v| v.kind() == ValueKind::String)
            .and_then(Value::as_str)
    }

    /// The integer inside, for `int`s and integral data numbers.
    pub(super) fn as_int(&self) -> Option<i128> {
        match self {
            Gv::Int(i) => Some(i128::from(*i)),
            Gv::Val(v) | Gv::Iface(v) if v.is_integer() => i128::try_from(v.clone()).ok(),
            _ => None,
        }
    }

    /// The kind of the value (`Interface` for wrapped values).
    pub(super) fn rkind(&self) -> RKind {
        match self {
            Gv::Invalid => RKind::Invalid,
            Gv::Nil | Gv::Iface(_) => RKind::Interface,
            Gv::Int(_) => RKind::Int,
            Gv::Val(v) => value_kind(v),
        }
    }

    /// The kind of the value with any `interface{}` looked through.
    pub(super) fn concrete_kind(&self) -> RKind {
        match self {
            Gv::Nil => RKind::Invalid,
            Gv::Iface(v) => value_kind(v),
            other => other.rkind(),
        }
    }

    /// The value's kind for comparisons, after `indirectInterface`.
    pub(super) fn basic(&self) -> Basic<'_> {
        match self {
            Gv::Int(i) => Basic::Int(i128::from(*i)),
            Gv::Val(v) | Gv::Iface(v) => match v.kind() {
                ValueKind::Bool => Basic::Bool(v.is_true()),
                ValueKind::Number if v.is_integer() => {
                    i128::try_from(v.clone()).map_or(Basic::None, Basic::Int)
                }
                ValueKind::Number => f64::try_from(v.clone()).map_or(Basic::None, Basic::Float),
                ValueKind::String => v.as_str().map_or(Basic::None, Basic::Str),
                _ => Basic::None,
            },
            Gv::Invalid | Gv::Nil => Basic::None,
        }
    }

    /// Go's `%T`-style type name, as text/template's errors print it.
    pub(super) fn go_type(&self) -> String {
        match self {
            Gv::Invalid => "<nil>".into(),
            Gv::Nil | Gv::Iface(_) => "interface {}".into(),
            Gv::Int(_) => "int".into(),
            Gv::Val(v) => value_type(v).into(),
        }
    }
}

fn value_kind(v: &Value) -> RKind {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => RKind::Invalid,
        ValueKind::Bool => RKind::Bool,
        ValueKind::Number if v.is_integer() => RKind::Int,
        ValueKind::Number => RKind::Float,
        ValueKind::String => RKind::String,
        ValueKind::Bytes | ValueKind::Seq | ValueKind::Iterable => RKind::Slice,
        ValueKind::Map => RKind::Map,
        _ => RKind::Other,
    }
}

/// The Go type a data value stands for (Helm's values are `map[string]interface{}`,
/// `[]interface{}`, `string`, `float64`, `int64`, `bool`).
pub(super) fn value_type(v: &Value) -> &'static str {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => "<nil>",
        ValueKind::Bool => "bool",
        ValueKind::Number if v.is_integer() => "int64",
        ValueKind::Number => "float64",
        ValueKind::String => "string",
        ValueKind::Bytes => "[]uint8",
        ValueKind::Seq | ValueKind::Iterable => "[]interface {}",
        ValueKind::Map => "map[string]interface {}",
        _ => "object",
    }
}

/// Go's truth (`if`, `with`, `and`, `or`, `not`): false for nil, false, 0, and empty
/// strings, lists and maps.
pub(super) fn truth(g: &Gv) -> bool {
    match g {
        Gv::Invalid | Gv::Nil => false,
        Gv::Int(i) => *i != 0,
        Gv::Val(v) | Gv::Iface(v) => match v.kind() {
            ValueKind::Undefined | ValueKind::None | ValueKind::Invalid => false,
            ValueKind::Bool | ValueKind::Number | ValueKind::String | ValueKind::Bytes => {
                v.is_true()
            }
            ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => match v.len() {
                Some(n) => n > 0,
                None => v.try_iter().is_ok_and(|mut it| it.next().is_some()),
            },
            // Other objects stand for Go structs or pointers: always true.
            _ => true,
        },
    }
}

/// A map entry by string key: the element, or nil when missing (`missingkey=zero`).
pub(super) fn map_get(map: &Value, key: &str) -> Gv {
    match map.get_attr(key) {
        Ok(v) => Gv::elem(v),
        Err(_) => Gv::Nil,
    }
}

/// The items of a list-like value.
pub(super) fn list_items(v: &Value) -> Vec<Value> {
    if let Some(bytes) = v.as_bytes().filter(|_| v.kind() == ValueKind::Bytes) {
        return bytes.iter().map(|&b| Value::from(b)).collect();
    }
    v.try_iter().map(|it| it.collect()).unwrap_or_default()
}

/// The entries of a map-like value, keys sorted as Go's `fmtsort` sorts strings
/// (byte order); other keys by minijinja's own order.
pub(super) fn map_entries(v: &Value) -> Vec<(Value, Value)> {
    let mut keys: Vec<Value> = v.try_iter().map(|it| it.collect()).unwrap_or_default();
    keys.sort_by(|a, b| match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => x.as_bytes().cmp(y.as_bytes()),
        _ => a.cmp(b),
    });
    keys.into_iter()
        .map(|k| {
            let val = v.get_item(&k).unwrap_or(Value::UNDEFINED);
            (k, val)
        })
        .collect()
}

/// Go's `%v` of a value, for error messages.
pub(super) fn fmt_v(g: &Gv) -> String {
    match g {
        Gv::Invalid | Gv::Nil => "<nil>".into(),
        Gv::Int(i) => i.to_string(),
        Gv::Val(v) | Gv::Iface(v) => value_v(v),
    }
}

fn value_v(v: &Value) -> String {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => "<nil>".into(),
        ValueKind::Bool => v.is_true().to_string(),
        ValueKind::Number if v.is_integer() => v.to_string(),
        ValueKind::Number => {
            f64::try_from(v.clone()).map_or_else(|_| v.to_string(), format_float_v)
        }
        ValueKind::String => v.as_str().unwrap_or_default().to_string(),
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Bytes => {
            let items: Vec<String> = list_items(v).iter().map(value_v).collect();
            format!("[{}]", items.join(" "))
        }
        ValueKind::Map => {
            let items: Vec<String> = map_entries(v)
                .iter()
                .map(|(k, x)| format!("{}:{}", value_v(k), value_v(x)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        _ => v.to_string(),
    }
}

/// Go's `%s` of a value, for error messages (`%!s(float64=1)` for non-strings).
pub(super) fn fmt_s(g: &Gv) -> String {
    match g {
        Gv::Invalid | Gv::Nil => "%!s(<nil>)".into(),
        Gv::Int(i) => format!("%!s(int={i})"),
        Gv::Val(v) | Gv::Iface(v) => value_s(v),
    }
}

fn value_s(v: &Value) -> String {
    match v.kind() {
        ValueKind::String => v.as_str().unwrap_or_default().to_string(),
        ValueKind::Undefined | ValueKind::None => "%!s(<nil>)".into(),
        ValueKind::Bool | ValueKind::Number => format!("%!s({}={})", value_type(v), value_v(v)),
        ValueKind::Seq | ValueKind::Iterable | ValueKind::Bytes => {
            let items: Vec<String> = list_items(v).iter().map(value_s).collect();
            format!("[{}]", items.join(" "))
        }
        ValueKind::Map => {
            let items: Vec<String> = map_entries(v)
                .iter()
                .map(|(k, x)| format!("{}:{}", value_s(k), value_s(x)))
                .collect();
            format!("map[{}]", items.join(" "))
        }
        _ => v.to_string(),
    }
}
