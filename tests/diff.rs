//! `permify-render diff` on real renders: two values sets rendered by the binary
//! (`template --output-dir`, `template` to a file, or in-process with
//! `--values-old`/`--values-new`), compared in every report category.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

fn bin() -> Command {
    Command::cargo_bin("permify-render").expect("binary built")
}

/// A temporary folder with helpers to write values and render them.
struct Work {
    dir: TempDir,
}

impl Work {
    fn new() -> Work {
        Work {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).to_string_lossy().into_owned()
    }

    /// Writes `text` to `name` and returns the path as an argument.
    fn write(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        self.arg(name)
    }

    /// Renders release `permify` with `values` into the folder `name` (as
    /// `template --output-dir` writes it) and returns the folder.
    fn render_dir(&self, name: &str, values: &str) -> String {
        let vf = self.write(&format!("{name}.values.yaml"), values);
        bin()
            .args([
                "template",
                "permify",
                "-f",
                &vf,
                "--output-dir",
                &self.arg(name),
            ])
            .assert()
            .success();
        self.arg(name)
    }

    /// Renders release `permify` with `values` to standard output, saved as `name`.
    fn render_file(&self, name: &str, values: &str) -> String {
        let vf = self.write(&format!("{name}.values.yaml"), values);
        let out = bin()
            .args(["template", "permify", "-f", &vf])
            .output()
            .unwrap();
        assert!(out.status.success());
        self.write(name, &String::from_utf8(out.stdout).unwrap())
    }
}

/// Runs `diff ARGS...` and returns (exit code, stdout, stderr).
fn diff(args: &[&str]) -> (i32, String, String) {
    diff_stdin(args, "")
}

fn diff_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = bin()
        .arg("diff")
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const OLD: &str = "replicaCount: 3\napp:\n  logger:\n    level: info\n";
const NEW: &str = "replicaCount: 5\napp:\n  logger:\n    level: debug\n";

#[test]
fn identical_renders_have_no_differences() {
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir("b", OLD);
    for extra in [&[][..], &["--exit-code"][..]] {
        let mut args = vec![a.as_str(), b.as_str()];
        args.extend_from_slice(extra);
        let (code, out, err) = diff(&args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, "no differences (6 resources)\n");
        assert_eq!(err, "");
    }
}

#[test]
fn changed_scalar_and_named_list_item() {
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir("b", NEW);
    let (code, out, err) = diff(&[&a, &b]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.replicas: 3 → 5\n    spec.template.spec.containers[permify].env[PERMIFY_LOG_LEVEL].value: \"info\" → \"debug\"\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
}

#[test]
fn insertion_into_a_named_list_is_one_change() {
    // PERMIFY_LOG_OUTPUT is inserted in the middle of env; the items after it are
    // matched by name and not reported.
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir("b", "app:\n  logger:\n    output: stdout\n");
    let (code, out, _) = diff(&[&a, &b]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.template.spec.containers[permify].env[PERMIFY_LOG_OUTPUT]: (none) → {name: \"PERMIFY_LOG_OUTPUT\", value: \"stdout\"}\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
}

#[test]
fn named_ports_across_resources() {
    let w = Work::new();
    let a = w.render_dir("a", "");
    let b = w.render_dir("b", "app:\n  server:\n    grpc:\n      port: 3479\n");
    let (_, out, _) = diff(&[&a, &b]);
    assert_eq!(
        out,
        "~ Pod default/permify-test-connection\n    spec.containers[grpc-health-probe].command[1]: \"-addr=permify:3478\" → \"-addr=permify:3479\"\n~ Service default/permify\n    spec.ports[grpc].port: 3478 → 3479\n~ apps/Deployment default/permify\n    spec.template.spec.containers[permify].env[PERMIFY_GRPC_PORT].value: \"3478\" → \"3479\"\n    spec.template.spec.containers[permify].livenessProbe.grpc.port: 3478 → 3479\n    spec.template.spec.containers[permify].ports[grpc].containerPort: 3478 → 3479\n    spec.template.spec.containers[permify].readinessProbe.exec.command[1]: \"-addr=127.0.0.1:3478\" → \"-addr=127.0.0.1:3479\"\n\n0 added, 0 removed, 3 changed, 3 unchanged\n"
    );
}

#[test]
fn added_and_removed_resources() {
    let w = Work::new();
    let a = w.render_dir("a", "");
    let b = w.render_dir(
        "b",
        "autoscaling:\n  enabled: true\ningress:\n  enabled: true\n",
    );
    let (code, out, _) = diff(&[&a, &b]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "+ autoscaling/HorizontalPodAutoscaler default/permify\n+ networking.k8s.io/Ingress default/permify\n~ apps/Deployment default/permify\n    spec.replicas: 3 → (none)\n\n2 added, 0 removed, 1 changed, 5 unchanged\n"
    );
    let (_, out, _) = diff(&[&b, &a]);
    assert_eq!(
        out,
        "- autoscaling/HorizontalPodAutoscaler default/permify\n- networking.k8s.io/Ingress default/permify\n~ apps/Deployment default/permify\n    spec.replicas: (none) → 3\n\n0 added, 2 removed, 1 changed, 5 unchanged\n"
    );
}

#[test]
fn changed_map_key_set() {
    let w = Work::new();
    let a = w.render_dir(
        "a",
        "podAnnotations:\n  keep: \"1\"\n  gone: x\n  example.com/team: a\n",
    );
    let b = w.render_dir(
        "b",
        "podAnnotations:\n  keep: \"1\"\n  fresh: new\n  example.com/team: b\n",
    );
    let (_, out, _) = diff(&[&a, &b]);
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.template.metadata.annotations[\"example.com/team\"]: \"a\" → \"b\"\n    spec.template.metadata.annotations.fresh: (none) → \"new\"\n    spec.template.metadata.annotations.gone: \"x\" → (none)\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
}

#[test]
fn changed_multi_line_text() {
    let w = Work::new();
    let a = w.render_dir(
        "a",
        "podAnnotations:\n  notes: |\n    one\n    two\n    three\n",
    );
    let b = w.render_dir(
        "b",
        "podAnnotations:\n  notes: |\n    one\n    2\n    three\n",
    );
    let (_, out, _) = diff(&[&a, &b]);
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.template.metadata.annotations.notes: text changed\n        one\n      - two\n      + 2\n        three\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
}

#[test]
fn changed_unnamed_list_items() {
    let w = Work::new();
    let base = "tolerations:\n  - {key: a, operator: Exists, effect: NoSchedule}\n  - {key: b, operator: Exists}\n";
    let a = w.render_dir("a", base);
    // A field of the first item changes.
    let b = w.render_dir(
        "b",
        "tolerations:\n  - {key: a, operator: Exists, effect: NoExecute}\n  - {key: b, operator: Exists}\n",
    );
    let (_, out, _) = diff(&[&a, &b]);
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.template.spec.tolerations[0].effect: \"NoSchedule\" → \"NoExecute\"\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
    // An item inserted in front: only that item is reported, not every later one.
    let c = w.render_dir(
        "c",
        "tolerations:\n  - {key: z, operator: Exists}\n  - {key: a, operator: Exists, effect: NoSchedule}\n  - {key: b, operator: Exists}\n",
    );
    let (_, out, _) = diff(&[&a, &c]);
    assert_eq!(
        out,
        "~ apps/Deployment default/permify\n    spec.template.spec.tolerations[0]: (none) → {key: \"z\", operator: \"Exists\"}\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
}

const SECRET_OLD: &str = "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: permify-db\ntype: Opaque\ndata:\n  password: b2xkLXBhc3N3b3Jk\n  user: cGVybWlmeQ==\nstringData:\n  token: old-token-value\n";
const SECRET_NEW: &str = "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: permify-db\ntype: Opaque\ndata:\n  password: bmV3LXBhc3N3b3Jk\n  user: cGVybWlmeQ==\n  extra: ZXh0cmEtdmFsdWU=\nstringData:\n  token: new-token-value\n";
const SECRET_VALUES: &[&str] = &[
    "b2xkLXBhc3N3b3Jk",
    "bmV3LXBhc3N3b3Jk",
    "cGVybWlmeQ",
    "ZXh0cmEtdmFsdWU",
    "old-token-value",
    "new-token-value",
    "s3cr3t-pw",
    "k3y-one",
    "k3y-two",
    "pg-pass-9",
];

#[test]
fn secret_data_and_secret_env_values_are_masked() {
    let w = Work::new();
    let a = w.render_dir("a", "");
    let b = w.render_dir(
        "b",
        "app:\n  database:\n    engine: postgres\n    uri: postgres://permify:s3cr3t-pw@db:5432/permify\n  authn:\n    enabled: true\n    method: preshared\n    preshared:\n      keys: [k3y-one, k3y-two]\njobs:\n  createDatabase:\n    enabled: true\n    uri: postgres://postgres:pg-pass-9@db:5432/postgres\n",
    );
    // A Secret next to the render on each side (the chart renders none).
    w.write("a/extra/secret.yaml", SECRET_OLD);
    w.write("b/extra/secret.yaml", SECRET_NEW);
    let (code, out, _) = diff(&[&a, &b]);
    assert_eq!(code, 0);
    for line in [
        "~ Secret default/permify-db",
        "    data.extra: (none) → <masked>",
        "    data.password: <masked> → <masked>",
        "    stringData.token: <masked> → <masked>",
        "    spec.template.spec.containers[permify].env[PERMIFY_AUTHN_PRESHARED_KEYS]: (none) → {name: \"PERMIFY_AUTHN_PRESHARED_KEYS\", value: <masked>}",
        "    spec.template.spec.containers[permify].env[PERMIFY_DATABASE_URI]: (none) → {name: \"PERMIFY_DATABASE_URI\", value: <masked>}",
        "+ batch/Job default/create-database-permify",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing {line:?} in:\n{out}"
        );
    }
    assert!(!out.contains("data.user"), "unchanged key reported:\n{out}");
    let (_, unified, _) = diff(&[&a, &b, "--output", "unified"]);
    for line in [
        "-  password: '<masked: old value>'",
        "+  password: '<masked: new value>'",
        "+  extra: <masked>",
        "+          value: <masked>",
    ] {
        assert!(
            unified.lines().any(|l| l == line),
            "missing {line:?} in:\n{unified}"
        );
    }
    for report in [&out, &unified] {
        for secret in SECRET_VALUES {
            assert!(!report.contains(secret), "{secret} printed:\n{report}");
        }
    }
}

#[test]
fn exit_code_only_with_the_flag() {
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir("b", NEW);
    let (code, out, err) = diff(&[&a, &b]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("spec.replicas: 3 → 5"));
    let (code, out, err) = diff(&[&a, &b, "--exit-code"]);
    assert_eq!(code, 1);
    assert!(out.contains("spec.replicas: 3 → 5"), "{out}");
    assert_eq!(
        err,
        "Error: the two sides differ (0 added, 0 removed, 1 changed, 5 unchanged)\n"
    );
    let (code, _, _) = diff(&[&a, &a, "--exit-code"]);
    assert_eq!(code, 0);
}

#[test]
fn unified_output() {
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir(
        "b",
        "replicaCount: 5\nautoscaling:\n  enabled: false\ningress:\n  enabled: true\n",
    );
    let (code, out, _) = diff(&[&a, &b, "--output", "unified"]);
    assert_eq!(code, 0);
    let expected_start = "--- old/permify/templates/deployment.yaml\n+++ new/permify/templates/deployment.yaml\n@@ -11,7 +11,7 @@\n     app.kubernetes.io/version: \"v\"\n     app.kubernetes.io/managed-by: Helm\n spec:\n-  replicas: 3\n+  replicas: 5\n   selector:\n     matchLabels:\n       app.kubernetes.io/name: permify\n--- /dev/null\n+++ new/permify/templates/ingress.yaml\n@@ -0,0 +1,24 @@\n+---\n+# Source: permify/templates/ingress.yaml\n+apiVersion: networking.k8s.io/v1\n";
    assert!(out.starts_with(expected_start), "{out}");
    assert!(!out.contains('\x1b'));
    let (code, _, err) = diff(&[&a, &b, "--output", "unified", "--exit-code"]);
    assert_eq!(code, 1);
    assert_eq!(err, "Error: the two sides differ (2 files changed)\n");
    let (code, out, _) = diff(&[&a, &a, "--output", "unified", "--exit-code"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn stdin_side_and_file_side() {
    let w = Work::new();
    let dir = w.render_dir("a", OLD);
    let file = w.render_file("a.yaml", OLD);
    let new_file = w.render_file("b.yaml", NEW);
    // Folder vs file of the same render.
    let (code, out, _) = diff(&[&dir, &file]);
    assert_eq!((code, out.as_str()), (0, "no differences (6 resources)\n"));
    // Standard input on either side.
    let stream = std::fs::read_to_string(&new_file).unwrap();
    let (code, out, err) = diff_stdin(&[&dir, "-", "--exit-code"], &stream);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("spec.replicas: 3 → 5"), "{out}");
    let (_, out, _) = diff_stdin(&["-", &dir], &stream);
    assert!(out.contains("spec.replicas: 5 → 3"), "{out}");
    let (code, _, err) = diff_stdin(&["-", "-"], &stream);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "Error: only one side of diff can be - (standard input)\n"
    );
}

#[test]
fn rendered_sides_match_the_folder_diff() {
    let w = Work::new();
    let a = w.render_dir("a", OLD);
    let b = w.render_dir("b", NEW);
    let (_, from_folders, _) = diff(&[&a, &b]);
    let old_values = w.arg("a.values.yaml");
    let new_values = w.arg("b.values.yaml");
    let (code, rendered, err) = diff(&[
        "--values-old",
        &old_values,
        "--values-new",
        &new_values,
        "--release",
        "permify",
        "--exit-code",
    ]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(rendered, from_folders);
    // Values from standard input for one side.
    let (_, piped, _) = diff_stdin(
        &[
            "--values-old",
            &old_values,
            "--values-new",
            "-",
            "--release",
            "permify",
        ],
        NEW,
    );
    assert_eq!(piped, from_folders);
    // An omitted side renders the chart defaults; shared --set applies to both.
    let (_, out, _) = diff(&["--values-new", &new_values, "--set", "replicaCount=7"]);
    assert_eq!(
        out,
        "~ apps/Deployment default/release-name-permify\n    spec.template.spec.containers[permify].env[PERMIFY_LOG_LEVEL].value: \"info\" → \"debug\"\n\n0 added, 0 removed, 1 changed, 5 unchanged\n"
    );
    // -n names the namespace of resources rendered without one.
    let (_, out, _) = diff(&["--values-new", &new_values, "-n", "prod"]);
    assert!(
        out.starts_with("~ apps/Deployment prod/release-name-permify\n"),
        "{out}"
    );
}

#[test]
fn bad_inputs_name_the_file() {
    let w = Work::new();
    let good = w.render_file("good.yaml", "");
    let missing = w.arg("missing.yaml");
    let (code, out, err) = diff(&[&good, &missing]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "Error: cannot read NEW {missing:?}: no such file or directory; expected a manifest file, a folder written by `template --output-dir`, or - for standard input\n"
        )
    );
    let bad = w.write(
        "bad.yaml",
        "apiVersion: v1\nkind: A\nmetadata:\n  name: a\n---\nkind: B\nmetadata:\n  name: b\n  labels: {x: 1\n",
    );
    let (code, out, err) = diff(&[&bad, &good]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with(&format!(
            "Error: {bad}, document 2 (line 6) cannot be read as a manifest: {bad}:10:1: "
        )),
        "{err}"
    );
    let not_resource = w.write("values.yaml", "replicaCount: 3\n");
    let (code, _, err) = diff(&[&good, &not_resource]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "Error: {not_resource}, document 1 (line 1): no `kind`; expected a Kubernetes resource with apiVersion, kind and metadata.name\n"
        )
    );
    std::fs::create_dir_all(w.path("empty")).unwrap();
    let (code, _, err) = diff(&[&good, &w.arg("empty")]);
    assert_eq!(code, 1);
    assert!(err.contains("holds no *.yaml or *.yml file"), "{err}");
    let (code, _, err) = diff(&[&good, &good, "--set", "replicaCount=2"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("Error: --set applies only when diff renders the sides"),
        "{err}"
    );
    let (code, _, err) = diff(&["--values-old", &missing]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(&format!(
            "Error: cannot render the old side (--values-old {missing}): "
        )),
        "{err}"
    );
    assert!(err.contains("no such file or directory"), "{err}");
}

#[test]
fn colour_only_when_asked() {
    let w = Work::new();
    let a = w.render_dir("a", "");
    let b = w.render_dir("b", "replicaCount: 5\ningress:\n  enabled: true\n");
    let (_, plain, _) = diff(&[&a, &b]);
    assert!(!plain.contains('\x1b'), "{plain}");
    let (_, never, _) = diff(&[&a, &b, "--color", "never"]);
    assert_eq!(never, plain);
    let (_, coloured, _) = diff(&[&a, &b, "--color", "always"]);
    assert!(coloured.contains("\x1b[32m+ networking.k8s.io/Ingress default/permify\x1b[0m\n"));
    assert!(coloured.contains("\x1b[33m~ apps/Deployment default/permify\x1b[0m\n"));
    let (_, unified, _) = diff(&[&b, &a, "--output", "unified", "--color", "always"]);
    assert!(
        unified.contains("\x1b[31m-  replicas: 5\x1b[0m\n"),
        "{unified}"
    );
    assert!(
        unified.contains("\x1b[32m+  replicas: 3\x1b[0m\n"),
        "{unified}"
    );
}
