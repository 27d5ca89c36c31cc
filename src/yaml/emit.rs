//! Helm's `toYaml`: a JSON round trip, then go-yaml v2's emitter.
//!
//! Helm's `toYaml` (pkg/engine/funcs.go) calls sigs.k8s.io/yaml `Marshal`, which is
//! `json.Marshal`, then go-yaml v2 `Unmarshal` of that JSON text into `interface{}`, then
//! go-yaml v2 `Marshal`; Helm trims one trailing newline and turns any error into `""`.
//! Every step leaves a trace in the output, and this module reproduces all of them:
//!
//! - **Numbers** are re-read from their JSON text: integral floats up to `u64::MAX` print
//!   as integers (`1e6` → `1000000`), other floats in Go's `%v` form (`1e+21`, `1e-05`).
//! - **Strings** are re-read by the YAML scanner as double-quoted scalars: a raw NEL
//!   (U+0085, which JSON leaves unescaped) is a line break there and gets folded, and a few
//!   characters the YAML reader refuses (DEL, C1 controls, U+FFFE, U+FFFF) make the whole
//!   call fail. Map keys must also fit YAML's simple-key limits (one line, at most 1024
//!   characters from the opening quote of their JSON text to the `:`).
//! - **Nesting** deeper than 10000 collections exceeds go-yaml's maximum depth.
//! - **Reading the output back** (as Helm reads a rendered manifest or a values file)
//!   does not always give the value again, in Helm too: a map key `<<` is printed
//!   plain and then read as a merge key; text with a `\n` whose last line break is a
//!   LS or PS (U+2028, U+2029) is printed as a `|+` block and gains a `\n`; and the
//!   final newline `toYaml` trims can belong to a trailing `|+` block.
//! - **Emission** follows libyaml's emitter as ported to Go (`emitterc.go`): key order
//!   from go-yaml's `keyList` ([`keys`]), style choice and scalar writers ([`scalar`]).

mod keys;
mod roundtrip;
mod scalar;

use crate::gofmt::{format_float_json, format_float_v};
use crate::values::Value;
use crate::yaml::resolve::{go_parse_int, go_parse_uint};

use scalar::{Emitter, Style, analyze, string_style};

/// go-yaml's scanner refuses flow nesting deeper than this (`max_flow_level`).
const MAX_DEPTH: usize = 10_000;

/// A key longer than this (in JSON-escaped characters) cannot be a simple key when the
/// JSON text is read back, so go-yaml fails to parse it.
const MAX_JSON_KEY_CHARS: usize = 1022;

/// Simple keys in the output are limited to this many bytes (`yaml_emitter_check_simple_key`);
/// longer ones use the `? key` / `: value` form.
const MAX_SIMPLE_KEY_BYTES: usize = 128;

/// One of the steps of `toYaml` failed; Helm then returns `""`.
#[derive(Debug)]
struct Refused;

/// Renders `v` as Helm's `toYaml` does, without the final newline (Helm trims one).
///
/// Shapes: scalars print on their own (`abc`, `"true"`, `1000000`, `null`, `|-` blocks);
/// maps print in block style with go-yaml's natural key order (`a2` before `a10`,
/// non-letters before letters), lists as `- item` lines (not indented under a map key),
/// empty collections as `{}` / `[]`.
///
/// Errors: none are returned. Where Helm's marshalling fails (NaN or infinite floats,
/// strings with DEL/C1 controls/U+FFFE/U+FFFF, map keys with a NEL or longer than the
/// YAML simple-key limit, a NEL followed by `--- `/`... `, nesting deeper than 10000),
/// Helm swallows the error and prints nothing, so this returns `""`.
pub fn to_yaml(v: &Value) -> String {
    match emit_document(v) {
        Ok(mut out) => {
            if out.ends_with('\n') {
                out.pop();
            }
            out
        }
        Err(Refused) => String::new(),
    }
}

/// An open block collection whose items are still being written.
enum Frame<'a> {
    Seq {
        items: std::slice::Iter<'a, Value>,
        saved_indent: i32,
    },
    Map {
        entries: Vec<(&'a str, &'a Value)>,
        next: usize,
        saved_indent: i32,
    },
}

/// What the innermost open collection needs next.
enum Step<'a> {
    Item(&'a Value),
    Entry(&'a str, &'a Value),
    End(i32),
}

/// One YAML document holding `v`, as go-yaml v2 `Marshal` writes it (with the final
/// newline). Iterative, so deep values cannot overflow the stack.
fn emit_document(v: &Value) -> Result<String, Refused> {
    let mut e = Emitter::new();
    let mut stack: Vec<Frame<'_>> = Vec::new();
    if let Some(f) = node(&mut e, v, false, 0)? {
        stack.push(f);
    }
    while let Some(top) = stack.last_mut() {
        let step = match top {
            Frame::Seq {
                items,
                saved_indent,
            } => match items.next() {
                Some(item) => Step::Item(item),
                None => Step::End(*saved_indent),
            },
            Frame::Map {
                entries,
                next,
                saved_indent,
            } => match entries.get(*next) {
                Some(&(k, v)) => {
                    *next += 1;
                    Step::Entry(k, v)
                }
                None => Step::End(*saved_indent),
            },
        };
        let depth = stack.len();
        let child = match step {
            Step::Item(item) => {
                e.write_indent();
                e.write_indicator("-", true, false, true);
                node(&mut e, item, false, depth)?
            }
            Step::Entry(k, v) => {
                key(&mut e, k);
                node(&mut e, v, true, depth)?
            }
            Step::End(saved) => {
                e.indent = saved;
                stack.pop();
                None
            }
        };
        if let Some(f) = child {
            stack.push(f);
        }
    }
    // DOCUMENT-END (implicit): just end the line.
    e.write_indent();
    Ok(e.out)
}

/// Starts emitting `v` (go-yaml `yaml_emitter_emit_node`): scalars and empty collections
/// are written whole; a non-empty collection is opened and returned as a frame.
/// `depth` is the number of collections enclosing `v`.
fn node<'a>(
    e: &mut Emitter,
    v: &'a Value,
    in_mapping: bool,
    depth: usize,
) -> Result<Option<Frame<'a>>, Refused> {
    e.mapping_context = in_mapping;
    e.simple_key_context = false;
    match v {
        Value::Null => e.scalar("null", Style::Plain, &analyze("null")),
        Value::Bool(b) => {
            let s = if *b { "true" } else { "false" };
            e.scalar(s, Style::Plain, &analyze(s));
        }
        Value::Int(i) => {
            let s = i.to_string();
            e.scalar(&s, Style::Plain, &analyze(&s));
        }
        Value::Float(f) => {
            let s = float_text(*f)?;
            e.scalar(&s, Style::Plain, &analyze(&s));
        }
        Value::Str(s) => {
            let s = roundtrip::value_string(s)?;
            let a = analyze(&s);
            e.scalar(&s, string_style(&s), &a);
        }
        Value::List(items) => {
            if depth >= MAX_DEPTH {
                return Err(Refused);
            }
            if items.is_empty() {
                e.write_indicator("[", true, true, false);
                e.write_indicator("]", false, false, false);
            } else {
                let saved_indent = e.indent;
                let indentless = e.mapping_context && !e.indention;
                e.increase_block_indent(indentless);
                return Ok(Some(Frame::Seq {
                    items: items.iter(),
                    saved_indent,
                }));
            }
        }
        Value::Map(m) => {
            if depth >= MAX_DEPTH {
                return Err(Refused);
            }
            if m.is_empty() {
                e.write_indicator("{", true, true, false);
                e.write_indicator("}", false, false, false);
            } else {
                let mut entries = Vec::with_capacity(m.len());
                for (k, v) in m {
                    roundtrip::check_key(k)?;
                    entries.push((k.as_str(), v));
                }
                keys::sort_entries(&mut entries);
                let saved_indent = e.indent;
                e.increase_block_indent(false);
                return Ok(Some(Frame::Map {
                    entries,
                    next: 0,
                    saved_indent,
                }));
            }
        }
    }
    Ok(None)
}

/// Writes a block mapping key and its `:` (go-yaml `yaml_emitter_emit_block_mapping_key`
/// and `..._value`): `key:` when it can be a simple key, else `? key` then `:` on the
/// next line.
fn key(e: &mut Emitter, k: &str) {
    e.write_indent();
    let a = analyze(k);
    e.mapping_context = true;
    if !a.multiline && k.len() <= MAX_SIMPLE_KEY_BYTES {
        e.simple_key_context = true;
        e.scalar(k, string_style(k), &a);
        e.write_indicator(":", false, false, false);
    } else {
        e.write_indicator("?", true, false, true);
        e.simple_key_context = false;
        e.scalar(k, string_style(k), &a);
        e.write_indent();
        e.write_indicator(":", true, false, true);
    }
}

/// A float as go-yaml prints it after reading back Go's JSON text for it: the text is
/// an integer when it parses as int64 or uint64 (`1e6` → `1000000`, `-0` → `0`),
/// otherwise a float printed with `strconv.FormatFloat(f, 'g', -1, 64)`.
/// NaN and infinities make `json.Marshal` fail.
fn float_text(f: f64) -> Result<String, Refused> {
    let json = format_float_json(f).ok_or(Refused)?;
    if let Some(i) = go_parse_int(&json) {
        return Ok(i.to_string());
    }
    if let Some(u) = go_parse_uint(&json) {
        return Ok(u.to_string());
    }
    Ok(format_float_v(f))
}

#[cfg(test)]
mod tests;
