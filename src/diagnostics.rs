//! Warnings about values that Helm accepts silently but that are probably wrong, and
//! explanations for render failures.
//!
//! Every warning has a stable code, the values path and where it was set, and a fix.
//! They go to stderr (never stdout, so the render stays byte-identical); `--quiet`
//! hides them and `--strict` turns them into errors. The known keys, their types,
//! expected values and which lists the templates join unquoted all come from the
//! chart's `values.schema.json` (its `properties`, `x-type`, `x-enum`, `x-joined` and
//! `x-renamed` annotations), the same file that declares every key the templates read.

use std::fmt;

use serde_json::Value as J;

use crate::values::schema::{chart_schema, pointer_to_dotted};
use crate::values::{Map, Origin, Origins, Value, origin::escape};

/// The warning codes, with a one-line summary each.
pub const CODES: &[(&str, &str)] = &[
    ("W001", "unknown key: the chart does not read it"),
    (
        "W002",
        "distributed mode settings the chart does not expect",
    ),
    (
        "W003",
        "image tag starting with `v` (the chart labels pods with \"v\" + tag)",
    ),
    (
        "W004",
        "a secret written inline in the values (it ends up in the manifests)",
    ),
    ("W005", "authentication off on an exposed service"),
    ("W006", "several replicas without distributed mode"),
    ("W007", "no resource requests or limits"),
    ("W008", "a list the chart joins unquoted into YAML"),
    ("W009", "a value the chart does not expect for this key"),
    (
        "W010",
        "a value of the wrong type for a key Helm does not check",
    ),
];

/// One warning.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// Stable code, e.g. `W001`.
    pub code: &'static str,
    /// Dotted values path (`app.database.max_connections`).
    pub path: String,
    /// Where the value was set, when the user set it.
    pub origin: Option<Origin>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// Longest part of a warning (message, path, origin) printed whole, in characters; a
/// `--set` key or value can be 128 KiB, and is then shown by its start and length.
const SHOWN_CHARS: usize = 300;

/// Longest fix printed whole (fixes list the keys the chart reads), in characters.
const SHOWN_FIX_CHARS: usize = 2000;

/// `s`, or its first `max` characters then `… (N bytes)`.
fn shown(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}… ({} bytes)", &s[..at], s.len()).into(),
        None => s.into(),
    }
}

/// Prints `warning[CODE]: message`, then `  --> path (origin)` and `  fix: ...`. Parts
/// longer than a few hundred characters (a huge `--set` key) are shortened.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning[{}]: {}",
            self.code,
            shown(&self.message, SHOWN_CHARS)
        )?;
        let path = shown(&self.path, SHOWN_CHARS);
        match &self.origin {
            Some(o) => write!(f, "\n  --> {path} ({})", shown(&o.to_string(), SHOWN_CHARS))?,
            None => write!(f, "\n  --> {path}")?,
        }
        write!(f, "\n  fix: {}", shown(&self.fix, SHOWN_FIX_CHARS))
    }
}

/// Checks user values (`user`, before coalescing) and the values the templates see
/// (`values`). Warnings are ordered by code, then path.
pub fn check(user: &Map, values: &Map, origins: &Origins) -> Vec<Warning> {
    let mut out = Vec::new();
    let schema = chart_schema();
    unknown_keys(schema, user, &mut String::new(), origins, &mut out);
    typed_keys(schema, user, &mut String::new(), origins, &mut out);
    distributed(values, origins, &mut out);
    image_tag(values, origins, &mut out);
    inline_secrets(user, origins, &mut out);
    exposed_without_authn(values, origins, &mut out);
    replicas_without_distributed(values, origins, &mut out);
    resources(values, origins, &mut out);
    joined_lists(schema, values, &mut String::new(), origins, &mut out);
    ingress_port(values, origins, &mut out);
    out.sort_by(|a, b| (a.code, &a.path).cmp(&(b.code, &b.path)));
    out
}

fn warn(
    code: &'static str,
    pointer: &str,
    origins: &Origins,
    message: String,
    fix: String,
) -> Warning {
    Warning {
        code,
        path: pointer_to_dotted(pointer),
        origin: origins.find(pointer).cloned(),
        message,
        fix,
    }
}

fn get<'a>(v: &'a Map, path: &[&str]) -> Option<&'a Value> {
    let (first, rest) = path.split_first()?;
    let mut cur = v.get(*first)?;
    for seg in rest {
        cur = cur.as_map()?.get(*seg)?;
    }
    Some(cur)
}

fn truthy(v: &Map, path: &[&str]) -> bool {
    get(v, path).is_some_and(Value::is_truthy)
}

/// Damerau-free Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest known key, if close enough to be a likely typo: at most a third of the
/// known key's length (at least 2) in edits.
///
/// Candidates whose length differs by more than that are skipped without computing
/// the distance (it is at least the length difference), so a very long unknown key
/// (a 128 KiB `--set` key) costs no more than a short one.
pub fn suggest<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = key.to_lowercase();
    let key_len = lower.chars().count();
    let known: Vec<&str> = known.collect();
    known
        .iter()
        .filter_map(|&k| {
            let k_len = k.chars().count();
            let allowed = (k_len / 3).max(2);
            if key_len.abs_diff(k_len) > allowed {
                return None;
            }
            let d = distance(&lower, &k.to_lowercase());
            (d <= allowed).then_some((d, k))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
        .or_else(|| {
            // A shortened name (`log` for `logger`): the shortest key it starts.
            (key_len >= 3)
                .then(|| {
                    known
                        .iter()
                        .copied()
                        .filter(|k| k.to_lowercase().starts_with(&lower))
                        .min_by_key(|k| k.len())
                })
                .flatten()
        })
}

fn unknown_keys(
    schema: &J,
    user: &Map,
    pointer: &mut String,
    origins: &Origins,
    out: &mut Vec<Warning>,
) {
    let Some(props) = schema.get("properties").and_then(J::as_object) else {
        return;
    };
    for (k, v) in user {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(k));
        match props.get(k) {
            Some(sub) => {
                if let Value::Map(m) = v {
                    unknown_keys(sub, m, pointer, origins, out);
                } else if let (Value::List(items), Some(item_schema)) = (v, sub.get("items")) {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Map(m) = item {
                            let l2 = pointer.len();
                            pointer.push('/');
                            pointer.push_str(&i.to_string());
                            unknown_keys(item_schema, m, pointer, origins, out);
                            pointer.truncate(l2);
                        }
                    }
                }
            }
            None => {
                let renamed = schema
                    .get("x-renamed")
                    .and_then(|r| r.get(k))
                    .and_then(J::as_str);
                let guess = renamed.or_else(|| suggest(k, props.keys().map(String::as_str)));
                let parent = pointer_to_dotted(&pointer[..len]);
                let where_ = if parent.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("under `{parent}`")
                };
                let fix = match guess {
                    Some(g) => format!("did you mean `{g}`? (the chart reads `{g}` {where_})"),
                    None => {
                        let mut known: Vec<&str> = props.keys().map(String::as_str).collect();
                        known.sort_unstable();
                        format!(
                            "remove it; the keys the chart reads {where_} are: {}",
                            known.join(", ")
                        )
                    }
                };
                out.push(warn(
                    "W001",
                    pointer,
                    origins,
                    format!("unknown key `{k}`: the chart ignores it"),
                    fix,
                ));
            }
        }
        pointer.truncate(len);
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) => "integer",
        Value::Float(f) if f.fract() == 0.0 => "integer",
        Value::Float(_) => "number",
        Value::Str(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
    }
}

/// `x-type` and `x-enum` checks on what the user set.
fn typed_keys(
    schema: &J,
    user: &Map,
    pointer: &mut String,
    origins: &Origins,
    out: &mut Vec<Warning>,
) {
    let Some(props) = schema.get("properties").and_then(J::as_object) else {
        return;
    };
    for (k, v) in user {
        let Some(sub) = props.get(k) else { continue };
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(k));
        if let Some(want) = sub.get("x-type").and_then(J::as_str) {
            let got = json_kind(v);
            if got != want && !matches!(v, Value::Null) {
                out.push(warn(
                    "W010",
                    pointer,
                    origins,
                    format!(
                        "`{k}` should be {} {want}, not {} {got}",
                        article(want),
                        article(got)
                    ),
                    format!(
                        "the chart expects {} {want} here: {}",
                        article(want),
                        description(sub)
                    ),
                ));
            }
        }
        if let (Some(J::Array(options)), Value::Str(s)) = (sub.get("x-enum"), v) {
            let names: Vec<&str> = options.iter().filter_map(J::as_str).collect();
            if !s.is_empty() && !names.contains(&s.as_str()) {
                let fix = match suggest(s, names.iter().copied()) {
                    Some(g) => format!("did you mean `{g}`? expected one of: {}", names.join(", ")),
                    None => format!("expected one of: {}", names.join(", ")),
                };
                out.push(warn(
                    "W009",
                    pointer,
                    origins,
                    format!("unexpected {k} `{s}`"),
                    fix,
                ));
            }
        }
        if let Value::Map(m) = v {
            typed_keys(sub, m, pointer, origins, out);
        }
        pointer.truncate(len);
    }
}

fn article(t: &str) -> &'static str {
    if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn description(schema: &J) -> String {
    schema
        .get("description")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_string()
}

fn distributed(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    if let Some(Value::Str(addr)) = get(values, &["app", "distributed", "address"])
        && !addr.is_empty()
        && !addr.starts_with("dns:///")
    {
        out.push(warn(
            "W002",
            "/app/distributed/address",
            origins,
            format!("distributed address `{addr}` is not a dns:/// address"),
            "leave `address` empty: the chart then uses its own headless service, \
             dns:///<fullname>-headless.<namespace>.svc.cluster.local:<port> \
             (kubernetes:/// addresses are from older Permify guides)"
                .into(),
        ));
    }
    if let Some(Value::Str(port)) = get(values, &["app", "distributed", "port"]) {
        out.push(warn(
            "W002",
            "/app/distributed/port",
            origins,
            format!("distributed port is the string \"{port}\""),
            format!(
                "write it as a number (port: {}); Helm's schema rejects a string",
                port.trim()
            ),
        ));
    }
}

fn image_tag(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    if let Some(Value::Str(tag)) = get(values, &["image", "tag"])
        && tag.starts_with('v')
    {
        out.push(warn(
            "W003",
            "/image/tag",
            origins,
            format!("image tag `{tag}` starts with `v`: the chart labels the pods app.kubernetes.io/version \"v{tag}\""),
            "the image is right; only the label doubles the `v` (the official chart's behaviour). \
             If your registry also has the tag without `v` (e.g. 1.6.0), use it to get the label \"v1.6.0\""
                .into(),
        ));
    }
}

/// Whether a URI carries a password (`scheme://user:password@host`).
fn uri_has_password(uri: &str) -> bool {
    let Some((_, rest)) = uri.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit_once('@')
        .is_some_and(|(userinfo, _)| userinfo.split_once(':').is_some_and(|(_, p)| !p.is_empty()))
}

/// A `password=...` parameter: a URI query (`?password=x`) or a libpq key/value string
/// (`host=h password=x`).
fn password_parameter(uri: &str) -> bool {
    let lower = uri.to_ascii_lowercase();
    ["password=", "passwd=", "pwd="].iter().any(|p| {
        lower.match_indices(p).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let value = &lower[i + p.len()..];
            matches!(before, None | Some('?' | '&' | ';' | ' ' | '\t'))
                && value
                    .chars()
                    .next()
                    .is_some_and(|c| !matches!(c, '&' | ';' | ' '))
        })
    })
}

fn inline_secrets(user: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    for (path, fix) in [
        (
            &["app", "database", "uri"][..],
            "put the URI in a Secret (key `uri`) and set app.database.uri_secret to its name",
        ),
        (
            &["app", "database", "writer", "uri"][..],
            "keep credentials out of values: use a Secret-backed URI where possible",
        ),
        (
            &["app", "database", "reader", "uri"][..],
            "keep credentials out of values: use a Secret-backed URI where possible",
        ),
        (
            &["jobs", "createDatabase", "uri"][..],
            "the create-database Job prints this URI in its manifest; use a throwaway admin password or create the database yourself",
        ),
    ] {
        if let Some(Value::Str(uri)) = get(user, path)
            && (uri_has_password(uri) || password_parameter(uri))
        {
            let pointer = format!("/{}", path.join("/"));
            out.push(warn(
                "W004",
                &pointer,
                origins,
                format!(
                    "`{}` holds a password (not shown); it will be written into the manifest",
                    path.join(".")
                ),
                fix.into(),
            ));
        }
    }
    if let Some(Value::List(keys)) = get(user, &["app", "authn", "preshared", "keys"])
        && !keys.is_empty()
    {
        out.push(warn(
            "W004",
            "/app/authn/preshared/keys",
            origins,
            format!("{} preshared key{} written inline (not shown); they will be written into the manifest", keys.len(), if keys.len() == 1 { "" } else { "s" }),
            "put the keys in a Secret (key `preshared_keys`, comma-separated) and set \
             app.authn.preshared.keys_secret to its name; remove `keys`"
                .into(),
        ));
    }
}

fn exposed_without_authn(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    if truthy(values, &["app", "authn", "enabled"]) {
        return;
    }
    let svc = get(values, &["service", "type"])
        .and_then(Value::as_str)
        .unwrap_or("");
    let exposed = if matches!(svc, "LoadBalancer" | "NodePort") {
        Some(("/service/type", format!("the service is a {svc}")))
    } else if truthy(values, &["ingress", "enabled"]) {
        Some(("/ingress/enabled", "an ingress is enabled".to_string()))
    } else {
        None
    };
    if let Some((pointer, why)) = exposed {
        out.push(warn(
            "W005",
            pointer,
            origins,
            format!("{why} but authentication is off (app.authn.enabled is false)"),
            "set app.authn.enabled: true with app.authn.preshared.keys_secret (or OIDC), or keep the service internal (ClusterIP, no ingress)".into(),
        ));
    }
}

fn replicas_without_distributed(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    if truthy(values, &["app", "distributed", "enabled"]) {
        return;
    }
    let autoscaling = truthy(values, &["autoscaling", "enabled"]);
    let replicas = match get(values, &["replicaCount"]) {
        Some(Value::Float(f)) => *f,
        Some(Value::Int(i)) => *i as f64,
        _ => 1.0,
    };
    if autoscaling || replicas > 1.0 {
        let (pointer, what) = if autoscaling {
            ("/autoscaling/enabled", "autoscaling is on".to_string())
        } else {
            ("/replicaCount", format!("{replicas} replicas run"))
        };
        out.push(warn(
            "W006",
            pointer,
            origins,
            format!("{what} without app.distributed.enabled: each pod keeps its own permission cache"),
            "set app.distributed.enabled: true (the chart then adds a headless service for the pods to find each other)".into(),
        ));
    }
}

fn resources(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    let has = |k: &str| get(values, &["resources", k]).is_some_and(Value::is_truthy);
    if !has("requests") && !has("limits") {
        out.push(warn(
            "W007",
            "/resources",
            origins,
            "no resource requests or limits for the Permify container".into(),
            "set resources.requests (cpu, memory) and resources.limits.memory, e.g. requests: {cpu: 200m, memory: 256Mi}".into(),
        ));
    }
}

fn joined_lists(
    schema: &J,
    values: &Map,
    pointer: &mut String,
    origins: &Origins,
    out: &mut Vec<Warning>,
) {
    let Some(props) = schema.get("properties").and_then(J::as_object) else {
        return;
    };
    for (k, sub) in props {
        let Some(v) = values.get(k) else { continue };
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(k));
        if sub.get("x-joined").and_then(J::as_bool) == Some(true) {
            if let Value::List(items) = v {
                check_joined(items, pointer, origins, out);
            }
        } else if let Value::Map(m) = v {
            joined_lists(sub, m, pointer, origins, out);
        }
        pointer.truncate(len);
    }
}

fn check_joined(items: &[Value], pointer: &str, origins: &Origins, out: &mut Vec<Warning>) {
    let joined: Vec<String> = items
        .iter()
        .filter(|v| !matches!(v, Value::Null))
        .map(ToString::to_string)
        .collect();
    let joined = joined.join(",");
    if joined.is_empty() {
        return;
    }
    // The chart writes `value: <joined>` without quotes; read it back as Helm would.
    let doc = format!("value: {joined}\n");
    let problem = match crate::values::load::load_values(doc.as_bytes(), "manifest") {
        Err(e) => Some(format!(
            "is not valid YAML there ({}), so Helm fails to parse the Deployment",
            e.message
        )),
        Ok(l) => match l.values.get("value") {
            Some(Value::Str(s)) if *s == joined => None,
            Some(other) => Some(format!(
                "reads back as {} {}, not the text",
                article(json_kind(other)),
                json_kind(other)
            )),
            None => Some("reads back as nothing".into()),
        },
    };
    if let Some(problem) = problem {
        // The preshared keys are secrets: describe the line without them.
        let shown = if pointer.contains("preshared") {
            format!(
                "the chart writes these keys unquoted on one line (`value: <the keys, comma-separated>`), which {problem}"
            )
        } else {
            format!("the chart writes this list unquoted as `value: {joined}`, which {problem}")
        };
        out.push(warn(
            "W008",
            pointer,
            origins,
            shown,
            "avoid YAML special characters at the start of the first item (`*`, `&`, `!`, `[`, `{`, `#`, `@`, ...) and `: `/` #` inside; for CORS, list explicit origins instead of `*`".into(),
        ));
    }
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Float(f) => Some(*f),
        Value::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// The chart's Ingress sends traffic to `service.port`, but its Service exposes the
/// gRPC, HTTP and profiler ports of `app`: changing one without the other leaves the
/// Ingress pointing at a port the Service does not have.
fn ingress_port(values: &Map, origins: &Origins, out: &mut Vec<Warning>) {
    if !truthy(values, &["ingress", "enabled"]) {
        return;
    }
    let Some(port) = number(get(values, &["service", "port"])) else {
        return;
    };
    let mut exposed = Vec::new();
    if let Some(p) = number(get(values, &["app", "server", "grpc", "port"])) {
        exposed.push(("grpc", p, "app.server.grpc.port"));
    }
    if truthy(values, &["app", "server", "http", "enabled"])
        && let Some(p) = number(get(values, &["app", "server", "http", "port"]))
    {
        exposed.push(("http", p, "app.server.http.port"));
    }
    if truthy(values, &["app", "profiler", "enabled"])
        && let Some(p) = number(get(values, &["app", "profiler", "port"]))
    {
        exposed.push(("profiler", p, "app.profiler.port"));
    }
    if exposed.iter().any(|(_, p, _)| *p == port) {
        return;
    }
    let list: Vec<String> = exposed
        .iter()
        .map(|(n, p, _)| format!("{p} ({n})"))
        .collect();
    let http = exposed
        .iter()
        .find(|(n, _, _)| *n == "http")
        .or(exposed.first());
    let fix = match http {
        Some((_, p, key)) => format!(
            "set service.port to {p} (the value of {key}), or set servicePort on each ingress path"
        ),
        None => "expose a port the ingress can use".to_string(),
    };
    out.push(warn(
        "W011",
        "/service/port",
        origins,
        format!(
            "the ingress sends traffic to service.port {port}, but the Service exposes {}",
            list.join(", ")
        ),
        fix,
    ));
}

/// Explains a render failure on a values path: which part of the path is null, missing
/// or not a map, and where it was set.
pub fn explain_path(values: &Map, origins: &Origins, path: &[&str]) -> Option<String> {
    let mut cur: Option<&Value> = None;
    for (i, seg) in path.iter().enumerate() {
        let here = match cur {
            None => values.get(*seg),
            Some(Value::Map(m)) => m.get(*seg),
            Some(_) => return None,
        };
        let dotted = path[..=i].join(".");
        let pointer = format!(
            "/{}",
            path[..=i]
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join("/")
        );
        let set_by = origins
            .find(&pointer)
            .map(|o| format!(" (set by {o})"))
            .unwrap_or_default();
        match here {
            None if i + 1 < path.len() => {
                return Some(format!(
                    "`{dotted}` is null or missing{set_by}, so `{}` cannot be read; give `{dotted}` a map (the chart's default has one) or leave it out",
                    path[i + 1]
                ));
            }
            Some(Value::Null) if i + 1 < path.len() => {
                return Some(format!(
                    "`{dotted}` is null{set_by}, so `{}` cannot be read",
                    path[i + 1]
                ));
            }
            Some(
                v @ (Value::Str(_)
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
                | Value::List(_)),
            ) if i + 1 < path.len() => {
                return Some(format!(
                    "`{dotted}` is {} {}{set_by}, not a map, so `{}` cannot be read",
                    article(json_kind(v)),
                    json_kind(v),
                    path[i + 1]
                ));
            }
            _ => {}
        }
        cur = here;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let known = [
            "max_open_connections",
            "max_idle_connections",
            "engine",
            "uri",
        ];
        assert_eq!(suggest("engin", known.iter().copied()), Some("engine"));
        assert_eq!(
            suggest("max_open_conections", known.iter().copied()),
            Some("max_open_connections")
        );
        assert_eq!(suggest("completely_different", known.iter().copied()), None);
        // A shortened name suggests the key it starts (too short a prefix does not).
        let app = ["logger", "log_level_x", "server"];
        assert_eq!(suggest("log", app.iter().copied()), Some("logger"));
        assert_eq!(suggest("lo", ["logger"].iter().copied()), None);
    }

    #[test]
    fn suggestions_for_huge_keys_are_cheap() {
        // A 128 KiB key used to cost len × len(candidate) steps per candidate, seconds
        // for the chart's keys; now it is skipped on length alone.
        let known = ["replicaCount", "image", "app", "max_open_connections"];
        let huge = "a".repeat(128 * 1024);
        let started = std::time::Instant::now();
        for _ in 0..100 {
            assert_eq!(suggest(&huge, known.iter().copied()), None);
        }
        // 100 calls; the old code took about a second per call in a debug build.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Length differences within the allowance are still considered.
        assert_eq!(
            suggest("replicaCountt", known.iter().copied()),
            Some("replicaCount")
        );
        assert_eq!(suggest("ap", known.iter().copied()), Some("app"));
    }

    #[test]
    fn long_keys_are_shortened_in_warnings() {
        let key = "k".repeat(128 * 1024);
        let mut user = Map::new();
        user.insert(key.clone(), Value::Int(1));
        let mut origins = Origins::default();
        origins.set(
            format!("/{key}"),
            Origin::Flag {
                flag: "--set",
                key: key.clone(),
            },
        );
        let warnings = check(&user, crate::values::chart_defaults(), &origins);
        let w001 = warnings.iter().find(|w| w.code == "W001").expect("W001");
        let text = w001.to_string();
        // The key used to be printed three times in full (384 KiB).
        assert!(text.len() < 4000, "{} bytes", text.len());
        assert!(text.contains("… (131"), "{text}");
        assert!(
            text.starts_with("warning[W001]: unknown key `kkk"),
            "{text}"
        );
        // Short warnings are untouched.
        let short = Warning {
            code: "W001",
            path: "a.b".into(),
            origin: None,
            message: "m".into(),
            fix: "f".into(),
        };
        assert_eq!(short.to_string(), "warning[W001]: m\n  --> a.b\n  fix: f");
    }

    #[test]
    fn passwords_in_uris() {
        assert!(uri_has_password("postgres://user:pw@host:5432/db"));
        assert!(!uri_has_password("postgres://user@host/db"));
        assert!(!uri_has_password("postgres://host/db?password=x"));
        assert!(!uri_has_password("not a uri"));
    }
}
