//! `--output unified`: a unified line diff of the two manifest streams, one section per
//! template file.
//!
//! Documents are grouped by their `# Source: <path>` header (Helm's template path;
//! documents without one are grouped under `(no # Source header)`), each group's
//! documents joined in stream order as `---` + text, and each group that differs is
//! printed like `diff -u`: `--- old/<path>`, `+++ new/<path>` (`/dev/null` for a file
//! only on one side), then hunks with three lines of context. Groups print in path
//! order.
//!
//! Secret values stay hidden (see [`super::mask`]): every line is sanitized, and a
//! resource with masked fields on either side (a `Secret` with data, an env var with a
//! secret-looking name) is shown on both sides re-emitted from its parsed form with those
//! values replaced: `<masked>` when equal on both sides, `<masked: old value>` /
//! `<masked: new value>` when they differ. Re-emitted documents print their keys in
//! sorted order and say so in a comment line.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use similar::{Algorithm, ChangeTag, TextDiff};

use super::Paint;
use super::input::{Resource, ResourceId};
use super::mask::{self, MASK};
use crate::values::Value;

/// The group of documents without a `# Source:` header.
pub const NO_SOURCE: &str = "(no # Source header)";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Old,
    New,
}

/// The unified diff of two sides, and how many template files differ.
pub fn render_unified(old: &[Resource], new: &[Resource], paint: Paint) -> (String, usize) {
    let old_by_id: HashMap<&ResourceId, &Resource> = old.iter().map(|r| (&r.id, r)).collect();
    let new_by_id: HashMap<&ResourceId, &Resource> = new.iter().map(|r| (&r.id, r)).collect();
    let old_files = group(old, &new_by_id, Role::Old);
    let new_files = group(new, &old_by_id, Role::New);
    let mut keys: Vec<&String> = old_files.keys().chain(new_files.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = String::new();
    let mut differing = 0;
    for key in keys {
        let a = old_files.get(key).map_or("", String::as_str);
        let b = new_files.get(key).map_or("", String::as_str);
        if a == b {
            continue;
        }
        differing += 1;
        let header_a = if old_files.contains_key(key) {
            format!("old/{key}")
        } else {
            "/dev/null".into()
        };
        let header_b = if new_files.contains_key(key) {
            format!("new/{key}")
        } else {
            "/dev/null".into()
        };
        let _ = writeln!(out, "{}", paint.bold(&format!("--- {header_a}")));
        let _ = writeln!(out, "{}", paint.bold(&format!("+++ {header_b}")));
        let diff = TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .timeout(std::time::Duration::from_secs(5))
            .diff_lines(a, b);
        for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
            let _ = writeln!(out, "{}", paint.cyan(&hunk.header().to_string()));
            for change in hunk.iter_changes() {
                let (tag, colour): (char, fn(Paint, &str) -> String) = match change.tag() {
                    ChangeTag::Delete => ('-', Paint::red),
                    ChangeTag::Insert => ('+', Paint::green),
                    ChangeTag::Equal => (' ', Paint::plain),
                };
                let line = format!("{tag}{}", change.value().trim_end_matches(['\n', '\r']));
                let _ = writeln!(out, "{}", colour(paint, &line));
                if change.missing_newline() {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
        }
    }
    (out, differing)
}

/// The side's documents, masked and sanitized, joined per `# Source` path.
fn group(
    side: &[Resource],
    others: &HashMap<&ResourceId, &Resource>,
    role: Role,
) -> BTreeMap<String, String> {
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for r in side {
        let other = others.get(&r.id).map(|o| &o.doc.value);
        let text = shown_text(r, other, role);
        let key = r.doc.source.clone().unwrap_or_else(|| NO_SOURCE.into());
        let file = files.entry(key).or_default();
        file.push_str("---\n");
        for line in text.lines() {
            file.push_str(&mask::sanitize(line));
            file.push('\n');
        }
    }
    files
}

/// The text shown for a document: as written, or re-emitted with secret values masked
/// when either side has any.
fn shown_text(r: &Resource, other: Option<&Value>, role: Role) -> String {
    let secret_root = r.id.is_secret();
    let needs = |v: &Value| &mask_tree(v, None, Role::Old, false, secret_root) != v;
    if !needs(&r.doc.value) && !other.is_some_and(needs) {
        return r.doc.text.clone();
    }
    let masked = mask_tree(&r.doc.value, other, role, false, secret_root);
    let mut body = crate::yaml::emit::to_yaml(&masked);
    if body.is_empty() {
        // Helm's toYaml refuses a few exotic strings; JSON is YAML too.
        body = serde_json::to_string_pretty(&masked.to_json()).unwrap_or_default();
    }
    let mut text = String::new();
    if let Some(source) = &r.doc.source {
        let _ = writeln!(text, "# Source: {source}");
    }
    text.push_str("# (re-emitted by permify-render diff with secret values masked; keys sorted)\n");
    text.push_str(&body);
    text
}

/// `v` with secret values replaced (rules 1 and 2 of [`super::mask`]). `other` is the
/// same resource on the other side, to tell a changed secret from an unchanged one.
fn mask_tree(
    v: &Value,
    other: Option<&Value>,
    role: Role,
    secret: bool,
    secret_root: bool,
) -> Value {
    match v {
        Value::Map(m) => {
            let om = other.and_then(Value::as_map);
            Value::Map(
                m.iter()
                    .map(|(k, child)| {
                        let s = secret
                            || (secret_root && (k == "data" || k == "stringData"))
                            || (k == "value" && mask::value_is_secret(Some(m), om));
                        let oc = om.and_then(|o| o.get(k));
                        (k.clone(), mask_tree(child, oc, role, s, false))
                    })
                    .collect(),
            )
        }
        Value::List(l) => {
            let ol = match other {
                Some(Value::List(ol)) => Some(ol),
                _ => None,
            };
            Value::List(
                l.iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let counterpart = ol.and_then(|ol| counterpart(item, i, ol));
                        mask_tree(item, counterpart, role, secret, false)
                    })
                    .collect(),
            )
        }
        _ if secret => Value::Str(match other {
            Some(o) if o != v => match role {
                Role::Old => "<masked: old value>".into(),
                Role::New => "<masked: new value>".into(),
            },
            _ => MASK.into(),
        }),
        _ => v.clone(),
    }
}

/// The item of `other` that `item` (at position `i`) is compared with: the one with the
/// same `name`, else the one at the same position.
fn counterpart<'a>(item: &Value, i: usize, other: &'a [Value]) -> Option<&'a Value> {
    match item
        .as_map()
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
    {
        Some(name) => other.iter().find(|o| {
            o.as_map()
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
                == Some(name)
        }),
        None => other.get(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::input::{identify, parse_stream};

    fn side(text: &str) -> Vec<Resource> {
        identify(parse_stream(text, "t").unwrap(), "default").unwrap()
    }

    #[test]
    fn sections_per_source_with_masking() {
        let old = side(
            "# Source: p/templates/s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: b2xk\n  same: eA==\n---\n# Source: p/templates/d.yaml\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 1\n",
        );
        let new = side(
            "# Source: p/templates/s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: bmV3\n  same: eA==\n---\n# Source: p/templates/d.yaml\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n  url: \"postgres://u:p@h/x\"\n",
        );
        let (out, n) = render_unified(&old, &new, Paint::default());
        assert_eq!(n, 2);
        assert_eq!(
            out,
            "--- old/p/templates/d.yaml\n+++ new/p/templates/d.yaml\n@@ -4,4 +4,5 @@\n metadata:\n   name: d\n spec:\n-  replicas: 1\n+  replicas: 2\n+  url: \"postgres://***@h/x\"\n--- old/p/templates/s.yaml\n+++ new/p/templates/s.yaml\n@@ -3,7 +3,7 @@\n # (re-emitted by permify-render diff with secret values masked; keys sorted)\n apiVersion: v1\n data:\n-  a: '<masked: old value>'\n+  a: '<masked: new value>'\n   same: <masked>\n kind: Secret\n metadata:\n"
        );
        let (same, n) = render_unified(&old, &old, Paint::default());
        assert_eq!((same.as_str(), n), ("", 0));
    }
}
