//! The embedded Permify chart: metadata, default values, schema, templates.
//!
//! Everything is compiled into the binary; nothing is read from disk at run time.

/// `Chart.yaml` of the embedded chart.
pub const CHART_YAML: &str = include_str!("../charts/permify/Chart.yaml");
/// `values.yaml`: the chart's default values (the official defaults).
pub const VALUES_YAML: &str = include_str!("../charts/permify/values.yaml");
/// `values.schema.json`: the JSON schema Helm checks values against.
pub const VALUES_SCHEMA_JSON: &str = include_str!("../charts/permify/values.schema.json");

/// The chart's name (`.Chart.Name`).
pub const NAME: &str = "permify";
/// The chart's version (`.Chart.Version`).
pub const VERSION: &str = "0.5.0";
/// The chart's appVersion (`.Chart.AppVersion`).
pub const APP_VERSION: &str = "v1.3.5";
/// The chart's description.
pub const DESCRIPTION: &str =
    "Helm charts for deploying and managing Permify in Kubernetes environments.";

/// A template file of the chart: its path under `templates/` and its minijinja source.
#[derive(Clone, Copy, Debug)]
pub struct TemplateFile {
    /// Path below `templates/`, e.g. `tests/test-connection.yaml`.
    pub name: &'static str,
    /// minijinja source.
    pub source: &'static str,
}

impl TemplateFile {
    /// The path Helm prints in `# Source:` lines: `permify/templates/<name>`.
    pub fn source_path(&self) -> String {
        format!("{NAME}/templates/{}", self.name)
    }

    /// Whether Helm treats the file as a partial (name starts with `_`): never rendered
    /// on its own.
    pub fn is_partial(&self) -> bool {
        self.name
            .rsplit('/')
            .next()
            .is_some_and(|base| base.starts_with('_'))
    }

    /// Whether this is the chart's NOTES.txt (rendered, but not a manifest).
    pub fn is_notes(&self) -> bool {
        self.name == "NOTES.txt"
    }
}

macro_rules! template {
    ($name:literal) => {
        TemplateFile {
            name: $name,
            source: include_str!(concat!("../templates/", $name)),
        }
    };
}

/// Every template file of the chart, in Helm's parse/execution order: deeper paths
/// first, then reverse byte order of the path (Helm's `sortTemplates`). Rendering stops
/// at the first failure, so this order decides which error Helm reports.
pub const TEMPLATES: &[TemplateFile] = &[
    template!("tests/test-connection.yaml"),
    template!("serviceaccount.yaml"),
    template!("service.yaml"),
    template!("rbac.yaml"),
    template!("ingress.yaml"),
    template!("hpa.yaml"),
    template!("headless-service.yaml"),
    template!("deployment.yaml"),
    template!("createdb.yaml"),
    template!("_helpers.tpl"),
    template!("NOTES.txt"),
];
