//! Command-line definitions: every subcommand and flag, in one place.
//!
//! Flags mirror `helm template`'s where they exist (same names, short forms and
//! meaning): `-f` takes a comma-separated list, `--set*` flags repeat, and like Helm the
//! value flags are applied by kind (all `--set-json`, then `--set`, `--set-string`,
//! `--set-file`, `--set-literal`), not in command-line order.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Render the official Permify Helm chart (0.5.0, Permify v1.3.5) without Helm.
#[derive(Debug, Parser)]
#[command(name = "permify-render", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// Diagnostics options (apply to every command).
    #[command(flatten)]
    pub diagnostics: DiagnosticArgs,
}

/// How warnings are reported.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct DiagnosticArgs {
    /// Treat warnings as errors (exit status 1).
    #[arg(long, global = true)]
    pub strict: bool,

    /// Do not print warnings.
    #[arg(long, global = true, conflicts_with = "strict")]
    pub quiet: bool,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the chart's manifests, byte-identical to `helm template`.
    ///
    /// Example: permify-render template permify -f prod.yaml --set replicaCount=5
    Template(TemplateArgs),
    /// Print the computed values the templates see (chart defaults merged with -f and
    /// --set flags, as Helm computes them).
    Values(ValuesArgs),
    /// Check manifests offline against the Kubernetes API types (a file, a folder from
    /// --output-dir, or - for standard input).
    ///
    /// Findings are the output: one line each on standard output,
    /// `FILE:LINE: Kind/name: field.path: problem; fix: hint`, then exit status 1 with a
    /// summary on standard error; `N documents valid` and status 0 when there are none.
    Validate(ValidateArgs),
    /// Compare two renders resource by resource (files, --output-dir folders, or two
    /// sets of values rendered here).
    ///
    /// Resources are matched by API group, kind, namespace (-n for those without one)
    /// and name. The summary lists added (+), removed (-) and changed (~) resources with
    /// every changed field; Secret data and secret-looking env values are masked. Exit
    /// status 0, or with --exit-code 1 when the sides differ.
    ///
    /// Example: permify-render diff --values-old main.yaml --values-new pr.yaml --exit-code
    Diff(DiffArgs),
    /// Render one release per values file, in parallel.
    Batch(BatchArgs),
    /// Show the embedded chart's values, metadata, schema or README, like `helm show`.
    Show(ShowArgs),
    /// Print the chart's rendered NOTES.txt for a release.
    Notes(NotesArgs),
    /// Check values and the render for errors and warnings without printing manifests.
    Lint(LintArgs),
}

/// `validate` options.
#[derive(Debug, Args, Clone)]
pub struct ValidateArgs {
    /// A manifest file, a folder of manifests (e.g. from --output-dir), or - for stdin.
    #[arg(value_name = "FILE")]
    pub input: String,
}

/// `diff` options.
#[derive(Debug, Args, Clone, Default)]
pub struct DiffArgs {
    /// The old side: a manifest file, an --output-dir folder, or - (stdin).
    #[arg(value_name = "OLD", required_unless_present_any = ["values_old", "values_new"])]
    pub old: Option<String>,

    /// The new side: a manifest file, an --output-dir folder, or - (stdin).
    #[arg(value_name = "NEW", required_unless_present_any = ["values_old", "values_new"])]
    pub new: Option<String>,

    /// Render the old side from this values file (- for stdin) plus the shared value
    /// flags; without it (but with --values-new) the old side is the chart defaults.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["old", "new"])]
    pub values_old: Option<String>,

    /// Render the new side from this values file (- for stdin) plus the shared value
    /// flags; without it (but with --values-old) the new side is the chart defaults.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["old", "new"])]
    pub values_new: Option<String>,

    /// Release name used when rendering (default: release-name).
    #[arg(long = "release", value_name = "NAME")]
    pub release_name: Option<String>,

    /// Namespace, capabilities and values flags. The value flags apply to both rendered
    /// sides: shared -f files first, then --values-old/--values-new, then --set and
    /// friends. -n also names the namespace of resources that have none (default:
    /// default) when comparing files.
    #[command(flatten)]
    pub render: RenderOptions,

    /// Report format.
    #[arg(long = "output", value_enum, default_value_t = DiffFormat::Summary)]
    pub output: DiffFormat,

    /// Exit with status 1 when the sides differ (for CI gates).
    #[arg(long)]
    pub exit_code: bool,

    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `diff` report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    /// Added, removed and changed resources with field-level changes.
    #[default]
    Summary,
    /// A unified line diff of the manifests.
    Unified,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour when standard output is a terminal.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `batch` options.
#[derive(Debug, Args, Clone, Default)]
pub struct BatchArgs {
    /// Values files (or folders of *.yaml / *.yml files, hidden files left out); one
    /// release per file, named after the file stem.
    #[arg(value_name = "VALUES_FILES", required = true)]
    pub inputs: Vec<String>,

    /// The global --strict: a release with value warnings fails (set by `execute`).
    #[arg(skip)]
    pub strict: bool,

    /// Folder to write each release's manifests to (<dir>/<release>.yaml).
    #[arg(long, value_name = "DIR")]
    pub output_dir: std::path::PathBuf,

    /// Rename releases: FILE_STEM=NAME (repeatable).
    #[arg(long = "name", value_name = "STEM=NAME")]
    pub names: Vec<String>,

    /// Namespace for every release.
    #[arg(short = 'n', long, default_value = "default")]
    pub namespace: String,

    /// Kubernetes version for .Capabilities.KubeVersion.
    #[arg(long, value_name = "VERSION")]
    pub kube_version: Option<String>,

    /// Number of parallel renders (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// `show` options.
#[derive(Debug, Args, Clone)]
pub struct ShowArgs {
    /// What to show.
    #[arg(value_enum)]
    pub what: ShowWhat,
}

/// What `show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowWhat {
    /// The chart's default values.yaml.
    Values,
    /// The chart's Chart.yaml.
    Chart,
    /// The chart's values.schema.json.
    Schema,
    /// The chart's README.
    Readme,
    /// Chart.yaml, values.yaml and README.
    All,
}

/// `notes` options.
#[derive(Debug, Args, Clone, Default)]
pub struct NotesArgs {
    /// Release and values.
    #[command(flatten)]
    pub release: ReleaseArgs,
}

/// `lint` options.
#[derive(Debug, Args, Clone, Default)]
pub struct LintArgs {
    /// Release and values.
    #[command(flatten)]
    pub release: ReleaseArgs,
}

/// Release name, chart reference and render options shared by `template`, `values`,
/// `notes` and `lint`.
#[derive(Debug, Args, Clone, Default)]
pub struct ReleaseArgs {
    /// Release name (Helm's NAME; default: release-name). Lowercase DNS-1123, at most 53
    /// characters.
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Chart reference, accepted for `helm template NAME CHART` compatibility: only the
    /// embedded permify chart can be rendered (a path or name ending in `permify`).
    #[arg(value_name = "CHART")]
    pub chart: Option<String>,

    /// Namespace, capabilities and values.
    #[command(flatten)]
    pub opts: RenderOptions,
}

/// Namespace, capabilities and values of a render.
#[derive(Debug, Args, Clone, Default)]
pub struct RenderOptions {
    /// Namespace (.Release.Namespace).
    #[arg(short = 'n', long, value_name = "NAMESPACE", default_value = "default")]
    pub namespace: String,

    /// Kubernetes version for .Capabilities.KubeVersion (default v1.35.0, as Helm 4.1).
    #[arg(long, value_name = "VERSION")]
    pub kube_version: Option<String>,

    /// Extra API versions for .Capabilities.APIVersions (repeatable or comma-separated).
    #[arg(short = 'a', long, value_name = "API_VERSIONS", value_delimiter = ',')]
    pub api_versions: Vec<String>,

    /// Set .Release.IsUpgrade instead of .Release.IsInstall.
    #[arg(long)]
    pub is_upgrade: bool,

    /// Values options.
    #[command(flatten)]
    pub values: ValueArgs,
}

/// Where values come from.
#[derive(Debug, Args, Clone, Default)]
pub struct ValueArgs {
    /// Values file(s), merged in order; `-` reads standard input (repeatable or
    /// comma-separated).
    #[arg(
        short = 'f',
        long = "values",
        value_name = "FILE",
        value_delimiter = ','
    )]
    pub files: Vec<String>,

    /// Set values: key1=val1,key2=val2 (integers, true/false and null are typed).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Set STRING values: key1=val1,key2=val2.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,

    /// Set values from files: key1=path1,key2=path2 (the file's text is the value).
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,

    /// Set JSON values: key1=jsonval1,key2=jsonval2, or a whole JSON object.
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,

    /// Set a literal STRING value (no escapes, commas or lists).
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,

    /// Do not check the values against the chart's values.schema.json.
    #[arg(long)]
    pub skip_schema_validation: bool,
}

/// `template` options.
#[derive(Debug, Args, Clone, Default)]
pub struct TemplateArgs {
    /// Release and values.
    #[command(flatten)]
    pub release: ReleaseArgs,

    /// Only show manifests rendered from these templates, e.g. templates/deployment.yaml
    /// (repeatable; glob patterns allowed).
    #[arg(short = 's', long = "show-only", value_name = "TEMPLATE")]
    pub show_only: Vec<String>,

    /// Write the manifests to files under this folder instead of standard output
    /// (<dir>/permify/templates/<file>). Written only when the whole render succeeds.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// With --output-dir, put the files under <dir>/<release name>/.
    #[arg(long = "release-name")]
    pub use_release_name: bool,

    /// Leave test hooks out.
    #[arg(long)]
    pub skip_tests: bool,

    /// Leave hooks out.
    #[arg(long)]
    pub no_hooks: bool,

    /// Accepted for compatibility (the chart has no CRDs).
    #[arg(long)]
    pub include_crds: bool,

    /// Also check the manifests offline against the Kubernetes API types (see
    /// `validate`); findings go to stderr and make the exit status 1.
    #[arg(long)]
    pub validate: bool,

    /// Apply a patch file to the rendered documents (repeatable; RFC 6902 JSON Patch or
    /// RFC 7386 merge patch entries targeting documents by kind/name).
    #[arg(long = "patch", value_name = "FILE")]
    pub patches: Vec<String>,

    /// Output format: yaml (Helm's output) or json (a Kubernetes List).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = TemplateFormat::Yaml)]
    pub output: TemplateFormat,

    /// Chart version constraint, as Helm's --version (e.g. 0.5.0, ">=0.4, <1"): it must
    /// admit the embedded chart's version, 0.5.0.
    #[arg(long = "version", value_name = "VERSION")]
    pub chart_version: Option<String>,

    /// Flags of `helm template` that change nothing in a render without a cluster.
    #[command(flatten)]
    pub helm_compat: Box<HelmCompat>,
}

/// Flags `helm template` takes that have no effect on its output here (installation,
/// chart download and logging options), accepted so that a `helm template` command
/// line can run unchanged.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Accepted for helm template compatibility (no effect)")]
pub struct HelmCompat {
    /// Helm's verbose output.
    #[arg(long)]
    pub debug: bool,
    /// The chart has no CRDs.
    #[arg(long)]
    pub skip_crds: bool,
    /// Namespace creation happens at install.
    #[arg(long)]
    pub create_namespace: bool,
    /// The chart is embedded (no dependencies to update).
    #[arg(long)]
    pub dependency_update: bool,
    /// Development versions: the chart is embedded.
    #[arg(long)]
    pub devel: bool,
    /// Install-time option.
    #[arg(long)]
    pub atomic: bool,
    /// Install-time option (`--wait` or `--wait=STRATEGY`).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "STRATEGY")]
    pub wait: Option<String>,
    /// Install-time option.
    #[arg(long)]
    pub wait_for_jobs: bool,
    /// Install-time option.
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// `helm template` always renders client-side (`--dry-run` or `--dry-run=MODE`;
    /// `server` needs a cluster and is refused).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "client", value_name = "MODE")]
    pub dry_run: Option<String>,
    /// Install-time option (Helm 4's name for --atomic).
    #[arg(long)]
    pub rollback_on_failure: bool,
    /// Install-time option.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_name = "MODE")]
    pub server_side: Option<String>,
    /// Install-time options.
    #[arg(long)]
    pub replace: bool,
    #[arg(long, hide = true)]
    pub force_replace: bool,
    #[arg(long, hide = true)]
    pub take_ownership: bool,
    #[arg(long, hide = true)]
    pub enable_dns: bool,
    #[arg(long, hide = true)]
    pub hide_notes: bool,
    #[arg(long, hide = true)]
    pub render_subchart_notes: bool,
    #[arg(long, hide = true)]
    pub disable_openapi_validation: bool,
    /// Release description and labels (stored with a release; not in manifests).
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,
    #[arg(long, value_name = "KEY=VALUE,...", hide = true)]
    pub labels: Vec<String>,
    /// Chart download and cluster access: the chart is embedded, no cluster is used.
    #[arg(long, value_name = "URL")]
    pub repo: Option<String>,
    #[arg(long, hide = true)]
    pub insecure_skip_tls_verify: bool,
    #[arg(long, hide = true)]
    pub plain_http: bool,
    #[arg(long, hide = true)]
    pub pass_credentials: bool,
    #[arg(long, value_name = "NAME", hide = true)]
    pub username: Option<String>,
    #[arg(long, value_name = "PASSWORD", hide = true)]
    pub password: Option<String>,
    #[arg(long, value_name = "FILE", hide = true)]
    pub ca_file: Option<String>,
    #[arg(long, value_name = "FILE", hide = true)]
    pub cert_file: Option<String>,
    #[arg(long, value_name = "FILE", hide = true)]
    pub key_file: Option<String>,
    #[arg(long, value_name = "FILE", hide = true)]
    pub kubeconfig: Option<String>,
    #[arg(long, value_name = "CONTEXT", hide = true)]
    pub kube_context: Option<String>,
}

/// Output formats of `template`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TemplateFormat {
    /// The manifests as `helm template` prints them.
    #[default]
    Yaml,
    /// A Kubernetes `v1/List` of the manifests, as JSON.
    Json,
}

/// `values` options.
#[derive(Debug, Args, Clone)]
pub struct ValuesArgs {
    /// Release and values.
    #[command(flatten)]
    pub release: ReleaseArgs,

    /// Output format.
    #[arg(short = 'o', long, value_enum, default_value_t = ValuesFormat::Yaml)]
    pub output: ValuesFormat,
}

/// Output formats of `values`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValuesFormat {
    /// YAML, as Helm's toYaml prints it.
    Yaml,
    /// JSON with sorted keys, as Helm's toJson prints it.
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn values_files_split_on_commas() {
        let cli = Cli::try_parse_from([
            "permify-render",
            "template",
            "rel",
            "-f",
            "a.yaml,b.yaml",
            "-f",
            "c.yaml",
        ])
        .unwrap();
        let Command::Template(t) = cli.command else {
            panic!("template expected")
        };
        assert_eq!(
            t.release.opts.values.files,
            vec!["a.yaml", "b.yaml", "c.yaml"]
        );
        assert_eq!(t.release.name.as_deref(), Some("rel"));
    }
}
