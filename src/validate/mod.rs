//! Offline validation of manifests against the Kubernetes API types.
//!
//! `permify-render validate FILE|DIR|-` and `permify-render template --validate` decode
//! every manifest document into the typed objects of k8s-openapi (Kubernetes
//! [`kinds::KUBERNETES_VERSION`] API types) by apiVersion/kind, and report, per
//! document and field path, what `kubectl apply` (with strict field validation) or the
//! cluster would reject or silently get wrong:
//!
//! - unknown apiVersion/kind, unknown fields (with a "did you mean"), wrong types;
//! - invalid object names (DNS-1123 subdomain or label, DNS-1035 label for Services, as
//!   each kind requires), namespaces, label keys and values, annotation keys;
//! - port numbers outside 1-65535 (containerPort, hostPort, Service port, targetPort,
//!   nodePort, probe ports), port names that are not IANA service names (at most 15
//!   characters), duplicate names;
//! - resource quantities that do not parse (anywhere), negative requests/limits,
//!   requests above limits;
//! - HorizontalPodAutoscaler `minReplicas` below 1 or above `maxReplicas`;
//! - probes: thresholds and periods below 1, not exactly one handler, a named port the
//!   container does not declare;
//! - workload selectors that do not match their pod template labels;
//! - across documents ([`refs`]): a Service selecting no pod template of the render, a
//!   Service `targetPort` name no selected container declares, an Ingress backend
//!   naming a Service (or a port) not in the render, an HPA target not in the render.
//!
//! Each finding is one line: `LOCATION: Kind/name: field.path: message; fix: hint`.
//! The location is `file:line` for `validate` (the line of the field) and the template
//! path for `template --validate`. Values of Secrets are never printed, and passwords
//! in URIs are masked.
//!
//! Output: `validate` prints the findings on standard output (they are its result),
//! then `N documents valid` on standard output, or exits 1 with the summary on
//! standard error. `template --validate` keeps standard output (and `--output-dir`
//! files, which are still written) byte-identical to `template`, prints findings and
//! summary on standard error and exits 1 on findings. It checks the documents
//! `template` prints (`--no-hooks`/`--skip-tests` apply) but the whole render even with
//! `--show-only`, which the cross-document checks need; without `--validate` no
//! Kubernetes type work is done.

pub mod de;
pub mod kinds;
pub mod names;
pub mod path;
pub mod quantity;
pub mod refs;
pub mod rules;

use std::fmt;
use std::io::{Read, Write};
use std::path::Path as FsPath;
use std::rc::Rc;
use std::sync::LazyLock;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use regex::Regex;
use serde_json::Value as J;

use crate::error::Error;
use crate::values::load::{Locations, load_values};
use kinds::Typed;
use path::Path;
use rules::{Checker, Problem};

/// The deepest nesting checked; deeper documents get one finding (no Kubernetes object
/// comes close, and the typed decoder recurses).
pub const MAX_NESTING: usize = 100;

/// One problem in one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Where: `file:line`, or the template path for `template --validate`.
    pub location: String,
    /// `Kind/name` of the document.
    pub object: String,
    /// The field path (`spec.template.spec.containers[0].ports[1].name`), or
    /// `(document)`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}; fix: {}",
            self.location, self.object, self.path, self.message, self.hint
        )
    }
}

/// The result of validating a set of documents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// How many documents were checked (comment-only documents are not counted).
    pub documents: usize,
    /// How many documents have at least one finding.
    pub failed_documents: usize,
    /// The findings, in document order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// `12 documents valid`, or `3 problems in 2 of 12 documents`.
    pub fn summary(&self) -> String {
        let docs = |n: usize| if n == 1 { "document" } else { "documents" };
        if self.is_clean() {
            format!("{} {} valid", self.documents, docs(self.documents))
        } else {
            let n = self.findings.len();
            format!(
                "{n} {} in {} of {} {}",
                if n == 1 { "problem" } else { "problems" },
                self.failed_documents,
                self.documents,
                docs(self.documents)
            )
        }
    }
}

/// A text holding manifest documents.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// Its name in findings (a file path, `<stdin>`, a template path).
    pub name: &'a str,
    /// The YAML stream (documents separated as Helm separates them).
    pub text: &'a str,
    /// Whether findings name `name:line` (files) or just `name` (rendered templates,
    /// whose lines are not those of any file).
    pub lines: bool,
}

/// Validates the documents of several texts together (cross-document checks see all).
pub fn validate_sources(sources: &[Source]) -> Report {
    let mut docs = Vec::new();
    for src in sources {
        // Line numbers counted incrementally: documents come in text order.
        let (mut seen, mut line) = (0usize, 1usize);
        for doc in crate::manifest::split_manifests(src.text) {
            let start_line = if src.lines {
                let offset = (doc.as_ptr() as usize).saturating_sub(src.text.as_ptr() as usize);
                if let Some(between) = src.text.get(seen..offset) {
                    line += between.matches('\n').count();
                    seen = offset;
                }
                Some(line)
            } else {
                None
            };
            docs.extend(read_document(src.name, doc, start_line));
        }
    }
    validate_docs(docs)
}

/// Validates rendered documents, `(template path, document)` as `template` prints them.
pub fn validate_rendered(docs: &[(&str, &str)]) -> Report {
    let sources: Vec<Source> = docs
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            lines: false,
        })
        .collect();
    validate_sources(&sources)
}

/// One document (or one item of a `List`) ready to check.
struct Doc {
    origin: String,
    start_line: Option<usize>,
    /// Where each field was written (shared by the items of a List).
    locations: Rc<Locations>,
    /// The path prefix of this object inside its document (`items[3]` in a List).
    prefix: Path,
    json: J,
    /// A problem that stops the document from being checked (YAML syntax, nesting).
    fatal: Option<Problem>,
}

fn read_document(origin: &str, text: &str, start_line: Option<usize>) -> Vec<Doc> {
    let doc = |json: J, locations: Rc<Locations>, prefix: Path, fatal: Option<Problem>| Doc {
        origin: origin.to_string(),
        start_line,
        locations,
        prefix,
        json,
        fatal,
    };
    let loaded = match load_values(text.as_bytes(), origin) {
        Ok(l) => l,
        Err(e) => {
            let fatal = Problem {
                path: Path::root(),
                message: format!(
                    "cannot be read as a manifest (column {}): {}",
                    e.column,
                    e.message.replace("a values document", "a manifest")
                ),
                hint: "fix the YAML: a manifest is a map with apiVersion, kind and metadata (a template value with ': ' or bad indentation can break it)".into(),
            };
            // The root's location is the error's, so the finding names that line.
            let mut at = Locations::new();
            at.insert(
                String::new(),
                crate::values::load::Location {
                    line: e.line,
                    column: e.column,
                },
            );
            return vec![doc(J::Null, Rc::new(at), Path::root(), Some(fatal))];
        }
    };
    if loaded.values.is_empty() {
        return Vec::new();
    }
    let json = crate::values::Value::Map(loaded.values).to_json();
    if nesting(&json) > MAX_NESTING {
        let fatal = Problem {
            path: Path::root(),
            message: format!("nested deeper than {MAX_NESTING} levels; not checked"),
            hint: "a Kubernetes object is never this deep: check the template".into(),
        };
        return vec![doc(
            json,
            Rc::new(loaded.locations),
            Path::root(),
            Some(fatal),
        )];
    }
    let is_list = json.get("apiVersion").and_then(J::as_str) == Some("v1")
        && json
            .get("kind")
            .and_then(J::as_str)
            .is_some_and(|k| k == "List" || k.ends_with("List") && k.len() > 4)
        && json.get("items").is_some_and(J::is_array);
    let locations = Rc::new(loaded.locations);
    if is_list {
        let items = json
            .get("items")
            .and_then(J::as_array)
            .cloned()
            .unwrap_or_default();
        return items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                doc(
                    item,
                    Rc::clone(&locations),
                    Path::parse("items").index(i),
                    None,
                )
            })
            .collect();
    }
    vec![doc(json, locations, Path::root(), None)]
}

/// The nesting depth of a JSON value, without recursion.
fn nesting(v: &J) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            J::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            J::Object(m) => stack.extend(m.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

/// A checked document: its object and problems.
struct Checked {
    doc: Doc,
    kind: String,
    name: String,
    namespace: Option<String>,
    object: Option<(Typed, ObjectMeta)>,
    degraded: bool,
    problems: Vec<Problem>,
    redact: bool,
}

fn validate_docs(docs: Vec<Doc>) -> Report {
    let mut checked: Vec<Checked> = docs.into_iter().map(check_document).collect();
    let entries: Vec<(usize, refs::Entry)> = checked
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (typed, meta) = c.object.as_ref()?;
            Some((
                i,
                refs::Entry {
                    kind: &c.kind,
                    name: &c.name,
                    namespace: c.namespace.as_deref(),
                    typed,
                    meta,
                    degraded: c.degraded,
                },
            ))
        })
        .collect();
    let index: Vec<usize> = entries.iter().map(|(i, _)| *i).collect();
    let list: Vec<refs::Entry> = entries.into_iter().map(|(_, e)| e).collect();
    let cross = refs::check(&list);
    drop(list);
    for (e, p) in cross {
        checked[index[e]].problems.push(p);
    }
    let mut report = Report {
        documents: checked.len(),
        ..Report::default()
    };
    for c in &checked {
        if c.problems.is_empty() {
            continue;
        }
        report.failed_documents += 1;
        let object = if c.kind.is_empty() {
            "(no kind)".to_string()
        } else if c.name.is_empty() {
            format!("{}/(no name)", c.kind)
        } else {
            format!("{}/{}", c.kind, c.name)
        };
        // In the order of the source lines (rules run in their own order).
        let mut lined: Vec<(usize, &Problem)> = c
            .problems
            .iter()
            .map(|p| {
                let full = Path(c.doc.prefix.0.iter().chain(&p.path.0).cloned().collect());
                (line_of(&c.doc, &full), p)
            })
            .collect();
        lined.sort_by_key(|(line, _)| *line);
        for (line, p) in lined {
            let location = match c.doc.start_line {
                Some(start) => format!("{}:{}", c.doc.origin, start + line - 1),
                None => c.doc.origin.clone(),
            };
            let text = |s: &str| {
                if c.redact {
                    s.to_string()
                } else {
                    mask_uri_password(s)
                }
            };
            report.findings.push(Finding {
                location,
                object: object.clone(),
                path: p.path.to_string(),
                message: text(&p.message),
                hint: text(&p.hint),
            });
        }
    }
    report
}

/// The line (within the document, from 1) of `path` or of its nearest written parent.
fn line_of(doc: &Doc, path: &Path) -> usize {
    let mut p = path.clone();
    loop {
        if let Some(l) = doc.locations.get(&p.pointer()) {
            return l.line;
        }
        if p.0.is_empty() {
            return 1;
        }
        p.0.pop();
    }
}

fn check_document(doc: Doc) -> Checked {
    let str_at = |k: &str| {
        doc.json
            .get(k)
            .and_then(J::as_str)
            .unwrap_or("")
            .to_string()
    };
    let kind = str_at("kind");
    let api_version = str_at("apiVersion");
    let meta = doc.json.get("metadata");
    let name = meta
        .and_then(|m| m.get("name"))
        .and_then(J::as_str)
        .unwrap_or("")
        .to_string();
    let namespace = meta
        .and_then(|m| m.get("namespace"))
        .and_then(J::as_str)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let redact = kind == "Secret";
    let mut out = Checked {
        kind,
        name,
        namespace,
        object: None,
        degraded: false,
        problems: Vec::new(),
        redact,
        doc,
    };
    if let Some(f) = out.doc.fatal.take() {
        out.problems.push(f);
        return out;
    }
    if !out.doc.json.is_object() {
        out.problems.push(Problem {
            path: Path::root(),
            message: "a List item is not an object".into(),
            hint: "each item must be a Kubernetes object".into(),
        });
        return out;
    }
    if api_version.is_empty() || out.kind.is_empty() {
        let missing = if api_version.is_empty() {
            "apiVersion"
        } else {
            "kind"
        };
        out.problems.push(Problem {
            path: Path::parse(missing),
            message: format!("{missing} is missing (or not a string)"),
            hint: "every manifest needs apiVersion and kind, e.g. apiVersion: apps/v1 and kind: Deployment".into(),
        });
        return out;
    }
    let Some(decoded) = kinds::decode(&api_version, &out.kind, &out.doc.json) else {
        let others = kinds::versions_of(&out.kind);
        let hint = if others.is_empty() {
            "check the spelling of kind; custom resources cannot be checked offline".to_string()
        } else {
            format!(
                "Kubernetes {} serves {} as {}",
                kinds::KUBERNETES_VERSION,
                out.kind,
                others.join(", ")
            )
        };
        out.problems.push(Problem {
            path: Path::parse("apiVersion"),
            message: format!(
                "unknown apiVersion/kind {api_version} {} (not a Kubernetes {} API type)",
                out.kind,
                kinds::KUBERNETES_VERSION
            ),
            hint,
        });
        return out;
    };
    for u in &decoded.unknown {
        let field = match u.path.0.last() {
            Some(path::Seg::Key(k)) => k.clone(),
            _ => String::new(),
        };
        let hint = match names::closest(&field, u.known) {
            Some(s) => format!(
                "did you mean {}? (check the spelling and indentation)",
                quote(s)
            ),
            None => format!(
                "{} has no such field; check the spelling and indentation (Kubernetes drops unknown fields, kubectl --validate=strict rejects them)",
                u.type_name
            ),
        };
        out.problems.push(Problem {
            path: u.path.clone(),
            message: format!("unknown field {}", quote(&field)),
            hint,
        });
    }
    for e in &decoded.errors {
        out.problems.push(Problem {
            path: e.path.clone().unwrap_or_default(),
            message: e.message(redact),
            hint: type_hint(e, redact, &out.kind),
        });
    }
    for q in &decoded.quantities {
        out.problems.push(Problem {
            path: q.path.clone(),
            message: format!(
                "{} is not a resource quantity: {}",
                quote(&q.text),
                q.reason
            ),
            hint: quantity_hint(&q.text),
        });
    }
    out.degraded = !decoded.errors.is_empty();
    if let Some((typed, meta)) = decoded.object {
        let mut c = Checker::new(&out.doc.json);
        rules::object(
            &mut c,
            &typed,
            &meta,
            rules::name_rule(&api_version, &out.kind),
            &out.kind,
        );
        let failed: Vec<Path> = decoded
            .errors
            .iter()
            .filter_map(|e| e.path.clone())
            .collect();
        // A field that failed to decode reads as its default: say nothing more there.
        out.problems.extend(
            c.problems
                .into_iter()
                .filter(|p| !failed.iter().any(|f| p.path.starts_with(f))),
        );
        out.object = Some((typed, meta));
    }
    out
}

/// How to fix a quantity: `1GB` → `1Gi` or `1G`; otherwise the accepted forms.
fn quantity_hint(text: &str) -> String {
    let t = text.trim();
    if let Some(stem) = t.strip_suffix(['B', 'b'])
        && stem.ends_with(|c: char| c.is_ascii_alphabetic())
    {
        let binary = if stem.ends_with('i') {
            stem.to_string()
        } else {
            format!("{stem}i")
        };
        let decimal = stem.trim_end_matches('i');
        if quantity::parse(&binary).is_ok() && quantity::parse(decimal).is_ok() {
            return format!(
                "Kubernetes units have no B: write {} (binary, powers of 1024) or {} (decimal, powers of 1000)",
                quote(&binary),
                quote(decimal)
            );
        }
    }
    "write a number with an optional unit: binary Ki Mi Gi Ti Pi Ei, decimal m k M G T P E, or an exponent (e3); e.g. 500m, 0.5, 128Mi, 2Gi".into()
}

/// How to fix a type error: unquote a number, quote a string, or the expected type.
fn type_hint(e: &de::DeError, redact: bool, kind: &str) -> String {
    match &e.kind {
        de::ErrorKind::Type { found, expected } => {
            let value = found.value.as_deref().filter(|_| !redact);
            match value {
                Some(v)
                    if found.is_str
                        && expected.contains("integer")
                        && v.trim().parse::<i64>().is_ok() =>
                {
                    format!("write the number without quotes: {}", v.trim())
                }
                Some(v) if !found.is_str && expected == "a string" => format!(
                    "quote the value ({}): YAML reads unquoted numbers and true/false as numbers and booleans",
                    quote(v)
                ),
                _ => format!("write {expected} here"),
            }
        }
        de::ErrorKind::Value { expected, .. } => format!("use {expected}"),
        de::ErrorKind::Custom(_) => {
            let under = |k: &str| {
                e.path
                    .as_ref()
                    .is_some_and(|p| p.0.first() == Some(&path::Seg::Key(k.into())))
            };
            if (kind == "Secret" && under("data")) || under("binaryData") {
                "values here are base64: encode them (b64enc in a template), or put plain text under stringData (Secret) or data (ConfigMap)".into()
            } else {
                "correct the value".into()
            }
        }
    }
}

/// A string quoted as JSON (`"a\"b"`), for messages.
pub fn quote(s: &str) -> String {
    let shown: String = if s.chars().count() > 80 {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    } else {
        s.to_string()
    };
    serde_json::to_string(&shown).unwrap_or_default()
}

static URI_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z][A-Za-z0-9+.-]*://[^/:@\s]*):[^@/\s]*@").expect("valid regex")
});

/// Masks the password of URIs in a text (`postgres://u:secret@db` → `postgres://u:***@db`).
pub fn mask_uri_password(s: &str) -> String {
    URI_PASSWORD.replace_all(s, "$1:***@").into_owned()
}

/// Files to read for `validate DIR`: `*.yaml`, `*.yml` and `*.json` under it, sorted.
fn manifest_files(dir: &FsPath) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d)
            .map_err(|e| Error::Input(format!("cannot read folder {}: {e}", d.display())))?;
        for entry in entries {
            let entry = entry
                .map_err(|e| Error::Input(format!("cannot read folder {}: {e}", d.display())))?;
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads the manifests named by the `validate` argument: `(name, text)` pairs.
///
/// # Errors
/// [`Error::Input`] when the file or folder cannot be read, is not UTF-8, or a folder
/// holds no manifest files.
pub fn read_input(input: &str, stdin: &mut dyn Read) -> Result<Vec<(String, String)>, Error> {
    let utf8 = |name: &str, bytes: Vec<u8>| {
        String::from_utf8(bytes).map_err(|_| {
            Error::Input(format!(
                "{name}: not UTF-8 text; manifests are YAML or JSON"
            ))
        })
    };
    if input == "-" {
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Input(format!("cannot read standard input: {e}")))?;
        return Ok(vec![("<stdin>".into(), utf8("<stdin>", bytes)?)]);
    }
    let path = FsPath::new(input);
    if path.is_dir() {
        let files = manifest_files(path)?;
        if files.is_empty() {
            return Err(Error::Input(format!(
                "{input}: no *.yaml, *.yml or *.json files in this folder"
            )));
        }
        return files
            .into_iter()
            .map(|f| {
                let name = f.display().to_string();
                let bytes = std::fs::read(&f)
                    .map_err(|e| Error::Input(format!("cannot read {name}: {e}")))?;
                Ok((name.clone(), utf8(&name, bytes)?))
            })
            .collect();
    }
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Input(format!(
            "cannot read {input}: {} (give a manifest file, a folder, or - for standard input)",
            crate::values::io_message(&e)
        ))
    })?;
    Ok(vec![(input.to_string(), utf8(input, bytes)?)])
}

/// Runs `permify-render validate`: findings and the `N documents valid` line on
/// standard output.
///
/// # Errors
/// [`Error::Input`] for unreadable input (or input without any document);
/// [`Error::Findings`] with the summary when something was found.
pub fn run(args: &crate::cli::ValidateArgs, stdin: &mut dyn Read) -> Result<(), Error> {
    let inputs = read_input(&args.input, stdin)?;
    let sources: Vec<Source> = inputs
        .iter()
        .map(|(name, text)| Source {
            name,
            text,
            lines: true,
        })
        .collect();
    let report = validate_sources(&sources);
    if report.documents == 0 {
        return Err(Error::Input(format!(
            "{}: no manifest documents found",
            args.input
        )));
    }
    let mut out = std::io::stdout().lock();
    for f in &report.findings {
        writeln!(out, "{f}").map_err(Error::Io)?;
    }
    if report.is_clean() {
        writeln!(out, "{}", report.summary()).map_err(Error::Io)?;
    }
    out.flush().map_err(Error::Io)?;
    if report.is_clean() {
        Ok(())
    } else {
        Err(Error::Findings(report.summary()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Report {
        validate_sources(&[Source {
            name: "t.yaml",
            text,
            lines: true,
        }])
    }

    #[test]
    fn clean_documents_are_counted() {
        let r = one(
            "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: permify\n---\n# only a comment\n",
        );
        assert_eq!(r.summary(), "1 document valid");
    }

    #[test]
    fn findings_name_file_line_object_and_path() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  labells:\n    a: b\n";
        let r = one(text);
        assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
        let f = &r.findings[0];
        assert_eq!(f.location, "t.yaml:10");
        assert_eq!(f.object, "ServiceAccount/sa");
        assert_eq!(f.path, "metadata.labells");
        assert_eq!(f.message, "unknown field \"labells\"");
        assert!(f.hint.starts_with("did you mean \"labels\"?"), "{}", f.hint);
        assert_eq!(r.summary(), "1 problem in 1 of 2 documents");
    }

    #[test]
    fn secrets_values_are_never_printed() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  uri: [\"postgres://u:hunter2@db\"]\n";
        let r = one(text);
        assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
        assert!(!r.findings[0].to_string().contains("hunter2"));
        assert_eq!(r.findings[0].path, "stringData.uri");
    }

    #[test]
    fn uri_passwords_are_masked() {
        assert_eq!(
            mask_uri_password("x postgres://u:p@db:5432/permify y"),
            "x postgres://u:***@db:5432/permify y"
        );
        assert_eq!(mask_uri_password("http://host/a:b@c"), "http://host/a:b@c");
    }

    #[test]
    fn lists_are_checked_item_by_item() {
        let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "a"}},
  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "B"}}
]}"#;
        let r = one(text);
        assert_eq!(r.documents, 2);
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].object, "ServiceAccount/B");
        assert_eq!(r.findings[0].location, "t.yaml:3");
    }
}
