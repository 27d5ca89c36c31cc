//! Rendering: the chart's minijinja templates with Helm/Sprig semantics.
//!
//! [`Renderer`] holds a compiled environment (build it once, render many times). The
//! render context mirrors Helm's: `Values`, `Release`, `Chart`, `Capabilities`,
//! `Template`, plus `top`, the whole context (Go templates' `.` at the top and `$`),
//! and `h`, the chart's named templates (`h.fullname(top)` is Go's
//! `include "permify.fullname" .`). The named templates are the macros of
//! `templates/_helpers.tpl`; they depend only on `top`, so each is evaluated once per
//! render and every `h.<name>(top)` in the templates reads that result.

pub mod funcs;
pub mod gotpl;
pub mod goval;
pub mod semver;
pub mod sprintf;
pub mod tpl;

use std::collections::BTreeMap;

use std::sync::Arc;

use minijinja::value::{Object, ObjectRepr, Value as MjValue, ValueKind};
use minijinja::{AutoEscape, Environment, ErrorKind, State, UndefinedBehavior};

use crate::chart;
use crate::values::Map;
use goval::{GoMap, go_print, to_mj_map};

/// The chart's named templates (`_helpers.tpl` macros) with their outputs for one
/// render, so `h.fullname(top)` costs a lookup.
#[derive(Debug)]
struct Helpers(BTreeMap<&'static str, MjValue>);

/// The macros of `_helpers.tpl`, in the order they are evaluated.
pub const HELPER_MACROS: &[&str] = &[
    "name",
    "fullname",
    "chart",
    "selectorLabels",
    "labels",
    "serviceAccountName",
];

impl Object for Helpers {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &mut State<'_, '_>,
        method: &str,
        _args: &[MjValue],
    ) -> Result<MjValue, minijinja::Error> {
        self.0.get(method).cloned().ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::UnknownMethod,
                format!("no named template {method:?}"),
            )
        })
    }
}

/// The release being rendered (`.Release`).
#[derive(Clone, Debug)]
pub struct Release {
    /// Release name (`NAME`, default `release-name`).
    pub name: String,
    /// Namespace (`-n`, default `default`).
    pub namespace: String,
    /// `--is-upgrade`: `.Release.IsUpgrade` true and `.Release.IsInstall` false.
    pub is_upgrade: bool,
}

/// The Kubernetes version templates see (`.Capabilities.KubeVersion`).
#[derive(Clone, Debug, PartialEq)]
pub struct KubeVersion {
    /// `Version`/`GitVersion`, e.g. `v1.35.0` (the flag's text, with a `v` added).
    pub git_version: String,
    /// `Major`, e.g. `1`.
    pub major: String,
    /// `Minor`, e.g. `35`.
    pub minor: String,
}

impl Default for KubeVersion {
    /// Helm 4.1's default: v1.35.0.
    fn default() -> Self {
        KubeVersion {
            git_version: "v1.35.0".into(),
            major: "1".into(),
            minor: "35".into(),
        }
    }
}

impl KubeVersion {
    /// Parses `--kube-version` as Helm 4 does (k8s `ParseGeneric`: optional `v`, at least
    /// two dot-separated numbers, the first without a leading zero, anything after).
    pub fn parse(s: &str) -> Result<KubeVersion, String> {
        let t = s.trim();
        let body = t.strip_prefix('v').unwrap_or(t);
        let nums_end = body
            .char_indices()
            .find(|(i, c)| {
                !(c.is_ascii_digit()
                    || (*c == '.' && body[i + 1..].starts_with(|d: char| d.is_ascii_digit())))
            })
            .map_or(body.len(), |(i, _)| i);
        let parts: Vec<&str> = body[..nums_end]
            .split('.')
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() || body[..nums_end].is_empty() {
            return Err(format!("could not parse {s:?} as version"));
        }
        if parts.len() < 2 {
            return Err(format!("illegal version string {s:?}"));
        }
        if parts[0].len() > 1 && parts[0].starts_with('0') {
            return Err(format!(
                "illegal zero-prefixed version component {:?} in {s:?}",
                parts[0]
            ));
        }
        let major: u64 = parts[0]
            .parse()
            .map_err(|_| format!("illegal version component in {s:?}"))?;
        let minor: u64 = parts[1]
            .parse()
            .map_err(|_| format!("illegal version component in {s:?}"))?;
        let git_version = if s.starts_with('v') {
            s.to_string()
        } else {
            format!("v{s}")
        };
        Ok(KubeVersion {
            git_version,
            major: major.to_string(),
            minor: minor.to_string(),
        })
    }
}

/// What the templates can ask of the cluster (`.Capabilities`).
#[derive(Clone, Debug, Default)]
pub struct Capabilities {
    /// `.Capabilities.KubeVersion`.
    pub kube_version: KubeVersion,
    /// Extra API versions from `--api-versions` (added to Helm's built-in list).
    pub api_versions: Vec<String>,
}

/// One rendered template file.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderedFile {
    /// `permify/templates/<file>`.
    pub path: String,
    /// The rendered text, with Helm's `<no value>` removal applied.
    pub content: String,
}

/// A template failed to render.
#[derive(Clone, Debug)]
pub struct RenderError {
    /// `permify/templates/<file>`.
    pub template: String,
    /// Line in our template source, when known.
    pub line: Option<usize>,
    /// The expression being evaluated, when known (e.g. `Values.app.profiler.enabled`).
    pub expression: Option<String>,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rendering {}", self.template)?;
        if let Some(e) = &self.expression {
            write!(f, " at `{e}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The chart's templates, compiled once.
pub struct Renderer {
    env: Environment<'static>,
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    /// Compiles the embedded templates. Panics only if the embedded templates do not
    /// parse, which the test suite rules out.
    pub fn new() -> Renderer {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // Debug mode records which expression produced an undefined value, so errors can
        // name the values path (release builds turn it off by default).
        env.set_debug(true);
        env.set_auto_escape_callback(|_| AutoEscape::None);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .keep_trailing_newline(true)
                .build()
                .expect("default syntax is valid"),
        );
        env.set_formatter(|out, _state, value| {
            let written = match value.kind() {
                ValueKind::Undefined => {
                    return Err(minijinja::Error::new(
                        ErrorKind::UndefinedError,
                        "printing a field of a value that is null, missing or not a map",
                    ));
                }
                ValueKind::String => out.write_str(value.as_str().unwrap_or_default()),
                ValueKind::Number if value.is_integer() => {
                    write!(out, "{value}")
                }
                _ => out.write_str(&go_print(value)),
            };
            written.map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"))
        });
        funcs::register(&mut env);
        for t in chart::TEMPLATES {
            env.add_template(t.name, t.source)
                .expect("embedded templates parse");
        }
        Renderer { env }
    }

    /// Renders every template (NOTES.txt included) in Helm's order, stopping at the
    /// first failure as Helm does.
    pub fn render(
        &self,
        values: &Map,
        release: &Release,
        caps: &Capabilities,
    ) -> Result<Vec<RenderedFile>, RenderError> {
        let values_mj = to_mj_map(values);
        let release_mj = release_object(release);
        let chart_mj = chart_object();
        let caps_mj = capabilities_object(caps);
        let mut out = Vec::with_capacity(chart::TEMPLATES.len());
        let mut helpers: Option<MjValue> = None;
        for t in chart::TEMPLATES.iter().filter(|t| !t.is_partial()) {
            let path = t.source_path();
            let template_mj = GoMap(BTreeMap::from([
                ("Name".to_string(), MjValue::from(path.as_str())),
                (
                    "BasePath".to_string(),
                    MjValue::from(format!("{}/templates", chart::NAME)),
                ),
            ]))
            .into_value();
            let top = GoMap(BTreeMap::from([
                ("Values".to_string(), values_mj.clone()),
                ("Release".to_string(), release_mj.clone()),
                ("Chart".to_string(), chart_mj.clone()),
                ("Capabilities".to_string(), caps_mj.clone()),
                ("Template".to_string(), template_mj.clone()),
            ]))
            .into_value();
            let h = match &helpers {
                Some(h) => h.clone(),
                None => {
                    let h = self.helpers(&top)?;
                    helpers = Some(h.clone());
                    h
                }
            };
            let ctx = minijinja::context! {
                h => h,
                top => top,
                Values => values_mj.clone(),
                Release => release_mj.clone(),
                Chart => chart_mj.clone(),
                Capabilities => caps_mj.clone(),
                Template => template_mj,
            };
            let tmpl = self
                .env
                .get_template(t.name)
                .map_err(|e| to_render_error(&path, t.source, &e))?;
            let text = tmpl
                .render(ctx)
                .map_err(|e| to_render_error(&path, t.source, &e))?;
            // Helm's strings.ReplaceAll(..., "<no value>", ""); `contains` is the fast
            // search, and the text is almost never changed.
            let content = if text.contains("<no value>") {
                text.replace("<no value>", "")
            } else {
                text
            };
            out.push(RenderedFile { path, content });
        }
        Ok(out)
    }
}

impl Renderer {
    /// Evaluates every named template of `_helpers.tpl` for this render's `top`.
    fn helpers(&self, top: &MjValue) -> Result<MjValue, RenderError> {
        let path = format!("{}/templates/_helpers.tpl", chart::NAME);
        let source = chart::TEMPLATES
            .iter()
            .find(|t| t.is_partial())
            .map_or("", |t| t.source);
        let fail = |e: &minijinja::Error| to_render_error(&path, source, e);
        let tmpl = self
            .env
            .get_template("_helpers.tpl")
            .map_err(|e| fail(&e))?;
        let mut captured = tmpl
            .render_captured(minijinja::context! {})
            .map_err(|e| fail(&e))?;
        let outputs = captured.with_state_mut(|state| {
            let mut outputs = BTreeMap::new();
            for name in HELPER_MACROS {
                let m = state.lookup(name).ok_or_else(|| {
                    minijinja::Error::new(ErrorKind::UnknownFunction, format!("no macro {name}"))
                })?;
                outputs.insert(*name, m.call(state, std::slice::from_ref(top))?);
            }
            Ok::<_, minijinja::Error>(outputs)
        });
        Ok(MjValue::from_object(Helpers(
            outputs.map_err(|e| fail(&e))?,
        )))
    }
}

fn release_object(r: &Release) -> MjValue {
    GoMap(BTreeMap::from([
        ("Name".to_string(), MjValue::from(r.name.as_str())),
        ("Namespace".to_string(), MjValue::from(r.namespace.as_str())),
        ("IsUpgrade".to_string(), MjValue::from(r.is_upgrade)),
        ("IsInstall".to_string(), MjValue::from(!r.is_upgrade)),
        ("Revision".to_string(), MjValue::from(1i64)),
        ("Service".to_string(), MjValue::from("Helm")),
    ]))
    .into_value()
}

fn chart_object() -> MjValue {
    GoMap(BTreeMap::from([
        ("Name".to_string(), MjValue::from(chart::NAME)),
        ("Version".to_string(), MjValue::from(chart::VERSION)),
        ("AppVersion".to_string(), MjValue::from(chart::APP_VERSION)),
        ("APIVersion".to_string(), MjValue::from("v2")),
        ("Type".to_string(), MjValue::from("application")),
        ("Description".to_string(), MjValue::from(chart::DESCRIPTION)),
        ("Home".to_string(), MjValue::from("https://permify.co")),
    ]))
    .into_value()
}

fn capabilities_object(c: &Capabilities) -> MjValue {
    let kv = &c.kube_version;
    // Helm's KubeVersion prints as its version (`{{ .Capabilities.KubeVersion }}`).
    let kube = MjValue::from_object(goval::GoStringer {
        fields: GoMap(BTreeMap::from([
            (
                "Version".to_string(),
                MjValue::from(kv.git_version.as_str()),
            ),
            (
                "GitVersion".to_string(),
                MjValue::from(kv.git_version.as_str()),
            ),
            ("Major".to_string(), MjValue::from(kv.major.as_str())),
            ("Minor".to_string(), MjValue::from(kv.minor.as_str())),
        ])),
        text: kv.git_version.clone(),
    });
    let apis: Vec<MjValue> = c
        .api_versions
        .iter()
        .map(|s| MjValue::from(s.as_str()))
        .collect();
    GoMap(BTreeMap::from([
        ("KubeVersion".to_string(), kube),
        ("APIVersions".to_string(), MjValue::from(apis)),
    ]))
    .into_value()
}

fn to_render_error(path: &str, source: &str, e: &minijinja::Error) -> RenderError {
    // The innermost cause carries the most specific message.
    let mut cur: &dyn std::error::Error = e;
    let mut message = e
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| e.kind().to_string());
    while let Some(next) = cur.source() {
        if let Some(mj) = next.downcast_ref::<minijinja::Error>() {
            message = mj
                .detail()
                .map(str::to_string)
                .unwrap_or_else(|| mj.kind().to_string());
        } else {
            message = next.to_string();
        }
        cur = next;
    }
    let expression = e
        .range()
        .and_then(|r| source.get(r))
        .map(|s| s.trim().to_string());
    RenderError {
        template: path.to_string(),
        line: e.line(),
        expression,
        message,
    }
}
