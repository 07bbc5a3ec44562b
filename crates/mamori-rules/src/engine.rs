//! Runs rules over an inventory, in parallel.

use crate::rule::{Ctx, Params, Rule};
use mamori_model::finding::{Pass, Undecided};
use mamori_model::{Finding, Inventory, Severity};
use rayon::prelude::*;

/// Which rules to run, and at what severity.
#[derive(Clone, Debug, Default)]
pub struct RuleSelection {
    /// Rules whose (effective) severity is below this are not run.
    pub min_severity: Option<Severity>,
    /// When set, only these rule ids run.
    pub only: Option<Vec<&'static str>>,
    /// Rule ids that never run.
    pub disabled: Vec<&'static str>,
    /// Severities that replace a rule's own, by rule id.
    pub severity: Vec<(&'static str, Severity)>,
}

impl RuleSelection {
    /// The severity a rule's findings carry: its override, else its own.
    pub fn severity_of(&self, meta: &crate::RuleMeta) -> Severity {
        self.severity
            .iter()
            .rev()
            .find(|(id, _)| *id == meta.id)
            .map_or(meta.severity, |(_, s)| *s)
    }

    /// Whether a rule runs at all.
    pub fn runs(&self, meta: &crate::RuleMeta) -> bool {
        !self.disabled.contains(&meta.id)
            && self.only.as_ref().is_none_or(|o| o.contains(&meta.id))
            && self.min_severity.is_none_or(|m| self.severity_of(meta) >= m)
    }
}

/// The result of running rules.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Ordered by path, line, then rule id.
    pub findings: Vec<Finding>,
    pub undecided: Vec<Undecided>,
    /// How many (rule, resource) checks passed.
    pub passed: usize,
    /// The checks that passed, ordered by rule then resource address.
    pub passes: Vec<Pass>,
    /// How many rules ran.
    pub rules_run: usize,
}

pub fn run(inv: &Inventory, rules: &[&'static dyn Rule], params: &Params, sel: &RuleSelection) -> Outcome {
    let selected: Vec<_> = rules.iter().filter(|r| sel.runs(r.meta())).collect();
    let parts: Vec<Ctx<'_>> = selected
        .par_iter()
        .map(|r| {
            let mut ctx = Ctx::new(r.meta(), params);
            r.check(inv, &mut ctx);
            let severity = sel.severity_of(r.meta());
            for f in &mut ctx.findings {
                f.severity = severity;
            }
            ctx
        })
        .collect();
    let mut out = Outcome {
        rules_run: selected.len(),
        ..Default::default()
    };
    for c in parts {
        out.findings.extend(c.findings);
        out.undecided.extend(c.undecided);
        out.passed += c.passed.len();
        out.passes.extend(c.passed);
    }
    let key = |o: &mamori_model::Origin| match o.location() {
        Some(l) => (l.path.to_string(), l.span.start_line, l.span.start_col),
        None => (String::new(), 0, 0),
    };
    out.findings.sort_by(|a, b| {
        (key(&a.origin), a.rule_id, &a.resource.address).cmp(&(key(&b.origin), b.rule_id, &b.resource.address))
    });
    out.passes
        .sort_by(|a, b| (a.rule_id, &a.resource.address).cmp(&(b.rule_id, &b.resource.address)));
    out.undecided
        .sort_by(|a, b| (key(&a.origin), a.rule_id).cmp(&(key(&b.origin), b.rule_id)));
    out
}

/// Fail closed for what a live scan could not read. `unread` holds (resource kind, address,
/// reason): a resource (by ARN) or a collection (`services of arn:…`) an API call failed to
/// read. Every selected rule that judges that kind gets an undecided check on it, so that what
/// could not be read never counts as passing; a check already decided on a resource of that
/// address (read in part) that passed becomes undecided too.
pub fn fail_closed(
    out: &mut Outcome,
    rules: &[&'static dyn Rule],
    sel: &RuleSelection,
    unread: &[(&'static str, String, String)],
) {
    use mamori_model::{FindingResource, Origin};
    for (kind, address, reason) in unread {
        for r in rules.iter().filter(|r| sel.runs(r.meta())) {
            let m = r.meta();
            if !m.resource_kinds.contains(kind) {
                continue;
            }
            let before = out.passes.len();
            out.passes
                .retain(|p| !(p.rule_id == m.id && &p.resource.address == address));
            out.passed -= before - out.passes.len();
            if out
                .undecided
                .iter()
                .any(|u| u.rule_id == m.id && &u.resource.address == address && &u.reason == reason)
            {
                continue;
            }
            let arn = address.starts_with("arn:");
            let region = arn
                .then(|| address.split(':').nth(3))
                .flatten()
                .filter(|s| !s.is_empty());
            let account = arn
                .then(|| address.split(':').nth(4))
                .flatten()
                .filter(|s| !s.is_empty());
            out.undecided.push(Undecided {
                rule_id: m.id,
                resource: FindingResource {
                    kind: kind.to_string(),
                    name: address.rsplit(['/', ' ']).next().unwrap_or(address).to_string(),
                    address: address.clone(),
                    source: mamori_model::SourceKind::AwsLive.as_str().to_string(),
                    source_type: "unread".to_string(),
                    region: region.map(str::to_string),
                    account: account.map(str::to_string),
                    ..Default::default()
                },
                reason: reason.clone(),
                origin: Origin::Api { arn: address.clone() },
            });
        }
    }
    if !unread.is_empty() {
        out.undecided.sort_by(|a, b| {
            let key = |o: &Origin| {
                o.location()
                    .map(|l| (l.path.to_string(), l.span.start_line, l.span.start_col))
            };
            (key(&a.origin), a.rule_id, &a.resource.address).cmp(&(key(&b.origin), b.rule_id, &b.resource.address))
        });
    }
}
