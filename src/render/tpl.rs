//! Helm's `tpl`: executing a values string as a Go template against the chart context.

use minijinja::State;
use minijinja::value::Value as MjValue;

/// Executes `text` as a Go template with `top` as its dot.
pub fn tpl(_state: &State, _text: &str, _top: &MjValue) -> Result<String, minijinja::Error> {
    Err(super::funcs::err("tpl is not available yet"))
}
