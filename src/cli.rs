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
}

/// Release and values options shared by `template` and `values`.
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
        assert_eq!(t.release.values.files, vec!["a.yaml", "b.yaml", "c.yaml"]);
        assert_eq!(t.release.name.as_deref(), Some("rel"));
    }
}
