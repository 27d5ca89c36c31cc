//! Post-render patches (`template --patch FILE`): RFC 6902 JSON Patch and RFC 7386 merge
//! patch entries applied to rendered documents selected by kind and name.
//!
//! # The patch file
//!
//! A patch file is YAML, read exactly like a values file (go-yaml v2, YAML 1.1, then a
//! JSON round trip, so every number is a float64 and integral ones print as integers).
//! Its top level is a map with one key, `patches`, holding a list of entries. Each
//! entry has a `target` and exactly one of `patch` (an RFC 6902 JSON Patch: a list of
//! operations) or `merge` (an RFC 7386 merge patch: a map).
//!
//! ```yaml
//! patches:
//!   # RFC 6902: operations applied in order; paths are JSON pointers.
//!   - target:
//!       kind: Deployment
//!       name: permify            # metadata.name, exactly
//!       namespace: prod          # optional
//!       apiVersion: apps/v1      # optional
//!     patch:
//!       - op: replace
//!         path: /spec/replicas
//!         value: 5
//!       - op: add
//!         path: /spec/template/spec/nodeSelector
//!         value: {pool: permify}
//!   # RFC 7386: maps merge key by key, null deletes, anything else replaces.
//!   - target: {kind: Service, name: permify}
//!     merge:
//!       metadata:
//!         annotations:
//!           service.beta.kubernetes.io/aws-load-balancer-internal: "true"
//! ```
//!
//! # Matching and order
//!
//! - A target matches every document of the render (ordinary manifests and hooks, also
//!   those that `--no-hooks`, `--skip-tests` or `--show-only` then leave out) whose
//!   `kind` and `metadata.name` are equal to the target's, and, when given, whose
//!   `apiVersion` and namespace are equal too. A document without `metadata.namespace`
//!   is in the release namespace (`-n`), where `helm install` would put it.
//! - Patch files apply in command-line order, entries in file order, each entry to
//!   every matching document in Helm's output order; an entry sees what earlier entries
//!   did (a renamed document is matched by its new name).
//! - An entry that matches no document is an error, as is an operation that fails
//!   (a `test` that does not hold, a path that does not exist): the error names the
//!   file, the entry (`patches[1]`), the operation (`patch[0]`), its JSON pointer and
//!   the document.
//!
//! # Output
//!
//! Documents no entry matched, or whose entries changed nothing (a JSON Patch of `test`
//! operations only, a merge of what is already there), are printed byte for byte as
//! rendered. A changed
//! document is re-emitted the way the chart's `toYaml` would print it (Helm's
//! `toYaml`: keys sorted, go-yaml v2 quoting, lists not indented under their key), under
//! its original `# Source:` header and at its original place in the output (a patch
//! does not move a document, nor turn a manifest into a hook or back).

use serde_json::Value as J;

use crate::manifest::{Manifest, Sorted};
use crate::values::load::{Locations, load_values, pointer_escape};
use crate::values::{Map, Value};

/// A parsed patch file.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchFile {
    /// The name the file was given on the command line.
    pub origin: String,
    /// Its entries, in file order.
    pub entries: Vec<Entry>,
}

/// One entry of a patch file.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Position in the `patches` list, from 0.
    pub index: usize,
    /// Line of the entry in the file, from 1 (when known).
    pub line: Option<usize>,
    /// Which documents it applies to.
    pub target: Target,
    /// What it does to them.
    pub action: Action,
}

/// The documents an entry applies to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Target {
    /// `kind`, exactly (e.g. `Deployment`).
    pub kind: String,
    /// `metadata.name`, exactly.
    pub name: String,
    /// `metadata.namespace` (the release namespace when the document has none).
    pub namespace: Option<String>,
    /// `apiVersion` (e.g. `apps/v1`).
    pub api_version: Option<String>,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.kind, self.name)?;
        if let Some(api) = &self.api_version {
            write!(f, " (apiVersion {api})")?;
        }
        if let Some(ns) = &self.namespace {
            write!(f, " in namespace {ns}")?;
        }
        Ok(())
    }
}

/// What an entry does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// RFC 6902 operations, applied in order (all or nothing per document), each with
    /// its line in the file when known.
    Json(Vec<(json_patch::PatchOperation, Option<usize>)>),
    /// An RFC 7386 merge patch (a JSON object).
    Merge(J),
}

/// Why patching failed: the patch file, the entry and operation, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchError {
    /// The patch file, as named on the command line.
    pub origin: String,
    /// The whole message (it already names the file, entry, operation and pointer).
    pub message: String,
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PatchError {}

/// Where an error is in a patch file: `p.yaml: patches[1] (line 9)`.
fn entry_place(origin: &str, index: usize, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{origin}: patches[{index}] (line {l})"),
        None => format!("{origin}: patches[{index}]"),
    }
}

fn line_of(locations: &Locations, pointer: &str) -> Option<usize> {
    locations.get(pointer).map(|l| l.line)
}

/// Parses a patch file (see the module documentation for the format).
///
/// `bytes` is the file's content; `origin` names it in errors.
///
/// # Errors
/// YAML syntax errors (with line, column and the source line), a top level that is not
/// a map with a `patches` list, unknown keys, a `target` without a string `kind` and
/// `name`, an entry with both or neither of `patch` and `merge`, an operation that is
/// not a valid RFC 6902 operation (unknown `op`, missing `value`, a `path` that is not
/// a JSON pointer), a `merge` that is not a map.
pub fn parse_patch_file(bytes: &[u8], origin: &str) -> Result<PatchFile, PatchError> {
    let fail = |message: String| PatchError {
        origin: origin.to_string(),
        message,
    };
    let loaded = load_values(bytes, origin).map_err(|e| {
        let hint = if e.message.contains("must be a map of keys, not a list") {
            "\n  A patch file is a map: put the list of entries under a top-level `patches:` key."
        } else {
            ""
        };
        fail(format!("invalid patch file {e}{hint}"))
    })?;
    let locs = &loaded.locations;
    if let Some(k) = loaded.values.keys().find(|k| *k != "patches") {
        return Err(fail(format!(
            "{origin}: unknown top-level key `{k}` (line {}): a patch file has one key, `patches`, holding a list of entries",
            line_of(locs, &format!("/{}", pointer_escape(k))).unwrap_or(1)
        )));
    }
    let list = match loaded.values.get("patches") {
        Some(Value::List(l)) => l,
        Some(other) => {
            return Err(fail(format!(
                "{origin}: `patches` (line {}) must be a list of entries, not {}",
                line_of(locs, "/patches").unwrap_or(1),
                other.json_type()
            )));
        }
        None => {
            return Err(fail(format!(
                "{origin}: no `patches` key: a patch file is a map whose `patches` key holds a list of entries, each with a `target` and a `patch` or `merge`"
            )));
        }
    };
    let mut entries = Vec::with_capacity(list.len());
    for (index, item) in list.iter().enumerate() {
        let at = format!("/patches/{index}");
        let line = line_of(locs, &at);
        let place = entry_place(origin, index, line);
        entries.push(
            parse_entry(item, index, line, &at, locs).map_err(|m| fail(format!("{place}: {m}")))?,
        );
    }
    Ok(PatchFile {
        origin: origin.to_string(),
        entries,
    })
}

fn parse_entry(
    item: &Value,
    index: usize,
    line: Option<usize>,
    at: &str,
    locs: &Locations,
) -> Result<Entry, String> {
    let Value::Map(map) = item else {
        return Err(format!(
            "an entry must be a map with `target` and `patch` or `merge`, not {}",
            item.json_type()
        ));
    };
    if let Some(k) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "target" | "patch" | "merge"))
    {
        return Err(format!(
            "unknown key `{k}` (an entry has `target` and one of `patch` (RFC 6902 operations) or `merge` (RFC 7386 merge patch))"
        ));
    }
    let target = match map.get("target") {
        Some(Value::Map(t)) => parse_target(t)?,
        Some(other) => {
            return Err(format!(
                "`target` must be a map with `kind` and `name`, not {}",
                other.json_type()
            ));
        }
        None => return Err("`target` is missing (a map with `kind` and `name`)".into()),
    };
    let action = match (map.get("patch"), map.get("merge")) {
        (Some(_), Some(_)) => {
            return Err("has both `patch` and `merge`: use one per entry".into());
        }
        (None, None) => {
            return Err(
                "has neither `patch` (RFC 6902 operations) nor `merge` (RFC 7386 merge patch)"
                    .into(),
            );
        }
        (Some(Value::List(ops)), None) => {
            let mut parsed = Vec::with_capacity(ops.len());
            for (i, op) in ops.iter().enumerate() {
                let op_line = line_of(locs, &format!("{at}/patch/{i}"));
                let line_note = op_line.map(|l| format!(" (line {l})")).unwrap_or_default();
                let operation: json_patch::PatchOperation =
                    serde_json::from_value(op.to_json()).map_err(|e| {
                        format!(
                            "patch[{i}]{line_note} is not a valid RFC 6902 operation: {e} (expected e.g. {{op: replace, path: /spec/replicas, value: 3}}; ops are add, remove, replace, move, copy, test)"
                        )
                    })?;
                parsed.push((operation, op_line));
            }
            Action::Json(parsed)
        }
        (Some(other), None) => {
            return Err(format!(
                "`patch` must be a list of RFC 6902 operations, not {}",
                other.json_type()
            ));
        }
        (None, Some(m @ Value::Map(_))) => Action::Merge(m.to_json()),
        (None, Some(other)) => {
            return Err(format!(
                "`merge` must be a map (an RFC 7386 merge patch of the document), not {}",
                other.json_type()
            ));
        }
    };
    Ok(Entry {
        index,
        line,
        target,
        action,
    })
}

fn parse_target(t: &Map) -> Result<Target, String> {
    if let Some(k) = t
        .keys()
        .find(|k| !matches!(k.as_str(), "kind" | "name" | "namespace" | "apiVersion"))
    {
        return Err(format!(
            "unknown key `target.{k}` (a target has `kind`, `name`, and optionally `namespace` and `apiVersion`)"
        ));
    }
    let text = |key: &str, required: bool| -> Result<Option<String>, String> {
        match t.get(key) {
            Some(Value::Str(s)) if !s.is_empty() => Ok(Some(s.clone())),
            None if !required => Ok(None),
            None => Err(format!("`target.{key}` is missing")),
            Some(other) => Err(format!(
                "`target.{key}` must be a non-empty string, not {}",
                match other {
                    Value::Str(_) => "an empty string",
                    v => v.json_type(),
                }
            )),
        }
    };
    Ok(Target {
        kind: text("kind", true)?.unwrap_or_default(),
        name: text("name", true)?.unwrap_or_default(),
        namespace: text("namespace", false)?,
        api_version: text("apiVersion", false)?,
    })
}

/// A document while patches are applied: its JSON form (parsed when first needed) and,
/// once an entry matched it, its JSON form before any patch.
struct Doc<'a> {
    manifest: &'a mut Manifest,
    json: Option<J>,
    original: Option<J>,
}

impl Doc<'_> {
    fn json(&mut self) -> Result<&mut J, PatchError> {
        if self.json.is_none() {
            let value =
                crate::values::load::parse_document(&self.manifest.content).map_err(|e| {
                    PatchError {
                        origin: String::new(),
                        message: format!(
                            "{} renders a document that cannot be read for patching: {}",
                            self.manifest.path, e.message
                        ),
                    }
                })?;
            self.json = Some(value.to_json());
        }
        Ok(self.json.get_or_insert(J::Null))
    }

    /// `Kind/name`, for messages.
    fn label(&self) -> String {
        let j = self.json.as_ref();
        let kind = j.and_then(|j| j.get("kind")).and_then(J::as_str);
        let name = j
            .and_then(|j| j.pointer("/metadata/name"))
            .and_then(J::as_str);
        format!(
            "{}/{} ({})",
            kind.unwrap_or(&self.manifest.head.kind),
            name.unwrap_or(&self.manifest.head.name),
            self.manifest.path
        )
    }
}

fn str_at<'j>(j: &'j J, pointer: &str) -> Option<&'j str> {
    j.pointer(pointer).and_then(J::as_str)
}

fn matches(target: &Target, doc: &J, release_namespace: &str) -> bool {
    str_at(doc, "/kind") == Some(target.kind.as_str())
        && str_at(doc, "/metadata/name") == Some(target.name.as_str())
        && target
            .api_version
            .as_ref()
            .is_none_or(|a| str_at(doc, "/apiVersion") == Some(a.as_str()))
        && target.namespace.as_ref().is_none_or(|ns| {
            let doc_ns = match doc.pointer("/metadata/namespace") {
                None | Some(J::Null) => Some(release_namespace),
                Some(v) => v.as_str(),
            };
            doc_ns == Some(ns.as_str())
        })
}

/// Applies patch files, in order, to a sorted render.
///
/// `release_namespace` is `-n` (the namespace of documents that name none). Documents
/// no entry matches keep their text; patched ones get Helm's `toYaml` form and a
/// re-read head. See the module documentation for matching.
///
/// # Errors
/// An entry matching no document, a failing operation (naming file, entry, operation
/// and JSON pointer), a document a patch turns into something other than a map, or one
/// whose new content cannot be written as YAML.
pub fn apply(
    sorted: &mut Sorted,
    files: &[PatchFile],
    release_namespace: &str,
) -> Result<(), PatchError> {
    if files.iter().all(|f| f.entries.is_empty()) {
        return Ok(());
    }
    let mut docs: Vec<Doc> = sorted
        .manifests
        .iter_mut()
        .chain(sorted.hooks.iter_mut().map(|h| &mut h.manifest))
        .map(|manifest| Doc {
            manifest,
            json: None,
            original: None,
        })
        .collect();
    for file in files {
        let origin = file.origin.as_str();
        for entry in &file.entries {
            let place = entry_place(origin, entry.index, entry.line);
            let with_place = |mut e: PatchError| {
                e.origin = origin.to_string();
                e.message = format!("{place}: {}", e.message);
                e
            };
            let mut hits = 0;
            for doc in docs.iter_mut() {
                if !matches(
                    &entry.target,
                    doc.json().map_err(with_place)?,
                    release_namespace,
                ) {
                    continue;
                }
                hits += 1;
                let label = doc.label();
                if doc.original.is_none() {
                    doc.original = doc.json.clone();
                }
                let json = doc.json().map_err(with_place)?;
                match &entry.action {
                    Action::Json(ops) => {
                        let only: Vec<json_patch::PatchOperation> =
                            ops.iter().map(|(op, _)| op.clone()).collect();
                        if let Err(e) = json_patch::patch(json, &only) {
                            return Err(PatchError {
                                origin: origin.to_string(),
                                message: op_failure(&place, &e, ops, &label),
                            });
                        }
                    }
                    Action::Merge(m) => json_patch::merge(json, m),
                }
                if !json.is_object() {
                    return Err(PatchError {
                        origin: origin.to_string(),
                        message: format!(
                            "{place}: turns {label} into {}; a manifest must stay a map",
                            json_kind(json)
                        ),
                    });
                }
            }
            if hits == 0 {
                let mut seen: Vec<String> = Vec::new();
                for doc in docs.iter_mut() {
                    let j = doc.json().map_err(with_place)?;
                    if let (Some(k), Some(n)) = (str_at(j, "/kind"), str_at(j, "/metadata/name")) {
                        seen.push(format!("{k}/{n}"));
                    }
                }
                return Err(PatchError {
                    origin: origin.to_string(),
                    message: format!(
                        "{place}: no document matches target {} (the render has: {})",
                        entry.target,
                        seen.join(", ")
                    ),
                });
            }
        }
    }
    // A document whose patches changed nothing (only `test` operations, a merge of what
    // is already there) keeps its bytes too.
    for doc in docs
        .iter_mut()
        .filter(|d| d.original.is_some() && d.original != d.json)
    {
        let label = doc.label();
        let json = doc.json.take().unwrap_or(J::Null);
        let text = crate::yaml::emit::to_yaml(&Value::from_json(&json));
        if text.is_empty() {
            return Err(PatchError {
                origin: String::new(),
                message: format!(
                    "the patched {label} cannot be written as YAML (a string holds characters YAML cannot carry, such as DEL or C1 controls, or the nesting is too deep)"
                ),
            });
        }
        let head =
            crate::manifest::parse_head(&doc.manifest.path, &text).map_err(|e| PatchError {
                origin: String::new(),
                message: format!(
                    "the patched {label} is not a manifest Helm can read: {}",
                    e.message
                ),
            })?;
        doc.manifest.content = text;
        doc.manifest.head = head;
    }
    Ok(())
}

fn json_kind(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::Bool(_) => "a boolean",
        J::Number(_) => "a number",
        J::String(_) => "a string",
        J::Array(_) => "a list",
        J::Object(_) => "a map",
    }
}

/// The message for a failing RFC 6902 operation.
fn op_failure(
    place: &str,
    e: &json_patch::PatchError,
    ops: &[(json_patch::PatchOperation, Option<usize>)],
    label: &str,
) -> String {
    use json_patch::{PatchErrorKind, PatchOperation as Op};
    let (op, line) = ops
        .get(e.operation)
        .map_or((None, None), |(op, line)| (Some(op), *line));
    let name = match op {
        Some(Op::Add(_)) => "add",
        Some(Op::Remove(_)) => "remove",
        Some(Op::Replace(_)) => "replace",
        Some(Op::Move(_)) => "move",
        Some(Op::Copy(_)) => "copy",
        Some(Op::Test(_)) => "test",
        None => "operation",
    };
    let line_note = line.map(|l| format!(" (line {l})")).unwrap_or_default();
    let from = match op {
        Some(Op::Move(m)) => Some(m.from.to_string()),
        Some(Op::Copy(c)) => Some(c.from.to_string()),
        _ => None,
    };
    let pointer = e.path.to_string();
    let why = match (&e.kind, &from) {
        (PatchErrorKind::InvalidFromPointer, Some(f)) => {
            format!("`from` {f:?} does not exist in the document")
        }
        (PatchErrorKind::InvalidPointer, _) => match name {
            "add" => {
                "its parent does not exist in the document (or the list index is out of range)"
                    .to_string()
            }
            _ => "nothing exists at that path in the document".to_string(),
        },
        (PatchErrorKind::TestFailed, _) => "the value there is not the expected one".to_string(),
        (kind, _) => kind.to_string(),
    };
    format!(
        "{place}: patch[{}]{line_note} ({name} at {pointer:?}) failed on {label}: {why}",
        e.operation
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{Head, sort_manifests};

    fn sorted(docs: &str) -> Sorted {
        sort_manifests(&[("permify/templates/x.yaml".to_string(), docs.to_string())])
            .expect("test render sorts")
    }

    fn file(text: &str) -> PatchFile {
        parse_patch_file(text.as_bytes(), "p.yaml").expect("test patch parses")
    }

    const DOCS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: other\nspec:\n  ports:\n    - port: 80\n";

    #[test]
    fn json_patch_replaces_and_reemits() {
        let mut s = sorted(DOCS);
        let p = file(
            "patches:\n- target: {kind: Deployment, name: web}\n  patch:\n  - {op: replace, path: /spec/replicas, value: 3}\n  - {op: add, path: /metadata/labels, value: {b: 'yes', a: 1.5}}\n",
        );
        apply(&mut s, &[p], "default").unwrap();
        assert_eq!(s.manifests[1].head.kind, "Deployment");
        assert_eq!(
            s.manifests[1].content,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    a: 1.5\n    b: \"yes\"\n  name: web\nspec:\n  replicas: 3"
        );
        // The Service is untouched, byte for byte.
        assert!(s.manifests[0].content.contains("    - port: 80"));
    }

    #[test]
    fn namespace_defaults_to_the_release_namespace() {
        let p = file(
            "patches:\n- target: {kind: Deployment, name: web, namespace: prod}\n  merge: {spec: {replicas: 2}}\n",
        );
        let mut s = sorted(DOCS);
        apply(&mut s, std::slice::from_ref(&p), "prod").unwrap();
        assert!(s.manifests[1].content.ends_with("replicas: 2"));
        let mut s = sorted(DOCS);
        let e = apply(&mut s, &[p], "default").unwrap_err();
        assert!(
            e.message.starts_with("p.yaml: patches[0] (line 2): no document matches target Deployment/web in namespace prod"),
            "{e}"
        );
        assert!(e.message.contains("Deployment/web"), "{e}");
    }

    #[test]
    fn merge_null_deletes_and_later_entries_see_new_names() {
        let mut s = sorted(DOCS);
        let p = file(
            "patches:\n- target: {kind: Service, name: web, apiVersion: v1}\n  merge: {metadata: {name: api, namespace: null}}\n- target: {kind: Service, name: api}\n  patch: [{op: test, path: /metadata/name, value: api}]\n",
        );
        apply(&mut s, &[p], "default").unwrap();
        assert_eq!(s.manifests[0].head.name, "api");
        assert_eq!(
            s.manifests[0].content,
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  ports:\n  - port: 80"
        );
    }

    #[test]
    fn failing_op_names_entry_op_and_pointer() {
        let mut s = sorted(DOCS);
        let p = file(
            "patches:\n- target: {kind: Deployment, name: web}\n  patch:\n  - {op: test, path: /spec/replicas, value: 1}\n  - op: remove\n    path: /spec/nope\n",
        );
        let e = apply(&mut s, &[p], "default").unwrap_err();
        assert_eq!(
            e.message,
            "p.yaml: patches[0] (line 2): patch[1] (line 5) (remove at \"/spec/nope\") failed on Deployment/web (permify/templates/x.yaml): nothing exists at that path in the document"
        );
    }

    #[test]
    fn bad_files_are_refused_with_their_place() {
        let cases: &[(&str, &str)] = &[
            (
                "- target: {}\n",
                "put the list of entries under a top-level `patches:` key",
            ),
            ("patches: {}\n", "`patches` (line 1) must be a list"),
            ("patch: []\n", "unknown top-level key `patch` (line 1)"),
            (
                "patches:\n- target: {kind: A}\n  merge: {}\n",
                "patches[0] (line 2): `target.name` is missing",
            ),
            (
                "patches:\n- target: {kind: A, name: b}\n",
                "has neither `patch`",
            ),
            (
                "patches:\n- target: {kind: A, name: b}\n  merge: []\n",
                "`merge` must be a map",
            ),
            (
                "patches:\n- target: {kind: A, name: b}\n  patch:\n  - {op: replace, path: spec}\n",
                "patch[0] (line 4) is not a valid RFC 6902 operation",
            ),
            (
                "patches:\n- target: {kind: A, name: b, nmae: c}\n  merge: {}\n",
                "unknown key `target.nmae`",
            ),
            ("patches: [\n", "invalid patch file p.yaml:"),
        ];
        for (text, want) in cases {
            let e = parse_patch_file(text.as_bytes(), "p.yaml").unwrap_err();
            assert!(e.message.contains(want), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_patch_must_leave_a_map() {
        let mut s = sorted(DOCS);
        let p = file(
            "patches:\n- target: {kind: Deployment, name: web}\n  patch: [{op: replace, path: '', value: 3}]\n",
        );
        let e = apply(&mut s, &[p], "default").unwrap_err();
        assert!(
            e.message
                .contains("into a number; a manifest must stay a map"),
            "{e}"
        );
    }

    #[test]
    fn patches_that_change_nothing_keep_the_bytes() {
        let mut s = sorted(DOCS);
        let before = s.clone();
        let p = file(
            "patches:\n- target: {kind: Deployment, name: web}\n  patch: [{op: test, path: /spec/replicas, value: 1}]\n- target: {kind: Service, name: web}\n  merge: {spec: {ports: [{port: 80}]}}\n",
        );
        apply(&mut s, &[p], "default").unwrap();
        assert_eq!(s, before);
    }

    #[test]
    fn no_entries_changes_nothing() {
        let mut s = sorted(DOCS);
        let before = s.clone();
        apply(&mut s, &[file("patches: []\n")], "default").unwrap();
        assert_eq!(s, before);
        assert_ne!(s.manifests[0].head, Head::default());
    }
}
