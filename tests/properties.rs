//! Round-trip properties (proptest, 256 cases each):
//!
//! - the YAML emitter: any values tree of strings, integers, booleans, nulls, lists
//!   and maps, printed by `toYaml` and read back as a values file, is the same tree
//!   with every integer a float64 (Helm reads values through JSON);
//! - the `--set` parsers: any key path (names with any characters, list indexes) and
//!   any value, escaped as Helm's syntax requires, parse back into the tree they
//!   describe (`--set-string` keeps every value a string; `--set` types `true`,
//!   `null`, base-10 integers).
//!
//! The differences the emitter documents (NEL, DEL, C1 controls, U+FFFE/U+FFFF, the
//! `<<` key, a last line break that is a LS or PS, keys past the simple-key limit,
//! `toYaml` trimming the final newline) are kept out of the generated values; the
//! fuzz targets cover them.

use permify_render::values::load::load_values;
use permify_render::values::set::{parse_set, parse_set_string};
use permify_render::values::{Map, Value};
use permify_render::yaml::emit::to_yaml;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use proptest::sample::select;

/// Strings YAML 1.1 resolves, quotes or escapes specially.
const TRICKY: &[&str] = &[
    "",
    " ",
    "true",
    "True",
    "yes",
    "NO",
    "on",
    "Off",
    "y",
    "n",
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
    "1_000",
    "1e3",
    "1e400",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".NaN",
    "1:20",
    "2001-12-14",
    "=",
    "- a",
    "-",
    "a: b",
    ": ",
    "a #b",
    "#",
    "'",
    "\"",
    "|",
    ">",
    " lead",
    "trail ",
    "a\nb",
    "a\n",
    "\n\n",
    "\t",
    "!tag",
    "&a",
    "*a",
    "---",
    "...",
    "%YAML",
    "@",
    "`",
    "{",
    "}",
    "[",
    "]",
    ",",
    "?",
    "{{ .x }}",
    "\u{feff}x",
    "\u{2028}",
    "é",
    "\u{1F600}",
    "\\",
    "\r",
    "a\r\nb",
    "\0",
    "9223372036854775808",
    "1e21",
];

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,12}",
        2 => select(TRICKY).prop_map(str::to_string),
        1 => "[ \\t\\n\\r:#'\"{}\\[\\],&*!|>%@`-]{0,6}",
        1 => (select(TRICKY), "\\PC{0,4}", select(TRICKY)).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
    ]
}

/// Whether Helm's own `toYaml` and read-back change `s`: a literal block (the text
/// has a `\n`) whose last line break is a LS or PS reads back with one more `\n`
/// (go-yaml writes `|+`; `"a\n\u{2028}"` becomes `"a\n\u{2028}\n"`, in Helm too).
fn changed_by_helm(s: &str) -> bool {
    s.contains('\n') && s.ends_with(['\u{2028}', '\u{2029}'])
}

fn key() -> impl Strategy<Value = String> {
    // `<<` is printed plain by go-yaml (in Helm too) and then read as a merge key.
    string().prop_filter("the merge key", |k| k != "<<" && !changed_by_helm(k))
}

fn tree() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-1000i64..1000).prop_map(Value::Int),
        string()
            .prop_filter("Helm changes it", |s| !changed_by_helm(s))
            .prop_map(Value::Str),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::List),
            btree_map(key(), inner, 0..6).prop_map(Value::Map),
        ]
    })
}

/// What Helm reads back: integers become float64.
fn as_read_back(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Float(*i as f64),
        Value::List(items) => Value::List(items.iter().map(as_read_back).collect()),
        Value::Map(m) => Value::Map(
            m.iter()
                .map(|(k, x)| (k.clone(), as_read_back(x)))
                .collect(),
        ),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn emitted_yaml_reads_back_the_same(values in btree_map(key(), tree(), 0..8)) {
        let v = Value::Map(values);
        let text = to_yaml(&v);
        // toYaml trims the document's final newline; go-yaml wrote it.
        let loaded = load_values(format!("{text}\n").as_bytes(), "emitted")
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- text:\n{text}")))?;
        prop_assert_eq!(Value::Map(loaded.values), as_read_back(&v), "text:\n{}", text);
    }
}

/// One step of a `--set` key path.
#[derive(Clone, Debug)]
enum Step {
    Name(String),
    Index(usize),
}

/// A key path: a name, then names and indexes.
fn path() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        "[a-z]{1,6}".prop_map(Step::Name),
        "[ -~é😀]{1,8}".prop_map(Step::Name),
        (0usize..5).prop_map(Step::Index),
    ];
    ("[ -~é😀]{1,8}", vec(step, 0..5)).prop_map(|(first, rest)| {
        let mut p = vec![Step::Name(first)];
        p.extend(rest);
        p
    })
}

/// A name with Helm's key escapes: `\` before `\`, `=`, `[`, `,` and `.`.
fn escape_name(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '\\' | '=' | '[' | ',' | '.') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A value with Helm's value escapes: `\` before `\` and `,`, and before a leading `{`
/// (which would start a list).
fn escape_value(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if matches!(c, '\\' | ',') || (i == 0 && c == '{') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn render_key(path: &[Step]) -> String {
    let mut out = String::new();
    for (i, step) in path.iter().enumerate() {
        match step {
            Step::Name(n) => {
                if i > 0 {
                    out.push('.');
                }
                out.push_str(&escape_name(n));
            }
            Step::Index(k) => out.push_str(&format!("[{k}]")),
        }
    }
    out
}

/// The tree `path=value` describes: maps for names, lists padded with nulls for
/// indexes.
fn build(path: &[Step], leaf: Value) -> Value {
    match path.split_first() {
        None => leaf,
        Some((Step::Name(n), rest)) => Value::Map(Map::from([(n.clone(), build(rest, leaf))])),
        Some((Step::Index(k), rest)) => {
            let mut items = vec![Value::Null; *k];
            items.push(build(rest, leaf));
            Value::List(items)
        }
    }
}

/// What one `path=value` entry sets, Helm's quirk included: when the argument ends
/// with an empty value (`a[0].b=`), Go's parser meets the end of input inside the key
/// and returns `io.EOF`, and every list index on the way up discards its update, so
/// the outermost list is set as it was (new: `[]`) and nothing below it
/// (`tolerations[0].key=` sets `tolerations: []`, in Helm too).
fn expected(path: &[Step], leaf: Value, empty_at_end: bool) -> Value {
    let ends_in_name = matches!(path.last(), Some(Step::Name(_)));
    let first_index = path.iter().position(|s| matches!(s, Step::Index(_)));
    match first_index {
        Some(k) if empty_at_end && ends_in_name => build(&path[..k], Value::List(Vec::new())),
        _ => build(path, leaf),
    }
}

/// `--set` values with how Helm types them.
fn typed_value() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        Just(("true".to_string(), Value::Bool(true))),
        Just(("FALSE".to_string(), Value::Bool(false))),
        Just(("null".to_string(), Value::Null)),
        Just(("0".to_string(), Value::Int(0))),
        Just(("-01".to_string(), Value::Int(-1))),
        Just(("01".to_string(), Value::Str("01".into()))),
        Just(("1.5".to_string(), Value::Str("1.5".into()))),
        Just(("1e3".to_string(), Value::Str("1e3".into()))),
        Just(("".to_string(), Value::Str(String::new()))),
        Just((
            "9223372036854775808".to_string(),
            Value::Str("9223372036854775808".into())
        )),
        any::<i64>().prop_map(|i| (i.to_string(), Value::Int(i))),
        // Text starting with a letter other than t/f/n is never typed.
        "x[ -~é]{0,10}".prop_map(|s| (s.clone(), Value::Str(s))),
    ]
}

/// Entries with distinct first names, so that they never collide.
fn entries<V: Strategy>(value: V) -> impl Strategy<Value = Vec<(Vec<Step>, V::Value)>>
where
    V::Value: Clone,
{
    vec((path(), value), 1..4).prop_map(|list| {
        let mut seen = std::collections::BTreeSet::new();
        list.into_iter()
            .filter(|(p, _)| match &p[0] {
                Step::Name(n) => seen.insert(n.clone()),
                Step::Index(_) => false,
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn set_string_parses_escaped_paths_and_values(list in entries("[ -~é😀{}]{0,12}")) {
        let arg = list
            .iter()
            .map(|(p, v)| format!("{}={}", render_key(p), escape_value(v)))
            .collect::<Vec<_>>()
            .join(",");
        let mut got = Map::new();
        parse_set_string(&arg, &mut got).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut want = Map::new();
        for (i, (p, v)) in list.iter().enumerate() {
            let empty_at_end = v.is_empty() && i + 1 == list.len();
            if let Value::Map(m) = expected(p, Value::Str(v.clone()), empty_at_end) {
                want.extend(m);
            }
        }
        prop_assert_eq!(got, want, "argument: {}", arg);
    }

    #[test]
    fn set_types_values_like_helm(list in entries(typed_value())) {
        let arg = list
            .iter()
            .map(|(p, (text, _))| format!("{}={}", render_key(p), escape_value(text)))
            .collect::<Vec<_>>()
            .join(",");
        let mut got = Map::new();
        parse_set(&arg, &mut got).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut want = Map::new();
        for (i, (p, (text, v))) in list.iter().enumerate() {
            let empty_at_end = text.is_empty() && i + 1 == list.len();
            if let Value::Map(m) = expected(p, v.clone(), empty_at_end) {
                want.extend(m);
            }
        }
        prop_assert_eq!(got, want, "argument: {}", arg);
    }
}

#[test]
fn the_merge_key_is_printed_plain_like_helm() {
    // Found by the yaml_roundtrip fuzz target: go-yaml writes a `<<` key unquoted, so
    // reading the text back treats it as a merge key. Helm does the same
    // (`--set-json 'podAnnotations={"<<":"x"}'` fails: "map merge requires map or
    // sequence of maps as the value").
    let v = Value::Map(Map::from([("<<".to_string(), Value::Str("x".into()))]));
    assert_eq!(to_yaml(&v), "<<: x");
    let e = load_values(b"<<: x\n", "emitted").unwrap_err();
    assert!(
        e.message
            .contains("map merge requires map or sequence of maps")
    );
}

#[test]
fn a_last_line_break_that_is_a_line_separator_gains_a_newline_like_helm() {
    // Found by this property test: go-yaml writes `|+` (the text ends with a line
    // break, U+2028), so reading it back adds a `\n`. Helm prints the same text for
    // `--set-json 'podAnnotations={"x":"a\n\u2028"}'` and reads it back the same.
    let v = Value::Map(Map::from([(
        "x".to_string(),
        Value::Str("a\n\u{2028}".into()),
    )]));
    let text = to_yaml(&v);
    assert_eq!(text, "x: |+\n  a\n\u{2028}");
    let back = load_values(format!("{text}\n").as_bytes(), "emitted").expect("reads");
    assert_eq!(
        back.values.get("x"),
        Some(&Value::Str("a\n\u{2028}\n".into()))
    );
}

#[test]
fn keep_chomped_block_scalars_lose_one_newline_to_to_yaml_like_helm() {
    // Found by the yaml_roundtrip fuzz target: toYaml trims the final newline of the
    // document, which belongs to a trailing `|+` block scalar.
    let v = Value::Map(Map::from([("a".to_string(), Value::Str("\n\n".into()))]));
    let text = to_yaml(&v);
    assert_eq!(text, "a: |2+\n\n");
    let back = load_values(format!("{text}\n").as_bytes(), "emitted").expect("reads");
    assert_eq!(back.values.get("a"), Some(&Value::Str("\n\n".into())));
}
