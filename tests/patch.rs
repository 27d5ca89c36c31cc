//! `template --patch FILE` and `template -o json`, run through the real binary on real
//! renders of the embedded chart.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value as J;

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/patch")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn bin() -> Command {
    Command::cargo_bin("permify-render").expect("binary is built")
}

/// Runs `permify-render template ARGS`, expecting success; returns stdout.
fn template(args: &[&str]) -> String {
    let out = bin().arg("template").args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "template {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Runs `permify-render template ARGS`, expecting exit status 1 and no stdout; returns
/// stderr.
fn template_fails(args: &[&str]) -> String {
    // --quiet: value warnings (the chart defaults have two) are not under test here.
    let out = bin()
        .args(["template", "--quiet"])
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "template {args:?} should fail");
    assert!(out.stdout.is_empty(), "nothing on stdout for a failure");
    String::from_utf8(out.stderr).expect("UTF-8 stderr")
}

/// The output split into `(source path, whole document text)` pairs, `---` lines
/// excluded.
fn documents(out: &str) -> Vec<(String, String)> {
    out.split("---\n")
        .filter(|d| !d.is_empty())
        .map(|d| {
            let source = d
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# Source: "))
                .expect("each document starts with its # Source header")
                .to_string();
            (source, d.to_string())
        })
        .collect()
}

fn doc_of<'a>(docs: &'a [(String, String)], source: &str) -> &'a str {
    &docs
        .iter()
        .find(|(s, _)| s == source)
        .unwrap_or_else(|| panic!("no document from {source}"))
        .1
}

#[test]
fn merge_patch_reemits_the_service_in_to_yaml_style() {
    let out = template(&["--patch", &data("json-and-merge.yaml")]);
    let docs = documents(&out);
    // Helm's toYaml of the patched Service (checked against helm 4.1.4's toYaml of the
    // same object): keys sorted, lists not indented, needless quotes dropped, the
    // blank lines of the template gone, the removed label gone, the new annotation and
    // type in.
    assert_eq!(
        doc_of(&docs, "permify/templates/service.yaml"),
        "# Source: permify/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"
  labels:
    app.kubernetes.io/instance: release-name
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: permify
    app.kubernetes.io/version: v
  name: release-name-permify
spec:
  ports:
  - name: grpc
    port: 3478
    protocol: TCP
    targetPort: grpc
  - name: http
    port: 3476
    protocol: TCP
    targetPort: http
  - name: profiler
    port: 6060
    protocol: TCP
    targetPort: profiler
  selector:
    app.kubernetes.io/instance: release-name
    app.kubernetes.io/name: permify
  type: LoadBalancer
"
    );
}

#[test]
fn json_patch_changes_the_deployment() {
    let base = template(&[]);
    let out = template(&["--patch", &data("json-and-merge.yaml")]);
    let docs = documents(&out);
    let deploy = doc_of(&docs, "permify/templates/deployment.yaml");
    let base_docs = documents(&base);
    let base_deploy = doc_of(&base_docs, "permify/templates/deployment.yaml");
    assert!(base_deploy.contains("\n  replicas: 3\n"), "{base_deploy}");
    assert!(base_deploy.contains("      annotations:\n"));
    assert!(deploy.starts_with(
        "# Source: permify/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/instance: release-name
    app.kubernetes.io/managed-by: Helm
    app.kubernetes.io/name: permify
    app.kubernetes.io/version: v
    helm.sh/chart: permify-0.5.0
  name: release-name-permify
spec:
  replicas: 5
  selector:
    matchLabels:
      app.kubernetes.io/instance: release-name
      app.kubernetes.io/name: permify
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: release-name
        app.kubernetes.io/name: permify
    spec:
      containers:
      - args:
        - serve
"
    ));
    assert!(
        deploy.ends_with(
            "      nodeSelector:
        pool: permify
      securityContext: {}
      serviceAccountName: release-name-permify
"
        ),
        "{deploy}"
    );
    // The flow list of the template became a block list; values kept their types.
    assert!(deploy.contains(
        "        readinessProbe:\n          exec:\n            command:\n            - grpc_health_probe\n            - -addr=127.0.0.1:3478\n"
    ));
    assert!(deploy.contains("        - name: PERMIFY_RATE_LIMIT\n          value: \"100000\"\n"));
}

#[test]
fn untouched_documents_stay_byte_identical() {
    let base = template(&[]);
    let out = template(&["--patch", &data("json-and-merge.yaml")]);
    let (base_docs, docs) = (documents(&base), documents(&out));
    assert_eq!(base_docs.len(), docs.len());
    let mut same = 0;
    for ((bs, b), (s, d)) in base_docs.iter().zip(&docs) {
        assert_eq!(bs, s, "order is kept");
        if s.ends_with("/service.yaml") || s.ends_with("/deployment.yaml") {
            assert_ne!(b, d, "{s} is patched");
        } else {
            assert_eq!(b, d, "{s} is untouched");
            same += 1;
        }
    }
    assert_eq!(same, 4, "ServiceAccount, Role, RoleBinding, test Pod");

    // A patch of the test hook only: the manifests before it are the same bytes.
    let out = template(&["--patch", &data("hook.yaml")]);
    let cut = base
        .find("---\n# Source: permify/templates/tests/")
        .expect("the hook comes last");
    assert_eq!(out[..cut], base[..cut]);
    assert!(
        out[cut..]
            .contains("  labels:\n    team: auth\n  name: release-name-permify-test-connection\n")
    );
}

#[test]
fn patches_apply_in_order_across_files() {
    // The second file sees the first file's replicas.
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("second.yaml");
    std::fs::write(
        &second,
        "patches:\n- target: {kind: Deployment, name: release-name-permify}\n  patch:\n  - {op: test, path: /spec/replicas, value: 5}\n  - {op: replace, path: /spec/replicas, value: 7}\n",
    )
    .unwrap();
    let out = template(&[
        "--patch",
        &data("json-and-merge.yaml"),
        "--patch",
        second.to_str().unwrap(),
    ]);
    assert!(out.contains("\nspec:\n  replicas: 7\n"));
    // In the other order the test operation fails.
    let err = template_fails(&[
        "--patch",
        second.to_str().unwrap(),
        "--patch",
        &data("json-and-merge.yaml"),
    ]);
    assert!(
        err.contains("second.yaml: patches[0] (line 2): patch[0] (line 4) (test at \"/spec/replicas\") failed on Deployment/release-name-permify (permify/templates/deployment.yaml): the value there is not the expected one"),
        "{err}"
    );
}

#[test]
fn bad_patch_file_syntax_names_file_line_and_column() {
    let file = data("bad-syntax.yaml");
    let err = template_fails(&["--patch", &file]);
    assert!(
        err.starts_with(&format!(
            "Error: invalid patch file {file}:3:10: did not find expected ',' or '}}'"
        )),
        "{err}"
    );
    assert!(
        err.contains("3 |     merge: {spec: {replicas: 2}}\n"),
        "{err}"
    );
}

#[test]
fn entry_matching_nothing_names_file_and_entry() {
    let file = data("no-match.yaml");
    let err = template_fails(&["--patch", &file]);
    assert_eq!(
        err,
        format!(
            "Error: {file}: patches[1] (line 4): no document matches target Deployment/permify (the render has: ServiceAccount/release-name-permify, Role/release-name-permify-job-status-reader, RoleBinding/release-name-permify-job-status-reader, Service/release-name-permify, Deployment/release-name-permify, Pod/release-name-permify-test-connection)\n"
        )
    );
    // A namespace other than the release namespace matches nothing either.
    let err = template_fails(&["--patch", &data("json-and-merge.yaml"), "-n", "prod"]);
    assert!(
        err.contains("patches[1] (line 20): no document matches target Service/release-name-permify in namespace default"),
        "{err}"
    );
}

#[test]
fn failing_operation_names_entry_op_and_pointer() {
    let file = data("failing-op.yaml");
    let err = template_fails(&["--patch", &file]);
    assert_eq!(
        err,
        format!(
            "Error: {file}: patches[0] (line 2): patch[1] (line 7) (replace at \"/spec/template/spec/containers/0/resources/limits/cpu\") failed on Deployment/release-name-permify (permify/templates/deployment.yaml): nothing exists at that path in the document\n"
        )
    );
}

#[test]
fn missing_patch_file_is_an_input_error() {
    let err = template_fails(&["--patch", "no/such/patch.yaml"]);
    assert_eq!(
        err,
        "Error: cannot read patch file no/such/patch.yaml: no such file or directory\n"
    );
}

fn kinds(list: &J) -> Vec<&str> {
    list["items"]
        .as_array()
        .expect("items is a list")
        .iter()
        .map(|i| i["kind"].as_str().expect("kind is a string"))
        .collect()
}

#[test]
fn json_output_is_a_list_in_helm_order() {
    let values = data("rich-values.yaml");
    let text = template(&["-f", &values, "-o", "json"]);
    assert!(
        text.starts_with("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n")
    );
    let list: J = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        kinds(&list),
        vec![
            "ServiceAccount",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "Pod",
            "Job"
        ]
    );
    // The same documents, in the same order, as the YAML output.
    let yaml = template(&["-f", &values]);
    let names: Vec<String> = documents(&yaml)
        .iter()
        .map(|(_, d)| {
            d.lines()
                .find_map(|l| l.strip_prefix("  name: "))
                .unwrap_or_default()
                .trim_matches('"')
                .to_string()
        })
        .collect();
    let json_names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, json_names);
    // Numbers as Kubernetes reads them: integers stay integers, quoted stay strings.
    let hpa = &list["items"][5];
    assert_eq!(hpa["spec"]["minReplicas"], J::from(2));
    assert!(hpa["spec"]["minReplicas"].is_u64());
    assert_eq!(hpa["spec"]["maxReplicas"], J::from(10));
    let ingress = &list["items"][6];
    assert_eq!(
        ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["port"]["number"],
        J::from(3476)
    );
    let env = &list["items"][4]["spec"]["template"]["spec"]["containers"][0]["env"];
    assert_eq!(env[0]["name"], "PERMIFY_RATE_LIMIT");
    assert_eq!(env[0]["value"], J::from("100000"));
    let job = &list["items"][8];
    assert_eq!(
        job["metadata"]["annotations"]["helm.sh/hook"],
        "pre-install"
    );
    assert_eq!(job["spec"]["ttlSecondsAfterFinished"], J::from(500));
}

#[test]
fn json_output_respects_hook_flags_show_only_and_patches() {
    let values = data("rich-values.yaml");
    let parse = |args: &[&str]| -> J { serde_json::from_str(&template(args)).expect("valid JSON") };
    let no_hooks = parse(&["-f", &values, "-o", "json", "--no-hooks"]);
    assert_eq!(kinds(&no_hooks).last(), Some(&"Ingress"));
    assert_eq!(kinds(&no_hooks).len(), 7);
    let no_tests = parse(&["-f", &values, "-o", "json", "--skip-tests"]);
    assert_eq!(kinds(&no_tests)[6..], ["Ingress", "Job"]);
    let shown = parse(&[
        "-f",
        &values,
        "-o",
        "json",
        "-s",
        "templates/createdb.yaml",
        "-s",
        "templates/rbac.yaml",
    ]);
    assert_eq!(kinds(&shown), vec!["Job", "Role", "RoleBinding"]);
    let patched = parse(&["-o", "json", "--patch", &data("json-and-merge.yaml")]);
    assert_eq!(patched["items"][4]["spec"]["replicas"], J::from(5));
    assert_eq!(patched["items"][3]["spec"]["type"], "LoadBalancer");
    assert!(
        patched["items"][4]["spec"]["template"]["metadata"]
            .get("annotations")
            .is_none()
    );
}

#[test]
fn json_output_refuses_output_dir_and_yaml_is_unchanged() {
    let out = bin()
        .args(["template", "-o", "json", "--output-dir", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot be combined with --output-dir"));
    let values = data("rich-values.yaml");
    assert_eq!(
        template(&["-f", &values]),
        template(&["-f", &values, "-o", "yaml"])
    );
}

#[test]
fn patches_reach_output_dir_and_test_only_patches_change_no_byte() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = bin()
        .args([
            "template",
            "--patch",
            &data("json-and-merge.yaml"),
            "--output-dir",
        ])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let written =
        std::fs::read_to_string(out_dir.join("permify/templates/deployment.yaml")).unwrap();
    let printed = template(&["--patch", &data("json-and-merge.yaml")]);
    assert_eq!(
        written,
        format!(
            "---\n{}",
            doc_of(&documents(&printed), "permify/templates/deployment.yaml")
        )
    );
    assert!(written.contains("\n  replicas: 5\n"));

    // A patch of `test` operations only is an assertion: it passes and changes nothing.
    let check = dir.path().join("check.yaml");
    std::fs::write(
        &check,
        "patches:\n- target: {kind: Deployment, name: release-name-permify}\n  patch:\n  - {op: test, path: /spec/replicas, value: 3}\n  - {op: test, path: /spec/template/spec/containers/0/image, value: 'ghcr.io/permify/permify:v1.3.5'}\n",
    )
    .unwrap();
    assert_eq!(
        template(&["--patch", check.to_str().unwrap()]),
        template(&[])
    );
}
