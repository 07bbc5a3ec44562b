//! Base images should be pinned: a version tag other than `latest`, or a digest. `scratch` and
//! earlier stages are not images.

use crate::docker::each_base_image;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::dockerfile::KIND_DOCKERFILE;
use mamori_model::{Inventory, Severity, SourceKind, Text};

pub struct BaseImageNotPinned;

pub static RULE: BaseImageNotPinned = BaseImageNotPinned;

static META: RuleMeta = RuleMeta {
    id: "MAM-DKR-002",
    name: "dockerfile-base-image-not-pinned",
    title_en: "Dockerfile base images should be pinned to a version tag or a digest, not `latest`",
    title_ja: "Dockerfile のベースイメージは `latest` ではなくバージョンタグかダイジェストで固定する",
    severity: Severity::Medium,
    controls: &["nist-800-53/CM-2", "nist-800-53/SI-7"],
    equivalents: &[
        ("checkov", "CKV_DOCKER_7"),
        ("trivy", "AVD-DS-0001"),
        ("hadolint", "DL3006"),
        ("hadolint", "DL3007"),
    ],
    resource_kinds: &[KIND_DOCKERFILE],
    sources: &[SourceKind::Dockerfile],
};

impl Rule for BaseImageNotPinned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        each_base_image(inv, ctx, |s, r| {
            if r.digest.is_some() {
                return None;
            }
            let (why, why_ja) = match r.tag.as_deref() {
                None => ("has no tag, so it means `latest`", "タグがなく `latest` を意味します"),
                Some(t) if t.eq_ignore_ascii_case("latest") => ("is `latest`", "`latest` です"),
                _ => return None,
            };
            let written = &s.image_written;
            Some(Text::new(
                format!("the base image `{written}` {why}: each build may get a different image"),
                format!("ベースイメージ `{written}` は{why_ja}。ビルドのたびに別のイメージになり得ます"),
            ))
        });
    }
}
