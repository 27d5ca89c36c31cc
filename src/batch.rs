//! Rendering many releases at once (`permify-render batch`).
//!
//! One release per values file: the release name is the file stem (`prod.yaml` →
//! `prod`, `eu.prod.yml` → `eu.prod`), or what `--name STEM=NAME` says. A folder
//! argument stands for its `*.yaml` and `*.yml` files (not recursive, in name order).
//! Each release renders exactly as `permify-render template <release> -f <file> -n
//! <namespace> [--kube-version V]` would, and its standard output is written to
//! `<DIR>/<release>.yaml` through a temporary file renamed into place (a reader never
//! sees half a file; a release that fails leaves any older file of that name as it was).
//!
//! Parallelism: `std::thread::scope` with one worker per core (or `-j N`), each worker
//! owning one [`Renderer`] (templates compiled once per worker) and taking the next
//! file from a shared atomic counter. A work queue over a handful of coarse, similar
//! jobs needs neither rayon's work stealing nor its thread pool, and owning the renderer
//! in the thread is simpler than rayon's `map_init` (whose init runs per split, not per
//! thread).
//!
//! Reporting: a progress bar on standard error when it is a terminal; then, in input
//! order, `wrote <DIR>/<release>.yaml` on standard output per release written and
//! `error: <file> (release <name>): <why>` on standard error per release that failed;
//! last the summary `N rendered, M failed in X ms` on standard error. The exit status
//! is 1 when any release failed.

use std::collections::BTreeMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::cli::{BatchArgs, ReleaseArgs, RenderOptions, TemplateArgs, ValueArgs};
use crate::error::Error;
use crate::render::Renderer;

/// One release to render: a values file and the release name it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// The values file, as given or as found in a folder argument.
    pub file: PathBuf,
    /// The release name (file stem, or the `--name` override). Not checked here: an
    /// invalid name fails this release when it renders.
    pub release: String,
}

/// What happened to one release.
#[derive(Debug)]
pub enum Outcome {
    /// Written to this path.
    Written(PathBuf),
    /// Failed, with the error message.
    Failed(String),
}

/// Expands the inputs (files, and folders of `*.yaml`/`*.yml` files) into jobs and
/// applies the `--name STEM=NAME` overrides.
///
/// # Errors
/// [`Error::Input`] for `-` (standard input cannot feed several releases), a folder
/// that cannot be read or holds no values file, a file without a stem, or two files
/// giving the same release name; [`Error::Usage`] for a `--name` without `=` or whose
/// stem no file has.
pub fn plan(inputs: &[String], names: &[String]) -> Result<Vec<Job>, Error> {
    let mut files: Vec<PathBuf> = Vec::new();
    for input in inputs {
        if input == "-" {
            return Err(Error::Input(
                "batch reads values files, not standard input (`-`): give files or folders".into(),
            ));
        }
        let path = PathBuf::from(input);
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).map_err(|e| {
                Error::Input(format!(
                    "cannot read folder {input}: {}",
                    crate::values::io_message(&e)
                ))
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            if found.is_empty() {
                return Err(Error::Input(format!(
                    "folder {input} holds no values files (*.yaml or *.yml)"
                )));
            }
            found.sort();
            files.extend(found);
        } else {
            // A missing or unreadable file fails its own release when it renders.
            files.push(path);
        }
    }
    let mut overrides: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for n in names {
        let Some((stem, name)) = n.split_once('=') else {
            return Err(Error::Usage(format!(
                "--name {n:?}: expected STEM=NAME, e.g. --name prod=permify-prod"
            )));
        };
        overrides.insert(stem.to_string(), (name.to_string(), false));
    }
    let mut jobs = Vec::with_capacity(files.len());
    for file in files {
        let Some(stem) = file.file_stem().map(|s| s.to_string_lossy().to_string()) else {
            return Err(Error::Input(format!(
                "{}: not a values file name (no file stem to name the release after)",
                file.display()
            )));
        };
        let release = match overrides.get_mut(&stem) {
            Some((name, used)) => {
                *used = true;
                name.clone()
            }
            None => stem,
        };
        jobs.push(Job { file, release });
    }
    if let Some((stem, _)) = overrides.iter().find(|(_, (_, used))| !used) {
        return Err(Error::Usage(format!(
            "--name {stem}=...: no values file has the stem {stem:?}"
        )));
    }
    let mut by_name: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for j in &jobs {
        by_name
            .entry(j.release.as_str())
            .or_default()
            .push(j.file.display().to_string());
    }
    if let Some((name, files)) = by_name.iter().find(|(_, f)| f.len() > 1) {
        return Err(Error::Input(format!(
            "release name {name:?} would come from several files ({}): each release writes <DIR>/<release>.yaml, so rename one (--name STEM=NAME) or the file",
            files.join(", ")
        )));
    }
    Ok(jobs)
}

/// The `template` options of one release of the batch.
fn template_args(job: &Job, args: &BatchArgs) -> TemplateArgs {
    TemplateArgs {
        release: ReleaseArgs {
            name: Some(job.release.clone()),
            chart: None,
            opts: RenderOptions {
                namespace: args.namespace.clone(),
                kube_version: args.kube_version.clone(),
                values: ValueArgs {
                    files: vec![job.file.to_string_lossy().to_string()],
                    ..ValueArgs::default()
                },
                ..RenderOptions::default()
            },
        },
        ..TemplateArgs::default()
    }
}

/// Renders one release and writes `<dir>/<release>.yaml` atomically.
fn render_one(renderer: &Renderer, job: &Job, args: &BatchArgs) -> Outcome {
    let targs = template_args(job, args);
    // Value warnings are not printed per release (releases render in parallel);
    // `permify-render lint -f FILE` shows them for one file. Under --strict they fail
    // the release, and its error lists them.
    let mut warnings: Vec<u8> = Vec::new();
    let mut policy = crate::run::WarningPolicy {
        strict: args.strict,
        quiet: !args.strict,
        out: &mut warnings,
        seen: 0,
    };
    let result = crate::run::template(
        renderer,
        &targs,
        &mut std::io::empty(),
        &crate::run::read_file,
        &mut policy,
    );
    let text = match result {
        Ok(r) => r.stdout,
        Err(e @ Error::Findings(_)) => {
            return Outcome::Failed(format!("{e}\n{}", String::from_utf8_lossy(&warnings)));
        }
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let target = args.output_dir.join(format!("{}.yaml", job.release));
    match write_atomic(&args.output_dir, &target, text.as_bytes()) {
        Ok(()) => Outcome::Written(target),
        Err(e) => Outcome::Failed(format!("cannot write {}: {e}", target.display())),
    }
}

/// Writes `content` to a temporary file in `dir`, then renames it to `target` (0644).
fn write_atomic(dir: &Path, target: &Path, content: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".permify-render-")
        .tempfile_in(dir)?;
    tmp.write_all(content)?;
    tmp.flush()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Renders every job on `workers` threads (one [`Renderer`] each), calling `done` after
/// each release. Outcomes come back in job order. A panic while rendering a release
/// fails only that release.
pub fn render_all(
    jobs: &[Job],
    args: &BatchArgs,
    workers: usize,
    done: &(dyn Fn(&Job) + Sync),
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let mut outcomes: Vec<Option<Outcome>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.clamp(1, jobs.len().max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    let mut renderer: Option<Renderer> = None;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            let r = renderer.get_or_insert_with(Renderer::new);
                            render_one(r, job, args)
                        }))
                        .unwrap_or_else(|_| {
                            renderer = None;
                            Outcome::Failed(
                                "internal error: the render panicked (please report this with the values file)"
                                    .into(),
                            )
                        });
                        done(job);
                        mine.push((i, outcome));
                    }
                    mine
                })
            })
            .collect();
        for h in handles {
            // Worker bodies catch panics per release, so join cannot fail.
            if let Ok(mine) = h.join() {
                for (i, o) in mine {
                    outcomes[i] = Some(o);
                }
            }
        }
    });
    outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Outcome::Failed("internal error: not rendered".into())))
        .collect()
}

/// Runs `permify-render batch`.
///
/// # Errors
/// Usage and input errors from [`plan`], `-j 0`, an output folder that cannot be
/// created; [`Error::Findings`] when any release failed (after writing the others and
/// printing the report).
pub fn run(args: &BatchArgs) -> Result<(), Error> {
    let start = Instant::now();
    if args.jobs == Some(0) {
        return Err(Error::Usage("-j/--jobs must be at least 1".into()));
    }
    let jobs = plan(&args.inputs, &args.names)?;
    if let Ok(meta) = std::fs::metadata(&args.output_dir)
        && !meta.is_dir()
    {
        return Err(Error::Input(format!(
            "--output-dir {}: exists and is not a folder",
            args.output_dir.display()
        )));
    }
    std::fs::create_dir_all(&args.output_dir).map_err(|e| {
        Error::Input(format!(
            "--output-dir {}: cannot create folder: {}",
            args.output_dir.display(),
            crate::values::io_message(&e)
        ))
    })?;
    let workers = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(jobs.len() as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {elapsed} {msg}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let outcomes = render_all(&jobs, args, workers, &|job: &Job| {
        bar.set_message(job.release.clone());
        bar.inc(1);
    });
    bar.finish_and_clear();

    let mut out = std::io::stdout().lock();
    let mut failed = 0;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        match outcome {
            Outcome::Written(path) => {
                writeln!(out, "wrote {}", path.display()).map_err(Error::Io)?;
            }
            Outcome::Failed(why) => {
                failed += 1;
                eprintln!(
                    "error: {} (release {}): {}",
                    job.file.display(),
                    job.release,
                    crate::diff::mask::redact(why.trim_end())
                );
            }
        }
    }
    out.flush().map_err(Error::Io)?;
    eprintln!(
        "{} rendered, {failed} failed in {} ms",
        jobs.len() - failed,
        start.elapsed().as_millis()
    );
    if failed > 0 {
        return Err(Error::Findings(format!(
            "{failed} of {} releases failed",
            jobs.len()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_stems_overrides_and_duplicates() {
        let jobs = plan(
            &["a/prod.yaml".into(), "b/eu.stage.yml".into()],
            &["prod=permify-prod".into()],
        )
        .unwrap();
        assert_eq!(
            jobs,
            vec![
                Job {
                    file: "a/prod.yaml".into(),
                    release: "permify-prod".into()
                },
                Job {
                    file: "b/eu.stage.yml".into(),
                    release: "eu.stage".into()
                },
            ]
        );
        let e = plan(&["a/x.yaml".into(), "b/x.yml".into()], &[]).unwrap_err();
        assert!(
            e.to_string()
                .contains("\"x\" would come from several files"),
            "{e}"
        );
        let e = plan(&["a/x.yaml".into()], &["y=z".into()]).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = plan(&["a/x.yaml".into()], &["x".into()]).unwrap_err();
        assert!(e.to_string().contains("expected STEM=NAME"), "{e}");
        assert!(plan(&["-".into()], &[]).is_err());
    }
}
