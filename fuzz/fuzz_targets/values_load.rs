//! The values-file reader (`values::load::load_values`) on arbitrary bytes: it must
//! never panic, its errors must format, and whatever it accepts must survive Helm's
//! `toYaml` and a second read unchanged (up to the emitter's documented differences).
//! The same bytes, read as a rendered manifest, must give the same head (or error)
//! through `parse_document_head`'s shortcut as through a whole read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use permify_render::manifest::head_of;
use permify_render::values::load::{load_values, parse_document, parse_document_head};

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
    if let Ok(doc) = std::str::from_utf8(data) {
        let head = |v: Result<_, permify_render::values::load::LoadError>| match v {
            Ok(v) => format!("{:?}", head_of("fuzz", &v)),
            Err(e) => format!("load error {e}"),
        };
        assert_eq!(
            head(parse_document_head(doc)),
            head(parse_document(doc)),
            "head shortcut differs"
        );
    }
});
