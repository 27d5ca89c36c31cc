//! Helm conformance: every case under `testdata/conformance/cases` (vendored from real
//! `helm template` runs, see its README) run against the built binary, one test per
//! case, with a diff when stdout differs.
//!
//! A case passes when, in a scratch copy of its folder:
//! - Helm exited 0: `permify-render template <cmd>` exits 0 with Helm's exact stdout
//!   (and `--output-dir` tree); `permify-render values <cmd> -o json` prints the values
//!   Helm's templates saw.
//! - Helm failed: we exit non-zero, print nothing on stdout, do not panic, and stderr
//!   names every line of `mentions`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Arguments, Failed, Trial};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/conformance/cases")
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_permify-render"))
}

fn copy_dir(src: &Path, dst: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dst)?;
    for entry in fs::read_dir(src)? {
        let entry = entry?;
        let to = dst.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to)?;
        } else {
            fs::copy(entry.path(), &to)?;
        }
    }
    Ok(())
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(data) = fs::read(&p) {
                let rel = p
                    .strip_prefix(root)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, data);
            }
        }
    }
    out
}

fn run(dir: &Path, args: &[String]) -> std::process::Output {
    let stdin = match fs::File::open(dir.join("stdin")) {
        Ok(f) => Stdio::from(f),
        Err(_) => Stdio::null(),
    };
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdin(stdin)
        .output()
        .expect("the binary runs")
}

fn diff(want: &str, got: &str) -> String {
    similar::TextDiff::from_lines(want, got)
        .unified_diff()
        .context_radius(2)
        .header("helm", "permify-render")
        .to_string()
        .lines()
        .take(60)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `values` command line: the template one without output-only flags.
fn values_args(cmd: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cmd.len() {
        match cmd[i].as_str() {
            "-s" | "--show-only" | "--output-dir" => i += 2,
            "--skip-tests" | "--no-hooks" => i += 1,
            _ => {
                out.push(cmd[i].clone());
                i += 1;
            }
        }
    }
    out
}

fn check_case(src: &Path) -> Result<(), Failed> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = tmp.path().join("case");
    copy_dir(src, &dir).map_err(|e| e.to_string())?;
    let cmd: Vec<String> =
        serde_json::from_str(&fs::read_to_string(dir.join("cmd")).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let code: i32 = fs::read_to_string(dir.join("expected.code"))
        .map_err(|e| e.to_string())?
        .trim()
        .parse()
        .map_err(|_| "bad expected.code")?;
    let mut args = vec!["template".to_string()];
    args.extend(cmd.iter().cloned());
    let out = run(&dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked at") {
        return Err(format!("panicked: {}", stderr.lines().next().unwrap_or("")).into());
    }
    if code == 0 {
        if !out.status.success() {
            return Err(format!(
                "exit {:?}, Helm exited 0: {}",
                out.status.code(),
                stderr.trim()
            )
            .into());
        }
        let want = fs::read(dir.join("expected.out")).map_err(|e| e.to_string())?;
        if out.stdout != want {
            return Err(format!(
                "stdout differs:\n{}",
                diff(
                    &String::from_utf8_lossy(&want),
                    &String::from_utf8_lossy(&out.stdout)
                )
            )
            .into());
        }
        if let Some(i) = cmd.iter().position(|a| a == "--output-dir") {
            let want = read_tree(&dir.join("expected.tree"));
            let got = read_tree(&dir.join(&cmd[i + 1]));
            if want != got {
                return Err(format!(
                    "--output-dir tree differs: want {:?}, got {:?}",
                    want.keys().collect::<Vec<_>>(),
                    got.keys().collect::<Vec<_>>()
                )
                .into());
            }
        }
        let values_file = dir.join("expected.values.json");
        if values_file.exists() {
            let mut vargs = vec!["values".to_string()];
            vargs.extend(values_args(&cmd));
            vargs.extend(["-o".to_string(), "json".to_string()]);
            let vout = run(&dir, &vargs);
            if !vout.status.success() {
                return Err(
                    format!("values failed: {}", String::from_utf8_lossy(&vout.stderr)).into(),
                );
            }
            let got: serde_json::Value = serde_json::from_slice(&vout.stdout)
                .map_err(|e| format!("values: not JSON: {e}"))?;
            let want: serde_json::Value =
                serde_json::from_slice(&fs::read(&values_file).map_err(|e| e.to_string())?)
                    .map_err(|e| e.to_string())?;
            if got != want {
                return Err(format!(
                    "values differ:\n{}",
                    diff(
                        &serde_json::to_string_pretty(&want).unwrap_or_default(),
                        &serde_json::to_string_pretty(&got).unwrap_or_default()
                    )
                )
                .into());
            }
        }
    } else {
        if out.status.success() {
            return Err(format!(
                "exit 0, but Helm failed with: {}",
                fs::read_to_string(dir.join("expected.err"))
                    .unwrap_or_default()
                    .trim()
            )
            .into());
        }
        if !String::from_utf8_lossy(&out.stdout).trim().is_empty() {
            return Err("failed but wrote to stdout".into());
        }
        for m in fs::read_to_string(dir.join("mentions"))
            .unwrap_or_default()
            .lines()
        {
            if !m.is_empty() && !stderr.contains(m) {
                return Err(
                    format!("error message does not mention {m:?}: {}", stderr.trim()).into(),
                );
            }
        }
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let mut names: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("testdata/conformance/cases exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("cmd").is_file())
        .collect();
    names.sort();
    let trials = names
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            Trial::test(format!("conformance::{name}"), move || check_case(&p))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
