//! Values: what Helm reads from the chart, `-f` files and `--set` flags.

pub mod load;
pub mod set;
pub mod value;

pub use value::{Map, Value};
