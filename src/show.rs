//! `show` (like `helm show`) and `notes`: the embedded chart's files, and the rendered
//! NOTES.txt of a release.

use std::fmt::Write as _;

use serde_json::Value as J;

use crate::chart;
use crate::cli::ShowWhat;
use crate::values::schema::chart_schema;
use crate::values::{Value, chart_defaults};

/// `helm show chart`: the chart metadata as YAML (keys sorted, as Helm marshals it).
pub fn chart_yaml() -> String {
    let meta = crate::values::load::load_values(chart::CHART_YAML.as_bytes(), "Chart.yaml")
        .map(|l| Value::Map(l.values))
        .unwrap_or(Value::Null);
    // Helm prints the marshalled YAML (which ends in a newline) followed by a newline.
    let mut s = crate::yaml::emit::to_yaml(&meta);
    s.push_str("\n\n");
    s
}

/// The chart's README, generated from the schema (descriptions) and the defaults: every
/// key the templates read, with its type and default.
pub fn readme() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# permify {} (Permify {})\n",
        chart::VERSION,
        chart::APP_VERSION
    );
    let _ = writeln!(out, "{}\n", chart::DESCRIPTION);
    let _ = writeln!(
        out,
        "Rendered by permify-render, byte-identical to `helm template` of the official chart \
         (github.com/Permify/helm-charts, charts/permify {}).\n",
        chart::VERSION
    );
    let _ = writeln!(
        out,
        "```sh\npermify-render template permify -n permify -f my-values.yaml | kubectl apply -f -\n```\n"
    );
    let _ = writeln!(out, "## Values\n");
    let _ = writeln!(out, "| key | type | default | description |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    let defaults = Value::Map(chart_defaults().clone());
    rows(chart_schema(), &mut Vec::new(), &defaults, &mut out);
    out
}

fn rows(schema: &J, path: &mut Vec<String>, defaults: &Value, out: &mut String) {
    let Some(props) = schema.get("properties").and_then(J::as_object) else {
        return;
    };
    for (k, sub) in props {
        path.push(k.clone());
        let ty = sub
            .get("type")
            .or_else(|| sub.get("x-type"))
            .and_then(J::as_str)
            .unwrap_or("any");
        let default = defaults.lookup(path.iter().map(String::as_str)).map(|v| {
            let text = match v {
                Value::Map(m) if !m.is_empty() => String::new(),
                Value::List(l) if !l.is_empty() => String::new(),
                other => serde_json::to_string(&other.to_json()).unwrap_or_default(),
            };
            if text.is_empty() {
                String::new()
            } else {
                format!("`{text}`")
            }
        });
        let mut desc = sub
            .get("description")
            .and_then(J::as_str)
            .unwrap_or("")
            .to_string();
        if let Some(J::Array(e)) = sub.get("x-enum") {
            let names: Vec<&str> = e.iter().filter_map(J::as_str).collect();
            let _ = write!(desc, " One of: {}.", names.join(", "));
        }
        let _ = writeln!(
            out,
            "| `{}` | {ty} | {} | {} |",
            path.join("."),
            default.unwrap_or_default(),
            desc.replace('|', "\\|")
        );
        rows(sub, path, defaults, out);
        path.pop();
    }
}

/// The text `permify-render show WHAT` prints.
pub fn show(what: ShowWhat) -> String {
    match what {
        ShowWhat::Values => chart::VALUES_YAML.to_string(),
        ShowWhat::Chart => chart_yaml(),
        ShowWhat::Schema => chart::VALUES_SCHEMA_JSON.to_string(),
        ShowWhat::Readme => readme(),
        ShowWhat::All => format!(
            "{}---\n{}---\n{}",
            chart_yaml(),
            chart::VALUES_YAML,
            readme()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_yaml_is_helm_show_chart() {
        let s = chart_yaml();
        assert!(s.starts_with("annotations:\n  artifacthub.io/license: Apache-2.0\n"));
        assert!(s.contains("\nappVersion: v1.3.5\n"));
        assert!(s.ends_with("type: application\nversion: 0.5.0\n\n"));
    }

    #[test]
    fn readme_lists_every_key() {
        let r = readme();
        assert!(r.contains("| `app.database.uri_secret` | string |"));
        assert!(r.contains("| `replicaCount` | integer | `3` |"));
        assert!(r.contains("One of: ClusterIP, NodePort, LoadBalancer, ExternalName."));
    }
}
