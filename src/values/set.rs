//! The `--set` family of flags, parsed as Helm's `strvals` package does.
//!
//! (Stub: to be implemented.)
