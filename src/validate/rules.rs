//! Checks inside one object: names, labels, ports, resources, probes, selectors and
//! HorizontalPodAutoscaler bounds, each as the API server (or the kubelet, for probe
//! ports) would judge it.

use std::collections::{BTreeMap, HashSet};

use k8s_openapi::api::core::v1::{Container, PodSpec, Probe};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value as J;

use super::kinds::Typed;
use super::path::Path;
use super::{names, quantity, quote};

/// A problem found in a document, before it is placed in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The field.
    pub path: Path,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Collects the problems of one document.
pub struct Checker<'a> {
    /// The document as JSON (to tell a missing field from a zero).
    pub raw: &'a J,
    /// What was found.
    pub problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    /// A checker for the document `raw`.
    pub fn new(raw: &'a J) -> Self {
        Checker {
            raw,
            problems: Vec::new(),
        }
    }

    /// Records a problem.
    pub fn push(&mut self, path: Path, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(Problem {
            path,
            message: message.into(),
            hint: hint.into(),
        });
    }

    fn present(&self, path: &Path) -> bool {
        path.lookup(self.raw).is_some_and(|v| !v.is_null())
    }
}

/// The name syntax a kind's `metadata.name` must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameRule {
    /// DNS-1123 subdomain (most kinds).
    Subdomain,
    /// DNS-1123 label (Namespace, StatefulSet).
    Label,
    /// DNS-1035 label (Service).
    Dns1035,
    /// Path segment (RBAC kinds, PodDisruptionBudget).
    PathSegment,
    /// A subdomain of at most 63 characters: the name becomes the value of the Job's
    /// `batch.kubernetes.io/job-name` pod label.
    Job,
    /// A subdomain of at most 52 characters: Jobs are named `<name>-<timestamp>`.
    CronJob,
}

/// The name rule of a kind, as the API server's validation for it applies.
pub fn name_rule(api_version: &str, kind: &str) -> NameRule {
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    match (group, kind) {
        ("", "Service") => NameRule::Dns1035,
        ("", "Namespace") | ("apps", "StatefulSet") => NameRule::Label,
        (
            "rbac.authorization.k8s.io",
            "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding",
        )
        | ("policy", "PodDisruptionBudget") => NameRule::PathSegment,
        ("batch", "Job") => NameRule::Job,
        ("batch", "CronJob") => NameRule::CronJob,
        _ => NameRule::Subdomain,
    }
}

fn check_name(rule: NameRule, name: &str) -> Result<(), (String, String)> {
    let subdomain_hint =
        "use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"
            .to_string();
    match rule {
        NameRule::Subdomain => names::dns1123_subdomain(name)
            .map_err(|e| (format!("is not a valid DNS-1123 subdomain: {e}"), subdomain_hint)),
        NameRule::Label => names::dns1123_label(name).map_err(|e| {
            (
                format!("is not a valid DNS-1123 label: {e}"),
                "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit".into(),
            )
        }),
        NameRule::Dns1035 => names::dns1035_label(name).map_err(|e| {
            (
                format!("is not a valid DNS-1035 label: {e}"),
                "a Service name is at most 63 lowercase letters, digits and '-', starting with a letter".into(),
            )
        }),
        NameRule::PathSegment => names::path_segment(name)
            .map_err(|e| (e, "leave out '/' and '%' (and do not use '.' or '..')".into())),
        NameRule::Job | NameRule::CronJob => {
            let max = if rule == NameRule::Job { 63 } else { 52 };
            names::dns1123_subdomain(name)
                .map_err(|e| format!("is not a valid DNS-1123 subdomain: {e}"))
                .and_then(|()| {
                    (name.len() <= max).then_some(()).ok_or_else(|| {
                        format!("must be no more than {max} characters (is {})", name.len())
                    })
                })
                .map_err(|m| {
                    let why = if rule == NameRule::Job {
                        "a Job's name becomes the value of its pods' batch.kubernetes.io/job-name label"
                    } else {
                        "a CronJob's Jobs are named <name>-<11-character timestamp>"
                    };
                    (m, format!("shorten it to {max} characters ({why})"))
                })
        }
    }
}

/// Checks `metadata`: name (by `rule`), namespace, label keys and values, annotation
/// keys and size.
pub fn metadata(c: &mut Checker, meta: &ObjectMeta, rule: NameRule) {
    let path = Path::parse("metadata");
    match meta.name.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => {
            if let Err((why, hint)) = check_name(rule, name) {
                c.push(
                    path.key("name"),
                    format!("name {} {why}", quote(name)),
                    hint,
                );
            }
        }
        None if meta.generate_name.as_deref().is_some_and(|g| !g.is_empty()) => {}
        None => c.push(
            path.key("name"),
            "name is missing",
            "every object needs metadata.name",
        ),
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty())
        && let Err(e) = names::dns1123_label(ns)
    {
        c.push(
            path.key("namespace"),
            format!("namespace {} is not a valid DNS-1123 label: {e}", quote(ns)),
            "use at most 63 lowercase letters, digits and '-'",
        );
    }
    labels_and_annotations(c, meta, &path);
}

/// Checks label keys and values and annotation keys of an object or pod template
/// `metadata` at `path`.
pub fn labels_and_annotations(c: &mut Checker, meta: &ObjectMeta, path: &Path) {
    if let Some(labels) = &meta.labels {
        label_map(c, labels, &path.key("labels"), "label");
    }
    if let Some(annotations) = &meta.annotations {
        let mut size = 0;
        for (k, v) in annotations {
            size += k.len() + v.len();
            if let Err(e) = names::qualified_name(k) {
                c.push(
                    path.key("annotations").key(k),
                    format!("annotation key {} is invalid: {e}", quote(k)),
                    "use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.' (e.g. example.com/my-key)",
                );
            }
        }
        if size > names::ANNOTATIONS_MAX_BYTES {
            c.push(
                path.key("annotations"),
                format!(
                    "annotations total {size} bytes, over the API server's limit of {} (256 KiB)",
                    names::ANNOTATIONS_MAX_BYTES
                ),
                "move large data into a ConfigMap",
            );
        }
    }
}

/// Checks a map of labels (or of label selector terms) at `path`; `what` names it in
/// messages ("label", "selector label").
pub fn label_map(c: &mut Checker, labels: &BTreeMap<String, String>, path: &Path, what: &str) {
    for (k, v) in labels {
        if let Err(e) = names::qualified_name(k) {
            c.push(
                path.key(k),
                format!("{what} key {} is invalid: {e}", quote(k)),
                "use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.' (e.g. app.kubernetes.io/name)",
            );
        }
        if let Err(e) = names::label_value(v) {
            c.push(
                path.key(k),
                format!("{what} value {} is invalid: {e}", quote(v)),
                "use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or an empty value)",
            );
        }
    }
}

/// A pod template inside a workload (or a Pod itself).
pub struct Template<'a> {
    /// The path of the template (`spec.template`; the root for a Pod).
    pub path: Path,
    /// Its metadata.
    pub meta: Option<&'a ObjectMeta>,
    /// Its pod spec.
    pub spec: Option<&'a PodSpec>,
}

impl Template<'_> {
    /// The pod labels.
    pub fn labels(&self) -> Option<&BTreeMap<String, String>> {
        self.meta.and_then(|m| m.labels.as_ref())
    }

    /// Every container and init container.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.spec.into_iter().flat_map(|s| {
            s.containers
                .iter()
                .chain(s.init_containers.iter().flatten())
        })
    }
}

/// The pod templates of a workload object (one), or the Pod itself.
pub fn templates<'a>(t: &'a Typed, meta: &'a ObjectMeta) -> Vec<Template<'a>> {
    let at = |path: &str, tpl: &'a k8s_openapi::api::core::v1::PodTemplateSpec| Template {
        path: Path::parse(path),
        meta: tpl.metadata.as_ref(),
        spec: tpl.spec.as_ref(),
    };
    match t {
        Typed::Pod(p) => vec![Template {
            path: Path::root(),
            meta: Some(meta),
            spec: p.spec.as_ref(),
        }],
        Typed::Deployment(d) => vec![at("spec.template", &d.spec.template)],
        Typed::StatefulSet(d) => vec![at("spec.template", &d.spec.template)],
        Typed::DaemonSet(d) => vec![at("spec.template", &d.spec.template)],
        Typed::ReplicaSet(d) => d
            .spec
            .template
            .as_ref()
            .map(|t| at("spec.template", t))
            .into_iter()
            .collect(),
        Typed::ReplicationController(d) => d
            .spec
            .as_ref()
            .and_then(|s| s.template.as_ref())
            .map(|t| at("spec.template", t))
            .into_iter()
            .collect(),
        Typed::Job(j) => j
            .spec
            .as_ref()
            .map(|s| at("spec.template", &s.template))
            .into_iter()
            .collect(),
        Typed::CronJob(j) => j
            .spec
            .job_template
            .spec
            .as_ref()
            .map(|s| at("spec.jobTemplate.spec.template", &s.template))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Runs every single-object rule on a decoded object.
pub fn object(c: &mut Checker, t: &Typed, meta: &ObjectMeta, rule: NameRule, kind: &str) {
    metadata(c, meta, rule);
    for tpl in templates(t, meta) {
        if !tpl.path.0.is_empty()
            && let Some(m) = tpl.meta
        {
            labels_and_annotations(c, m, &tpl.path.key("metadata"));
        }
        if let Some(spec) = tpl.spec {
            pod_spec(c, spec, &tpl.path.key("spec"));
        }
    }
    match t {
        Typed::Deployment(d) => {
            let s = &d.spec;
            selector(c, Some(&s.selector), &s.template, kind, true);
        }
        Typed::StatefulSet(d) => {
            let s = &d.spec;
            selector(c, Some(&s.selector), &s.template, kind, true);
        }
        Typed::DaemonSet(d) => {
            let s = &d.spec;
            selector(c, Some(&s.selector), &s.template, kind, true);
        }
        Typed::ReplicaSet(d) => {
            if let Some(t) = &d.spec.template {
                selector(c, Some(&d.spec.selector), t, kind, true);
            }
        }
        Typed::Job(j) => {
            if let Some(s) = &j.spec
                && s.manual_selector == Some(true)
            {
                selector(c, s.selector.as_ref(), &s.template, kind, true);
            }
        }
        Typed::ReplicationController(r) => {
            if let Some(s) = &r.spec
                && let (Some(sel), Some(t)) = (&s.selector, &s.template)
                && !sel.is_empty()
            {
                let ls = LabelSelector {
                    match_labels: Some(sel.clone()),
                    match_expressions: None,
                };
                selector(c, Some(&ls), t, kind, false);
            }
        }
        Typed::Service(s) => {
            if let Some(spec) = &s.spec {
                service(c, spec);
            }
        }
        Typed::HpaV2(h) => hpa(c, h.spec.min_replicas, h.spec.max_replicas),
        Typed::HpaV1(h) => hpa(c, h.spec.min_replicas, h.spec.max_replicas),
        _ => {}
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn port_in_range(n: i32) -> bool {
    (1..=65535).contains(&n)
}

/// Checks containers and init containers: names, ports, resources, probes.
pub fn pod_spec(c: &mut Checker, spec: &PodSpec, path: &Path) {
    let mut container_names = HashSet::new();
    let lists = [
        ("containers", Some(&spec.containers)),
        ("initContainers", spec.init_containers.as_ref()),
    ];
    for (field, list) in lists {
        for (i, ctr) in list.into_iter().flatten().enumerate() {
            let cpath = path.key(field).index(i);
            if ctr.name.is_empty() {
                c.push(
                    cpath.key("name"),
                    "container name is missing",
                    "name every container (a DNS-1123 label, e.g. \"app\")",
                );
            } else if let Err(e) = names::dns1123_label(&ctr.name) {
                c.push(
                    cpath.key("name"),
                    format!(
                        "container name {} is not a valid DNS-1123 label: {e}",
                        quote(&ctr.name)
                    ),
                    "use at most 63 lowercase letters, digits and '-'",
                );
            } else if !container_names.insert(ctr.name.as_str()) {
                c.push(
                    cpath.key("name"),
                    format!("duplicate container name {}", quote(&ctr.name)),
                    "give each container and init container of a pod its own name",
                );
            }
            container_ports(c, ctr, &cpath);
            resources(c, ctr, &cpath);
            if field == "containers" {
                probes(c, ctr, &cpath);
            }
        }
    }
}

fn container_ports(c: &mut Checker, ctr: &Container, cpath: &Path) {
    let mut seen = HashSet::new();
    for (j, p) in ctr.ports.iter().flatten().enumerate() {
        let ppath = cpath.key("ports").index(j);
        if !port_in_range(p.container_port) {
            let at = ppath.key("containerPort");
            let msg = if c.present(&at) {
                format!("containerPort {} is outside 1-65535", p.container_port)
            } else {
                "containerPort is missing".to_string()
            };
            c.push(
                at,
                msg,
                "use the port the container listens on, between 1 and 65535",
            );
        }
        if let Some(h) = p.host_port
            && h != 0
            && !port_in_range(h)
        {
            c.push(
                ppath.key("hostPort"),
                format!("hostPort {h} is outside 1-65535"),
                "use a port between 1 and 65535, or leave hostPort out",
            );
        }
        if let Some(name) = &p.name {
            if let Err(e) = names::port_name(name) {
                c.push(
                    ppath.key("name"),
                    format!("port name {} is not a valid IANA service name: {e}", quote(name)),
                    "use at most 15 lowercase letters, digits and '-', with at least one letter (e.g. \"http\", \"grpc\", \"metrics\")",
                );
            } else if !seen.insert(name.as_str()) {
                c.push(
                    ppath.key("name"),
                    format!("duplicate port name {}", quote(name)),
                    "give each port of a container its own name",
                );
            }
        }
    }
}

type Quantities = Option<BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>;

/// The quantities of a requests/limits map that parse (the others are reported where
/// they are decoded), with their text.
fn parsed_quantities(m: &Quantities) -> BTreeMap<&str, (quantity::Quantity, &str)> {
    m.iter()
        .flatten()
        .filter_map(|(k, q)| {
            quantity::parse(&q.0)
                .ok()
                .map(|v| (k.as_str(), (v, q.0.as_str())))
        })
        .collect()
}

fn resources(c: &mut Checker, ctr: &Container, cpath: &Path) {
    let Some(r) = &ctr.resources else { return };
    let rpath = cpath.key("resources");
    let requests = parsed_quantities(&r.requests);
    let limits = parsed_quantities(&r.limits);
    for (field, map) in [("requests", &requests), ("limits", &limits)] {
        for (res, (v, text)) in map {
            if v.is_negative() {
                c.push(
                    rpath.key(field).key(res),
                    format!("{field}.{res} {} is negative", quote(text)),
                    "resource amounts must be 0 or more",
                );
            }
        }
    }
    for (res, (req, req_text)) in &requests {
        if let Some((lim, lim_text)) = limits.get(res)
            && req > lim
        {
            c.push(
                rpath.key("requests").key(res),
                format!(
                    "request {} is above the limit {} (the API server rejects it)",
                    quote(req_text),
                    quote(lim_text)
                ),
                format!("raise limits.{res} or lower requests.{res}"),
            );
        }
    }
}

/// The probe fields that must be at least 1, with the default the API server puts
/// in place of a 0.
const PROBE_MINIMUMS: [(&str, i32); 4] = [
    ("successThreshold", 1),
    ("failureThreshold", 3),
    ("periodSeconds", 10),
    ("timeoutSeconds", 1),
];

fn probes(c: &mut Checker, ctr: &Container, cpath: &Path) {
    let port_names: HashSet<&str> = ctr
        .ports
        .iter()
        .flatten()
        .filter_map(|p| p.name.as_deref())
        .collect();
    let list = [
        ("livenessProbe", &ctr.liveness_probe),
        ("readinessProbe", &ctr.readiness_probe),
        ("startupProbe", &ctr.startup_probe),
    ];
    for (field, p) in list {
        let Some(p) = p else { continue };
        probe(c, p, &cpath.key(field), field, &ctr.name, &port_names);
    }
}

fn probe(
    c: &mut Checker,
    p: &Probe,
    ppath: &Path,
    field: &str,
    container: &str,
    port_names: &HashSet<&str>,
) {
    let handlers = [
        p.exec.is_some(),
        p.http_get.is_some(),
        p.tcp_socket.is_some(),
        p.grpc.is_some(),
    ]
    .iter()
    .filter(|h| **h)
    .count();
    if handlers == 0 {
        c.push(
            ppath.clone(),
            format!("{field} has no handler"),
            "add exactly one of exec, httpGet, tcpSocket or grpc",
        );
    } else if handlers > 1 {
        c.push(
            ppath.clone(),
            format!("{field} has {handlers} handlers"),
            "keep exactly one of exec, httpGet, tcpSocket or grpc",
        );
    }
    let values = [
        p.success_threshold,
        p.failure_threshold,
        p.period_seconds,
        p.timeout_seconds,
    ];
    for ((name, default), v) in PROBE_MINIMUMS.iter().zip(values) {
        let Some(v) = v else { continue };
        if v < 1 {
            let hint = if v == 0 {
                format!(
                    "write {default} (the default) or leave the field out: the API server silently turns 0 into {default}"
                )
            } else {
                format!("use 1 or more (the default is {default})")
            };
            c.push(
                ppath.key(name),
                format!("{name} is {v}; the minimum is 1"),
                hint,
            );
        }
    }
    if let Some(v) = p.initial_delay_seconds
        && v < 0
    {
        c.push(
            ppath.key("initialDelaySeconds"),
            format!("initialDelaySeconds is {v}; it must be 0 or more"),
            "use 0 or more seconds",
        );
    }
    if field != "readinessProbe"
        && let Some(v) = p.success_threshold
        && v > 1
    {
        c.push(
            ppath.key("successThreshold"),
            format!("successThreshold is {v}; a {field} must have 1"),
            "set successThreshold to 1 or leave it out",
        );
    }
    if let Some(v) = p.termination_grace_period_seconds
        && v <= 0
    {
        c.push(
            ppath.key("terminationGracePeriodSeconds"),
            format!("terminationGracePeriodSeconds is {v}; it must be more than 0"),
            "use 1 or more seconds, or leave it out",
        );
    }
    let mut ports: Vec<(Path, IntOrString)> = Vec::new();
    if let Some(h) = &p.http_get {
        ports.push((ppath.join("httpGet.port"), h.port.clone()));
    }
    if let Some(t) = &p.tcp_socket {
        ports.push((ppath.join("tcpSocket.port"), t.port.clone()));
    }
    if let Some(g) = &p.grpc {
        ports.push((ppath.join("grpc.port"), IntOrString::Int(g.port)));
    }
    for (path, port) in ports {
        match port {
            IntOrString::Int(n) if !port_in_range(n) => {
                c.push(
                    path,
                    format!("probe port {n} is outside 1-65535"),
                    "use the container's port number or the name of one of its ports",
                );
            }
            IntOrString::Int(_) => {}
            IntOrString::String(s) if is_digits(&s) => c.push(
                path,
                format!(
                    "probe port {} is a string, so it is read as a port name, and a port name needs a letter",
                    quote(&s)
                ),
                format!("write the number without quotes: {s}"),
            ),
            IntOrString::String(s) => {
                if let Err(e) = names::port_name(&s) {
                    c.push(
                        path,
                        format!("probe port name {} is not a valid IANA service name: {e}", quote(&s)),
                        "use the name of one of the container's ports, or a port number",
                    );
                } else if !port_names.contains(s.as_str()) {
                    c.push(
                        path,
                        format!(
                            "probe port {} is not a port name of container {} (the kubelet fails the probe)",
                            quote(&s),
                            quote(container)
                        ),
                        format!("add a port named {s:?} to the container, or use a port number"),
                    );
                }
            }
        }
    }
}

fn service(c: &mut Checker, spec: &k8s_openapi::api::core::v1::ServiceSpec) {
    let base = Path::parse("spec");
    let ports = spec.ports.as_deref().unwrap_or_default();
    let mut seen = HashSet::new();
    for (i, p) in ports.iter().enumerate() {
        let pp = base.key("ports").index(i);
        if !port_in_range(p.port) {
            let at = pp.key("port");
            let msg = if c.present(&at) {
                format!("port {} is outside 1-65535", p.port)
            } else {
                "port is missing".into()
            };
            c.push(at, msg, "use a port number between 1 and 65535");
        }
        match &p.target_port {
            Some(IntOrString::Int(n)) if *n != 0 && !port_in_range(*n) => c.push(
                pp.key("targetPort"),
                format!("targetPort {n} is outside 1-65535"),
                "use the container port number (1-65535) or the name of a container port",
            ),
            Some(IntOrString::String(s)) if is_digits(s) => c.push(
                pp.key("targetPort"),
                format!(
                    "targetPort {} is a string, so it is read as a port name, and a port name needs a letter",
                    quote(s)
                ),
                format!("write the number without quotes: {s}"),
            ),
            Some(IntOrString::String(s)) => {
                if let Err(e) = names::port_name(s) {
                    c.push(
                        pp.key("targetPort"),
                        format!("targetPort name {} is not a valid IANA service name: {e}", quote(s)),
                        "name a container port (at most 15 lowercase letters, digits and '-'), or use its number",
                    );
                }
            }
            _ => {}
        }
        if let Some(n) = p.node_port
            && n != 0
            && !port_in_range(n)
        {
            c.push(
                pp.key("nodePort"),
                format!("nodePort {n} is outside 1-65535"),
                "use a port in the cluster's node port range (30000-32767 by default), or leave it out",
            );
        }
        match p.name.as_deref().filter(|n| !n.is_empty()) {
            None if ports.len() > 1 => c.push(
                pp.key("name"),
                "port name is missing; a Service with several ports must name each",
                "add a name such as \"http\" or \"grpc\"",
            ),
            None => {}
            Some(n) => {
                if let Err(e) = names::dns1123_label(n) {
                    c.push(
                        pp.key("name"),
                        format!("port name {} is not a valid DNS-1123 label: {e}", quote(n)),
                        "use lowercase letters, digits and '-'",
                    );
                } else if !seen.insert(n) {
                    c.push(
                        pp.key("name"),
                        format!("duplicate port name {}", quote(n)),
                        "give each Service port its own name",
                    );
                }
            }
        }
    }
    if let Some(sel) = &spec.selector {
        label_map(c, sel, &base.key("selector"), "selector label");
    }
}

fn hpa(c: &mut Checker, min: Option<i32>, max: i32) {
    let base = Path::parse("spec");
    if let Some(m) = min
        && m < 1
    {
        c.push(
            base.key("minReplicas"),
            format!("minReplicas is {m}; the minimum is 1"),
            "set minReplicas to 1 or more (0 needs the alpha HPAScaleToZero feature gate)",
        );
    }
    if max < 1 {
        let at = base.key("maxReplicas");
        let msg = if c.present(&at) {
            format!("maxReplicas is {max}; the minimum is 1")
        } else {
            "maxReplicas is missing".into()
        };
        c.push(at, msg, "set maxReplicas to 1 or more");
    } else if let Some(m) = min
        && m > max
    {
        c.push(
            base.key("maxReplicas"),
            format!("maxReplicas {max} is below minReplicas {m}"),
            "make maxReplicas at least minReplicas",
        );
    }
}

/// Whether `labels` satisfy `sel`; `Err` names the first requirement that fails.
pub fn selector_matches(
    sel: &LabelSelector,
    labels: &BTreeMap<String, String>,
) -> Result<(), String> {
    for (k, v) in sel.match_labels.iter().flatten() {
        match labels.get(k) {
            Some(have) if have == v => {}
            Some(have) => {
                return Err(format!(
                    "selector wants {k}={v}, the pod template has {k}={have}"
                ));
            }
            None => {
                return Err(format!(
                    "selector wants {k}={v}, the pod template has no {k} label"
                ));
            }
        }
    }
    for e in sel.match_expressions.iter().flatten() {
        let have = labels.get(&e.key);
        let values = e.values.as_deref().unwrap_or_default();
        let ok = match e.operator.as_str() {
            "In" => have.is_some_and(|h| values.contains(h)),
            "NotIn" => !have.is_some_and(|h| values.contains(h)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            _ => true,
        };
        if !ok {
            return Err(format!(
                "selector expression \"{} {} [{}]\" does not hold for the pod template labels",
                e.key,
                e.operator,
                values.join(", ")
            ));
        }
    }
    Ok(())
}

fn selector(
    c: &mut Checker,
    sel: Option<&LabelSelector>,
    template: &k8s_openapi::api::core::v1::PodTemplateSpec,
    kind: &str,
    structured: bool,
) {
    let sel_path = Path::parse("spec.selector");
    let empty = sel.is_none_or(|s| {
        s.match_labels.as_ref().is_none_or(BTreeMap::is_empty)
            && s.match_expressions.as_ref().is_none_or(Vec::is_empty)
    });
    let Some(sel) = sel.filter(|_| !empty) else {
        c.push(
            sel_path,
            format!("the selector is empty; a {kind} needs one"),
            "set spec.selector.matchLabels to labels of spec.template.metadata.labels",
        );
        return;
    };
    if structured {
        if let Some(ml) = &sel.match_labels {
            label_map(c, ml, &sel_path.key("matchLabels"), "selector label");
        }
        for (i, e) in sel.match_expressions.iter().flatten().enumerate() {
            let ep = sel_path.key("matchExpressions").index(i);
            let n = e.values.as_ref().map_or(0, Vec::len);
            let problem = match e.operator.as_str() {
                "In" | "NotIn" if n == 0 => Some("needs at least one value"),
                "Exists" | "DoesNotExist" if n > 0 => Some("must have no values"),
                "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
                _ => Some("is not one of In, NotIn, Exists, DoesNotExist"),
            };
            if let Some(p) = problem {
                c.push(
                    ep.key("operator"),
                    format!("operator {} {p}", quote(&e.operator)),
                    "In/NotIn take values, Exists/DoesNotExist take none",
                );
            }
            if let Err(err) = names::qualified_name(&e.key) {
                c.push(
                    ep.key("key"),
                    format!("selector key {} is invalid: {err}", quote(&e.key)),
                    "use a label key such as app.kubernetes.io/name",
                );
            }
        }
    }
    let empty_labels = BTreeMap::new();
    let labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&empty_labels);
    if let Err(why) = selector_matches(sel, labels) {
        c.push(
            sel_path,
            format!("the selector does not match the pod template labels: {why}"),
            "make spec.template.metadata.labels include every selector label (the API server rejects this)",
        );
    }
}
