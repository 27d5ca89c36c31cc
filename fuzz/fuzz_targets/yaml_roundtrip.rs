//! The YAML emitter round trip: an arbitrary values tree → `yaml::emit::to_yaml` (Helm's
//! `toYaml`) → `values::load::load_values` → the same tree, with every number a
//! float64 (Helm reads values through JSON). Values the emitter documents as changed or
//! refused (NaN/infinite floats, NEL, DEL, C1 controls, U+FFFE/U+FFFF, over-long keys)
//! only have to not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use permify_render::values::{Map, Value};
use permify_render_fuzz::AValue;

fuzz_target!(|entries: Vec<(permify_render_fuzz::AStr, AValue)>| {
    let m: Map = entries
        .iter()
        .map(|(k, v)| (k.0.clone(), v.to_value()))
        .collect();
    permify_render_fuzz::check_emit_roundtrip(&m);
    // Scalars and lists on their own must not panic either.
    for v in m.values() {
        let _ = permify_render::yaml::emit::to_yaml(v);
    }
    let _ = permify_render::yaml::emit::to_yaml(&Value::List(m.into_values().collect()));
});
