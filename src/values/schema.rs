//! Checking values against the chart's `values.schema.json`, as Helm does before
//! rendering (JSON Schema draft 2020-12, every violation reported).

use std::sync::LazyLock;

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
    /// A human sentence for non-type violations.
    pub message: String,
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

static VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: serde_json::Value =
        serde_json::from_str(chart::VALUES_SCHEMA_JSON).map_err(|e| e.to_string())?;
    jsonschema::validator_for(&schema).map_err(|e| e.to_string())
});

/// Validates the coalesced values. Returns every violation, in document order.
pub fn validate(values: &Map) -> Vec<Violation> {
    let validator = match &*VALIDATOR {
        Ok(v) => v,
        Err(e) => {
            return vec![Violation {
                pointer: String::new(),
                expected: String::new(),
                found: String::new(),
                message: format!("the embedded schema does not compile: {e}"),
            }];
        }
    };
    let instance = Value::Map(values.clone()).to_json();
    let mut out: Vec<Violation> = validator
        .iter_errors(&instance)
        .map(|e| {
            let pointer = e.instance_path().to_string();
            let found = json_type(e.instance());
            match e.kind() {
                jsonschema::error::ValidationErrorKind::Type { kind } => {
                    let expected = match kind {
                        jsonschema::error::TypeKind::Single(t) => t.to_string(),
                        jsonschema::error::TypeKind::Multiple(set) => set
                            .iter()
                            .map(|t| t.to_string())
                            .collect::<Vec<_>>()
                            .join(" or "),
                    };
                    Violation {
                        pointer,
                        message: format!("got {found}, want {expected}"),
                        expected,
                        found: found.to_string(),
                    }
                }
                _ => Violation {
                    pointer,
                    expected: String::new(),
                    found: found.to_string(),
                    message: e.to_string(),
                },
            }
        })
        .collect();
    out.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    out
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
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
    }

    #[test]
    fn reports_every_violation_with_its_path() {
        let v = validate(&vals(
            r#"{"image": {"tag": 16}, "app": {"server": {"rate_limit": "lots"}}, "ingress": {"enabled": "sure"}}"#,
        ));
        let paths: Vec<String> = v.iter().map(Violation::dotted_path).collect();
        assert_eq!(
            paths,
            vec!["app.server.rate_limit", "image.tag", "ingress.enabled"]
        );
        assert_eq!(v[1].message, "got number, want string");
        assert_eq!(
            pointer_to_dotted("/ingress/hosts/0/paths/1/path"),
            "ingress.hosts[0].paths[1].path"
        );
    }
}
