//! `mamori scan --aws` against an emulated account: the moto server that `scripts/test` installs
//! and starts (MAMORI_MOTO_URL, MAMORI_MOTO_PYTHON), seeded through its API by
//! `tests/aws/seed.py` with the examples' good and bad configurations. A recording proxy
//! (`common/aws_proxy.rs`) stands between mamori and moto: it fails the test on any operation
//! that is not a read, answers for what moto 5.2.5 lacks (EKS access entries and Pod Identity
//! associations return 404 there), and injects throttling, errors and delays.
//!
//! Each test seeds its own region, so that they can run side by side on one server. Without
//! moto these tests fail, unless MAMORI_SKIP_MOTO=1 says to skip them.

mod common;

use common::aws_proxy::{Answer, Op, Proxy};
use common::mamori;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

const ACCOUNT: &str = "123456789012";

struct Moto {
    url: String,
    addr: String,
    python: String,
}

fn moto() -> Option<Moto> {
    match (std::env::var("MAMORI_MOTO_URL"), std::env::var("MAMORI_MOTO_PYTHON")) {
        (Ok(url), Ok(python)) => {
            let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
            Some(Moto { url, addr, python })
        }
        _ if std::env::var("MAMORI_SKIP_MOTO").as_deref() == Ok("1") => {
            eprintln!("\n!!!!!!!! SKIPPED: the live AWS tests did not run (MAMORI_SKIP_MOTO=1) !!!!!!!!\n");
            None
        }
        _ => panic!(
            "the live AWS tests need the moto emulator: run ./scripts/test, which installs and starts it, \
             or set MAMORI_MOTO_URL and MAMORI_MOTO_PYTHON to a running moto_server and its Python; \
             MAMORI_SKIP_MOTO=1 skips these tests"
        ),
    }
}

/// Seeds the region; what seed.py made (ARNs).
fn seed(m: &Moto, region: &str) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/aws/seed.py");
    let o = std::process::Command::new(&m.python)
        .arg(script)
        .args([&m.url, region])
        .output()
        .unwrap();
    assert!(o.status.success(), "seed.py: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Runs mamori against the proxy, with test credentials and nothing from the user's setup.
fn run(proxy: &Proxy, args: &[&str]) -> Output {
    let mut c = command(args);
    c.args(["--endpoint-url", &proxy.url]);
    c.output().unwrap()
}

/// mamori with test credentials and nothing from the user's setup.
fn command(args: &[&str]) -> std::process::Command {
    let mut c = mamori();
    c.args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/nonexistent/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("AWS_DEFAULT_REGION")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_MAX_ATTEMPTS")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_ENDPOINT_URL") {
            c.env_remove(k);
        }
    }
    c
}

fn scan_json(proxy: &Proxy, region: &str, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["scan", "--aws", "--no-config", "--region", region, "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(proxy, &args);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", common::stdout(&o), String::from_utf8_lossy(&o.stderr)));
    (o, v)
}

fn arn(region: &str, rest: &str) -> String {
    let service = rest.split(':').next().unwrap();
    let rest = &rest[service.len() + 1..];
    format!("arn:aws:{service}:{region}:{ACCOUNT}:{rest}")
}

/// EKS replies moto 5.2.5 does not have (ListAccessEntries, ListPodIdentityAssociations and
/// their Describe calls return 404 there), as the EKS API documents them.
fn recorded_eks(op: &Op, region: &str) -> Option<String> {
    let cluster = op.path.split('/').nth(2).unwrap_or("");
    let user = format!("arn:aws:iam::{ACCOUNT}:user/admin");
    let nodes = format!("arn:aws:iam::{ACCOUNT}:role/shop-eks-nodes");
    let role = |name: &str| format!("arn:aws:iam::{ACCOUNT}:role/{name}");
    let assoc = |id: &str| format!("arn:aws:eks:{region}:{ACCOUNT}:podidentityassociation/{cluster}/{id}");
    let v = match (op.name.as_str(), cluster) {
        ("ListAccessEntries", "shop-prod") => json!({"accessEntries": [user, nodes]}),
        ("ListAccessEntries", _) => json!({"accessEntries": []}),
        ("DescribeAccessEntry", _) => {
            let principal = if op.path.contains("user") { &user } else { &nodes };
            let kind = if principal == &user { "STANDARD" } else { "EC2_LINUX" };
            json!({"accessEntry": {
                "clusterName": cluster, "principalArn": principal, "kubernetesGroups": [],
                "accessEntryArn": format!("arn:aws:eks:{region}:{ACCOUNT}:access-entry/{cluster}/{}/abcd", kind.to_lowercase()),
                "createdAt": 1.7e9, "modifiedAt": 1.7e9, "tags": {}, "username": "admin", "type": kind}})
        }
        ("ListAssociatedAccessPolicies", _) if op.path.contains("user") => json!({
            "clusterName": cluster, "principalArn": user,
            "associatedAccessPolicies": [{
                "policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                "accessScope": {"type": "cluster", "namespaces": []},
                "associatedAt": 1.7e9, "modifiedAt": 1.7e9}]}),
        ("ListAssociatedAccessPolicies", _) => {
            json!({"clusterName": cluster, "principalArn": nodes, "associatedAccessPolicies": []})
        }
        ("ListPodIdentityAssociations", _) => json!({"associations": [{
            "clusterName": cluster, "namespace": "shop", "serviceAccount": "app",
            "associationArn": assoc("a-1"), "associationId": "a-1"}]}),
        ("DescribePodIdentityAssociation", _) => {
            let r = if cluster == "shop-prod" {
                role("shop-app-pod-identity")
            } else {
                role("shop-app-pod-identity-scoped")
            };
            json!({"association": {
                "clusterName": cluster, "namespace": "shop", "serviceAccount": "app", "roleArn": r,
                "associationArn": assoc("a-1"), "associationId": "a-1", "tags": {},
                "createdAt": 1.7e9, "modifiedAt": 1.7e9}})
        }
        _ => return None,
    };
    Some(v.to_string())
}

fn recorded_or_forward(op: &Op, region: &str) -> Answer {
    match recorded_eks(op, region) {
        Some(body) => Answer::Reply(200, body),
        None => Answer::Forward,
    }
}

fn findings(v: &Value) -> BTreeSet<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_seeded_account_gives_exactly_the_expected_findings_and_only_reads() {
    let Some(m) = moto() else { return };
    let region = "us-east-2";
    let made = seed(&m, region);
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, _| recorded_or_forward(op, &r));
    let (o, v) = scan_json(&proxy, region, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));

    // Read-only: every request the proxy saw was a read, and each one was named; each is in
    // the collector's list of operations (the README's IAM policy), and every listed operation
    // was called but DescribeRegions (`--region all`) and DescribeCapacityProviders (the seeded
    // clusters use FARGATE's providers only).
    assert_eq!(proxy.violations(), Vec::<Op>::new());
    assert!(proxy.ops().len() > 20);
    let seen: BTreeSet<(String, String)> = proxy
        .ops()
        .iter()
        .map(|o| (o.service.clone(), o.name.clone()))
        .collect();
    let listed: BTreeSet<(String, String)> = mamori_aws::ops::OPERATIONS
        .iter()
        .filter(|(_, op)| !["DescribeRegions", "DescribeCapacityProviders"].contains(op))
        .map(|(s, op)| (s.to_string(), op.to_string()))
        .collect();
    assert_eq!(seen, listed);

    let cluster = arn(region, "ecs:cluster/shop-prod");
    let service = made["insecure_service"].as_str().unwrap().to_string();
    let task_set = made["task_set"].as_str().unwrap().to_string();
    let td1 = arn(region, "ecs:task-definition/admin-api:1");
    let eks_bad = arn(region, "eks:cluster/shop-prod");
    let eks_good = arn(region, "eks:cluster/shop-secure");
    let nodegroup = made["nodegroup"].as_str().unwrap().to_string();
    let pod_role = format!("arn:aws:iam::{ACCOUNT}:role/shop-app-pod-identity");
    let repo_bad = made["ecr_insecure"].as_str().unwrap().to_string();
    let registry = arn(region, "ecr:registry");
    let inspector = arn(region, "inspector2:account-status");
    let sg_open = arn(
        region,
        &format!("ec2:security-group/{}", made["sg_open"].as_str().unwrap()),
    );
    let key_static = made["kms_static"].as_str().unwrap().to_string();
    let eks_logs = arn(region, "logs:log-group:/aws/eks/shop-prod/cluster");
    let detector = arn(
        region,
        &format!("guardduty:detector/{}", made["detector"].as_str().unwrap()),
    );
    let exec_role = format!("arn:aws:iam::{ACCOUNT}:role/shop-prod-task-execution");
    let want: BTreeSet<(String, String)> = [
        // examples/ecs-api/insecure: the cluster without Container Insights...
        ("MAM-ECS-001", &cluster),
        // ...its service and the blue/green task set with a public IP; the service allows ECS
        // Exec in a cluster that neither records nor encrypts the sessions...
        ("MAM-ECS-003", &service),
        ("MAM-ECS-028", &service),
        ("MAM-ECS-004", &task_set),
        // ...and the insecure task definition (revision 1, which the service still runs):
        // writable root file system, no logging, root user, a plaintext secret, capabilities
        // not dropped, the task role also the execution role.
        ("MAM-ECS-007", &td1),
        ("MAM-ECS-009", &td1),
        ("MAM-ECS-016", &td1),
        ("MAM-ECS-018", &td1),
        ("MAM-ECS-020", &td1),
        ("MAM-ECS-026", &td1),
        // examples/eks/insecure: public endpoint open to 0.0.0.0/0, no private endpoint, no
        // secrets encryption, no audit logs, Kubernetes 1.29, a node group open over SSH
        // (moto gives node groups Kubernetes 1.19).
        ("MAM-EKS-001", &eks_bad),
        ("MAM-EKS-002", &eks_bad),
        ("MAM-EKS-003", &eks_bad),
        ("MAM-EKS-005", &eks_bad),
        ("MAM-EKS-007", &eks_bad),
        ("MAM-EKS-008", &eks_bad),
        ("MAM-EKS-006", &nodegroup),
        ("MAM-EKS-010", &nodegroup),
        // Both clusters: moto's DescribeCluster has no `accessConfig`, so the API's default
        // (CONFIG_MAP) applies; deletion protection is off by default. The secure cluster's
        // 1.33 is past standard support on the release calendar mamori carries.
        ("MAM-EKS-009", &eks_bad),
        ("MAM-EKS-009", &eks_good),
        ("MAM-EKS-011", &eks_bad),
        ("MAM-EKS-011", &eks_good),
        ("MAM-EKS-002", &eks_good),
        // The Pod Identity association of shop-prod (a recorded reply) names a role that any
        // association can use; GetRole read its trust policy.
        ("MAM-K8S-120", &pod_role),
        // examples/ecr: shop/admin-api scans nothing on push, has mutable tags, no lifecycle
        // policy (GetLifecyclePolicy: LifecyclePolicyNotFoundException), AES256 and a policy
        // that lets anyone pull; shop/checkout passes them all. The registry scans BASIC and
        // Inspector is on for EC2 only, while ECR images are in use.
        ("MAM-ECR-001", &repo_bad),
        ("MAM-ECR-002", &repo_bad),
        ("MAM-ECR-003", &repo_bad),
        ("MAM-ECR-004", &repo_bad),
        ("MAM-ECR-005", &repo_bad),
        ("MAM-ECR-007", &registry),
        ("MAM-ECR-007", &inspector),
        // The insecure service's security group admits SSH, RDP and 8080 from anywhere; the
        // secure service's and the default group (the task set's) do not; a group nothing
        // uses, open over SSH, is not read.
        ("MAM-EC2-001", &sg_open),
        ("MAM-EC2-002", &sg_open),
        ("MAM-EC2-003", &sg_open),
        // A customer managed key that does not rotate (the other one does).
        ("MAM-KMS-001", &key_static),
        // The EKS control plane's log group keeps a week and is not encrypted; the secure task
        // definition's group keeps a year, encrypted; /app/batch-reports is not read.
        ("MAM-LOGS-001", &eks_logs),
        ("MAM-LOGS-002", &eks_logs),
        // The detector monitors neither EKS audit logs nor runtime activity.
        ("MAM-GD-001", &detector),
        ("MAM-GD-002", &detector),
        ("MAM-GD-003", &detector),
        ("MAM-GD-004", &detector),
        // The insecure task definition's role, task and execution role at once, may do
        // anything through its inline policy (ListRolePolicies, GetRolePolicy); the secure
        // task role's customer managed policy (GetPolicy, GetPolicyVersion) reads one bucket.
        ("MAM-IAM-001", &exec_role),
        ("MAM-IAM-002", &exec_role),
    ]
    .iter()
    .map(|(r, a)| (r.to_string(), a.to_string()))
    .collect();
    let got = findings(&v);
    assert_eq!(
        got,
        want,
        "\nunexpected: {:?}\nmissing: {:?}",
        got.difference(&want).collect::<Vec<_>>(),
        want.difference(&got).collect::<Vec<_>>()
    );
    // Nothing was left unread, and nothing is undecided.
    assert_eq!(v["summary"]["aws"]["unread"], json!([]), "{}", v["summary"]);
    assert_eq!(v["undecided"], json!([]));
    assert_eq!(v["summary"]["aws"]["account"], ACCOUNT);
    assert_eq!(v["summary"]["aws"]["regions"], json!([region]));

    // Findings name the ARN, region and account, and point at no file.
    for f in v["findings"].as_array().unwrap() {
        let res = &f["resource"];
        assert_eq!(res["source"], "aws-live", "{f}");
        assert_eq!(res["account"], ACCOUNT, "{f}");
        let global = res["kind"] == "AWS::IAM::Role";
        assert_eq!(res["region"], if global { Value::Null } else { json!(region) }, "{f}");
        assert_eq!(f["location"], Value::Null, "{f}");
    }

    // Revision-aware task definitions: the latest revision of each family (admin-api:2 and
    // old-batch:3) and the revision the service runs (admin-api:1); old-batch:1 and :2 are not
    // read. Each is described once.
    let described: Vec<String> = proxy
        .ops()
        .iter()
        .filter(|o| o.name == "DescribeTaskDefinition")
        .map(|o| {
            serde_json::from_str::<Value>(&o.body).unwrap()["taskDefinition"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let described: BTreeSet<&str> = described.iter().map(String::as_str).collect();
    assert_eq!(described, BTreeSet::from(["admin-api", "old-batch", td1.as_str()]));

    // The inventory counts what was read.
    let o = run(&proxy, &["inventory", "--aws", "--region", region, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let inv: Value = serde_json::from_slice(&o.stdout).unwrap();
    let t = &inv["by_resource_type"];
    assert_eq!(t["AWS::ECS::Cluster"], 2, "{inv}");
    assert_eq!(t["AWS::ECS::Service"], 3, "{inv}");
    assert_eq!(t["AWS::ECS::TaskSet"], 1, "{inv}");
    assert_eq!(t["AWS::ECS::TaskDefinition"], 3, "{inv}");
    assert_eq!(t["AWS::EKS::Cluster"], 2, "{inv}");
    assert_eq!(t["AWS::EKS::Nodegroup"], 1, "{inv}");
    assert_eq!(t["AWS::EKS::AccessEntry"], 2, "{inv}");
    assert_eq!(t["AWS::EKS::PodIdentityAssociation"], 2, "{inv}");
    assert_eq!(t["AWS::ECR::Repository"], 2, "{inv}");
    assert_eq!(t["AWS::ECR::RepositoryPolicy"], 2, "{inv}");
    assert_eq!(t["AWS::ECR::LifecyclePolicy"], 1, "{inv}");
    assert_eq!(t["AWS::ECR::RegistryScanningConfiguration"], 1, "{inv}");
    assert_eq!(t["AWS::ECR::ReplicationConfiguration"], 1, "{inv}");
    assert_eq!(t["AWS::Inspector2::Enabler"], 1, "{inv}");
    assert_eq!(t["AWS::EC2::SecurityGroup"], 3, "{inv}");
    assert_eq!(t["AWS::KMS::Key"], 2, "{inv}");
    assert_eq!(t["AWS::Logs::LogGroup"], 2, "{inv}");
    assert_eq!(t["AWS::GuardDuty::Detector"], 1, "{inv}");
    assert_eq!(t["AWS::IAM::ManagedPolicy"], 1, "{inv}");
    assert_eq!(inv["by_ecs_launch_type"]["FARGATE"], 3, "{inv}");
    assert_eq!(t["AWS::IAM::Role"], 6, "{inv}");
    assert_eq!(inv["by_region"]["global"], 7, "{inv}");
    let o = run(&proxy, &["inventory", "--aws", "--region", region]);
    let text = common::stdout(&o);
    assert!(text.contains(&format!("AWS account {ACCOUNT}")), "{text}");
    assert!(text.contains("AWS::ECS::TaskDefinition"), "{text}");
    assert_eq!(proxy.violations(), Vec::<Op>::new());
}

#[test]
fn throttling_is_retried_and_what_cannot_be_read_is_undecided_never_passed() {
    let Some(m) = moto() else { return };
    let region = "eu-west-1";
    seed(&m, region);
    let denied = json!({"__type": "AccessDeniedException",
        "message": "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ecs:ListServices"})
    .to_string();
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, seen| match op.name.as_str() {
        // Throttled twice, then answered: retried.
        "DescribeClusters" if seen < 2 => Answer::Reply(
            400,
            json!({"__type": "ThrottlingException", "message": "Rate exceeded"}).to_string(),
        ),
        // Throttled every time: given up after 5 attempts.
        "DescribeTaskDefinition" if op.body.contains("\"old-batch\"") => Answer::Reply(
            429,
            json!({"__type": "TooManyRequestsException", "message": "Rate exceeded"}).to_string(),
        ),
        // Denied: not retried.
        "ListServices" if op.body.contains("shop-secure") => Answer::Reply(400, denied.clone()),
        _ => recorded_or_forward(op, &r),
    });
    let (o, v) = scan_json(&proxy, region, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(proxy.violations(), Vec::<Op>::new());

    let cluster = arn(region, "ecs:cluster/shop-prod");
    let secure = arn(region, "ecs:cluster/shop-secure");
    // The throttled DescribeClusters was retried and the cluster judged.
    assert_eq!(proxy.count("DescribeClusters"), 3);
    assert!(findings(&v).contains(&("MAM-ECS-001".to_string(), cluster.clone())));
    // The denied call was made once, the throttled one five times.
    let list_secure = proxy
        .ops()
        .iter()
        .filter(|o| o.name == "ListServices" && o.body.contains("shop-secure"))
        .count();
    assert_eq!(list_secure, 1);
    let batch = proxy
        .ops()
        .iter()
        .filter(|o| o.name == "DescribeTaskDefinition" && o.body.contains("\"old-batch\""))
        .count();
    assert_eq!(batch, 5);
    assert!(
        v["summary"]["aws"]["retries"].as_u64().unwrap() >= 6,
        "{}",
        v["summary"]
    );

    // The summary lists what could not be read.
    let unread = v["summary"]["aws"]["unread"].as_array().unwrap();
    let calls: Vec<(&str, &Value)> = unread
        .iter()
        .map(|u| (u["call"].as_str().unwrap(), &u["resources"]))
        .collect();
    let services_of = format!("services of {secure}");
    assert_eq!(
        calls,
        [
            ("ecs:DescribeTaskDefinition", &json!(["old-batch"])),
            ("ecs:ListServices", &json!([services_of])),
        ]
    );
    assert!(
        unread[0]["reason"]
            .as_str()
            .unwrap()
            .contains("(attempts: 5): TooManyRequestsException")
    );
    assert!(
        unread[1]["reason"]
            .as_str()
            .unwrap()
            .contains("(attempts: 1): AccessDeniedException")
    );

    // Fail closed: every rule on services, and on task definitions, is undecided for what was
    // not read, with the reason; none of them passed or failed there.
    let undecided: BTreeSet<(String, String)> = v["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["rule"].as_str().unwrap().to_string(),
                u["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for rule in ["MAM-ECS-002", "MAM-ECS-003", "MAM-ECS-010", "MAM-ECS-028"] {
        assert!(
            undecided.contains(&(rule.to_string(), services_of.clone())),
            "{rule}: {undecided:?}"
        );
    }
    for rule in ["MAM-ECS-007", "MAM-ECS-016", "MAM-ECS-018"] {
        assert!(
            undecided.contains(&(rule.to_string(), "old-batch".to_string())),
            "{rule}"
        );
    }
    assert!(
        findings(&v)
            .iter()
            .all(|(_, a)| !a.contains("shop-secure/") && !a.contains("old-batch"))
    );
    let text = run(&proxy, &["scan", "--aws", "--no-config", "--region", region]);
    let text = common::stdout(&text);
    assert!(text.contains("Not read: 2 API calls failed"), "{text}");
    assert!(text.contains(&services_of), "{text}");

    // In Japanese: the reasons and the summary are translated.
    let (_, ja) = scan_json(&proxy, region, &["--lang", "ja"]);
    let en_reasons: Vec<&str> = v["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    let ja_reasons: Vec<&str> = ja["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["reason"].as_str().unwrap())
        .collect();
    assert_eq!(en_reasons.len(), ja_reasons.len());
    for (e, j) in en_reasons.iter().zip(&ja_reasons) {
        let t = mamori_report::reasons::translate(e);
        assert!(t.untranslated.is_empty(), "{e}: {:?}", t.untranslated);
        assert_eq!(&t.text, j);
    }
}

#[test]
fn ecr_security_group_iam_and_kms_reads_that_fail_leave_their_checks_undecided() {
    let Some(m) = moto() else { return };
    let region = "ap-northeast-2";
    let made = seed(&m, region);
    let denied = |op: &str| {
        json!({"__type": "AccessDeniedException", "message": format!("not authorized to perform: {op}")}).to_string()
    };
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, _| {
        match op.name.as_str() {
        // Denied for the insecure repository only: its lifecycle policy is unknown, which is
        // not the "none" of LifecyclePolicyNotFoundException.
        "GetLifecyclePolicy" if op.body.contains("shop/admin-api") => {
            Answer::Reply(400, denied("ecr:GetLifecyclePolicy"))
        }
        "GetRolePolicy" if op.body.contains("shop-prod-task-execution") => Answer::Reply(
            403,
            "<ErrorResponse><Error><Code>AccessDenied</Code><Message>no</Message></Error></ErrorResponse>".into(),
        ),
        "GetKeyRotationStatus" => Answer::Reply(400, denied("kms:GetKeyRotationStatus")),
        "DescribeSecurityGroups" => Answer::Reply(
            403,
            "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors></Response>"
                .into(),
        ),
        _ => recorded_or_forward(op, &r),
    }
    });
    let (o, v) = scan_json(&proxy, region, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(proxy.violations(), Vec::<Op>::new());
    let repo_bad = made["ecr_insecure"].as_str().unwrap().to_string();
    let sg_open = arn(
        region,
        &format!("ec2:security-group/{}", made["sg_open"].as_str().unwrap()),
    );
    let undecided: BTreeSet<(String, String)> = v["undecided"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["rule"].as_str().unwrap().to_string(),
                u["resource"]["address"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // ECR.3 on the repository whose lifecycle policy could not be read is undecided, not
    // failed; the other repository still passes.
    assert!(
        undecided.contains(&("MAM-ECR-003".to_string(), repo_bad.clone())),
        "{undecided:?}"
    );
    let got = findings(&v);
    assert!(!got.contains(&("MAM-ECR-003".to_string(), repo_bad.clone())));
    assert!(got.contains(&("MAM-ECR-002".to_string(), repo_bad)));
    // The groups the services use were not read: SSH, RDP and public ports are undecided for
    // each of them, and nothing about a group passed or failed.
    for rule in ["MAM-EC2-001", "MAM-EC2-002", "MAM-EC2-003"] {
        assert!(
            undecided.contains(&(rule.to_string(), sg_open.clone())),
            "{rule}: {undecided:?}"
        );
    }
    assert!(got.iter().all(|(r, _)| !r.starts_with("MAM-EC2-")), "{got:?}");
    let calls: BTreeSet<&str> = v["summary"]["aws"]["unread"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["call"].as_str().unwrap())
        .collect();
    // The role whose inline policy could not be read: its permissions are undecided, never
    // "none"; the keys' rotation is undecided.
    let exec_role = format!("arn:aws:iam::{ACCOUNT}:role/shop-prod-task-execution");
    for rule in ["MAM-IAM-001", "MAM-IAM-002"] {
        assert!(
            undecided.contains(&(rule.to_string(), exec_role.clone())),
            "{rule}: {undecided:?}"
        );
        assert!(!got.contains(&(rule.to_string(), exec_role.clone())));
    }
    let key = made["kms_static"].as_str().unwrap().to_string();
    assert!(
        undecided.contains(&("MAM-KMS-001".to_string(), key.clone())),
        "{undecided:?}"
    );
    assert!(got.iter().all(|(r, _)| r != "MAM-KMS-001"));
    assert_eq!(
        calls,
        BTreeSet::from([
            "ec2:DescribeSecurityGroups",
            "ecr:GetLifecyclePolicy",
            "iam:GetRolePolicy",
            "kms:GetKeyRotationStatus"
        ])
    );
}

#[test]
fn requests_in_flight_stay_within_the_concurrency_bound() {
    let Some(m) = moto() else { return };
    let region = "eu-central-1";
    seed(&m, region);
    for bound in [2usize, 5] {
        let r = region.to_string();
        let proxy = Proxy::start(&m.addr, move |op, _| match recorded_eks(op, &r) {
            Some(body) => {
                std::thread::sleep(Duration::from_millis(40));
                Answer::Reply(200, body)
            }
            None => Answer::Delay(Duration::from_millis(40)),
        });
        let n = bound.to_string();
        let (o, v) = scan_json(&proxy, region, &["--aws-concurrency", &n]);
        assert_eq!(o.status.code(), Some(1));
        let max = proxy.max_in_flight.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            max <= bound,
            "{max} requests in flight at once with --aws-concurrency {bound}"
        );
        // The bound is reached: requests do run side by side.
        assert!(max >= bound.min(3), "{max} with --aws-concurrency {bound}");
        assert_eq!(v["summary"]["aws"]["requests"], proxy.ops().len());
        assert_eq!(proxy.violations(), Vec::<Op>::new());
    }
}

#[test]
fn the_proxy_names_and_flags_writes() {
    // The read-only test can fail: the proxy names writes of each protocol and flags them.
    use common::aws_proxy::{identify, is_read};
    let auth = |s: &str| {
        vec![(
            "Authorization".to_string(),
            format!("AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/{s}/aws4_request, SignedHeaders=host"),
        )]
    };
    let mut h = auth("ecs");
    h.push((
        "X-Amz-Target".into(),
        "AmazonEC2ContainerServiceV20141113.DeleteCluster".into(),
    ));
    let op = identify("POST", "/", &h, "{}");
    assert_eq!((op.service.as_str(), op.name.as_str()), ("ecs", "DeleteCluster"));
    assert!(!is_read(&op.name));
    let mut h = auth("iam");
    h.push((
        "Content-Type".into(),
        "application/x-www-form-urlencoded; charset=utf-8".into(),
    ));
    assert_eq!(
        identify("POST", "/", &h, "Action=CreateRole&Version=2010-05-08").name,
        "CreateRole"
    );
    let op = identify("POST", "/clusters/a/node-groups", &auth("eks"), "{}");
    assert_eq!(op.name, "CreateNodegroup");
    assert!(!is_read(&op.name));
    assert!(!is_read(&identify("PUT", "/unknown", &auth("eks"), "").name));
    assert!(is_read(
        &identify("GET", "/clusters/a/access-entries/x/access-policies", &auth("eks"), "").name
    ));
    let op = identify("POST", "/status/batch/get", &auth("inspector2"), "{}");
    assert_eq!(op.name, "BatchGetAccountStatus");
    assert!(is_read(&op.name));
    assert!(!is_read(&identify("POST", "/enable", &auth("inspector2"), "{}").name));
}

#[test]
fn without_a_region_or_with_a_bad_state_file_the_scan_stops_with_a_message() {
    let Some(m) = moto() else { return };
    let proxy = Proxy::start(&m.addr, |_, _| Answer::Forward);
    for lang in ["en", "ja"] {
        let o = run(&proxy, &["scan", "--aws", "--no-config", "--lang", lang]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        let want = mamori_report::reasons::note(
            if lang == "ja" {
                mamori_model::Lang::Ja
            } else {
                mamori_model::Lang::En
            },
            "no AWS region: give --region or set AWS_REGION",
        );
        assert_eq!(err.trim(), format!("mamori: {want}"));
    }
    let d = common::tempdir("aws-state");
    let state = common::write(&d, "old.tfstate", r#"{"version": 3, "resources": []}"#);
    let o = run(
        &proxy,
        &[
            "scan",
            "--aws",
            "--region",
            "us-east-1",
            "--tf-state",
            state.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a Terraform state of format version 4"));
    // Failing to identify the account stops the scan: STS denied.
    let proxy = Proxy::start(&m.addr, |op, _| match op.name.as_str() {
        "GetCallerIdentity" => Answer::Reply(403, r#"{"__type": "AccessDenied", "message": "no"}"#.into()),
        _ => Answer::Forward,
    });
    let o = run(&proxy, &["scan", "--aws", "--region", "us-east-1", "--no-config"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("cannot identify the AWS account: AccessDenied: no"),
        "{err}"
    );
    let o = common::run(&["inventory"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("give --aws"));
}

#[test]
fn links_to_source_from_cloudformation_tags_and_terraform_state() {
    let Some(m) = moto() else { return };
    let region = "ap-southeast-2";
    seed(&m, region);
    let cluster = arn(region, "ecs:cluster/shop-prod");
    let td = arn(region, "ecs:task-definition/admin-api:1");
    let r = region.to_string();
    let c = cluster.clone();
    // moto keeps tags, but the aws: prefix is reserved to AWS: the proxy adds CloudFormation's
    // tags to the cluster in DescribeClusters' reply.
    let proxy = Proxy::start(&m.addr, move |op, _| {
        if op.name == "DescribeClusters" && op.body.contains("shop-prod") {
            let body = json!({"clusters": [{"clusterArn": c, "clusterName": "shop-prod", "status": "ACTIVE",
                "settings": [], "tags": [
                    {"key": "aws:cloudformation:stack-name", "value": "shop-ecs"},
                    {"key": "aws:cloudformation:logical-id", "value": "ProdCluster"}]}], "failures": []});
            return Answer::Reply(200, body.to_string());
        }
        recorded_or_forward(op, &r)
    });
    let d = common::tempdir("aws-links");
    let state = json!({"version": 4, "resources": [{"module": "module.ecs", "mode": "managed",
        "type": "aws_ecs_task_definition", "name": "admin", "instances": [{"attributes": {"arn": td}}]}]});
    let state = common::write(&d, "terraform.tfstate", &state.to_string());
    let (_, v) = scan_json(&proxy, region, &["--tf-state", state.to_str().unwrap()]);
    let of = |rule: &str, address: &str| -> Value {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule && f["resource"]["address"] == address)
            .cloned()
            .unwrap_or_else(|| panic!("{rule} {address}"))
    };
    let f = of("MAM-ECS-001", &cluster);
    assert_eq!(f["resource"]["cloudformation_stack"], "shop-ecs");
    assert_eq!(f["resource"]["cloudformation_logical_id"], "ProdCluster");
    let f = of("MAM-ECS-016", &td);
    assert_eq!(
        f["resource"]["terraform_address"],
        "module.ecs.aws_ecs_task_definition.admin"
    );
    let o = run(
        &proxy,
        &[
            "scan",
            "--aws",
            "--no-config",
            "--region",
            region,
            "--tf-state",
            state.to_str().unwrap(),
        ],
    );
    let text = common::stdout(&o);
    assert!(
        text.contains("CloudFormation stack shop-ecs, logical id ProdCluster"),
        "{text}"
    );
    assert!(
        text.contains("Terraform module.ecs.aws_ecs_task_definition.admin"),
        "{text}"
    );
    let o = run(
        &proxy,
        &["scan", "--aws", "--no-config", "--region", region, "--format", "sarif"],
    );
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["properties"]["cloudformationStack"] == "shop-ecs")
    );
    assert!(results.iter().all(|r| r["properties"]["account"] == ACCOUNT));
}

#[test]
fn region_all_reads_every_enabled_region() {
    let Some(m) = moto() else { return };
    let region = "sa-east-1";
    seed(&m, region);
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, _| recorded_or_forward(op, &r));
    let (o, v) = scan_json(&proxy, "all", &[]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(proxy.count("DescribeRegions"), 1);
    let regions: Vec<&str> = v["summary"]["aws"]["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        regions.len() > 10 && regions.contains(&region) && regions.contains(&"us-east-1"),
        "{regions:?}"
    );
    // Every region was asked for its ECS and EKS clusters, and the seeded one was judged.
    let asked: BTreeSet<String> = proxy
        .ops()
        .iter()
        .filter(|o| o.name == "ListClusters")
        .map(|o| format!("{}/{}", o.service, o.region))
        .collect();
    for r in &regions {
        assert!(
            asked.contains(&format!("ecs/{r}")) && asked.contains(&format!("eks/{r}")),
            "{r}"
        );
    }
    assert!(findings(&v).contains(&("MAM-ECS-001".to_string(), arn(region, "ecs:cluster/shop-prod"))));
    // The registry's scanning is read where repositories are (the seeded regions of the tests
    // sharing this server), not in every empty region.
    let scanned: BTreeSet<String> = proxy
        .ops()
        .iter()
        .filter(|o| o.name == "GetRegistryScanningConfiguration")
        .map(|o| o.region.clone())
        .collect();
    assert!(scanned.contains(region) && scanned.len() < regions.len(), "{scanned:?}");
    assert!(findings(&v).contains(&("MAM-ECR-007".to_string(), arn(region, "ecr:registry"))));
    assert_eq!(proxy.violations(), Vec::<Op>::new());
}

#[test]
fn endpoints_come_from_the_environment_as_the_sdks_take_them() {
    let Some(m) = moto() else { return };
    let region = "ca-central-1";
    seed(&m, region);
    let r = region.to_string();
    let all = Proxy::start(&m.addr, move |op, _| recorded_or_forward(op, &r));
    let r = region.to_string();
    let ecs = Proxy::start(&m.addr, move |op, _| recorded_or_forward(op, &r));
    let logs = Proxy::start(&m.addr, |_, _| Answer::Forward);
    // AWS_ENDPOINT_URL for every service, AWS_ENDPOINT_URL_ECS for ECS alone, and CloudWatch
    // Logs by its SDK id, "CloudWatch Logs".
    let o = command(&["scan", "--aws", "--no-config", "--region", region, "--format", "json"])
        .env("AWS_ENDPOINT_URL", &all.url)
        .env("AWS_ENDPOINT_URL_ECS", &ecs.url)
        .env("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", &logs.url)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let services = |p: &Proxy| p.ops().iter().map(|o| o.service.clone()).collect::<BTreeSet<_>>();
    assert_eq!(services(&ecs), BTreeSet::from(["ecs".to_string()]));
    assert_eq!(services(&logs), BTreeSet::from(["logs".to_string()]));
    assert_eq!(
        services(&all),
        BTreeSet::from(["ec2", "ecr", "eks", "guardduty", "iam", "inspector2", "kms", "sts"].map(String::from))
    );
    for p in [&all, &ecs, &logs] {
        assert_eq!(p.violations(), Vec::<Op>::new());
    }
}

#[test]
fn a_call_that_times_out_is_retried_then_left_undecided() {
    let Some(m) = moto() else { return };
    let region = "ap-south-1";
    seed(&m, region);
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, _| match op.name.as_str() {
        "ListTaskDefinitionFamilies" => Answer::Delay(Duration::from_secs(3)),
        _ => recorded_or_forward(op, &r),
    });
    let o = command(&[
        "scan",
        "--aws",
        "--no-config",
        "--region",
        region,
        "--format",
        "json",
        "--aws-timeout",
        "1",
    ])
    .args(["--endpoint-url", &proxy.url])
    .env("AWS_MAX_ATTEMPTS", "2")
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(proxy.count("ListTaskDefinitionFamilies"), 2);
    let unread = &v["summary"]["aws"]["unread"][0];
    assert_eq!(unread["call"], "ecs:ListTaskDefinitionFamilies");
    assert!(
        unread["reason"].as_str().unwrap().contains("(attempts: 2): timeout"),
        "{unread}"
    );
    let families = format!("ECS task definition families in {region}");
    assert_eq!(unread["resources"], json!([families]));
    let undecided = v["undecided"].as_array().unwrap();
    assert!(
        undecided
            .iter()
            .any(|u| u["rule"] == "MAM-ECS-016" && u["resource"]["address"] == families.as_str())
    );
    // The revision the service runs is still read and judged.
    let td1 = arn(region, "ecs:task-definition/admin-api:1");
    assert!(findings(&v).contains(&("MAM-ECS-016".to_string(), td1)));
}

#[test]
fn compliance_judges_the_live_account() {
    let Some(m) = moto() else { return };
    let region = "eu-north-1";
    seed(&m, region);
    let r = region.to_string();
    let proxy = Proxy::start(&m.addr, move |op, _| recorded_or_forward(op, &r));
    let o = run(
        &proxy,
        &[
            "compliance",
            "--framework",
            "aws-fsbp",
            "--aws",
            "--region",
            region,
            "--no-config",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let status = |id: &str| {
        v["controls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
            .unwrap_or_else(|| panic!("{id}"))
    };
    // Container Insights off on shop-prod (ECS.12), public IPs (ECS.2), a public EKS endpoint
    // (EKS.1).
    assert_eq!(status("ECS.12"), "fail");
    assert_eq!(status("ECS.2"), "fail");
    assert_eq!(status("EKS.1"), "fail");
    // The services read in phase two: a repository without a lifecycle policy (ECR.3), SSH open
    // on a service's group (EC2.13), a key that does not rotate (KMS.4), a detector without
    // Runtime Monitoring (GuardDuty.11), an EKS log group kept a week (CloudWatch.16).
    for control in ["ECR.3", "EC2.13", "KMS.4", "GuardDuty.11", "CloudWatch.16"] {
        assert_eq!(status(control), "fail", "{control}");
    }
    assert_eq!(proxy.violations(), Vec::<Op>::new());
}
