//! Helm's `tpl`: executing a values string as a Go template against the chart context.
//!
//! The Go template language itself is [`super::gotpl`]; this module is its host: the
//! Sprig/Helm functions a tpl string may call (with Go's argument order, e.g.
//! `trunc 63 .x`), printing with Go's `fmt`, and `include` of the chart's named
//! templates (`permify.fullname`, ...), which run the helper macros of
//! `templates/_helpers.tpl`.

use std::collections::BTreeMap;

use minijinja::State;
use minijinja::value::{Rest, Value as MjValue, ValueKind};

use super::funcs;
use super::gotpl::{self, Host, TplErrorKind};
use super::goval::{GoMap, go_print, go_sprint, go_type_name, is_list, is_map, map_entries};
use crate::gofmt::format_float_json;

/// The Helm template names `include` can reach from a tpl string, and the macro of
/// `_helpers.tpl` that implements each.
const NAMED_TEMPLATES: &[(&str, &str)] = &[
    ("permify.name", "name"),
    ("permify.fullname", "fullname"),
    ("permify.chart", "chart"),
    ("permify.selectorLabels", "selectorLabels"),
    ("permify.labels", "labels"),
    ("permify.serviceAccountName", "serviceAccountName"),
];

/// Sprig/Helm functions available to tpl strings.
const FUNCTIONS: &[&str] = &[
    "add",
    "b64dec",
    "b64enc",
    "cat",
    "coalesce",
    "contains",
    "default",
    "dict",
    "div",
    "empty",
    "fail",
    "float64",
    "get",
    "hasKey",
    "hasPrefix",
    "hasSuffix",
    "include",
    "indent",
    "int",
    "int64",
    "join",
    "kindOf",
    "list",
    "lower",
    "max",
    "min",
    "mod",
    "mul",
    "nindent",
    "omit",
    "print",
    "printf",
    "println",
    "quote",
    "replace",
    "required",
    "semverCompare",
    "squote",
    "sub",
    "ternary",
    "title",
    "toJson",
    "toString",
    "toYaml",
    "tpl",
    "trim",
    "trimPrefix",
    "trimSuffix",
    "trunc",
    "typeOf",
    "upper",
];

struct ChartHost<'a, 's> {
    state: &'a State<'a, 's>,
    depth: usize,
}

/// Executes `text` as a Go template with `top` as its dot (Helm's `tpl`), returning the
/// output with `<no value>` removed as Helm does.
pub fn tpl(state: &State, text: &str, top: &MjValue) -> Result<String, minijinja::Error> {
    run(state, text, top, 0)
}

fn run(state: &State, text: &str, top: &MjValue, depth: usize) -> Result<String, minijinja::Error> {
    if depth > 20 {
        return Err(funcs::err(
            "tpl: too deeply nested (a tpl string calls tpl more than 20 times)",
        ));
    }
    let host = ChartHost { state, depth };
    match gotpl::render(text, top, &host) {
        Ok(out) => Ok(out.replace("<no value>", "")),
        Err(e) => {
            let what = match e.kind {
                TplErrorKind::Parse => "cannot parse the value as a template",
                TplErrorKind::Exec => "executing the value as a template failed",
            };
            let mut msg = format!("tpl: {what}: {e}");
            if let Some(path) = e
                .context
                .strip_prefix('<')
                .and_then(|c| c.strip_suffix('>'))
                && e.message.starts_with("nil pointer evaluating")
            {
                let parent = path.rsplit_once('.').map_or(path, |(p, _)| p);
                msg.push_str(&format!(" ({parent} is null or missing)"));
            }
            Err(funcs::err(msg))
        }
    }
}

fn s(v: &MjValue) -> Result<String, String> {
    if v.kind() == ValueKind::String {
        Ok(v.as_str().unwrap_or_default().to_string())
    } else if v.is_none() {
        Err("invalid value; expected string".into())
    } else {
        Err(format!(
            "wrong type for value; expected string; got {}",
            go_type_name(v)
        ))
    }
}

fn arg<'v>(args: &'v [MjValue], i: usize, name: &str) -> Result<&'v MjValue, String> {
    args.get(i).ok_or_else(|| {
        format!(
            "wrong number of args for {name}: want at least {}, got {}",
            i + 1,
            args.len()
        )
    })
}

fn e(err: minijinja::Error) -> String {
    err.detail()
        .map(str::to_string)
        .unwrap_or_else(|| err.to_string())
}

/// Sprig's `toInt64` (cast.ToInt64 without errors): numbers truncate, numeric strings
/// parse, booleans are 0/1, anything else is 0.
fn to_i64(v: &MjValue) -> i64 {
    match v.kind() {
        ValueKind::Number => {
            if v.is_integer() {
                i64::try_from(v.clone()).unwrap_or(0)
            } else {
                f64::try_from(v.clone()).map(|f| f as i64).unwrap_or(0)
            }
        }
        ValueKind::Bool => i64::from(v.is_true()),
        ValueKind::String => {
            let t = v.as_str().unwrap_or_default().trim();
            t.parse::<i64>()
                .ok()
                .or_else(|| t.parse::<f64>().ok().map(|f| f as i64))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

fn to_f64(v: &MjValue) -> f64 {
    match v.kind() {
        ValueKind::Number => f64::try_from(v.clone()).unwrap_or(0.0),
        ValueKind::Bool => f64::from(u8::from(v.is_true())),
        ValueKind::String => v.as_str().unwrap_or_default().trim().parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `encoding/json` text of a value (sorted keys, HTML characters escaped).
pub fn go_json(v: &MjValue) -> String {
    let mut out = String::new();
    write_json(&mut out, v);
    out
}

fn write_json(out: &mut String, v: &MjValue) {
    match v.kind() {
        ValueKind::None | ValueKind::Undefined => out.push_str("null"),
        ValueKind::Bool => out.push_str(if v.is_true() { "true" } else { "false" }),
        ValueKind::Number => {
            if v.is_integer() {
                out.push_str(&v.to_string());
            } else {
                out.push_str(&format_float_json(to_f64(v)).unwrap_or_else(|| "null".into()));
            }
        }
        ValueKind::String => write_json_str(out, v.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => {
            out.push('[');
            if let Ok(it) = v.try_iter() {
                for (i, x) in it.enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json(out, &x);
                }
            }
            out.push(']');
        }
        ValueKind::Map => {
            out.push('{');
            for (i, (k, x)) in map_entries(v).iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(out, k);
                out.push(':');
                write_json(out, x);
            }
            out.push('}');
        }
        _ => out.push_str("null"),
    }
}

fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither
/// is a string.
fn sprint(args: &[MjValue]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        let is_str = a.kind() == ValueKind::String;
        if i > 0 && !is_str && args[i - 1].kind() != ValueKind::String {
            out.push(' ');
        }
        out.push_str(&go_sprint(a));
    }
    out
}

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if at_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = c.is_whitespace() || matches!(c, '-' | '_');
    }
    out
}

fn b64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => continue,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

impl Host for ChartHost<'_, '_> {
    fn has_function(&self, name: &str) -> bool {
        FUNCTIONS.contains(&name)
    }

    fn print(&self, v: &MjValue) -> Result<String, String> {
        Ok(go_print(v))
    }

    fn call(&self, name: &str, args: &[MjValue]) -> Result<MjValue, String> {
        let a = |i: usize| arg(args, i, name);
        let str_result = |r: Result<String, String>| r.map(MjValue::from);
        match name {
            "quote" => funcs::quote(Rest(args.to_vec())).map_err(e),
            "squote" => Ok(MjValue::from(
                args.iter()
                    .filter(|x| !x.is_none())
                    .map(|x| format!("'{}'", go_sprint(x)))
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            "default" => {
                let d = a(0)?.clone();
                Ok(match args.get(1) {
                    Some(g) if g.is_true() => g.clone(),
                    _ => d,
                })
            }
            "empty" => Ok(MjValue::from(!a(0)?.is_true())),
            "coalesce" => Ok(args
                .iter()
                .find(|x| x.is_true())
                .cloned()
                .unwrap_or(MjValue::from(()))),
            "ternary" => Ok(if a(2)?.is_true() {
                a(0)?.clone()
            } else {
                a(1)?.clone()
            }),
            "required" => {
                let v = a(1)?;
                if v.is_none() || v.as_str() == Some("") {
                    Err(s(a(0)?)?)
                } else {
                    Ok(v.clone())
                }
            }
            "fail" => Err(s(a(0)?)?),
            "trunc" => funcs::trunc(a(1)?.clone(), MjValue::from(to_i64(a(0)?))).map_err(e),
            "trimSuffix" => str_result(Ok(s(a(1)?)?
                .strip_suffix(&s(a(0)?)?)
                .map(str::to_string)
                .unwrap_or(s(a(1)?)?))),
            "trimPrefix" => str_result(Ok(s(a(1)?)?
                .strip_prefix(&s(a(0)?)?)
                .map(str::to_string)
                .unwrap_or(s(a(1)?)?))),
            "trim" => str_result(Ok(s(a(0)?)?.trim().to_string())),
            "upper" => str_result(Ok(s(a(0)?)?.to_uppercase())),
            "lower" => str_result(Ok(s(a(0)?)?.to_lowercase())),
            "title" => str_result(Ok(title(&s(a(0)?)?))),
            "replace" => str_result(Ok(funcs::go_replace_all(
                &s(a(2)?)?,
                &s(a(0)?)?,
                &s(a(1)?)?,
            ))),
            "contains" => Ok(MjValue::from(s(a(1)?)?.contains(&s(a(0)?)?))),
            "hasPrefix" => Ok(MjValue::from(s(a(1)?)?.starts_with(&s(a(0)?)?))),
            "hasSuffix" => Ok(MjValue::from(s(a(1)?)?.ends_with(&s(a(0)?)?))),
            "indent" => funcs::indent(a(1)?.clone(), MjValue::from(to_i64(a(0)?))).map_err(e),
            "nindent" => funcs::nindent(a(1)?.clone(), MjValue::from(to_i64(a(0)?))).map_err(e),
            "toYaml" => funcs::to_yaml(a(0)?.clone()).map_err(e),
            "toJson" => Ok(MjValue::from(go_json(a(0)?))),
            "toString" => Ok(MjValue::from(go_sprint(a(0)?))),
            "printf" => Ok(MjValue::from(super::sprintf::sprintf(
                &s(a(0)?)?,
                &args[1..],
            ))),
            "print" => Ok(MjValue::from(sprint(args))),
            "println" => {
                let mut out = args.iter().map(go_sprint).collect::<Vec<_>>().join(" ");
                out.push('\n');
                Ok(MjValue::from(out))
            }
            "cat" => Ok(MjValue::from(
                args.iter()
                    .filter(|x| !x.is_none())
                    .map(go_sprint)
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            "join" => funcs::join(a(0)?.clone(), a(1)?.clone()).map_err(e),
            "omit" => funcs::omit(a(0)?.clone(), Rest(args[1..].to_vec())).map_err(e),
            "hasKey" => funcs::has_key(a(0)?.clone(), a(1)?.clone())
                .map(MjValue::from)
                .map_err(e),
            "get" => {
                let m = a(0)?;
                let k = s(a(1)?)?;
                Ok(map_entries(m)
                    .into_iter()
                    .find(|(key, _)| *key == k)
                    .map_or(MjValue::from(""), |(_, v)| v))
            }
            "semverCompare" => funcs::semver_compare(a(0)?.clone(), a(1)?.clone())
                .map(MjValue::from)
                .map_err(e),
            "b64enc" => str_result(Ok(b64(s(a(0)?)?.as_bytes()))),
            "b64dec" => {
                let d = b64_decode(&s(a(0)?)?).ok_or("illegal base64 data")?;
                Ok(MjValue::from(String::from_utf8_lossy(&d).to_string()))
            }
            "int" | "int64" => Ok(MjValue::from(to_i64(a(0)?))),
            "float64" => Ok(MjValue::from(to_f64(a(0)?))),
            "add" => Ok(MjValue::from(
                args.iter().fold(0i64, |acc, x| acc.wrapping_add(to_i64(x))),
            )),
            "mul" => Ok(MjValue::from(
                args.iter().fold(1i64, |acc, x| acc.wrapping_mul(to_i64(x))),
            )),
            "sub" => Ok(MjValue::from(to_i64(a(0)?).wrapping_sub(to_i64(a(1)?)))),
            "div" | "mod" => {
                let d = to_i64(a(1)?);
                if d == 0 {
                    return Err("runtime error: integer divide by zero".into());
                }
                let n = to_i64(a(0)?);
                Ok(MjValue::from(if name == "div" {
                    n.wrapping_div(d)
                } else {
                    n.wrapping_rem(d)
                }))
            }
            "max" => Ok(MjValue::from(args.iter().map(to_i64).max().unwrap_or(0))),
            "min" => Ok(MjValue::from(args.iter().map(to_i64).min().unwrap_or(0))),
            "list" => Ok(MjValue::from(args.to_vec())),
            "dict" => {
                let mut m = BTreeMap::new();
                for pair in args.chunks(2) {
                    let key = go_sprint(&pair[0]);
                    m.insert(key, pair.get(1).cloned().unwrap_or(MjValue::from("")));
                }
                Ok(GoMap(m).into_value())
            }
            "typeOf" => Ok(MjValue::from(go_type_name(a(0)?))),
            "kindOf" => {
                let v = a(0)?;
                Ok(MjValue::from(match v.kind() {
                    ValueKind::None | ValueKind::Undefined => "invalid",
                    ValueKind::Bool => "bool",
                    ValueKind::Number if v.is_integer() => "int64",
                    ValueKind::Number => "float64",
                    ValueKind::String => "string",
                    _ if is_list(v) => "slice",
                    _ if is_map(v) => "map",
                    _ => "struct",
                }))
            }
            "include" => self.include(&s(a(0)?)?, a(1)?),
            "tpl" => run(self.state, &s(a(0)?)?, a(1)?, self.depth + 1)
                .map(MjValue::from)
                .map_err(e),
            other => Err(format!(
                "function {other:?} is not available in tpl strings rendered by permify-render"
            )),
        }
    }
}

impl ChartHost<'_, '_> {
    fn include(&self, name: &str, data: &MjValue) -> Result<MjValue, String> {
        let Some((_, macro_name)) = NAMED_TEMPLATES.iter().find(|(n, _)| *n == name) else {
            return Err(format!(
                "template: no template {name:?} associated with template \"gotpl\""
            ));
        };
        let helpers = self.state.env().get_template("_helpers.tpl").map_err(e)?;
        let mut captured = helpers.render_captured(minijinja::context! {}).map_err(e)?;
        let out = captured.with_state_mut(|module| {
            let m = module
                .lookup(macro_name)
                .ok_or_else(|| format!("template {name:?} not found"))?;
            m.call(module, std::slice::from_ref(data)).map_err(e)
        })?;
        Ok(MjValue::from(
            out.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| go_sprint(&out)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for t in ["", "a", "ab", "abc", "hello world", "√"] {
            assert_eq!(b64_decode(&b64(t.as_bytes())).unwrap(), t.as_bytes());
        }
        assert_eq!(b64(b"permify"), "cGVybWlmeQ==");
    }

    #[test]
    fn json_like_go() {
        let v = MjValue::from(vec![
            MjValue::from("<a&b>"),
            MjValue::from(1e21),
            MjValue::from(()),
        ]);
        assert_eq!(go_json(&v), r#"["\u003ca\u0026b\u003e",1e+21,null]"#);
    }

    #[test]
    fn sprint_spaces_between_non_strings() {
        assert_eq!(sprint(&[MjValue::from(1), MjValue::from(2)]), "1 2");
        assert_eq!(sprint(&[MjValue::from("a"), MjValue::from(2)]), "a2");
        assert_eq!(title("hello wide-world"), "Hello Wide-World");
    }
}
