//! Speed of the go-yaml v2 faithful loader (`values::load`) on the inputs every
//! `permify-render template` run reads: the chart's embedded `values.yaml` (with and
//! without the locations table), and each rendered manifest document (`parse_document`,
//! used to read the document's head).
//!
//! Run with `cargo bench --bench loader`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use permify_render::chart;
use permify_render::manifest::split_manifests;
use permify_render::render::{Capabilities, Release, Renderer};
use permify_render::values::{chart_defaults, load};

/// The Deployment document the chart renders with its default values.
fn deployment_document() -> String {
    let release = Release {
        name: "permify".into(),
        namespace: "permify".into(),
        is_upgrade: false,
    };
    let files = Renderer::new()
        .render(chart_defaults(), &release, &Capabilities::default())
        .expect("the chart renders with its defaults");
    files
        .iter()
        .flat_map(|f| split_manifests(&f.content))
        .find(|d| d.contains("\nkind: Deployment\n"))
        .expect("the chart renders a Deployment")
        .to_string()
}

/// Prints what the benchmark reads, for instruction counts per byte.
fn sizes(doc: &str) {
    eprintln!(
        "loader bench inputs: chart values.yaml {} bytes, Deployment document {} bytes",
        chart::VALUES_YAML.len(),
        doc.len()
    );
}

fn loader(c: &mut Criterion) {
    let values = chart::VALUES_YAML.as_bytes();
    let mut group = c.benchmark_group("loader");
    group.throughput(Throughput::Bytes(values.len() as u64));
    group.bench_function("load_values/chart values.yaml", |b| {
        b.iter(|| load::load_values(black_box(values), "values.yaml").expect("parses"))
    });
    group.bench_function("load_values_map/chart values.yaml", |b| {
        b.iter(|| load::load_values_map(black_box(values), "values.yaml").expect("parses"))
    });
    let doc = deployment_document();
    sizes(&doc);
    group.throughput(Throughput::Bytes(doc.len() as u64));
    group.bench_function("parse_document/Deployment", |b| {
        b.iter(|| load::parse_document(black_box(&doc)).expect("parses"))
    });
    group.finish();
}

criterion_group!(benches, loader);
criterion_main!(benches);
