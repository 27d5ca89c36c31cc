//! The two sides of a diff: manifest streams read from a file, an `--output-dir` folder
//! or standard input (or rendered here), split into documents and identified as
//! Kubernetes resources.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::manifest::split_manifests;
use crate::values::Value;
use crate::values::load::parse_document;

/// One YAML document of a side.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Where it was read from: a file path, `<stdin>`, or a render (`old render`).
    pub origin: String,
    /// Position among the non-empty documents of its origin, from 1.
    pub index: usize,
    /// Line of `origin` where the document's text starts, from 1.
    pub line: usize,
    /// The path of its `# Source: <path>` header line (Helm's template path), if any.
    pub source: Option<String>,
    /// The document text as written (trimmed, `# Source` line included).
    pub text: String,
    /// The document as Helm reads it (sigs.k8s.io/yaml's JSON view: maps, lists,
    /// strings, booleans, nulls and float64 numbers).
    pub value: Value,
}

impl Document {
    /// `file.yaml, document 2 (line 14)`: how errors and warnings name the document.
    pub fn describe(&self) -> String {
        format!(
            "{}, document {} (line {})",
            self.origin, self.index, self.line
        )
    }
}

/// What a resource is matched by across the two sides: API group (the apiVersion
/// without its version), kind, namespace and name. `occurrence` tells apart documents
/// that repeat an identity on the same side (0 for the first).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId {
    /// API group: `apps` for `apps/v1`, empty for the core group (`v1`).
    pub group: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace`, or the default namespace when it is empty and the kind is
    /// namespaced; empty for cluster-scoped kinds without one.
    pub namespace: String,
    /// `metadata.name` (or `metadata.generateName` followed by `*`).
    pub name: String,
    /// 0 for the first document with this identity on its side, 1 for the second, ...
    pub occurrence: usize,
}

impl ResourceId {
    /// Whether this is a core `Secret`, whose `data` and `stringData` are masked.
    pub fn is_secret(&self) -> bool {
        self.group.is_empty() && self.kind == "Secret"
    }
}

/// `apps/Deployment default/permify` (core kinds without a group: `Service
/// default/permify`; cluster-scoped kinds without a namespace; repeats get ` #2`, ...).
impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.group.is_empty() {
            write!(f, "{}/", self.group)?;
        }
        write!(f, "{} ", self.kind)?;
        if !self.namespace.is_empty() {
            write!(f, "{}/", self.namespace)?;
        }
        f.write_str(&self.name)?;
        if self.occurrence > 0 {
            write!(f, " #{}", self.occurrence + 1)?;
        }
        Ok(())
    }
}

/// A document identified as a resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// What it is matched by.
    pub id: ResourceId,
    /// The document.
    pub doc: Document,
}

/// Kinds that are not namespaced (by kind alone, whatever their group); an empty
/// namespace stays empty for these instead of taking the default namespace.
pub const CLUSTER_SCOPED_KINDS: &[&str] = &[
    "APIService",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CSIDriver",
    "CSINode",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// Splits a manifest stream into documents (Helm's `---` separator rule) and parses
/// each one. Empty and comment-only documents are dropped; the items of a `v1/List`
/// (such as `template -o json` prints) become documents of their own.
///
/// # Errors
/// [`Error::Input`] naming `origin`, the document number, and the line and column of
/// the first YAML problem (lines counted in the whole stream).
pub fn parse_stream(text: &str, origin: &str) -> Result<Vec<Document>, Error> {
    let mut docs = Vec::new();
    let base = text.as_ptr() as usize;
    for (i, chunk) in split_manifests(text).into_iter().enumerate() {
        let index = i + 1;
        let offset = (chunk.as_ptr() as usize).saturating_sub(base);
        let line = text
            .get(..offset)
            .map_or(1, |t| t.matches('\n').count() + 1);
        let value = parse_document(chunk).map_err(|_| {
            // Parse again with the document at its place in the stream, so that every
            // line number of the message (also those inside it) counts from the top.
            let placed = format!("{}{chunk}", "\n".repeat(line - 1));
            let detail = match parse_document(&placed) {
                Err(mut e) => {
                    e.origin = origin.to_string();
                    e.to_string()
                }
                Ok(_) => "not a YAML document Helm can read".to_string(),
            };
            Error::Input(format!(
                "{origin}, document {index} (line {line}) cannot be read as a manifest: {detail}"
            ))
        })?;
        if matches!(&value, Value::Map(m) if m.is_empty()) {
            continue;
        }
        let source = chunk
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# Source: "))
            .map(|s| s.trim_end().to_string());
        let doc = Document {
            origin: origin.to_string(),
            index,
            line,
            source,
            text: chunk.to_string(),
            value,
        };
        match list_items(&doc.value) {
            // A `v1/List` (what `template -o json` prints): each item is a document.
            Some(items) => docs.extend(items.iter().map(|item| Document {
                text: crate::yaml::emit::to_yaml(item),
                value: item.clone(),
                source: None,
                ..doc.clone()
            })),
            None => docs.push(doc),
        }
    }
    Ok(docs)
}

/// The items of a Kubernetes `List` document (`apiVersion: v1`, `kind: List`).
fn list_items(v: &Value) -> Option<&[Value]> {
    let m = v.as_map()?;
    let is_list = m.get("kind").and_then(Value::as_str) == Some("List")
        && m.get("apiVersion").and_then(Value::as_str) == Some("v1");
    match m.get("items") {
        Some(Value::List(items)) if is_list => Some(items),
        _ => None,
    }
}

/// Reads one side given on the command line: `-` (standard input), a manifest file, or
/// a folder (every `*.yaml` and `*.yml` file below it, recursively, in path order — the
/// layout `template --output-dir` writes). `role` (`OLD`/`NEW`) names the side in
/// errors.
///
/// # Errors
/// [`Error::Input`] when the path cannot be read, a file is not UTF-8, a folder holds
/// no YAML file, or a document is not valid YAML or not a map.
pub fn read_side(arg: &str, role: &str, stdin: &mut dyn Read) -> Result<Vec<Document>, Error> {
    if arg == "-" {
        let mut bytes = Vec::new();
        stdin
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Input(format!("cannot read {role} from standard input: {e}")))?;
        let text = utf8(bytes, "<stdin>")?;
        return parse_stream(&text, "<stdin>");
    }
    let path = Path::new(arg);
    let meta = std::fs::metadata(path).map_err(|e| {
        Error::Input(format!(
            "cannot read {role} {arg:?}: {}; expected a manifest file, a folder written by `template --output-dir`, or - for standard input",
            crate::values::io_message(&e)
        ))
    })?;
    if !meta.is_dir() {
        let text = read_text(path)?;
        return parse_stream(&text, arg);
    }
    let mut files = Vec::new();
    collect_yaml(path, &mut files)?;
    if files.is_empty() {
        return Err(Error::Input(format!(
            "{role} folder {arg:?} holds no *.yaml or *.yml file; expected a folder written by `template --output-dir`"
        )));
    }
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let text = read_text(&file)?;
        docs.extend(parse_stream(&text, &file.to_string_lossy())?);
    }
    Ok(docs)
}

/// Collects `*.yaml`/`*.yml` files below `dir`, descending into sub-folders but not
/// into symbolic links to folders (which could loop).
fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let fail = |e: std::io::Error| {
        Error::Input(format!(
            "cannot read folder {:?}: {}",
            dir.to_string_lossy(),
            crate::values::io_message(&e)
        ))
    };
    for entry in std::fs::read_dir(dir).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let path = entry.path();
        let kind = entry.file_type().map_err(fail)?;
        if kind.is_dir() {
            collect_yaml(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && (kind.is_file() || path.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, Error> {
    let name = path.to_string_lossy();
    let bytes = std::fs::read(path).map_err(|e| {
        Error::Input(format!(
            "cannot read {name:?}: {}",
            crate::values::io_message(&e)
        ))
    })?;
    utf8(bytes, &name)
}

fn utf8(bytes: Vec<u8>, name: &str) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| {
        Error::Input(format!(
            "{name} is not UTF-8 text (invalid byte at offset {}); expected Kubernetes manifests in YAML",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A scalar as text (numbers as Go prints them); `None` for lists and maps.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(crate::gofmt::format_float_v(*f)),
        Value::Str(s) => Some(s.clone()),
        Value::List(_) | Value::Map(_) => None,
    }
}

/// Identifies each document as a resource. `default_namespace` stands in for an empty
/// `metadata.namespace` of namespaced kinds (what `kubectl apply -n` would do), so an
/// empty namespace matches an empty one, and also the same namespace written out.
///
/// # Errors
/// [`Error::Input`] naming the document when it has no `kind`, no `metadata.name` (nor
/// `generateName`), or one of those is not a string.
pub fn identify(docs: Vec<Document>, default_namespace: &str) -> Result<Vec<Resource>, Error> {
    let mut seen: std::collections::HashMap<ResourceId, usize> = Default::default();
    let mut out = Vec::with_capacity(docs.len());
    for doc in docs {
        let v = &doc.value;
        let field = |path: &[&str]| -> Result<String, Error> {
            match v.lookup(path.iter().copied()) {
                None => Ok(String::new()),
                Some(x) => scalar_text(x).ok_or_else(|| {
                    Error::Input(format!(
                        "{}: `{}` is a {}; expected a string",
                        doc.describe(),
                        path.join("."),
                        if matches!(x, Value::List(_)) {
                            "list"
                        } else {
                            "map"
                        }
                    ))
                }),
            }
        };
        let api_version = field(&["apiVersion"])?;
        let kind = field(&["kind"])?;
        let mut name = field(&["metadata", "name"])?;
        if name.is_empty() {
            let generate = field(&["metadata", "generateName"])?;
            if !generate.is_empty() {
                name = format!("{generate}*");
            }
        }
        if kind.is_empty() || name.is_empty() {
            let missing = if kind.is_empty() {
                "kind"
            } else {
                "metadata.name"
            };
            return Err(Error::Input(format!(
                "{}: no `{missing}`; expected a Kubernetes resource with apiVersion, kind and metadata.name",
                doc.describe()
            )));
        }
        let group = match api_version.rsplit_once('/') {
            Some((g, _)) => g.to_string(),
            None => String::new(),
        };
        let mut namespace = field(&["metadata", "namespace"])?;
        if namespace.is_empty() && !CLUSTER_SCOPED_KINDS.contains(&kind.as_str()) {
            namespace = default_namespace.to_string();
        }
        let mut id = ResourceId {
            group,
            kind,
            namespace,
            name,
            occurrence: 0,
        };
        let count = seen.entry(id.clone()).or_insert(0);
        id.occurrence = *count;
        *count += 1;
        out.push(Resource { id, doc });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_keep_their_line_and_source() {
        let text = "---\n# Source: permify/templates/a.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\n# only a comment\n---\n# Source: permify/templates/b.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  namespace: prod\n";
        let docs = parse_stream(text, "x.yaml").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].line, 2);
        assert_eq!(docs[0].source.as_deref(), Some("permify/templates/a.yaml"));
        assert_eq!(docs[1].index, 3);
        assert_eq!(docs[1].line, 10);
        let res = identify(docs, "default").unwrap();
        assert_eq!(res[0].id.to_string(), "Service default/a");
        assert_eq!(res[1].id.to_string(), "apps/Deployment prod/b");
    }

    #[test]
    fn yaml_errors_name_file_document_and_stream_line() {
        let text = "kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata:\n  name: [b\n";
        let err = parse_stream(text, "new.yaml").unwrap_err().to_string();
        assert!(
            err.starts_with(
                "new.yaml, document 2 (line 4) cannot be read as a manifest: new.yaml:"
            ),
            "{err}"
        );
        assert!(err.contains("new.yaml:7:1: did not find expected"), "{err}");
        assert!(err.contains("started at line 6, column 9"), "{err}");
    }

    #[test]
    fn identity_rules() {
        let docs = parse_stream(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n---\nkind: ConfigMap\nmetadata: {generateName: cm-}\n---\nkind: ConfigMap\nmetadata: {generateName: cm-}\n",
            "s",
        )
        .unwrap();
        let res = identify(docs, "ns").unwrap();
        assert_eq!(
            res[0].id.to_string(),
            "rbac.authorization.k8s.io/ClusterRole r"
        );
        assert_eq!(res[1].id.to_string(), "ConfigMap ns/cm-*");
        assert_eq!(res[2].id.to_string(), "ConfigMap ns/cm-* #2");

        let docs = parse_stream("apiVersion: v1\nmetadata: {name: x}\n", "s").unwrap();
        let err = identify(docs, "ns").unwrap_err().to_string();
        assert_eq!(
            err,
            "s, document 1 (line 1): no `kind`; expected a Kubernetes resource with apiVersion, kind and metadata.name"
        );
        let docs = parse_stream("kind: A\nmetadata: {name: {a: 1}}\n", "s").unwrap();
        let err = identify(docs, "ns").unwrap_err().to_string();
        assert!(err.contains("`metadata.name` is a map"), "{err}");
    }

    #[test]
    fn list_items_are_documents() {
        let docs = parse_stream(
            r#"{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}},{"kind":"Service","metadata":{"name":"x"}}]}"#,
            "l.json",
        )
        .unwrap();
        let res = identify(docs, "default").unwrap();
        let ids: Vec<String> = res.iter().map(|r| r.id.to_string()).collect();
        assert_eq!(ids, ["Secret default/s", "Service default/x"]);
        assert!(res[0].id.is_secret());
    }
}
