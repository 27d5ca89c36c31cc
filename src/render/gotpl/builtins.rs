//! Go's text/template builtin functions (`funcs.go`), over [`Gv`] values.
//!
//! Each function receives its evaluated arguments (arity already checked by the
//! caller, as Go checks it before the call) and returns the result or Go's error text,
//! which the caller reports as `error calling NAME: TEXT`.

use minijinja::Value;
use minijinja::value::ValueKind;

use super::value::{Basic, Gv, RKind, fmt_s, fmt_v, list_items, map_get};

/// The builtins, with their fixed and variadic arity.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Builtin {
    And,
    Or,
    Not,
    Len,
    Index,
    Slice,
    Call,
    Html,
    Js,
    Urlquery,
    Print,
    Printf,
    Println,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Builtin {
    pub(super) fn lookup(name: &str) -> Option<Builtin> {
        Some(match name {
            "and" => Builtin::And,
            "or" => Builtin::Or,
            "not" => Builtin::Not,
            "len" => Builtin::Len,
            "index" => Builtin::Index,
            "slice" => Builtin::Slice,
            "call" => Builtin::Call,
            "html" => Builtin::Html,
            "js" => Builtin::Js,
            "urlquery" => Builtin::Urlquery,
            "print" => Builtin::Print,
            "printf" => Builtin::Printf,
            "println" => Builtin::Println,
            "eq" => Builtin::Eq,
            "ne" => Builtin::Ne,
            "lt" => Builtin::Lt,
            "le" => Builtin::Le,
            "gt" => Builtin::Gt,
            "ge" => Builtin::Ge,
            _ => return None,
        })
    }

    /// (fixed parameters, variadic) as in the Go signatures.
    pub(super) fn arity(self) -> (usize, bool) {
        match self {
            Builtin::And
            | Builtin::Or
            | Builtin::Index
            | Builtin::Slice
            | Builtin::Call
            | Builtin::Eq => (1, true),
            Builtin::Printf => (1, true),
            Builtin::Html | Builtin::Js | Builtin::Urlquery | Builtin::Print | Builtin::Println => {
                (0, true)
            }
            Builtin::Not | Builtin::Len => (1, false),
            Builtin::Ne | Builtin::Lt | Builtin::Le | Builtin::Gt | Builtin::Ge => (2, false),
        }
    }
}

type BResult = Result<Gv, String>;

fn arg(argv: &[Gv], i: usize) -> Gv {
    argv.get(i).cloned().unwrap_or(Gv::Invalid)
}

fn bool_val(b: bool) -> Gv {
    Gv::Val(Value::from(b))
}

pub(super) fn not(argv: &[Gv]) -> BResult {
    Ok(bool_val(!super::value::truth(&arg(argv, 0))))
}

/// `len`: bytes of a string, items of a list or map.
pub(super) fn len(argv: &[Gv]) -> BResult {
    let item = arg(argv, 0);
    let n = match &item {
        Gv::Nil => return Err("len of nil pointer".into()),
        Gv::Invalid => return Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Gv::Val(v) | Gv::Iface(v) => match item.concrete_kind() {
            RKind::String => v.as_str().map_or(0, str::len),
            RKind::Slice | RKind::Map => v.len().unwrap_or_else(|| list_items(v).len()),
            _ => return Err(format!("len of type {}", item.ind().go_type())),
        },
        Gv::Int(_) => return Err("len of type int".into()),
    };
    Ok(Gv::Int(n as i64))
}

/// Go's `indexArg`: an integer index within `0..=cap`.
fn index_arg(index: &Gv, cap: usize) -> Result<usize, String> {
    let x = match index {
        Gv::Invalid => return Err("cannot index slice/array with nil".into()),
        Gv::Int(_) | Gv::Val(_) if index.as_int().is_some() => index.as_int().unwrap_or_default(),
        _ => {
            return Err(format!(
                "cannot index slice/array with type {}",
                index.go_type()
            ));
        }
    };
    if x < 0 || x > cap as i128 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// `index x 1 2 3` is `x[1][2][3]`; maps are indexed by string keys, a missing key
/// gives nil.
pub(super) fn index(argv: &[Gv]) -> BResult {
    let Some((first, indexes)) = argv.split_first() else {
        return Err("index of untyped nil".into());
    };
    let mut item = first.ind();
    if !item.is_valid() {
        return Err("index of untyped nil".into());
    }
    for index in indexes {
        let index = index.ind();
        if matches!(item, Gv::Nil) {
            return Err("index of nil pointer".into());
        }
        let kind = item.concrete_kind();
        let Some(v) = item.value().cloned() else {
            return Err(format!("can't index item of type {}", item.ind().go_type()));
        };
        item = match kind {
            RKind::String => {
                let s = v.as_str().unwrap_or_default();
                let x = index_arg(&index, s.len())?;
                match s.as_bytes().get(x) {
                    Some(&b) => Gv::Val(Value::from(b)),
                    None => return Err("reflect: string index out of range".into()),
                }
            }
            RKind::Slice => {
                let elem = match (v.kind(), v.len()) {
                    (ValueKind::Seq, Some(len)) => {
                        let x = index_arg(&index, len)?;
                        (x < len).then(|| v.get_item_by_index(x).unwrap_or_default())
                    }
                    _ => {
                        let items = list_items(&v);
                        let x = index_arg(&index, items.len())?;
                        items.into_iter().nth(x)
                    }
                };
                match elem {
                    Some(elem) => Gv::elem(elem),
                    None => return Err("reflect: slice index out of range".into()),
                }
            }
            RKind::Map => match &index {
                Gv::Invalid => return Err("value is nil; should be of type string".into()),
                _ => match index.as_str() {
                    Some(key) => map_get(&v, key),
                    None => {
                        return Err(format!(
                            "value has type {}; should be string",
                            index.go_type()
                        ));
                    }
                },
            },
            _ => return Err(format!("can't index item of type {}", item.ind().go_type())),
        };
    }
    Ok(item)
}

/// Go's builtin `slice x 1 2` (`x[1:2]`), for strings and lists. (Helm replaces it
/// with Sprig's `slice`; the interpreter prefers the host's when it has one.)
pub(super) fn slice(argv: &[Gv]) -> BResult {
    let Some((first, indexes)) = argv.split_first() else {
        return Err("slice of untyped nil".into());
    };
    let item = first.ind();
    if !item.is_valid() {
        return Err("slice of untyped nil".into());
    }
    if indexes.len() > 3 {
        return Err(format!("too many slice indexes: {}", indexes.len()));
    }
    let v = item.value().cloned().unwrap_or_default();
    let (len, items) = match item.concrete_kind() {
        RKind::String => {
            if indexes.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            (v.as_str().map_or(0, str::len), None)
        }
        RKind::Slice => {
            let items = list_items(&v);
            (items.len(), Some(items))
        }
        _ => return Err(format!("can't slice item of type {}", item.go_type())),
    };
    let mut idx = [0, len, 0];
    for (i, index) in indexes.iter().enumerate() {
        // Go does not look through interface{} here, unlike `index`.
        idx[i] = index_arg(index, len)?;
    }
    if idx[0] > idx[1] {
        return Err(format!("invalid slice index: {} > {}", idx[0], idx[1]));
    }
    if indexes.len() == 3 && idx[1] > idx[2] {
        return Err(format!("invalid slice index: {} > {}", idx[1], idx[2]));
    }
    match items {
        Some(items) => Ok(Gv::Val(Value::from(items[idx[0]..idx[1]].to_vec()))),
        None => match v.as_str().unwrap_or_default().get(idx[0]..idx[1]) {
            Some(s) => Ok(Gv::Val(Value::from(s))),
            None => Err(format!(
                "slicing a string inside a UTF-8 sequence ([{}:{}]) is not supported",
                idx[0], idx[1]
            )),
        },
    }
}

/// `call`: there are no function values in template data, so every call fails as
/// Go's would on a non-function.
pub(super) fn call(name: &str, argv: &[Gv]) -> BResult {
    let f = arg(argv, 0).ind();
    if !f.is_valid() {
        return Err("call of nil".into());
    }
    Err(format!("non-function {name} of type {}", f.go_type()))
}

/// Go's `evalArgs`: a single string as is, otherwise `fmt.Sprint` of the arguments
/// (nil printing as `<no value>`), done by `sprint`.
pub(super) fn eval_args(
    argv: &[Gv],
    sprint: &mut dyn FnMut(&[Value]) -> Result<String, String>,
) -> Result<String, String> {
    if let [only] = argv
        && let Some(s) = only.as_str()
    {
        return Ok(s.to_string());
    }
    let vals: Vec<Value> = argv
        .iter()
        .map(|g| {
            if g.ind().is_valid() {
                g.to_value()
            } else {
                Value::from("<no value>")
            }
        })
        .collect();
    sprint(&vals)
}

/// Go's `HTMLEscapeString`.
pub(super) fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{FFFD}'),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Go's `JSEscapeString`.
pub(super) fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if c.is_ascii() || crate::gofmt::is_go_print(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub(super) fn url_query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

const BAD_COMPARISON_TYPE: &str = "invalid type for comparison";

fn is_nil(g: &Gv) -> bool {
    matches!(g, Gv::Invalid | Gv::Nil)
}

/// Go's `eq arg1 arg2...`: true when arg1 equals any of the others. Basic kinds
/// compare by value; ints and floats are incomparable (an error, as in Go).
pub(super) fn eq(argv: &[Gv]) -> Result<bool, String> {
    let Some((first, rest)) = argv.split_first() else {
        return Err("missing argument for comparison".into());
    };
    let a1 = first.ind();
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = a1.basic();
    for other in rest {
        let a = other.ind();
        let k2 = a.basic();
        let truth = if k1.rank() != k2.rank() {
            if a1.is_valid() && a.is_valid() {
                return Err(format!(
                    "incompatible types for comparison: {} and {}",
                    a1.go_type(),
                    a.go_type()
                ));
            }
            false
        } else {
            match (&k1, &k2) {
                (Basic::Bool(x), Basic::Bool(y)) => x == y,
                (Basic::Int(x), Basic::Int(y)) => x == y,
                (Basic::Float(x), Basic::Float(y)) => x == y,
                (Basic::Str(x), Basic::Str(y)) => x == y,
                _ => {
                    let (r1, r2) = (a1.rkind(), a.rkind());
                    if r1 != r2 && r1 != RKind::Invalid && r2 != RKind::Invalid {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            fmt_s(&a1),
                            a1.go_type(),
                            a.go_type(),
                            fmt_v(&a)
                        ));
                    }
                    if is_nil(&a1) || is_nil(&a) {
                        is_nil(&a) == is_nil(&a1)
                    } else if matches!(r2, RKind::Slice | RKind::Map) {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            fmt_s(&a),
                            a.go_type()
                        ));
                    } else {
                        a1.to_value() == a.to_value()
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`: basic kinds of the same kind only; booleans are not ordered.
pub(super) fn lt(a1: &Gv, a2: &Gv) -> Result<bool, String> {
    let (a1, a2) = (a1.ind(), a2.ind());
    let (k1, k2) = (a1.basic(), a2.basic());
    if matches!(k1, Basic::None) || matches!(k2, Basic::None) {
        return Err(BAD_COMPARISON_TYPE.into());
    }
    if k1.rank() != k2.rank() {
        return Err(format!(
            "incompatible types for comparison: {} and {}",
            a1.go_type(),
            a2.go_type()
        ));
    }
    match (k1, k2) {
        (Basic::Int(x), Basic::Int(y)) => Ok(x < y),
        (Basic::Float(x), Basic::Float(y)) => Ok(x < y),
        (Basic::Str(x), Basic::Str(y)) => Ok(x < y),
        _ => Err(BAD_COMPARISON_TYPE.into()),
    }
}

/// Go's `le`: `lt` or `eq`.
pub(super) fn le(a1: &Gv, a2: &Gv) -> Result<bool, String> {
    if lt(a1, a2)? {
        return Ok(true);
    }
    eq(&[a1.clone(), a2.clone()])
}

/// Runs a comparison builtin on its two (or more, for `eq`) arguments.
pub(super) fn compare(b: Builtin, argv: &[Gv]) -> BResult {
    let (a1, a2) = (arg(argv, 0), arg(argv, 1));
    let r = match b {
        Builtin::Eq => eq(argv)?,
        Builtin::Ne => !eq(&[a1, a2])?,
        Builtin::Lt => lt(&a1, &a2)?,
        Builtin::Le => le(&a1, &a2)?,
        Builtin::Gt => !le(&a1, &a2)?,
        _ => !lt(&a1, &a2)?,
    };
    Ok(bool_val(r))
}
