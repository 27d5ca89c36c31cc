//! Resource-by-resource, field-by-field comparison of two sides, and the summary
//! report.
//!
//! # Paths
//! A change names the field it is about with a dotted path from the document root:
//!
//! - `.key` for map keys made of letters, digits, `_` and `-`; other keys are quoted:
//!   `metadata.labels["app.kubernetes.io/version"]`.
//! - `[NAME]` for an item of a *named list*, one whose items all are maps with a string
//!   `name`, unique on each side (containers, env, ports, volumes, ...). Items are matched
//!   by name, so inserting one does not mark every later item changed:
//!   `spec.template.spec.containers[permify].env[PERMIFY_LOG_LEVEL].value`. A name that
//!   is all digits, empty, or holds other characters than letters, digits and `_.:/-` is
//!   quoted: `env["0"]`.
//! - `[N]` for an item of any other list, by position (from 0). Such lists are aligned
//!   by content first (a longest-common-subsequence diff), so an insertion shows as
//!   one added item; an item that changed *and* moved shows both positions, `[2→3]`.
//!
//! # Values
//! Scalars print as JSON (`"info"`, `3`, `true`, `null`); an absent field prints as
//! `(none)`. Maps and lists print inline (`{name: "x", value: "y"}`) when both sides fit
//! in [`INLINE_LIMIT`] characters; larger ones are broken down into one line per field.
//! A multi-line string prints as a line diff below its path. Secret values print as
//! [`MASK`] (see [`super::mask`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

use super::Paint;
use super::input::{Resource, ResourceId};
use super::mask::{self, MASK};
use crate::values::{Map, Value};

/// Longest inline rendering (in characters) of a map or list on a change line; larger
/// ones are listed field by field.
pub const INLINE_LIMIT: usize = 80;

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// A map key.
    Key(String),
    /// A list item by position.
    Index(usize),
    /// A list item that moved: old position, new position.
    Moved(usize, usize),
    /// An item of a named list, by its `name`.
    Named(String),
}

fn simple_key(k: &str) -> bool {
    !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn simple_name(n: &str) -> bool {
    !n.is_empty()
        && !n.chars().all(|c| c.is_ascii_digit())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:/-".contains(c))
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// Renders a path as described in the module documentation.
pub fn format_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) if simple_key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Key(k) => {
                let _ = write!(out, "[{}]", quote(k));
            }
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Moved(i, j) => {
                let _ = write!(out, "[{i}→{j}]");
            }
            Segment::Named(n) if simple_name(n) => {
                let _ = write!(out, "[{n}]");
            }
            Segment::Named(n) => {
                let _ = write!(out, "[{}]", quote(n));
            }
        }
    }
    out
}

/// One field-level difference of a changed resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `path: old → new`; `None` is an absent field. Values are already rendered and
    /// masked.
    Value {
        /// The field path.
        path: String,
        /// The old value, rendered.
        old: Option<String>,
        /// The new value, rendered.
        new: Option<String>,
        /// Set when both renderings are equal but the values are not (the difference is
        /// in a masked part).
        note: Option<&'static str>,
    },
    /// A multi-line string that changed (or appeared, or went away): a line diff.
    Text {
        /// The field path.
        path: String,
        /// Whether the field is absent on the old side.
        old_absent: bool,
        /// Whether the field is absent on the new side.
        new_absent: bool,
        /// `(tag, line)`: `'-'` old only, `'+'` new only, `' '` context, `'…'` a gap
        /// between parts of the diff. Lines are sanitized.
        lines: Vec<(char, String)>,
        /// Set when the lines print the same (the difference is in a masked part).
        note: Option<&'static str>,
    },
    /// The items of a named list kept their names but not their order.
    Order {
        /// The list's path.
        path: String,
        /// The names common to both sides, in old order.
        old: Vec<String>,
        /// The same names in new order.
        new: Vec<String>,
    },
}

/// What differs between two sides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Resources only on the new side, sorted by identity (group, kind, namespace,
    /// name: core kinds first).
    pub added: Vec<ResourceId>,
    /// Resources only on the old side, sorted by identity.
    pub removed: Vec<ResourceId>,
    /// Resources on both sides that differ, with their changes, sorted by identity.
    pub changed: Vec<(ResourceId, Vec<Change>)>,
    /// How many resources are on both sides and equal.
    pub unchanged: usize,
}

impl Report {
    /// Whether the sides differ at all.
    pub fn differs(&self) -> bool {
        !(self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty())
    }

    /// `1 added, 1 removed, 2 changed, 3 unchanged`.
    pub fn counts(&self) -> String {
        format!(
            "{} added, {} removed, {} changed, {} unchanged",
            self.added.len(),
            self.removed.len(),
            self.changed.len(),
            self.unchanged
        )
    }
}

/// Matches resources by identity and compares each pair field by field.
pub fn compare(old: &[Resource], new: &[Resource]) -> Report {
    let old_by_id: HashMap<&ResourceId, &Resource> = old.iter().map(|r| (&r.id, r)).collect();
    let new_ids: HashSet<&ResourceId> = new.iter().map(|r| &r.id).collect();
    let mut report = Report::default();
    for r in new {
        match old_by_id.get(&r.id) {
            None => report.added.push(r.id.clone()),
            Some(o) => {
                let changes = compare_values(&o.doc.value, &r.doc.value, r.id.is_secret());
                if changes.is_empty() {
                    report.unchanged += 1;
                } else {
                    report.changed.push((r.id.clone(), changes));
                }
            }
        }
    }
    report.removed = old
        .iter()
        .filter(|r| !new_ids.contains(&r.id))
        .map(|r| r.id.clone())
        .collect();
    // The same order whatever the form of the inputs (stream, folder, render).
    report.added.sort();
    report.removed.sort();
    report.changed.sort_by(|a, b| a.0.cmp(&b.0));
    report
}

/// Field-level changes between two documents; `secret_resource` masks `data` and
/// `stringData` (a core `Secret`).
pub fn compare_values(old: &Value, new: &Value, secret_resource: bool) -> Vec<Change> {
    let mut w = Walker::default();
    w.value(
        Some(old),
        Some(new),
        Ctx {
            secret: false,
            secret_root: secret_resource,
        },
    );
    w.out
}

#[derive(Clone, Copy)]
struct Ctx {
    /// Values below here are masked.
    secret: bool,
    /// At the root of a Secret (its `data`/`stringData` are secret).
    secret_root: bool,
}

#[derive(Default)]
struct Walker {
    path: Vec<Segment>,
    out: Vec<Change>,
}

impl Walker {
    fn value(&mut self, old: Option<&Value>, new: Option<&Value>, ctx: Ctx) {
        match (old, new) {
            (None, None) => {}
            (Some(a), Some(b)) if a == b => {}
            (Some(Value::Map(a)), Some(Value::Map(b))) => self.maps(Some(a), Some(b), ctx),
            (Some(Value::List(a)), Some(Value::List(b))) => self.lists(Some(a), Some(b), ctx),
            _ => self.leaf(old, new, ctx),
        }
    }

    fn maps(&mut self, a: Option<&Map>, b: Option<&Map>, ctx: Ctx) {
        let keys: BTreeSet<&String> = a
            .into_iter()
            .flat_map(|m| m.keys())
            .chain(b.into_iter().flat_map(|m| m.keys()))
            .collect();
        for k in keys {
            let child = Ctx {
                secret: ctx.secret
                    || (ctx.secret_root && (k == "data" || k == "stringData"))
                    || (k == "value" && mask::value_is_secret(a, b)),
                secret_root: false,
            };
            self.path.push(Segment::Key(k.clone()));
            self.value(a.and_then(|m| m.get(k)), b.and_then(|m| m.get(k)), child);
            self.path.pop();
        }
    }

    fn lists(&mut self, a: Option<&[Value]>, b: Option<&[Value]>, ctx: Ctx) {
        let (la, lb) = (a.unwrap_or(&[]), b.unwrap_or(&[]));
        let ctx = Ctx {
            secret_root: false,
            ..ctx
        };
        if let Some((na, nb)) = named(la, lb) {
            self.named_lists(la, lb, &na, &nb, ctx);
            return;
        }
        let key = |v: &Value| serde_json::to_string(&v.to_json()).unwrap_or_default();
        let ka: Vec<String> = la.iter().map(key).collect();
        let kb: Vec<String> = lb.iter().map(key).collect();
        for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
            let (oi, ol, ni, nl) = match op {
                DiffOp::Equal { .. } => continue,
                DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                } => (old_index, old_len, new_index, 0),
                DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => (old_index, 0, new_index, new_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => (old_index, old_len, new_index, new_len),
            };
            let paired = ol.min(nl);
            for k in 0..paired {
                let (i, j) = (oi + k, ni + k);
                let seg = if i == j {
                    Segment::Index(i)
                } else {
                    Segment::Moved(i, j)
                };
                self.path.push(seg);
                self.value(la.get(i), lb.get(j), ctx);
                self.path.pop();
            }
            for i in oi + paired..oi + ol {
                self.path.push(Segment::Index(i));
                self.value(la.get(i), None, ctx);
                self.path.pop();
            }
            for j in ni + paired..ni + nl {
                self.path.push(Segment::Index(j));
                self.value(None, lb.get(j), ctx);
                self.path.pop();
            }
        }
    }

    fn named_lists(&mut self, la: &[Value], lb: &[Value], na: &[&str], nb: &[&str], ctx: Ctx) {
        let in_a: HashMap<&str, usize> = na.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let in_b: HashSet<&str> = nb.iter().copied().collect();
        let common_a: Vec<String> = na
            .iter()
            .filter(|n| in_b.contains(*n))
            .map(|n| n.to_string())
            .collect();
        let common_b: Vec<String> = nb
            .iter()
            .filter(|n| in_a.contains_key(*n))
            .map(|n| n.to_string())
            .collect();
        if common_a != common_b {
            self.out.push(Change::Order {
                path: format_path(&self.path),
                old: common_a,
                new: common_b,
            });
        }
        let visit = |w: &mut Walker, name: &str, a: Option<&Value>, b: Option<&Value>| {
            w.path.push(Segment::Named(name.to_string()));
            w.value(a, b, ctx);
            w.path.pop();
        };
        for op in capture_diff_slices(Algorithm::Myers, na, nb) {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            if let DiffOp::Equal { .. } = op {
                for (i, j) in old_range.zip(new_range) {
                    visit(self, na[i], la.get(i), lb.get(j));
                }
                continue;
            }
            for i in old_range {
                if !in_b.contains(na[i]) {
                    visit(self, na[i], la.get(i), None);
                }
            }
            for j in new_range {
                let old_item = in_a.get(nb[j]).and_then(|&i| la.get(i));
                visit(self, nb[j], old_item, lb.get(j));
            }
        }
    }

    fn leaf(&mut self, old: Option<&Value>, new: Option<&Value>, ctx: Ctx) {
        let path = format_path(&self.path);
        if !ctx.secret {
            let multi = |v: Option<&Value>| matches!(v, Some(Value::Str(s)) if s.contains('\n'));
            let textual = |v: Option<&Value>| matches!(v, None | Some(Value::Str(_)));
            if (multi(old) || multi(new)) && textual(old) && textual(new) {
                self.out.push(text_change(
                    path,
                    old.and_then(Value::as_str).unwrap_or(""),
                    new.and_then(Value::as_str).unwrap_or(""),
                    old.is_none(),
                    new.is_none(),
                ));
                return;
            }
        }
        let big = |v: Option<&Value>| match v {
            Some(Value::Map(m)) => !m.is_empty(),
            Some(Value::List(l)) => !l.is_empty(),
            _ => false,
        };
        let o = old.map(|v| inline(v, ctx.secret));
        let n = new.map(|v| inline(v, ctx.secret));
        let fits =
            |s: &Option<String>| s.as_ref().is_none_or(|s| s.chars().count() <= INLINE_LIMIT);
        if !(big(old) || big(new)) || (fits(&o) && fits(&n)) {
            let note = (!ctx.secret && o.is_some() && o == n)
                .then_some("(the difference is in masked credentials)");
            self.out.push(Change::Value {
                path,
                old: o,
                new: n,
                note,
            });
            return;
        }
        // Too big to print on one line: list the old side's fields as removed and the
        // new side's as added.
        let ctx = Ctx {
            secret_root: false,
            ..ctx
        };
        match old {
            Some(Value::Map(m)) if !m.is_empty() => self.maps(Some(m), None, ctx),
            Some(Value::List(l)) if !l.is_empty() => self.lists(Some(l), None, ctx),
            Some(_) => self.out.push(Change::Value {
                path: path.clone(),
                old: o,
                new: None,
                note: None,
            }),
            None => {}
        }
        match new {
            Some(Value::Map(m)) if !m.is_empty() => self.maps(None, Some(m), ctx),
            Some(Value::List(l)) if !l.is_empty() => self.lists(None, Some(l), ctx),
            Some(_) => self.out.push(Change::Value {
                path,
                old: None,
                new: n,
                note: None,
            }),
            None => {}
        }
    }
}

/// The names of a named list's items on each side: every item on both sides is a map
/// with a string `name`, and names are unique on each side. `None` otherwise (and for
/// two empty lists).
fn named<'a>(la: &'a [Value], lb: &'a [Value]) -> Option<(Vec<&'a str>, Vec<&'a str>)> {
    if la.is_empty() && lb.is_empty() {
        return None;
    }
    let names = |l: &'a [Value]| -> Option<Vec<&'a str>> {
        let names: Vec<&str> = l
            .iter()
            .map(|v| v.as_map()?.get("name")?.as_str())
            .collect::<Option<_>>()?;
        let unique: HashSet<&str> = names.iter().copied().collect();
        (unique.len() == names.len()).then_some(names)
    };
    Some((names(la)?, names(lb)?))
}

/// A line diff of two multi-line strings, two lines of context around each change.
fn text_change(path: String, old: &str, new: &str, old_absent: bool, new_absent: bool) -> Change {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .timeout(std::time::Duration::from_secs(5))
        .diff_lines(old, new);
    let mut lines = Vec::new();
    for (g, group) in diff.grouped_ops(2).iter().enumerate() {
        if g > 0 {
            lines.push(('…', String::new()));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let tag = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                let text = change.value().trim_end_matches(['\n', '\r']);
                lines.push((tag, mask::sanitize(text).into_owned()));
            }
        }
    }
    let old_lines: Vec<&String> = lines.iter().filter(|l| l.0 != '+').map(|l| &l.1).collect();
    let new_lines: Vec<&String> = lines.iter().filter(|l| l.0 != '-').map(|l| &l.1).collect();
    let note = (!old_absent && !new_absent && old_lines == new_lines)
        .then_some("(the difference is in masked credentials)");
    Change::Text {
        path,
        old_absent,
        new_absent,
        lines,
        note,
    }
}

/// A value on one line: JSON-like scalars (strings sanitized), `[a, b]`, `{k: v}`;
/// with `secret`, every scalar prints as [`MASK`]. The env-var rule of [`super::mask`]
/// applies to maps inside.
pub fn inline(v: &Value, secret: bool) -> String {
    let mut out = String::new();
    write_inline(v, secret, &mut out);
    out
}

fn write_inline(v: &Value, secret: bool, out: &mut String) {
    match v {
        Value::List(l) => {
            out.push('[');
            for (i, item) in l.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_inline(item, secret, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if simple_key(k) {
                    out.push_str(k);
                } else {
                    out.push_str(&quote(k));
                }
                out.push_str(": ");
                let masked = secret || (k == "value" && mask::value_is_secret(Some(m), None));
                write_inline(item, masked, out);
            }
            out.push('}');
        }
        _ if secret => out.push_str(MASK),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&crate::gofmt::format_float_v(*f)),
        Value::Str(s) => out.push_str(&quote(&mask::sanitize(s))),
    }
}

/// The summary report: added (`+`), removed (`-`) and changed (`~`) resources, each
/// change below its resource, then a count line. `no differences (N resources)` when
/// the sides are equal.
pub fn render_summary(report: &Report, paint: Paint) -> String {
    let mut out = String::new();
    if !report.differs() {
        let _ = writeln!(
            out,
            "no differences ({} resource{})",
            report.unchanged,
            if report.unchanged == 1 { "" } else { "s" }
        );
        return out;
    }
    for id in &report.added {
        let _ = writeln!(out, "{}", paint.green(&format!("+ {id}")));
    }
    for id in &report.removed {
        let _ = writeln!(out, "{}", paint.red(&format!("- {id}")));
    }
    for (id, changes) in &report.changed {
        let _ = writeln!(out, "{}", paint.yellow(&format!("~ {id}")));
        for c in changes {
            write_change(&mut out, c, paint);
        }
    }
    let _ = writeln!(out, "\n{}", report.counts());
    out
}

const ABSENT: &str = "(none)";

fn write_change(out: &mut String, change: &Change, paint: Paint) {
    match change {
        Change::Value {
            path,
            old,
            new,
            note,
        } => {
            let old = old.as_deref().unwrap_or(ABSENT);
            let new = new.as_deref().unwrap_or(ABSENT);
            let _ = write!(out, "    {path}: {old} → {new}");
            if let Some(n) = note {
                let _ = write!(out, " {n}");
            }
            out.push('\n');
        }
        Change::Text {
            path,
            old_absent,
            new_absent,
            lines,
            note,
        } => {
            let what = match (old_absent, new_absent) {
                (true, _) => "(none) → text",
                (_, true) => "text → (none)",
                _ => "text changed",
            };
            let _ = write!(out, "    {path}: {what}");
            if let Some(n) = note {
                let _ = write!(out, " {n}");
            }
            out.push('\n');
            for (tag, line) in lines {
                let text = match tag {
                    '…' => "      …".to_string(),
                    t => format!("      {t} {line}"),
                };
                let painted = match tag {
                    '-' => paint.red(&text),
                    '+' => paint.green(&text),
                    _ => text,
                };
                let _ = writeln!(out, "{}", painted.trim_end());
            }
        }
        Change::Order { path, old, new } => {
            let _ = writeln!(
                out,
                "    {path}: order {} → {}",
                old.join(", "),
                new.join(", ")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::load::parse_document;

    fn changes(old: &str, new: &str) -> Vec<String> {
        let (a, b) = (parse_document(old).unwrap(), parse_document(new).unwrap());
        let mut out = String::new();
        for c in compare_values(&a, &b, false) {
            write_change(&mut out, &c, Paint::default());
        }
        out.lines().map(|l| l.trim_start().to_string()).collect()
    }

    #[test]
    fn paths() {
        let p = [
            Segment::Key("metadata".into()),
            Segment::Key("labels".into()),
            Segment::Key("app.kubernetes.io/name".into()),
        ];
        assert_eq!(
            format_path(&p),
            "metadata.labels[\"app.kubernetes.io/name\"]"
        );
        let p = [
            Segment::Key("env".into()),
            Segment::Named("0".into()),
            Segment::Key("value".into()),
            Segment::Index(2),
            Segment::Moved(1, 3),
        ];
        assert_eq!(format_path(&p), "env[\"0\"].value[2][1→3]");
    }

    #[test]
    fn scalars_maps_and_named_lists() {
        assert_eq!(
            changes(
                "spec: {replicas: 3, a: {x: 1}}\n",
                "spec: {replicas: 5, a: {z: \"1\"}}\n"
            ),
            [
                "spec.a.x: 1 → (none)",
                "spec.a.z: (none) → \"1\"",
                "spec.replicas: 3 → 5"
            ]
        );
        // An insertion into a named list is one added item, later items unchanged.
        assert_eq!(
            changes(
                "env: [{name: A, value: a}, {name: B, value: b}]\n",
                "env: [{name: A, value: a}, {name: NEW, value: nv}, {name: B, value: c}]\n"
            ),
            [
                "env[NEW]: (none) → {name: \"NEW\", value: \"nv\"}",
                "env[B].value: \"b\" → \"c\""
            ]
        );
        assert_eq!(
            changes(
                "env: [{name: A}, {name: B}]\n",
                "env: [{name: B}, {name: A}]\n"
            ),
            ["env: order A, B → B, A"]
        );
        // A whole item added inline still masks a secret-looking variable.
        assert_eq!(
            changes(
                "env: [{name: A, value: a}]\n",
                "env: [{name: A, value: a}, {name: API_TOKEN, value: tok123}]\n"
            ),
            ["env[API_TOKEN]: (none) → {name: \"API_TOKEN\", value: <masked>}"]
        );
    }

    #[test]
    fn unnamed_lists_align_by_content() {
        assert_eq!(
            changes("args: [a, b, c]\n", "args: [a, x, b, c]\n"),
            ["args[1]: (none) → \"x\""]
        );
        assert_eq!(
            changes("args: [a, b, c]\n", "args: [a, c]\n"),
            ["args[1]: \"b\" → (none)"]
        );
        assert_eq!(
            changes("t: [{k: 1}, {k: 2}]\n", "t: [{k: 1}, {k: 3}]\n"),
            ["t[1].k: 2 → 3"]
        );
        // Changed and moved: both positions.
        assert_eq!(
            changes("t: [a, {k: 1}]\n", "t: [x, a, {k: 2}]\n"),
            ["t[0]: (none) → \"x\"", "t[1→2].k: 1 → 2"]
        );
    }

    #[test]
    fn big_values_are_listed_field_by_field() {
        let long = "x".repeat(90);
        let got = changes("a: 1\n", &format!("a: 1\nb: {{c: {long}, d: [1, 2]}}\n"));
        assert_eq!(
            got,
            [
                format!("b.c: (none) → \"{long}\""),
                "b.d: (none) → [1, 2]".to_string()
            ]
        );
    }

    #[test]
    fn multi_line_strings_diff_by_line() {
        let got = changes("s: \"a\\nb\\nc\\n\"\n", "s: \"a\\nB\\nc\\n\"\n");
        assert_eq!(got, ["s: text changed", "a", "- b", "+ B", "c"]);
    }

    #[test]
    fn secret_values_never_print() {
        let a = parse_document("kind: Secret\ndata: {password: aGVsbG8=, same: eA==}\nstringData: {t: tval1}\nenv: [{name: DB_PASSWORD, value: hunter2}, {name: U, value: \"postgres://u:pw@h/d\"}]\n").unwrap();
        let b = parse_document("kind: Secret\ndata: {password: d29ybGQ=, same: eA==, new: eQ==}\nstringData: {t: tval2}\nenv: [{name: DB_PASSWORD, value: hunter3}, {name: U, value: \"postgres://u:pw2@h/d\"}]\n").unwrap();
        let mut out = String::new();
        for c in compare_values(&a, &b, true) {
            write_change(&mut out, &c, Paint::default());
        }
        assert_eq!(
            out,
            "    data.new: (none) → <masked>\n    data.password: <masked> → <masked>\n    env[DB_PASSWORD].value: <masked> → <masked>\n    env[U].value: \"postgres://***@h/d\" → \"postgres://***@h/d\" (the difference is in masked credentials)\n    stringData.t: <masked> → <masked>\n"
        );
        for secret in ["aGVsbG8", "d29ybGQ", "hunter", "pw2", "tval"] {
            assert!(!out.contains(secret), "{secret} leaked: {out}");
        }
    }
}
