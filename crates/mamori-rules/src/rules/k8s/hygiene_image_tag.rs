//! Container images should be pinned: an image reference with the tag `latest`, or with no tag
//! and no digest (which means `latest`), fails. A digest (`@sha256:…`) pins the image whatever
//! the tag says. Every container (init, regular, ephemeral) is judged.

use crate::pss::{self, Judgement};
use crate::workload;
use crate::{Ctx, Rule, RuleMeta};
use mamori_model::k8s::WORKLOAD_KINDS;
use mamori_model::{Inventory, Severity, SourceKind, State, Text};

pub struct ImageTag;

pub static RULE: ImageTag = ImageTag;

static META: RuleMeta = RuleMeta {
    id: "MAM-K8S-122",
    name: "k8s-image-tag-pinned",
    title_en: "Container images should not use the latest tag or no tag",
    title_ja: "コンテナイメージに latest タグやタグなしを使わない",
    severity: Severity::Low,
    controls: &["nist-800-53/CM-2", "nist-800-53/SI-7"],
    equivalents: &[("checkov", "CKV_K8S_14"), ("trivy", "AVD-KSV-0013")],
    resource_kinds: WORKLOAD_KINDS,
    sources: &[SourceKind::Kubernetes],
};

/// The tag of an image reference, `None` when it has none; `Err(())` when a digest pins it.
fn tag(image: &str) -> Result<Option<&str>, ()> {
    if image.contains('@') {
        return Err(());
    }
    // A registry port (`registry:5000/app`) is before the last `/`.
    let last = image.rsplit('/').next().unwrap_or(image);
    Ok(last.split_once(':').map(|(_, t)| t))
}

impl Rule for ImageTag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, inv: &Inventory, ctx: &mut Ctx<'_>) {
        for w in inv.k8s_workloads() {
            let Some(pod) = workload::pod(ctx, w) else {
                continue;
            };
            let what = pss::what(w);
            let mut j = Judgement::default();
            for c in pss::containers(pod, &mut j) {
                let image = &c.c.image;
                let text = match &image.state {
                    State::Set(i) | State::Default(i) => i,
                    State::Unknown(r) => {
                        j.unknown(&image.origin, format!("the image of container `{}` is unknown: {r}", c.label));
                        continue;
                    }
                    State::Absent => continue,
                };
                let (noun, noun_ja) = c.noun();
                let (en, ja) = match tag(text.trim()) {
                    Err(()) => continue,
                    Ok(Some(t)) if t != "latest" => continue,
                    Ok(Some(_)) => ("the tag `latest`", "`latest` タグ"),
                    Ok(None) => ("no tag, which means `latest`", "タグなし（`latest` と同じ）"),
                };
                j.fail(
                    c.at("image"),
                    &image.origin,
                    Text::new(
                        format!(
                            "The {noun} of {what} runs image `{text}` with {en}: what runs changes whenever the tag moves, and a rollback cannot tell versions apart"
                        ),
                        format!(
                            "{what} の{noun_ja}がイメージ `{text}` を{ja}で実行している。タグが動くたびに実行内容が変わり、ロールバックでもバージョンを区別できない"
                        ),
                    ),
                );
            }
            j.report(ctx, w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tag;

    #[test]
    fn tags_digests_and_registry_ports() {
        assert_eq!(tag("nginx"), Ok(None));
        assert_eq!(tag("nginx:latest"), Ok(Some("latest")));
        assert_eq!(tag("registry.local:5000/shop/web"), Ok(None));
        assert_eq!(tag("registry.local:5000/shop/web:1.2"), Ok(Some("1.2")));
        assert_eq!(tag("nginx:latest@sha256:0123"), Err(()));
    }
}
