//! The rules: each judges the typed model, whatever source it came from.
//!
//! A rule lives in one file under `src/rules/<service>/`, its English and Japanese documents
//! under `docs/<ID>.{en,ja}.md`, and its fixtures under `fixtures/<ID>/`. The build script
//! registers all three.

mod around;
mod checks;
mod docker;
mod ecr;
pub mod eks_versions;
mod engine;
mod entitlements;
pub mod frameworks;
mod pss;
mod rbac;
mod rule;
mod sg;
mod trust;
mod workload;

pub use engine::{Outcome, RuleSelection, fail_closed, run};
pub use frameworks::{Assessment, Control, Framework, framework, frameworks};
pub use rule::{Ctx, Params, Rule, RuleMeta};

mod registry {
    include!(concat!(env!("OUT_DIR"), "/registry.rs"));
}

/// Every rule mamori has, ordered by id.
pub fn all() -> Vec<&'static dyn Rule> {
    let mut v: Vec<&'static dyn Rule> = registry::ALL.to_vec();
    v.sort_by_key(|r| r.meta().id);
    v
}

/// Finds a rule by its id (`MAM-ECS-001`), its name (`ecs-cluster-container-insights`), a
/// control it implements (`ECS.12`, `aws-securityhub/ECS.12`), or another scanner's id it
/// declares as an equivalent (`CKV_AWS_65`, a KICS query id). Case does not matter.
pub fn find(query: &str) -> Vec<&'static dyn Rule> {
    let q = query.trim().to_ascii_lowercase();
    let exact: Vec<_> = all()
        .into_iter()
        .filter(|r| r.meta().id.eq_ignore_ascii_case(&q) || r.meta().name.eq_ignore_ascii_case(&q))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    all()
        .into_iter()
        .filter(|r| {
            r.meta().controls.iter().any(|c| {
                let c = c.to_ascii_lowercase();
                c == q || c.rsplit('/').next() == Some(q.as_str())
            }) || r.meta().equivalents.iter().any(|(_, id)| id.eq_ignore_ascii_case(&q))
        })
        .collect()
}

/// The rule's document in the language asked for (English when the other is missing).
pub fn document(id: &str, lang: mamori_model::Lang) -> Option<&'static str> {
    let (_, en, ja) = registry::DOCS.iter().find(|(i, _, _)| *i == id)?;
    Some(match lang {
        mamori_model::Lang::Ja => ja.unwrap_or(en),
        mamori_model::Lang::En => en,
    })
}

/// Whether a rule has both its documents.
pub fn has_documents(id: &str) -> (bool, bool) {
    match registry::DOCS.iter().find(|(i, _, _)| *i == id) {
        Some((_, _, ja)) => (true, ja.is_some()),
        None => (false, false),
    }
}
