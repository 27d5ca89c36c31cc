//! Running the commands: arguments in, bytes and files out.

use std::io::{Read, Write};
use std::path::PathBuf;

use crate::cli::{
    Cli, Command, ReleaseArgs, TemplateArgs, TemplateFormat, ValuesArgs, ValuesFormat,
};
use crate::diagnostics;
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

/// Reads a file (the default for `-f`, `--set-file` and `--patch`), refusing files
/// over [`values::MAX_VALUES_FILE_BYTES`] before reading them.
pub fn read_file(path: &str) -> std::io::Result<Vec<u8>> {
    values::read_capped(path)
}

/// Release, capabilities and values from the shared flags.
/// How warnings are handled: printed to `out` unless `quiet`; with `strict` any
/// warning fails the command.
pub struct WarningPolicy<'a> {
    /// `--strict`.
    pub strict: bool,
    /// `--quiet`.
    pub quiet: bool,
    /// Where warnings are written (stderr).
    pub out: &'a mut dyn Write,
    /// How many warnings were reported so far.
    pub seen: usize,
}

impl WarningPolicy<'_> {
    /// Prints the warnings (unless quiet).
    pub fn report(&mut self, warnings: &[diagnostics::Warning]) {
        self.seen += warnings.len();
        if self.quiet {
            return;
        }
        for w in warnings {
            let _ = writeln!(self.out, "{}", crate::diff::mask::redact(&w.to_string()));
        }
    }

    /// Under `--strict`, the error that warnings become.
    pub fn enforce(&self, warnings: &[diagnostics::Warning]) -> Result<(), Error> {
        if self.strict && !warnings.is_empty() {
            return Err(Error::Findings(format!(
                "{} warning{} treated as error{} (--strict)",
                warnings.len(),
                if warnings.len() == 1 { "" } else { "s" },
                if warnings.len() == 1 { "" } else { "s" }
            )));
        }
        Ok(())
    }
}

/// Release, capabilities and values from the shared flags; value warnings are
/// reported through `policy` (before the schema check, so they accompany its errors).
pub fn prepare(
    args: &ReleaseArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    policy: &mut WarningPolicy<'_>,
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
        check_chart_folder(chart, read)?;
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
    let computed = values::gather(&sources, stdin, read)?;
    let warnings = diagnostics::check(&computed.user, &computed.values, &computed.origins);
    policy.report(&warnings);
    if !sources.skip_schema_validation {
        values::check_schema(&computed)?;
    }
    policy.enforce(&warnings)?;
    validate_release_name(&name)?;
    let release = Release {
        name,
        namespace: opts.namespace.clone(),
        is_upgrade: opts.is_upgrade,
    };
    Ok((release, caps, computed))
}

/// A CHART argument that is a local folder must be the chart permify-render embeds:
/// Helm would render that folder, so a different chart (another version, changed
/// defaults) would silently give other manifests. A local path that does not exist
/// fails as in Helm (`path "..." not found`). Repository references (`permify/permify`,
/// `oci://...`) are taken to mean the embedded chart.
///
/// # Errors
/// [`Error::Input`] naming the folder and what differs.
fn check_chart_folder(
    chart: &str,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<(), Error> {
    let path = std::path::Path::new(chart);
    let local = path.is_absolute()
        || chart.starts_with("./")
        || chart.starts_with("../")
        || chart.starts_with('~');
    if !path.exists() {
        if local {
            return Err(Error::Input(format!("path {chart:?} not found")));
        }
        return Ok(());
    }
    if !path.is_dir() {
        return Ok(());
    }
    let embedded = format!("{} {}", crate::chart::NAME, crate::chart::VERSION);
    let root = chart.trim_end_matches('/');
    let file = format!("{root}/Chart.yaml");
    let meta = read(&file)
        .ok()
        .and_then(|b| crate::values::load::load_values_map(&b, &file).ok());
    let field = |k: &str| match meta.as_ref().and_then(|m| m.get(k)) {
        Some(crate::values::Value::Str(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let found = format!("{} {}", field("name"), field("version"));
    if meta.is_none() || found != embedded {
        return Err(Error::Input(format!(
            "CHART {chart:?} is {}, but permify-render renders only its embedded chart, {embedded}: \
             render that folder with helm, or give a chart reference (e.g. permify/permify) \
             to render the embedded chart",
            if meta.is_none() {
                format!("a folder without a readable {file}")
            } else {
                format!("chart {found}")
            }
        )));
    }
    let official =
        crate::values::load::load_values_map(crate::chart::CHART_YAML.as_bytes(), "Chart.yaml")
            .ok();
    if meta != official {
        return Err(Error::Input(format!(
            "{file} differs from the Chart.yaml of {embedded} (appVersion, kubeVersion, dependencies, ...), \
             so Helm would render that folder differently: render it with helm, or give a chart \
             reference (e.g. permify/permify) to render the embedded chart"
        )));
    }
    // The templates Helm would render: the same files (their contents are not compared).
    let mut theirs: Vec<String> = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(format!("{root}/templates"))];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(rel) = p.strip_prefix(format!("{root}/templates")) {
                theirs.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    theirs.sort();
    let mut ours: Vec<String> = crate::chart::TEMPLATES
        .iter()
        .map(|t| t.name.to_string())
        .collect();
    ours.sort();
    if theirs != ours {
        let extra: Vec<&String> = theirs.iter().filter(|t| !ours.contains(t)).collect();
        let missing: Vec<&String> = ours.iter().filter(|t| !theirs.contains(t)).collect();
        return Err(Error::Input(format!(
            "{root}/templates differs from the templates of {embedded} (extra: {extra:?}, missing: {missing:?}), \
             so Helm would render that folder differently: render it with helm, or give a chart \
             reference (e.g. permify/permify) to render the embedded chart"
        )));
    }
    let values_file = format!("{root}/values.yaml");
    if let Ok(bytes) = read(&values_file) {
        let theirs = crate::values::load::load_values_map(&bytes, &values_file);
        if let Ok(t) = theirs
            && t != *crate::values::chart_defaults()
        {
            return Err(Error::Input(format!(
                "{values_file} differs from the defaults of {embedded}, which permify-render \
                 renders: pass your changes with -f (e.g. -f {values_file}) and give a chart \
                 reference (e.g. permify/permify) instead of the folder"
            )));
        }
    }
    Ok(())
}

/// `--version`: the embedded chart's version must satisfy the constraint (Masterminds
/// syntax, as Helm reads it).
///
/// # Errors
/// [`Error::Usage`] for a constraint that does not parse, [`Error::Input`] when the
/// embedded version does not satisfy it.
fn check_chart_version(constraint: &str) -> Result<(), Error> {
    use crate::render::semver::{Constraint, Version};
    if constraint.trim().is_empty() {
        return Ok(()); // Helm: no constraint
    }
    let c = Constraint::parse(constraint.trim())
        .map_err(|e| Error::Usage(format!("--version {constraint:?}: {e}")))?;
    let embedded = Version::parse(crate::chart::VERSION).expect("the embedded version is semver");
    if !c.matches(&embedded) {
        return Err(Error::Input(format!(
            "--version {constraint:?}: permify-render embeds chart {} {}, which does not satisfy it",
            crate::chart::NAME,
            crate::chart::VERSION
        )));
    }
    Ok(())
}

/// `permify-render template`: renders and returns what `helm template` prints.
pub fn template(
    renderer: &Renderer,
    args: &TemplateArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    policy: &mut WarningPolicy<'_>,
) -> Result<TemplateResult, Error> {
    if args.output == TemplateFormat::Json && args.output_dir.is_some() {
        return Err(Error::Usage(
            "-o json prints a List on standard output; it cannot be combined with --output-dir"
                .into(),
        ));
    }
    if args
        .helm_compat
        .dry_run
        .as_deref()
        .is_some_and(|m| m.eq_ignore_ascii_case("server"))
    {
        return Err(Error::Input(
            "--dry-run=server needs a Kubernetes cluster; permify-render renders client-side (drop the flag, or use --dry-run=client)".into(),
        ));
    }
    if let Some(constraint) = &args.chart_version {
        check_chart_version(constraint)?;
    }
    let (release, caps, computed) = prepare(&args.release, stdin, read, policy)?;
    // Patch files are read before rendering, so a bad one fails fast.
    let mut patches = Vec::with_capacity(args.patches.len());
    for path in &args.patches {
        let bytes = read(path).map_err(|e| {
            Error::Input(format!(
                "cannot read patch file {path}: {}",
                values::io_message(&e)
            ))
        })?;
        patches.push(
            crate::patch::parse_patch_file(&bytes, path).map_err(|e| Error::Input(e.message))?,
        );
    }
    let files = renderer
        .render(&computed.values, &release, &caps)
        .map_err(|e| explain_render_error(e, &computed))?;
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|f| !f.path.ends_with("/NOTES.txt"))
        .map(|f| (f.path, f.content))
        .collect();
    let mut sorted = manifest::sort_manifests(&files)?;
    crate::patch::apply(&mut sorted, &patches, &release.namespace)
        .map_err(|e| Error::Input(e.message))?;
    let opts = OutputOptions {
        no_hooks: args.no_hooks,
        skip_tests: args.skip_tests,
        show_only: args.show_only.clone(),
    };
    // Kept off the plain path: no Kubernetes type work without --validate. What is
    // validated is what is printed: after --patch, before the output format.
    let validation = args
        .validate
        .then(|| crate::validate::validate_rendered(&manifest::selected_documents(&sorted, &opts)));
    if args.output == TemplateFormat::Json {
        return Ok(TemplateResult {
            stdout: output::json_list(&sorted, &opts)?,
            tree: None,
            validation,
        });
    }
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

/// Adds to a render error which values path is null, missing or not a map, and where
/// it was set.
pub fn explain_render_error(mut e: crate::render::RenderError, computed: &Computed) -> Error {
    static UNDEFINED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"`Values\.([A-Za-z0-9_.]+)` is undefined").expect("valid regex")
    });
    if let Some(c) = UNDEFINED.captures(&e.message) {
        let path: Vec<&str> = c[1].split('.').collect();
        if let Some(why) = diagnostics::explain_path(&computed.values, &computed.origins, &path) {
            e.message = format!("nil pointer evaluating `.Values.{}`: {why}", &c[1]);
            e.expression = None;
        }
    }
    Error::Render(e)
}

/// `permify-render values`: the computed values as YAML or JSON.
pub fn values(
    args: &ValuesArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    policy: &mut WarningPolicy<'_>,
) -> Result<String, Error> {
    let (_, _, computed) = prepare(&args.release, stdin, read, policy)?;
    let v = crate::values::Value::Map(computed.values);
    Ok(match args.output {
        ValuesFormat::Json => {
            // Exactly `toJson`'s text (Go's encoding/json: compact, sorted keys, float64
            // numbers as Go prints them).
            let mut s = crate::render::tpl::go_json(&crate::render::goval::to_mj(&v));
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

/// `permify-render notes`: the chart's NOTES.txt rendered for the release (what
/// `helm install` prints after installing).
pub fn notes(
    renderer: &Renderer,
    args: &crate::cli::NotesArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    policy: &mut WarningPolicy<'_>,
) -> Result<String, Error> {
    let (release, caps, computed) = prepare(&args.release, stdin, read, policy)?;
    let files = renderer
        .render(&computed.values, &release, &caps)
        .map_err(|e| explain_render_error(e, &computed))?;
    // Printed as `helm install` prints them: trimmed, with a final newline.
    let text = files
        .into_iter()
        .find(|f| f.path.ends_with("/NOTES.txt"))
        .map(|f| f.content)
        .unwrap_or_default();
    Ok(format!("{}\n", text.trim()))
}

/// `permify-render lint`: values, schema, render, manifests and their offline
/// validation (as `validate` does) checked; the report
/// (warnings, errors, a summary line) goes to `out`. Fails when there are errors, or
/// warnings under `--strict`.
pub fn lint(
    args: &crate::cli::LintArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    strict: bool,
    quiet: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut report: Vec<u8> = Vec::new();
    let mut policy = WarningPolicy {
        strict: false,
        quiet,
        out: &mut report,
        seen: 0,
    };
    let mut errors: Vec<Error> = Vec::new();
    match prepare(&args.release, stdin, read, &mut policy) {
        Ok((release, caps, computed)) => {
            match Renderer::new().render(&computed.values, &release, &caps) {
                Ok(files) => {
                    let files: Vec<(String, String)> = files
                        .into_iter()
                        .filter(|f| !f.path.ends_with("/NOTES.txt"))
                        .map(|f| (f.path, f.content))
                        .collect();
                    match manifest::sort_manifests(&files) {
                        Ok(sorted) => {
                            // Offline validation: each finding is an error of the render.
                            let docs =
                                manifest::selected_documents(&sorted, &OutputOptions::default());
                            let report = crate::validate::validate_rendered(&docs);
                            for f in report.findings {
                                errors.push(Error::Input(format!("invalid manifest: {f}")));
                            }
                        }
                        Err(e) => errors.push(Error::Manifest(e)),
                    }
                }
                Err(e) => errors.push(explain_render_error(e, &computed)),
            }
        }
        Err(e) => errors.push(e),
    }
    let warnings = policy.seen;
    let write = |out: &mut dyn Write, b: &[u8]| out.write_all(b).map_err(Error::Io);
    write(out, &report)?;
    for e in &errors {
        write(
            out,
            format!(
                "error: {e}
"
            )
            .as_bytes(),
        )?;
    }
    let summary = format!(
        "lint: {} error{}, {} warning{}",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" }
    );
    write(out, format!("{summary}\n").as_bytes())?;
    out.flush().map_err(Error::Io)?;
    if !errors.is_empty() || (strict && warnings > 0) {
        // The report ends with its summary: nothing more to print.
        return Err(Error::Reported);
    }
    Ok(())
}

/// Runs a parsed command line, writing to standard output and the file system.
pub fn execute(cli: &Cli) -> Result<(), Error> {
    // Not locked here: commands may read standard input through other handles too.
    let mut stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let mut policy = WarningPolicy {
        strict: cli.diagnostics.strict,
        quiet: cli.diagnostics.quiet,
        out: &mut stderr,
        seen: 0,
    };
    match &cli.command {
        Command::Template(args) => {
            let renderer = Renderer::new();
            let result = template(&renderer, args, &mut stdin, &read_file, &mut policy)?;
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
            let text = values(args, &mut stdin, &read_file, &mut policy)?;
            let mut out = stdout.lock();
            out.write_all(text.as_bytes()).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)
        }
        Command::Validate(args) => crate::validate::run(args, &mut stdin),
        Command::Diff(args) => crate::diff::run(args, &mut stdin),
        Command::Batch(args) => crate::batch::run(&crate::cli::BatchArgs {
            strict: cli.diagnostics.strict,
            ..args.clone()
        }),
        Command::Show(args) => {
            let text = crate::show::show(args.what);
            let mut out = stdout.lock();
            out.write_all(text.as_bytes()).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)
        }
        Command::Notes(args) => {
            let text = notes(&Renderer::new(), args, &mut stdin, &read_file, &mut policy)?;
            let mut out = stdout.lock();
            out.write_all(text.as_bytes()).map_err(Error::Io)?;
            out.flush().map_err(Error::Io)
        }
        Command::Lint(args) => {
            let mut out = stdout.lock();
            lint(
                args,
                &mut stdin,
                &read_file,
                cli.diagnostics.strict,
                cli.diagnostics.quiet,
                &mut out,
            )
        }
    }
}
