//! How Helm combines values: `-f` files merged with `MergeMaps`, then the user's values
//! coalesced with the chart's defaults (`CoalesceValues`), including the `common`
//! library subchart's slot.

use super::{Map, Value};

/// Helm's `MergeMaps(a, b)` (used between `-f` files and documents): maps merge
/// recursively, any other value in `b` replaces the one in `a` (nulls included).
pub fn merge_maps(mut a: Map, b: Map) -> Map {
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Value::Map(old)), Value::Map(new)) => {
                let merged = merge_maps(std::mem::take(old), new);
                *old = merged;
            }
            (_, v) => {
                a.insert(k, v);
            }
        }
    }
    a
}

/// A non-fatal note from coalescing (Helm prints these as warnings): a table replaced by
/// a non-table or the reverse.
#[derive(Clone, Debug, PartialEq)]
pub struct CoalesceWarning {
    /// Dotted values path, e.g. `app.server`.
    pub path: String,
    /// What happened.
    pub message: String,
}

/// The error when the `common` subchart's slot is not a map.
#[derive(Clone, Debug, PartialEq)]
pub struct CoalesceError(pub String);

impl std::fmt::Display for CoalesceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Name of the chart's one dependency (Bitnami's `common` library chart).
pub const SUBCHART: &str = "common";

/// Helm's `CoalesceValues(chart, user)`: the chart's defaults under the user's values.
///
/// - A user `null` deletes the key (at the top level always; deeper only where the
///   default is not null). A null for a key the chart does not define stays null.
/// - Maps merge recursively; lists and scalars replace.
/// - `common` (the library subchart) always exists as a map and receives a copy of the
///   top-level `global` map as `common.global`.
pub fn coalesce(
    defaults: &Map,
    mut user: Map,
    warnings: &mut Vec<CoalesceWarning>,
) -> Result<Map, CoalesceError> {
    for (key, dval) in defaults {
        match user.get_mut(key) {
            Some(Value::Null) => {
                user.remove(key);
            }
            Some(Value::Map(dst)) => match dval {
                Value::Map(src) => coalesce_tables(dst, src.clone(), key, false, warnings),
                Value::Null => {}
                _ => warnings.push(CoalesceWarning {
                    path: key.clone(),
                    message: "the chart's default is not a map; the map given replaces it".into(),
                }),
            },
            Some(_) => {}
            None => {
                user.insert(key.clone(), dval.clone());
            }
        }
    }
    coalesce_subchart(&mut user, warnings)?;
    Ok(user)
}

fn coalesce_subchart(
    top: &mut Map,
    warnings: &mut Vec<CoalesceWarning>,
) -> Result<(), CoalesceError> {
    match top.get(SUBCHART) {
        None => {
            top.insert(SUBCHART.into(), Value::Map(Map::new()));
        }
        Some(Value::Map(_)) => {}
        Some(other) => {
            return Err(CoalesceError(format!(
                "values key `{SUBCHART}` belongs to the chart's `common` subchart and must be a map, not {}",
                other.json_type()
            )));
        }
    }
    let globals = top.get("global").cloned();
    let Some(Value::Map(sub)) = top.get_mut(SUBCHART) else {
        return Ok(());
    };
    let mut dg = match sub.get("global") {
        None => Map::new(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => {
            warnings.push(CoalesceWarning {
                path: format!("{SUBCHART}.global"),
                message: "skipping globals because the destination is not a map".into(),
            });
            return Ok(());
        }
    };
    let sg = match globals {
        None => Map::new(),
        Some(Value::Map(m)) => m,
        Some(_) => {
            warnings.push(CoalesceWarning {
                path: "global".into(),
                message: "skipping globals because `global` is not a map".into(),
            });
            return Ok(());
        }
    };
    for (key, val) in sg {
        match val {
            Value::Map(vv) => match dg.get(&key) {
                None => {
                    dg.insert(key, Value::Map(vv));
                }
                Some(Value::Map(existing)) => {
                    let mut vv = vv;
                    coalesce_tables(&mut vv, existing.clone(), &key, true, warnings);
                    dg.insert(key, Value::Map(vv));
                }
                Some(_) => warnings.push(CoalesceWarning {
                    path: format!("global.{key}"),
                    message: "cannot merge a map onto a non-map; skipping".into(),
                }),
            },
            other => {
                if matches!(dg.get(&key), Some(Value::Map(_))) {
                    warnings.push(CoalesceWarning {
                        path: format!("global.{key}"),
                        message: "is a map in the subchart; skipping".into(),
                    });
                } else {
                    dg.insert(key, other);
                }
            }
        }
    }
    sub.insert("global".into(), Value::Map(dg));
    Ok(())
}

/// Helm's `coalesceTablesFullKey(dst, src)`: `src` (defaults) fills in `dst` (user).
fn coalesce_tables(
    dst: &mut Map,
    mut src: Map,
    prefix: &str,
    merge: bool,
    warnings: &mut Vec<CoalesceWarning>,
) {
    let src_non_nil: std::collections::BTreeSet<String> = src
        .iter()
        .filter(|(_, v)| !matches!(v, Value::Null))
        .map(|(k, _)| k.clone())
        .collect();
    for (k, v) in dst.iter() {
        if matches!(v, Value::Null) {
            src.insert(k.clone(), Value::Null);
        }
    }
    for (key, val) in src {
        let full = format!("{prefix}.{key}");
        match dst.get_mut(&key) {
            Some(Value::Null) if !merge && src_non_nil.contains(&key) => {
                dst.remove(&key);
            }
            None => {
                dst.insert(key, val);
            }
            Some(dv) => match (dv, val) {
                (Value::Map(dm), Value::Map(sm)) => coalesce_tables(dm, sm, &full, merge, warnings),
                (_, Value::Map(_)) => warnings.push(CoalesceWarning {
                    path: full,
                    message: "a non-map value replaces the chart's default map".into(),
                }),
                (Value::Map(_), v) if !matches!(v, Value::Null) => warnings.push(CoalesceWarning {
                    path: full,
                    message: "a map replaces the chart's default non-map value".into(),
                }),
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pairs: &[(&str, Value)]) -> Map {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn merge_maps_is_deep_and_replaces_lists() {
        let a = m(&[
            ("x", Value::Map(m(&[("a", 1.0.into()), ("b", 2.0.into())]))),
            ("l", vec![Value::from(1.0)].into()),
        ]);
        let b = m(&[
            ("x", Value::Map(m(&[("b", 3.0.into())]))),
            ("l", vec![Value::from(2.0)].into()),
        ]);
        let got = merge_maps(a, b);
        assert_eq!(
            got["x"],
            Value::Map(m(&[("a", 1.0.into()), ("b", 3.0.into())]))
        );
        assert_eq!(got["l"], Value::List(vec![Value::from(2.0)]));
    }

    #[test]
    fn null_deletes_defaults() {
        let defaults = m(&[
            ("top", "d".into()),
            (
                "nested",
                Value::Map(m(&[("a", "x".into()), ("n", Value::Null)])),
            ),
        ]);
        let user = m(&[
            ("top", Value::Null),
            ("extra", Value::Null),
            (
                "nested",
                Value::Map(m(&[
                    ("a", Value::Null),
                    ("n", Value::Null),
                    ("new", Value::Null),
                ])),
            ),
        ]);
        let mut w = Vec::new();
        let got = coalesce(&defaults, user, &mut w).unwrap();
        assert!(!got.contains_key("top"));
        assert_eq!(got["extra"], Value::Null);
        assert_eq!(
            got["nested"],
            Value::Map(m(&[("n", Value::Null), ("new", Value::Null)]))
        );
        assert_eq!(
            got["common"],
            Value::Map(m(&[("global", Value::Map(Map::new()))]))
        );
    }

    #[test]
    fn globals_reach_the_subchart() {
        let user = m(&[("global", Value::Map(m(&[("g", 1.0.into())])))]);
        let got = coalesce(&Map::new(), user, &mut Vec::new()).unwrap();
        assert_eq!(
            got["common"],
            Value::Map(m(&[("global", Value::Map(m(&[("g", 1.0.into())])))]))
        );
        assert!(coalesce(&Map::new(), m(&[("common", Value::Null)]), &mut Vec::new()).is_err());
    }
}
