//! A Go text/template interpreter for Helm's `tpl` function.
//!
//! (Stub: to be implemented.)
