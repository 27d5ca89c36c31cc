//! Values: what Helm reads from the chart, `-f` files and `--set` flags, and how it
//! combines and checks them.
//!
//! [`compute`] is the whole stage: chart defaults, then each `-f` file in order (deep
//! merge), then `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`
//! (each kind in command-line order), then coalescing with the chart defaults (nulls
//! delete), then the schema check.

pub mod coalesce;
pub mod load;
pub mod schema;
pub mod set;
pub mod value;

use std::io::Read;
use std::sync::LazyLock;

pub use value::{Map, Value};

use crate::chart;

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
    /// Values violate the chart's schema.
    Schema(Vec<schema::Violation>),
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
                for x in v {
                    let path = x.dotted_path();
                    let path = if path.is_empty() {
                        "(top level)".to_string()
                    } else {
                        path
                    };
                    write!(f, "- {path}: {}", x.message)?;
                    if x.expected == "integer" && x.found == "number" {
                        write!(f, " (a whole number is expected)")?;
                    } else if x.expected == "string"
                        && matches!(x.found.as_str(), "number" | "boolean")
                    {
                        write!(f, " (quote it in YAML, or use --set-string)")?;
                    } else if x.expected == "integer" && x.found == "string" {
                        write!(f, " (write the number without quotes)")?;
                    } else if x.expected == "boolean" && x.found == "string" {
                        write!(f, " (use true or false, without quotes)")?;
                    }
                    writeln!(f)?;
                }
                Ok(())
            }
        }
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

/// Reads, merges, coalesces and checks values, as Helm does before rendering.
///
/// `stdin` is read (once) for `-f -`; `read_file` reads `-f` and `--set-file` paths.
pub fn compute(
    sources: &ValueSources,
    stdin: &mut dyn Read,
    read_file: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<Computed, ValuesError> {
    let mut user = Map::new();
    let mut stdin_data: Option<Vec<u8>> = None;
    for file in &sources.files {
        let bytes = if file.trim() == "-" {
            if stdin_data.is_none() {
                let mut buf = Vec::new();
                stdin.read_to_end(&mut buf).map_err(|e| ValuesError::Read {
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
        let origin = if file.trim() == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        let loaded = load::load_values_map(&bytes, origin).map_err(ValuesError::Parse)?;
        user = coalesce::merge_maps(user, loaded);
    }
    for arg in &sources.set_json {
        set::parse_set_json(arg, &mut user).map_err(ValuesError::Set)?;
    }
    for arg in &sources.set {
        set::parse_set(arg, &mut user).map_err(ValuesError::Set)?;
    }
    for arg in &sources.set_string {
        set::parse_set_string(arg, &mut user).map_err(ValuesError::Set)?;
    }
    for arg in &sources.set_file {
        let mut reader = |path: &str| -> Result<String, String> {
            let bytes =
                read_file(path).map_err(|e| format!("cannot read {path}: {}", io_message(&e)))?;
            String::from_utf8(bytes).map_err(|_| format!("{path} is not UTF-8 text"))
        };
        set::parse_set_file(arg, &mut user, &mut reader).map_err(ValuesError::Set)?;
    }
    for arg in &sources.set_literal {
        set::parse_set_literal(arg, &mut user).map_err(ValuesError::Set)?;
    }
    let mut warnings = Vec::new();
    let values = coalesce::coalesce(chart_defaults(), user.clone(), &mut warnings)
        .map_err(ValuesError::Coalesce)?;
    if !sources.skip_schema_validation {
        let violations = schema::validate(&values);
        if !violations.is_empty() {
            return Err(ValuesError::Schema(violations));
        }
    }
    Ok(Computed {
        values,
        user,
        warnings,
    })
}

/// An I/O error as a short sentence (`No such file or directory`).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}
