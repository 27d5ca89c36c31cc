//! Which apiVersion/kind pairs are known, and decoding a document into its typed
//! k8s-openapi object (Kubernetes 1.37 API types) through the recording deserializer.
//!
//! The kinds a chart render holds ([`CHECKED`]: workloads, Services, Ingresses, HPAs,
//! RBAC, ConfigMaps, Secrets...) are decoded field by field. Every other resource kind of
//! the 1.37 API ([`NAMED`]: CustomResourceDefinition, StorageClass, webhooks...) is known
//! (no "unknown kind" finding) but only its `metadata` is decoded and checked.
//!
//! Besides the kinds served by Kubernetes 1.37, the `Ingress` of `extensions/v1beta1`
//! and `networking.k8s.io/v1beta1` (removed in 1.22) is known through a small local
//! definition: the chart renders it when `--kube-version` is below 1.19, and it is the
//! right API for such clusters.

use k8s_openapi::api::{
    apps::v1 as apps, autoscaling::v1 as hpa1, autoscaling::v2 as hpa2, batch::v1 as batch,
    core::v1 as core, networking::v1 as net, policy::v1 as policy, rbac::v1 as rbac,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{Metadata, Resource};
use serde::Deserialize;
use serde_json::Value as J;

use super::de::{BadQuantity, Ctx, De, DeError, Unknown};
use super::path::{Path, Seg};

/// The Kubernetes version whose API types are checked against.
pub const KUBERNETES_VERSION: &str = "1.37";

/// A decoded object, for the rules that look inside.
#[derive(Clone, Debug)]
pub enum Typed {
    /// `v1 Pod`.
    Pod(Box<core::Pod>),
    /// `v1 Service`.
    Service(Box<core::Service>),
    /// `v1 ReplicationController`.
    ReplicationController(Box<core::ReplicationController>),
    /// `apps/v1 Deployment`.
    Deployment(Box<apps::Deployment>),
    /// `apps/v1 StatefulSet`.
    StatefulSet(Box<apps::StatefulSet>),
    /// `apps/v1 DaemonSet`.
    DaemonSet(Box<apps::DaemonSet>),
    /// `apps/v1 ReplicaSet`.
    ReplicaSet(Box<apps::ReplicaSet>),
    /// `batch/v1 Job`.
    Job(Box<batch::Job>),
    /// `batch/v1 CronJob`.
    CronJob(Box<batch::CronJob>),
    /// `autoscaling/v2 HorizontalPodAutoscaler`.
    HpaV2(Box<hpa2::HorizontalPodAutoscaler>),
    /// `autoscaling/v1 HorizontalPodAutoscaler`.
    HpaV1(Box<hpa1::HorizontalPodAutoscaler>),
    /// `networking.k8s.io/v1 Ingress`.
    Ingress(Box<net::Ingress>),
    /// `extensions/v1beta1` or `networking.k8s.io/v1beta1 Ingress`.
    LegacyIngress(Box<legacy::Ingress>),
    /// Any other known kind: only its metadata is looked at.
    Other,
}

/// A document decoded as far as it goes.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The object and its metadata; `None` when the document could not be decoded even
    /// after setting aside the fields with errors.
    pub object: Option<(Typed, ObjectMeta)>,
    /// Type errors, each with its path (one per field; the decoder skips a failing
    /// field and goes on).
    pub errors: Vec<DeError>,
    /// Fields the API type does not have.
    pub unknown: Vec<Unknown>,
    /// Quantities that do not parse.
    pub quantities: Vec<BadQuantity>,
}

/// How many failing fields are set aside before giving up on a document.
const MAX_ERRORS: usize = 32;

/// Decodes `json` as `T`, collecting every type error: after an error the failing field
/// is removed (its whole list when it is a list item) and decoding starts again, so
/// each error is reported once and later fields are still checked.
fn decode_as<T, F>(json: &J, wrap: F) -> Decoded
where
    T: for<'de> Deserialize<'de>,
    F: Fn(T) -> (Typed, ObjectMeta),
{
    // Copied only when a field has to be set aside.
    let mut doc = std::borrow::Cow::Borrowed(json);
    let mut out = Decoded {
        object: None,
        errors: Vec::new(),
        unknown: Vec::new(),
        quantities: Vec::new(),
    };
    loop {
        let ctx = Ctx::default();
        let result = T::deserialize(De::root(&doc, &ctx));
        for u in ctx.unknown.into_inner() {
            if !out.unknown.contains(&u) {
                out.unknown.push(u);
            }
        }
        for q in ctx.quantities.into_inner() {
            if !out.quantities.contains(&q) {
                out.quantities.push(q);
            }
        }
        match result {
            Ok(obj) => {
                out.object = Some(wrap(obj));
                return out;
            }
            Err(e) => {
                let removable = e.path.as_ref().and_then(removable_key);
                out.errors.push(e);
                let Some(p) = removable else { return out };
                if out.errors.len() >= MAX_ERRORS || !remove(doc.to_mut(), &p) {
                    return out;
                }
            }
        }
    }
}

/// The map key to drop for an error at `p`: `p` itself, or the list holding it.
fn removable_key(p: &Path) -> Option<Path> {
    let mut p = p.clone();
    while matches!(p.0.last(), Some(Seg::Index(_))) {
        p.0.pop();
    }
    matches!(p.0.last(), Some(Seg::Key(_))).then_some(p)
}

fn remove(doc: &mut J, p: &Path) -> bool {
    let Some((Seg::Key(last), parent)) = p.0.split_last() else {
        return false;
    };
    let mut cur = doc;
    for seg in parent {
        cur = match (seg, cur) {
            (Seg::Key(k), J::Object(m)) => match m.get_mut(k) {
                Some(v) => v,
                None => return false,
            },
            (Seg::Index(i), J::Array(a)) => match a.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    cur.as_object_mut().and_then(|m| m.remove(last)).is_some()
}

fn meta_of<T: Metadata<Ty = ObjectMeta>>(o: &T) -> ObjectMeta {
    o.metadata().clone()
}

macro_rules! registry {
    (
        checked { $( $ty:ty => $wrap:expr ),* $(,)? }
        named { $( $named:ty ),* $(,)? }
    ) => {
        /// Every apiVersion/kind pair decoded field by field into a k8s-openapi type.
        pub const CHECKED: &[(&str, &str)] = &[
            $( (<$ty as Resource>::API_VERSION, <$ty as Resource>::KIND), )*
            ("extensions/v1beta1", "Ingress"),
            ("networking.k8s.io/v1beta1", "Ingress"),
        ];

        /// The other resource kinds of the Kubernetes API: known, but only their
        /// `metadata` is decoded and checked (decoding them whole would add their
        /// deserializers to the binary for kinds a chart render rarely holds).
        pub const NAMED: &[(&str, &str)] = &[
            $( (<$named as Resource>::API_VERSION, <$named as Resource>::KIND), )*
        ];

        /// Decodes a document of a known apiVersion/kind; `None` for unknown ones.
        pub fn decode(api_version: &str, kind: &str, json: &J) -> Option<Decoded> {
            $(
                if api_version == <$ty as Resource>::API_VERSION && kind == <$ty as Resource>::KIND {
                    return Some(decode_as::<$ty, _>(json, |o| {
                        let meta = meta_of(&o);
                        (($wrap)(o), meta)
                    }));
                }
            )*
            if kind == "Ingress" && matches!(api_version, "extensions/v1beta1" | "networking.k8s.io/v1beta1") {
                return Some(decode_as::<legacy::Ingress, _>(json, |o| {
                    let meta = o.metadata.clone();
                    (Typed::LegacyIngress(Box::new(o)), meta)
                }));
            }
            if NAMED.contains(&(api_version, kind)) {
                return Some(decode_metadata(json));
            }
            None
        }
    };
}

/// Decodes only `metadata` of a document (for [`NAMED`] kinds).
fn decode_metadata(json: &J) -> Decoded {
    let empty = J::Object(serde_json::Map::new());
    let meta = json.get("metadata").unwrap_or(&empty);
    decode_as::<MetadataOnly, _>(&serde_json::json!({ "metadata": meta }), |m| {
        (Typed::Other, m.metadata)
    })
}

/// The `metadata` of an object whose other fields are not decoded.
#[derive(Deserialize)]
struct MetadataOnly {
    #[serde(default)]
    metadata: ObjectMeta,
}

fn other<T>(_: T) -> Typed {
    Typed::Other
}

registry! {
    checked {
        core::Pod => |o| Typed::Pod(Box::new(o)),
        core::Service => |o| Typed::Service(Box::new(o)),
        core::ReplicationController => |o| Typed::ReplicationController(Box::new(o)),
        core::ServiceAccount => other,
        core::Secret => other,
        core::ConfigMap => other,
        core::Namespace => other,
        core::PersistentVolumeClaim => other,
        apps::Deployment => |o| Typed::Deployment(Box::new(o)),
        apps::StatefulSet => |o| Typed::StatefulSet(Box::new(o)),
        apps::DaemonSet => |o| Typed::DaemonSet(Box::new(o)),
        apps::ReplicaSet => |o| Typed::ReplicaSet(Box::new(o)),
        batch::Job => |o| Typed::Job(Box::new(o)),
        batch::CronJob => |o| Typed::CronJob(Box::new(o)),
        hpa2::HorizontalPodAutoscaler => |o| Typed::HpaV2(Box::new(o)),
        hpa1::HorizontalPodAutoscaler => |o| Typed::HpaV1(Box::new(o)),
        net::Ingress => |o| Typed::Ingress(Box::new(o)),
        net::IngressClass => other,
        net::NetworkPolicy => other,
        rbac::Role => other,
        rbac::RoleBinding => other,
        rbac::ClusterRole => other,
        rbac::ClusterRoleBinding => other,
        policy::PodDisruptionBudget => other,
    }
    named {
        k8s_openapi::api::admissionregistration::v1::MutatingAdmissionPolicy,
        k8s_openapi::api::admissionregistration::v1::MutatingAdmissionPolicyBinding,
        k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration,
        k8s_openapi::api::admissionregistration::v1::ValidatingAdmissionPolicy,
        k8s_openapi::api::admissionregistration::v1::ValidatingAdmissionPolicyBinding,
        k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration,
        k8s_openapi::api::admissionregistration::v1alpha1::MutatingAdmissionPolicy,
        k8s_openapi::api::admissionregistration::v1alpha1::MutatingAdmissionPolicyBinding,
        k8s_openapi::api::admissionregistration::v1beta1::MutatingAdmissionPolicy,
        k8s_openapi::api::admissionregistration::v1beta1::MutatingAdmissionPolicyBinding,
        k8s_openapi::api::apiserverinternal::v1alpha1::StorageVersion,
        k8s_openapi::api::apps::v1::ControllerRevision,
        k8s_openapi::api::authentication::v1::SelfSubjectReview,
        k8s_openapi::api::authentication::v1::TokenReview,
        k8s_openapi::api::authorization::v1::LocalSubjectAccessReview,
        k8s_openapi::api::authorization::v1::SelfSubjectAccessReview,
        k8s_openapi::api::authorization::v1::SelfSubjectRulesReview,
        k8s_openapi::api::authorization::v1::SubjectAccessReview,
        k8s_openapi::api::certificates::v1::CertificateSigningRequest,
        k8s_openapi::api::certificates::v1::ClusterTrustBundle,
        k8s_openapi::api::certificates::v1::PodCertificateRequest,
        k8s_openapi::api::certificates::v1beta1::ClusterTrustBundle,
        k8s_openapi::api::certificates::v1beta1::PodCertificateRequest,
        k8s_openapi::api::coordination::v1::Lease,
        k8s_openapi::api::coordination::v1alpha2::LeaseCandidate,
        k8s_openapi::api::coordination::v1beta1::LeaseCandidate,
        k8s_openapi::api::core::v1::Binding,
        k8s_openapi::api::core::v1::ComponentStatus,
        k8s_openapi::api::core::v1::Endpoints,
        k8s_openapi::api::core::v1::Event,
        k8s_openapi::api::core::v1::LimitRange,
        k8s_openapi::api::core::v1::Node,
        k8s_openapi::api::core::v1::PersistentVolume,
        k8s_openapi::api::core::v1::PodTemplate,
        k8s_openapi::api::core::v1::ResourceQuota,
        k8s_openapi::api::discovery::v1::EndpointSlice,
        k8s_openapi::api::events::v1::Event,
        k8s_openapi::api::flowcontrol::v1::FlowSchema,
        k8s_openapi::api::flowcontrol::v1::PriorityLevelConfiguration,
        k8s_openapi::api::lifecycle::v1alpha1::Eviction,
        k8s_openapi::api::lifecycle::v1alpha1::EvictionRequest,
        k8s_openapi::api::networking::v1::IPAddress,
        k8s_openapi::api::networking::v1::ServiceCIDR,
        k8s_openapi::api::node::v1::RuntimeClass,
        k8s_openapi::api::resource::v1::DeviceClass,
        k8s_openapi::api::resource::v1::DeviceTaintRule,
        k8s_openapi::api::resource::v1::ResourceClaim,
        k8s_openapi::api::resource::v1::ResourceClaimTemplate,
        k8s_openapi::api::resource::v1::ResourceSlice,
        k8s_openapi::api::resource::v1alpha3::DeviceTaintRule,
        k8s_openapi::api::resource::v1alpha3::ResourcePoolStatusRequest,
        k8s_openapi::api::resource::v1beta1::DeviceClass,
        k8s_openapi::api::resource::v1beta1::ResourceClaim,
        k8s_openapi::api::resource::v1beta1::ResourceClaimTemplate,
        k8s_openapi::api::resource::v1beta1::ResourceSlice,
        k8s_openapi::api::resource::v1beta2::DeviceClass,
        k8s_openapi::api::resource::v1beta2::DeviceTaintRule,
        k8s_openapi::api::resource::v1beta2::ResourceClaim,
        k8s_openapi::api::resource::v1beta2::ResourceClaimTemplate,
        k8s_openapi::api::resource::v1beta2::ResourceSlice,
        k8s_openapi::api::scheduling::v1::PriorityClass,
        k8s_openapi::api::scheduling::v1alpha3::CompositePodGroup,
        k8s_openapi::api::scheduling::v1alpha3::PodGroup,
        k8s_openapi::api::scheduling::v1alpha3::Workload,
        k8s_openapi::api::scheduling::v1beta1::PodGroup,
        k8s_openapi::api::scheduling::v1beta1::Workload,
        k8s_openapi::api::storage::v1::CSIDriver,
        k8s_openapi::api::storage::v1::CSINode,
        k8s_openapi::api::storage::v1::CSIStorageCapacity,
        k8s_openapi::api::storage::v1::StorageClass,
        k8s_openapi::api::storage::v1::VolumeAttachment,
        k8s_openapi::api::storage::v1::VolumeAttributesClass,
        k8s_openapi::api::storagemigration::v1::StorageVersionMigration,
        k8s_openapi::api::storagemigration::v1beta1::StorageVersionMigration,
        k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition,
        k8s_openapi::kube_aggregator::pkg::apis::apiregistration::v1::APIService,
    }
}

/// The apiVersions under which `kind` is known, for "did you mean" hints.
pub fn versions_of(kind: &str) -> Vec<&'static str> {
    CHECKED
        .iter()
        .chain(NAMED)
        .filter(|(_, k)| *k == kind)
        .map(|(v, _)| *v)
        .collect()
}

/// The Ingress of `extensions/v1beta1` and `networking.k8s.io/v1beta1` (Kubernetes
/// 1.14–1.21), as the API server of those versions defined it.
pub mod legacy {
    use k8s_openapi::api::core::v1::{LoadBalancerStatus, TypedLocalObjectReference};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    use serde::Deserialize;

    /// `Ingress`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct Ingress {
        /// `apiVersion`.
        pub api_version: String,
        /// `kind`.
        pub kind: String,
        /// `metadata`.
        pub metadata: ObjectMeta,
        /// `spec`.
        pub spec: Option<IngressSpec>,
        /// `status`.
        pub status: Option<IngressStatus>,
    }

    /// `IngressSpec`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct IngressSpec {
        /// `ingressClassName`.
        pub ingress_class_name: Option<String>,
        /// `backend`: the default backend.
        pub backend: Option<IngressBackend>,
        /// `tls`.
        pub tls: Option<Vec<IngressTls>>,
        /// `rules`.
        pub rules: Option<Vec<IngressRule>>,
    }

    /// `IngressBackend`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct IngressBackend {
        /// `serviceName`.
        pub service_name: Option<String>,
        /// `servicePort`: a port number or name of the Service.
        pub service_port: Option<IntOrString>,
        /// `resource`.
        pub resource: Option<TypedLocalObjectReference>,
    }

    /// `IngressTLS`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct IngressTls {
        /// `hosts`.
        pub hosts: Option<Vec<String>>,
        /// `secretName`.
        pub secret_name: Option<String>,
    }

    /// `IngressRule`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct IngressRule {
        /// `host`.
        pub host: Option<String>,
        /// `http`.
        pub http: Option<HttpIngressRuleValue>,
    }

    /// `HTTPIngressRuleValue`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct HttpIngressRuleValue {
        /// `paths`.
        pub paths: Vec<HttpIngressPath>,
    }

    /// `HTTPIngressPath`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct HttpIngressPath {
        /// `path`.
        pub path: Option<String>,
        /// `pathType`.
        pub path_type: Option<String>,
        /// `backend`.
        pub backend: IngressBackend,
    }

    /// `IngressStatus`.
    #[derive(Clone, Debug, Default, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    pub struct IngressStatus {
        /// `loadBalancer`.
        pub load_balancer: Option<LoadBalancerStatus>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_type_error() {
        let doc = serde_json::json!({
            "apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
            "spec": {"ports": [{"port": "http"}], "type": 5, "selector": {"a": "b"}}
        });
        let d = decode("v1", "Service", &doc).expect("known kind");
        let paths: Vec<String> = d
            .errors
            .iter()
            .map(|e| e.path.as_ref().map(ToString::to_string).unwrap_or_default())
            .collect();
        assert_eq!(paths, ["spec.ports[0].port", "spec.type"]);
        let Some((Typed::Service(svc), meta)) = d.object else {
            panic!("decoded after setting the bad fields aside")
        };
        assert_eq!(meta.name.as_deref(), Some("s"));
        assert_eq!(svc.spec.and_then(|s| s.selector).map(|s| s.len()), Some(1));
    }

    #[test]
    fn knows_the_chart_kinds() {
        for (v, k) in [
            ("v1", "ServiceAccount"),
            ("v1", "Service"),
            ("v1", "Pod"),
            ("v1", "Secret"),
            ("v1", "ConfigMap"),
            ("rbac.authorization.k8s.io/v1", "Role"),
            ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            ("apps/v1", "Deployment"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("batch/v1", "Job"),
            ("networking.k8s.io/v1", "Ingress"),
            ("networking.k8s.io/v1beta1", "Ingress"),
        ] {
            assert!(CHECKED.contains(&(v, k)), "{v} {k}");
        }
        assert!(decode("apps/v1beta1", "Deployment", &J::Null).is_none());
        assert_eq!(versions_of("Deployment"), ["apps/v1"]);
    }

    #[test]
    fn other_api_kinds_are_known_by_metadata() {
        let doc = serde_json::json!({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "fast", "labells": {}},
            "provisioner": "x", "anything": 1
        });
        let d = decode("storage.k8s.io/v1", "StorageClass", &doc).expect("known");
        let unknown: Vec<String> = d.unknown.iter().map(|u| u.path.to_string()).collect();
        assert_eq!(unknown, ["metadata.labells"]);
        let Some((Typed::Other, meta)) = d.object else {
            panic!("metadata decoded")
        };
        assert_eq!(meta.name.as_deref(), Some("fast"));
        assert!(NAMED.contains(&("apiextensions.k8s.io/v1", "CustomResourceDefinition")));
        assert!(NAMED.len() > 60, "the whole API is named");
    }

    #[test]
    fn legacy_ingress_fields() {
        let doc = serde_json::json!({
            "apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "i"},
            "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"serviceName": "s", "servicePort": 80, "port": 1}}]}}]}
        });
        let d = decode("extensions/v1beta1", "Ingress", &doc).expect("known");
        assert!(d.errors.is_empty());
        let unknown: Vec<String> = d.unknown.iter().map(|u| u.path.to_string()).collect();
        assert_eq!(unknown, ["spec.rules[0].http.paths[0].backend.port"]);
    }
}
