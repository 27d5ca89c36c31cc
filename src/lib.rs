//! permify-render: the official Permify Helm chart rendered without Helm.
//!
//! The pipeline, one module per stage:
//! values ([`values`]: chart defaults, `-f` files, `--set` family, coalescing, schema)
//! → render ([`render`]: minijinja templates with Go/Helm semantics)
//! → manifests ([`manifest`]: split, install order, hooks, `--show-only`)
//! → output ([`output`]: standard output or `--output-dir`).
//!
//! [`run`] ties the stages to the command line ([`cli`]). Shared Go-compatibility
//! pieces live in [`gofmt`] (number and string printing) and [`yaml`] (YAML 1.1
//! resolution and go-yaml v2 emission). [`chart`] holds the embedded chart.

pub mod batch;
pub mod chart;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod error;
pub mod gofmt;
pub mod manifest;
pub mod output;
pub mod patch;
pub mod render;
pub mod run;
pub mod show;
pub mod validate;
pub mod values;
pub mod yaml;

pub use error::Error;
