//! What the Pod Security Standards rules share: which profile a workload is held to, the walk
//! over its containers, and how a pod's judgement becomes findings.
//!
//! Every workload is held to the profile of `[params] pss_profile` (`--pss-profile`; Restricted
//! by default). A Namespace of the same scan whose `pod-security.kubernetes.io/enforce` label
//! names a lower level holds its workloads to that level: a Baseline-only namespace is not
//! judged by the Restricted rules, a Privileged one by none.
//!
//! Findings name the manifest's own paths from the object down
//! (`spec.template.spec.containers[web].securityContext.privileged`); a container is named by
//! its list (`initContainers`, `containers`, `ephemeralContainers`) and its name, or `#n`.

use crate::Ctx;
use mamori_model::k8s::{K8sContainer, K8sWorkload, PodSpec, PssLevel};
use mamori_model::{Inventory, Origin, State, Text};

/// The level a workload is held to: the configured profile, lowered by its namespace's
/// `enforce` label when the scan declares that namespace. A label value Pod Security Admission
/// does not know makes it enforce `restricted`, so it lowers nothing.
pub fn level_of(inv: &Inventory, ctx: &Ctx<'_>, w: &K8sWorkload) -> PssLevel {
    let configured = ctx.params.pss_level();
    let ns = w.metadata.namespace_or_default();
    let label = inv
        .k8s_namespace(ns)
        .and_then(|n| n.psa_enforce())
        .and_then(|e| e.value.value())
        .and_then(|v| PssLevel::parse_label(v));
    match label {
        Some(l) => l.min(configured),
        None => configured,
    }
}

/// The pod spec of a workload the rule judges at `needs` (Baseline or Restricted): `None` when
/// the workload is held to a lower level, has no pod spec, or its pod spec cannot be read (then
/// the check is undecided).
pub fn pod<'a>(inv: &Inventory, ctx: &mut Ctx<'_>, w: &'a K8sWorkload, needs: PssLevel) -> Option<&'a PodSpec> {
    if level_of(inv, ctx, w) < needs {
        return None;
    }
    match &w.pod.state {
        State::Set(p) | State::Default(p) => Some(p),
        State::Unknown(r) => {
            ctx.undecided(&w.meta, &w.pod.origin, format!("the pod spec is unknown: {r}"));
            None
        }
        State::Absent => None,
    }
}

/// A container with the path of its list entry (`containers[web]`).
pub struct Container<'a> {
    pub c: &'a K8sContainer,
    /// The container's name, or `#n`.
    pub label: String,
    /// `containers[web]`, `initContainers[#1]`.
    pub path: String,
}

impl Container<'_> {
    /// A path inside the container (`securityContext.privileged`).
    pub fn at(&self, inner: &str) -> String {
        if inner.is_empty() {
            self.path.clone()
        } else {
            format!("{}.{inner}", self.path)
        }
    }

    /// "container `web`" in English and Japanese (init and ephemeral containers say so).
    pub fn noun(&self) -> (String, String) {
        let (en, ja) = self.c.kind.noun();
        (format!("{en} `{}`", self.label), format!("{ja} `{}`", self.label))
    }
}

/// Where a failure is: a path inside the pod spec, or a path of the whole object.
enum At {
    Pod(String),
    Object(String),
}

/// What a rule found on one workload: every failure (one finding each), and the first value
/// that could not be read.
#[derive(Default)]
pub struct Judgement {
    fails: Vec<(At, Origin, Text)>,
    unknown: Option<(Origin, String)>,
}

impl Judgement {
    /// A failure at `path` (inside the pod spec; `Workload::pod_attribute` is applied by
    /// [`Judgement::report`]).
    pub fn fail(&mut self, path: impl Into<String>, origin: &Origin, text: Text) {
        self.fails.push((At::Pod(path.into()), origin.clone(), text));
    }

    /// A failure at a path of the whole object (an annotation).
    pub fn fail_object(&mut self, path: impl Into<String>, origin: &Origin, text: Text) {
        self.fails.push((At::Object(path.into()), origin.clone(), text));
    }

    pub fn unknown(&mut self, origin: &Origin, why: impl Into<String>) {
        if self.unknown.is_none() {
            self.unknown = Some((origin.clone(), why.into()));
        }
    }

    /// Reports the failures, or else an undecided check, or else a pass.
    pub fn report(self, ctx: &mut Ctx<'_>, w: &K8sWorkload) {
        if !self.fails.is_empty() {
            for (at, origin, text) in self.fails {
                let attribute = match at {
                    At::Object(p) => p,
                    At::Pod(p) => w.pod_attribute(&p),
                };
                ctx.fail(&w.meta, attribute, &origin, text);
            }
        } else if let Some((origin, why)) = self.unknown {
            ctx.undecided(&w.meta, &origin, why);
        } else {
            ctx.pass(&w.meta);
        }
    }
}

/// Every container of the pod (init, regular, ephemeral), with its path. A list that cannot be
/// read makes the judgement unknown.
pub fn containers<'a>(pod: &'a PodSpec, j: &mut Judgement) -> Vec<Container<'a>> {
    let mut out = Vec::new();
    for (kind, list) in pod.container_lists() {
        match &list.state {
            State::Set(cs) | State::Default(cs) => {
                for (i, c) in cs.iter().enumerate() {
                    let label = c.label(i);
                    out.push(Container {
                        c,
                        path: format!("{}[{label}]", kind.field()),
                        label,
                    });
                }
            }
            State::Unknown(r) => j.unknown(&list.origin, format!("`{}` is unknown: {r}", kind.field())),
            State::Absent => {}
        }
    }
    out
}

/// "Deployment `web`" (the kind as written, the object's name).
pub fn what(w: &K8sWorkload) -> String {
    format!("{} `{}`", w.kind, w.meta.name)
}

/// A capability's key in attribute paths: upper case, without `CAP_`.
pub fn cap_key(cap: &str) -> String {
    let up = cap.trim().to_ascii_uppercase();
    up.strip_prefix("CAP_").unwrap_or(&up).to_string()
}
