//! Where each value came from: a values file's line and column, or a `--set`-family
//! flag. Diagnostics use this to point at the line to fix.

use std::collections::BTreeMap;
use std::fmt;

use super::{Map, Value};

/// The source of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in a values file (`-f`), at a 1-based line and column.
    File {
        /// The path as given on the command line (`<stdin>` for `-f -`).
        path: String,
        /// Line of the key (or list item).
        line: usize,
        /// Column of the key (or list item).
        column: usize,
    },
    /// Set by a flag: `--set` and its kin. Only the key is kept, never the value.
    Flag {
        /// `--set`, `--set-string`, `--set-json`, `--set-file` or `--set-literal`.
        flag: &'static str,
        /// The dotted key path that was set.
        key: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path, line, column } => write!(f, "{path}:{line}:{column}"),
            Origin::Flag { flag, key } => write!(f, "{flag} {key}=..."),
        }
    }
}

/// Origins by JSON pointer (`/app/server/port`, list items by index).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Origins(BTreeMap<String, Origin>);

impl Origins {
    /// Records where the value at `pointer` came from (the last source wins).
    pub fn set(&mut self, pointer: String, origin: Origin) {
        self.0.insert(pointer, origin);
    }

    /// Where the value at `pointer` came from: its own record, else that of the nearest
    /// enclosing value (a map or list written as a whole), else `None` (a chart default).
    pub fn find(&self, pointer: &str) -> Option<&Origin> {
        let mut p = pointer;
        loop {
            if let Some(o) = self.0.get(p) {
                return Some(o);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
            if p.is_empty() {
                return None;
            }
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// JSON-pointer escaping of one segment (`~` → `~0`, `/` → `~1`).
pub fn escape(seg: &str) -> String {
    if seg.contains(['~', '/']) {
        seg.replace('~', "~0").replace('/', "~1")
    } else {
        seg.to_string()
    }
}

/// Records `origin` for every value `after` has that `before` did not have, or had
/// differently: changed leaves, and whole new or retyped subtrees (every node in them).
pub fn record_changes(before: &Map, after: &Map, origin: &Origin, origins: &mut Origins) {
    let mut pointer = String::new();
    diff_maps(before, after, &mut pointer, origin, origins);
}

fn diff_maps(
    before: &Map,
    after: &Map,
    pointer: &mut String,
    origin: &Origin,
    origins: &mut Origins,
) {
    for (k, v) in after {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(k));
        match (before.get(k), v) {
            (Some(Value::Map(b)), Value::Map(a)) => diff_maps(b, a, pointer, origin, origins),
            (Some(Value::List(b)), Value::List(a)) if b.len() == a.len() => {
                for (i, (bi, ai)) in b.iter().zip(a).enumerate() {
                    let l2 = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    diff_value(Some(bi), ai, pointer, origin, origins);
                    pointer.truncate(l2);
                }
            }
            (old, new) => diff_value(old, new, pointer, origin, origins),
        }
        pointer.truncate(len);
    }
}

fn diff_value(
    before: Option<&Value>,
    after: &Value,
    pointer: &mut String,
    origin: &Origin,
    origins: &mut Origins,
) {
    if let (Some(Value::Map(b)), Value::Map(a)) = (before, after) {
        diff_maps(b, a, pointer, origin, origins);
        return;
    }
    if before == Some(after) {
        return;
    }
    mark_all(after, pointer, origin, origins);
}

fn mark_all(v: &Value, pointer: &mut String, origin: &Origin, origins: &mut Origins) {
    origins.set(pointer.clone(), origin.clone());
    match v {
        Value::Map(m) => {
            for (k, x) in m {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape(k));
                mark_all(x, pointer, origin, origins);
                pointer.truncate(len);
            }
        }
        Value::List(l) => {
            for (i, x) in l.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                mark_all(x, pointer, origin, origins);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag() -> Origin {
        Origin::Flag {
            flag: "--set",
            key: "a.b".into(),
        }
    }

    #[test]
    fn records_only_what_changed() {
        let before: Map =
            Value::from_json(&serde_json::json!({"a": {"b": 1, "c": 2}, "l": [1, 2]}))
                .as_map()
                .unwrap()
                .clone();
        let after: Map = Value::from_json(
            &serde_json::json!({"a": {"b": 5, "c": 2, "d": {"e": 1}}, "l": [1, 3]}),
        )
        .as_map()
        .unwrap()
        .clone();
        let mut o = Origins::default();
        record_changes(&before, &after, &flag(), &mut o);
        assert_eq!(o.find("/a/b"), Some(&flag()));
        assert_eq!(o.find("/a/c"), None);
        assert_eq!(o.find("/a/d/e"), Some(&flag()));
        assert_eq!(o.find("/l/1"), Some(&flag()));
        assert_eq!(o.find("/l/0"), None);
    }

    #[test]
    fn nearest_enclosing_record() {
        let mut o = Origins::default();
        o.set(
            "/a".into(),
            Origin::File {
                path: "v.yaml".into(),
                line: 3,
                column: 1,
            },
        );
        assert_eq!(
            o.find("/a/b/c").map(ToString::to_string).as_deref(),
            Some("v.yaml:3:1")
        );
        assert_eq!(o.find("/z"), None);
        assert_eq!(flag().to_string(), "--set a.b=...");
    }
}
