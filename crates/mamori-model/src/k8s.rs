//! Kubernetes objects: workloads and their pod specs, namespaces, service accounts, RBAC, network
//! policies, and the `aws-auth` ConfigMap of EKS.
//!
//! Field names follow the Kubernetes API, in snake case. Every workload kind (Pod, Deployment,
//! StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ReplicationController) carries one
//! [`PodSpec`], read from wherever that kind keeps it, together with the path of that place in
//! the manifest (`spec`, `spec.template.spec`, `spec.jobTemplate.spec.template.spec`), so that
//! rules name attributes by the manifest's own paths.

use crate::attr::{Attr, State};
use crate::resource::ResourceMeta;
use crate::span::Origin;

pub const KIND_POD: &str = "Kubernetes::Pod";
pub const KIND_DEPLOYMENT: &str = "Kubernetes::Deployment";
pub const KIND_STATEFUL_SET: &str = "Kubernetes::StatefulSet";
pub const KIND_DAEMON_SET: &str = "Kubernetes::DaemonSet";
pub const KIND_REPLICA_SET: &str = "Kubernetes::ReplicaSet";
pub const KIND_JOB: &str = "Kubernetes::Job";
pub const KIND_CRON_JOB: &str = "Kubernetes::CronJob";
pub const KIND_REPLICATION_CONTROLLER: &str = "Kubernetes::ReplicationController";
pub const KIND_NAMESPACE: &str = "Kubernetes::Namespace";
pub const KIND_SERVICE_ACCOUNT: &str = "Kubernetes::ServiceAccount";
pub const KIND_ROLE: &str = "Kubernetes::Role";
pub const KIND_CLUSTER_ROLE: &str = "Kubernetes::ClusterRole";
pub const KIND_ROLE_BINDING: &str = "Kubernetes::RoleBinding";
pub const KIND_CLUSTER_ROLE_BINDING: &str = "Kubernetes::ClusterRoleBinding";
pub const KIND_NETWORK_POLICY: &str = "Kubernetes::NetworkPolicy";
/// The `aws-auth` ConfigMap of namespace `kube-system`, which maps IAM identities to
/// Kubernetes users and groups on EKS.
pub const KIND_AWS_AUTH: &str = "Kubernetes::ConfigMap::aws-auth";

/// Every workload kind, in the order the adapter documents them.
pub const WORKLOAD_KINDS: &[&str] = &[
    KIND_POD,
    KIND_DEPLOYMENT,
    KIND_STATEFUL_SET,
    KIND_DAEMON_SET,
    KIND_REPLICA_SET,
    KIND_JOB,
    KIND_CRON_JOB,
    KIND_REPLICATION_CONTROLLER,
];

/// The namespace of a namespaced object that names none.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Label of a Namespace that sets the Pod Security Admission level enforced in it.
pub const PSA_ENFORCE_LABEL: &str = "pod-security.kubernetes.io/enforce";
/// Prefix of every Pod Security Admission label (`enforce`, `audit`, `warn` and their `-version`).
pub const PSA_LABEL_PREFIX: &str = "pod-security.kubernetes.io/";
/// Annotation prefix of the legacy per-container AppArmor profile (beta, before the field).
pub const APPARMOR_ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";
/// Legacy (alpha) seccomp annotation of the whole pod.
pub const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
/// Legacy (alpha) seccomp annotation prefix of one container.
pub const SECCOMP_CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";
/// Annotation of a ServiceAccount that names the IAM role its pods assume (IRSA).
pub const IRSA_ROLE_ANNOTATION: &str = "eks.amazonaws.com/role-arn";

/// The levels of the Pod Security Standards, from the most permissive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PssLevel {
    Privileged,
    Baseline,
    Restricted,
}

impl PssLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            PssLevel::Privileged => "privileged",
            PssLevel::Baseline => "baseline",
            PssLevel::Restricted => "restricted",
        }
    }

    /// A level as a namespace label holds it: exactly `privileged`, `baseline` or `restricted`.
    /// Pod Security Admission enforces `restricted` for any other value of the `enforce` label.
    pub fn parse_label(s: &str) -> Option<PssLevel> {
        match s {
            "privileged" => Some(PssLevel::Privileged),
            "baseline" => Some(PssLevel::Baseline),
            "restricted" => Some(PssLevel::Restricted),
            _ => None,
        }
    }

    /// A level as written in a setting, without regard to case.
    pub fn parse(s: &str) -> Option<PssLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "privileged" => Some(PssLevel::Privileged),
            "baseline" => Some(PssLevel::Baseline),
            "restricted" => Some(PssLevel::Restricted),
            _ => None,
        }
    }
}

/// One entry of a string map (`labels`, `annotations`, `resources.limits`): its key as written,
/// its value, and where the entry is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub origin: Origin,
    pub key: String,
    pub value: Attr<String>,
}

/// The entry with this key (the last one, as Kubernetes keeps the last of duplicated keys).
pub fn entry<'a>(entries: &'a Attr<Vec<Entry>>, key: &str) -> Option<&'a Entry> {
    entries.value()?.iter().rev().find(|e| e.key == key)
}

/// `metadata` of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMeta {
    pub name: Attr<String>,
    /// Absent in the manifest means the namespace it is applied to: `default` unless
    /// `kubectl apply -n` says otherwise (the default is set by `apply_defaults`).
    pub namespace: Attr<String>,
    pub labels: Attr<Vec<Entry>>,
    pub annotations: Attr<Vec<Entry>>,
}

impl ObjectMeta {
    pub fn new(origin: &Origin) -> Self {
        ObjectMeta {
            name: Attr::absent(origin.clone()),
            namespace: Attr::absent(origin.clone()),
            labels: Attr::absent(origin.clone()),
            annotations: Attr::absent(origin.clone()),
        }
    }

    pub fn label(&self, key: &str) -> Option<&Entry> {
        entry(&self.labels, key)
    }

    pub fn annotation(&self, key: &str) -> Option<&Entry> {
        entry(&self.annotations, key)
    }

    /// The namespace, or `default` when the value cannot be told.
    pub fn namespace_or_default(&self) -> &str {
        self.namespace.value().map_or(DEFAULT_NAMESPACE, String::as_str)
    }
}

/// A workload: a Pod, or a controller that creates pods from a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sWorkload {
    pub meta: ResourceMeta,
    /// `kind` as written: `Pod`, `Deployment`, `CronJob`…
    pub kind: String,
    /// The object's own `metadata`.
    pub metadata: ObjectMeta,
    /// The metadata of the pods it creates: the object's own for a Pod, else
    /// `spec.template.metadata` (`spec.jobTemplate.spec.template.metadata` for a CronJob). Only
    /// its labels and annotations are read (the AppArmor and seccomp annotations live there).
    pub pod_metadata: ObjectMeta,
    /// Where `pod_metadata` is in the manifest: `metadata`, `spec.template.metadata`, …
    pub pod_metadata_path: String,
    /// The pod spec; unknown when it is not a mapping, absent when the manifest has none.
    pub pod: Attr<PodSpec>,
    /// Where the pod spec is in the manifest: `spec`, `spec.template.spec` or
    /// `spec.jobTemplate.spec.template.spec`. Attribute paths of findings start with it.
    pub pod_path: String,
}

impl K8sWorkload {
    pub fn new(meta: ResourceMeta, kind: &str, pod_path: &str, pod_metadata_path: &str) -> Self {
        let o = meta.origin.clone();
        K8sWorkload {
            meta,
            kind: kind.to_string(),
            metadata: ObjectMeta::new(&o),
            pod_metadata: ObjectMeta::new(&o),
            pod_metadata_path: pod_metadata_path.to_string(),
            pod: Attr::absent(o),
            pod_path: pod_path.to_string(),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.metadata.namespace.or_default_to(DEFAULT_NAMESPACE.to_string());
        if let State::Set(p) = &mut self.pod.state {
            p.apply_defaults();
        }
    }

    /// The path of an attribute of the pod spec: `spec.template.spec.hostNetwork`.
    pub fn pod_attribute(&self, path: &str) -> String {
        if path.is_empty() {
            self.pod_path.clone()
        } else {
            format!("{}.{path}", self.pod_path)
        }
    }

    /// The path of an annotation of the pods: `spec.template.metadata.annotations[<key>]`.
    pub fn annotation_attribute(&self, key: &str) -> String {
        format!("{}.annotations[{key}]", self.pod_metadata_path)
    }

    /// The legacy AppArmor annotation of a container, if the pods carry one.
    pub fn apparmor_annotation(&self, container: &str) -> Option<&Entry> {
        self.pod_metadata
            .annotation(&format!("{APPARMOR_ANNOTATION_PREFIX}{container}"))
    }

    /// The legacy (alpha) seccomp annotation of the whole pod, if the pods carry one. Current
    /// Kubernetes versions no longer apply it; the `seccompProfile` field replaced it.
    pub fn seccomp_pod_annotation(&self) -> Option<&Entry> {
        self.pod_metadata.annotation(SECCOMP_POD_ANNOTATION)
    }

    /// The legacy (alpha) seccomp annotation of a container, if the pods carry one.
    pub fn seccomp_container_annotation(&self, container: &str) -> Option<&Entry> {
        self.pod_metadata
            .annotation(&format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{container}"))
    }
}

/// `spec` of a pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSpec {
    /// The pod spec mapping.
    pub origin: Origin,
    pub host_network: Attr<bool>,
    pub host_pid: Attr<bool>,
    pub host_ipc: Attr<bool>,
    /// `hostUsers`: `false` runs the pod in its own user namespace. Defaults to `true`.
    pub host_users: Attr<bool>,
    /// `os.name`: `linux` or `windows`.
    pub os_name: Attr<String>,
    /// `serviceAccountName` (or the deprecated `serviceAccount`). Defaults to `default`.
    pub service_account_name: Attr<String>,
    pub automount_service_account_token: Attr<bool>,
    pub security_context: PodSecurityContext,
    pub volumes: Attr<Vec<PodVolume>>,
    pub init_containers: Attr<Vec<K8sContainer>>,
    pub containers: Attr<Vec<K8sContainer>>,
    pub ephemeral_containers: Attr<Vec<K8sContainer>>,
}

impl PodSpec {
    pub fn new(origin: Origin) -> Self {
        let o = origin.clone();
        PodSpec {
            host_network: Attr::absent(o.clone()),
            host_pid: Attr::absent(o.clone()),
            host_ipc: Attr::absent(o.clone()),
            host_users: Attr::absent(o.clone()),
            os_name: Attr::absent(o.clone()),
            service_account_name: Attr::absent(o.clone()),
            automount_service_account_token: Attr::absent(o.clone()),
            security_context: PodSecurityContext::new(&o),
            volumes: Attr::absent(o.clone()),
            init_containers: Attr::absent(o.clone()),
            containers: Attr::absent(o.clone()),
            ephemeral_containers: Attr::absent(o),
            origin,
        }
    }

    pub fn apply_defaults(&mut self) {
        // The API server's defaults (pkg/apis/core/v1/defaults.go and the field documentation).
        self.host_network.or_default_to(false);
        self.host_pid.or_default_to(false);
        self.host_ipc.or_default_to(false);
        self.host_users.or_default_to(true);
        self.service_account_name.or_default_to("default".to_string());
        for list in [
            &mut self.init_containers,
            &mut self.containers,
            &mut self.ephemeral_containers,
        ] {
            if let State::Set(cs) = &mut list.state {
                for c in cs {
                    c.apply_defaults();
                }
            }
        }
    }

    /// Every container list with its kind: init, regular, then ephemeral containers.
    pub fn container_lists(&self) -> [(ContainerKind, &Attr<Vec<K8sContainer>>); 3] {
        [
            (ContainerKind::Init, &self.init_containers),
            (ContainerKind::Regular, &self.containers),
            (ContainerKind::Ephemeral, &self.ephemeral_containers),
        ]
    }

    /// Every container that can be read, init containers first.
    pub fn all_containers(&self) -> impl Iterator<Item = &K8sContainer> {
        self.container_lists()
            .into_iter()
            .flat_map(|(_, l)| l.value().map(|v| v.iter()).into_iter().flatten())
    }

    /// Whether the pod declares Windows (`os.name: windows`).
    pub fn is_windows(&self) -> bool {
        self.os_name.value().is_some_and(|n| n.eq_ignore_ascii_case("windows"))
    }

    /// Whether the pod runs in its own user namespace (`hostUsers: false`).
    pub fn user_namespace(&self) -> bool {
        self.host_users.value() == Some(&false)
    }

    /// The volume with this name.
    pub fn volume(&self, name: &str) -> Option<&PodVolume> {
        self.volumes
            .value()?
            .iter()
            .find(|v| v.name.value().is_some_and(|n| n == name))
    }
}

/// `spec.securityContext` of a pod. When the pod has none, every field is absent and points at
/// the pod spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSecurityContext {
    /// The `securityContext` mapping, or the pod spec without one.
    pub origin: Origin,
    pub run_as_non_root: Attr<bool>,
    pub run_as_user: Attr<i64>,
    pub run_as_group: Attr<i64>,
    pub fs_group: Attr<i64>,
    pub supplemental_groups: Attr<Vec<Attr<i64>>>,
    /// `seccompProfile.type`: `RuntimeDefault`, `Localhost` or `Unconfined`.
    pub seccomp_profile_type: Attr<String>,
    /// `appArmorProfile.type`: `RuntimeDefault`, `Localhost` or `Unconfined`.
    pub apparmor_profile_type: Attr<String>,
    pub se_linux_options: SeLinuxOptions,
    pub sysctls: Attr<Vec<Sysctl>>,
    /// `windowsOptions.hostProcess`.
    pub windows_host_process: Attr<bool>,
}

impl PodSecurityContext {
    pub fn new(origin: &Origin) -> Self {
        PodSecurityContext {
            origin: origin.clone(),
            run_as_non_root: Attr::absent(origin.clone()),
            run_as_user: Attr::absent(origin.clone()),
            run_as_group: Attr::absent(origin.clone()),
            fs_group: Attr::absent(origin.clone()),
            supplemental_groups: Attr::absent(origin.clone()),
            seccomp_profile_type: Attr::absent(origin.clone()),
            apparmor_profile_type: Attr::absent(origin.clone()),
            se_linux_options: SeLinuxOptions::new(origin),
            sysctls: Attr::absent(origin.clone()),
            windows_host_process: Attr::absent(origin.clone()),
        }
    }

    /// A security context that cannot be read: every field unknown for the same reason.
    pub fn unknown(reason: &str, origin: &Origin) -> Self {
        PodSecurityContext {
            origin: origin.clone(),
            run_as_non_root: Attr::unknown(reason, origin.clone()),
            run_as_user: Attr::unknown(reason, origin.clone()),
            run_as_group: Attr::unknown(reason, origin.clone()),
            fs_group: Attr::unknown(reason, origin.clone()),
            supplemental_groups: Attr::unknown(reason, origin.clone()),
            seccomp_profile_type: Attr::unknown(reason, origin.clone()),
            apparmor_profile_type: Attr::unknown(reason, origin.clone()),
            se_linux_options: SeLinuxOptions::unknown(reason, origin),
            sysctls: Attr::unknown(reason, origin.clone()),
            windows_host_process: Attr::unknown(reason, origin.clone()),
        }
    }
}

/// `seLinuxOptions` of a pod or container security context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeLinuxOptions {
    pub type_: Attr<String>,
    pub user: Attr<String>,
    pub role: Attr<String>,
    pub level: Attr<String>,
}

impl SeLinuxOptions {
    pub fn new(origin: &Origin) -> Self {
        SeLinuxOptions {
            type_: Attr::absent(origin.clone()),
            user: Attr::absent(origin.clone()),
            role: Attr::absent(origin.clone()),
            level: Attr::absent(origin.clone()),
        }
    }

    pub fn unknown(reason: &str, origin: &Origin) -> Self {
        SeLinuxOptions {
            type_: Attr::unknown(reason, origin.clone()),
            user: Attr::unknown(reason, origin.clone()),
            role: Attr::unknown(reason, origin.clone()),
            level: Attr::unknown(reason, origin.clone()),
        }
    }
}

/// One entry of `securityContext.sysctls`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sysctl {
    pub origin: Origin,
    pub name: Attr<String>,
    pub value: Attr<String>,
}

/// One entry of `spec.volumes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodVolume {
    pub origin: Origin,
    pub name: Attr<String>,
    /// Every volume source the entry declares (normally one): its key (`hostPath`, `emptyDir`,
    /// `nfs`…) and where it is written.
    pub sources: Vec<(String, Origin)>,
    /// `hostPath.path`, absent for other sources.
    pub host_path: Attr<String>,
}

impl PodVolume {
    /// The label of a volume in attribute paths: its name, or `#n`.
    pub fn label(&self, index: usize) -> String {
        crate::attr::item_label(&self.name, index)
    }
}

/// Which list of the pod spec a container belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    Init,
    Regular,
    Ephemeral,
}

impl ContainerKind {
    /// The list's key in the pod spec.
    pub fn field(self) -> &'static str {
        match self {
            ContainerKind::Init => "initContainers",
            ContainerKind::Regular => "containers",
            ContainerKind::Ephemeral => "ephemeralContainers",
        }
    }

    /// "init container", "container", "ephemeral container" (English, Japanese).
    pub fn noun(self) -> (&'static str, &'static str) {
        match self {
            ContainerKind::Init => ("init container", "初期化コンテナ"),
            ContainerKind::Regular => ("container", "コンテナ"),
            ContainerKind::Ephemeral => ("ephemeral container", "エフェメラルコンテナ"),
        }
    }
}

/// One container of a pod: an init, regular or ephemeral container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sContainer {
    pub origin: Origin,
    pub kind: ContainerKind,
    pub name: Attr<String>,
    pub image: Attr<String>,
    pub security_context: ContainerSecurityContext,
    pub ports: Attr<Vec<ContainerPort>>,
    /// The `host` fields of the probes (`livenessProbe`, `readinessProbe`, `startupProbe`) and
    /// lifecycle handlers (`lifecycle.postStart`, `lifecycle.preStop`), for `httpGet` and
    /// `tcpSocket`: the path inside the container (`livenessProbe.httpGet.host`) and the value.
    /// Only handlers that name a host are listed.
    pub probe_hosts: Vec<(String, Attr<String>)>,
    /// `env[].valueFrom.secretKeyRef`.
    pub env_secret_refs: Vec<EnvSecretRef>,
    /// `envFrom[].secretRef`: the secret's name.
    pub env_from_secrets: Vec<Attr<String>>,
    pub volume_mounts: Attr<Vec<VolumeMount>>,
    pub resources: Resources,
}

impl K8sContainer {
    pub fn new(origin: Origin, kind: ContainerKind) -> Self {
        let o = origin.clone();
        K8sContainer {
            kind,
            name: Attr::absent(o.clone()),
            image: Attr::absent(o.clone()),
            security_context: ContainerSecurityContext::new(&o),
            ports: Attr::absent(o.clone()),
            probe_hosts: Vec::new(),
            env_secret_refs: Vec::new(),
            env_from_secrets: Vec::new(),
            volume_mounts: Attr::absent(o.clone()),
            resources: Resources {
                limits: Attr::absent(o.clone()),
                requests: Attr::absent(o),
            },
            origin,
        }
    }

    pub fn apply_defaults(&mut self) {
        let sc = &mut self.security_context;
        sc.privileged.or_default_to(false);
        sc.read_only_root_filesystem.or_default_to(false);
        sc.proc_mount.or_default_to("Default".to_string());
        if let State::Set(mounts) = &mut self.volume_mounts.state {
            for m in mounts {
                m.read_only.or_default_to(false);
            }
        }
    }

    /// The container's label in attribute paths: its name, or `#n` (1-based within its list).
    pub fn label(&self, index: usize) -> String {
        crate::attr::item_label(&self.name, index)
    }
}

/// `securityContext` of a container. When the container has none, every field is absent and
/// points at the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerSecurityContext {
    pub origin: Origin,
    pub privileged: Attr<bool>,
    /// `allowPrivilegeEscalation`. Not defaulted: Kubernetes lets the process gain privileges
    /// when it is unset (unless the container is privileged or has `CAP_SYS_ADMIN`).
    pub allow_privilege_escalation: Attr<bool>,
    /// `capabilities.add`, as written.
    pub capabilities_add: Attr<Vec<Attr<String>>>,
    /// `capabilities.drop`, as written.
    pub capabilities_drop: Attr<Vec<Attr<String>>>,
    pub run_as_non_root: Attr<bool>,
    pub run_as_user: Attr<i64>,
    pub run_as_group: Attr<i64>,
    pub read_only_root_filesystem: Attr<bool>,
    /// `procMount`: `Default` (the default) or `Unmasked`.
    pub proc_mount: Attr<String>,
    pub seccomp_profile_type: Attr<String>,
    pub apparmor_profile_type: Attr<String>,
    pub se_linux_options: SeLinuxOptions,
    pub windows_host_process: Attr<bool>,
}

impl ContainerSecurityContext {
    pub fn new(origin: &Origin) -> Self {
        ContainerSecurityContext {
            origin: origin.clone(),
            privileged: Attr::absent(origin.clone()),
            allow_privilege_escalation: Attr::absent(origin.clone()),
            capabilities_add: Attr::absent(origin.clone()),
            capabilities_drop: Attr::absent(origin.clone()),
            run_as_non_root: Attr::absent(origin.clone()),
            run_as_user: Attr::absent(origin.clone()),
            run_as_group: Attr::absent(origin.clone()),
            read_only_root_filesystem: Attr::absent(origin.clone()),
            proc_mount: Attr::absent(origin.clone()),
            seccomp_profile_type: Attr::absent(origin.clone()),
            apparmor_profile_type: Attr::absent(origin.clone()),
            se_linux_options: SeLinuxOptions::new(origin),
            windows_host_process: Attr::absent(origin.clone()),
        }
    }

    pub fn unknown(reason: &str, origin: &Origin) -> Self {
        ContainerSecurityContext {
            origin: origin.clone(),
            privileged: Attr::unknown(reason, origin.clone()),
            allow_privilege_escalation: Attr::unknown(reason, origin.clone()),
            capabilities_add: Attr::unknown(reason, origin.clone()),
            capabilities_drop: Attr::unknown(reason, origin.clone()),
            run_as_non_root: Attr::unknown(reason, origin.clone()),
            run_as_user: Attr::unknown(reason, origin.clone()),
            run_as_group: Attr::unknown(reason, origin.clone()),
            read_only_root_filesystem: Attr::unknown(reason, origin.clone()),
            proc_mount: Attr::unknown(reason, origin.clone()),
            seccomp_profile_type: Attr::unknown(reason, origin.clone()),
            apparmor_profile_type: Attr::unknown(reason, origin.clone()),
            se_linux_options: SeLinuxOptions::unknown(reason, origin),
            windows_host_process: Attr::unknown(reason, origin.clone()),
        }
    }
}

/// One entry of a container's `ports`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub origin: Origin,
    pub name: Attr<String>,
    pub container_port: Attr<i64>,
    pub host_port: Attr<i64>,
    /// `TCP` (the default), `UDP` or `SCTP`.
    pub protocol: Attr<String>,
}

impl ContainerPort {
    /// The port's label in attribute paths: its container port (`8080`, `53/UDP`), else its name,
    /// else `#n`.
    pub fn label(&self, index: usize) -> String {
        let proto = self
            .protocol
            .value()
            .filter(|p| !p.eq_ignore_ascii_case("TCP"))
            .map(|p| format!("/{}", p.to_ascii_uppercase()))
            .unwrap_or_default();
        match (self.container_port.value(), self.name.value()) {
            (Some(p), _) => format!("{p}{proto}"),
            (None, Some(n)) => n.clone(),
            _ => format!("#{}", index + 1),
        }
    }
}

/// An environment variable that reads a Secret key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvSecretRef {
    pub origin: Origin,
    /// The variable's name.
    pub env_name: Attr<String>,
    /// `secretKeyRef.name` and `.key`.
    pub secret_name: Attr<String>,
    pub key: Attr<String>,
}

/// One entry of a container's `volumeMounts`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeMount {
    pub origin: Origin,
    pub name: Attr<String>,
    pub mount_path: Attr<String>,
    pub read_only: Attr<bool>,
}

/// `resources` of a container: `limits` and `requests` (`cpu`, `memory`…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resources {
    pub limits: Attr<Vec<Entry>>,
    pub requests: Attr<Vec<Entry>>,
}

/// A Namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sNamespace {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
}

impl K8sNamespace {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        K8sNamespace {
            meta,
            metadata: ObjectMeta::new(&o),
        }
    }

    pub fn apply_defaults(&mut self) {}

    /// The `pod-security.kubernetes.io/enforce` label.
    pub fn psa_enforce(&self) -> Option<&Entry> {
        self.metadata.label(PSA_ENFORCE_LABEL)
    }
}

/// A ServiceAccount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sServiceAccount {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
    /// Not defaulted: when unset, pods decide (and mount the token unless they opt out).
    pub automount_service_account_token: Attr<bool>,
}

impl K8sServiceAccount {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        K8sServiceAccount {
            meta,
            metadata: ObjectMeta::new(&o),
            automount_service_account_token: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.metadata.namespace.or_default_to(DEFAULT_NAMESPACE.to_string());
    }

    /// The IAM role of IRSA (`eks.amazonaws.com/role-arn`).
    pub fn irsa_role_arn(&self) -> Option<&Entry> {
        self.metadata.annotation(IRSA_ROLE_ANNOTATION)
    }
}

/// A Role or a ClusterRole (told apart by `meta.kind` and `cluster_scoped`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sRole {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
    pub cluster_scoped: bool,
    pub rules: Attr<Vec<PolicyRule>>,
    /// `aggregationRule.clusterRoleSelectors` of a ClusterRole: its rules are those of the
    /// ClusterRoles these selectors match, filled in by the controller manager.
    pub aggregation_selectors: Attr<Vec<LabelSelector>>,
}

impl K8sRole {
    pub fn new(meta: ResourceMeta, cluster_scoped: bool) -> Self {
        let o = meta.origin.clone();
        K8sRole {
            meta,
            metadata: ObjectMeta::new(&o),
            cluster_scoped,
            rules: Attr::absent(o.clone()),
            aggregation_selectors: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        if !self.cluster_scoped {
            self.metadata.namespace.or_default_to(DEFAULT_NAMESPACE.to_string());
        }
    }
}

/// One entry of `rules` of a Role or ClusterRole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyRule {
    pub origin: Origin,
    pub api_groups: Attr<Vec<Attr<String>>>,
    pub resources: Attr<Vec<Attr<String>>>,
    pub verbs: Attr<Vec<Attr<String>>>,
    pub resource_names: Attr<Vec<Attr<String>>>,
    pub non_resource_urls: Attr<Vec<Attr<String>>>,
}

/// A RoleBinding or a ClusterRoleBinding (told apart by `meta.kind` and `cluster_scoped`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sRoleBinding {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
    pub cluster_scoped: bool,
    /// `roleRef.kind`: `Role` or `ClusterRole`.
    pub role_kind: Attr<String>,
    /// `roleRef.name`.
    pub role_name: Attr<String>,
    pub subjects: Attr<Vec<Subject>>,
}

impl K8sRoleBinding {
    pub fn new(meta: ResourceMeta, cluster_scoped: bool) -> Self {
        let o = meta.origin.clone();
        K8sRoleBinding {
            meta,
            metadata: ObjectMeta::new(&o),
            cluster_scoped,
            role_kind: Attr::absent(o.clone()),
            role_name: Attr::absent(o.clone()),
            subjects: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        if !self.cluster_scoped {
            self.metadata.namespace.or_default_to(DEFAULT_NAMESPACE.to_string());
        }
    }
}

/// One entry of `subjects` of a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    pub origin: Origin,
    /// `User`, `Group` or `ServiceAccount`.
    pub kind: Attr<String>,
    pub name: Attr<String>,
    /// The namespace of a ServiceAccount subject.
    pub namespace: Attr<String>,
}

/// A label selector (`podSelector`, `namespaceSelector`, `clusterRoleSelectors[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSelector {
    pub origin: Origin,
    pub match_labels: Attr<Vec<Entry>>,
    /// `matchExpressions`: how many there are (their content is not judged yet).
    pub match_expressions: Attr<usize>,
}

impl LabelSelector {
    /// Whether the selector is empty and so selects everything.
    pub fn selects_all(&self) -> Option<bool> {
        let labels = match &self.match_labels.state {
            State::Set(l) | State::Default(l) => l.is_empty(),
            State::Absent => true,
            State::Unknown(_) => return None,
        };
        let exprs = match &self.match_expressions.state {
            State::Set(n) | State::Default(n) => *n == 0,
            State::Absent => true,
            State::Unknown(_) => return None,
        };
        Some(labels && exprs)
    }
}

/// A NetworkPolicy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct K8sNetworkPolicy {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
    pub pod_selector: Attr<LabelSelector>,
    /// `policyTypes`. When omitted, Kubernetes takes `Ingress`, plus `Egress` when the policy
    /// has `egress` rules (set by `apply_defaults`).
    pub policy_types: Attr<Vec<Attr<String>>>,
    /// How many `ingress` rules and `egress` rules the policy lists; absent when the key is.
    pub ingress_rules: Attr<usize>,
    pub egress_rules: Attr<usize>,
}

impl K8sNetworkPolicy {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        K8sNetworkPolicy {
            meta,
            metadata: ObjectMeta::new(&o),
            pod_selector: Attr::absent(o.clone()),
            policy_types: Attr::absent(o.clone()),
            ingress_rules: Attr::absent(o.clone()),
            egress_rules: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {
        self.metadata.namespace.or_default_to(DEFAULT_NAMESPACE.to_string());
        if self.policy_types.is_absent() && !self.egress_rules.is_unknown() {
            // "If this field is not specified, it will default based on the existence of
            // ingress or egress rules": Ingress always, Egress when egress rules exist.
            let o = self.policy_types.origin.clone();
            let mut types = vec![Attr {
                state: State::Default("Ingress".to_string()),
                origin: o.clone(),
            }];
            if self.egress_rules.value().is_some_and(|n| *n > 0) {
                types.push(Attr {
                    state: State::Default("Egress".to_string()),
                    origin: o,
                });
            }
            self.policy_types.or_default_to(types);
        }
    }
}

/// The `aws-auth` ConfigMap of `kube-system`: IAM roles, users and accounts mapped to
/// Kubernetes identities. Its `mapRoles`, `mapUsers` and `mapAccounts` are YAML held in strings;
/// the origins point inside those strings when they are block literals, else at the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsAuthConfigMap {
    pub meta: ResourceMeta,
    pub metadata: ObjectMeta,
    pub map_roles: Attr<Vec<AwsAuthMapping>>,
    pub map_users: Attr<Vec<AwsAuthMapping>>,
    pub map_accounts: Attr<Vec<Attr<String>>>,
}

impl AwsAuthConfigMap {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        AwsAuthConfigMap {
            meta,
            metadata: ObjectMeta::new(&o),
            map_roles: Attr::absent(o.clone()),
            map_users: Attr::absent(o.clone()),
            map_accounts: Attr::absent(o),
        }
    }

    pub fn apply_defaults(&mut self) {}
}

/// One entry of `mapRoles` or `mapUsers`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsAuthMapping {
    pub origin: Origin,
    /// `rolearn` (mapRoles) or `userarn` (mapUsers).
    pub arn: Attr<String>,
    pub username: Attr<String>,
    pub groups: Attr<Vec<Attr<String>>>,
}
