//! The values-file reader (`values::load::load_values`) on arbitrary bytes: it must
//! never panic, its errors must format, and whatever it accepts must survive Helm's
//! `toYaml` and a second read unchanged (up to the emitter's documented differences).
#![no_main]

use libfuzzer_sys::fuzz_target;
use permify_render::values::load::load_values;

fuzz_target!(|data: &[u8]| {
    match load_values(data, "fuzz.yaml") {
        Ok(loaded) => permify_render_fuzz::check_emit_roundtrip(&loaded.values),
        Err(e) => {
            let shown = e.to_string();
            assert!(
                shown.starts_with("fuzz.yaml:"),
                "error without origin: {shown}"
            );
        }
    }
});
