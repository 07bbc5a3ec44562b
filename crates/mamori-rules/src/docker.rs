//! What the Dockerfile rules share: how a stage and an instruction are named in attribute paths,
//! the `RUN` instructions of a stage with their positions, and how a Dockerfile is judged: it
//! passes when nothing in it fails and nothing is left undecided.

use crate::Ctx;
use mamori_model::dockerfile::{Body, Command, Dockerfile, ImageRef, Instruction, Stage, StageBase};
use mamori_model::{Inventory, Origin, ResourceMeta, State, Text};

/// One rule's judgement of one Dockerfile: each failure and each undecided place is reported as
/// it is found.
pub struct Judgement<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    meta: &'c ResourceMeta,
    flagged: bool,
}

impl Judgement<'_, '_> {
    /// The Dockerfile fails at `attribute`.
    pub fn fail(&mut self, attribute: impl Into<String>, origin: &Origin, message: Text) {
        self.flagged = true;
        self.ctx.fail(self.meta, attribute, origin, message);
    }

    /// A value the rule needs is unknown.
    pub fn undecided(&mut self, origin: &Origin, reason: impl Into<String>) {
        self.flagged = true;
        self.ctx.undecided(self.meta, origin, reason);
    }
}

/// Judges every Dockerfile of the inventory with `judge`; one that neither fails nor is left
/// undecided passes.
pub fn each_dockerfile(inv: &Inventory, ctx: &mut Ctx<'_>, mut judge: impl FnMut(&Dockerfile, &mut Judgement<'_, '_>)) {
    for d in inv.dockerfiles() {
        let mut j = Judgement {
            ctx: &mut *ctx,
            meta: &d.meta,
            flagged: false,
        };
        judge(d, &mut j);
        if !j.flagged {
            ctx.pass(&d.meta);
        }
    }
}

/// Every instruction of the stages, with its stage.
pub fn instructions<'a>(
    stages: impl IntoIterator<Item = &'a Stage>,
) -> impl Iterator<Item = (&'a Stage, &'a Instruction)> {
    stages
        .into_iter()
        .flat_map(|s| s.instructions.iter().map(move |i| (s, i)))
}

/// Judges the base image of every stage with `judge`, which gives the failure of an image, if
/// any (at `<stage>.from`); a base image that is unknown leaves the Dockerfile undecided.
pub fn each_base_image(inv: &Inventory, ctx: &mut Ctx<'_>, judge: impl Fn(&Stage, &ImageRef) -> Option<Text>) {
    each_dockerfile(inv, ctx, |d, j| {
        for s in &d.stages {
            match &s.base {
                StageBase::Image(r) => {
                    if let Some(message) = judge(s, r) {
                        j.fail(format!("{}.from", stage_path(s)), &s.image.origin, message);
                    }
                }
                StageBase::Unknown(r) => {
                    j.undecided(
                        &s.image.origin,
                        format!("the base image of stage `{}` is unknown: {r}", stage_label(s)),
                    );
                }
                _ => {}
            }
        }
    });
}

/// Judges the path of every `WORKDIR` with `judge`, which gives the failure of a path, if any
/// (at `<stage>.workdir[<path>]`); a path that is unknown leaves the Dockerfile undecided.
pub fn each_workdir(inv: &Inventory, ctx: &mut Ctx<'_>, judge: impl Fn(&str) -> Option<Text>) {
    each_dockerfile(inv, ctx, |d, j| {
        for (s, i) in instructions(&d.stages) {
            let Body::Workdir(w) = &i.body else { continue };
            match &w.state {
                State::Set(p) | State::Default(p) => {
                    if let Some(message) = judge(p) {
                        j.fail(format!("{}.workdir[{p}]", stage_path(s)), &w.origin, message);
                    }
                }
                State::Unknown(r) => {
                    j.undecided(
                        &w.origin,
                        format!("a WORKDIR of stage `{}` is unknown: {r}", stage_label(s)),
                    );
                }
                _ => {}
            }
        }
    });
}

/// A stage by its name (`AS build`), else `#n`, its 1-based position.
pub fn stage_label(s: &Stage) -> String {
    match &s.alias {
        Some(a) => a.clone(),
        None => format!("#{}", s.index + 1),
    }
}

/// The attribute path of a stage: `stages[build]`, `stages[#2]`.
pub fn stage_path(s: &Stage) -> String {
    format!("stages[{}]", stage_label(s))
}

/// The `RUN` instructions of a stage, each with its 1-based position among them, its commands.
pub fn runs(s: &Stage) -> impl Iterator<Item = (usize, &Instruction, &[Command])> {
    s.instructions
        .iter()
        .filter_map(|i| match &i.body {
            Body::Run(c) => Some((i, c.as_slice())),
            _ => None,
        })
        .enumerate()
        .map(|(n, (i, c))| (n + 1, i, c))
}

/// The `RUN` instructions of all the stages, each with its stage, its 1-based position among the
/// stage's `RUN`s and its commands.
pub fn all_runs(stages: &[Stage]) -> impl Iterator<Item = (&Stage, usize, &[Command])> {
    stages.iter().flat_map(|s| runs(s).map(move |(n, _, c)| (s, n, c)))
}

/// The path of a `RUN` instruction: `stages[#1].run[#2]`.
pub fn run_path(s: &Stage, n: usize) -> String {
    format!("{}.run[#{n}]", stage_path(s))
}

/// Whether a command's words include an option, written alone (`-k`, `--insecure`), with a
/// value (`--trusted-host=x`), or among combined short options (`-fsSLk` holds `-k`).
pub fn has_option(c: &Command, long: &[&str], short: Option<char>) -> Option<usize> {
    c.words.iter().enumerate().skip(1).find_map(|(i, w)| {
        let t = w.text.as_str();
        if long
            .iter()
            .any(|l| t == *l || t.strip_prefix(l).is_some_and(|r| r.starts_with('=')))
        {
            return Some(i);
        }
        if let Some(ch) = short
            && let Some(flags) = t.strip_prefix('-')
            && !flags.starts_with('-')
            && !flags.is_empty()
            && flags.chars().all(|c| c.is_ascii_alphanumeric())
            && flags.contains(ch)
        {
            return Some(i);
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::Origin;
    use mamori_model::dockerfile::Word;

    fn cmd(words: &[&str]) -> Command {
        Command {
            words: words
                .iter()
                .map(|t| Word {
                    text: t.to_string(),
                    origin: Origin::Synthetic,
                })
                .collect(),
        }
    }

    #[test]
    fn options_alone_with_values_and_combined() {
        let c = cmd(&["curl", "-fsSLk", "https://x"]);
        assert_eq!(has_option(&c, &["--insecure"], Some('k')), Some(1));
        let c = cmd(&["curl", "-fsSL", "https://k.example"]);
        assert_eq!(has_option(&c, &["--insecure"], Some('k')), None);
        let c = cmd(&["pip", "install", "--trusted-host=pypi.internal", "x"]);
        assert_eq!(has_option(&c, &["--trusted-host"], None), Some(2));
        let c = cmd(&["pip", "install", "--trusted-hosts-are-not-an-option"]);
        assert_eq!(has_option(&c, &["--trusted-host"], None), None);
        // The program itself is not an option.
        let c = cmd(&["-k"]);
        assert_eq!(has_option(&c, &[], Some('k')), None);
    }
}
