//! `validate` and `template --validate`, run as the binary: one crafted manifest per rule
//! (`testdata/validate/`), the default render, every successful Helm conformance case
//! (`testdata/conformance/cases`, with the findings listed in
//! `testdata/validate/conformance-findings.txt`), and input errors.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_permify-render"))
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/validate")
}

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/conformance/cases")
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&Path>) -> Output {
    let input = match stdin {
        Some(p) => Stdio::from(fs::File::open(p).expect("stdin file opens")),
        None => Stdio::null(),
    };
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdin(input)
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `validate FILE` in `testdata/validate` and checks its whole output: the finding
/// lines on stdout, exit status 1, and the summary on stderr.
fn expect_findings(file: &str, lines: &[&str], summary: &str) {
    let out = run_in(&data(), &["validate", file], None);
    let stdout = text(&out.stdout);
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got, lines, "findings of {file}");
    assert_eq!(out.status.code(), Some(1), "exit status of {file}");
    assert_eq!(text(&out.stderr).trim_end(), summary, "stderr of {file}");
}

/// An unknown field, found by the field lists of the API types, with a suggestion.
#[test]
fn unknown_field() {
    expect_findings(
        "unknown-field.yaml",
        &[
            "unknown-field.yaml:8: Service/permify: spec.ports[0].targetport: unknown field \"targetport\"; fix: did you mean \"targetPort\"? (check the spelling and indentation)",
        ],
        "Error: 1 problem in 1 of 1 document",
    );
}

/// A string where the API type takes an integer.
#[test]
fn wrong_type() {
    expect_findings(
        "wrong-type.yaml",
        &[
            "wrong-type.yaml:6: Deployment/permify: spec.replicas: wrong type: expected a 32-bit integer, found a string \"3\"; fix: write the number without quotes: 3",
        ],
        "Error: 1 problem in 1 of 1 document",
    );
}

/// A removed apiVersion and a custom kind: findings, not a crash.
#[test]
fn unknown_api_version_or_kind() {
    expect_findings(
        "unknown-kind.yaml",
        &[
            "unknown-kind.yaml:1: Deployment/permify: apiVersion: unknown apiVersion/kind apps/v1beta1 Deployment (not a Kubernetes 1.37 API type); fix: Kubernetes 1.37 serves Deployment as apps/v1",
            "unknown-kind.yaml:6: Widget/permify: apiVersion: unknown apiVersion/kind example.com/v1 Widget (not a Kubernetes 1.37 API type); fix: check the spelling of kind; custom resources cannot be checked offline",
        ],
        "Error: 2 problems in 2 of 2 documents",
    );
}

/// DNS-1123 subdomain (ConfigMap), DNS-1035 label (Service), DNS-1123 label (StatefulSet).
#[test]
fn invalid_names_by_kind() {
    expect_findings(
        "invalid-name.yaml",
        &[
            "invalid-name.yaml:4: ConfigMap/Permify_Config: metadata.name: name \"Permify_Config\" is not a valid DNS-1123 subdomain: must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character; fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
            "invalid-name.yaml:9: Service/1permify: metadata.name: name \"1permify\" is not a valid DNS-1035 label: must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character; fix: a Service name is at most 63 lowercase letters, digits and '-', starting with a letter",
            "invalid-name.yaml:14: StatefulSet/permify.db: metadata.name: name \"permify.db\" is not a valid DNS-1123 label: must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character; fix: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        ],
        "Error: 3 problems in 3 of 3 documents",
    );
}

/// The 253- and 63-character limits.
#[test]
fn names_too_long() {
    let long = "a".repeat(254);
    let label = "a".repeat(64);
    let shown = format!("{}...", "a".repeat(77));
    expect_findings(
        "name-too-long.yaml",
        &[
            &format!(
                "name-too-long.yaml:4: ServiceAccount/{long}: metadata.name: name \"{shown}\" is not a valid DNS-1123 subdomain: must be no more than 253 characters (is 254); fix: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
            ),
            &format!(
                "name-too-long.yaml:9: Service/{label}: metadata.name: name \"{label}\" is not a valid DNS-1035 label: must be no more than 63 characters (is 64); fix: a Service name is at most 63 lowercase letters, digits and '-', starting with a letter"
            ),
        ],
        "Error: 2 problems in 2 of 2 documents",
    );
}

/// Label keys: more than one '/', an uppercase prefix.
#[test]
fn label_keys() {
    expect_findings(
        "label-key.yaml",
        &[
            "label-key.yaml:6: ConfigMap/permify: metadata.labels[\"app.kubernetes.io/name/extra\"]: label key \"app.kubernetes.io/name/extra\" is invalid: has more than one '/' (a qualified name is an optional DNS subdomain prefix and '/', then a name); fix: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.' (e.g. app.kubernetes.io/name)",
            "label-key.yaml:7: ConfigMap/permify: metadata.labels[\"Example.com/tier\"]: label key \"Example.com/tier\" is invalid: prefix part must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character; fix: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.' (e.g. app.kubernetes.io/name)",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// Label values: over 63 characters, a space.
#[test]
fn label_values() {
    expect_findings(
        "label-value.yaml",
        &[
            "label-value.yaml:6: ConfigMap/permify: metadata.labels[\"app.kubernetes.io/version\"]: label value \"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\" is invalid: must be no more than 63 characters (is 64); fix: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or an empty value)",
            "label-value.yaml:7: ConfigMap/permify: metadata.labels.team: label value \"core platform\" is invalid: must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character; fix: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or an empty value)",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// ContainerPort above 65535.
#[test]
fn container_port_out_of_range() {
    expect_findings(
        "container-port.yaml",
        &[
            "container-port.yaml:11: Pod/permify: spec.containers[0].ports[0].containerPort: containerPort 70000 is outside 1-65535; fix: use the port the container listens on, between 1 and 65535",
        ],
        "Error: 1 problem in 1 of 1 document",
    );
}

/// Service port 0 and targetPort above 65535.
#[test]
fn service_ports_out_of_range() {
    expect_findings(
        "service-port.yaml",
        &[
            "service-port.yaml:8: Service/permify: spec.ports[0].port: port 0 is outside 1-65535; fix: use a port number between 1 and 65535",
            "service-port.yaml:9: Service/permify: spec.ports[0].targetPort: targetPort 70000 is outside 1-65535; fix: use the container port number (1-65535) or the name of a container port",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// A container port name of 17 characters.
#[test]
fn container_port_name_too_long() {
    expect_findings(
        "port-name.yaml",
        &[
            "port-name.yaml:12: Pod/permify: spec.containers[0].ports[1].name: port name \"http-metrics-port\" is not a valid IANA service name: must be no more than 15 characters (is 17); fix: use at most 15 lowercase letters, digits and '-', with at least one letter (e.g. \"http\", \"grpc\", \"metrics\")",
        ],
        "Error: 1 problem in 1 of 1 document",
    );
}

/// `1GB` and a bare unit.
#[test]
fn unparsable_quantities() {
    expect_findings(
        "quantity.yaml",
        &[
            "quantity.yaml:12: Pod/permify: spec.containers[0].resources.requests.memory: \"1GB\" is not a resource quantity: unknown suffix \"GB\"; fix: Kubernetes units have no B: write \"1Gi\" (binary, powers of 1024) or \"1G\" (decimal, powers of 1000)",
            "quantity.yaml:14: Pod/permify: spec.containers[0].resources.limits.memory: \"Gi\" is not a resource quantity: it has no number before the unit (the API server would read it as 0); fix: write a number with an optional unit: binary Ki Mi Gi Ti Pi Ei, decimal m k M G T P E, or an exponent (e3); e.g. 500m, 0.5, 128Mi, 2Gi",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// Requests above limits, a negative request.
#[test]
fn requests_above_limits_and_negative() {
    expect_findings(
        "resources.yaml",
        &[
            "resources.yaml:11: Pod/permify: spec.containers[0].resources.requests.cpu: request \"2\" is above the limit \"500m\" (the API server rejects it); fix: raise limits.cpu or lower requests.cpu",
            "resources.yaml:12: Pod/permify: spec.containers[0].resources.requests.memory: requests.memory \"-128Mi\" is negative; fix: resource amounts must be 0 or more",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// MinReplicas above maxReplicas, minReplicas 0.
#[test]
fn hpa_bounds() {
    expect_findings(
        "hpa-bounds.yaml",
        &[
            "hpa-bounds.yaml:11: HorizontalPodAutoscaler/permify: spec.maxReplicas: maxReplicas 2 is below minReplicas 5; fix: make maxReplicas at least minReplicas",
            "hpa-bounds.yaml:22: HorizontalPodAutoscaler/permify-zero: spec.minReplicas: minReplicas is 0; the minimum is 1; fix: set minReplicas to 1 or more (0 needs the alpha HPAScaleToZero feature gate)",
        ],
        "Error: 2 problems in 2 of 2 documents",
    );
}

/// FailureThreshold 0 and periodSeconds -1.
#[test]
fn probe_thresholds() {
    expect_findings(
        "probe-threshold.yaml",
        &[
            "probe-threshold.yaml:12: Pod/permify: spec.containers[0].livenessProbe.failureThreshold: failureThreshold is 0; the minimum is 1; fix: write 3 (the default) or leave the field out: the API server silently turns 0 into 3",
            "probe-threshold.yaml:13: Pod/permify: spec.containers[0].livenessProbe.periodSeconds: periodSeconds is -1; the minimum is 1; fix: use 1 or more (the default is 10)",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// An undeclared named port, a quoted number, two handlers.
#[test]
fn probe_ports_and_handlers() {
    expect_findings(
        "probe-port.yaml",
        &[
            "probe-port.yaml:15: Pod/permify: spec.containers[0].readinessProbe.httpGet.port: probe port \"healthz\" is not a port name of container \"permify\" (the kubelet fails the probe); fix: add a port named \"healthz\" to the container, or use a port number",
            "probe-port.yaml:18: Pod/permify: spec.containers[0].livenessProbe.tcpSocket.port: probe port \"3476\" is a string, so it is read as a port name, and a port name needs a letter; fix: write the number without quotes: 3476",
            "probe-port.yaml:19: Pod/permify: spec.containers[0].startupProbe: startupProbe has 2 handlers; fix: keep exactly one of exec, httpGet, tcpSocket or grpc",
        ],
        "Error: 3 problems in 1 of 1 document",
    );
}

/// A targetPort name no selected container declares.
#[test]
fn service_target_port_name() {
    expect_findings(
        "target-port.yaml",
        &[
            "target-port.yaml:14: Service/permify: spec.ports[1].targetPort: targetPort \"metrics\" is not the name of any container port of the pods it selects (Deployment/permify); fix: add a container port named \"metrics\" or set targetPort to a container port's name or number",
        ],
        "Error: 1 problem in 1 of 2 documents",
    );
}

/// A Deployment selector not matching its template, a Service selecting nothing.
#[test]
fn selectors() {
    expect_findings(
        "selector.yaml",
        &[
            "selector.yaml:6: Deployment/permify: spec.selector: the selector does not match the pod template labels: selector wants app=permify, the pod template has app=permify-server; fix: make spec.template.metadata.labels include every selector label (the API server rejects this)",
            "selector.yaml:23: Service/permify: spec.selector: the selector (app=permify) matches no pod template in the render (pod templates: Deployment/permify); fix: make spec.selector a subset of the pod template labels of the workload it fronts",
        ],
        "Error: 2 problems in 2 of 2 documents",
    );
}

/// A backend Service not in the render, a port the Service does not expose.
#[test]
fn ingress_backends() {
    expect_findings(
        "ingress-backend.yaml",
        &[
            "ingress-backend.yaml:14: Ingress/permify: spec.rules[0].http.paths[0].backend.service.name: backend Service \"permify-http\" is not in the render; fix: name one of the render's Services: permify",
            "ingress-backend.yaml:23: Ingress/permify: spec.rules[0].http.paths[1].backend.service.port.number: Service \"permify\" has no port 3477 (it exposes 3476 (http)); fix: use one of the Service's port numbers or names",
        ],
        "Error: 2 problems in 1 of 2 documents",
    );
}

/// Secret data: errors without the values.
#[test]
fn secret_values_are_hidden() {
    expect_findings(
        "secret.yaml",
        &[
            "secret.yaml:7: Secret/permify-db: data.password: invalid value (Invalid symbol 33, offset 7.); fix: values here are base64: encode them (b64enc in a template), or put plain text under stringData (Secret) or data (ConfigMap)",
            "secret.yaml:9: Secret/permify-db: stringData.other: wrong type: expected a string, found an integer; fix: write a string here",
        ],
        "Error: 2 problems in 1 of 1 document",
    );
}

/// A database URI in an error message, password masked.
#[test]
fn uri_passwords_are_masked() {
    expect_findings(
        "env-uri.yaml",
        &[
            "env-uri.yaml:9: Pod/permify: spec.containers[0].env: wrong type: expected a list, found a string \"postgres://permify:***@db:5432/permify\"; fix: write a list here",
        ],
        "Error: 1 problem in 1 of 1 document",
    );
}

/// A document that is not YAML: a finding at its line, other documents still checked.
#[test]
fn yaml_syntax() {
    expect_findings(
        "yaml-syntax.yaml",
        &[
            "yaml-syntax.yaml:11: (no kind): (document): cannot be read as a manifest (column 13): mapping values are not allowed in this context (a plain value cannot contain `: `: quote the value, or fix the indentation); fix: fix the YAML: a manifest is a map with apiVersion, kind and metadata (a template value with ': ' or bad indentation can break it)",
        ],
        "Error: 1 problem in 1 of 2 documents",
    );
}

/// Clean input: `N documents valid` on stdout, exit 0, nothing on stderr.
#[test]
fn clean_file_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("sa.yaml"),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: permify\n---\n# Source: nothing\n",
    )
    .expect("write");
    let out = run_in(dir.path(), &["validate", "sa.yaml"], None);
    assert_eq!(text(&out.stdout), "1 document valid\n");
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}

/// The default render, through both commands: clean, and `template --validate` keeps
/// standard output byte-identical to `template`.
#[test]
fn default_render_is_valid() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plain = run_in(here, &["template"], None);
    assert!(plain.status.success());
    // Values that draw no value warnings (the defaults draw W006 and W007), so stderr
    // holds only what --validate adds.
    let calm = [
        "--set",
        "replicaCount=1",
        "--set",
        "resources.requests.cpu=100m",
    ];
    let calm_plain = run_in(here, &[&["template"][..], &calm].concat(), None);
    let checked = run_in(
        here,
        &[&["template", "--validate"][..], &calm].concat(),
        None,
    );
    assert_eq!(
        checked.stdout, calm_plain.stdout,
        "stdout unchanged by --validate"
    );
    assert_eq!(text(&checked.stderr), "6 documents valid\n");
    assert_eq!(checked.status.code(), Some(0));
    let quiet = run_in(here, &["template", "--validate", "--quiet"], None);
    assert_eq!(text(&quiet.stderr), "");
    assert_eq!(quiet.stdout, plain.stdout);

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("render.yaml");
    fs::write(&file, &plain.stdout).expect("write");
    let piped = run_in(here, &["validate", "-"], Some(&file));
    assert_eq!(text(&piped.stdout), "6 documents valid\n");
    assert_eq!(piped.status.code(), Some(0));
}

/// `template --validate` with findings: the manifests still on stdout, byte for byte,
/// the findings and summary on stderr, exit 1.
#[test]
fn template_validate_reports_on_stderr() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = [
        "--set",
        "ingress.enabled=true",
        "--set",
        "app.server.http.port=8080",
    ];
    let plain = run_in(here, &[&["template", "--quiet"][..], &set].concat(), None);
    assert!(plain.status.success());
    let checked = run_in(
        here,
        &[&["template", "--validate", "--quiet"][..], &set].concat(),
        None,
    );
    assert_eq!(checked.stdout, plain.stdout);
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(
        text(&checked.stderr),
        "permify/templates/ingress.yaml: Ingress/release-name-permify: spec.rules[0].http.paths[0].backend.service.port.number: Service \"release-name-permify\" has no port 3476 (it exposes 3478 (grpc), 8080 (http), 6060 (profiler)); fix: use one of the Service's port numbers or names\n\
         Error: validation failed: 1 problem in 1 of 7 documents\n"
    );
}

/// A folder (as `--output-dir` writes it) is validated as one render.
#[test]
fn output_dir_folder_is_one_render() {
    let out = run_in(
        &cases().join("output-dir"),
        &["validate", "expected.tree"],
        None,
    );
    assert_eq!(text(&out.stdout), "8 documents valid\n");
    assert_eq!(out.status.code(), Some(0));
}

/// Unreadable input is an input error (exit 1, nothing on stdout), not a finding.
#[test]
fn input_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_in(dir.path(), &["validate", "missing.yaml"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(err.starts_with("Error: cannot read missing.yaml:"), "{err}");

    let out = run_in(dir.path(), &["validate", "."], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Error: .: no *.yaml, *.yml or *.json files in this folder\n"
    );

    fs::write(dir.path().join("empty.yaml"), "# nothing\n---\n").expect("write");
    let out = run_in(dir.path(), &["validate", "empty.yaml"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "Error: empty.yaml: no manifest documents found\n"
    );

    let out = run_in(dir.path(), &["validate"], None);
    assert_eq!(out.status.code(), Some(2), "usage error");
}

fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).expect("mkdir");
    for entry in fs::read_dir(src).expect("read dir").flatten() {
        let to = dst.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// The expected findings per case, from `conformance-findings.txt`.
fn expected_conformance_findings() -> BTreeMap<String, Vec<String>> {
    let listed = fs::read_to_string(data().join("conformance-findings.txt")).expect("list");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in listed
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (case, finding) = line.split_once('\t').expect("case<TAB>finding");
        out.entry(case.to_string())
            .or_default()
            .push(finding.to_string());
    }
    out
}

/// `Kind/name: path: message` of a finding line, without its location.
fn without_location(line: &str) -> &str {
    line.split_once(": ").map_or(line, |(_, rest)| rest)
}

/// Every case Helm rendered (exit 0): `template <cmd> --validate` prints Helm's exact
/// output, and its findings are exactly those listed (none for all but a few cases,
/// whose values make the chart render manifests Kubernetes would refuse or misroute).
/// `validate` on the printed output (or the `--output-dir` tree) agrees.
#[test]
fn conformance_cases_validate() {
    let expected = expected_conformance_findings();
    let mut names: Vec<PathBuf> = fs::read_dir(cases())
        .expect("cases")
        .flatten()
        .map(|e| e.path())
        .filter(|p| fs::read_to_string(p.join("expected.code")).is_ok_and(|c| c.trim() == "0"))
        .collect();
    names.sort();
    assert!(names.len() > 150, "the successful cases are there");
    let mut failures = Vec::new();
    let mut with_findings = 0;
    for case in &names {
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("case");
        copy_dir(case, &dir);
        let cmd: Vec<String> =
            serde_json::from_str(&fs::read_to_string(dir.join("cmd")).expect("cmd"))
                .expect("cmd is JSON");
        let mut args: Vec<&str> = vec!["template"];
        args.extend(cmd.iter().map(String::as_str));
        // --quiet: value warnings are not validation findings.
        args.push("--validate");
        args.push("--quiet");
        let stdin = dir.join("stdin");
        let out = run_in(&dir, &args, stdin.exists().then_some(stdin.as_path()));
        let want_stdout = fs::read(dir.join("expected.out")).expect("expected.out");
        if out.stdout != want_stdout {
            failures.push(format!(
                "{name}: stdout differs from Helm's with --validate"
            ));
            continue;
        }
        let stderr = text(&out.stderr);
        let got: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("Error: ") && !l.ends_with(" valid"))
            .collect();
        let want: Vec<&str> = expected
            .get(&name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default();
        if got != want {
            failures.push(format!("{name}: findings {got:#?}, expected {want:#?}"));
            continue;
        }
        let want_code = if want.is_empty() { 0 } else { 1 };
        if out.status.code() != Some(want_code) {
            failures.push(format!("{name}: exit {:?}: {stderr}", out.status.code()));
            continue;
        }
        if !want.is_empty() {
            with_findings += 1;
        }
        // `validate` on what was printed (or written) finds the same problems (a subset
        // for --show-only, which prints part of the render).
        let target = if cmd.iter().any(|a| a == "--output-dir") {
            "expected.tree"
        } else {
            "expected.out"
        };
        let v = run_in(&dir, &["validate", target], None);
        let vout = text(&v.stdout);
        let vlines: Vec<&str> = vout.lines().filter(|l| !l.ends_with(" valid")).collect();
        let want_rest: Vec<&str> = want.iter().map(|l| without_location(l)).collect();
        let subset = vlines
            .iter()
            .all(|l| want_rest.contains(&without_location(l)));
        let same = vlines.len() == want.len();
        let show_only = cmd.iter().any(|a| a == "-s" || a == "--show-only");
        if !subset || !(same || show_only) || v.status.code() != Some(i32::from(!vlines.is_empty()))
        {
            failures.push(format!("{name}: `validate {target}` disagrees: {vout}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        with_findings,
        expected.len(),
        "every case listed in conformance-findings.txt was run"
    );
}
