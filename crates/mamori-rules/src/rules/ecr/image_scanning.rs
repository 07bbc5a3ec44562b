//! ECR.1: ECR private repositories should have image scanning configured.
//!
//! A repository is scanned when the registry's scanning configuration has a rule that scans it
//! (`SCAN_ON_PUSH` or `CONTINUOUS_SCAN`, a filter matching its name), or, when the registry has no
//! such rules, when the repository itself scans on push. As the ECR user guide says, once the
//! registry has scanning rules, a repository that matches none is scanned manually only (basic
//! scanning) or not at all (enhanced scanning), whatever its own `scanOnPush` says.

use crate::ecr::scanning_configurations;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecr::{EcrRegistryScanningConfiguration, EcrRepository, KIND_ECR_REPOSITORY};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ImageScanning;

pub static RULE: ImageScanning = ImageScanning;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECR-001",
    name: "ecr-repository-image-scanning",
    title_en: "ECR private repositories should scan their images",
    title_ja: "ECR プライベートリポジトリでイメージスキャンを設定する",
    severity: Severity::High,
    controls: &[
        "aws-securityhub/ECR.1",
        "nist-800-53/RA-5",
        "pci-dss-4.0.1/6.2.3",
        "pci-dss-4.0.1/6.2.4",
    ],
    equivalents: &[
        ("checkov", "CKV_AWS_163"),
        ("trivy", "AVD-AWS-0030"),
        ("prowler", "ecr_registry_scan_images_on_push_enabled"),
        ("prowler", "ecr_repositories_scan_images_on_push_enabled"),
    ],
    resource_kinds: &[KIND_ECR_REPOSITORY],
    sources: &[SourceKind::Terraform, SourceKind::CloudFormation, SourceKind::AwsApiJson],
};

/// What the registry's scanning rules say about one repository.
enum Registry {
    /// No configuration with scanning rules (or enhanced scanning): the repository decides.
    Silent,
    Scans,
    /// Rules exist and none scans the repository: the configuration that says so.
    Skips(String),
    Unknown(mamori_model::Origin, String),
}

fn registry(configs: &[&EcrRegistryScanningConfiguration], repo: &EcrRepository) -> Registry {
    let mut governing = None;
    for c in configs {
        let enhanced = match &c.scan_type.state {
            State::Set(t) | State::Default(t) => t == "ENHANCED",
            State::Absent => false,
            State::Unknown(r) => {
                return Registry::Unknown(c.scan_type.origin.clone(), format!("`scanningConfiguration.scanType` is unknown: {r}"));
            }
        };
        let rules = match &c.rules.state {
            State::Set(r) | State::Default(r) => r.as_slice(),
            State::Absent => &[],
            State::Unknown(r) => {
                return Registry::Unknown(c.rules.origin.clone(), format!("`scanningConfiguration.rules` is unknown: {r}"));
            }
        };
        if rules.is_empty() && !enhanced {
            continue;
        }
        governing.get_or_insert_with(|| c.meta.name.clone());
        for rule in rules {
            let freq = match &rule.scan_frequency.state {
                State::Set(f) | State::Default(f) => f.as_str(),
                State::Absent => "",
                State::Unknown(r) => {
                    return Registry::Unknown(rule.scan_frequency.origin.clone(), format!("`scanningConfiguration.rules[].scanFrequency` is unknown: {r}"));
                }
            };
            if freq != "SCAN_ON_PUSH" && freq != "CONTINUOUS_SCAN" {
                continue;
            }
            let filters = match &rule.repository_filters.state {
                State::Set(f) | State::Default(f) => f.as_slice(),
                State::Absent => return Registry::Scans,
                State::Unknown(r) => {
                    return Registry::Unknown(rule.repository_filters.origin.clone(), format!("`scanningConfiguration.rules[].repositoryFilters` is unknown: {r}"));
                }
            };
            let Some(name) = repo.name.value() else {
                let why = repo.name.unknown_reason().unwrap_or("it is not written").to_string();
                return Registry::Unknown(repo.name.origin.clone(), format!("`repositoryName` is unknown: {why}"));
            };
            for f in filters {
                match f.matches(name) {
                    Some(true) => return Registry::Scans,
                    Some(false) => {}
                    None => {
                        let (what, attr) = match f.filter.unknown_reason() {
                            Some(r) => ("filter", r),
                            None => ("filterType", f.filter_type.unknown_reason().unwrap_or_default()),
                        };
                        return Registry::Unknown(
                            f.origin.clone(),
                            format!("`scanningConfiguration.rules[].repositoryFilters[].{what}` is unknown: {attr}"),
                        );
                    }
                }
            }
        }
    }
    match governing {
        Some(name) => Registry::Skips(name),
        None => Registry::Silent,
    }
}

impl Rule for ImageScanning {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for repo in inv.ecr_repositories() {
            let name = &repo.meta.name;
            let configs = scanning_configurations(inv, &repo.meta);
            match registry(&configs, repo) {
                Registry::Scans => ctx.pass(&repo.meta),
                Registry::Unknown(origin, why) => ctx.undecided(&repo.meta, &origin, why),
                Registry::Skips(config) => ctx.fail(
                    &repo.meta,
                    "imageScanningConfiguration.scanOnPush",
                    &repo.scan_on_push.origin,
                    Text::new(
                        format!("ECR repository `{name}` is not scanned: no rule of the registry scanning configuration `{config}` scans it on push or continuously, and those rules override the repository's own scanOnPush"),
                        format!("ECR リポジトリ `{name}` はスキャンされません。レジストリのスキャン設定 `{config}` に、このリポジトリをプッシュ時または継続的にスキャンするルールがなく、その設定がリポジトリ自身の scanOnPush より優先されます"),
                    ),
                ),
                Registry::Silent => match &repo.scan_on_push.state {
                    State::Set(true) | State::Default(true) => ctx.pass(&repo.meta),
                    State::Unknown(r) => ctx.undecided(
                        &repo.meta,
                        &repo.scan_on_push.origin,
                        format!("`imageScanningConfiguration.scanOnPush` is unknown: {r}"),
                    ),
                    _ => ctx.fail(
                        &repo.meta,
                        "imageScanningConfiguration.scanOnPush",
                        &repo.scan_on_push.origin,
                        Text::new(
                            format!("ECR repository `{name}` does not scan images on push, and no registry scanning rule in the scan covers it"),
                            format!("ECR リポジトリ `{name}` でプッシュ時のイメージスキャンが無効で、スキャン対象にこのリポジトリを対象とするレジストリのスキャンルールもありません"),
                        ),
                    ),
                },
            }
        }
    }
}
