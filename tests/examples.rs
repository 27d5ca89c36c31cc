//! The values files in `examples/` render exactly as real Helm rendered them
//! (`testdata/examples/<name>.out`, made with `helm template permify <chart> -n permify
//! -f examples/<name>.yaml`, Helm 4.1.4).

use std::path::Path;

use assert_cmd::Command;

fn check(name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let want = std::fs::read(root.join(format!("testdata/examples/{name}.out"))).unwrap();
    let out = Command::cargo_bin("permify-render")
        .unwrap()
        .current_dir(root)
        .args([
            "template",
            "permify",
            "-n",
            "permify",
            "-f",
            &format!("examples/{name}.yaml"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if out.stdout != want {
        let diff = similar::TextDiff::from_lines(
            String::from_utf8_lossy(&want).to_string(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
        .unified_diff()
        .header("helm", "permify-render")
        .to_string();
        panic!("examples/{name}.yaml renders differently from Helm:\n{diff}");
    }
}

#[test]
fn production_example_matches_helm() {
    check("production");
}

#[test]
fn grpc_ingress_example_matches_helm() {
    check("grpc-ingress");
}

#[test]
fn development_example_matches_helm() {
    check("development");
}
