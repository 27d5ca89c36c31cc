//! Reading values files as Helm does (go-yaml v2, YAML 1.1, then a JSON round trip).
//!
//! (Stub: to be implemented.)
