//! The values schema check against the `jsonschema` crate as an oracle: for every
//! property the chart's schema declares, values of every JSON type must produce the
//! same violations (same instance paths) from both.

use permify_render::chart::VALUES_SCHEMA_JSON;
use permify_render::values::schema::validate;
use permify_render::values::{Map, Value};
use serde_json::{Value as J, json};

fn leaf_paths(schema: &J, prefix: Vec<String>, out: &mut Vec<(Vec<String>, J)>) {
    out.push((prefix.clone(), schema.clone()));
    if let Some(props) = schema.get("properties").and_then(J::as_object) {
        for (k, sub) in props {
            let mut p = prefix.clone();
            p.push(k.clone());
            leaf_paths(sub, p, out);
        }
    }
}

fn set_path(root: &mut J, path: &[String], v: J) {
    let mut cur = root;
    for (i, seg) in path.iter().enumerate() {
        if i + 1 == path.len() {
            cur[seg.as_str()] = v;
            return;
        }
        if !cur.get(seg.as_str()).is_some_and(J::is_object) {
            cur[seg.as_str()] = json!({});
        }
        cur = cur.get_mut(seg.as_str()).expect("just inserted");
    }
}

#[test]
fn same_verdicts_as_jsonschema() {
    let schema: J = serde_json::from_str(VALUES_SCHEMA_JSON).unwrap();
    let oracle = jsonschema::validator_for(&schema).unwrap();
    let mut paths = Vec::new();
    leaf_paths(&schema, Vec::new(), &mut paths);
    let samples = [
        json!(null),
        json!(true),
        json!(0),
        json!(3.0),
        json!(2.5),
        json!(1e21),
        json!(-7),
        json!(""),
        json!("16"),
        json!([]),
        json!(["a", 1]),
        json!([{"x": 1}]),
        json!({}),
        json!({"a": 1}),
    ];
    let mut checked = 0;
    for (path, _) in paths.iter().filter(|(p, _)| !p.is_empty()) {
        for sample in &samples {
            let mut instance = json!({});
            set_path(&mut instance, path, sample.clone());
            let values: Map = Value::from_json(&instance).as_map().unwrap().clone();
            let mut ours: Vec<String> = validate(&values).into_iter().map(|v| v.pointer).collect();
            let mut theirs: Vec<String> = oracle
                .iter_errors(&instance)
                .map(|e| e.instance_path().to_string())
                .collect();
            ours.sort();
            ours.dedup();
            theirs.sort();
            theirs.dedup();
            assert_eq!(ours, theirs, "path {path:?} value {sample}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} combinations checked");
}
