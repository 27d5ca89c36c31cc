//! The `--set` family parsers (`values::set::*`) on arbitrary arguments, applied to an
//! empty map or to one already holding lists, maps and scalars (as after `-f` files):
//! they must never panic, errors must format, and a map they build must survive
//! Helm's `toYaml` and a read back (up to the documented differences).
#![no_main]

use libfuzzer_sys::fuzz_target;
use permify_render::values::{Map, Value, set};

fn start(which: u8) -> Map {
    let mut m = Map::new();
    if which % 2 == 1 {
        m.insert(
            "list".into(),
            Value::List(vec![Value::Str("a".into()), Value::Map(Map::new())]),
        );
        m.insert("s".into(), Value::Str("x".into()));
        m.insert("n".into(), Value::Null);
        let mut inner = Map::new();
        inner.insert("b".into(), Value::Float(1.0));
        m.insert("a".into(), Value::Map(inner));
        m.insert(String::new(), Value::Map(Map::new()));
    }
    m
}

fn nodes(v: &Value) -> usize {
    match v {
        Value::List(items) => 1 + items.iter().map(nodes).sum::<usize>(),
        Value::Map(m) => 1 + m.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let arg = String::from_utf8_lossy(rest);
    let mut dest = start(selector >> 4);
    let result = match selector % 5 {
        0 => set::parse_set(&arg, &mut dest),
        1 => set::parse_set_string(&arg, &mut dest),
        2 => set::parse_set_json(&arg, &mut dest),
        3 => set::parse_set_literal(&arg, &mut dest),
        _ => {
            let mut read = |path: &str| -> Result<String, String> {
                if path.contains("missing") {
                    Err(format!("cannot read {path}"))
                } else {
                    Ok(format!("contents of {path}\n"))
                }
            };
            set::parse_set_file(&arg, &mut dest, &mut read)
        }
    };
    match result {
        // The round trip of a 65537-entry list (`a[65536]=1`) costs milliseconds;
        // big maps are only checked for panics in the parser.
        Ok(()) if nodes(&Value::Map(dest.clone())) <= 10_000 => {
            permify_render_fuzz::check_emit_roundtrip(&dest)
        }
        Ok(()) => {}
        Err(e) => {
            let _ = e.to_string();
            assert!(!e.helm.is_empty());
        }
    }
});
