//! Reading values files as Helm does (go-yaml v2, YAML 1.1, then a JSON round trip).
//!
//! (Stub: to be implemented.)

/// A parse failure (temporary stand-in until the loader lands).
#[derive(Clone, Debug)]
pub struct LoadError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses one YAML document (temporary stand-in).
pub fn parse_document(_doc: &str) -> Result<crate::values::Value, LoadError> {
    Ok(crate::values::Value::Null)
}

/// Stand-in.
pub struct Loaded {
    /// Values.
    pub values: crate::values::Map,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Stand-in.
pub fn load_values(_bytes: &[u8], _origin: &str) -> Result<Loaded, LoadError> {
    Ok(Loaded {
        values: crate::values::Map::new(),
    })
}
