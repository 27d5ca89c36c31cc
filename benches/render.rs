//! One in-process render of the Permify install guide's production values
//! (`examples/production.yaml`), with the chart's templates compiled once
//! (`Renderer::new` outside the timed loop), as `template` renders:
//! `Renderer::render`, then `manifest::sort_manifests` and the printed output.
//!
//! `cargo bench --bench render`; renders per second = 1 / the reported time. The
//! values are read and coalesced once, outside the loop (`values` benchmark times that
//! step alone).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use permify_render::manifest::{self, OutputOptions};
use permify_render::render::{Capabilities, Release, Renderer};
use permify_render::values::{self, ValueSources};

const PRODUCTION: &str = include_str!("../examples/production.yaml");

fn sources() -> ValueSources {
    ValueSources {
        files: vec!["production.yaml".into()],
        ..ValueSources::default()
    }
}

fn read(_: &str) -> std::io::Result<Vec<u8>> {
    Ok(PRODUCTION.as_bytes().to_vec())
}

fn bench(c: &mut Criterion) {
    let computed = values::compute(&sources(), &mut std::io::empty(), &read).expect("values");
    let renderer = Renderer::new();
    let release = Release {
        name: "permify".into(),
        namespace: "permify".into(),
        is_upgrade: false,
    };
    let caps = Capabilities::default();
    let opts = OutputOptions::default();

    c.bench_function("render production.yaml", |b| {
        b.iter(|| {
            let files = renderer
                .render(black_box(&computed.values), &release, &caps)
                .expect("render");
            let files: Vec<(String, String)> = files
                .into_iter()
                .filter(|f| !f.path.ends_with("/NOTES.txt"))
                .map(|f| (f.path, f.content))
                .collect();
            let sorted = manifest::sort_manifests(&files).expect("manifests");
            manifest::template_output(&sorted, &opts).expect("output")
        })
    });

    c.bench_function("templates only (Renderer::render)", |b| {
        b.iter(|| {
            renderer
                .render(black_box(&computed.values), &release, &caps)
                .expect("render")
        })
    });

    c.bench_function("values (read, merge, coalesce, schema)", |b| {
        b.iter(|| values::compute(&sources(), &mut std::io::empty(), &read).expect("values"))
    });

    c.bench_function("Renderer::new (compile the templates)", |b| {
        b.iter(Renderer::new)
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
