//! Checks across the documents of one render: which pods a Service selects and whether
//! they have its named target ports, whether Ingress backends and HPA targets exist.
//!
//! The input is taken to be a whole render (one release, one namespace): an object
//! without `metadata.namespace` matches any namespace. Absence is only reported when
//! the input looks like a whole render, so that checking a part of one (the output of
//! `--show-only`) says nothing false: a Service whose selector matches no pod template
//! only when the input has pod templates, an Ingress backend naming a missing Service
//! only when the input has a Service or a pod template, an HPA target only when the
//! input has pod templates. Objects that had type errors (their decoded
//! form misses the failing fields) are not used as evidence of absence.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ServiceSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::kinds::Typed;
use super::path::Path;
use super::quote;
use super::rules::{Problem, Template, templates};

/// A decoded document, as the cross-document checks see it.
pub struct Entry<'a> {
    /// `kind`.
    pub kind: &'a str,
    /// `metadata.name`.
    pub name: &'a str,
    /// `metadata.namespace`, when set.
    pub namespace: Option<&'a str>,
    /// The decoded object.
    pub typed: &'a Typed,
    /// Its metadata.
    pub meta: &'a ObjectMeta,
    /// Whether some fields failed to decode (and are missing from `typed`).
    pub degraded: bool,
}

fn same_namespace(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn problem(path: Path, message: String, hint: impl Into<String>) -> Problem {
    Problem {
        path,
        message,
        hint: hint.into(),
    }
}

struct Pods<'a> {
    owner: usize,
    template: Template<'a>,
}

/// Runs the cross-document checks; each problem comes with the index (in `entries`)
/// of the document it belongs to.
pub fn check(entries: &[Entry]) -> Vec<(usize, Problem)> {
    let mut out = Vec::new();
    let pods: Vec<Pods> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            templates(e.typed, e.meta)
                .into_iter()
                .map(move |template| Pods { owner: i, template })
        })
        .collect();
    let services: BTreeMap<&str, Vec<usize>> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == "Service")
        .fold(BTreeMap::new(), |mut m, (i, e)| {
            m.entry(e.name).or_insert_with(Vec::new).push(i);
            m
        });
    let whole_render = !pods.is_empty() || !services.is_empty();
    for (i, e) in entries.iter().enumerate() {
        match e.typed {
            Typed::Service(s) => {
                if let Some(spec) = &s.spec {
                    service_pods(&mut out, entries, &pods, i, spec);
                }
            }
            Typed::Ingress(ing) if whole_render => {
                for (path, name, port) in ingress_backends(ing) {
                    backend(&mut out, entries, &services, i, path, &name, port);
                }
            }
            Typed::LegacyIngress(ing) if whole_render => {
                for (path, name, port) in legacy_backends(ing) {
                    backend(&mut out, entries, &services, i, path, &name, port);
                }
            }
            Typed::HpaV2(h) if !pods.is_empty() => {
                let r = &h.spec.scale_target_ref;
                scale_target(&mut out, entries, i, &r.kind, &r.name);
            }
            Typed::HpaV1(h) if !pods.is_empty() => {
                let r = &h.spec.scale_target_ref;
                scale_target(&mut out, entries, i, &r.kind, &r.name);
            }
            _ => {}
        }
    }
    out
}

fn describe(e: &Entry) -> String {
    format!("{}/{}", e.kind, e.name)
}

fn service_pods(
    out: &mut Vec<(usize, Problem)>,
    entries: &[Entry],
    pods: &[Pods],
    me: usize,
    spec: &ServiceSpec,
) {
    let Some(selector) = spec.selector.as_ref().filter(|s| !s.is_empty()) else {
        return;
    };
    let ns = entries[me].namespace;
    let candidates: Vec<&Pods> = pods
        .iter()
        .filter(|p| same_namespace(entries[p.owner].namespace, ns))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let selected: Vec<&Pods> = candidates
        .iter()
        .copied()
        .filter(|p| {
            p.template
                .labels()
                .is_some_and(|l| selector.iter().all(|(k, v)| l.get(k) == Some(v)))
        })
        .collect();
    if selected.is_empty() {
        if candidates.iter().any(|p| entries[p.owner].degraded) {
            return;
        }
        let wanted: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let near: Vec<String> = candidates
            .iter()
            .take(3)
            .map(|p| describe(&entries[p.owner]))
            .collect();
        out.push((
            me,
            problem(
                Path::parse("spec.selector"),
                format!(
                    "the selector ({}) matches no pod template in the render (pod templates: {})",
                    wanted.join(", "),
                    near.join(", ")
                ),
                "make spec.selector a subset of the pod template labels of the workload it fronts",
            ),
        ));
        return;
    }
    if selected.iter().any(|p| entries[p.owner].degraded) {
        return;
    }
    for (i, port) in spec.ports.iter().flatten().enumerate() {
        let Some(IntOrString::String(name)) = &port.target_port else {
            continue;
        };
        if super::names::port_name(name).is_err() {
            continue; // reported as an invalid name
        }
        let found = selected.iter().any(|p| {
            p.template
                .containers()
                .flat_map(|c| c.ports.iter().flatten())
                .any(|cp| cp.name.as_deref() == Some(name.as_str()))
        });
        if !found {
            let owners: Vec<String> = selected
                .iter()
                .map(|p| describe(&entries[p.owner]))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            out.push((
                me,
                problem(
                    Path::parse("spec.ports").index(i).key("targetPort"),
                    format!(
                        "targetPort {} is not the name of any container port of the pods it selects ({})",
                        quote(name),
                        owners.join(", ")
                    ),
                    format!(
                        "add a container port named {name:?} or set targetPort to a container port's name or number"
                    ),
                ),
            ));
        }
    }
}

fn ingress_backends(
    ing: &k8s_openapi::api::networking::v1::Ingress,
) -> Vec<(Path, String, Option<IntOrString>)> {
    let mut out = Vec::new();
    let Some(spec) = &ing.spec else { return out };
    let mut add = |path: Path, b: &k8s_openapi::api::networking::v1::IngressBackend| {
        if let Some(svc) = &b.service {
            let port = svc.port.as_ref().and_then(|p| {
                p.number
                    .map(IntOrString::Int)
                    .or_else(|| p.name.clone().map(IntOrString::String))
            });
            out.push((path.key("service"), svc.name.clone(), port));
        }
    };
    if let Some(b) = &spec.default_backend {
        add(Path::parse("spec.defaultBackend"), b);
    }
    for (i, rule) in spec.rules.iter().flatten().enumerate() {
        for (j, p) in rule.http.iter().flat_map(|h| h.paths.iter()).enumerate() {
            add(
                Path::parse("spec.rules")
                    .index(i)
                    .join("http.paths")
                    .index(j)
                    .key("backend"),
                &p.backend,
            );
        }
    }
    out
}

fn legacy_backends(
    ing: &super::kinds::legacy::Ingress,
) -> Vec<(Path, String, Option<IntOrString>)> {
    let mut out = Vec::new();
    let Some(spec) = &ing.spec else { return out };
    let mut add = |path: Path, b: &super::kinds::legacy::IngressBackend| {
        if let Some(name) = &b.service_name {
            out.push((path, name.clone(), b.service_port.clone()));
        }
    };
    if let Some(b) = &spec.backend {
        add(Path::parse("spec.backend"), b);
    }
    for (i, rule) in spec.rules.iter().flatten().enumerate() {
        for (j, p) in rule.http.iter().flat_map(|h| h.paths.iter()).enumerate() {
            add(
                Path::parse("spec.rules")
                    .index(i)
                    .join("http.paths")
                    .index(j)
                    .key("backend"),
                &p.backend,
            );
        }
    }
    out
}

/// `path` is the backend's service reference: `...backend.service` (v1: `name` and
/// `port.number`/`port.name` under it) or `...backend` (v1beta1: `serviceName`,
/// `servicePort`).
fn backend(
    out: &mut Vec<(usize, Problem)>,
    entries: &[Entry],
    services: &BTreeMap<&str, Vec<usize>>,
    me: usize,
    path: Path,
    name: &str,
    port: Option<IntOrString>,
) {
    let v1 = matches!(entries[me].typed, Typed::Ingress(_));
    let ns = entries[me].namespace;
    let svc = services
        .get(name)
        .into_iter()
        .flatten()
        .find(|i| same_namespace(entries[**i].namespace, ns));
    let Some(&svc) = svc else {
        let names: Vec<&str> = services.keys().copied().collect();
        let hint = match super::names::closest(name, &names) {
            Some(n) => format!(
                "did you mean {}? The render has Services: {}",
                quote(n),
                names.join(", ")
            ),
            None if names.is_empty() => {
                "the render has no Service; name one that is deployed with it".into()
            }
            None => format!("name one of the render's Services: {}", names.join(", ")),
        };
        out.push((
            me,
            problem(
                if v1 {
                    path.key("name")
                } else {
                    path.key("serviceName")
                },
                format!("backend Service {} is not in the render", quote(name)),
                hint,
            ),
        ));
        return;
    };
    if entries[svc].degraded {
        return;
    }
    let Typed::Service(s) = entries[svc].typed else {
        return;
    };
    let ports = s
        .spec
        .as_ref()
        .and_then(|sp| sp.ports.as_deref())
        .unwrap_or_default();
    let (ok, at, shown) = match &port {
        None => return,
        Some(IntOrString::Int(n)) => (
            ports.iter().any(|p| p.port == *n),
            if v1 {
                path.join("port.number")
            } else {
                path.key("servicePort")
            },
            n.to_string(),
        ),
        Some(IntOrString::String(n)) => (
            ports.iter().any(|p| p.name.as_deref() == Some(n.as_str())),
            if v1 {
                path.join("port.name")
            } else {
                path.key("servicePort")
            },
            quote(n),
        ),
    };
    if !ok {
        let exposed: Vec<String> = ports
            .iter()
            .map(|p| match &p.name {
                Some(n) => format!("{} ({n})", p.port),
                None => p.port.to_string(),
            })
            .collect();
        out.push((
            me,
            problem(
                at,
                format!(
                    "Service {} has no port {shown} (it exposes {})",
                    quote(name),
                    if exposed.is_empty() {
                        "none".to_string()
                    } else {
                        exposed.join(", ")
                    }
                ),
                "use one of the Service's port numbers or names",
            ),
        ));
    }
}

fn scale_target(
    out: &mut Vec<(usize, Problem)>,
    entries: &[Entry],
    me: usize,
    kind: &str,
    name: &str,
) {
    if !matches!(
        kind,
        "Deployment" | "StatefulSet" | "ReplicaSet" | "ReplicationController"
    ) {
        return;
    }
    let ns = entries[me].namespace;
    let found = entries
        .iter()
        .any(|e| e.kind == kind && e.name == name && same_namespace(e.namespace, ns));
    if !found {
        out.push((
            me,
            problem(
                Path::parse("spec.scaleTargetRef.name"),
                format!("scale target {kind}/{name} is not in the render"),
                format!("name a {kind} of the render in spec.scaleTargetRef"),
            ),
        ));
    }
}
