//! YAML as Helm reads and writes it (go-yaml v2 semantics).

pub mod resolve;
