//! The attribute path of a finding does not depend on the source. `tests/same-platform/` holds
//! one ECS platform written three times — Terraform, CloudFormation and ECS API JSON — with the
//! same mistakes; every rule must fail on it at least once, and the three scans must report the
//! same findings with the same attribute paths.

use mamori_iac::{Level, ScanOptions};
use mamori_model::{Inventory, SourceKind};
use mamori_rules::{Params, RuleSelection};
use std::collections::BTreeSet;
use std::path::Path;

/// A finding as every source must report it: rule, resource type and name, attribute.
type Seen = (String, String, String, String);

fn findings(dir: &str) -> Vec<Seen> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/same-platform")
        .join(dir);
    let input = mamori_iac::scan(&ScanOptions {
        paths: vec![path],
        stdin: None,
        ..Default::default()
    })
    .unwrap();
    let errors: Vec<_> = input
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| format!("{}:{}: {}", d.path, d.line, d.message))
        .collect();
    assert!(errors.is_empty(), "{dir}: {errors:?}");
    let mut inv = Inventory::new();
    inv.extend(input.resources.iter().cloned());
    let params = Params {
        required_tag_keys: vec!["team".into()],
        ..Params::default()
    };
    let out = mamori_rules::run(&inv, &mamori_rules::all(), &params, &RuleSelection::default());
    let undecided: Vec<_> = out
        .undecided
        .iter()
        .map(|u| format!("{} {}: {}", u.rule_id, u.resource.address, u.reason))
        .collect();
    assert!(undecided.is_empty(), "{dir}: every check is decided, got {undecided:?}");
    let mut seen: Vec<Seen> = out
        .findings
        .iter()
        .map(|f| {
            // A task set has no name of its own: each source knows it by its own identifier.
            // The API names a task definition with its revision (`tools:1`), IaC by family.
            let name = match f.resource.kind.as_str() {
                "AWS::ECS::TaskSet" => "-".to_string(),
                // The registry's settings are one per account and Region, without a name: each
                // source knows them by its address, logical id or registry id.
                "AWS::ECR::ReplicationConfiguration" | "AWS::ECR::RegistryScanningConfiguration" => "-".to_string(),
                // Nor has a KMS key (aliases are resources of their own) or a GuardDuty detector.
                "AWS::KMS::Key" | "AWS::GuardDuty::Detector" => "-".to_string(),
                "AWS::ECS::TaskDefinition" => f.resource.name.split(':').next().unwrap_or_default().to_string(),
                _ => f.resource.name.clone(),
            };
            // CloudFormation writes the repository policy inside its repository; Terraform and
            // the API as a resource of its own, named after the repository.
            let kind = match f.resource.kind.as_str() {
                "AWS::ECR::RepositoryPolicy" => "AWS::ECR::Repository".to_string(),
                k => k.to_string(),
            };
            (f.rule_id.to_string(), kind, name, f.attribute.clone())
        })
        .collect();
    seen.sort();
    seen
}

#[test]
fn the_same_platform_gives_the_same_attributes_in_every_source() {
    let terraform = findings("terraform");
    let cloudformation = findings("cloudformation");
    let api = findings("api");
    assert_eq!(terraform, cloudformation, "Terraform and CloudFormation differ");
    assert_eq!(terraform, api, "Terraform and the API JSON differ");

    let cluster = "AWS::ECS::Cluster";
    let service = "AWS::ECS::Service";
    let task_set = "AWS::ECS::TaskSet";
    let provider = "AWS::ECS::CapacityProvider";
    let td = "AWS::ECS::TaskDefinition";
    let sg = "AWS::EC2::SecurityGroup";
    let role = "AWS::IAM::Role";
    let exec = "cluster.configuration.executeCommandConfiguration";
    let web = "containerDefinitions[web]";
    let eks = "AWS::EKS::Cluster";
    let nodegroup = "AWS::EKS::Nodegroup";
    let vpc = "resourcesVpcConfig";
    let repo = "AWS::ECR::Repository";
    let mut want: Vec<Seen> = [
        ("MAM-ECS-001", cluster, "ops", "settings.containerInsights".to_string()),
        ("MAM-ECS-002", service, "web", "platformVersion".into()),
        (
            "MAM-ECS-003",
            service,
            "web",
            "networkConfiguration.awsvpcConfiguration.assignPublicIp".into(),
        ),
        (
            "MAM-ECS-004",
            task_set,
            "-",
            "networkConfiguration.awsvpcConfiguration.assignPublicIp".into(),
        ),
        ("MAM-ECS-005", td, "tools", "pidMode".into()),
        ("MAM-KMS-001", "AWS::KMS::Key", "-", "keyRotationEnabled".into()),
        (
            "MAM-LOGS-001",
            "AWS::Logs::LogGroup",
            "/ecs/ops/logger",
            "retentionInDays".into(),
        ),
        (
            "MAM-LOGS-002",
            "AWS::Logs::LogGroup",
            "/ecs/ops/logger",
            "kmsKeyId".into(),
        ),
        (
            "MAM-GD-001",
            "AWS::GuardDuty::Detector",
            "-",
            "features[EKS_AUDIT_LOGS].status".into(),
        ),
        (
            "MAM-GD-002",
            "AWS::GuardDuty::Detector",
            "-",
            "features[RUNTIME_MONITORING].status".into(),
        ),
        (
            "MAM-GD-003",
            "AWS::GuardDuty::Detector",
            "-",
            "features[RUNTIME_MONITORING].status".into(),
        ),
        (
            "MAM-GD-004",
            "AWS::GuardDuty::Detector",
            "-",
            "features[RUNTIME_MONITORING].status".into(),
        ),
        ("MAM-ECS-006", td, "tools", format!("{web}.privileged")),
        ("MAM-ECS-007", td, "tools", format!("{web}.readonlyRootFilesystem")),
        (
            "MAM-ECS-008",
            td,
            "tools",
            format!("{web}.environment[AWS_ACCESS_KEY_ID]"),
        ),
        ("MAM-ECS-009", td, "tools", format!("{web}.logConfiguration.logDriver")),
        ("MAM-ECS-010", service, "web", "tags".into()),
        ("MAM-ECS-011", cluster, "ops", "tags".into()),
        ("MAM-ECS-012", td, "tools", "tags".into()),
        ("MAM-ECS-013", td, "tools", "networkMode".into()),
        (
            "MAM-ECS-014",
            td,
            "tools",
            "volumes[data].efsVolumeConfiguration.transitEncryption".into(),
        ),
        (
            "MAM-ECS-015",
            provider,
            "ops-ec2",
            "autoScalingGroupProvider.managedTerminationProtection".into(),
        ),
        ("MAM-ECS-016", td, "tools", format!("{web}.user")),
        ("MAM-ECS-017", td, "pos", "containerDefinitions[pos].user".into()),
        (
            "MAM-ECS-018",
            td,
            "tools",
            format!("{web}.environment[AWS_ACCESS_KEY_ID]"),
        ),
        ("MAM-ECS-018", td, "tools", format!("{web}.environment[DB_PASSWORD]")),
        (
            "MAM-ECS-019",
            td,
            "tools",
            format!("{web}.linuxParameters.capabilities.add[SYS_ADMIN]"),
        ),
        (
            "MAM-ECS-020",
            td,
            "tools",
            format!("{web}.linuxParameters.capabilities.drop"),
        ),
        ("MAM-ECS-021", td, "tools", "ipcMode".into()),
        ("MAM-ECS-022", td, "tools", format!("{web}.mountPoints[docker-sock]")),
        ("MAM-ECS-023", td, "tools", format!("{web}.mountPoints[host-etc]")),
        (
            "MAM-ECS-024",
            td,
            "tools",
            format!("{web}.linuxParameters.devices[/dev/fuse]"),
        ),
        ("MAM-ECS-025", td, "tools", format!("{web}.image")),
        ("MAM-ECS-026", td, "tools", "taskRoleArn".into()),
        ("MAM-ECS-027", td, "reporter", "containerDefinitions[xray]".into()),
        ("MAM-ECS-028", service, "web", format!("{exec}.kmsKeyId")),
        ("MAM-ECS-028", service, "web", format!("{exec}.logging")),
        (
            "MAM-ECS-029",
            td,
            "tools",
            "containerDefinitions[logger].logConfiguration.options.mode".into(),
        ),
        ("MAM-ECS-030", td, "tools", format!("{web}.versionConsistency")),
        (
            "MAM-ECS-031",
            td,
            "tools",
            format!("{web}.dockerSecurityOptions[no-new-privileges]"),
        ),
        ("MAM-EKS-001", eks, "kube", format!("{vpc}.endpointPublicAccess")),
        ("MAM-EKS-002", eks, "kube", "version".into()),
        ("MAM-EKS-003", eks, "kube", "encryptionConfig".into()),
        ("MAM-EKS-004", eks, "kube", "tags".into()),
        ("MAM-EKS-005", eks, "kube", "logging.clusterLogging".into()),
        ("MAM-EKS-006", nodegroup, "workers", "version".into()),
        (
            "MAM-EKS-007",
            eks,
            "kube",
            format!("{vpc}.publicAccessCidrs[0.0.0.0/0]"),
        ),
        ("MAM-EKS-008", eks, "kube", format!("{vpc}.endpointPrivateAccess")),
        ("MAM-EKS-009", eks, "kube", "accessConfig.authenticationMode".into()),
        (
            "MAM-EKS-010",
            nodegroup,
            "workers",
            "remoteAccess.sourceSecurityGroups".into(),
        ),
        ("MAM-EKS-011", eks, "kube", "deletionProtection".into()),
        (
            "MAM-ECR-001",
            repo,
            "shop",
            "imageScanningConfiguration.scanOnPush".into(),
        ),
        ("MAM-ECR-002", repo, "shop", "imageTagMutability".into()),
        (
            "MAM-ECR-004",
            repo,
            "shop",
            "encryptionConfiguration.encryptionType".into(),
        ),
        ("MAM-ECR-005", repo, "shop", "policyText.statement[PublicPull]".into()),
        (
            "MAM-ECR-006",
            "AWS::ECR::ReplicationConfiguration",
            "-",
            "replicationConfiguration.rules[#1].destinations[us-east-1/999888777666].registryId".into(),
        ),
        (
            "MAM-ECR-007",
            "AWS::ECR::RegistryScanningConfiguration",
            "-",
            "scanningConfiguration.scanType".into(),
        ),
        (
            "MAM-EC2-001",
            sg,
            "web",
            "ipPermissions[tcp/22].ipRanges[0.0.0.0/0].cidrIp".into(),
        ),
        (
            "MAM-EC2-001",
            sg,
            "web",
            "ipPermissions[tcp/3389].ipv6Ranges[::/0].cidrIpv6".into(),
        ),
        (
            "MAM-EC2-001",
            sg,
            "web",
            "ipPermissions[tcp/8080].ipRanges[0.0.0.0/0].cidrIp".into(),
        ),
        (
            "MAM-EC2-002",
            sg,
            "web",
            "ipPermissions[tcp/22].ipRanges[0.0.0.0/0].cidrIp".into(),
        ),
        (
            "MAM-EC2-003",
            sg,
            "web",
            "ipPermissions[tcp/3389].ipv6Ranges[::/0].cidrIpv6".into(),
        ),
        (
            "MAM-IAM-001",
            role,
            "ops-tools",
            "attachedManagedPolicies[AdministratorAccess]".into(),
        ),
        (
            "MAM-IAM-002",
            role,
            "ops-tools",
            "attachedManagedPolicies[AdministratorAccess]".into(),
        ),
        (
            "MAM-IAM-003",
            role,
            "ops-tools",
            "assumeRolePolicyDocument.statement[Anyone]".into(),
        ),
        (
            "MAM-IAM-004",
            td,
            "pos",
            "containerDefinitions[pos].secrets[DB_PASSWORD].valueFrom".into(),
        ),
    ]
    .into_iter()
    .map(|(r, k, n, a)| (r.to_string(), k.to_string(), n.to_string(), a))
    .collect();
    want.sort();
    assert_eq!(terraform, want);

    // Every rule of the three sources is proved here, not only some.
    let failed: BTreeSet<&str> = terraform.iter().map(|(r, ..)| r.as_str()).collect();
    let missing: Vec<&str> = mamori_rules::all()
        .iter()
        .filter(|r| {
            [
                SourceKind::Terraform,
                SourceKind::CloudFormation,
                SourceKind::AwsApiJson,
            ]
            .iter()
            .all(|s| r.meta().sources.contains(s))
        })
        .map(|r| r.meta().id)
        .filter(|id| !failed.contains(id))
        .collect();
    assert!(missing.is_empty(), "rules that never fail here: {missing:?}");
}
