use super::*;
use crate::tree::{parse_json, parse_yaml};
use mamori_model::{Attr, State};

fn read(yaml: &str) -> Vec<Resource> {
    let f = SourceFile::new("k.yaml", yaml);
    let mut out = Vec::new();
    for doc in parse_yaml(&f).unwrap() {
        if let Some(o) = adapt(&f, &doc) {
            out.extend(o.resources);
        }
    }
    for r in &mut out {
        r.apply_defaults();
    }
    out
}

fn line<T>(a: &Attr<T>) -> u32 {
    a.origin.location().unwrap().span.start_line
}

fn workload(r: &Resource) -> &K8sWorkload {
    match r {
        Resource::K8sWorkload(w) => w,
        other => panic!("not a workload: {other:?}"),
    }
}

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    mamori.io/ignore: "MAM-K8S-005: the node exporter port"
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/web: unconfined
    spec:
      hostNetwork: true
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
        sysctls:
          - name: net.core.somaxconn
            value: "1024"
      volumes:
        - name: root
          hostPath:
            path: /
        - name: tmp
          emptyDir: {}
      initContainers:
        - name: setup
          image: busybox
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 8080
              hostPort: 8080
          livenessProbe:
            httpGet:
              host: 10.0.0.1
              port: 8080
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
          securityContext:
            privileged: true
            capabilities:
              add: ["SYS_ADMIN"]
              drop: ["ALL"]
"#;

#[test]
fn deployment_pod_spec_paths_and_lines() {
    let rs = read(DEPLOYMENT);
    assert_eq!(rs.len(), 1);
    let w = workload(&rs[0]);
    assert_eq!(w.meta.kind, KIND_DEPLOYMENT);
    assert_eq!(w.meta.address, "Deployment/shop/web");
    assert_eq!(w.meta.source_type, "apps/v1/Deployment");
    assert_eq!(w.pod_path, "spec.template.spec");
    assert_eq!(w.pod_attribute("hostNetwork"), "spec.template.spec.hostNetwork");
    assert_eq!(w.annotation_attribute("a/b"), "spec.template.metadata.annotations[a/b]");
    let p = w.pod.value().unwrap();
    assert_eq!(p.host_network.explicit(), Some(&true));
    assert_eq!(line(&p.host_network), 14);
    assert_eq!(p.host_pid.state, State::Default(false));
    assert_eq!(p.service_account_name.state, State::Default("default".into()));
    assert_eq!(p.security_context.run_as_non_root.explicit(), Some(&true));
    assert_eq!(
        p.security_context.seccomp_profile_type.explicit().map(String::as_str),
        Some("RuntimeDefault")
    );
    assert_eq!(line(&p.security_context.seccomp_profile_type), 18);
    let sysctls = p.security_context.sysctls.value().unwrap();
    assert_eq!(
        sysctls[0].name.explicit().map(String::as_str),
        Some("net.core.somaxconn")
    );
    let vols = p.volumes.value().unwrap();
    assert_eq!(vols[0].host_path.explicit().map(String::as_str), Some("/"));
    assert_eq!(
        vols[0].sources.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["hostPath"]
    );
    assert_eq!(vols[1].sources[0].0, "emptyDir");
    let all: Vec<(ContainerKind, String)> = p
        .all_containers()
        .map(|c| (c.kind, c.name.value().unwrap().clone()))
        .collect();
    assert_eq!(
        all,
        [
            (ContainerKind::Init, "setup".to_string()),
            (ContainerKind::Regular, "web".to_string())
        ]
    );
    let web = &p.containers.value().unwrap()[0];
    let sc = &web.security_context;
    assert_eq!(sc.privileged.explicit(), Some(&true));
    assert_eq!(line(&sc.privileged), 48);
    assert!(sc.allow_privilege_escalation.is_absent());
    assert_eq!(
        line(&sc.allow_privilege_escalation),
        47,
        "absent points at the securityContext key"
    );
    assert_eq!(
        sc.capabilities_add.value().unwrap()[0].explicit().map(String::as_str),
        Some("SYS_ADMIN")
    );
    let ports = web.ports.value().unwrap();
    assert_eq!(ports[0].host_port.explicit(), Some(&8080));
    assert_eq!(ports[0].label(0), "8080");
    assert_eq!(web.probe_hosts[0].0, "livenessProbe.httpGet.host");
    assert_eq!(line(&web.probe_hosts[0].1), 39);
    assert_eq!(
        web.env_secret_refs[0].env_name.explicit().map(String::as_str),
        Some("DB_PASSWORD")
    );
    let setup = &p.init_containers.value().unwrap()[0];
    assert!(setup.security_context.privileged.state == State::Default(false));
    assert_eq!(
        line(&setup.security_context.run_as_non_root),
        29,
        "absent points at the container"
    );
    assert_eq!(
        w.apparmor_annotation("web")
            .and_then(|e| e.value.explicit())
            .map(String::as_str),
        Some("unconfined")
    );
    assert!(w.seccomp_pod_annotation().is_none());
    let ig = &w.meta.ignores;
    assert_eq!(ig.len(), 1);
    assert_eq!(ig[0].target, "MAM-K8S-005");
    assert_eq!(ig[0].reason.as_deref(), Some("the node exporter port"));
}

#[test]
fn pod_and_cron_job_paths() {
    let rs = read(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    container.seccomp.security.alpha.kubernetes.io/a: runtime/default\nspec:\n  containers:\n    - name: a\n      image: x\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          hostPID: true\n          containers:\n            - name: b\n              image: y\n",
    );
    assert_eq!(rs.len(), 2);
    let pod = workload(&rs[0]);
    assert_eq!(
        (pod.pod_path.as_str(), pod.pod_metadata_path.as_str()),
        ("spec", "metadata")
    );
    assert_eq!(pod.meta.address, "Pod/default/p");
    let legacy = pod.seccomp_container_annotation("a").unwrap();
    assert_eq!(legacy.value.explicit().map(String::as_str), Some("runtime/default"));
    assert_eq!(legacy.origin.location().unwrap().span.start_line, 6);
    assert_eq!(pod.metadata.namespace.state, State::Default("default".into()));
    let cj = workload(&rs[1]);
    assert_eq!(cj.pod_path, "spec.jobTemplate.spec.template.spec");
    assert_eq!(cj.pod_metadata_path, "spec.jobTemplate.spec.template.metadata");
    let p = cj.pod.value().unwrap();
    assert_eq!(p.host_pid.explicit(), Some(&true));
    assert_eq!(line(&p.host_pid), 22);
}

#[test]
fn kinds_are_matched_with_their_api_group() {
    // A custom resource that reuses a name, an eksctl ClusterConfig, a Service and a
    // CloudFormation-like mapping are not read.
    let rs = read(
        "apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: x\n---\napiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\n---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: old\nspec:\n  template:\n    spec:\n      containers: []\n",
    );
    assert_eq!(rs.len(), 1);
    assert_eq!(rs[0].meta().name, "old");
    let f = SourceFile::new("k.yaml", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n");
    let doc = parse_yaml(&f).unwrap().remove(0);
    assert!(is_object(&doc) && adapt(&f, &doc).is_none());
}

#[test]
fn a_kubectl_list_in_json() {
    let f = SourceFile::new(
        "list.json",
        r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}},
  {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}},
  {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent", "namespace": "prod"},
   "spec": {"template": {"spec": {"hostPID": true, "containers": [{"name": "a", "image": "x"}]}}}}
]}"#,
    );
    let doc = parse_json(&f).unwrap().unwrap();
    let out = adapt(&f, &doc).unwrap();
    assert_eq!(out.resources.len(), 2);
    match &out.resources[0] {
        Resource::K8sNamespace(n) => {
            let l = n.psa_enforce().unwrap();
            assert_eq!(l.value.explicit().map(String::as_str), Some("baseline"));
            assert_eq!(l.origin.location().unwrap().span.start_line, 2);
        }
        other => panic!("{other:?}"),
    }
    let ds = workload(&out.resources[1]);
    assert_eq!(ds.meta.address, "DaemonSet/prod/agent");
    assert_eq!(line(&ds.pod.value().unwrap().host_pid), 5);
}

#[test]
fn rbac_service_accounts_and_network_policies() {
    let rs = read(
        r#"apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  namespace: prod
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app
automountServiceAccountToken: false
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: admins
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: Group
    name: developers
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
  namespace: prod
spec:
  podSelector: {}
  egress: []
"#,
    );
    assert_eq!(rs.len(), 4);
    let Resource::K8sServiceAccount(sa) = &rs[0] else {
        panic!()
    };
    assert_eq!(sa.automount_service_account_token.explicit(), Some(&false));
    assert!(sa.irsa_role_arn().is_some());
    let Resource::K8sRole(r) = &rs[1] else { panic!() };
    assert!(r.cluster_scoped);
    assert_eq!(r.meta.address, "ClusterRole/reader");
    let rule = &r.rules.value().unwrap()[0];
    assert_eq!(line(&rule.verbs), 17);
    let Resource::K8sRoleBinding(b) = &rs[2] else { panic!() };
    assert_eq!(b.role_name.explicit().map(String::as_str), Some("cluster-admin"));
    assert_eq!(
        b.subjects.value().unwrap()[0].name.explicit().map(String::as_str),
        Some("developers")
    );
    let Resource::K8sNetworkPolicy(np) = &rs[3] else {
        panic!()
    };
    assert_eq!(np.pod_selector.value().unwrap().selects_all(), Some(true));
    let types: Vec<&str> = np
        .policy_types
        .value()
        .unwrap()
        .iter()
        .map(|t| t.value().unwrap().as_str())
        .collect();
    assert_eq!(types, ["Ingress"], "an empty egress list does not add Egress");
}

#[test]
fn aws_auth_values_point_inside_the_string() {
    let rs = read(
        r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::123456789012:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::123456789012:role/admin
      username: admin
      groups:
        - system:masters
  mapUsers: "[{userarn: 'arn:aws:iam::123456789012:user/alice', username: alice, groups: [developers]}]"
  mapAccounts: |
    - "111122223333"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: other
  namespace: kube-system
data: {}
"#,
    );
    assert_eq!(rs.len(), 1, "only aws-auth is read");
    let Resource::AwsAuthConfigMap(m) = &rs[0] else {
        panic!()
    };
    let roles = m.map_roles.value().unwrap();
    assert_eq!(roles.len(), 2);
    let admin = &roles[1];
    let masters = &admin.groups.value().unwrap()[0];
    assert_eq!(masters.explicit().map(String::as_str), Some("system:masters"));
    let at = masters.origin.location().unwrap().span;
    assert_eq!((at.start_line, at.start_col), (16, 11));
    assert_eq!(line(&admin.arn), 13);
    let users = m.map_users.value().unwrap();
    assert_eq!(users[0].username.explicit().map(String::as_str), Some("alice"));
    assert_eq!(line(&users[0].username), 17, "a quoted string points at its key");
    let accounts = m.map_accounts.value().unwrap();
    assert_eq!(accounts[0].explicit().map(String::as_str), Some("111122223333"));
    assert_eq!(line(&accounts[0]), 19);
}

#[test]
fn unreadable_parts_are_unknown_not_absent() {
    let rs = read(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext: [1]\n  containers:\n    - name: a\n      securityContext: yes\n",
    );
    let p = workload(&rs[0]).pod.value().unwrap();
    assert!(p.security_context.run_as_non_root.is_unknown());
    let c = &p.containers.value().unwrap()[0];
    assert!(c.security_context.privileged.is_unknown());
}
