//! Workloads: where each kind keeps its pod spec, and the pod spec itself.

use super::read::{Ctx, Sub, join};
use crate::tree::Node;
use mamori_model::k8s::*;
use mamori_model::{Attr, ResourceMeta, Span};

/// The path from the object to its pod template, by kind.
fn template_path(kind: &str) -> &'static [&'static str] {
    match kind {
        "Pod" => &[],
        "CronJob" => &["spec", "jobTemplate", "spec", "template"],
        _ => &["spec", "template"],
    }
}

pub fn workload(cx: &Ctx<'_>, node: &Node, meta: ResourceMeta, metadata: ObjectMeta, kind: &str) -> K8sWorkload {
    let path = template_path(kind);
    let dotted = path.join(".");
    let (pod_path, meta_path) = if path.is_empty() {
        ("spec".to_string(), "metadata".to_string())
    } else {
        (format!("{dotted}.spec"), format!("{dotted}.metadata"))
    };
    let mut w = K8sWorkload::new(meta, kind, &pod_path, &meta_path);
    w.metadata = metadata.clone();
    // Walk down to the template; a missing step leaves the pod absent, a step that is not a
    // mapping leaves it unknown.
    let mut here = node;
    for step in path {
        match cx.sub(here.get(step), step) {
            Sub::Map(m) => here = m,
            Sub::Absent => {
                w.pod = Attr::absent(cx.origin(here.span));
                return w;
            }
            Sub::Bad(why, o) => {
                w.pod = Attr::unknown(why, o);
                return w;
            }
        }
    }
    w.pod_metadata = if path.is_empty() {
        metadata
    } else {
        cx.object_meta(here.get("metadata"), here.span)
    };
    w.pod = match cx.sub(here.get("spec"), "spec") {
        Sub::Map(spec) => {
            let block = block(here, "spec", spec);
            Attr::set(pod_spec(cx, spec, block), cx.origin(block))
        }
        Sub::Absent => Attr::absent(cx.origin(here.span)),
        Sub::Bad(why, o) => Attr::unknown(why, o),
    };
    w
}

/// The span of a mapping together with its key (`securityContext:` and what follows), for
/// values its mapping omits: a finding about a missing setting points at the block's key.
fn block(parent: &Node, key: &str, value: &Node) -> Span {
    match parent.entry(key) {
        Some((k, _)) => join(k.span, value.span),
        None => value.span,
    }
}

fn pod_spec(cx: &Ctx<'_>, s: &Node, sp: Span) -> PodSpec {
    let mut p = PodSpec::new(cx.origin(sp));
    p.host_network = cx.bool(s.get("hostNetwork"), sp);
    p.host_pid = cx.bool(s.get("hostPID"), sp);
    p.host_ipc = cx.bool(s.get("hostIPC"), sp);
    p.host_users = cx.bool(s.get("hostUsers"), sp);
    p.os_name = cx.under(s.get("os"), "os", sp, |os| cx.str(os.get("name"), os.span));
    p.service_account_name = cx.str(s.get("serviceAccountName").or_else(|| s.get("serviceAccount")), sp);
    p.automount_service_account_token = cx.bool(s.get("automountServiceAccountToken"), sp);
    p.security_context = match cx.sub(s.get("securityContext"), "securityContext") {
        Sub::Map(m) => pod_security_context(cx, m, block(s, "securityContext", m)),
        Sub::Absent => PodSecurityContext::new(&cx.origin(sp)),
        Sub::Bad(why, o) => PodSecurityContext::unknown(&why, &o),
    };
    p.volumes = cx.list(s.get("volumes"), sp, |v| volume(cx, v));
    for (kind, list) in [
        (ContainerKind::Init, &mut p.init_containers),
        (ContainerKind::Regular, &mut p.containers),
        (ContainerKind::Ephemeral, &mut p.ephemeral_containers),
    ] {
        *list = cx.list(s.get(kind.field()), sp, |c| container(cx, c, kind));
    }
    p
}

fn pod_security_context(cx: &Ctx<'_>, m: &Node, sp: Span) -> PodSecurityContext {
    let mut sc = PodSecurityContext::new(&cx.origin(sp));
    sc.run_as_non_root = cx.bool(m.get("runAsNonRoot"), sp);
    sc.run_as_user = cx.int(m.get("runAsUser"), sp);
    sc.run_as_group = cx.int(m.get("runAsGroup"), sp);
    sc.fs_group = cx.int(m.get("fsGroup"), sp);
    sc.supplemental_groups = cx.int_list(m.get("supplementalGroups"), sp);
    sc.seccomp_profile_type = profile_type(cx, m, "seccompProfile", sp);
    sc.apparmor_profile_type = profile_type(cx, m, "appArmorProfile", sp);
    sc.se_linux_options = se_linux(cx, m, sp);
    sc.sysctls = cx.list(m.get("sysctls"), sp, |s| Sysctl {
        origin: cx.origin(s.span),
        name: if s.is_map() {
            cx.str(s.get("name"), s.span)
        } else {
            Attr::unknown(
                format!("a sysctl should be a mapping, found a {}", s.type_name()),
                cx.origin(s.span),
            )
        },
        value: cx.str(s.get("value"), s.span),
    });
    sc.windows_host_process = host_process(cx, m, sp);
    sc
}

/// `<key>.type` of a security context (`seccompProfile`, `appArmorProfile`).
fn profile_type(cx: &Ctx<'_>, m: &Node, key: &str, sp: Span) -> Attr<String> {
    cx.under(m.get(key), key, sp, |p| cx.str(p.get("type"), block(m, key, p)))
}

fn host_process(cx: &Ctx<'_>, m: &Node, sp: Span) -> Attr<bool> {
    cx.under(m.get("windowsOptions"), "windowsOptions", sp, |w| {
        cx.bool(w.get("hostProcess"), block(m, "windowsOptions", w))
    })
}

fn se_linux(cx: &Ctx<'_>, m: &Node, sp: Span) -> SeLinuxOptions {
    match cx.sub(m.get("seLinuxOptions"), "seLinuxOptions") {
        Sub::Map(o) => SeLinuxOptions {
            type_: cx.str(o.get("type"), o.span),
            user: cx.str(o.get("user"), o.span),
            role: cx.str(o.get("role"), o.span),
            level: cx.str(o.get("level"), o.span),
        },
        Sub::Absent => SeLinuxOptions::new(&cx.origin(sp)),
        Sub::Bad(why, o) => SeLinuxOptions::unknown(&why, &o),
    }
}

fn volume(cx: &Ctx<'_>, v: &Node) -> PodVolume {
    let o = cx.origin(v.span);
    let Some(entries) = v.as_map() else {
        let why = format!("a volume should be a mapping, found a {}", v.type_name());
        return PodVolume {
            origin: o.clone(),
            name: Attr::unknown(why.clone(), o.clone()),
            sources: Vec::new(),
            host_path: Attr::unknown(why, o),
        };
    };
    PodVolume {
        name: cx.str(v.get("name"), v.span),
        sources: entries
            .iter()
            .filter(|(k, val)| k.text != "name" && !val.is_null())
            .map(|(k, val)| (k.text.clone(), cx.origin(join(k.span, val.span))))
            .collect(),
        host_path: cx.under(v.get("hostPath"), "hostPath", v.span, |h| cx.str(h.get("path"), h.span)),
        origin: o,
    }
}

fn container(cx: &Ctx<'_>, c: &Node, kind: ContainerKind) -> K8sContainer {
    let cp = c.span;
    let mut k = K8sContainer::new(cx.origin(cp), kind);
    if !c.is_map() {
        let why = format!("a container should be a mapping, found a {}", c.type_name());
        k.name = Attr::unknown(why.clone(), cx.origin(cp));
        k.security_context = ContainerSecurityContext::unknown(&why, &cx.origin(cp));
        k.ports = Attr::unknown(why, cx.origin(cp));
        return k;
    }
    k.name = cx.str(c.get("name"), cp);
    k.image = cx.str(c.get("image"), cp);
    k.security_context = match cx.sub(c.get("securityContext"), "securityContext") {
        Sub::Map(m) => container_security_context(cx, m, block(c, "securityContext", m)),
        Sub::Absent => ContainerSecurityContext::new(&cx.origin(cp)),
        Sub::Bad(why, o) => ContainerSecurityContext::unknown(&why, &o),
    };
    k.ports = cx.list(c.get("ports"), cp, |p| ContainerPort {
        origin: cx.origin(p.span),
        name: cx.str(p.get("name"), p.span),
        container_port: cx.int(p.get("containerPort"), p.span),
        host_port: cx.int(p.get("hostPort"), p.span),
        protocol: cx.str(p.get("protocol"), p.span),
    });
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        handler_hosts(cx, c.get(probe), probe, &mut k.probe_hosts);
    }
    if let Some(lc) = c.get("lifecycle").filter(|l| l.is_map()) {
        for hook in ["postStart", "preStop"] {
            handler_hosts(cx, lc.get(hook), &format!("lifecycle.{hook}"), &mut k.probe_hosts);
        }
    }
    if let Some(env) = c.get("env").and_then(Node::as_seq) {
        for e in env {
            let Some(r) = e.get("valueFrom").and_then(|v| v.get("secretKeyRef")) else {
                continue;
            };
            k.env_secret_refs.push(EnvSecretRef {
                origin: cx.origin(e.span),
                env_name: cx.str(e.get("name"), e.span),
                secret_name: cx.str(r.get("name"), r.span),
                key: cx.str(r.get("key"), r.span),
            });
        }
    }
    if let Some(env_from) = c.get("envFrom").and_then(Node::as_seq) {
        for e in env_from {
            if let Some(r) = e.get("secretRef") {
                k.env_from_secrets.push(cx.str(r.get("name"), r.span));
            }
        }
    }
    k.volume_mounts = cx.list(c.get("volumeMounts"), cp, |m| VolumeMount {
        origin: cx.origin(m.span),
        name: cx.str(m.get("name"), m.span),
        mount_path: cx.str(m.get("mountPath"), m.span),
        read_only: cx.bool(m.get("readOnly"), m.span),
    });
    if let Sub::Map(r) = cx.sub(c.get("resources"), "resources") {
        k.resources.limits = cx.string_map(r.get("limits"), r.span);
        k.resources.requests = cx.string_map(r.get("requests"), r.span);
    }
    k
}

/// The `host` of a probe's or lifecycle handler's `httpGet` and `tcpSocket`, when written.
fn handler_hosts(cx: &Ctx<'_>, handler: Option<&Node>, path: &str, out: &mut Vec<(String, Attr<String>)>) {
    let Some(h) = handler.filter(|h| h.is_map()) else {
        return;
    };
    for action in ["httpGet", "tcpSocket"] {
        if let Some(a) = h.get(action).filter(|a| a.is_map())
            && let Some(host) = a.get("host")
        {
            out.push((format!("{path}.{action}.host"), cx.str(Some(host), a.span)));
        }
    }
}

fn container_security_context(cx: &Ctx<'_>, m: &Node, sp: Span) -> ContainerSecurityContext {
    let mut sc = ContainerSecurityContext::new(&cx.origin(sp));
    sc.privileged = cx.bool(m.get("privileged"), sp);
    sc.allow_privilege_escalation = cx.bool(m.get("allowPrivilegeEscalation"), sp);
    match cx.sub(m.get("capabilities"), "capabilities") {
        Sub::Map(caps) => {
            let caps_block = block(m, "capabilities", caps);
            sc.capabilities_add = cx.str_list(caps.get("add"), caps_block);
            sc.capabilities_drop = cx.str_list(caps.get("drop"), caps_block);
        }
        Sub::Absent => {}
        Sub::Bad(why, o) => {
            sc.capabilities_add = Attr::unknown(why.clone(), o.clone());
            sc.capabilities_drop = Attr::unknown(why, o);
        }
    }
    sc.run_as_non_root = cx.bool(m.get("runAsNonRoot"), sp);
    sc.run_as_user = cx.int(m.get("runAsUser"), sp);
    sc.run_as_group = cx.int(m.get("runAsGroup"), sp);
    sc.read_only_root_filesystem = cx.bool(m.get("readOnlyRootFilesystem"), sp);
    sc.proc_mount = cx.str(m.get("procMount"), sp);
    sc.seccomp_profile_type = profile_type(cx, m, "seccompProfile", sp);
    sc.apparmor_profile_type = profile_type(cx, m, "appArmorProfile", sp);
    sc.se_linux_options = se_linux(cx, m, sp);
    sc.windows_host_process = host_process(cx, m, sp);
    sc
}
