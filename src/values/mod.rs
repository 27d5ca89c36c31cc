//! Values: what Helm reads from the chart, `-f` files and `--set` flags, and how it
//! combines and checks them.
//!
//! [`compute`] is the whole stage: chart defaults, then each `-f` file in order (deep
//! merge), then `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`
//! (each kind in command-line order), then coalescing with the chart defaults (nulls
//! delete), then the schema check.

pub mod coalesce;
pub mod load;
pub mod origin;
pub mod schema;
pub mod set;
pub mod value;

use std::io::Read;
use std::sync::LazyLock;

pub use origin::{Origin, Origins};
pub use value::{Map, Value};

use crate::chart;

/// The largest input file read, in bytes (8 MiB): each `-f` values file, standard
/// input for `-f -`, each `--set-file` file (and `--patch` files, through
/// [`read_capped`]).
///
/// Helm has no limit for `-f` files, but refuses any file of a chart over 5 MiB
/// (`MaxDecompressedFileSize`, the chart's own `values.yaml` included), and a release
/// whose values do not fit its 1 MiB Secret cannot be installed. Real values files are
/// a few KiB. At 8 MiB even a worst-case file (hundreds of thousands of one-line keys)
/// still renders in about 2 s and 200 MB; a bigger file is refused before it is read,
/// so a 100 MB file fails at once, naming the file and this limit.
pub const MAX_VALUES_FILE_BYTES: usize = 8 << 20;

/// Reads a file of at most [`MAX_VALUES_FILE_BYTES`] bytes.
///
/// # Errors
/// The OS error, or [`std::io::ErrorKind::FileTooLarge`] when the file is bigger than
/// the limit (checked on its size first, then on what was read, for pipes and devices).
pub fn read_capped(path: &str) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_VALUES_FILE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_VALUES_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_VALUES_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("larger than {} MiB", MAX_VALUES_FILE_BYTES >> 20),
    )
}

/// Where values come from (the value flags of `helm template`).
#[derive(Clone, Debug, Default)]
pub struct ValueSources {
    /// `-f` files (`-` for standard input), in order.
    pub files: Vec<String>,
    /// `--set` arguments.
    pub set: Vec<String>,
    /// `--set-string` arguments.
    pub set_string: Vec<String>,
    /// `--set-json` arguments.
    pub set_json: Vec<String>,
    /// `--set-literal` arguments.
    pub set_literal: Vec<String>,
    /// `--set-file` arguments.
    pub set_file: Vec<String>,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
}

/// The values a render uses.
#[derive(Clone, Debug)]
pub struct Computed {
    /// The coalesced values the templates see (`.Values`).
    pub values: Map,
    /// What the user supplied (files and flags merged), before coalescing.
    pub user: Map,
    /// Where each user-supplied value was written.
    pub origins: Origins,
    /// Non-fatal notes from coalescing.
    pub warnings: Vec<coalesce::CoalesceWarning>,
}

/// A values problem, naming the file, flag or values path.
#[derive(Debug)]
pub enum ValuesError {
    /// A `-f` file could not be read.
    Read {
        /// The path as given.
        file: String,
        /// The OS error.
        message: String,
    },
    /// A `-f` file is not valid YAML (or not a map of values).
    Parse(load::LoadError),
    /// A `--set`-family argument is wrong.
    Set(set::SetError),
    /// The `common` slot is not a map.
    Coalesce(coalesce::CoalesceError),
    /// Values violate the chart's schema (each with where it was set, if the user set it).
    Schema(Vec<(schema::Violation, Option<Origin>)>),
}

impl std::fmt::Display for ValuesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValuesError::Read { file, message } => {
                write!(f, "cannot read values file {file} (-f {file}): {message}")
            }
            ValuesError::Parse(e) => write!(f, "{e}"),
            ValuesError::Set(e) => write!(f, "{e}"),
            ValuesError::Coalesce(e) => write!(f, "{e}"),
            ValuesError::Schema(v) => {
                writeln!(
                    f,
                    "values don't meet the chart's schema (values.schema.json): {} problem{}",
                    v.len(),
                    if v.len() == 1 { "" } else { "s" }
                )?;
                for (x, origin) in v {
                    let path = x.dotted_path();
                    let path = if path.is_empty() {
                        "(top level)".to_string()
                    } else {
                        path
                    };
                    write!(f, "- {path}: {}", x.message)?;
                    match origin {
                        Some(o) => write!(f, " (set by {o})")?,
                        None => write!(f, " (the chart's default)")?,
                    }
                    let flag = match origin {
                        Some(Origin::Flag { flag, .. }) => Some(*flag),
                        _ => None,
                    };
                    let hint = schema_hint(&x.expected, &x.found, flag, x.numeric_text);
                    if !hint.is_empty() {
                        write!(f, "\n    hint: {hint}")?;
                    }
                    writeln!(f)?;
                }
                Ok(())
            }
        }
    }
}

/// A fix suggestion for a type violation, knowing which flag (if any) set the value.
fn schema_hint(expected: &str, found: &str, flag: Option<&str>, numeric_text: bool) -> String {
    match (expected, found, flag) {
        ("integer" | "number", "string", None) if !numeric_text => {
            format!("{} is expected here (e.g. 3), not text", if expected == "integer" { "a whole number" } else { "a number" })
        }
        ("string", "number" | "boolean", Some("--set")) => {
            "--set types numbers and booleans; use --set-string to pass text (e.g. --set-string image.tag=16)".into()
        }
        ("string", "number" | "boolean", _) => {
            "quote the value in YAML (e.g. tag: \"16\") so it stays a string".into()
        }
        ("integer", "string", Some(_)) => "pass a number (--set types base-10 integers)".into(),
        ("integer", "string", None) => "write the number without quotes (5000, not \"5000\")".into(),
        ("integer", "number", _) => "a whole number is expected".into(),
        ("boolean", "string", _) => "use true or false, without quotes".into(),
        ("array", "string", _) => "write a list: [\"a\", \"b\"] or one item per line with `- `".into(),
        ("object", "null", _) => "a null removes nothing here; delete the key or give a map".into(),
        _ => String::new(),
    }
}

/// The chart's default values, parsed once.
pub fn chart_defaults() -> &'static Map {
    static DEFAULTS: LazyLock<Map> = LazyLock::new(|| {
        load::load_values_map(chart::VALUES_YAML.as_bytes(), "values.yaml")
            .expect("the embedded values.yaml parses")
    });
    &DEFAULTS
}

/// Reads, merges, coalesces and checks values, as Helm does before rendering:
/// [`gather`] then [`check_schema`].
pub fn compute(
    sources: &ValueSources,
    stdin: &mut dyn Read,
    read_file: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<Computed, ValuesError> {
    let computed = gather(sources, stdin, read_file)?;
    if !sources.skip_schema_validation {
        check_schema(&computed)?;
    }
    Ok(computed)
}

/// Checks coalesced values against the chart's schema; every violation is reported
/// with where it was set.
pub fn check_schema(computed: &Computed) -> Result<(), ValuesError> {
    let violations = schema::validate(&computed.values);
    if violations.is_empty() {
        return Ok(());
    }
    let with_origins = violations
        .into_iter()
        .map(|v| {
            let o = computed.origins.find(&v.pointer).cloned();
            (v, o)
        })
        .collect();
    Err(ValuesError::Schema(with_origins))
}

/// Reads, merges and coalesces values (everything but the schema check).
///
/// `stdin` is read (once) for `-f -`; `read_file` reads `-f` and `--set-file` paths.
/// Each file or standard input may hold at most [`MAX_VALUES_FILE_BYTES`] bytes; a
/// bigger one fails with [`ValuesError::Read`] naming it and the limit.
pub fn gather(
    sources: &ValueSources,
    stdin: &mut dyn Read,
    read_file: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<Computed, ValuesError> {
    let mut user = Map::new();
    let mut origins = Origins::default();
    let mut stdin_data: Option<Vec<u8>> = None;
    for file in &sources.files {
        let bytes = if file.trim() == "-" {
            if stdin_data.is_none() {
                let mut buf = Vec::new();
                stdin
                    .take(MAX_VALUES_FILE_BYTES as u64 + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| ValuesError::Read {
                        file: "-".into(),
                        message: format!("standard input: {e}"),
                    })?;
                stdin_data = Some(buf);
            }
            stdin_data.clone().unwrap_or_default()
        } else if file.contains("://") {
            return Err(ValuesError::Read {
                file: file.clone(),
                message: "values from URLs are not supported; download the file and pass its path"
                    .into(),
            });
        } else {
            read_file(file).map_err(|e| ValuesError::Read {
                file: file.clone(),
                message: io_message(&e),
            })?
        };
        if bytes.len() > MAX_VALUES_FILE_BYTES {
            return Err(ValuesError::Read {
                file: file.clone(),
                message: io_message(&too_large()),
            });
        }
        let origin = if file.trim() == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        // -f files keep their locations: diagnostics point at the line to fix.
        let loaded = load::load_values(&bytes, origin).map_err(ValuesError::Parse)?;
        for (pointer, at) in loaded.locations {
            origins.set(
                pointer,
                Origin::File {
                    path: origin.to_string(),
                    line: at.line,
                    column: at.column,
                },
            );
        }
        user = coalesce::merge_maps(user, loaded.values);
    }
    // Each flag argument: parse into the map, then record what it changed.
    let mut apply = |flag: &'static str,
                     arg: &str,
                     user: &mut Map,
                     parse: &mut dyn FnMut(&str, &mut Map) -> Result<(), set::SetError>|
     -> Result<(), ValuesError> {
        let before = user.clone();
        parse(arg, user).map_err(ValuesError::Set)?;
        let key = arg.split_once('=').map_or(arg, |(k, _)| k).to_string();
        origin::record_changes(&before, user, &Origin::Flag { flag, key }, &mut origins);
        Ok(())
    };
    for arg in &sources.set_json {
        apply("--set-json", arg, &mut user, &mut set::parse_set_json)?;
    }
    for arg in &sources.set {
        apply("--set", arg, &mut user, &mut set::parse_set)?;
    }
    for arg in &sources.set_string {
        apply("--set-string", arg, &mut user, &mut set::parse_set_string)?;
    }
    for arg in &sources.set_file {
        let mut reader = |path: &str| -> Result<String, String> {
            let bytes =
                read_file(path).map_err(|e| format!("cannot read {path}: {}", io_message(&e)))?;
            if bytes.len() > MAX_VALUES_FILE_BYTES {
                return Err(format!("cannot read {path}: {}", io_message(&too_large())));
            }
            String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))
        };
        let mut parse = |a: &str, m: &mut Map| set::parse_set_file(a, m, &mut reader);
        apply("--set-file", arg, &mut user, &mut parse)?;
    }
    for arg in &sources.set_literal {
        apply("--set-literal", arg, &mut user, &mut set::parse_set_literal)?;
    }
    let mut warnings = Vec::new();
    let values = coalesce::coalesce(chart_defaults(), user.clone(), &mut warnings)
        .map_err(ValuesError::Coalesce)?;
    Ok(Computed {
        values,
        user,
        origins,
        warnings,
    })
}

/// An I/O error as a short sentence (`No such file or directory`).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        std::io::ErrorKind::FileTooLarge => format!(
            "the file is larger than {} MiB, the limit for input files",
            MAX_VALUES_FILE_BYTES >> 20
        ),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(files: &[&str]) -> ValueSources {
        ValueSources {
            files: files.iter().map(|s| s.to_string()).collect(),
            ..ValueSources::default()
        }
    }

    /// A values file of `len` bytes: one key, then comment lines.
    fn padded(len: usize) -> Vec<u8> {
        let mut v = b"replicaCount: 2\n".to_vec();
        while v.len() < len {
            let line = b"# padding padding padding padding padding padding padding\n";
            v.extend_from_slice(&line[..line.len().min(len - v.len())]);
        }
        v
    }

    #[test]
    fn values_files_over_the_limit_are_refused_by_name() {
        let big = padded(MAX_VALUES_FILE_BYTES + 1);
        let read = |_: &str| Ok(big.clone());
        let err = gather(&sources(&["big.yaml"]), &mut std::io::empty(), &read)
            .expect_err("over the limit");
        assert_eq!(
            err.to_string(),
            "cannot read values file big.yaml (-f big.yaml): the file is larger than 8 MiB, the limit for input files"
        );
        // Standard input too.
        let err = gather(&sources(&["-"]), &mut big.as_slice(), &read).expect_err("stdin");
        assert!(
            err.to_string()
                .contains("-f -): the file is larger than 8 MiB"),
            "{err}"
        );
        // And --set-file.
        let set_file = ValueSources {
            set_file: vec!["app.x=big.txt".into()],
            ..ValueSources::default()
        };
        let err = gather(&set_file, &mut std::io::empty(), &read).expect_err("set-file");
        assert!(
            err.to_string()
                .contains("cannot read big.txt: the file is larger than 8 MiB"),
            "{err}"
        );
    }

    #[test]
    fn values_files_at_the_limit_are_read() {
        // Exactly at the limit: read and parsed (a NUL at the start makes the parser
        // stop at once, so the test stays fast in debug builds).
        let mut exact = padded(MAX_VALUES_FILE_BYTES);
        exact[0] = 0;
        assert_eq!(exact.len(), MAX_VALUES_FILE_BYTES);
        let read = |_: &str| Ok(exact.clone());
        let err = gather(&sources(&["ok.yaml"]), &mut std::io::empty(), &read)
            .expect_err("the NUL is refused");
        assert!(
            err.to_string()
                .starts_with("ok.yaml:1:1: control characters are not allowed"),
            "{err}"
        );
    }

    #[test]
    fn read_capped_checks_the_size_before_reading() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.yaml");
        let f = std::fs::File::create(&path).expect("create");
        // A sparse file: 100 MB on paper, nothing on disk, never read.
        f.set_len(100 << 20).expect("set_len");
        let err = read_capped(path.to_str().expect("UTF-8 path")).expect_err("too large");
        assert_eq!(err.kind(), std::io::ErrorKind::FileTooLarge);
        std::fs::write(&path, b"a: 1\n").expect("write");
        assert_eq!(
            read_capped(path.to_str().expect("path")).expect("small"),
            b"a: 1\n"
        );
    }
}
