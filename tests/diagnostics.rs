//! Diagnostics: errors that name the file, line, flag or values path; warnings with
//! stable codes (each with the smallest input that triggers it and one that does not);
//! `--strict`, `--quiet`; `lint`, `show`, `notes`.

use std::path::Path;

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `permify-render ARGS` in a temp dir holding `values.yaml` (if given).
fn run(values: Option<&str>, args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    if let Some(v) = values {
        std::fs::write(dir.path().join("values.yaml"), v).unwrap();
    }
    run_in(dir.path(), args)
}

/// Runs `permify-render ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("permify-render")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Values that silence the chart defaults' own warnings (W006 replicas without
/// distributed mode, W007 no resources).
const QUIET_BASE: &str = "replicaCount: 1\nresources:\n  requests:\n    cpu: 100m\n";

fn template_with(extra: &str) -> Run {
    run(
        Some(&format!("{QUIET_BASE}{extra}")),
        &["template", "permify", "-f", "values.yaml"],
    )
}

fn codes(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning["))
        .filter_map(|l| l.split(']').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn no_warnings_for_a_clean_setup() {
    let r = template_with("");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(codes(&r.stderr), Vec::<String>::new(), "{}", r.stderr);
}

#[test]
fn w001_unknown_key_with_suggestion_and_location() {
    let r = template_with("app:\n  database:\n    engine: postgres\n    max_connections: 20\n");
    assert_eq!(r.code, 0);
    assert_eq!(codes(&r.stderr), vec!["W001"]);
    assert!(
        r.stderr.contains("unknown key `max_connections`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("values.yaml:8:5"), "{}", r.stderr);
    assert!(
        r.stderr.contains("did you mean `max_open_connections`?"),
        "{}",
        r.stderr
    );
    let typo = template_with("imag:\n  tag: x\n");
    assert!(
        typo.stderr.contains("did you mean `image`?"),
        "{}",
        typo.stderr
    );
    // Keys under free-form maps are the user's own.
    let free = template_with("podAnnotations:\n  anything: goes\n");
    assert_eq!(codes(&free.stderr), Vec::<String>::new());
    let known = template_with("app:\n  database:\n    max_open_connections: 20\n");
    assert_eq!(codes(&known.stderr), Vec::<String>::new());
    // Inside list items too (an ingress TLS entry).
    let tls = template_with("ingress:\n  tls:\n    - secretname: x\n      hosts: [a]\n");
    assert!(
        tls.stderr.contains("did you mean `secretName`?"),
        "{}",
        tls.stderr
    );
    let tls_ok = template_with("ingress:\n  tls:\n    - secretName: x\n      hosts: [a]\n");
    assert!(
        !codes(&tls_ok.stderr).contains(&"W001".to_string()),
        "{}",
        tls_ok.stderr
    );
}

#[test]
fn w002_distributed_address_and_port() {
    let r = template_with(
        "app:\n  distributed:\n    enabled: true\n    address: kubernetes:///permify.permify:5000\n",
    );
    assert_eq!(codes(&r.stderr), vec!["W002"]);
    assert!(
        r.stderr.contains("dns:///<fullname>-headless"),
        "{}",
        r.stderr
    );
    let port = template_with("app:\n  distributed:\n    enabled: true\n    port: \"5000\"\n");
    assert_eq!(port.code, 1);
    assert!(
        port.stderr
            .contains("warning[W002]: distributed port is the string \"5000\""),
        "{}",
        port.stderr
    );
    assert!(
        port.stderr
            .contains("app.distributed.port: got string, want integer (set by values.yaml:"),
        "{}",
        port.stderr
    );
    let ok = template_with(
        "app:\n  distributed:\n    enabled: true\n    address: dns:///x.y.svc.cluster.local:5053\n",
    );
    assert_eq!(codes(&ok.stderr), Vec::<String>::new());
}

#[test]
fn w003_image_tag_with_v() {
    let r = template_with("image:\n  tag: v1.6.0\n");
    assert_eq!(codes(&r.stderr), vec!["W003"]);
    assert!(r.stderr.contains("\"vv1.6.0\""));
    assert!(r.stdout.contains("app.kubernetes.io/version: \"vv1.6.0\""));
    assert_eq!(
        codes(&template_with("image:\n  tag: 1.6.0\n").stderr),
        Vec::<String>::new()
    );
}

#[test]
fn w004_inline_secrets_are_never_printed() {
    let r = template_with(
        "app:\n  database:\n    engine: postgres\n    uri: postgres://admin:hunter2@db:5432/permify\n",
    );
    assert_eq!(codes(&r.stderr), vec!["W004"]);
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
    assert!(r.stderr.contains("uri_secret"));
    let keys = template_with(
        "app:\n  authn:\n    enabled: true\n    preshared:\n      keys: [\"s3cr3t-key\"]\n",
    );
    assert_eq!(codes(&keys.stderr), vec!["W004"]);
    assert!(!keys.stderr.contains("s3cr3t-key"));
    assert!(keys.stderr.contains("keys_secret"));
    let no_password = template_with(
        "app:\n  database:\n    engine: postgres\n    uri: postgres://db:5432/permify\n",
    );
    assert_eq!(codes(&no_password.stderr), Vec::<String>::new());
}

#[test]
fn w005_exposed_without_authentication() {
    let lb = template_with("service:\n  type: LoadBalancer\n");
    assert_eq!(codes(&lb.stderr), vec!["W005"]);
    let ingress = template_with("ingress:\n  enabled: true\n");
    assert_eq!(codes(&ingress.stderr), vec!["W005"]);
    let secured = template_with(
        "service:\n  type: LoadBalancer\napp:\n  authn:\n    enabled: true\n    preshared:\n      keys_secret: s\n",
    );
    assert_eq!(codes(&secured.stderr), Vec::<String>::new());
}

#[test]
fn w006_replicas_without_distributed_mode() {
    let r = run(
        Some("resources:\n  limits:\n    memory: 1Gi\nreplicaCount: 2\n"),
        &["template", "-f", "values.yaml"],
    );
    assert_eq!(codes(&r.stderr), vec!["W006"]);
    let hpa = template_with("autoscaling:\n  enabled: true\n");
    assert_eq!(codes(&hpa.stderr), vec!["W006"]);
    let dist =
        template_with("autoscaling:\n  enabled: true\napp:\n  distributed:\n    enabled: true\n");
    assert_eq!(codes(&dist.stderr), Vec::<String>::new());
}

#[test]
fn w007_no_resources() {
    let r = run(
        Some("replicaCount: 1\n"),
        &["template", "-f", "values.yaml"],
    );
    assert_eq!(codes(&r.stderr), vec!["W007"]);
}

#[test]
fn w008_joined_list_explained_before_helm_fails() {
    let r = template_with("app:\n  server:\n    http:\n      cors_allowed_origins: [\"*\"]\n");
    assert_eq!(r.code, 1);
    assert_eq!(codes(&r.stderr), vec!["W008"]);
    assert!(r.stderr.contains("value: *"), "{}", r.stderr);
    assert!(r.stderr.contains("deployment.yaml"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let boolean =
        template_with("app:\n  server:\n    http:\n      cors_allowed_headers: [\"yes\"]\n");
    assert_eq!(boolean.code, 0);
    assert_eq!(codes(&boolean.stderr), vec!["W008"]);
    assert!(
        boolean.stderr.contains("reads back as a boolean"),
        "{}",
        boolean.stderr
    );
    let fine = template_with(
        "app:\n  server:\n    http:\n      cors_allowed_origins: [\"https://a.example\", \"https://b.example\"]\n",
    );
    assert_eq!(codes(&fine.stderr), Vec::<String>::new());
}

#[test]
fn w009_unexpected_enum_value() {
    let r = template_with("service:\n  type: LoadBalancr\n");
    assert_eq!(codes(&r.stderr), vec!["W009"]);
    assert!(
        r.stderr.contains("did you mean `LoadBalancer`?"),
        "{}",
        r.stderr
    );
    assert_eq!(
        codes(
            &template_with("service:\n  type: NodePort\napp:\n  authn:\n    enabled: true\n")
                .stderr
        ),
        Vec::<String>::new()
    );
}

#[test]
fn w010_wrong_type_where_helm_does_not_check() {
    let r = template_with("extraEnvVars:\n  X: \"1\"\n");
    assert_eq!(codes(&r.stderr), vec!["W010"]);
    assert!(
        r.stderr
            .contains("`extraEnvVars` should be an array, not an object"),
        "{}",
        r.stderr
    );
    assert_eq!(
        codes(&template_with("extraEnvVars:\n- name: X\n  value: \"1\"\n").stderr),
        Vec::<String>::new()
    );
}

#[test]
fn w011_ingress_port_not_exposed_by_the_service() {
    let auth = "app:\n  authn:\n    enabled: true\n    preshared:\n      keys_secret: s\n";
    let r = template_with(&format!(
        "{auth}ingress:\n  enabled: true\nservice:\n  port: 80\n"
    ));
    assert_eq!(codes(&r.stderr), vec!["W011"], "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "service.port 80, but the Service exposes 3478 (grpc), 3476 (http), 6060 (profiler)"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("set service.port to 3476"),
        "{}",
        r.stderr
    );
    let ok = template_with(&format!(
        "{auth}ingress:\n  enabled: true\nservice:\n  port: 3478\n"
    ));
    assert_eq!(codes(&ok.stderr), Vec::<String>::new(), "{}", ok.stderr);
}

#[test]
fn strict_turns_warnings_into_errors_and_quiet_hides_them() {
    let strict = run(
        Some("image:\n  tag: v2\n"),
        &["template", "-f", "values.yaml", "--strict"],
    );
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.is_empty());
    assert!(
        strict.stderr.contains("treated as errors (--strict)"),
        "{}",
        strict.stderr
    );
    let quiet = run(
        Some("image:\n  tag: v2\n"),
        &["template", "-f", "values.yaml", "--quiet"],
    );
    assert_eq!(quiet.code, 0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    assert!(quiet.stdout.contains("kind: Deployment"));
}

#[test]
fn warnings_never_touch_stdout() {
    let warned = run(
        Some("image:\n  tag: v1.6.0\n"),
        &["template", "permify", "-f", "values.yaml"],
    );
    let quiet = run(
        Some("image:\n  tag: v1.6.0\n"),
        &["template", "permify", "-f", "values.yaml", "--quiet"],
    );
    assert!(!warned.stderr.is_empty());
    assert_eq!(warned.stdout, quiet.stdout);
}

#[test]
fn the_install_guides_values_give_exactly_these_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("permify-render")
        .unwrap()
        .current_dir(root)
        .args(["lint", "-f", "examples/seed-guide.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        codes(&stdout),
        vec!["W001", "W001", "W002", "W002", "W003", "W004", "W004"],
        "{stdout}"
    );
    for needle in [
        "app.database.max_connections (examples/seed-guide.yaml:",
        "did you mean `max_open_connections`?",
        "did you mean `max_idle_connections`?",
        "kubernetes:///permify.permify:5000",
        "\"vv1.6.0\"",
        "error: values don't meet the chart's schema",
        "app.distributed.port: got string, want integer",
        "lint: 1 error, 7 warnings",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("password@"), "a secret leaked:\n{stdout}");
    assert!(
        !stdout.contains("your-secret-key"),
        "a secret leaked:\n{stdout}"
    );
}

#[test]
fn production_example_lints_with_only_the_tag_note() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("permify-render")
        .unwrap()
        .current_dir(root)
        .args(["lint", "-f", "examples/production.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(codes(&stdout), vec!["W003"], "{stdout}");
    assert!(stdout.ends_with("lint: 0 errors, 1 warning\n"));
}

#[test]
fn errors_name_file_line_column_and_show_the_line() {
    let r = run(
        Some("app:\n  server:\n    port: [1, 2\n"),
        &["template", "-f", "values.yaml"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("values.yaml:"), "{}", r.stderr);
    assert!(r.stderr.contains('^'), "no caret: {}", r.stderr);
}

#[test]
fn set_errors_name_flag_and_key() {
    let r = run(None, &["template", "--set", "tolerations[x]=1"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--set"), "{}", r.stderr);
    assert!(r.stderr.contains("tolerations"), "{}", r.stderr);
    let hint = run(None, &["template", "--set", "image.tag=16"]);
    assert!(
        hint.stderr
            .contains("image.tag: got number, want string (set by --set image.tag=...)"),
        "{}",
        hint.stderr
    );
    assert!(hint.stderr.contains("--set-string"), "{}", hint.stderr);
}

#[test]
fn template_failures_name_the_template_and_values_path() {
    let r = run(
        Some("app:\n  service:\n    schema: null\n"),
        &["template", "-f", "values.yaml", "--quiet"],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("permify/templates/deployment.yaml"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("`app.service.schema` is null or missing (set by values.yaml:3:5)"),
        "{}",
        r.stderr
    );
    let set = run(None, &["template", "--set", "app.profiler=null", "--quiet"]);
    assert!(
        set.stderr
            .contains("`app.profiler` is null or missing (set by --set app.profiler=...)"),
        "{}",
        set.stderr
    );
}

#[test]
fn show_and_notes() {
    let chart = run(None, &["show", "chart"]);
    assert_eq!(chart.code, 0);
    assert!(
        chart
            .stdout
            .contains("name: permify\ntype: application\nversion: 0.5.0\n")
    );
    let values = run(None, &["show", "values"]);
    assert!(values.stdout.contains("rate_limit: 100_000"));
    let schema = run(None, &["show", "schema"]);
    let parsed: serde_json::Value = serde_json::from_str(&schema.stdout).unwrap();
    assert_eq!(parsed["properties"]["replicaCount"]["type"], "integer");
    let readme = run(None, &["show", "readme"]);
    assert!(readme.stdout.contains("| `app.database.uri_secret` |"));
    let notes = run(
        None,
        &[
            "notes",
            "permify",
            "-n",
            "prod",
            "--set",
            "service.type=NodePort",
            "--quiet",
        ],
    );
    assert_eq!(notes.code, 0);
    assert!(
        notes
            .stdout
            .contains("export NODE_PORT=$(kubectl get --namespace prod"),
        "{}",
        notes.stdout
    );
}

#[test]
fn lint_includes_offline_validation() {
    let r = run(
        None,
        &[
            "lint",
            "--set",
            "ingress.enabled=true",
            "--set",
            "service.port=80",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "error: invalid manifest: permify/templates/ingress.yaml: Ingress/release-name-permify"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("warning[W011]"), "{}", r.stdout);
    assert!(
        r.stdout.ends_with("lint: 1 error, 4 warnings\n"),
        "{}",
        r.stdout
    );
    let clean = run(Some(QUIET_BASE), &["lint", "-f", "values.yaml"]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert_eq!(clean.stdout, "lint: 0 errors, 0 warnings\n");
}

/// No message quotes a credential, whatever quotes the input: W008 on preshared keys,
/// a YAML error's source line, a `--set` error repeating its argument, an error naming
/// the string below which a key was set, and `password=` forms of the URI (W004).
#[test]
fn secrets_are_never_echoed_in_errors_or_warnings() {
    let keys = run(
        Some(
            "app:\n  authn:\n    enabled: true\n    preshared:\n      keys: [\"%TopSecretKey1\", \"k2\"]\n",
        ),
        &["template", "permify", "-f", "values.yaml"],
    );
    assert!(
        codes(&keys.stderr).contains(&"W008".to_string()),
        "{}",
        keys.stderr
    );
    assert!(!keys.stderr.contains("TopSecretKey1"), "{}", keys.stderr);

    let syntax = run(
        Some("app:\n  database:\n    uri: postgres://admin:S3CRETPW@db:5432/permify: x\n"),
        &["template", "permify", "-f", "values.yaml"],
    );
    assert_eq!(syntax.code, 1);
    assert!(!syntax.stderr.contains("S3CRETPW"), "{}", syntax.stderr);
    // The caret still points at the `: ` after the URI (the mask keeps the width).
    let lines: Vec<&str> = syntax.stderr.lines().collect();
    let source = lines
        .iter()
        .find(|l| l.contains("uri: postgres://"))
        .unwrap();
    let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
    assert_eq!(
        &source[caret.len() - 1..caret.len() + 1],
        ": ",
        "{}",
        syntax.stderr
    );

    // YAML errors on a line holding preshared keys show it masked.
    for keys in [
        "      keys:\n        - S3CRETPW: x: y\n",
        "      keys:\n      - \"S3CRETPW\\q\"\n",
        "      keys: [S3CRETPW]: x\n",
    ] {
        let r = run(
            Some(&format!("app:\n  authn:\n    preshared:\n{keys}")),
            &["template", "permify", "-f", "values.yaml"],
        );
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("values.yaml:"), "{}", r.stderr);
        assert!(!r.stderr.contains("S3CRETPW"), "{}", r.stderr);
    }

    for args in [
        &[
            "template",
            "permify",
            "--set",
            "app.database.uri=postgres://u:S3CRETPW@h/db,oops",
        ][..],
        &[
            "template",
            "permify",
            "--set",
            "app.database.uri=postgres://u:S3CRETPW@h/db",
            "--set",
            "app.database.uri.a=1",
        ][..],
    ] {
        let r = run(None, args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("app.database.uri"), "{}", r.stderr);
        assert!(!r.stderr.contains("S3CRETPW"), "{}", r.stderr);
    }

    for uri in [
        "postgres://h/db?password=S3CRETPW",
        "host=h password=S3CRETPW dbname=p",
    ] {
        let r = run(
            None,
            &[
                "template",
                "permify",
                "--set",
                "app.database.engine=postgres",
                "--set-string",
                &format!("app.database.uri={uri}"),
            ],
        );
        assert!(
            codes(&r.stderr).contains(&"W004".to_string()),
            "{uri}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("S3CRETPW"), "{}", r.stderr);
    }
    let plain = run(
        None,
        &[
            "template",
            "permify",
            "--set",
            "app.database.engine=postgres",
            "--set-string",
            "app.database.uri=postgres://h/db?sslmode=require",
        ],
    );
    assert!(
        !codes(&plain.stderr).contains(&"W004".to_string()),
        "{}",
        plain.stderr
    );
}

/// A CHART folder is checked against the embedded chart (Helm would render the folder);
/// a missing local path fails as in Helm; repository references mean the embedded chart.
#[test]
fn chart_arguments_that_would_render_another_chart_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("permify");
    std::fs::create_dir(&chart).unwrap();
    let embedded_values = include_str!("../charts/permify/values.yaml");
    let default = run(None, &["--quiet", "template", "permify"]);
    assert_eq!(default.code, 0);
    let render =
        |chart_arg: &str| run_in(dir.path(), &["--quiet", "template", "permify", chart_arg]);

    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: permify\nversion: 9.9.9\n",
    )
    .unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = render("./permify");
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    assert!(
        stderr.contains("chart permify 9.9.9") && stderr.contains("permify 0.5.0"),
        "{stderr}"
    );

    // A copy of the chart (template names only: their contents are not compared).
    let embedded_chart = include_str!("../charts/permify/Chart.yaml");
    std::fs::write(chart.join("Chart.yaml"), embedded_chart).unwrap();
    std::fs::write(chart.join("values.yaml"), embedded_values).unwrap();
    std::fs::create_dir_all(chart.join("templates/tests")).unwrap();
    for t in [
        "NOTES.txt",
        "_helpers.tpl",
        "createdb.yaml",
        "deployment.yaml",
        "headless-service.yaml",
        "hpa.yaml",
        "ingress.yaml",
        "rbac.yaml",
        "service.yaml",
        "serviceaccount.yaml",
        "tests/test-connection.yaml",
    ] {
        std::fs::write(chart.join("templates").join(t), "").unwrap();
    }
    let Run {
        code,
        stdout,
        stderr,
    } = render("./permify");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, default.stdout);

    // Another appVersion, or another set of templates, renders differently in Helm.
    std::fs::write(
        chart.join("Chart.yaml"),
        embedded_chart.replace("appVersion: \"v1.3.5\"", "appVersion: v9.9.9"),
    )
    .unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = render("./permify");
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    assert!(stderr.contains("Chart.yaml differs"), "{stderr}");
    std::fs::write(chart.join("Chart.yaml"), embedded_chart).unwrap();
    std::fs::write(chart.join("templates/extra.yaml"), "kind: ConfigMap\n").unwrap();
    let Run { code, stderr, .. } = render("./permify");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("extra: [\"extra.yaml\"]"), "{stderr}");
    std::fs::remove_file(chart.join("templates/extra.yaml")).unwrap();

    std::fs::write(
        chart.join("values.yaml"),
        embedded_values.replace("replicaCount: 3", "replicaCount: 7"),
    )
    .unwrap();
    let Run {
        code,
        stdout,
        stderr,
    } = render("./permify");
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    assert!(
        stderr.contains("values.yaml differs from the defaults"),
        "{stderr}"
    );

    let Run { code, stderr, .. } = render("./missing/permify");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("path \"./missing/permify\" not found"),
        "{stderr}"
    );

    for reference in ["permify/permify", "oci://ghcr.io/permify/charts/permify"] {
        let Run {
            code,
            stdout,
            stderr,
        } = render(reference);
        assert_eq!(code, 0, "{reference}: {stderr}");
        assert_eq!(stdout, default.stdout, "{reference}");
    }
}

/// `--version` must admit the embedded chart's version; the install-time and logging
/// flags of `helm template` are accepted and change nothing.
#[test]
fn helm_template_flags_for_versions_and_installs_are_accepted() {
    let default = run(None, &["--quiet", "template", "permify"]);
    for constraint in [
        "0.5.0",
        ">=0.4, <1",
        "^0.5",
        "~0.5.0",
        ">= 0.5.0",
        "0.5.*",
        "*",
        "~> 0.5",
        "0.5.0 - 0.6.0",
        "",
    ] {
        let r = run(
            None,
            &[
                "--quiet",
                "template",
                "permify",
                "permify/permify",
                "--version",
                constraint,
            ],
        );
        assert_eq!(
            (r.code, &r.stdout),
            (0, &default.stdout),
            "{constraint}: {}",
            r.stderr
        );
    }
    let wrong = run(None, &["template", "permify", "--version", "0.4.0"]);
    assert_eq!((wrong.code, wrong.stdout.as_str()), (1, ""));
    assert!(
        wrong.stderr.contains("embeds chart permify 0.5.0"),
        "{}",
        wrong.stderr
    );
    let bad = run(None, &["template", "permify", "--version", "abc"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);

    let compat = run(
        None,
        &[
            "--quiet",
            "template",
            "permify",
            "--debug",
            "--skip-crds",
            "--create-namespace",
            "--dependency-update",
            "--devel",
            "--atomic",
            "--wait",
            "--wait-for-jobs",
            "--timeout",
            "5m",
            "--dry-run=client",
            "--rollback-on-failure",
            "--server-side=false",
            "--description",
            "x",
            "--labels",
            "a=b",
            "--repo",
            "https://example.com/charts",
            "--username",
            "u",
            "--password",
            "p",
            "--kubeconfig",
            "k",
            "--kube-context",
            "c",
        ],
    );
    let server = run(None, &["template", "permify", "--dry-run=server"]);
    assert_eq!((server.code, server.stdout.as_str()), (1, ""));
    assert!(
        server.stderr.contains("needs a Kubernetes cluster"),
        "{}",
        server.stderr
    );
    assert_eq!(
        (compat.code, &compat.stdout),
        (0, &default.stdout),
        "{}",
        compat.stderr
    );
}

/// `values -o json` prints what `toJson` prints: compact, sorted keys, float64 numbers
/// in Go's JSON form (never exponents for numbers below 1e21).
#[test]
fn values_json_is_to_json_text() {
    let r = run(
        None,
        &[
            "--quiet",
            "values",
            "-o",
            "json",
            "--set-json",
            r#"nodeSelector={"big":12345678901234567890,"s":1e20,"u":0.000001,"t":"<x>"}"#,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("{\"affinity\":{},"), "{}", r.stdout);
    assert!(r.stdout.ends_with("}\n"));
    assert!(
        r.stdout.contains(
            r#""nodeSelector":{"big":12345678901234567000,"s":100000000000000000000,"t":"\u003cx\u003e","u":0.000001}"#
        ),
        "{}",
        r.stdout
    );
}
