//! Values: what Helm reads from the chart, `-f` files and `--set` flags.

pub mod value;

pub use value::{Map, Value};
