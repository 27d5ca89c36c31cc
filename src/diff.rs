//! Semantic diff of two renders.
//!
//! (Not implemented yet.)

use crate::error::Error;

/// Runs `permify-render diff`.
pub fn run(args: &crate::cli::DiffArgs) -> Result<(), Error> {
    let _ = args;
    Err(Error::Usage("`diff` is not implemented yet".into()))
}
