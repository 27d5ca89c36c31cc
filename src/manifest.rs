//! From rendered template files to `helm template` output: split into documents, sort
//! by Helm's install order, separate hooks, and print with `# Source:` headers.

use std::sync::LazyLock;

use regex::Regex;

use crate::values::Value;

/// Helm's install order of kinds (`releaseutil.InstallOrder`). Unknown kinds go last,
/// in alphabetical order.
pub const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Hook events Helm knows (`helm.sh/hook` annotation values).
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// Helm's document separator, `(?:^|\s*\n)---\s*` with Go's ASCII `\s`.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*").expect("valid regex"));

/// Splits a YAML stream into trimmed, non-empty documents (Helm's `SplitManifests`).
pub fn split_manifests(text: &str) -> Vec<&str> {
    SEPARATOR
        .split(text.trim())
        .filter(|d| !d.is_empty())
        .map(str::trim)
        .collect()
}

/// What Helm reads from a document to sort it (`SimpleHead`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Head {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.annotations`.
    pub annotations: Vec<(String, String)>,
}

impl Head {
    fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A document of the render, kept as Helm rendered it.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// The template path, `permify/templates/<file>`.
    pub path: String,
    /// The document text, trimmed.
    pub content: String,
    /// What Helm read from it.
    pub head: Head,
}

/// A hook document, with the hook events it declares.
#[derive(Clone, Debug, PartialEq)]
pub struct Hook {
    /// The document.
    pub manifest: Manifest,
    /// Events (`pre-install`, `test`, ...), lower-cased.
    pub events: Vec<String>,
}

impl Hook {
    /// Whether this is a test hook (`--skip-tests` drops these).
    pub fn is_test(&self) -> bool {
        self.events
            .iter()
            .any(|e| e == "test" || e == "test-success")
    }
}

/// Manifests and hooks of a render, each in Helm's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sorted {
    /// Ordinary resources, by install order of their kind.
    pub manifests: Vec<Manifest>,
    /// Hooks, by install order of their kind.
    pub hooks: Vec<Hook>,
}

/// A rendered document that Helm could not read as YAML (or whose head has the wrong
/// shape).
#[derive(Clone, Debug, PartialEq)]
pub struct ManifestError {
    /// Template path of the document.
    pub path: String,
    /// Position of the problem inside the document (1-based line and column), if known.
    pub line: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} renders invalid YAML", self.path)?;
        if let Some((l, c)) = self.line {
            write!(f, " (line {l}, column {c} of the document)")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Reads the head of a document as Helm does: YAML → JSON → `SimpleHead`, where
/// strings may also be written as numbers or booleans, and nulls are empty.
///
/// # Errors
/// The document is not YAML Helm reads (line and column inside the document), or its
/// head fields have the wrong shape.
pub fn parse_head(path: &str, doc: &str) -> Result<Head, ManifestError> {
    let value = crate::values::load::parse_document_head(doc).map_err(|e| ManifestError {
        path: path.to_string(),
        line: Some((e.line, e.column)),
        message: e.message.clone(),
    })?;
    head_of(path, &value)
}

/// The head of a document already read into values (`parse_head` after the YAML step).
///
/// # Errors
/// A root that is not a map, or head fields that are not strings (or numbers,
/// booleans, null), as Go's JSON decoder refuses them.
pub fn head_of(path: &str, value: &Value) -> Result<Head, ManifestError> {
    let fail = |message: String| ManifestError {
        path: path.to_string(),
        line: None,
        message,
    };
    let top = match value {
        Value::Null => return Ok(Head::default()),
        Value::Map(m) => m,
        other => {
            return Err(fail(format!(
                "a manifest must be a map, not {} (cannot unmarshal {} into SimpleHead)",
                other.json_type(),
                other.json_type()
            )));
        }
    };
    let field = |map: &crate::values::Map, key: &str, at: &str| -> Result<String, ManifestError> {
        scalar_string(map_get_fold(map, key)).ok_or_else(|| {
            fail(format!(
                "`{at}` must be a string, not {}",
                map_get_fold(map, key).map_or("null", Value::json_type)
            ))
        })
    };
    let mut head = Head {
        api_version: field(top, "apiVersion", "apiVersion")?,
        kind: field(top, "kind", "kind")?,
        ..Head::default()
    };
    match map_get_fold(top, "metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Map(meta)) => {
            head.name = field(meta, "name", "metadata.name")?;
            match map_get_fold(meta, "annotations") {
                None | Some(Value::Null) => {}
                Some(Value::Map(ann)) => {
                    for (k, v) in ann {
                        let s = scalar_string(Some(v)).ok_or_else(|| {
                            fail(format!(
                                "annotation `{k}` must be a string, not {}",
                                v.json_type()
                            ))
                        })?;
                        head.annotations.push((k.clone(), s));
                    }
                }
                Some(other) => {
                    return Err(fail(format!(
                        "`metadata.annotations` must be a map, not {}",
                        other.json_type()
                    )));
                }
            }
        }
        Some(other) => {
            return Err(fail(format!(
                "`metadata` must be a map, not {}",
                other.json_type()
            )));
        }
    }
    Ok(head)
}

/// Go's JSON decoder matches struct fields case-insensitively (exact match first).
fn map_get_fold<'a>(map: &'a crate::values::Map, key: &str) -> Option<&'a Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A scalar as a Go `string` field reads it (numbers and booleans converted the way
/// sigs.k8s.io/yaml does; null is empty). `None` for lists and maps.
fn scalar_string(v: Option<&Value>) -> Option<String> {
    Some(match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Str(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                (*f as i64).to_string()
            } else {
                crate::gofmt::format_float32_v(*f)
            }
        }
        Some(Value::List(_) | Value::Map(_)) => return None,
    })
}

fn kind_rank(kind: &str) -> Option<usize> {
    INSTALL_ORDER.iter().position(|k| *k == kind)
}

/// Helm's `lessByKind`: known kinds by install order, unknown kinds after them in
/// alphabetical order; equal ranks keep their order (the sort is stable).
fn cmp_kind(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (kind_rank(a), kind_rank(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Less,
        (None, Some(_)) => Greater,
        (None, None) => a.cmp(b),
    }
}

/// Helm's `SortManifests`: files in path order (partials and blank files skipped),
/// documents in file order, hooks separated (unknown hook events drop the document, as
/// Helm does), then a stable sort of each list by kind.
///
/// `files` are `(template path, rendered text)`.
pub fn sort_manifests(files: &[(String, String)]) -> Result<Sorted, ManifestError> {
    let mut order: Vec<&(String, String)> = files.iter().collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Sorted::default();
    for (path, content) in order {
        let base = path.rsplit('/').next().unwrap_or(path);
        if base.starts_with('_') || content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            let head = parse_head(path, doc)?;
            let manifest = Manifest {
                path: path.clone(),
                content: doc.to_string(),
                head,
            };
            let Some(hook_types) = manifest.head.annotation("helm.sh/hook").map(str::to_string)
            else {
                out.manifests.push(manifest);
                continue;
            };
            let events: Vec<String> = hook_types
                .split(',')
                .map(|e| e.trim().to_lowercase())
                .collect();
            if events.iter().all(|e| HOOK_EVENTS.contains(&e.as_str())) {
                out.hooks.push(Hook { manifest, events });
            }
        }
    }
    out.manifests
        .sort_by(|a, b| cmp_kind(&a.head.kind, &b.head.kind));
    out.hooks
        .sort_by(|a, b| cmp_kind(&a.manifest.head.kind, &b.manifest.head.kind));
    Ok(out)
}

/// Which parts of the render `helm template` prints.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    /// `--no-hooks`: leave hooks out.
    pub no_hooks: bool,
    /// `--skip-tests`: leave test hooks out.
    pub skip_tests: bool,
    /// `--show-only` patterns (Go `filepath.Match` globs on `templates/<file>`).
    pub show_only: Vec<String>,
}

/// The error when a `--show-only` pattern matches nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct ShowOnlyError {
    /// The pattern.
    pub pattern: String,
    /// Templates that did render something.
    pub available: Vec<String>,
}

impl std::fmt::Display for ShowOnlyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not find template {} in chart (--show-only matches `templates/<file>` paths that rendered output; these did: {})",
            self.pattern,
            self.available.join(", ")
        )
    }
}

/// The documents `helm template` prints, in order: `(path, content)`.
pub fn selected_documents<'a>(sorted: &'a Sorted, opts: &OutputOptions) -> Vec<(&'a str, &'a str)> {
    let mut docs: Vec<(&str, &str)> = sorted
        .manifests
        .iter()
        .map(|m| (m.path.as_str(), m.content.as_str()))
        .collect();
    if !opts.no_hooks {
        for h in &sorted.hooks {
            if opts.skip_tests && h.is_test() {
                continue;
            }
            docs.push((h.manifest.path.as_str(), h.manifest.content.as_str()));
        }
    }
    docs
}

/// `helm template`'s standard output for a render (without `--output-dir`).
pub fn template_output(sorted: &Sorted, opts: &OutputOptions) -> Result<String, ShowOnlyError> {
    let mut manifests = String::new();
    for m in &sorted.manifests {
        manifests.push_str(&format!("---\n# Source: {}\n{}\n", m.path, m.content));
    }
    let mut out = String::with_capacity(manifests.len() + 1024);
    out.push_str(manifests.trim());
    out.push('\n');
    if !opts.no_hooks {
        for h in &sorted.hooks {
            if opts.skip_tests && h.is_test() {
                continue;
            }
            out.push_str(&format!(
                "---\n# Source: {}\n{}\n",
                h.manifest.path, h.manifest.content
            ));
        }
    }
    if opts.show_only.is_empty() {
        return Ok(out);
    }
    show_only(&out, &opts.show_only)
}

static SOURCE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"# Source: [^/]+/(.+)").expect("valid regex"));

/// Helm's `--show-only` filter over the full output: documents re-split, each pattern
/// in turn selecting the documents whose `# Source:` path it matches.
pub fn show_only(full: &str, patterns: &[String]) -> Result<String, ShowOnlyError> {
    let docs = split_manifests(full);
    let named: Vec<(&str, &str)> = docs
        .iter()
        .filter_map(|d| {
            SOURCE_LINE
                .captures(d)
                .map(|c| (c.get(1).map_or("", |m| m.as_str()), *d))
        })
        .collect();
    let mut out = String::new();
    for pattern in patterns {
        let pattern_slash = pattern.replace('\\', "/");
        let mut found = false;
        for (path, doc) in &named {
            if glob_match(&pattern_slash, path) {
                out.push_str("---\n");
                out.push_str(doc);
                out.push('\n');
                found = true;
            }
        }
        if !found {
            let mut available: Vec<String> = named.iter().map(|(p, _)| p.to_string()).collect();
            available.dedup();
            return Err(ShowOnlyError {
                pattern: pattern.clone(),
                available,
            });
        }
    }
    Ok(out)
}

/// Go's `filepath.Match` on `/`-separated paths: `*` (not across `/`), `?`, `[...]`
/// classes with ranges and `^` negation, `\` escapes. A malformed pattern matches
/// nothing (Helm ignores the error).
pub fn glob_match(pattern: &str, name: &str) -> bool {
    glob(pattern.as_bytes(), name.as_bytes()).unwrap_or(false)
}

fn glob(p: &[u8], n: &[u8]) -> Option<bool> {
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    loop {
        if pi < p.len() {
            match p[pi] {
                b'*' => {
                    star = Some((pi, ni));
                    pi += 1;
                    continue;
                }
                b'?' if ni < n.len() && n[ni] != b'/' => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                b'[' if ni < n.len() && n[ni] != b'/' => {
                    let (matched, next) = class(p, pi, n[ni])?;
                    if matched {
                        pi = next;
                        ni += 1;
                        continue;
                    }
                }
                b'\\' => {
                    let c = *p.get(pi + 1)?;
                    if ni < n.len() && n[ni] == c {
                        pi += 2;
                        ni += 1;
                        continue;
                    }
                }
                c if c != b'?' && c != b'[' && ni < n.len() && n[ni] == c => {
                    pi += 1;
                    ni += 1;
                    continue;
                }
                _ => {}
            }
        } else if ni == n.len() {
            return Some(true);
        }
        // Backtrack: let the last star eat one more byte (never a '/').
        match star {
            Some((sp, sn)) if sn < n.len() && n[sn] != b'/' => {
                star = Some((sp, sn + 1));
                pi = sp + 1;
                ni = sn + 1;
            }
            _ => {
                // Validate the rest of the pattern like Go does before failing.
                return Some(false);
            }
        }
    }
}

fn class(p: &[u8], start: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = p.get(i) == Some(&b'^');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let lo = *p.get(i)?;
        if lo == b']' && !first {
            i += 1;
            break;
        }
        first = false;
        let lo = if lo == b'\\' {
            i += 1;
            *p.get(i)?
        } else {
            lo
        };
        i += 1;
        let mut hi = lo;
        if p.get(i) == Some(&b'-') && p.get(i + 1).is_some_and(|x| *x != b']') {
            i += 1;
            hi = *p.get(i)?;
            if hi == b'\\' {
                i += 1;
                hi = *p.get(i)?;
            }
            i += 1;
        }
        if lo <= c && c <= hi {
            matched = true;
        }
    }
    Some((matched != negate, i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::load::{head_shortcut_applies, parse_document, parse_document_head};

    /// The head read by the shortcut and by decoding the whole document, as text (so
    /// errors compare too).
    fn both_heads(doc: &str) -> (String, String) {
        let head = |v: Result<Value, crate::values::load::LoadError>| match v {
            Ok(v) => format!("{:?}", head_of("t", &v)),
            Err(e) => format!("load error {e}"),
        };
        (head(parse_document_head(doc)), head(parse_document(doc)))
    }

    #[test]
    fn the_head_shortcut_reads_every_conformance_document_as_a_whole_read_does() {
        let mut documents = 0;
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/conformance/cases");
        for case in std::fs::read_dir(dir).unwrap() {
            let out = std::fs::read_to_string(case.unwrap().path().join("expected.out"));
            let out = out.unwrap_or_default();
            if !out.starts_with("---\n# Source: ") {
                continue; // an error, or --output-dir's `wrote` lines
            }
            for doc in split_manifests(&out) {
                let (short, whole) = both_heads(doc);
                assert_eq!(short, whole, "{doc}");
                assert!(head_shortcut_applies(doc), "{doc}");
                documents += 1;
            }
        }
        assert!(documents > 1000, "{documents} documents");
    }

    #[test]
    fn the_head_shortcut_agrees_on_crafted_documents() {
        let cases = [
            // (document, shortcut taken)
            ("kind: A\nmetadata:\n  name: x\nspec: {a: [1, 2]}\n", true),
            ("kind: A\nkind: B\n", true),
            ("Kind: A\nkind: B\nKIND: C\n", true),
            (
                "kind: A\nmetadata:\n  name: x\nmetadata:\n  labels: {}\n",
                true,
            ),
            ("metadata: [1]\n", true),
            ("metadata: x\n", true),
            ("metadata:\n  name: [a]\n", true),
            (
                "metadata:\n  name: 12\n  annotations: {a: 1.5, b: true, c: ~}\n",
                true,
            ),
            ("metadata:\n  annotations: {a: .inf}\n", false),
            ("metadata:\n  annotations: [a]\n", true),
            ("kind: A\nspec:\n  x: .nan\n", false),
            ("kind: A\nspec:\n  ~: 1\n", false),
            ("kind: A\nspec:\n  18446744073709551615: 1\n", false),
            ("kind: A\nspec: &a {x: 1}\nother: *a\n", false),
            ("kind: A\nspec:\n  <<: {x: 1}\n", false),
            ("kind: !!str A\n", false),
            ("kind: A\nspec: !!int x\n", false),
            ("kind: A\nspec: [\n", false),
            ("kind: A\nspec:\n  - a\n - b\n", false),
            ("- a\n", false),
            ("a\n", false),
            ("# only a comment\n", false),
            ("", false),
            ("kind: A\n? [x]\n: 1\n", false),
            ("kind: A\n\u{212a}ind: B\n", true),
            (
                "apiVersion: 1\nkind: 1e3\nspec: {ports: [80, -1, +3, 0x1f, 1_000]}\n",
                true,
            ),
            (
                "kind: A\nspec:\n  text: |\n    .inf\n  other: '.nan'\n",
                true,
            ),
        ];
        for (doc, taken) in cases {
            let (short, whole) = both_heads(doc);
            assert_eq!(short, whole, "{doc:?}");
            assert_eq!(head_shortcut_applies(doc), taken, "{doc:?}");
        }
    }

    #[test]
    fn splits_like_helm() {
        assert_eq!(
            split_manifests("\n---\na: 1\n---\n\nb: 2\n...\n"),
            vec!["a: 1", "b: 2\n..."]
        );
        assert_eq!(
            split_manifests("a: 1\n  ---\nb: 2"),
            vec!["a: 1\n  ---\nb: 2"]
        );
        assert_eq!(split_manifests("a: 1  \n---x\nb"), vec!["a: 1", "x\nb"]);
        assert_eq!(split_manifests("a: |\n    ---\n"), vec!["a: |\n    ---"]);
        assert!(split_manifests(" \n ").is_empty());
    }

    #[test]
    fn globs_like_go() {
        assert!(glob_match("templates/*.yaml", "templates/service.yaml"));
        assert!(!glob_match(
            "templates/*.yaml",
            "templates/tests/test-connection.yaml"
        ));
        assert!(glob_match(
            "templates/*/*",
            "templates/tests/test-connection.yaml"
        ));
        assert!(glob_match(
            "templates/s?rvice.yaml",
            "templates/service.yaml"
        ));
        assert!(glob_match("templates/[a-s]*.yaml", "templates/rbac.yaml"));
        assert!(!glob_match("templates/[^r]*.yaml", "templates/rbac.yaml"));
        assert!(glob_match(
            "templates/deployment.yaml",
            "templates/deployment.yaml"
        ));
        assert!(!glob_match("templates/[", "templates/["));
    }

    #[test]
    fn kind_order() {
        let mut kinds = vec!["Zeta", "Deployment", "Alpha", "ServiceAccount", "Service"];
        kinds.sort_by(|a, b| cmp_kind(a, b));
        assert_eq!(
            kinds,
            vec!["ServiceAccount", "Service", "Deployment", "Alpha", "Zeta"]
        );
    }
}
