//! Post-render patches (`template --patch FILE`): RFC 6902 JSON Patch and RFC 7386 merge
//! patch entries applied to rendered documents selected by kind/name.
//!
//! (Not implemented yet.)
