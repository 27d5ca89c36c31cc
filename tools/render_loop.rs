//! Renders a values file N times in-process as `template` does (templates, manifest
//! sorting, output; for profiling): `cargo run --release
//! --example render_loop -- values.yaml 1000` (declared in Cargo.toml).
use permify_render::manifest::{self, OutputOptions};
use permify_render::render::{Capabilities, Release, Renderer};
use permify_render::values::{self, ValueSources};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let sources = ValueSources {
        files: vec![args[1].clone()],
        ..Default::default()
    };
    let computed =
        values::compute(&sources, &mut std::io::empty(), &|p| std::fs::read(p)).expect("values");
    let renderer = Renderer::new();
    let release = Release {
        name: "permify".into(),
        namespace: "permify".into(),
        is_upgrade: false,
    };
    let caps = Capabilities::default();
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let files = renderer
            .render(&computed.values, &release, &caps)
            .expect("render");
        let files: Vec<(String, String)> = files
            .into_iter()
            .filter(|f| !f.path.ends_with("/NOTES.txt"))
            .map(|f| (f.path, f.content))
            .collect();
        let sorted = manifest::sort_manifests(&files).expect("manifests");
        bytes += manifest::template_output(&sorted, &OutputOptions::default())
            .expect("output")
            .len();
    }
    let el = start.elapsed();
    eprintln!(
        "{n} renders in {el:?}: {:.1} µs each ({bytes} bytes)",
        el.as_secs_f64() * 1e6 / n as f64
    );
}
