//! `permify-render diff`: a semantic comparison of two renders.
//!
//! Each side is a manifest stream: a file, a folder written by `template --output-dir`
//! (every `*.yaml`/`*.yml` file below it, in path order), `-` for standard input (one
//! side at most), or — with `--values-old`/`--values-new` — a render made here from a
//! values file (a side whose flag is omitted renders the chart defaults). The shared
//! value flags (`-f`, `--set`, ...) apply to both rendered sides: shared `-f` files
//! first, then the side's file, then the `--set` family (so `--set` wins, as in Helm).
//!
//! Documents are parsed as Helm reads them ([`crate::values::load::parse_document`]) and
//! matched by API group, kind, namespace and name ([`input::ResourceId`]; an empty
//! namespace counts as `-n`, default `default`). The summary report
//! ([`semantic::render_summary`]) lists added, removed and changed resources with every
//! field-level change; `--output unified` prints a line diff per template file
//! ([`unified::render_unified`]). Secret values are never printed ([`mask`]).
//!
//! Exit status: 0 whether or not the sides differ, unless `--exit-code` is given, then
//! 1 when they differ (the summary compares parsed values, so formatting alone is no
//! difference; the unified output compares text). Input errors exit 1 and name the
//! file and document.

pub mod input;
pub mod mask;
pub mod semantic;
pub mod unified;

use std::io::{IsTerminal, Read, Write};

use crate::cli::{ColorChoice, DiffArgs, DiffFormat, ReleaseArgs, RenderOptions, TemplateArgs};
use crate::error::Error;
use crate::render::Renderer;

use input::{Document, Resource};

/// ANSI colouring of report lines; a no-op when disabled (the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Paint {
    /// Whether to emit colour codes.
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Added lines.
    pub fn green(self, s: &str) -> String {
        self.wrap("32", s)
    }

    /// Removed lines.
    pub fn red(self, s: &str) -> String {
        self.wrap("31", s)
    }

    /// Changed resources.
    pub fn yellow(self, s: &str) -> String {
        self.wrap("33", s)
    }

    /// Hunk headers.
    pub fn cyan(self, s: &str) -> String {
        self.wrap("36", s)
    }

    /// File headers.
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    /// No colour.
    pub fn plain(self, s: &str) -> String {
        s.to_string()
    }
}

/// Whether to colour: `always`/`never` as told; `auto` when standard output is a
/// terminal, `NO_COLOR` is unset or empty, and `TERM` is not `dumb`.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// The result of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The report, for standard output.
    pub text: String,
    /// Whether the sides differ.
    pub differs: bool,
    /// A one-line summary (`1 added, 0 removed, 2 changed, 3 unchanged`).
    pub counts: String,
}

/// Runs `permify-render diff`: prints the report; with `--exit-code`, a difference
/// ends in [`Error::Findings`] (exit status 1). `stdin` is the process's standard
/// input (read only for a `-` side or values file).
pub fn run(args: &DiffArgs, stdin: &mut dyn Read) -> Result<(), Error> {
    let outcome = diff(
        args,
        stdin,
        &crate::run::read_file,
        Paint {
            enabled: use_color(args.color),
        },
    )?;
    let mut out = std::io::stdout().lock();
    out.write_all(outcome.text.as_bytes()).map_err(Error::Io)?;
    out.flush().map_err(Error::Io)?;
    if args.exit_code && outcome.differs {
        return Err(Error::Findings(format!(
            "the two sides differ ({})",
            outcome.counts
        )));
    }
    Ok(())
}

/// Compares the two sides the arguments name and renders the report.
///
/// `stdin` is read at most once (for a `-` side or a `-` values file); `read` reads
/// values files when rendering.
///
/// # Errors
/// [`Error::Usage`] for contradictory flags (both sides `-`, value flags without
/// `--values-old`/`--values-new`); [`Error::Input`] for unreadable or invalid inputs
/// and failed renders, naming the file and document.
pub fn diff(
    args: &DiffArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    paint: Paint,
) -> Result<Outcome, Error> {
    let (old, new) = if args.values_old.is_some() || args.values_new.is_some() {
        render_sides(args, stdin, read)?
    } else {
        read_sides(args, stdin)?
    };
    let ns = &args.render.namespace;
    let old = input::identify(old, ns)?;
    let new = input::identify(new, ns)?;
    Ok(compare(&old, &new, args.output, paint))
}

/// Compares two identified sides and renders the report in `format`.
pub fn compare(old: &[Resource], new: &[Resource], format: DiffFormat, paint: Paint) -> Outcome {
    match format {
        DiffFormat::Summary => {
            let report = semantic::compare(old, new);
            Outcome {
                text: semantic::render_summary(&report, paint),
                differs: report.differs(),
                counts: report.counts(),
            }
        }
        DiffFormat::Unified => {
            let (text, files) = unified::render_unified(old, new, paint);
            Outcome {
                text,
                differs: files > 0,
                counts: format!("{files} file{} changed", if files == 1 { "" } else { "s" }),
            }
        }
    }
}

fn read_sides(
    args: &DiffArgs,
    stdin: &mut dyn Read,
) -> Result<(Vec<Document>, Vec<Document>), Error> {
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        return Err(Error::Usage(
            "diff needs OLD and NEW (files, --output-dir folders or -), or --values-old/--values-new".into(),
        ));
    };
    if old == "-" && new == "-" {
        return Err(Error::Usage(
            "only one side of diff can be - (standard input)".into(),
        ));
    }
    let r = &args.render;
    let v = &r.values;
    let render_flags = [
        (args.release_name.is_some(), "--release"),
        (r.kube_version.is_some(), "--kube-version"),
        (!r.api_versions.is_empty(), "--api-versions"),
        (r.is_upgrade, "--is-upgrade"),
        (!v.files.is_empty(), "--values"),
        (!v.set.is_empty(), "--set"),
        (!v.set_string.is_empty(), "--set-string"),
        (!v.set_file.is_empty(), "--set-file"),
        (!v.set_json.is_empty(), "--set-json"),
        (!v.set_literal.is_empty(), "--set-literal"),
        (v.skip_schema_validation, "--skip-schema-validation"),
    ];
    if let Some((_, flag)) = render_flags.iter().find(|(given, _)| *given) {
        return Err(Error::Usage(format!(
            "{flag} applies only when diff renders the sides (--values-old/--values-new); OLD and NEW are compared as they are"
        )));
    }
    Ok((
        input::read_side(old, "OLD", stdin)?,
        input::read_side(new, "NEW", stdin)?,
    ))
}

fn render_sides(
    args: &DiffArgs,
    stdin: &mut dyn Read,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> Result<(Vec<Document>, Vec<Document>), Error> {
    let dash = |f: &Option<String>| f.as_deref().is_some_and(|f| f.trim() == "-");
    if dash(&args.values_old) && dash(&args.values_new) {
        return Err(Error::Usage(
            "only one of --values-old and --values-new can be - (standard input)".into(),
        ));
    }
    let shared = &args.render.values.files;
    let mut stdin_bytes = Vec::new();
    if dash(&args.values_old) || dash(&args.values_new) || shared.iter().any(|f| f.trim() == "-") {
        stdin
            .read_to_end(&mut stdin_bytes)
            .map_err(|e| Error::Input(format!("cannot read standard input: {e}")))?;
    }
    let renderer = Renderer::new();
    let side = |role: &str, file: &Option<String>| -> Result<Vec<Document>, Error> {
        let what = match file {
            Some(f) => format!("--values-{role} {f}"),
            None => "chart defaults".to_string(),
        };
        let label = format!("{role} render ({what})");
        let mut opts: RenderOptions = args.render.clone();
        opts.values.files.extend(file.iter().cloned());
        let targs = TemplateArgs {
            release: ReleaseArgs {
                name: args.release_name.clone(),
                chart: None,
                opts,
            },
            ..TemplateArgs::default()
        };
        let mut input: &[u8] = &stdin_bytes;
        // Value warnings are not repeated for each side; `lint` shows them.
        let mut sink = std::io::sink();
        let mut policy = crate::run::WarningPolicy {
            strict: false,
            quiet: true,
            out: &mut sink,
            seen: 0,
        };
        let result = crate::run::template(&renderer, &targs, &mut input, read, &mut policy)
            .map_err(|e| match e {
                Error::Usage(_) => e,
                e => Error::Input(format!("cannot render the {role} side ({what}): {e}")),
            })?;
        input::parse_stream(&result.stdout, &label)
    };
    let old = side("old", &args.values_old)?;
    let new = side("new", &args.values_new)?;
    Ok((old, new))
}
