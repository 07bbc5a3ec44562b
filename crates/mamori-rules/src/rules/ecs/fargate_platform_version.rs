//! ECS.10: ECS Fargate services should run on the latest Fargate platform version.

use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs::{Compute, EcsService, KIND_SERVICE, compute_of};
use mamori_model::{Attr, Inventory, Severity, SourceKind, State, Text};

pub struct FargatePlatformVersion;

pub static RULE: FargatePlatformVersion = FargatePlatformVersion;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-002",
    name: "ecs-fargate-platform-version",
    title_en: "ECS Fargate services should run on the latest Fargate platform version",
    title_ja: "ECS Fargate サービスは最新の Fargate プラットフォームバージョンで実行する",
    severity: Severity::Medium,
    controls: &[
        "aws-securityhub/ECS.10",
        "nist-800-53/SI-2",
        "nist-800-53/SI-2(2)",
        "nist-800-53/SI-2(4)",
        "nist-800-53/SI-2(5)",
        "pci-dss-4.0.1/6.3.3",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_332"),
        ("prowler", "ecs_service_fargate_latest_platform_version"),
    ],
    resource_kinds: &[KIND_SERVICE],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

#[derive(PartialEq)]
enum Family {
    Linux,
    Windows,
    NotKnown,
}

fn family(f: &Attr<String>) -> Family {
    match f.value() {
        Some(v) if v.eq_ignore_ascii_case("linux") => Family::Linux,
        Some(v) if v.to_ascii_uppercase().starts_with("WINDOWS") => Family::Windows,
        _ => Family::NotKnown,
    }
}

impl Rule for FargatePlatformVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for s in inv.ecs_services() {
            judge(inv, s, ctx);
        }
    }
}

fn judge(inv: &Inventory, s: &EcsService, ctx: &mut Ctx<'_>) {
    let linux = ctx.params.fargate_latest_linux.clone();
    let windows = ctx.params.fargate_latest_windows.clone();
    let name = &s.meta.name;
    let pv = &s.platform_version;
    // Whether the version would pass if the service is on Fargate, and why not otherwise.
    let verdict: Result<(), (String, bool)> = match &pv.state {
        State::Set(v) | State::Default(v) => {
            if v.eq_ignore_ascii_case("LATEST") {
                Ok(())
            } else {
                match family(&s.platform_family) {
                    Family::Linux if *v == linux => Ok(()),
                    Family::Windows if *v == windows => Ok(()),
                    Family::NotKnown if *v == linux => Ok(()),
                    // 1.0.0 is current for Windows but years old for Linux: the family decides.
                    Family::NotKnown if *v == windows => Err((
                        format!(
                            "platform version `{v}` is the latest only for Windows, and the platform family is not known"
                        ),
                        true,
                    )),
                    _ => Err((v.clone(), false)),
                }
            }
        }
        State::Absent => Ok(()),
        State::Unknown(r) => Err((format!("platform version is unknown: {r}"), true)),
    };
    let Err((detail, undecidable)) = verdict else {
        ctx.pass(&s.meta);
        return;
    };

    let on_fargate = match s.compute() {
        Compute::Fargate => Ok(true),
        Compute::NotFargate(_) => Ok(false),
        Compute::Unknown(r) => Err(format!("launch type or capacity providers are unknown: {r}")),
        Compute::ClusterDefault => match s.cluster.value().and_then(|c| inv.find_cluster(c, &s.meta)) {
            Some(c) => match compute_of(&Attr::absent(c.meta.origin.clone()), &c.default_capacity_provider_strategy) {
                Compute::Fargate => Ok(true),
                Compute::NotFargate(_) | Compute::ClusterDefault => Ok(false),
                Compute::Unknown(r) => Err(format!("the cluster's default capacity provider strategy is unknown: {r}")),
            },
            None => Err(
                "the service names neither a launch type nor a capacity provider strategy, and its cluster's default strategy is not in this scan"
                    .to_string(),
            ),
        },
    };
    match on_fargate {
        Ok(false) => {}
        Err(reason) => ctx.undecided(&s.meta, &pv.origin, reason),
        Ok(true) if undecidable => ctx.undecided(&s.meta, &pv.origin, detail),
        Ok(true) => ctx.fail(
            &s.meta,
            "platformVersion",
            &pv.origin,
            Text::new(
                format!(
                    "Fargate service `{name}` is pinned to platform version `{detail}`; use `LATEST` (or `{linux}` for Linux, `{windows}` for Windows)"
                ),
                format!(
                    "Fargate サービス `{name}` のプラットフォームバージョンが `{detail}` に固定されています。`LATEST`（Linux は `{linux}`、Windows は `{windows}`）を使用してください"
                ),
            ),
        ),
    }
}
