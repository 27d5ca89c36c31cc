//! Helm's `tpl`: executing a values string as a Go template against the chart context.
//!
//! Limits Helm does not have (a `tpl` value is user input, and Go happily loops a
//! billion times or builds a gigabyte string): one top-level call, with the calls it
//! makes, may execute [`MAX_TPL_STEPS`] steps, nest `tpl` 20 deep, and build or print
//! strings of at most [`MAX_TPL_STRING_BYTES`].
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

/// The most work one `tpl` call may do, nested `tpl` calls included: template nodes
/// executed, loop iterations, bytes of tpl text parsed, and 200 per `include` of a
/// chart template. Helm has no bound (`{{range 1000000000}}` runs a
/// billion times, and a value that calls `tpl` on itself twice per level doubles
/// its work at each of the 20 allowed levels); real tpl strings (probes, annotations)
/// take a few dozen steps. At this bound a runaway template fails within a second.
pub const MAX_TPL_STEPS: u64 = 1_000_000;

/// The longest string a `tpl` call may build or print, in bytes (4 MiB): its output,
/// any function result (`indent 1000000000 "x"`, `printf "%1000000d"` over a list,
/// `replace` of every character), and the arguments of the functions that print
/// them whole (`toJson`, `cat`, ...; a list holding itself twice per level is small
/// until printed). No
/// Kubernetes object can hold that much: etcd stores at most 1.5 MiB per object.
pub const MAX_TPL_STRING_BYTES: usize = 4 << 20;

/// Steps charged for an `include` of one of the chart's named templates (it renders a
/// minijinja macro: about as much work as a couple of hundred template nodes).
const INCLUDE_STEPS: u64 = 200;

/// Work done so far by one top-level `tpl` call and everything it calls.
#[derive(Default)]
struct Budget {
    steps: std::cell::Cell<u64>,
}

impl Budget {
    /// Adds `n` steps; fails past [`MAX_TPL_STEPS`].
    fn charge(&self, n: u64) -> Result<(), String> {
        let total = self.steps.get().saturating_add(n);
        self.steps.set(total);
        if total > MAX_TPL_STEPS {
            return Err(format!(
                "tpl: more than {MAX_TPL_STEPS} steps (template nodes, loop iterations, \
                 bytes of tpl text parsed); permify-render stops runaway templates here"
            ));
        }
        Ok(())
    }
}

struct ChartHost<'a, 's> {
    state: &'a State<'a, 's>,
    depth: usize,
    budget: &'a Budget,
}

/// Executes `text` as a Go template with `top` as its dot (Helm's `tpl`), returning the
/// output with `<no value>` removed as Helm does.
///
/// Beyond Helm: the call fails when it (with the `tpl` calls inside it) executes
/// more than [`MAX_TPL_STEPS`] steps, nests `tpl` more than 20 deep, or builds a
/// string longer than [`MAX_TPL_STRING_BYTES`].
pub fn tpl(state: &State, text: &str, top: &MjValue) -> Result<String, minijinja::Error> {
    run(state, text, top, 0, &Budget::default())
}

fn run(
    state: &State,
    text: &str,
    top: &MjValue,
    depth: usize,
    budget: &Budget,
) -> Result<String, minijinja::Error> {
    if depth > 20 {
        return Err(funcs::err(
            "tpl: too deeply nested (a tpl string calls tpl more than 20 times)",
        ));
    }
    // Parsing costs about as much per byte as executing a node.
    budget.charge(text.len() as u64).map_err(funcs::err)?;
    let host = ChartHost {
        state,
        depth,
        budget,
    };
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
/// Sprig's `int`/`int64` and the integer arguments of its math functions: spf13/cast's
/// `ToInt64` with the error ignored (0).
fn to_i64(v: &MjValue) -> i64 {
    match v.kind() {
        ValueKind::Number => {
            if v.is_integer() {
                i64::try_from(v.clone()).unwrap_or(0)
            } else {
                f64::try_from(v.clone()).map(go_float_to_int).unwrap_or(0)
            }
        }
        ValueKind::Bool => i64::from(v.is_true()),
        ValueKind::String => {
            gotpl::strconv::parse_int(trim_zero_decimal(v.as_str().unwrap_or_default()))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// Go's `int64(f)` on amd64: truncation, and the "integer indefinite" value
/// (-9223372036854775808) for NaN and values out of range.
fn go_float_to_int(f: f64) -> i64 {
    if f.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// spf13/cast's `trimZeroDecimal`: `"3.00"` → `"3"`; other text unchanged.
fn trim_zero_decimal(s: &str) -> &str {
    let b = s.as_bytes();
    let mut found_zero = false;
    for i in (1..=b.len()).rev() {
        match b[i - 1] {
            b'.' if found_zero => return &s[..i - 1],
            b'.' => {}
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Go's `strconv.ParseFloat(s, 64)` as spf13/cast uses it: the template lexer's number
/// parser (decimal or `0x` hexadecimal with a `p` exponent, `_` between digits, `None`
/// out of float64's range), plus the `inf`/`infinity`/`nan` spellings ParseFloat reads.
fn parse_go_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Some(f64::NAN);
    }
    gotpl::strconv::parse_float(s)
}

fn to_f64(v: &MjValue) -> f64 {
    match v.kind() {
        ValueKind::Number => f64::try_from(v.clone()).unwrap_or(0.0),
        ValueKind::Bool => f64::from(u8::from(v.is_true())),
        ValueKind::String => parse_go_float(v.as_str().unwrap_or_default()).unwrap_or(0.0),
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

/// Go's `base64.StdEncoding.DecodeString` (padding required, `\r`/`\n` skipped): the
/// bytes, or the offset Go's `CorruptInputError` reports.
fn b64_decode(s: &str) -> Result<Vec<u8>, usize> {
    fn value(c: u8) -> Option<u8> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    }
    let src = s.as_bytes();
    let skip_newlines = |mut si: usize| {
        while si < src.len() && matches!(src[si], b'\n' | b'\r') {
            si += 1;
        }
        si
    };
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    loop {
        // One quantum: up to four characters (Go's decodeQuantum).
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut end = false;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    si = skip_newlines(si);
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            si = skip_newlines(si);
            if si < src.len() {
                return Err(si);
            }
            dlen = j;
            end = true;
            break;
        }
        let v = (u32::from(dbuf[0]) << 18)
            | (u32::from(dbuf[1]) << 12)
            | (u32::from(dbuf[2]) << 6)
            | u32::from(dbuf[3]);
        let bytes = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if end {
            return Ok(out);
        }
    }
}

/// The size of `v` as if printed: string bytes plus one per value, lists and maps
/// counted element by element (a list holding the same list twice counts it twice).
/// Stops counting past `limit`.
fn printed_size(v: &MjValue, limit: usize) -> usize {
    fn walk(v: &MjValue, total: &mut usize, limit: usize) {
        if *total > limit {
            return;
        }
        *total += 1;
        match v.kind() {
            ValueKind::String => *total += v.as_str().map_or(0, str::len),
            ValueKind::Seq | ValueKind::Iterable => {
                if let Ok(items) = v.try_iter() {
                    for x in items {
                        walk(&x, total, limit);
                        if *total > limit {
                            return;
                        }
                    }
                }
            }
            ValueKind::Map => {
                for (k, x) in map_entries(v) {
                    *total += k.len();
                    walk(&x, total, limit);
                    if *total > limit {
                        return;
                    }
                }
            }
            _ => {}
        }
    }
    let mut total = 0;
    walk(v, &mut total, limit);
    total
}

fn too_big(what: &str) -> String {
    format!(
        "{what} would be larger than {} MiB (permify-render's limit for tpl)",
        MAX_TPL_STRING_BYTES >> 20
    )
}

/// The functions whose result holds their arguments printed in full (a list that
/// holds itself twice per level is small until one of these prints it).
const PRINTING: &[&str] = &[
    "cat", "join", "print", "println", "quote", "squote", "toJson", "toString", "toYaml",
];

/// Fails when the arguments, printed, would exceed [`MAX_TPL_STRING_BYTES`].
fn check_args(args: &[MjValue]) -> Result<(), String> {
    let mut total = 0usize;
    for a in args {
        total += printed_size(a, MAX_TPL_STRING_BYTES);
        if total > MAX_TPL_STRING_BYTES {
            return Err(too_big("the arguments"));
        }
    }
    Ok(())
}

/// The length of `indent n s` (and of `nindent`, less its newline).
fn indented_len(s: &str, n: i64) -> usize {
    let lines = s.bytes().filter(|&b| b == b'\n').count() + 1;
    usize::try_from(n.max(0))
        .unwrap_or(usize::MAX)
        .saturating_mul(lines)
        .saturating_add(s.len())
}

/// The length of Go's `strings.ReplaceAll(s, old, new)`.
fn replaced_len(s: &str, old: &str, new: &str) -> usize {
    let count = if old.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(old).count()
    };
    (s.len() - count * old.len()).saturating_add(count.saturating_mul(new.len()))
}

impl Host for ChartHost<'_, '_> {
    fn has_function(&self, name: &str) -> bool {
        FUNCTIONS.contains(&name)
    }

    fn print(&self, v: &MjValue) -> Result<String, String> {
        if printed_size(v, MAX_TPL_STRING_BYTES) > MAX_TPL_STRING_BYTES {
            return Err(too_big("the printed value"));
        }
        Ok(go_print(v))
    }

    fn step(&self) -> Result<(), String> {
        self.budget.charge(1)
    }

    fn max_output(&self) -> usize {
        MAX_TPL_STRING_BYTES
    }

    fn call(&self, name: &str, args: &[MjValue]) -> Result<MjValue, String> {
        if PRINTING.contains(&name) {
            check_args(args)?;
        }
        let result = self.call_unchecked(name, args)?;
        if result
            .as_str()
            .is_some_and(|s| s.len() > MAX_TPL_STRING_BYTES)
        {
            return Err(too_big("the result"));
        }
        Ok(result)
    }
}

impl ChartHost<'_, '_> {
    fn call_unchecked(&self, name: &str, args: &[MjValue]) -> Result<MjValue, String> {
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
            // Sprig's `ternary(vt, vf interface{}, v bool)`: Go refuses a non-bool test.
            "ternary" => {
                let test = a(2)?;
                match test.kind() {
                    ValueKind::Bool => Ok(if test.is_true() {
                        a(0)?.clone()
                    } else {
                        a(1)?.clone()
                    }),
                    ValueKind::None | ValueKind::Undefined => {
                        Err("cannot assign nil to bool".into())
                    }
                    _ => Err(format!("expected bool; found {}", go_sprint(test))),
                }
            }
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
            "replace" => {
                let (text, old, new) = (s(a(2)?)?, s(a(0)?)?, s(a(1)?)?);
                if replaced_len(&text, &old, &new) > MAX_TPL_STRING_BYTES {
                    return Err(too_big("the result"));
                }
                str_result(Ok(funcs::go_replace_all(&text, &old, &new)))
            }
            "contains" => Ok(MjValue::from(s(a(1)?)?.contains(&s(a(0)?)?))),
            "hasPrefix" => Ok(MjValue::from(s(a(1)?)?.starts_with(&s(a(0)?)?))),
            "hasSuffix" => Ok(MjValue::from(s(a(1)?)?.ends_with(&s(a(0)?)?))),
            "indent" | "nindent" => {
                let n = to_i64(a(0)?);
                if let Some(text) = a(1)?.as_str()
                    && indented_len(text, n) > MAX_TPL_STRING_BYTES
                {
                    return Err(too_big("the result"));
                }
                let f = if name == "indent" {
                    funcs::indent
                } else {
                    funcs::nindent
                };
                f(a(1)?.clone(), MjValue::from(n)).map_err(e)
            }
            "toYaml" => funcs::to_yaml(a(0)?.clone()).map_err(e),
            "toJson" => Ok(MjValue::from(go_json(a(0)?))),
            "toString" => Ok(MjValue::from(go_sprint(a(0)?))),
            "printf" => {
                super::sprintf::sprintf_limited(&s(a(0)?)?, &args[1..], MAX_TPL_STRING_BYTES)
                    .map(MjValue::from)
            }
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
                // Sprig returns the decoding error's text as the result.
                Ok(MjValue::from(match b64_decode(&s(a(0)?)?) {
                    Ok(d) => String::from_utf8_lossy(&d).to_string(),
                    Err(at) => format!("illegal base64 data at input byte {at}"),
                }))
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
            "tpl" => run(self.state, &s(a(0)?)?, a(1)?, self.depth + 1, self.budget)
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
        self.budget.charge(INCLUDE_STEPS)?;
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
    use crate::render::{Capabilities, Release, Renderer};

    /// Renders the chart with `customReadinessProbe.x` set to `text` (so the probe goes
    /// through `tpl`): the deployment, or the error.
    fn probe(text: &str) -> Result<String, String> {
        deployment(format!(
            "customReadinessProbe:\n  x: {}\n",
            serde_json::to_string(text).expect("JSON string")
        ))
    }

    /// Renders the chart with the values file `yaml`: the deployment, or the error.
    fn deployment(yaml: String) -> Result<String, String> {
        let sources = crate::values::ValueSources {
            files: vec!["v.yaml".into()],
            ..Default::default()
        };
        let read = |_: &str| Ok(yaml.clone().into_bytes());
        let computed =
            crate::values::gather(&sources, &mut std::io::empty(), &read).expect("values");
        let release = Release {
            name: "rel".into(),
            namespace: "default".into(),
            is_upgrade: false,
        };
        Renderer::new()
            .render(&computed.values, &release, &Capabilities::default())
            .map(|files| {
                files
                    .into_iter()
                    .find(|f| f.path.ends_with("deployment.yaml"))
                    .map(|f| f.content)
                    .unwrap_or_default()
            })
            .map_err(|e| e.to_string())
    }

    fn probe_fails(text: &str, expected: &str) {
        match probe(text) {
            Ok(_) => panic!("{text:?} rendered"),
            Err(e) => assert!(e.contains(expected), "{text:?}: {e}"),
        }
    }

    #[test]
    fn tpl_still_renders_ordinary_strings() {
        let out = probe("{{ .Release.Name }}-{{ printf \"%05d\" 42 }}").expect("renders");
        assert!(out.contains("x: 'rel-00042'"), "{out}");
    }

    #[test]
    fn int_conversions_follow_cast_and_go() {
        for (text, want) in [
            ("0x1F", 31),
            ("0o17", 15),
            ("017", 15),
            ("0b101", 5),
            ("1_000", 1000),
            ("0x_1F", 31),
            ("-42", -42),
            ("+7", 7),
            ("3.00", 3),
            ("3.9", 0),
            ("3.", 0),
            (" 3", 0),
            ("_1", 0),
            ("1__0", 0),
            ("9223372036854775807", i64::MAX),
            ("9223372036854775808", 0),
            ("-9223372036854775808", i64::MIN),
            ("abc", 0),
            ("", 0),
        ] {
            assert_eq!(
                gotpl::strconv::parse_int(trim_zero_decimal(text)).unwrap_or(0),
                want,
                "{text:?}"
            );
        }
        assert_eq!(go_float_to_int(1e21), i64::MIN);
        assert_eq!(go_float_to_int(-3.9), -3);
        assert_eq!(go_float_to_int(f64::NAN), i64::MIN);
    }

    #[test]
    fn float_conversions_follow_go() {
        for (text, want) in [
            ("1_0", Some(10.0)),
            ("1_0.5", Some(10.5)),
            ("0x1p4", Some(16.0)),
            ("0x1.8p1", Some(3.0)),
            ("-2.5e3", Some(-2500.0)),
            (".5", Some(0.5)),
            ("1e400", None),
            ("0x1", None),
            (" 3", None),
            ("1__0", None),
            ("abc", None),
            ("-Inf", Some(f64::NEG_INFINITY)),
        ] {
            assert_eq!(parse_go_float(text), want, "{text:?}");
        }
    }

    #[test]
    fn ternary_wants_a_boolean_like_go() {
        assert!(
            probe("{{ ternary \"a\" \"b\" true }}")
                .expect("renders")
                .contains("x: 'a'")
        );
        probe_fails(
            "{{ ternary \"a\" \"b\" \"notabool\" }}",
            "expected bool; found notabool",
        );
        probe_fails("{{ ternary \"a\" \"b\" nil }}", "cannot assign nil to bool");
    }

    #[test]
    fn kube_version_prints_as_its_version_like_helm() {
        // Helm's KubeVersion has a String method; its fields still read.
        let out = probe("{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Minor }}")
            .expect("renders");
        assert!(out.contains("x: 'v1.35.0 35'"), "{out}");
    }

    #[test]
    fn runaway_loops_stop_at_the_step_limit() {
        // Go would loop 100 million times.
        probe_fails(
            "{{ range 100000000 }}{{ end }}",
            "tpl: more than 1000000 steps",
        );
    }

    #[test]
    fn self_amplifying_tpl_stops_at_the_step_limit() {
        // Each level calls the one below ten times: 10^8 executions at the top, all
        // within the 20-level tpl nesting Helm allows.
        let mut yaml = String::from("customReadinessProbe:\n  x0: a\n");
        for i in 1..=8 {
            let call = format!("{{{{ tpl .Values.customReadinessProbe.x{} . }}}}", i - 1);
            yaml.push_str(&format!("  x{i}: {:?}\n", call.repeat(10)));
        }
        let e = deployment(yaml).expect_err("too much work");
        assert!(e.contains("more than 1000000 steps"), "{e}");
    }

    #[test]
    fn functions_cannot_build_huge_strings() {
        // Each of these asked for a gigabyte or more.
        probe_fails(
            "{{ indent 1000000000 \"x\" }}",
            "error calling indent: the result would be larger than 4 MiB",
        );
        probe_fails(
            "{{ nindent 1000000000 \"x\" }}",
            "error calling nindent: the result would be larger than 4 MiB",
        );
        probe_fails(
            "{{ $s := printf \"%1000000s\" \"\" }}{{ replace \"\" \"xxxxxx\" $s }}",
            "error calling replace: the result would be larger than 4 MiB",
        );
        probe_fails(
            "{{ printf \"%1000000d%1000000d%1000000d%1000000d%1000000d\" 1 2 3 4 5 }}",
            "error calling printf: the result is longer than 4194304 bytes",
        );
        probe_fails(
            "{{ $s := \"ab\" }}{{ range 40 }}{{ $s = printf \"%s%s\" $s $s }}{{ end }}",
            "error calling printf: the result is longer than 4194304 bytes",
        );
    }

    #[test]
    fn self_doubling_lists_cannot_be_printed() {
        let doubling = "{{ $l := list \"abcdefgh\" }}{{ range 60 }}{{ $l = list $l $l }}{{ end }}";
        probe_fails(
            &format!("{doubling}{{{{ toJson $l }}}}"),
            "error calling toJson: the arguments would be larger than 4 MiB",
        );
        probe_fails(
            &format!("{doubling}{{{{ $l }}}}"),
            "the printed value would be larger than 4 MiB",
        );
    }

    #[test]
    fn includes_are_charged() {
        // 500000 includes of a chart template would take seconds.
        probe_fails(
            "{{ range 1000000 }}{{ $x := include \"permify.labels\" $ }}{{ end }}",
            "more than 1000000 steps",
        );
        let out = probe("{{ include \"permify.fullname\" . }}").expect("renders");
        assert!(out.contains("x: 'rel-permify'"), "{out}");
    }

    #[test]
    fn output_is_bounded() {
        probe_fails(
            &format!("{{{{ range 1000000 }}}}{}{{{{ end }}}}", "a".repeat(100)),
            "template output is larger than 4194304 bytes",
        );
    }

    #[test]
    fn base64_round_trips() {
        for t in ["", "a", "ab", "abc", "hello world", "√"] {
            assert_eq!(b64_decode(&b64(t.as_bytes())).unwrap(), t.as_bytes());
            assert_eq!(
                b64_decode(&format!("{}\n", b64(t.as_bytes()))).unwrap(),
                t.as_bytes()
            );
        }
        // Go's CorruptInputError offsets (checked against Helm 4.1.4).
        for (text, at) in [
            ("abc", 0),
            ("a!cd", 1),
            ("ab=", 3),
            ("ab==x", 4),
            ("a===", 1),
        ] {
            assert_eq!(b64_decode(text), Err(at), "{text}");
        }
        assert_eq!(b64_decode("aGVs\nbG8="), Ok(b"hello".to_vec()));
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
