//! Running the commands: arguments in, bytes and files out.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::cli::{Cli, Command, ReleaseArgs, TemplateArgs, ValuesArgs, ValuesFormat};
use crate::error::{Error, validate_release_name};
use crate::manifest::{self, OutputOptions};
use crate::output::{self, OutputTree};
use crate::render::{Capabilities, KubeVersion, Release, Renderer};
use crate::values::{self, Computed, ValueSources};

/// Helm's release name when none is given.
pub const DEFAULT_RELEASE_NAME: &str = "release-name";

/// The result of `template`: what to print, and the files to write with `--output-dir`.
#[derive(Debug)]
pub struct TemplateResult {
    /// Standard output.
    pub stdout: String,
    /// With `--output-dir`: the folder (release sub-folder included) and its files.
    pub tree: Option<(PathBuf, OutputTree)>,
    /// With `--validate`: the findings on the documents `template` prints (hooks
    /// included unless `--no-hooks`/`--skip-tests` leave them out; `--show-only` does
    /// not narrow it, as cross-document checks need the whole render).
    pub validation: Option<crate::validate::Report>,
}

/// Reads a file (the default for `-f` and `--set-file`).
pub fn read_file(path: &str) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// Release, capabilities and values from the shared flags.
pub fn prepare(
    args: &ReleaseArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<(Release, Capabilities, Computed), Error> {
    if let Some(chart) = &args.chart {
        let base = chart
            .trim_end_matches('/')
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(chart);
        if base != crate::chart::NAME {
            return Err(Error::Usage(format!(
                "unexpected CHART argument {chart:?}: permify-render renders only the embedded permify chart (give NAME alone, or a chart reference ending in \"permify\")"
            )));
        }
    }
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| DEFAULT_RELEASE_NAME.to_string());
    let opts = &args.opts;
    let kube_version = match &opts.kube_version {
        Some(v) => KubeVersion::parse(v).map_err(|reason| Error::KubeVersion {
            input: v.clone(),
            reason,
        })?,
        None => KubeVersion::default(),
    };
    let caps = Capabilities {
        kube_version,
        api_versions: opts.api_versions.clone(),
    };
    let sources = ValueSources {
        files: opts.values.files.clone(),
        set: opts.values.set.clone(),
        set_string: opts.values.set_string.clone(),
        set_json: opts.values.set_json.clone(),
        set_literal: opts.values.set_literal.clone(),
        set_file: opts.values.set_file.clone(),
        skip_schema_validation: opts.values.skip_schema_validation,
    };
    // Helm reads values before it checks the release name.
    let computed = values::compute(&sources, stdin, read)?;
    validate_release_name(&name)?;
    let release = Release {
        name,
        namespace: opts.namespace.clone(),
        is_upgrade: opts.is_upgrade,
    };
    Ok((release, caps, computed))
}

/// `permify-render template`: renders and returns what `helm template` prints.
pub fn template(
    renderer: &Renderer,
    args: &TemplateArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<TemplateResult, Error> {
    let (release, caps, computed) = prepare(&args.release, stdin, read)?;
    let files = renderer.render(&computed.values, &release, &caps)?;
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|f| !f.path.ends_with("/NOTES.txt"))
        .map(|f| (f.path, f.content))
        .collect();
    let sorted = manifest::sort_manifests(&files)?;
    let opts = OutputOptions {
        no_hooks: args.no_hooks,
        skip_tests: args.skip_tests,
        show_only: args.show_only.clone(),
    };
    // Kept off the plain path: no Kubernetes type work without --validate.
    let validation = args
        .validate
        .then(|| crate::validate::validate_rendered(&manifest::selected_documents(&sorted, &opts)));
    match &args.output_dir {
        None => Ok(TemplateResult {
            stdout: manifest::template_output(&sorted, &opts)?,
            tree: None,
            validation,
        }),
        Some(dir) => {
            if let Some(pattern) = args.show_only.first() {
                // Helm filters what it prints, which is nothing with --output-dir.
                return Err(Error::ShowOnly(manifest::ShowOnlyError {
                    pattern: pattern.clone(),
                    available: vec!["(none: with --output-dir nothing is printed, so --show-only cannot match; Helm fails the same way)".into()],
                }));
            }
            let dir_text = dir.to_string_lossy().to_string();
            let release_dir = args.use_release_name.then_some(release.name.as_str());
            let tree = output::plan_tree(&sorted, &opts, &dir_text, release_dir);
            let root = match release_dir {
                Some(name) => dir.join(name),
                None => dir.clone(),
            };
            Ok(TemplateResult {
                stdout: tree.stdout.clone(),
                tree: Some((root, tree)),
                validation,
            })
        }
    }
}

/// `permify-render values`: the computed values as YAML or JSON.
pub fn values(
    args: &ValuesArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<String, Error> {
    let (_, _, computed) = prepare(&args.release, stdin, read)?;
    let v = crate::values::Value::Map(computed.values);
    Ok(match args.output {
        ValuesFormat::Json => {
            let mut s = serde_json::to_string_pretty(&v.to_json()).unwrap_or_default();
            s.push('\n');
            s
        }
        ValuesFormat::Yaml => {
            let mut s = crate::yaml::emit::to_yaml(&v);
            s.push('\n');
            s
        }
    })
}

/// Runs a parsed command line, writing to standard output and the file system.
pub fn execute(cli: &Cli) -> Result<(), Error> {
    let mut stdin = std::io::stdin().lock();
    let stdout = std::io::stdout();
    match &cli.command {
        Command::Template(args) => {
            let renderer = Renderer::new();
            let result = template(&renderer, args, &mut stdin, &read_file)?;
            if let Some((root, tree)) = &result.tree {
                output::write_tree(root, tree)?;
            }
            let mut out = stdout.lock();
            out.write_all(result.stdout.as_bytes()).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)?;
            match &result.validation {
                None => Ok(()),
                Some(report) => {
                    let mut err = std::io::stderr().lock();
                    for f in &report.findings {
                        let _ = writeln!(err, "{f}");
                    }
                    if report.is_clean() {
                        if !cli.diagnostics.quiet {
                            let _ = writeln!(err, "{}", report.summary());
                        }
                        Ok(())
                    } else {
                        Err(Error::Findings(format!(
                            "validation failed: {}",
                            report.summary()
                        )))
                    }
                }
            }
        }
        Command::Values(args) => {
            let text = values(args, &mut stdin, &read_file)?;
            let mut out = stdout.lock();
            out.write_all(text.as_bytes()).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)
        }
        Command::Validate(args) => crate::validate::run(args, &mut stdin),
        Command::Diff(args) => crate::diff::run(args),
        Command::Batch(args) => crate::batch::run(args),
        Command::Show(_) | Command::Notes(_) | Command::Lint(_) => {
            Err(Error::Usage("not implemented yet".into()))
        }
    }
}
