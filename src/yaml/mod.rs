//! YAML as Helm reads and writes it (go-yaml v2 semantics).

pub mod emit;
pub mod resolve;
