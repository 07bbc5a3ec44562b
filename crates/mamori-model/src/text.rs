//! Text shown to users, in every language mamori speaks.

use serde::Serialize;

/// The languages of messages and documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// Parses `en`, `ja`, and locale strings such as `ja_JP.UTF-8`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "en" || s.starts_with("en_") || s.starts_with("en-") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else if s == "ja" || s.starts_with("ja_") || s.starts_with("ja-") {
            Some(Lang::Ja)
        } else {
            None
        }
    }
}

/// A piece of user-facing text in English and Japanese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}
