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
