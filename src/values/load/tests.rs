//! Expected results below were checked against real Helm 4.1.4 (`helm template` with a
//! probe chart printing `toJson .Values`), unless marked as our own limit.

use serde_json::json;

use super::*;

fn load(text: &str) -> Result<Loaded, LoadError> {
    load_values(text.as_bytes(), "values.yaml")
}

fn json_of(text: &str) -> serde_json::Value {
    match load(text) {
        Ok(l) => Value::Map(l.values).to_json(),
        Err(e) => panic!("{text:?} failed:\n{e}"),
    }
}

fn error(text: &str) -> LoadError {
    match load(text) {
        Ok(l) => panic!("{text:?} loaded as {:?}", l.values),
        Err(e) => e,
    }
}

/// `(line, column, message prefix)` of the error.
fn error_at(text: &str) -> (usize, usize, String) {
    let e = error(text);
    (e.line, e.column, e.message)
}

fn assert_error(text: &str, line: usize, column: usize, message: &str) {
    let (l, c, m) = error_at(text);
    assert!(
        (l, c) == (line, column) && m.starts_with(message),
        "{text:?}: got {l}:{c} {m:?}, want {line}:{column} {message:?}"
    );
}

/// Compares a value with JSON as Helm's `toJson` printed it (numbers by value).
fn same_as_json(v: &Value, j: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (v, j) {
        (Value::Null, J::Null) => true,
        (Value::Bool(a), J::Bool(b)) => a == b,
        (Value::Float(a), J::Number(n)) => n.as_f64() == Some(*a),
        (Value::Str(a), J::String(b)) => a == b,
        (Value::List(a), J::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_as_json(x, y))
        }
        (Value::Map(a), J::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| same_as_json(x, y)))
        }
        _ => false,
    }
}

#[test]
fn scalar_vectors_from_helm() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/vectors/scalars.json");
    let text = std::fs::read_to_string(path).expect("testdata/vectors/scalars.json");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(rows.len(), 155);
    let (mut ok, mut failing) = (0, 0);
    for row in &rows {
        let yaml = row["yaml"].as_str().expect("yaml column");
        let got = load(&format!("k: {yaml}\n"));
        if row.get("error").is_some() {
            assert!(got.is_err(), "{yaml:?} must fail, got {got:?}");
            failing += 1;
            continue;
        }
        let got = got.unwrap_or_else(|e| panic!("{yaml:?} failed: {e}"));
        let v = &got.values["k"];
        assert_eq!(
            v.go_type(),
            row["type"].as_str().expect("type"),
            "type of {yaml:?}"
        );
        let want: serde_json::Value =
            serde_json::from_str(row["toJson"].as_str().expect("toJson")).expect("JSON");
        assert!(
            same_as_json(v, &want),
            "{yaml:?}: got {v:?}, Helm printed {want}"
        );
        ok += 1;
    }
    assert_eq!((ok, failing), (145, 10));
}

#[test]
fn numbers_are_float64() {
    let l = load("a: 1\nb: 0x1F\nc: 9223372036854775808\nd: 1.5\n").unwrap();
    assert_eq!(l.values["a"], Value::Float(1.0));
    assert_eq!(l.values["b"], Value::Float(31.0));
    assert_eq!(l.values["c"], Value::Float(9223372036854775808.0));
    assert_eq!(l.values["d"], Value::Float(1.5));
}

#[test]
fn tags() {
    let cases = [
        ("k: !!str 0x10", json!({"k": "0x10"})),
        ("k: !!int \"12\"", json!({"k": 12})),
        ("k: !!float 1", json!({"k": 1})),
        ("k: !!bool yes", json!({"k": true})),
        ("k: !!null", json!({"k": null})),
        ("k: !!str", json!({"k": ""})),
        ("k: !!timestamp 2024-01-01", json!({"k": "2024-01-01"})),
        ("k: !!binary aGk=", json!({"k": "hi"})),
        (
            "k: !!binary |\n  aGVsbG8g\n  d29ybGQ=",
            json!({"k": "hello world"}),
        ),
        ("k: !!binary /w==", json!({"k": "\u{FFFD}"})),
        ("k: !foo 12", json!({"k": "12"})),
        ("k: ! 12", json!({"k": "12"})),
        ("k: !<tag:yaml.org,2002:bool> yes", json!({"k": true})),
        ("k: !!map {a: 1}", json!({"k": {"a": 1}})),
        ("k: !!str [1]", json!({"k": [1]})),
    ];
    for (text, want) in cases {
        assert_eq!(json_of(text), want, "{text:?}");
    }
}

#[test]
fn tag_errors() {
    assert_error("k: !!int abc", 1, 4, "cannot decode !!str `abc` as a !!int");
    assert_error(
        "k: !!int 1.5",
        1,
        4,
        "cannot decode !!float `1.5` as a !!int",
    );
    assert_error("k: !!bool 1", 1, 4, "cannot decode !!int `1` as a !!bool");
    assert_error("k: !!int", 1, 4, "cannot decode !!null `` as a !!int");
    assert_error(
        "k: !!float 9223372036854775808",
        1,
        4,
        "cannot decode !!int `9223372036854775808` as a !!float",
    );
    assert_error(
        "k: !!timestamp abc",
        1,
        4,
        "cannot decode !!str `abc` as a !!timestamp",
    );
    assert_error(
        "k: !!binary not-base64",
        1,
        4,
        "!!binary value contains invalid base64 data",
    );
    assert_error("k: !e!int 12", 1, 4, "found undefined tag handle");
}

#[test]
fn documents_merge_in_order() {
    let text = "a: {x: 1, z: 2}\nl: [1, 2]\n---\na: {x: 3}\nl: [9]\n--- # comment\nb: 1\n";
    assert_eq!(
        json_of(text),
        json!({"a": {"x": 3, "z": 2}, "l": [9], "b": 1})
    );
    // Empty, comment-only, `~` and explicit empty documents are empty maps.
    assert_eq!(
        json_of("a: 1\n---\n---\n# c\n---\n~\n---\nnull\n"),
        json!({"a": 1})
    );
    assert_eq!(json_of(""), json!({}));
    assert_eq!(json_of("# only a comment\n"), json!({}));
    assert_eq!(json_of("---\n"), json!({}));
    // A first line `---` starts the first document.
    assert_eq!(json_of("---\na: 1\n"), json!({"a": 1}));
    // A null deletes nothing here: it is a value like any other.
    assert_eq!(json_of("a: {x: 1}\n---\na: null\n"), json!({"a": null}));
    // `---` with trailing spaces or a tab is still a separator.
    assert_eq!(
        json_of("a: 1\n---  \nb: 2\n---\t\nc: 3"),
        json!({"a": 1, "b": 2, "c": 3})
    );
    assert_eq!(json_of("a: 1\n---#c\nb: 2\n"), json!({"a": 1, "b": 2}));
}

#[test]
fn only_the_first_document_of_a_chunk_is_read() {
    // go-yaml reads one document per `yaml.Unmarshal`; after `...` the rest is ignored.
    assert_eq!(json_of("a: 1\n...\nb: 2\n"), json!({"a": 1}));
    assert_eq!(json_of("a: 1\n...\n@bad\n"), json!({"a": 1}));
    // So is text after a root node that ends the document.
    assert_eq!(json_of("  a: 1\nb: 2\n"), json!({"a": 1}));
    assert_eq!(json_of("{a: 1} b\n"), json!({"a": 1}));
    // But the token right after the root is still scanned.
    assert_error(
        "{a: 1} @\n",
        1,
        8,
        "found character that cannot start any token",
    );
}

#[test]
fn document_errors() {
    assert_error("a: 1\n---foo\nb: 2\n", 2, 4, "invalid document separator");
    assert_error("a: 1\n--- x\n", 2, 5, "invalid document separator");
    assert_error("a: 1\n----\n", 2, 4, "invalid document separator");
    assert_error("a: 1\n--- |\n  x\n", 2, 5, "invalid document separator");
    assert_error(
        "[1, 2]\n",
        1,
        1,
        "a values document must be a map of keys, not a list",
    );
    assert_error(
        "a: 1\n---\n- x\n",
        3,
        1,
        "a values document must be a map of keys, not a list",
    );
    assert_error(
        "abc\n",
        1,
        1,
        "a values document must be a map of keys, not a string",
    );
    assert_error(
        "\"\"\n",
        1,
        1,
        "a values document must be a map of keys, not a string",
    );
    assert_error(
        "true\n",
        1,
        1,
        "a values document must be a map of keys, not a boolean",
    );
    assert_error(
        "12\n",
        1,
        1,
        "a values document must be a map of keys, not a number",
    );
    // Directives are cut off from their document by the `---` split, as in Helm.
    assert_error(
        "%YAML 1.1\n---\nk: 1\n",
        2,
        1,
        "did not find expected <document start>",
    );
    assert_error(
        "%YAML 1.2\nk: 1\n",
        1,
        1,
        "found incompatible YAML document",
    );
}

#[test]
fn merge_keys_follow_go_yaml_order() {
    let base = "b: &b {x: 1, z: 2}\n";
    let cases = [
        // A merge entry sets its keys where it stands: later explicit keys win...
        ("m:\n  <<: *b\n  x: 9\n", json!({"x": 9, "z": 2})),
        // ...and earlier explicit keys are overwritten.
        ("m:\n  x: 9\n  <<: *b\n", json!({"x": 1, "z": 2})),
        // In a list of maps, earlier maps win.
        (
            "o: &o {x: 5, w: 6}\nm:\n  <<: [*o, *b]\n",
            json!({"x": 5, "z": 2, "w": 6}),
        ),
        (
            "o: &o {x: 5, w: 6}\nm:\n  <<: [*b, *o]\n",
            json!({"x": 1, "z": 2, "w": 6}),
        ),
        ("m:\n  <<: {x: 1}\n  <<: {x: 2}\n", json!({"x": 2})),
        ("m:\n  !!merge <<: {x: 1}\n", json!({"x": 1})),
        // Merged maps may merge in turn.
        ("m:\n  <<: {<<: {q: 1}, r: 2}\n", json!({"q": 1, "r": 2})),
    ];
    for (text, want) in cases {
        let text = format!("{base}{text}");
        let got = json_of(&text);
        assert_eq!(got["m"], want, "{text:?}");
    }
    // A quoted or `!!str` key `<<` is an ordinary key; `<<` as a value is a string.
    assert_eq!(
        json_of("m:\n  \"<<\": {x: 1}\n"),
        json!({"m": {"<<": {"x": 1}}})
    );
    assert_eq!(json_of("m:\n  !!str <<: 1\n"), json!({"m": {"<<": 1}}));
    assert_eq!(json_of("k: <<\n"), json!({"k": "<<"}));
    // Merged values are copies: nested maps are not deep-merged.
    let got = json_of("a: &a {x: {y: 1}}\nm:\n  <<: *a\n  x: {z: 2}\n");
    assert_eq!(got["m"], json!({"x": {"z": 2}}));
}

#[test]
fn merge_key_errors() {
    let msg = "map merge requires map or sequence of maps as the value";
    assert_error("m:\n  <<: 1\n", 2, 7, msg);
    assert_error("m:\n  <<: ~\n", 2, 7, msg);
    assert_error("m:\n  <<: [{x: 1}, 2]\n", 2, 16, msg);
    assert_error("m:\n  <<: [[{x: 1}]]\n", 2, 8, msg);
    assert_error("a: &a [1]\nm:\n  <<: *a\n", 3, 7, msg);
    assert_error("a: &a 1\nm:\n  <<: [*a]\n", 3, 8, msg);
}

#[test]
fn anchors_and_aliases() {
    assert_eq!(json_of("a: &x 1\nb: *x\n"), json!({"a": 1, "b": 1}));
    // An anchor may be redefined; aliases see the latest.
    assert_eq!(
        json_of("a: &x 1\nb: &x 2\nc: *x\n"),
        json!({"a": 1, "b": 2, "c": 2})
    );
    assert_eq!(
        json_of("a: &x {k: [1, 2]}\nb: *x\n")["b"],
        json!({"k": [1, 2]})
    );
    // An alias of a scalar may be a key.
    assert_eq!(json_of("a: &x k\n*x : 2\n"), json!({"a": "k", "k": 2}));
    assert_error("a: *x\n", 1, 4, "unknown anchor 'x' referenced");
    // Anchors do not cross documents.
    assert_error(
        "a: &x 1\n---\nb: *x\n",
        3,
        4,
        "unknown anchor 'x' referenced",
    );
    assert_error("a: &x {b: *x}\n", 1, 11, "anchor 'x' value contains itself");
    assert_error("a: &x [1, *x]\n", 1, 11, "anchor 'x' value contains itself");
}

#[test]
fn repeated_keys_keep_the_last_value() {
    assert_eq!(json_of("a: 1\na: 2\n"), json!({"a": 2}));
    assert_eq!(json_of("a: {x: 1}\na: {z: 2}\n"), json!({"a": {"z": 2}}));
    // Keys equal for go-yaml (booleans, numbers) collapse too; `y` is a boolean.
    assert_eq!(json_of("y: 1\n"), json!({"true": 1}));
    assert_eq!(json_of("yes: a\ntrue: b\n"), json!({"true": "b"}));
    assert_eq!(json_of("1: a\n01: b\n"), json!({"1": "b"}));
}

#[test]
fn keys_become_strings() {
    let got = json_of("y: 1\nn: 2\non: 3\noff: 4\n0x10: 5\n-1: 6\n1.5: 7\n1e3: 8\n");
    assert_eq!(
        got,
        json!({"true": 3, "false": 4, "16": 5, "-1": 6, "1.5": 7, "1000": 8})
    );
    // Float keys print as Go's %g of a float32.
    let got = json_of("12345678.0: a\n0.1: b\n.inf: c\n-.inf: d\n.nan: e\n");
    assert_eq!(
        got,
        json!({"1.2345678e+07": "a", "0.1": "b", ".inf": "c", "-.inf": "d", ".nan": "e"})
    );
    assert_eq!(json_of("2024-01-01: a\n"), json!({"2024-01-01": "a"}));
    assert_eq!(json_of("!!binary aGk=: a\n"), json!({"hi": "a"}));
    assert_eq!(json_of("'~': a\n"), json!({"~": "a"}));
}

#[test]
fn key_errors() {
    assert_error("~: a\n", 1, 1, "unsupported map key: null");
    assert_error("null: a\n", 1, 1, "unsupported map key: null");
    assert_error("? \n: a\n", 1, 2, "unsupported map key: null");
    assert_error(
        "9223372036854775808: a\n",
        1,
        1,
        "unsupported map key of type uint64",
    );
    assert_error(
        "? [1, 2]\n: x\n",
        1,
        3,
        "invalid map key: a list cannot be a key",
    );
    assert_error(
        "? {a: 1}\n: x\n",
        1,
        3,
        "invalid map key: a map cannot be a key",
    );
    assert_error(
        "a: &x {k: v}\n*x : 2\n",
        2,
        1,
        "invalid map key: a map cannot be a key",
    );
    // libyaml has no empty keys in block mappings.
    assert_error(": a\n", 1, 1, "did not find expected key");
}

#[test]
fn json_has_no_infinity() {
    assert_error("k: .inf\n", 1, 4, "json: unsupported value: +Inf");
    assert_error("k: [-.Inf]\n", 1, 5, "json: unsupported value: -Inf");
    assert_error("k: {a: .nan}\n", 1, 8, "json: unsupported value: NaN");
    assert_error("k: !!float .inf\n", 1, 4, "json: unsupported value: +Inf");
}

#[test]
fn errors_come_in_helm_stage_order() {
    // Decoding errors first, then keys without a JSON form, then numbers without one.
    assert_error("a: .inf\n~: 1\n", 2, 1, "unsupported map key: null");
    assert_error(
        "~: 1\nb: !!int x\n",
        2,
        4,
        "cannot decode !!str `x` as a !!int",
    );
    assert_error("[.inf]\n", 1, 2, "json: unsupported value: +Inf");
}

#[test]
fn replaced_values_carry_no_errors() {
    // Keys and numbers without a JSON form only fail if they survive decoding.
    assert_eq!(json_of("a: .inf\na: 1\n"), json!({"a": 1}));
    assert_eq!(json_of("yes: .inf\ntrue: 2\n"), json!({"true": 2}));
    assert_eq!(json_of("a: {~: 1}\na: 2\n"), json!({"a": 2}));
    assert_eq!(
        json_of("a: {x: {~: 1}}\na: {x: 2}\n"),
        json!({"a": {"x": 2}})
    );
    assert_eq!(json_of("<<: {a: .inf}\na: 1\n"), json!({"a": 1}));
    assert_error(
        "a: 1\n<<: {a: .inf}\n",
        2,
        9,
        "json: unsupported value: +Inf",
    );
    assert_error(
        "a: &a {~: 1}\nb: {<<: *a}\na: 3\n",
        1,
        8,
        "unsupported map key: null",
    );
    assert_error("[{~: 1}]\n", 1, 3, "unsupported map key: null");
}

#[test]
fn strings_and_scalar_styles() {
    let cases = [
        ("k: 'it''s'", "it's"),
        ("k: \"\\x41\\u00e9\\U0001F600\\t\\'\"", "Aé😀\t'"),
        ("k: \"a\n  b\n\n  c\"", "a b\nc"),
        ("k: a\n  b\n\n  c", "a b\nc"),
        ("k: >-\n  a\n  b\n\n  c\n", "a b\nc"),
        ("k: |+\n  a\n\n", "a\n\n"),
        ("k: |2\n   a\n", " a\n"),
        ("k: a#b", "a#b"),
        ("k: a # c", "a"),
        ("k: \"a\\\n  b\"", "ab"),
        // Tabs are fine after a key's `:` and inside values.
        ("k:\tv", "v"),
        ("k: a\tb", "a\tb"),
        // A BOM inside the text is an ordinary character.
        ("k: a\u{feff}b", "a\u{feff}b"),
        // In double quotes a raw LS is kept (it is a line break for libyaml).
        ("k: \"a\u{2028}b\"", "a\u{2028}b"),
    ];
    for (text, want) in cases {
        assert_eq!(json_of(text), json!({"k": want}), "{text:?}");
    }
    // Flow collections ignore indentation, and take `{a:1}` as the key `a:1`.
    assert_eq!(json_of("k: [a,\nb]\n"), json!({"k": ["a", "b"]}));
    assert_eq!(json_of("k: {a:1}\n"), json!({"k": {"a:1": null}}));
    assert_eq!(json_of("k: {\"a\":1}\n"), json!({"k": {"a": 1}}));
}

#[test]
fn libyaml_syntax_errors() {
    // Each of these is accepted by a YAML 1.2 parser but refused by Helm.
    assert_error("k: \"a\\/b\"\n", 1, 6, "found unknown escape character");
    assert_error(
        "\tk: v\n",
        1,
        1,
        "found character that cannot start any token (a tab",
    );
    assert_error(
        "k:\n- \tx\n",
        2,
        3,
        "found character that cannot start any token (a tab",
    );
    assert_error(
        "k: |\n  \tx\n",
        2,
        3,
        "found a tab character where an indentation space",
    );
    assert_error(
        "a:\n  b: 1\n\tc: 2\n",
        3,
        1,
        "found a tab character that violates indentation",
    );
    assert_error("k: [a?b]\n", 1, 6, "did not find expected ',' or ']'");
    assert_error("k: [!!str]\n", 2, 1, "did not find expected ',' or ']'");
    // NEL, LS and PS end lines for libyaml (our positions count only CR and LF).
    assert_error(
        "k: a\u{2028}b\n",
        2,
        1,
        "could not find expected ':' (while scanning a simple key started at line 1, column 6)",
    );
    assert_error("k: a\u{85}b\n", 2, 1, "could not find expected ':'");
    // And the usual ones.
    assert_error(
        "k: value: x\n",
        1,
        9,
        "mapping values are not allowed in this context (a plain",
    );
    assert_error(
        "k: - x\n",
        1,
        4,
        "block sequence entries are not allowed in this context",
    );
    assert_error(
        "k: @x\n",
        1,
        4,
        "found character that cannot start any token (`@`",
    );
    assert_error(
        "k: %x\n",
        1,
        4,
        "found character that cannot start any token (`@`",
    );
    assert_error("k: \"a\" b\n", 1, 8, "did not find expected key");
    assert_error("k: 'abc\n", 2, 1, "found unexpected end of stream");
    assert_error("a: 1\nb\nc: 2\n", 3, 1, "could not find expected ':'");
    assert_error(
        "a:\n  - x\n  y: 1\n",
        3,
        3,
        "did not find expected '-' indicator (while parsing a block collection started at line 2, column 3)",
    );
    assert_error(
        "k: \"\\ud800\"\n",
        1,
        7,
        "found invalid Unicode character escape code",
    );
}

#[test]
fn bom_and_crlf() {
    let text = "\u{feff}a: 1\r\nb:\r\n  c: |\r\n    x\r\n    y\r\n---\r\nd: 2\r\n";
    assert_eq!(json_of(text), json!({"a": 1, "b": {"c": "x\ny\n"}, "d": 2}));
    let l = load(text).unwrap();
    assert_eq!(l.locations["/a"], Location { line: 1, column: 1 });
    assert_eq!(l.locations["/b/c"], Location { line: 3, column: 3 });
    assert_eq!(l.locations["/d"], Location { line: 7, column: 1 });
    assert_eq!(json_of("\u{feff}---\na: 1\n"), json!({"a": 1}));
    // Errors point at the right line after CRLF lines.
    assert_error(
        "a: 1\r\nb: [\r\n",
        3,
        1,
        "did not find expected node content",
    );
}

#[test]
fn byte_order_marks_and_utf16() {
    // libyaml's reader skips a BOM at the start of each document.
    assert_eq!(
        json_of("a: 1\n---\n\u{feff}b: 2\n"),
        json!({"a": 1, "b": 2})
    );
    let utf16 = |text: &str, big: bool| -> Vec<u8> {
        let mut out = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in text.encode_utf16() {
            out.extend(if big {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        out
    };
    // UTF-16 big-endian survives Helm's byte-wise document splitter when it ends
    // with a line break; little-endian never does.
    let l = load_values(&utf16("a: 1\r\nb: [x, é]\n", true), "v.yaml").unwrap();
    assert_eq!(
        Value::Map(l.values).to_json(),
        json!({"a": 1, "b": ["x", "é"]})
    );
    assert_eq!(l.locations["/b/1"], Location { line: 2, column: 8 });
    for (bytes, line, column) in [(utf16("a: 1", true), 1, 5), (utf16("a: 1\n", false), 2, 1)] {
        let e = load_values(&bytes, "v.yaml").unwrap_err();
        assert_eq!((e.line, e.column), (line, column));
        assert!(
            e.message.starts_with("incomplete UTF-16 character"),
            "{}",
            e.message
        );
    }
    let e = load_values(&utf16("a: 1\nb: @\n", true), "v.yaml").unwrap_err();
    assert_eq!((e.line, e.column, e.source_line.as_str()), (2, 4, "b: @"));
}

#[test]
fn locations_of_keys_and_items() {
    let text = "\
app:
  server:
    port: 8080   # the port
  list:
    - a
    - {x: 1}
'q/~': 1
base: &b {m: 1}
merged:
  <<: *b
";
    let l = load(text).unwrap();
    let at = |p: &str| l.locations.get(p).map(|l| (l.line, l.column));
    assert_eq!(at("/app"), Some((1, 1)));
    assert_eq!(at("/app/server"), Some((2, 3)));
    assert_eq!(at("/app/server/port"), Some((3, 5)));
    assert_eq!(at("/app/list/0"), Some((5, 7)));
    assert_eq!(at("/app/list/1"), Some((6, 7)));
    assert_eq!(at("/app/list/1/x"), Some((6, 8)));
    assert_eq!(at("/q~1~0"), Some((7, 1)));
    // Merged keys point at the anchored text they were copied from.
    assert_eq!(at("/merged/m"), Some((8, 11)));
    assert_eq!(at(""), None);
    assert_eq!(at("/base/m"), Some((8, 11)));
    assert_eq!(l.locations.len(), 12);
}

#[test]
fn locations_follow_replacements() {
    // A later document's value replaces the earlier one's, and its locations with it.
    let l = load("a:\n  b: {c: 1}\n  d: 2\n---\na:\n  b: 3\n").unwrap();
    let keys: Vec<&str> = l.locations.keys().map(String::as_str).collect();
    assert_eq!(keys, ["/a", "/a/b", "/a/d"]);
    assert_eq!(l.locations["/a"], Location { line: 5, column: 1 });
    assert_eq!(l.locations["/a/b"], Location { line: 6, column: 3 });
    assert_eq!(l.locations["/a/d"], Location { line: 3, column: 3 });
    // So does a repeated key within a document.
    let l = load("a: {x: 1, w: 2}\na: {z: 3}\n").unwrap();
    let keys: Vec<&str> = l.locations.keys().map(String::as_str).collect();
    assert_eq!(keys, ["/a", "/a/z"]);
    assert_eq!(l.locations["/a"], Location { line: 2, column: 1 });
}

#[test]
fn display_shows_one_line_and_a_caret() {
    let e = error("secret: hunter2\nkey: value: x\nother: 1\n");
    assert_eq!(
        e.to_string(),
        "values.yaml:2:11: mapping values are not allowed in this context \
         (a plain value cannot contain `: `: quote the value, or fix the indentation)\n  |\n\
         2 | key: value: x\n  |           ^"
    );
    assert!(!e.to_string().contains("hunter2"));
    // Tabs show as spaces so the caret lines up; control characters are escaped.
    let e = error("\tk: v\n");
    assert!(e.to_string().ends_with("1 |  k: v\n  | ^"), "{e}");
    let e = error("a: 1\nb: x\u{1}y\n");
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message
            .starts_with("control characters are not allowed (found U+0001)")
    );
    assert_eq!(e.source_line, "b: x\\u{1}y");
    assert_eq!(e.caret, 5);
}

#[test]
fn long_lines_are_shortened_in_errors() {
    let text = format!("k: {}@\n", "x".repeat(100_000));
    let e = error(&format!("k: [{}, @]\n", "x".repeat(100_000)));
    assert!(
        e.source_line.chars().count() < 110,
        "{}",
        e.source_line.len()
    );
    assert!(e.source_line.starts_with('…') && e.source_line.ends_with(']'));
    assert_eq!(e.source_line.chars().nth(e.caret - 1), Some('@'));
    // A long valid line is fine.
    assert_eq!(
        load(&text).unwrap().values["k"],
        Value::Str(text[3..text.len() - 1].into())
    );
}

#[test]
fn encoding_errors() {
    let e = load_values(b"a: 1\nb: caf\xe9\n", "v.yaml").unwrap_err();
    assert_eq!((e.line, e.column), (2, 7));
    assert!(
        e.message.starts_with("invalid UTF-8 (byte 0xe9)"),
        "{}",
        e.message
    );
    assert_eq!(e.source_line, "b: caf\u{FFFD}");
    let e = load_values(b"a: 1\nb: x\x00y\n", "v.yaml").unwrap_err();
    assert_eq!((e.line, e.column), (2, 5));
    assert!(
        e.message
            .starts_with("control characters are not allowed (found U+0000)")
    );
    let e = load_values("k: \u{fffe}\n".as_bytes(), "v.yaml").unwrap_err();
    assert!(
        e.message.starts_with("non-characters are not allowed"),
        "{}",
        e.message
    );
    // The second document is checked on its own line numbers.
    let e = load_values(b"a: 1\n---\nb: \x7f\n", "v.yaml").unwrap_err();
    assert_eq!((e.line, e.column), (3, 4));
}

#[test]
fn alias_bombs_fail_fast() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in "bcdefghi".chars() {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let start = std::time::Instant::now();
    let e = error(&text);
    assert!(
        e.message
            .starts_with("document contains excessive aliasing"),
        "{}",
        e.message
    );
    assert!(start.elapsed() < std::time::Duration::from_secs(5));

    let mut merges = String::from("a0: &a0 {x: 1, y: 2, z: 3}\n");
    for i in 1..30 {
        merges.push_str(&format!(
            "a{i}: &a{i}\n  <<: [*a{p}, *a{p}]\n  k: *a{p}\n",
            p = i - 1
        ));
    }
    assert!(
        error(&merges)
            .message
            .starts_with("document contains excessive aliasing")
    );
}

#[test]
fn aliasing_budget_matches_go_yaml() {
    // go-yaml allows 99% of decodes to come from aliases in small documents; with a
    // 1000-item anchored list, 110 aliases pass and 111 fail (checked with Helm).
    let doc = |n: usize| {
        format!(
            "a: &a [{}]\nb: [{}]\n",
            vec!["x"; 1000].join(","),
            vec!["*a"; n].join(",")
        )
    };
    assert!(load(&doc(110)).is_ok());
    assert!(
        error(&doc(111))
            .message
            .starts_with("document contains excessive aliasing")
    );
}

#[test]
fn deep_nesting_fails_cleanly() {
    // Our own limit (Helm's is 10,000): a clear error, no stack use.
    for text in [
        format!("k: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("k: {}\n", "{a: ".repeat(50_000)),
        (0..1_500)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect::<String>(),
        format!(
            "k:\n{}",
            (1..1_500)
                .map(|i| format!("{}-\n", " ".repeat(i)))
                .collect::<String>()
        ),
    ] {
        let e = error(&text);
        assert!(
            e.message.starts_with("exceeded max depth of 1000"),
            "{}",
            e.message
        );
    }
    let ok = format!("k: {}{}\n", "[".repeat(999), "]".repeat(999));
    assert!(load(&ok).is_ok());
    // Depth made by aliases counts too.
    let mut text = String::from("a0: &a0 [[[[[[[[[[1]]]]]]]]]]\n");
    for i in 1..120 {
        text.push_str(&format!("a{i}: &a{i} [[[[[[[[[*a{}]]]]]]]]]\n", i - 1));
    }
    assert!(
        error(&text)
            .message
            .starts_with("exceeded max depth of 1000")
    );
}

#[test]
fn deep_paths_have_no_location() {
    // 300 levels of `{kNNN: ` make pointers far longer than MAX_LOCATION_PATH.
    let open: String = (0..300).map(|i| format!("{{k{i:03}: ")).collect();
    let text = format!("a: {open}{{x: 1, y: .inf}}{}\n", "}".repeat(300));
    // Errors deep down are still found...
    assert_error(&text, 1, 2114, "json: unsupported value: +Inf");
    // ...and values load, with locations only for the shorter paths.
    let l = load(&text.replace(".inf", "2")).unwrap();
    assert!(l.locations.keys().all(|k| k.len() <= MAX_LOCATION_PATH));
    assert!(l.locations.contains_key("/a/k000/k001"));
    assert_eq!(l.locations.len(), 1 + 512 / 5);
}

#[test]
fn big_files_load() {
    let text: String = (0..5_000)
        .map(|i| format!("key{i}:\n  name: \"value {i}\"\n  list: [1, 2, 3]\n"))
        .collect();
    let l = load(&text).unwrap();
    assert_eq!(l.values.len(), 5_000);
    assert_eq!(
        l.locations["/key4999/list/2"],
        Location {
            line: 15_000,
            column: 16
        }
    );
}

#[test]
fn pointer_escaping() {
    assert_eq!(pointer_escape("a/b~c"), "a~1b~0c");
    assert_eq!(pointer_escape("plain"), "plain");
}

#[test]
fn pointer_segments_are_escaped_in_place() {
    for key in ["", "plain", "a/b~c", "~~//", "é/ü~0", "/", "~", "x~1y"] {
        let mut path = String::from("/top");
        push_pointer_segment(&mut path, key);
        assert_eq!(path, format!("/top/{}", pointer_escape(key)), "{key:?}");
    }
    let mut path = String::from("/list");
    push_index(&mut path, 12);
    assert_eq!(path, "/list/12");
}
