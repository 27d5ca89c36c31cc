//! Writing a render: standard output, or `--output-dir` files written atomically.
//!
//! Helm writes `<dir>/permify/templates/<file>` as it goes, appending each document of
//! the same template, and prints `wrote <dir>/<path>` per document. permify-render
//! prints the same lines and produces the same files, but only after the whole render
//! succeeded, each file through a temporary file renamed into place, never following
//! a symlink below the output folder. (Helm appends hooks to files left by an earlier
//! run; permify-render rewrites them, so re-running gives the same tree.)

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::manifest::{OutputOptions, Sorted};

/// Files to write under the output folder, in Helm's write order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutputTree {
    /// `(path relative to the output folder, full content)`, one entry per file.
    pub files: Vec<(String, String)>,
    /// What Helm prints on standard output: `wrote <path>` per document, then an empty
    /// line.
    pub stdout: String,
}

/// Plans the `--output-dir` tree Helm would write for this render.
///
/// `dir` is the flag's text (Helm joins it with `/` without cleaning it, so
/// `out/` prints `out//permify/...`); `release_dir` is `Some(name)` with
/// `--release-name`.
pub fn plan_tree(
    sorted: &Sorted,
    opts: &OutputOptions,
    dir: &str,
    release_dir: Option<&str>,
) -> OutputTree {
    let base = match release_dir {
        Some(name) => clean_join(dir, name),
        None => dir.to_string(),
    };
    let mut tree = OutputTree::default();
    let add = |path: &str, content: &str, tree: &mut OutputTree| {
        let doc = format!("---\n# Source: {path}\n{content}\n");
        match tree.files.iter_mut().find(|(p, _)| p == path) {
            Some((_, text)) => text.push_str(&doc),
            None => tree.files.push((path.to_string(), doc)),
        }
        tree.stdout.push_str(&format!("wrote {base}/{path}\n"));
    };
    for m in &sorted.manifests {
        add(&m.path, &m.content, &mut tree);
    }
    if !opts.no_hooks {
        for h in &sorted.hooks {
            if opts.skip_tests && h.is_test() {
                continue;
            }
            add(&h.manifest.path, &h.manifest.content, &mut tree);
        }
    }
    tree.stdout.push('\n');
    tree
}

/// Go's `filepath.Join(a, b)`: joined and cleaned.
fn clean_join(a: &str, b: &str) -> String {
    let joined = if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    };
    let abs = joined.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (abs, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// An output folder problem.
#[derive(Debug)]
pub struct OutputError {
    /// The path involved.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "--output-dir {}: {}", self.path.display(), self.message)
    }
}

/// Writes the tree under `root` (the output folder, with the release sub-folder when
/// `--release-name` is used). Every file is written to a temporary sibling first; only
/// when all are written are they renamed into place. Refuses paths that would pass
/// through a symlink or a non-folder below `root` (`root` itself may be a symlink to a
/// folder: that is the path the user named).
///
/// On failure nothing is left behind: temporary files are removed, and so are the
/// folders this call created (the tree is as before the call). Only the final renames
/// could fail half-way, which needs the file system itself to fail, since each rename
/// stays within a folder the temporary file was just written to.
pub fn write_tree(root: &Path, tree: &OutputTree) -> Result<(), OutputError> {
    let mut created: Vec<PathBuf> = Vec::new();
    let result = write_tree_inner(root, tree, &mut created);
    if result.is_err() {
        // Innermost first; a folder that is not empty (someone else wrote there) stays.
        for dir in created.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
    result
}

fn write_tree_inner(
    root: &Path,
    tree: &OutputTree,
    created: &mut Vec<PathBuf>,
) -> Result<(), OutputError> {
    let err = |path: &Path, message: String| OutputError {
        path: path.to_path_buf(),
        message,
    };
    if let Ok(meta) = fs::metadata(root)
        && !meta.is_dir()
    {
        return Err(err(root, "exists and is not a folder".into()));
    }
    // Plan and check every target first.
    let mut targets = Vec::with_capacity(tree.files.len());
    for (rel, content) in &tree.files {
        let rel_path = Path::new(rel);
        if rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(err(
                rel_path,
                "refusing a path that leaves the output folder".into(),
            ));
        }
        let target = root.join(rel_path);
        let mut cur = root.to_path_buf();
        for c in rel_path.components() {
            cur.push(c);
            match fs::symlink_metadata(&cur) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(err(
                        &cur,
                        "is a symlink; refusing to write through it".into(),
                    ));
                }
                Ok(m) if cur != target && !m.is_dir() => {
                    return Err(err(&cur, "exists and is not a folder".into()));
                }
                Ok(m) if cur == target && m.is_dir() => {
                    return Err(err(&cur, "exists and is a folder".into()));
                }
                _ => {}
            }
        }
        targets.push((target, content));
    }
    // Write temporaries (removed again when dropped, on any error).
    let mut temps: Vec<(tempfile::TempPath, &PathBuf)> = Vec::with_capacity(targets.len());
    for (target, content) in &targets {
        let parent = target.parent().unwrap_or(root);
        if let Err(e) = create_folders(parent, created) {
            return Err(err(parent, format!("cannot create folder: {e}")));
        }
        let mut tmp = tempfile::Builder::new()
            .prefix(".permify-render-")
            .tempfile_in(parent)
            .map_err(|e| err(parent, format!("cannot write: {e}")))?;
        tmp.write_all(content.as_bytes())
            .and_then(|_| tmp.flush())
            .map_err(|e| err(target, format!("cannot write: {e}")))?;
        temps.push((tmp.into_temp_path(), target));
    }
    // Put them in place.
    for (tmp, target) in temps {
        set_readable(&tmp);
        tmp.persist(target)
            .map_err(|e| err(target, format!("cannot replace: {}", e.error)))?;
    }
    Ok(())
}

/// `mkdir -p dir`, recording each folder it creates (outermost first) in `created`.
fn create_folders(dir: &Path, created: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_folders(parent, created)?;
    }
    match fs::create_dir(dir) {
        Ok(()) => {
            created.push(dir.to_path_buf());
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Temporary files are created 0600; Helm's files are 0644 (0666 minus umask 022).
fn set_readable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// `template -o json`: the printed documents as a Kubernetes `v1/List`, pretty JSON
/// with a final newline.
///
/// The documents are those `helm template` prints, in its order (manifests by install
/// order, then hooks unless `--no-hooks`, test hooks dropped with `--skip-tests`,
/// `--show-only` applied to the text output first, exactly as for YAML). Each is read
/// as the Kubernetes API server and kubectl read YAML (sigs.k8s.io/yaml: go-yaml v2,
/// YAML 1.1): integers stay integers (`replicas: 3` is `3`, not `3.0`), quoted numbers
/// stay strings, `yes`/`no` unquoted are booleans. Empty documents (only comments) are
/// left out, as kubectl skips them. Keys are in byte order.
///
/// # Errors
/// A `--show-only` pattern that matches nothing; a document that does not read as
/// YAML (only possible when `--show-only` re-splits the output differently).
pub fn json_list(sorted: &Sorted, opts: &OutputOptions) -> Result<String, crate::Error> {
    let shown;
    let docs: Vec<(&str, &str)> = if opts.show_only.is_empty() {
        crate::manifest::selected_documents(sorted, opts)
    } else {
        shown = crate::manifest::template_output(sorted, opts)?;
        crate::manifest::split_manifests(&shown)
            .into_iter()
            .map(|d| ("(--show-only output)", d))
            .collect()
    };
    let mut items = Vec::with_capacity(docs.len());
    for (path, doc) in docs {
        let value = crate::values::load::parse_document(doc).map_err(|e| {
            crate::manifest::ManifestError {
                path: path.to_string(),
                line: Some((e.line, e.column)),
                message: e.message,
            }
        })?;
        match &value {
            crate::values::Value::Null => continue,
            crate::values::Value::Map(m) if m.is_empty() => continue,
            _ => items.push(value.to_json()),
        }
    }
    /// Field order as kubectl prints a List.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct List {
        api_version: &'static str,
        kind: &'static str,
        items: Vec<serde_json::Value>,
    }
    let list = List {
        api_version: "v1",
        kind: "List",
        items,
    };
    let mut text = serde_json::to_string_pretty(&list)
        .map_err(|e| crate::Error::Input(format!("cannot print the render as JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> OutputTree {
        OutputTree {
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), c.to_string()))
                .collect(),
            stdout: String::new(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).expect("readable").flatten() {
                let p = e.path();
                out.push(p.strip_prefix(dir).expect("below").display().to_string());
                if p.is_dir() {
                    stack.push(p);
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_failed_write_removes_the_folders_it_created() {
        let scratch = tempfile::tempdir().expect("temp dir");
        let root = scratch.path().join("out");
        // The second file's folder name is too long for the file system, after the
        // first file's folders (and `out` itself) were created.
        let long = "x".repeat(300);
        let t = tree(&[
            ("permify/templates/a.yaml", "a"),
            (&format!("permify/{long}/b.yaml"), "b"),
        ]);
        let e = write_tree(&root, &t).expect_err("name too long");
        assert!(
            e.message.starts_with("cannot create folder"),
            "{}",
            e.message
        );
        assert_eq!(listing(scratch.path()), Vec::<String>::new());
    }

    #[test]
    fn a_failed_write_keeps_existing_folders_and_files() {
        let scratch = tempfile::tempdir().expect("temp dir");
        let root = scratch.path().join("out");
        fs::create_dir_all(root.join("permify/templates")).expect("mkdir");
        fs::write(root.join("permify/templates/a.yaml"), "old").expect("write");
        let long = "x".repeat(300);
        let t = tree(&[
            ("permify/templates/a.yaml", "new"),
            (&format!("permify/{long}/b.yaml"), "b"),
        ]);
        write_tree(&root, &t).expect_err("name too long");
        assert_eq!(
            listing(&root),
            vec!["permify", "permify/templates", "permify/templates/a.yaml"]
        );
        assert_eq!(
            fs::read_to_string(root.join("permify/templates/a.yaml")).expect("read"),
            "old"
        );
        // And a good tree is written whole.
        write_tree(&root, &tree(&[("permify/templates/a.yaml", "new")])).expect("write");
        assert_eq!(
            fs::read_to_string(root.join("permify/templates/a.yaml")).expect("read"),
            "new"
        );
    }

    #[test]
    fn joins_like_go() {
        assert_eq!(clean_join("out/", "rel"), "out/rel");
        assert_eq!(clean_join("./out", "rel"), "out/rel");
        assert_eq!(clean_join("/tmp//x/../y", "rel"), "/tmp/y/rel");
    }
}
