//! Rendering many releases at once.
//!
//! (Not implemented yet.)

use crate::error::Error;

/// Runs `permify-render batch`.
pub fn run(args: &crate::cli::BatchArgs) -> Result<(), Error> {
    let _ = args;
    Err(Error::Usage("`batch` is not implemented yet".into()))
}
