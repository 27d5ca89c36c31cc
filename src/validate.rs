//! Offline validation of manifests against the Kubernetes API types.
//!
//! (Not implemented yet.)

use crate::error::Error;

/// Runs `permify-render validate`.
pub fn run(args: &crate::cli::ValidateArgs) -> Result<(), Error> {
    let _ = args;
    Err(Error::Usage("`validate` is not implemented yet".into()))
}
