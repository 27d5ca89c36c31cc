//! The `--set` family of flags, parsed as Helm's `strvals` package does.
//!
//! (Stub: to be implemented.)

use super::Map;

/// A bad `--set`-family argument (temporary stand-in).
#[derive(Debug)]
pub struct SetError(pub String);

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Stand-in.
pub fn parse_set(_arg: &str, _dest: &mut Map) -> Result<(), SetError> {
    Err(SetError("not yet".into()))
}
/// Stand-in.
pub fn parse_set_string(_arg: &str, _dest: &mut Map) -> Result<(), SetError> {
    Err(SetError("not yet".into()))
}
/// Stand-in.
pub fn parse_set_json(_arg: &str, _dest: &mut Map) -> Result<(), SetError> {
    Err(SetError("not yet".into()))
}
/// Stand-in.
pub fn parse_set_literal(_arg: &str, _dest: &mut Map) -> Result<(), SetError> {
    Err(SetError("not yet".into()))
}
/// Stand-in.
pub fn parse_set_file(
    _arg: &str,
    _dest: &mut Map,
    _read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<(), SetError> {
    Err(SetError("not yet".into()))
}
