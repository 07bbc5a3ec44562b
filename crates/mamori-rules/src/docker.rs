//! What the Dockerfile rules share: how a stage and an instruction are named in attribute paths,
//! and the `RUN` instructions of a stage with their positions.

use mamori_model::dockerfile::{Body, Command, Instruction, Stage};

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
