//! A whole render with arbitrary values: the input is a values file, optionally
//! followed by a line `%%` and one `--set` argument per line. The values are gathered
//! and checked as `template` does (schema errors are fine), then rendered with the
//! embedded chart whatever the schema said, sorted into manifests and printed. Errors
//! are fine; panics, hangs and runaway memory are findings.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use permify_render::manifest::{self, OutputOptions};
use permify_render::render::{Capabilities, Release, Renderer};
use permify_render::values::{self, ValueSources};

static RENDERER: LazyLock<Renderer> = LazyLock::new(Renderer::new);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (file, sets) = match text.split_once("\n%%\n") {
        Some((f, s)) => (f, s.lines().map(str::to_string).collect()),
        None => (&*text, Vec::new()),
    };
    let sources = ValueSources {
        files: vec!["fuzz.yaml".into()],
        set: sets,
        ..ValueSources::default()
    };
    let read = |_: &str| Ok(file.as_bytes().to_vec());
    let Ok(computed) = values::gather(&sources, &mut std::io::empty(), &read) else {
        return;
    };
    let _ = permify_render::diagnostics::check(&computed.user, &computed.values, &computed.origins);
    if let Err(e) = values::check_schema(&computed) {
        let _ = e.to_string();
    }
    let release = Release {
        name: "fuzz".into(),
        namespace: "default".into(),
        is_upgrade: false,
    };
    let files = match RENDERER.render(&computed.values, &release, &Capabilities::default()) {
        Ok(files) => files,
        Err(e) => {
            let _ = permify_render::run::explain_render_error(e, &computed).to_string();
            return;
        }
    };
    let files: Vec<(String, String)> = files
        .into_iter()
        .filter(|f| !f.path.ends_with("/NOTES.txt"))
        .map(|f| (f.path, f.content))
        .collect();
    let sorted = match manifest::sort_manifests(&files) {
        Ok(s) => s,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let opts = OutputOptions::default();
    let _ = manifest::template_output(&sorted, &opts);
    let _ = permify_render::output::json_list(&sorted, &opts);
});
