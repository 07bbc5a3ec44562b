//! The values of sensitive inputs (Terraform variables declared `sensitive = true`) never reach
//! an output: every text the scanner composed that a report shows — finding messages and
//! attributes, resource names (a name set from a sensitive variable), undecided reasons, notes
//! and errors — has them replaced by [`HIDDEN`] before any report is rendered.

use mamori_model::Finding;
use mamori_model::finding::Undecided;
use mamori_report::InputError;

/// What a report shows instead of a sensitive value.
pub const HIDDEN: &str = "(sensitive)";

/// Values this long are hidden wherever they occur; shorter ones (`true`, `80`, `prod`) only
/// where they stand as a word of their own, so that they are not cut out of unrelated words.
const ANYWHERE: usize = 8;

/// The text with every sensitive value replaced, or `None` when it holds none.
pub fn redact(text: &str, secrets: &[String]) -> Option<String> {
    let mut out = text.to_string();
    let mut changed = false;
    // Longest first, so that a value that contains another is hidden whole.
    let mut ordered: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    ordered.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in ordered {
        let mut from = 0;
        while let Some(i) = out[from..].find(s.as_str()).map(|i| i + from) {
            let end = i + s.len();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let alone = !word(out[..i].chars().next_back()) && !word(out[end..].chars().next());
            if s.chars().count() >= ANYWHERE || alone {
                out.replace_range(i..end, HIDDEN);
                from = i + HIDDEN.len();
                changed = true;
            } else {
                from = end;
            }
        }
    }
    changed.then_some(out)
}

fn hide(text: &mut String, secrets: &[String]) {
    if let Some(t) = redact(text, secrets) {
        *text = t;
    }
}

/// Hides the sensitive values in a finding's texts.
pub fn finding(f: &mut Finding, secrets: &[String]) {
    hide(&mut f.message.en, secrets);
    hide(&mut f.message.ja, secrets);
    hide(&mut f.attribute, secrets);
    hide(&mut f.resource.name, secrets);
}

/// Hides the sensitive values in an undecided check's reason.
pub fn undecided(u: &mut Undecided, secrets: &[String]) {
    hide(&mut u.reason, secrets);
    hide(&mut u.resource.name, secrets);
}

/// Hides the sensitive values in a note or an error about an input.
pub fn input_error(e: &mut InputError, secrets: &[String]) {
    hide(&mut e.message, secrets);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn long_values_are_hidden_anywhere() {
        let s = secrets(&["hunter2-password"]);
        assert_eq!(
            redact("image `registry/hunter2-password:1` is unknown", &s).unwrap(),
            "image `registry/(sensitive):1` is unknown"
        );
        assert_eq!(redact("x-hunter2-passwordy", &s).unwrap(), "x-(sensitive)y");
        assert_eq!(redact("nothing here", &s), None);
    }

    #[test]
    fn short_values_are_hidden_only_as_words() {
        let s = secrets(&["prod", "80"]);
        assert_eq!(redact("`prod` is not valid", &s).unwrap(), "`(sensitive)` is not valid");
        assert_eq!(redact("production on port 8080", &s), None);
        assert_eq!(redact("port 80", &s).unwrap(), "port (sensitive)");
    }

    #[test]
    fn a_value_inside_another_is_hidden_with_it() {
        let s = secrets(&["abc", "abc-def-ghi"]);
        assert_eq!(
            redact("abc-def-ghi and abc", &s).unwrap(),
            "(sensitive) and (sensitive)"
        );
    }
}
