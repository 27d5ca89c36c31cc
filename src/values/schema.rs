//! Checking values against the chart's `values.schema.json`, as Helm does before
//! rendering (JSON Schema draft 2020-12, every violation reported).
//!
//! The chart's schema uses a small part of JSON Schema (`type`, `properties`, `items`,
//! plus `description`), so the check is done here directly on the values tree: the
//! `jsonschema` crate cannot skip validating the schema itself against the draft
//! meta-schema, which costs more than a whole render. The test-suite cross-checks this
//! validator against `jsonschema` on the chart schema and on generated values.
//!
//! Numbers follow Helm's validator: an integral float (`3.0`, `1e21`) is an `integer`.

use std::sync::LazyLock;

use serde_json::Value as J;

use super::{Map, Value};
use crate::chart;

/// One schema violation.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    /// JSON pointer of the offending value (`/app/server/rate_limit`), as Helm prints it.
    pub pointer: String,
    /// What the schema wants (e.g. `integer`).
    pub expected: String,
    /// The JSON type found (e.g. `string`); never the value itself, which may be secret.
    pub found: String,
    /// A human sentence (`got string, want integer`).
    pub message: String,
    /// The value is a string holding a number's text (`"5000"`), for the hint to say
    /// "remove the quotes" only then.
    pub numeric_text: bool,
}

impl Violation {
    /// The dotted values path (`app.server.rate_limit`, list items as `[0]`).
    pub fn dotted_path(&self) -> String {
        pointer_to_dotted(&self.pointer)
    }
}

/// Turns `/app/hosts/0/name` into `app.hosts[0].name` (RFC 6901 escapes decoded).
pub fn pointer_to_dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// JSON-pointer escaping of one path segment.
fn escape(seg: &str) -> String {
    if seg.contains(['~', '/']) {
        seg.replace('~', "~0").replace('/', "~1")
    } else {
        seg.to_string()
    }
}

/// The keywords this validator understands; anything else in the schema is a bug the
/// tests catch. `description`, `title`, `$schema`, `default`, `examples` and the
/// permify-render annotations (`x-type`: the type a key should have where Helm does not
/// check it; `x-enum`: the values the chart expects; `x-joined`: a list the templates
/// join unquoted; `x-renamed`: misspellings with their right names) never fail a check:
/// they drive warnings (see `crate::diagnostics`).
pub const KEYWORDS: &[&str] = &[
    "$schema",
    "title",
    "description",
    "default",
    "examples",
    "x-type",
    "x-enum",
    "x-joined",
    "x-renamed",
    "type",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "enum",
    "minimum",
    "maximum",
];

/// The embedded schema, parsed once.
pub fn chart_schema() -> &'static J {
    static SCHEMA: LazyLock<J> = LazyLock::new(|| {
        serde_json::from_str(chart::VALUES_SCHEMA_JSON).expect("the embedded schema is JSON")
    });
    &SCHEMA
}

/// Validates the coalesced values against the chart's schema. Returns every
/// violation, ordered by path.
pub fn validate(values: &Map) -> Vec<Violation> {
    validate_with(chart_schema(), values)
}

/// Validates `values` against `schema` (a schema of the supported subset).
pub fn validate_with(schema: &J, values: &Map) -> Vec<Violation> {
    let mut out = Vec::new();
    // The top level is a map: check it directly instead of cloning the tree.
    check_map(schema, values, &mut String::new(), &mut out);
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) | Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
    }
}

fn is_integral(v: &Value) -> bool {
    match v {
        Value::Int(_) => true,
        Value::Float(f) => f.is_finite() && f.fract() == 0.0,
        _ => false,
    }
}

fn type_matches(want: &str, v: &Value) -> bool {
    match want {
        "integer" => is_integral(v),
        "number" => matches!(v, Value::Int(_) | Value::Float(_)),
        other => other == json_type(v),
    }
}

fn check(schema: &J, v: &Value, pointer: &mut String, out: &mut Vec<Violation>) {
    let Some(s) = schema.as_object() else {
        if schema == &J::Bool(false) {
            out.push(violation(
                pointer,
                "",
                json_type(v),
                "no value is allowed here".into(),
            ));
        }
        return;
    };
    if let Some(t) = s.get("type") {
        let wanted: Vec<&str> = match t {
            J::String(one) => vec![one.as_str()],
            J::Array(many) => many.iter().filter_map(J::as_str).collect(),
            _ => Vec::new(),
        };
        if !wanted.is_empty() && !wanted.iter().any(|w| type_matches(w, v)) {
            let expected = wanted.join(" or ");
            let found = json_type(v);
            let mut x = violation(
                pointer,
                &expected,
                found,
                format!("got {found}, want {expected}"),
            );
            x.numeric_text = matches!(v, Value::Str(t) if t.trim().parse::<f64>().is_ok());
            out.push(x);
            return;
        }
    }
    if let Some(J::Array(options)) = s.get("enum")
        && !options
            .iter()
            .any(|o| Value::from_json(o) == *v || (is_integral(v) && o.as_f64() == as_f64(v)))
    {
        let list: Vec<String> = options.iter().map(|o| o.to_string()).collect();
        out.push(violation(
            pointer,
            "one of the allowed values",
            json_type(v),
            format!("must be one of {}", list.join(", ")),
        ));
    }
    if let Some(f) = as_f64(v) {
        if let Some(min) = s.get("minimum").and_then(J::as_f64)
            && f < min
        {
            out.push(violation(
                pointer,
                "",
                "number",
                format!("must be at least {min}"),
            ));
        }
        if let Some(max) = s.get("maximum").and_then(J::as_f64)
            && f > max
        {
            out.push(violation(
                pointer,
                "",
                "number",
                format!("must be at most {max}"),
            ));
        }
    }
    match v {
        Value::Map(m) => check_map(schema, m, pointer, out),
        Value::List(items) => {
            if let Some(item_schema) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    check(item_schema, item, pointer, out);
                    pointer.truncate(len);
                }
            }
        }
        _ => {}
    }
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn check_map(schema: &J, m: &Map, pointer: &mut String, out: &mut Vec<Violation>) {
    let Some(s) = schema.as_object() else { return };
    if pointer.is_empty()
        && let Some(J::String(t)) = s.get("type")
        && t != "object"
    {
        out.push(violation(
            pointer,
            t,
            "object",
            format!("got object, want {t}"),
        ));
        return;
    }
    let props = s.get("properties").and_then(J::as_object);
    if let Some(J::Array(required)) = s.get("required") {
        for r in required.iter().filter_map(J::as_str) {
            if !m.contains_key(r) {
                out.push(violation(
                    pointer,
                    "",
                    "",
                    format!("missing property {r:?}"),
                ));
            }
        }
    }
    for (k, v) in m {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(k));
        match props.and_then(|p| p.get(k)) {
            Some(sub) => check(sub, v, pointer, out),
            None => match s.get("additionalProperties") {
                Some(J::Bool(false)) => {
                    out.push(violation(
                        pointer,
                        "",
                        json_type(v),
                        "is not a key the chart defines".into(),
                    ));
                }
                Some(sub @ J::Object(_)) => check(sub, v, pointer, out),
                _ => {}
            },
        }
        pointer.truncate(len);
    }
}

fn violation(pointer: &str, expected: &str, found: &str, message: String) -> Violation {
    Violation {
        pointer: pointer.to_string(),
        expected: expected.to_string(),
        found: found.to_string(),
        message,
        numeric_text: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(j: &str) -> Map {
        Value::from_json(&serde_json::from_str(j).unwrap())
            .as_map()
            .unwrap()
            .clone()
    }

    #[test]
    fn integral_floats_are_integers() {
        assert!(validate(&vals(r#"{"replicaCount": 3.0}"#)).is_empty());
        assert!(
            validate(&vals(
                r#"{"app": {"service": {"permission": {"cache": {"number_of_counters": 1e21}}}}}"#
            ))
            .is_empty()
        );
        let v = validate(&vals(r#"{"replicaCount": 2.5}"#));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].pointer, "/replicaCount");
        assert_eq!(v[0].message, "got number, want integer");
        let mut m = Map::new();
        m.insert("replicaCount".into(), Value::Int(3));
        assert!(validate(&m).is_empty());
    }

    #[test]
    fn reports_every_violation_with_its_path() {
        let v = validate(&vals(
            r#"{"image": {"tag": 16}, "app": {"server": {"rate_limit": "lots"}}, "ingress": {"enabled": "sure", "hosts": [{"paths": [{"path": 1}]}]}}"#,
        ));
        let paths: Vec<String> = v.iter().map(Violation::dotted_path).collect();
        assert_eq!(
            paths,
            vec![
                "app.server.rate_limit",
                "image.tag",
                "ingress.enabled",
                "ingress.hosts[0].paths[0].path"
            ]
        );
        assert_eq!(v[1].message, "got number, want string");
        assert_eq!(
            pointer_to_dotted("/ingress/hosts/0/paths/1/path"),
            "ingress.hosts[0].paths[1].path"
        );
        // null is not an object: a null that survives coalescing fails the type check.
        let v = validate(&vals(r#"{"app": {"authn": null}}"#));
        assert_eq!(v[0].message, "got null, want object");
    }

    #[test]
    fn embedded_schema_uses_only_supported_keywords() {
        fn walk(s: &J, path: &str) {
            if let Some(o) = s.as_object() {
                for (k, v) in o {
                    assert!(
                        KEYWORDS.contains(&k.as_str()),
                        "unsupported keyword {k} at {path}"
                    );
                    match k.as_str() {
                        "properties" => {
                            for (name, sub) in v.as_object().expect("properties is an object") {
                                walk(sub, &format!("{path}/{name}"));
                            }
                        }
                        "items" | "additionalProperties" => walk(v, &format!("{path}/{k}")),
                        _ => {}
                    }
                }
            }
        }
        walk(chart_schema(), "");
    }

    /// Every `Values.x.y` the templates read is declared in the schema, so the schema is
    /// the one list of known keys (for typo warnings and descriptions).
    #[test]
    fn schema_declares_every_key_the_templates_read() {
        let re = regex::Regex::new(r"Values\.([A-Za-z0-9_.]+)").unwrap();
        for t in crate::chart::TEMPLATES {
            for cap in re.captures_iter(t.source) {
                let mut node = chart_schema();
                for seg in cap[1].split('.') {
                    node = node
                        .get("properties")
                        .and_then(|p| p.get(seg))
                        .unwrap_or_else(|| {
                            panic!("{} reads Values.{} not in the schema", t.name, &cap[1])
                        });
                }
            }
        }
    }
}
