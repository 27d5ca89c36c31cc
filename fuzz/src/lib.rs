//! Shared pieces of the fuzz targets: an `Arbitrary` values tree biased towards the
//! strings YAML treats specially, and the emitter round-trip oracle.

use arbitrary::{Arbitrary, Unstructured};
use permify_render::values::{Map, Value};

/// Strings whose YAML 1.1 resolution, quoting or escaping is easy to get wrong.
pub const TRICKY: &[&str] = &[
    "",
    " ",
    "true",
    "True",
    "TRUE",
    "false",
    "yes",
    "Yes",
    "no",
    "NO",
    "on",
    "Off",
    "y",
    "n",
    "Y",
    "N",
    "null",
    "Null",
    "~",
    "0",
    "-0",
    "+1",
    "01",
    "08",
    "0755",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1e3",
    "1E+3",
    "1e400",
    "-1e400",
    ".5",
    "1.",
    "1.0",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:20",
    "190:20:30",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "<<",
    "=",
    "- a",
    "-",
    "a: b",
    ": ",
    "a #b",
    "#",
    "'",
    "\"",
    "''",
    "|",
    ">",
    "|-",
    " lead",
    "trail ",
    "a\nb",
    "a\n",
    "\n",
    "\n\n",
    "\t",
    "a\tb",
    "!tag",
    "!!str",
    "&a",
    "*a",
    "---",
    "...",
    "--- a",
    "%YAML",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "?",
    "? a",
    "{{ .x }}",
    "\u{feff}x",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "a\u{85}b",
    "\u{7f}",
    "\u{a0}",
    "é",
    "\u{1F600}",
    "\\",
    "\\n",
    "\r",
    "a\r\nb",
    "\0",
    "\u{1b}[0m",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551616",
    "1e21",
    "0.000001",
];

/// A values tree as `arbitrary` builds it.
#[derive(Debug, Clone, Arbitrary)]
pub enum AValue {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// An int64 (as `--set` makes them).
    Int(i64),
    /// A float64.
    Float(f64),
    /// A string, arbitrary or picked from [`TRICKY`].
    Str(AStr),
    /// A list.
    List(Vec<AValue>),
    /// A map (later duplicate keys win).
    Map(Vec<(AStr, AValue)>),
}

/// A string: arbitrary text, or one of [`TRICKY`], or two of them joined.
#[derive(Debug, Clone)]
pub struct AStr(pub String);

impl<'a> Arbitrary<'a> for AStr {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(AStr(match u.int_in_range(0..=3u8)? {
            0 => String::arbitrary(u)?,
            1 => (*u.choose(TRICKY)?).to_string(),
            2 => format!("{}{}", u.choose(TRICKY)?, u.choose(TRICKY)?),
            _ => format!("{}{}", u.choose(TRICKY)?, String::arbitrary(u)?),
        }))
    }
}

impl AValue {
    /// The [`Value`] this stands for.
    pub fn to_value(&self) -> Value {
        match self {
            AValue::Null => Value::Null,
            AValue::Bool(b) => Value::Bool(*b),
            AValue::Int(i) => Value::Int(*i),
            AValue::Float(f) => Value::Float(*f),
            AValue::Str(s) => Value::Str(s.0.clone()),
            AValue::List(items) => Value::List(items.iter().map(AValue::to_value).collect()),
            AValue::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.0.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

/// What reading `v` back from Helm's `toYaml` output gives, when that is exactly
/// predictable: every number a float64 (Helm reads values through JSON), everything
/// else unchanged. `None` when the emitter documents a change or a refusal for
/// something in `v` (see `permify_render::yaml::emit`): non-finite floats, strings
/// or keys with a NEL, DEL, a C1 control, U+FFFE or U+FFFF, text with a `\n` whose
/// last line break is a LS or PS (go-yaml writes `|+`), keys near or over the
/// simple-key limit (1024 characters of their JSON text, escapes included), the key `<<` (go-yaml
/// prints it plain, so reading the text back takes it for a merge key, in Helm too),
/// and nesting deeper than the values reader accepts.
pub fn expected_after_roundtrip(v: &Value) -> Option<Value> {
    expect(v, 0)
}

/// At least the length in characters of `s` as Go's JSON encoder writes it (escapes
/// are at most 6 characters: `\u00XX`).
fn json_len_bound(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '\u{0}'..='\u{1f}' | '"' | '\\' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
            _ => 1,
        })
        .sum()
}

fn changed_by_helm(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'))
        // A literal block whose last line break is a LS or PS gains a `\n` (`|+`).
        || (s.contains('\n') && s.ends_with(['\u{2028}', '\u{2029}']))
}

fn expect(v: &Value, depth: usize) -> Option<Value> {
    if depth >= permify_render::values::load::MAX_DEPTH - 1 {
        return None;
    }
    Some(match v {
        Value::Int(i) => Value::Float(*i as f64),
        Value::Float(f) if !f.is_finite() => return None,
        Value::Str(s) if changed_by_helm(s) => return None,
        Value::List(items) => Value::List(
            items
                .iter()
                .map(|x| expect(x, depth + 1))
                .collect::<Option<_>>()?,
        ),
        Value::Map(m) => {
            let mut out = Map::new();
            for (k, x) in m {
                if changed_by_helm(k) || json_len_bound(k) > 1000 || k == "<<" {
                    return None;
                }
                out.insert(k.clone(), expect(x, depth + 1)?);
            }
            Value::Map(out)
        }
        other => other.clone(),
    })
}

/// Emits `m` with Helm's `toYaml` (plus the final newline `toYaml` trims), reads it
/// back as a values file, and checks the result is `m` up to the documented
/// differences. Panics (a fuzz finding) otherwise.
pub fn check_emit_roundtrip(m: &Map) {
    let v = Value::Map(m.clone());
    let text = permify_render::yaml::emit::to_yaml(&v);
    let expected = expected_after_roundtrip(&v);
    let Some(expected) = expected else {
        // The emitter may change or refuse this value; it must still not panic, and
        // whatever it printed must read back.
        if !text.is_empty() {
            let _ = permify_render::values::load::load_values(text.as_bytes(), "emitted");
        }
        return;
    };
    assert!(
        !text.is_empty(),
        "toYaml refused a value it should print: {v:?}"
    );
    // `toYaml` trims the document's final newline (Helm's `strings.TrimSuffix`), which
    // shortens a keep-chomped (`|+`) block scalar at the very end; go-yaml's own output
    // has it, and that is what must read back unchanged.
    let document = format!("{text}\n");
    let loaded = match permify_render::values::load::load_values(document.as_bytes(), "emitted") {
        Ok(l) => l,
        Err(e) => {
            panic!("toYaml output does not read back: {e}\n--- value: {v:?}\n--- text:\n{text}")
        }
    };
    assert_eq!(
        Value::Map(loaded.values),
        expected,
        "toYaml round trip changed the value\n--- text:\n{text}"
    );
}
