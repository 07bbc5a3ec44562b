//! The report's own words in every language.

use mamori_model::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    Summary,
    Files,
    Scanned,
    Skipped,
    Failed,
    Resources,
    SourceHidden,
    Findings,
    Undecided,
    UndecidedHint,
    Time,
    Controls,
    NoFindings,
    Error,
    Reason,
    Threshold,
    StatusFail,
    StatusPass,
    StatusUnknown,
    StatusNotCovered,
    ReasonUndecided,
    ReasonNoResource,
    ReasonNotJudged,
    Coverage,
    Section,
    Manual,
    Automated,
    Control,
    Title,
    Status,
    Rules,
    Details,
    ReportTitle,
    Severity,
    Count,
    Total,
    Rule,
    Resource,
    Location,
    Message,
    ExplainHint,
    Shortened,
}

impl Msg {
    pub const ALL: &[Msg] = &[
        Msg::Summary,
        Msg::Files,
        Msg::Scanned,
        Msg::Skipped,
        Msg::Failed,
        Msg::Resources,
        Msg::Findings,
        Msg::Undecided,
        Msg::UndecidedHint,
        Msg::Time,
        Msg::Controls,
        Msg::NoFindings,
        Msg::Error,
        Msg::Reason,
        Msg::Threshold,
        Msg::StatusFail,
        Msg::StatusPass,
        Msg::StatusUnknown,
        Msg::StatusNotCovered,
        Msg::ReasonUndecided,
        Msg::ReasonNoResource,
        Msg::ReasonNotJudged,
        Msg::Coverage,
        Msg::Section,
        Msg::Manual,
        Msg::Automated,
        Msg::Control,
        Msg::Title,
        Msg::Status,
        Msg::Rules,
        Msg::Details,
        Msg::ReportTitle,
        Msg::Severity,
        Msg::Count,
        Msg::Total,
        Msg::Rule,
        Msg::Resource,
        Msg::Location,
        Msg::Message,
        Msg::ExplainHint,
        Msg::Shortened,
    ];
}

/// The text of a message in a language.
pub fn tr(lang: Lang, m: Msg) -> &'static str {
    match lang {
        Lang::En => match m {
            Msg::Summary => "Summary",
            Msg::Files => "files",
            Msg::Scanned => "scanned",
            Msg::Skipped => "skipped",
            Msg::Failed => "failed to parse",
            Msg::Resources => "resources",
            Msg::SourceHidden => "(the source line is not shown: it may hold a secret)",
            Msg::Findings => "findings",
            Msg::Undecided => "undecided checks",
            Msg::UndecidedHint => "values the scanner could not resolve; list them with --show-unknown",
            Msg::Time => "time",
            Msg::Controls => "controls",
            Msg::NoFindings => "No findings.",
            Msg::Error => "error",
            Msg::Reason => "reason",
            Msg::Threshold => "severity at or above",
            Msg::StatusFail => "FAIL",
            Msg::StatusPass => "PASS",
            Msg::StatusUnknown => "UNKNOWN",
            Msg::StatusNotCovered => "NOT COVERED",
            Msg::ReasonUndecided => "the rules could not decide: a value they need is unknown",
            Msg::ReasonNoResource => "the scan held no resource of the kind the rules judge",
            Msg::ReasonNotJudged => "the rules judged no resource (none applied, or the rule is off in mamori.toml)",
            Msg::Coverage => "coverage",
            Msg::Section => "Section",
            Msg::Manual => "manual",
            Msg::Automated => "automated",
            Msg::Control => "Control",
            Msg::Title => "Title",
            Msg::Status => "Status",
            Msg::Rules => "Rules",
            Msg::Details => "Details",
            Msg::ReportTitle => "mamori security scan",
            Msg::Severity => "Severity",
            Msg::Count => "Count",
            Msg::Total => "Total",
            Msg::Rule => "Rule",
            Msg::Resource => "Resource",
            Msg::Location => "Location",
            Msg::Message => "Message",
            Msg::ExplainHint => "How to fix",
            Msg::Shortened => "Shortened to fit the format's length limit; the full text:",
        },
        Lang::Ja => match m {
            Msg::Summary => "サマリー",
            Msg::Files => "ファイル",
            Msg::Scanned => "スキャン済み",
            Msg::Skipped => "対象外",
            Msg::Failed => "解析エラー",
            Msg::Resources => "リソース",
            Msg::SourceHidden => "（秘密情報を含む可能性があるため、ソース行は表示しません）",
            Msg::Findings => "検出",
            Msg::Undecided => "判定不能のチェック",
            Msg::UndecidedHint => "値を解決できなかったもの。--show-unknown で一覧を表示します",
            Msg::Time => "所要時間",
            Msg::Controls => "コントロール",
            Msg::NoFindings => "検出はありません。",
            Msg::Error => "エラー",
            Msg::Reason => "理由",
            Msg::Threshold => "対象の重大度",
            Msg::StatusFail => "不合格",
            Msg::StatusPass => "合格",
            Msg::StatusUnknown => "判定不能",
            Msg::StatusNotCovered => "未対応",
            Msg::ReasonUndecided => "値が不明なため、ルールが判定できなかった",
            Msg::ReasonNoResource => "ルールが判定する種類のリソースがスキャン対象になかった",
            Msg::ReasonNotJudged => {
                "ルールが判定したリソースはない（該当するものがない、または mamori.toml でルールが無効）"
            }
            Msg::Coverage => "カバー率",
            Msg::Section => "セクション",
            Msg::Manual => "手動",
            Msg::Automated => "自動",
            Msg::Control => "コントロール",
            Msg::Title => "内容",
            Msg::Status => "状態",
            Msg::Rules => "ルール",
            Msg::Details => "詳細",
            Msg::ReportTitle => "mamori セキュリティスキャン",
            Msg::Severity => "重大度",
            Msg::Count => "件数",
            Msg::Total => "合計",
            Msg::Rule => "ルール",
            Msg::Resource => "リソース",
            Msg::Location => "場所",
            Msg::Message => "メッセージ",
            Msg::ExplainHint => "修正方法",
            Msg::Shortened => "形式の文字数の上限に合わせて省略しました。全文:",
        },
    }
}

/// Severity names as shown to people.
pub fn severity_label(lang: Lang, s: mamori_model::Severity) -> &'static str {
    use mamori_model::Severity::*;
    match lang {
        Lang::En => s.as_str(),
        Lang::Ja => match s {
            Critical => "緊急",
            High => "高",
            Medium => "中",
            Low => "低",
            Info => "情報",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for &m in Msg::ALL {
            assert!(!tr(Lang::En, m).is_empty(), "{m:?}");
            assert!(!tr(Lang::Ja, m).is_empty(), "{m:?}");
            assert_ne!(tr(Lang::En, m), tr(Lang::Ja, m), "{m:?} is not translated");
        }
    }
}
