//! Container images should name a fixed version: an image digest, or at least a tag other than
//! `latest`. Beyond Security Hub.

use crate::checks::{Verdict, each_container};
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::ecs_task::{ContainerDefinition, KIND_TASK_DEFINITION};
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ContainerImageNotPinned;

pub static RULE: ContainerImageNotPinned = ContainerImageNotPinned;

static META: RuleMeta = RuleMeta {
    id: "MAM-ECS-025",
    name: "ecs-container-image-not-pinned",
    title_en: "ECS container images should be pinned to a digest or a version tag, not `latest`",
    title_ja: "ECS コンテナイメージは `latest` ではなくダイジェストかバージョンタグで固定する",
    severity: Severity::Medium,
    controls: &["nist-800-53/CM-2", "nist-800-53/SI-7"],
    equivalents: &[],
    resource_kinds: &[KIND_TASK_DEFINITION],
    sources: &[
        SourceKind::Terraform,
        SourceKind::CloudFormation,
        SourceKind::AwsApiJson,
    ],
};

impl Rule for ContainerImageNotPinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for td in inv.ecs_task_definitions() {
            let name = td.meta.name.clone();
            each_container(ctx, td, |c, label| judge(&name, c, label));
        }
    }
}

/// How an image reference names its version.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pin<'a> {
    /// `repo@sha256:<64 hex>` (with or without a tag before the `@`).
    Digest,
    /// `repo:tag`, the tag not being `latest`.
    Tag(&'a str),
    /// `repo:latest`.
    Latest,
    /// `repo` alone: the registry serves `latest`.
    NoTag,
    /// An `@` that is not followed by a digest mamori recognises.
    BadDigest,
}

/// Reads an image reference (`[registry[:port]/]path[:tag][@algorithm:hex]`). A colon before
/// the last `/` belongs to the registry's port, not to a tag.
pub(crate) fn pin(image: &str) -> Pin<'_> {
    let image = image.trim();
    if let Some((_, digest)) = image.split_once('@') {
        return if is_digest(digest) { Pin::Digest } else { Pin::BadDigest };
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) if tag.eq_ignore_ascii_case("latest") => Pin::Latest,
        Some((_, tag)) if !tag.is_empty() => Pin::Tag(tag),
        _ => Pin::NoTag,
    }
}

/// `sha256:` with 64 hex digits, or `sha512:` with 128 (the OCI registered algorithms).
fn is_digest(d: &str) -> bool {
    let hex = |h: &str, n: usize| h.len() == n && h.bytes().all(|b| b.is_ascii_hexdigit());
    match d.split_once(':') {
        Some(("sha256", h)) => hex(h, 64),
        Some(("sha512", h)) => hex(h, 128),
        _ => false,
    }
}

fn judge(td: &str, c: &ContainerDefinition, label: &str) -> Verdict {
    let image = &c.image;
    let reference = match &image.state {
        State::Set(i) | State::Default(i) => i,
        State::Unknown(r) => {
            return Verdict::Unknown(
                image.origin.clone(),
                format!("the image of container `{label}` is unknown: {r}"),
            );
        }
        State::Absent => {
            return Verdict::Unknown(image.origin.clone(), format!("container `{label}` names no image"));
        }
    };
    if reference.trim().is_empty() {
        return Verdict::Unknown(
            image.origin.clone(),
            format!("the image of container `{label}` is empty"),
        );
    }
    let (en, ja) = match pin(reference) {
        Pin::Digest | Pin::Tag(_) => return Verdict::Pass,
        Pin::BadDigest => {
            return Verdict::Unknown(
                image.origin.clone(),
                format!("the image `{reference}` of container `{label}` has a digest mamori does not recognise"),
            );
        }
        Pin::Latest => ("uses the `latest` tag", "`latest` タグを使っています"),
        Pin::NoTag => (
            "has no tag or digest, so `latest` is pulled",
            "タグもダイジェストも指定しておらず、`latest` が取得されます",
        ),
    };
    Verdict::fail(
        "image",
        &image.origin,
        Text::new(
            format!(
                "Container `{label}` of ECS task definition `{td}` image `{reference}` {en}; pin it to a digest (`@sha256:…`) or a version tag"
            ),
            format!(
                "ECS タスク定義 `{td}` のコンテナ `{label}` のイメージ `{reference}` は{ja}。ダイジェスト（`@sha256:…`）かバージョンタグで固定してください"
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_like_docker_reads_them() {
        let d = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(pin("nginx"), Pin::NoTag);
        assert_eq!(pin("nginx:latest"), Pin::Latest);
        assert_eq!(pin("nginx:LATEST"), Pin::Latest);
        assert_eq!(pin("nginx:1.27.3-alpine"), Pin::Tag("1.27.3-alpine"));
        assert_eq!(pin("registry.example.com:5000/app"), Pin::NoTag);
        assert_eq!(pin("registry.example.com:5000/team/app:2.1"), Pin::Tag("2.1"));
        assert_eq!(pin("localhost:5000/app:latest"), Pin::Latest);
        assert_eq!(
            pin("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/api:v42"),
            Pin::Tag("v42")
        );
        assert_eq!(pin(&format!("public.ecr.aws/nginx/nginx@sha256:{d}")), Pin::Digest);
        assert_eq!(pin(&format!("nginx:latest@sha256:{d}")), Pin::Digest);
        assert_eq!(pin(&format!("registry:5000/app:1@sha256:{d}")), Pin::Digest);
        assert_eq!(pin("nginx@sha256:abc"), Pin::BadDigest);
        assert_eq!(pin("nginx:"), Pin::NoTag);
    }
}
