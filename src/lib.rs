//! permify-render: the official Permify Helm chart rendered without Helm.
//!
//! The pipeline, one module per stage:
//! values ([`values`]: chart defaults, `-f` files, `--set` family, coalescing, schema)
//! → render ([`render`]: minijinja templates with Go/Helm semantics)
//! → manifests ([`manifest`]: split, install order, hooks, `--show-only`)
//! → output.
//!
//! Shared Go-compatibility pieces live in [`gofmt`] (number and string printing) and
//! [`yaml`] (YAML 1.1 resolution and go-yaml v2 emission).

pub mod gofmt;
pub mod render;
pub mod values;
pub mod yaml;
