//! `permify-render batch`, run through the real binary: every release file must equal
//! what `template` prints for the same values file, release name and flags.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/batch")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn bin() -> Command {
    Command::cargo_bin("permify-render").expect("binary is built")
}

fn batch(args: &[&str]) -> Output {
    bin().arg("batch").args(args).output().expect("runs")
}

/// `template RELEASE -f FILE EXTRA...` stdout, which must succeed.
fn template(release: &str, file: &str, extra: &[&str]) -> Vec<u8> {
    let out = bin()
        .args(["template", release, "-f", file])
        .args(extra)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output folder exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Checks the summary line (`N rendered, M failed in X ms`) and returns stderr.
fn stderr_with_summary(out: &Output, rendered: usize, failed: usize) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = err
        .lines()
        .find(|l| l.contains(" rendered, "))
        .unwrap_or_else(|| panic!("no summary in {err}"));
    let prefix = format!("{rendered} rendered, {failed} failed in ");
    let ms = summary
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix(" ms"))
        .unwrap_or_else(|| panic!("summary {summary:?} should start {prefix:?}"));
    assert!(ms.parse::<u64>().is_ok(), "{summary}");
    err
}

#[test]
fn folder_of_values_files_renders_each_like_template() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = batch(&[
        &data("releases"),
        "--output-dir",
        out_dir.to_str().unwrap(),
        "-n",
        "auth",
        "--kube-version",
        "1.17.0",
    ]);
    let err = stderr_with_summary(&out, 3, 0);
    assert!(out.status.success(), "{err}");
    // README.txt is not a values file.
    assert_eq!(
        files_in(&out_dir),
        vec!["eu.dev.yaml", "prod.yaml", "staging.yaml"]
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected_stdout: String = ["eu.dev", "prod", "staging"]
        .iter()
        .map(|r| format!("wrote {}\n", out_dir.join(format!("{r}.yaml")).display()))
        .collect();
    assert_eq!(stdout, expected_stdout, "in input (name) order");
    for (release, file) in [
        ("eu.dev", "releases/eu.dev.yaml"),
        ("prod", "releases/prod.yaml"),
        ("staging", "releases/staging.yml"),
    ] {
        let written = std::fs::read(out_dir.join(format!("{release}.yaml"))).unwrap();
        let expected = template(
            release,
            &data(file),
            &["-n", "auth", "--kube-version", "1.17.0"],
        );
        assert!(written == expected, "{release}: differs from template");
    }
    // The flags did reach the render.
    let prod = std::fs::read_to_string(out_dir.join("prod.yaml")).unwrap();
    assert!(prod.contains("dns:///prod-permify-headless.auth.svc.cluster.local:5053"));
    assert!(prod.contains("apiVersion: networking.k8s.io/v1beta1"));
    assert!(prod.contains("\n  replicas: 5\n"));
    let staging = std::fs::read_to_string(out_dir.join("staging.yaml")).unwrap();
    assert!(staging.contains("kind: HorizontalPodAutoscaler"));
    assert!(staging.contains("name: staging-permify"));
}

#[test]
fn one_bad_file_fails_only_its_release() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    // An older file of a failing release is left as it was.
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("broken.yaml"), "old\n").unwrap();
    let out = batch(&[
        &data("releases/prod.yaml"),
        &data("broken.yaml"),
        &data("wrong-type.yaml"),
        &data("releases/staging.yml"),
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_with_summary(&out, 2, 2);
    assert_eq!(
        files_in(&out_dir),
        vec!["broken.yaml", "prod.yaml", "staging.yaml"]
    );
    assert_eq!(
        std::fs::read(out_dir.join("broken.yaml")).unwrap(),
        b"old\n"
    );
    assert_eq!(
        std::fs::read(out_dir.join("prod.yaml")).unwrap(),
        template("prod", &data("releases/prod.yaml"), &[])
    );
    assert_eq!(
        std::fs::read(out_dir.join("staging.yaml")).unwrap(),
        template("staging", &data("releases/staging.yml"), &[])
    );
    let broken = data("broken.yaml");
    assert!(
        err.contains(&format!(
            "error: {broken} (release broken): {broken}:5:1: did not find expected ',' or ']'"
        )),
        "{err}"
    );
    let wrong = data("wrong-type.yaml");
    assert!(
        err.contains(&format!(
            "error: {wrong} (release wrong-type): values don't meet the chart's schema"
        )),
        "{err}"
    );
    assert!(
        err.contains("- replicaCount: got string, want integer"),
        "{err}"
    );
    assert!(err.ends_with("Error: 2 of 4 releases failed\n"), "{err}");
    // Errors are reported in input order, before the summary.
    let b = err.find("(release broken)").unwrap();
    let w = err.find("(release wrong-type)").unwrap();
    let s = err.find(" rendered, ").unwrap();
    assert!(b < w && w < s);
}

#[test]
fn name_override_and_invalid_release_names() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let od = out_dir.to_str().unwrap();
    // The stem Dev_Box is not a valid release name: that release fails.
    let out = batch(&[
        &data("Dev_Box.yaml"),
        &data("releases/eu.dev.yaml"),
        "--output-dir",
        od,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_with_summary(&out, 1, 1);
    assert!(
        err.contains(
            "(release Dev_Box): invalid release name \"Dev_Box\": it contains an uppercase letter"
        ),
        "{err}"
    );
    assert_eq!(files_in(&out_dir), vec!["eu.dev.yaml"]);
    // Renamed, it renders as that release.
    let out = batch(&[
        &data("Dev_Box.yaml"),
        "--output-dir",
        od,
        "--name",
        "Dev_Box=dev-box",
    ]);
    stderr_with_summary(&out, 1, 0);
    assert!(out.status.success());
    let written = std::fs::read(out_dir.join("dev-box.yaml")).unwrap();
    assert_eq!(written, template("dev-box", &data("Dev_Box.yaml"), &[]));
    assert!(String::from_utf8_lossy(&written).contains("name: dev-box-permify"));
    // An override naming no file is a usage error; an invalid override fails its release.
    let out = batch(&[
        &data("Dev_Box.yaml"),
        "--output-dir",
        od,
        "--name",
        "prod=x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no values file has the stem \"prod\""));
    let out = batch(&[
        &data("releases/eu.dev.yaml"),
        "--output-dir",
        od,
        "--name",
        "eu.dev=../escape",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid release name \"../escape\""));
    assert!(!dir.path().join("escape.yaml").exists());
}

#[test]
fn same_release_name_twice_is_refused_before_rendering() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = batch(&[
        &data("releases/eu.dev.yaml"),
        &data("Dev_Box.yaml"),
        "--name",
        "Dev_Box=eu.dev",
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("release name \"eu.dev\" would come from several files")
    );
    assert!(!out_dir.exists());
}

#[test]
fn one_worker_and_many_give_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let (one, many) = (dir.path().join("one"), dir.path().join("many"));
    for (d, j) in [(&one, "1"), (&many, "8")] {
        let out = batch(&[
            &data("releases"),
            "--output-dir",
            d.to_str().unwrap(),
            "-j",
            j,
        ]);
        assert!(out.status.success());
    }
    for f in files_in(&one) {
        assert_eq!(
            std::fs::read(one.join(&f)).unwrap(),
            std::fs::read(many.join(&f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(files_in(&one).len(), 3);
    // No progress bar when standard error is not a terminal: only the summary.
    let out = batch(&[&data("releases"), "--output-dir", one.to_str().unwrap()]);
    let err = stderr_with_summary(&out, 3, 0);
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Hidden files in a folder are not releases; under the global --strict a release with
/// value warnings fails, and its error lists them.
#[test]
fn hidden_files_are_skipped_and_strict_fails_releases_with_warnings() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let clean = "replicaCount: 1\nresources:\n  requests: {cpu: 100m, memory: 128Mi}\n";
    std::fs::write(input.path().join("clean.yaml"), clean).unwrap();
    std::fs::write(input.path().join("loose.yaml"), "replicaCount: 1\n").unwrap();
    std::fs::write(input.path().join(".hidden.yaml"), "replicaCount: 1\n").unwrap();
    let dir = input.path().to_str().unwrap();
    let target = out.path().to_str().unwrap();

    let plain = batch(&[dir, "--output-dir", target]);
    assert!(
        plain.status.success(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
    stderr_with_summary(&plain, 2, 0);
    assert_eq!(files_in(out.path()), vec!["clean.yaml", "loose.yaml"]);

    let strict = bin()
        .args(["--strict", "batch", dir, "--output-dir", target])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let err = stderr_with_summary(&strict, 1, 1);
    assert!(
        err.contains("(release loose): 1 warning treated as error (--strict)"),
        "{err}"
    );
    assert!(err.contains("warning[W007]"), "{err}");
    assert!(!err.contains("release clean"), "{err}");
}
