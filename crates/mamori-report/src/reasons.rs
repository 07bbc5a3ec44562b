//! Japanese for the texts the scanner composes in English: why a check is undecided
//! (`Undecided::reason`, built from a rule's prefix and the reader's reason chain), and the
//! notes and errors about input files (`InputError::message`).
//!
//! The model keeps these texts in English; they are translated here, when a report is rendered,
//! from a catalog of every template the code writes. In a template (`CATALOG`, English side):
//!
//! * `{}` is a fragment copied as is: a name, a value, a path, a number;
//! * `{r}` is a nested reason, itself translated (the rest of a chain);
//! * `{t}` is a type name (`string`, `list`, `mapping`…), translated from [`TYPES`];
//! * `{lib}` is a parser's or the system's own detail, which stays in English;
//! * `{{` and `}}` are literal braces.
//!
//! The Japanese side names the English holes by position: `{0}`, `{1}`… A text is matched
//! against every template and the best match wins: the least English left, then the least text
//! copied as is, then the most specific template. A text no template matches is split at its
//! first separator (`: `, `; `): the head is translated if a template matches it, and the rest
//! as a chain of its own. Whatever cannot be translated stays English: nothing is dropped, and
//! nothing panics. Renderers call [`reason`] and [`note`]; the coverage test in
//! `crates/mamori/tests/reasons.rs` proves every text the scanner writes has its template.

use mamori_model::Lang;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A reason a check is undecided, in a language (English: unchanged).
pub fn reason(lang: Lang, en: &str) -> Cow<'_, str> {
    match lang {
        Lang::En => Cow::Borrowed(en),
        Lang::Ja => Cow::Owned(translate(en).text),
    }
}

/// A note or an error about an input file (or a message of the command line), in a language
/// (English: unchanged).
pub fn note(lang: Lang, en: &str) -> Cow<'_, str> {
    reason(lang, en)
}

/// The Japanese for an English text, with what was left in English.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Translation {
    pub text: String,
    /// Parts no template matched, kept in English.
    pub untranslated: Vec<String>,
    /// Names and values copied as they were written (`{}` holes).
    pub fragments: Vec<String>,
    /// Parsers' and the system's details kept in English on purpose (`{lib}` holes).
    pub details: Vec<String>,
    /// The catalog's English templates that matched, outermost first.
    pub templates: Vec<&'static str>,
}

impl Translation {
    fn english(s: &str) -> Translation {
        Translation {
            text: s.to_string(),
            untranslated: if s.trim().is_empty() {
                Vec::new()
            } else {
                vec![s.to_string()]
            },
            ..Default::default()
        }
    }

    fn missing(&self) -> usize {
        self.untranslated.iter().map(|s| s.len()).sum()
    }

    /// How good a translation is, the smaller the better: English left, then text copied as is
    /// (a template whose hole swallowed a chain that other templates translate loses).
    fn cost(&self) -> (usize, usize) {
        let copied = self.fragments.iter().chain(&self.details).map(|s| s.len()).sum();
        (self.missing(), copied)
    }

    fn append(&mut self, other: Translation) {
        self.text.push_str(&other.text);
        self.untranslated.extend(other.untranslated);
        self.fragments.extend(other.fragments);
        self.details.extend(other.details);
        self.templates.extend(other.templates);
    }
}

/// Translates an English text into Japanese.
pub fn translate(en: &str) -> Translation {
    Search::default().translate(en, 0)
}

/// Separators a chain's parts are joined with, tried when no template matches a whole text.
const SEPARATORS: &[&str] = &[": ", "; "];

/// Chains are never this deep; past it the text stays English rather than recurse further.
const MAX_DEPTH: usize = 64;

/// How many ways one template may match a text before the search stops.
const MAX_ALTERNATIVES: usize = 16;

/// One translation: the parts of a text already translated are remembered, so that a long chain
/// costs time in proportion to its length.
#[derive(Default)]
struct Search<'s> {
    done: HashMap<&'s str, Translation>,
}

impl<'s> Search<'s> {
    fn translate(&mut self, s: &'s str, depth: usize) -> Translation {
        if let Some(t) = self.done.get(s) {
            return t.clone();
        }
        let t = self.compute(s, depth);
        self.done.insert(s, t.clone());
        t
    }

    fn compute(&mut self, s: &'s str, depth: usize) -> Translation {
        if s.trim().is_empty() {
            return Translation {
                text: s.to_string(),
                ..Default::default()
            };
        }
        if depth > MAX_DEPTH {
            return Translation::english(s);
        }
        let whole = self.by_template(s, depth);
        if let Some(w) = &whole
            && w.untranslated.is_empty()
        {
            return whole.unwrap_or_default();
        }
        match (whole, self.by_separator(s, depth)) {
            (Some(w), Some(p)) => {
                if p.cost() < w.cost() {
                    p
                } else {
                    w
                }
            }
            (Some(w), None) => w,
            (None, Some(p)) => p,
            (None, None) => Translation::english(s),
        }
    }

    /// The best template match for the whole text: the least English left, then the least text
    /// copied as is, then the most specific template.
    fn by_template(&mut self, s: &'s str, depth: usize) -> Option<Translation> {
        let mut best: Option<(Translation, usize)> = None;
        for t in templates() {
            if !t.may_match(s) {
                continue;
            }
            let mut alternatives = Vec::new();
            t.captures(0, s, &mut Vec::new(), &mut alternatives);
            for caps in alternatives {
                let tr = self.render(t, &caps, depth);
                let better = match &best {
                    None => true,
                    Some((b, len)) => (tr.cost(), usize::MAX - t.literal_len) < (b.cost(), usize::MAX - len),
                };
                let done = tr.untranslated.is_empty();
                if better {
                    best = Some((tr, t.literal_len));
                }
                if done {
                    break;
                }
            }
        }
        best.map(|(t, _)| t)
    }

    /// The text split on its first separator: the head by the templates alone (kept in English
    /// when none matches), the rest as a chain of its own.
    fn by_separator(&mut self, s: &'s str, depth: usize) -> Option<Translation> {
        let (i, sep) = SEPARATORS
            .iter()
            .filter_map(|sep| s.find(sep).map(|i| (i, *sep)))
            .min()?;
        let head = &s[..i];
        let mut out = match self.by_template(head, depth + 1) {
            Some(h) if h.untranslated.is_empty() => h,
            _ => Translation::english(head),
        };
        out.text.push_str(sep);
        out.append(self.translate(&s[i + sep.len()..], depth + 1));
        Some(out)
    }

    fn render(&mut self, t: &Template, caps: &[&'s str], depth: usize) -> Translation {
        let kinds: Vec<Hole> =
            t.en.iter()
                .filter_map(|t| match t {
                    Tok::Hole(h) => Some(*h),
                    Tok::Lit(_) => None,
                })
                .collect();
        let mut out = Translation {
            templates: vec![t.source],
            ..Default::default()
        };
        for tok in &t.ja {
            match tok {
                JaTok::Lit(l) => out.text.push_str(l),
                JaTok::Ref(n) => {
                    let (Some(kind), Some(cap)) = (kinds.get(*n), caps.get(*n)) else {
                        continue;
                    };
                    match kind {
                        Hole::Fragment => {
                            out.text.push_str(cap);
                            out.fragments.push(cap.to_string());
                        }
                        Hole::Detail => {
                            out.text.push_str(cap);
                            out.details.push(cap.to_string());
                        }
                        Hole::Type => match TYPES.iter().find(|(en, _)| en == cap) {
                            Some((_, ja)) => out.text.push_str(ja),
                            None => {
                                out.text.push_str(cap);
                                out.untranslated.push(cap.to_string());
                            }
                        },
                        Hole::Reason => out.append(self.translate(cap, depth + 1)),
                    }
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hole {
    Fragment,
    Reason,
    Type,
    Detail,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Lit(String),
    Hole(Hole),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum JaTok {
    Lit(String),
    Ref(usize),
}

#[derive(Debug)]
struct Template {
    source: &'static str,
    en: Vec<Tok>,
    ja: Vec<JaTok>,
    /// Characters of English text the template fixes: the more, the more specific.
    literal_len: usize,
}

fn templates() -> &'static [Template] {
    static PARSED: OnceLock<Vec<Template>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CATALOG
            .iter()
            .filter_map(|(en, ja)| Template::parse(en, ja).ok())
            .collect()
    })
}

impl Template {
    fn parse(source: &'static str, ja: &str) -> Result<Template, String> {
        let en = parse_en(source)?;
        let ja = parse_ja(ja)?;
        let holes = en.iter().filter(|t| matches!(t, Tok::Hole(_))).count();
        for w in en.windows(2) {
            if matches!(w, [Tok::Hole(_), Tok::Hole(_)]) {
                return Err("two holes side by side cannot be told apart".into());
            }
        }
        let mut used = vec![0; holes];
        for t in &ja {
            if let JaTok::Ref(n) = t {
                match used.get_mut(*n) {
                    Some(u) => *u += 1,
                    None => return Err(format!("{{{n}}} names no hole of the English text")),
                }
            }
        }
        if let Some(n) = used.iter().position(|&u| u != 1) {
            return Err(format!("hole {n} is used {} times in the Japanese text", used[n]));
        }
        let literal_len = en
            .iter()
            .map(|t| match t {
                Tok::Lit(l) => l.chars().count(),
                Tok::Hole(_) => 0,
            })
            .sum();
        Ok(Template {
            source,
            en,
            ja,
            literal_len,
        })
    }

    /// A cheap test: every literal part occurs, the first and last where they must.
    fn may_match(&self, s: &str) -> bool {
        if let Some(Tok::Lit(l)) = self.en.first()
            && !s.starts_with(l.as_str())
        {
            return false;
        }
        if let Some(Tok::Lit(l)) = self.en.last()
            && !s.ends_with(l.as_str())
        {
            return false;
        }
        self.en.iter().all(|t| match t {
            Tok::Lit(l) => s.contains(l.as_str()),
            Tok::Hole(_) => true,
        })
    }

    /// Every way (up to a bound) the tokens from `at` match `s`, shortest holes first.
    fn captures<'s>(&self, at: usize, s: &'s str, caps: &mut Vec<&'s str>, out: &mut Vec<Vec<&'s str>>) {
        if out.len() >= MAX_ALTERNATIVES {
            return;
        }
        match self.en.get(at) {
            None => {
                if s.is_empty() {
                    out.push(caps.clone());
                }
            }
            Some(Tok::Lit(l)) => {
                if let Some(rest) = s.strip_prefix(l.as_str()) {
                    self.captures(at + 1, rest, caps, out);
                }
            }
            Some(Tok::Hole(_)) => match self.en.get(at + 1) {
                None => {
                    caps.push(s);
                    self.captures(at + 1, "", caps, out);
                    caps.pop();
                }
                Some(Tok::Lit(next)) => {
                    // A name between backquotes holds no backquote.
                    let quoted = next.starts_with('`')
                        && matches!(at.checked_sub(1).and_then(|p| self.en.get(p)), Some(Tok::Lit(p)) if p.ends_with('`'));
                    for (i, _) in s.match_indices(next.as_str()) {
                        let hole = &s[..i];
                        if quoted && hole.contains('`') {
                            break;
                        }
                        caps.push(hole);
                        self.captures(at + 1, &s[i..], caps, out);
                        caps.pop();
                        if out.len() >= MAX_ALTERNATIVES {
                            return;
                        }
                    }
                }
                Some(Tok::Hole(_)) => {}
            },
        }
    }
}

fn parse_en(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("{{") {
            lit.push('{');
            rest = r;
        } else if let Some(r) = rest.strip_prefix("}}") {
            lit.push('}');
            rest = r;
        } else if c == '{' {
            let end = rest.find('}').ok_or("an unclosed `{`")?;
            let hole = match &rest[1..end] {
                "" => Hole::Fragment,
                "r" => Hole::Reason,
                "t" => Hole::Type,
                "lib" => Hole::Detail,
                other => return Err(format!("unknown hole `{{{other}}}`")),
            };
            if !lit.is_empty() {
                out.push(Tok::Lit(std::mem::take(&mut lit)));
            }
            out.push(Tok::Hole(hole));
            rest = &rest[end + 1..];
        } else if c == '}' {
            return Err("a lone `}`".into());
        } else {
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !lit.is_empty() {
        out.push(Tok::Lit(lit));
    }
    Ok(out)
}

fn parse_ja(s: &str) -> Result<Vec<JaTok>, String> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("{{") {
            lit.push('{');
            rest = r;
        } else if let Some(r) = rest.strip_prefix("}}") {
            lit.push('}');
            rest = r;
        } else if c == '{' {
            let end = rest.find('}').ok_or("an unclosed `{`")?;
            let n: usize = rest[1..end]
                .parse()
                .map_err(|_| format!("`{}` is not a hole number", &rest[..=end]))?;
            if !lit.is_empty() {
                out.push(JaTok::Lit(std::mem::take(&mut lit)));
            }
            out.push(JaTok::Ref(n));
            rest = &rest[end + 1..];
        } else if c == '}' {
            return Err("a lone `}`".into());
        } else {
            lit.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    if !lit.is_empty() {
        out.push(JaTok::Lit(lit));
    }
    Ok(out)
}

/// Type names as the readers write them (`found a list`).
pub const TYPES: &[(&str, &str)] = &[
    ("null", "null 値"),
    ("boolean", "真偽値"),
    ("bool", "真偽値"),
    ("number", "数値"),
    ("whole number", "整数"),
    ("string", "文字列"),
    ("list", "リスト"),
    ("mapping", "マッピング"),
    ("map", "マップ"),
    ("unknown value", "不明な値"),
    ("computed value", "デプロイ時に決まる値"),
    ("invalid value", "不正な値"),
    ("tagged value", "タグ付きの値"),
    ("AWS::NoValue", "AWS::NoValue"),
];

/// Every English template the scanner writes, with its Japanese.
pub const CATALOG: &[(&str, &str)] = &[
    // ---- ECR: what the ECR rules and readers could not read ----
    (
        "describe-repositories does not print the lifecycle policy; add the output of `aws ecr get-lifecycle-policy` for the repository",
        "describe-repositories はライフサイクルポリシーを出力しません。そのリポジトリの `aws ecr get-lifecycle-policy` の出力も加えてください",
    ),
    (
        "the repository of lifecycle policy `{}` is unknown: {r}",
        "ライフサイクルポリシー `{0}` の対象リポジトリが不明: {1}",
    ),
    (
        "the key ARN of `{}` is known only once deployed, so it cannot be compared with ecr_kms_key_arns",
        "`{0}` のキー ARN はデプロイするまで決まらないため、ecr_kms_key_arns と比較できない",
    ),
    (
        "the repository name is generated by CloudFormation",
        "リポジトリ名は CloudFormation が生成する",
    ),
    // ---- Rules: what a rule could not read (the adapter's reason follows) ----
    ("network configuration is unknown: {r}", "ネットワーク構成が不明: {0}"),
    // KMS keys, log groups, GuardDuty detectors.
    (
        "whether the key rotates is unknown: {r}",
        "キーのローテーションの有無が不明: {0}",
    ),
    (
        "automatic rotation is not in `describe-key` output: add the key's `get-key-rotation-status` output to the file",
        "`describe-key` の出力には自動ローテーションの有無が含まれません。キーの `get-key-rotation-status` の出力を同じファイルに加えてください",
    ),
    (
        "the `get-key-rotation-status` output for key {} has no `describe-key` output beside it in this file, so it is not read: put both in one file",
        "キー {0} の `get-key-rotation-status` の出力には、同じファイルに `describe-key` の出力がないため読み込みません。両方を 1 つのファイルに入れてください",
    ),
    (
        "the retention of the log group is unknown: {r}",
        "ロググループの保持期間が不明: {0}",
    ),
    (
        "the KMS key of the log group is unknown: {r}",
        "ロググループの KMS キーが不明: {0}",
    ),
    (
        "whether the detector is enabled is unknown: {r}",
        "ディテクターが有効かどうかが不明: {0}",
    ),
    (
        "the detector's features are unknown: {r}",
        "ディテクターの機能（features）が不明: {0}",
    ),
    ("the version is unknown: {r}", "バージョンが不明: {0}"),
    (
        "`{}` is not a Kubernetes minor version",
        "`{0}` は Kubernetes のマイナーバージョンではない",
    ),
    (
        "a public access CIDR is unknown: {r}",
        "パブリックアクセスの CIDR の一つが不明: {0}",
    ),
    (
        "the resources of `{}` are unknown: {r}",
        "`{0}` の対象リソースが不明: {1}",
    ),
    (
        "the enabled log types are unknown: {r}",
        "有効にしたログの種類が不明: {0}",
    ),
    ("a log type is unknown: {r}", "ログの種類の一つが不明: {0}"),
    ("`{}` is unknown: {r}", "`{0}` が不明: {1}"),
    ("`{}` value is unknown: {r}", "`{0}` の値が不明: {1}"),
    (
        "`{}` of container `{}` is unknown: {r}",
        "コンテナ `{1}` の `{0}` が不明: {2}",
    ),
    ("the container definitions are unknown: {r}", "コンテナ定義が不明: {0}"),
    ("the tags are unknown: {r}", "タグが不明: {0}"),
    ("a tag key is unknown: {r}", "タグキーの一つが不明: {0}"),
    (
        "the mount points of container `{}` are unknown: {r}",
        "コンテナ `{0}` のマウントポイントが不明: {1}",
    ),
    (
        "the volume a mount point names is unknown: {r}",
        "マウントポイントが指すボリュームが不明: {0}",
    ),
    ("the volumes are unknown: {r}", "ボリュームが不明: {0}"),
    (
        "the name of a volume is unknown, so whether it is volume `{}` is unknown: {r}",
        "ボリュームの名前が不明なため、ボリューム `{0}` かどうか判断できない: {1}",
    ),
    (
        "the host path of volume `{}` is unknown: {r}",
        "ボリューム `{0}` のホストパスが不明: {1}",
    ),
    (
        "the log configuration of container `{}` is unknown: {r}",
        "コンテナ `{0}` のログ設定が不明: {1}",
    ),
    (
        "the log options of container `{}` are unknown: {r}",
        "コンテナ `{0}` のログオプションが不明: {1}",
    ),
    (
        "the log option `mode` of container `{}` is unknown: {r}",
        "コンテナ `{0}` のログオプション `mode` が不明: {1}",
    ),
    (
        "the log driver of container `{}` is unknown: {r}",
        "コンテナ `{0}` のログドライバーが不明: {1}",
    ),
    (
        "the Auto Scaling group provider is unknown: {r}",
        "Auto Scaling グループのプロバイダー設定が不明: {0}",
    ),
    ("cluster settings are unknown: {r}", "クラスターの設定が不明: {0}"),
    (
        "a cluster setting's name is unknown: {r}",
        "クラスター設定の名前が不明: {0}",
    ),
    (
        "the operating system family is unknown: {r}",
        "OS ファミリーが不明: {0}",
    ),
    (
        "the operating system family is unknown, so whether {} applies is not known: {r}",
        "OS ファミリーが不明なため、{0} が適用されるか判断できない: {1}",
    ),
    (
        "the capabilities container `{}` drops are unknown: {r}",
        "コンテナ `{0}` が削除する Linux ケーパビリティが不明: {1}",
    ),
    (
        "a capability container `{}` drops is unknown: {r}",
        "コンテナ `{0}` が削除する Linux ケーパビリティの一つが不明: {1}",
    ),
    (
        "the capabilities container `{}` adds are unknown: {r}",
        "コンテナ `{0}` が追加する Linux ケーパビリティが不明: {1}",
    ),
    (
        "a capability container `{}` adds is unknown: {r}",
        "コンテナ `{0}` が追加する Linux ケーパビリティの一つが不明: {1}",
    ),
    (
        "the devices of container `{}` are unknown: {r}",
        "コンテナ `{0}` のデバイスが不明: {1}",
    ),
    (
        "the image of container `{}` is unknown: {r}",
        "コンテナ `{0}` のイメージが不明: {1}",
    ),
    ("container `{}` names no image", "コンテナ `{0}` にイメージの指定がない"),
    ("the image of container `{}` is empty", "コンテナ `{0}` のイメージが空"),
    (
        "the image `{}` of container `{}` has a digest mamori does not recognise",
        "コンテナ `{1}` のイメージ `{0}` のダイジェストを mamori が認識できない",
    ),
    (
        "whether the task definition runs only on Fargate is unknown (`requiresCompatibilities` cannot be read)",
        "タスク定義が Fargate だけで動くかどうか判断できない（`requiresCompatibilities` を読み取れない）",
    ),
    (
        "the Docker security options of container `{}` are unknown: {r}",
        "コンテナ `{0}` の Docker セキュリティオプションが不明: {1}",
    ),
    (
        "a Docker security option of container `{}` is unknown: {r}",
        "コンテナ `{0}` の Docker セキュリティオプションの一つが不明: {1}",
    ),
    (
        "`versionConsistency` of container `{}` is `{}`, neither `enabled` nor `disabled`",
        "コンテナ `{0}` の `versionConsistency` が `{1}` で、`enabled` でも `disabled` でもない",
    ),
    (
        "container `{}` turns `versionConsistency` off and its image is unknown (a digest would make it harmless): {r}",
        "コンテナ `{0}` は `versionConsistency` を無効にしていて、イメージが不明（ダイジェスト指定なら問題ない）: {1}",
    ),
    (
        "whether volume `{}` is an EFS volume is unknown: {r}",
        "ボリューム `{0}` が EFS ボリュームかどうか判断できない: {1}",
    ),
    (
        "`transitEncryption` of EFS volume `{}` is unknown: {r}",
        "EFS ボリューム `{0}` の `transitEncryption` が不明: {1}",
    ),
    (
        "the environment of container `{}` is unknown: {r}",
        "コンテナ `{0}` の環境変数が不明: {1}",
    ),
    (
        "an environment variable name of container `{}` is unknown: {r}",
        "コンテナ `{0}` の環境変数名の一つが不明: {1}",
    ),
    (
        "the value of `{}` in container `{}` is unknown: {r}",
        "コンテナ `{1}` の `{0}` の値が不明: {2}",
    ),
    (
        "the service's cluster is unknown: {r}",
        "サービスのクラスターが不明: {0}",
    ),
    (
        "cluster `{}` is not in this scan; its ECS Exec logging and encryption settings decide the verdict",
        "クラスター `{0}` がスキャン対象にない。判定はそのクラスターの ECS Exec のログと暗号化の設定で決まる",
    ),
    (
        "the cluster's ECS Exec configuration is unknown: {r}",
        "クラスターの ECS Exec の設定が不明: {0}",
    ),
    (
        "the cluster's exec `logging` is unknown: {r}",
        "クラスターの ECS Exec の `logging` が不明: {0}",
    ),
    (
        "the cluster's exec `logging` is `{}`, not NONE, DEFAULT or OVERRIDE",
        "クラスターの ECS Exec の `logging` が `{0}` で、NONE・DEFAULT・OVERRIDE のどれでもない",
    ),
    (
        "the cluster's exec log configuration is unknown: {r}",
        "クラスターの ECS Exec のログ設定が不明: {0}",
    ),
    (
        "platform version `{}` is the latest only for Windows, and the platform family is not known",
        "プラットフォームバージョン `{0}` は Windows でのみ最新で、プラットフォームファミリーが分からない",
    ),
    (
        "platform version is unknown: {r}",
        "プラットフォームバージョンが不明: {0}",
    ),
    (
        "launch type or capacity providers are unknown: {r}",
        "起動タイプかキャパシティプロバイダーが不明: {0}",
    ),
    (
        "the cluster's default capacity provider strategy is unknown: {r}",
        "クラスターのデフォルトのキャパシティプロバイダー戦略が不明: {0}",
    ),
    (
        "the service names neither a launch type nor a capacity provider strategy, and its cluster's default strategy is not in this scan",
        "サービスに起動タイプもキャパシティプロバイダー戦略もなく、クラスターのデフォルト戦略がスキャン対象にない",
    ),
    ("the task role is unknown: {r}", "タスクロールが不明: {0}"),
    ("the task execution role is unknown: {r}", "タスク実行ロールが不明: {0}"),
    ("the image is unknown: {r}", "イメージが不明: {0}"),
    ("the variables are unknown: {r}", "環境変数が不明: {0}"),
    ("a variable name is unknown: {r}", "環境変数名の一つが不明: {0}"),
    ("the log configuration is unknown: {r}", "ログ設定が不明: {0}"),
    ("the log driver is unknown: {r}", "ログドライバーが不明: {0}"),
    (
        "the FireLens options are unknown: {r}",
        "FireLens のオプションが不明: {0}",
    ),
    (
        "the FireLens output `Name` is unknown: {r}",
        "FireLens の出力 `Name` が不明: {0}",
    ),
    (
        "the FireLens option `AWS_Auth` is unknown: {r}",
        "FireLens のオプション `AWS_Auth` が不明: {0}",
    ),
    // ---- Kubernetes RBAC, service accounts, namespaces and IAM trust policies ----
    ("the rules are unknown: {r}", "ルールが不明: {0}"),
    ("rule #{} cannot be judged: {r}", "ルール #{0} を判定できない: {1}"),
    ("an item of `{}` is unknown: {r}", "`{0}` の項目の一つが不明: {1}"),
    ("the subjects are unknown: {r}", "サブジェクトが不明: {0}"),
    (
        "subject #{} has no known kind and name",
        "サブジェクト #{0} の種類と名前がわからない",
    ),
    (
        "`{}` of service account `{}` is unknown: {r}",
        "サービスアカウント `{1}` の `{0}` が不明: {2}",
    ),
    ("the pod spec is unknown: {r}", "Pod spec が不明: {0}"),
    // ---- IAM permissions of task, pod and execution roles ----
    (
        "policy `{}` is neither a well-known AWS managed policy (catalog of {}) nor a policy of the scan",
        "ポリシー `{0}` は既知の AWS 管理ポリシー（{1} 時点のカタログ）にも、スキャン内のポリシーにもない",
    ),
    ("policy `{}` is unknown: {r}", "ポリシー `{0}` が不明: {1}"),
    (
        "the policies of role `{}` are unknown: {r}",
        "ロール `{0}` のポリシーが不明: {1}",
    ),
    (
        "an attached policy is unknown: {r}",
        "アタッチされたポリシーの一つが不明: {0}",
    ),
    ("the roles of `{}` are unknown", "`{0}` の対象ロールが不明"),
    (
        "statement {} of policy `{}` cannot be read",
        "ポリシー `{1}` のステートメント {0} を読み取れない",
    ),
    (
        "the KMS key of secret `{}` is unknown: {r}",
        "シークレット `{0}` の KMS キーが不明: {1}",
    ),
    (
        "the KMS key of parameter `{}` is unknown: {r}",
        "パラメータ `{0}` の KMS キーが不明: {1}",
    ),
    (
        "the type of parameter `{}` is unknown: {r}",
        "パラメータ `{0}` のタイプが不明: {1}",
    ),
    (
        "whether execution role `{}` may decrypt with key `{}` cannot be read",
        "タスク実行ロール `{0}` がキー `{1}` で復号できるかを読み取れない",
    ),
    (
        "the URL-encoded policy document cannot be decoded",
        "URL エンコードされたポリシードキュメントをデコードできない",
    ),
    (
        "the policy's default version is not in the output",
        "出力にポリシーのデフォルトバージョンがない",
    ),
    ("the trust policy is unknown: {r}", "信頼ポリシーが不明: {0}"),
    ("statement {} cannot be read", "ステートメント {0} を読み取れない"),
    (
        "a condition of statement {} cannot be read",
        "ステートメント {0} の条件の一つを読み取れない",
    ),
    ("the policy document is empty", "ポリシードキュメントが空"),
    (
        "the statements of `{}` are not read",
        "`{0}` のステートメントは読み取らない",
    ),
    (
        "the policy document is not valid JSON (line {}, column {}: {lib})",
        "ポリシードキュメントが JSON として不正（{0} 行 {1} 列: {2}）",
    ),
    // ---- Every reader: values of the wrong shape ----
    ("expected a {t}, found a {t}", "{0}が必要だが、{1}が書かれている"),
    (
        "expected a bool, found the string \"{}\"",
        "真偽値が必要だが、文字列 \"{0}\" が書かれている",
    ),
    ("expected a whole number", "整数が必要"),
    ("expected a name, found a {t}", "名前が必要だが、{0}が書かれている"),
    (
        "expected a condition function, found a {t}",
        "条件関数が必要だが、{0}が書かれている",
    ),
    (
        "`{}` is neither ENABLED nor DISABLED",
        "`{0}` は ENABLED でも DISABLED でもない",
    ),
    (
        "`{}` should be a mapping, found a {t}",
        "`{0}` はマッピングのはずだが、{1}が書かれている",
    ),
    (
        "`{}` should be a list, found a {t}",
        "`{0}` はリストのはずだが、{1}が書かれている",
    ),
    ("{} is known only once deployed", "{0} はデプロイするまで決まらない"),
    ("the tag {} is not evaluated here", "YAML タグ {0} はここでは評価しない"),
    // ---- Terraform ----
    (
        "var.{} has no default, and no value is given in a variable file, --var or TF_VAR_{}",
        "var.{0} に既定値がなく、変数ファイルにも --var にも TF_VAR_{1} にも値が与えられていない",
    ),
    (
        "the value given in {} for var.{} is not a valid expression: {lib}",
        "{0} で var.{1} に与えた値は式として不正: {2}",
    ),
    (
        "a JSON variable file must hold an object of variable values",
        "JSON の変数ファイルには変数の値のオブジェクトを書く",
    ),
    (
        "`{}` is not a variable assignment: write --var 'name=value'",
        "`{0}` は変数の代入ではない: --var 'name=value' と書く",
    ),
    (
        "cannot read the variable file {}: {lib}",
        "変数ファイル {0} を読み込めない: {1}",
    ),
    (
        "no Terraform module scanned declares var.{}: the value is not used",
        "スキャンしたどの Terraform モジュールも var.{0} を宣言していない: この値は使われない",
    ),
    ("{} is known only after apply", "{0} は apply するまで決まらない"),
    // A chain of references, from the one used to the cause: `local.a ← var.b has no default…`.
    ("{} ← {r}", "{0} ← {1}"),
    ("the expression is invalid: {r}", "式が不正: {0}"),
    (
        "a null value cannot be used as a string",
        "null 値は文字列として使えない",
    ),
    ("a {t} cannot be used as a string", "{0}は文字列として使えない"),
    ("a {t} cannot be used as a number", "{0}は数値として使えない"),
    ("a {t} cannot be used as a bool", "{0}は真偽値として使えない"),
    ("\"{}\" is not a number", "\"{0}\" は数値ではない"),
    ("{} is not a whole number", "{0} は整数ではない"),
    (
        "the expression is nested more than {} levels deep and is not evaluated",
        "式の入れ子が {0} 段を超えるため評価しない",
    ),
    (
        "the module needs too much evaluation and is not evaluated",
        "モジュールの評価に手間がかかりすぎるため評価しない",
    ),
    ("the condition is unknown: {r}", "条件が不明: {0}"),
    ("var.{} is not declared", "var.{0} は宣言されていない"),
    (
        "`var` must be followed by a variable name",
        "`var` の後には変数名が必要",
    ),
    ("`local` must be followed by a name", "`local` の後には名前が必要"),
    (
        "count.index is used in a block without count",
        "count のないブロックで count.index を使っている",
    ),
    (
        "each is used in a block without for_each",
        "for_each のないブロックで each を使っている",
    ),
    ("path{} is not evaluated", "path{0} は評価しない"),
    ("terraform{} is not evaluated", "terraform{0} は評価しない"),
    ("self{} is not evaluated", "self{0} は評価しない"),
    (
        "data.{} is read from the provider",
        "data.{0} は実行時にプロバイダーから読み取られる",
    ),
    (
        "a data source is read from the provider",
        "データソースは実行時にプロバイダーから読み取られる",
    ),
    (
        "{} is sensitive in the plan, so it is not read",
        "{0} はプランで機密（sensitive）とされているため読まない",
    ),
    // Modules
    (
        "module \"{}\" (source \"{}\") is not downloaded: run terraform init",
        "module \"{0}\"（source \"{1}\"）はダウンロードされていない: `terraform init` を実行する",
    ),
    (
        "var.{} has no default and module \"{}\" does not set it",
        "var.{0} に既定値がなく、module \"{1}\" も値を渡していない",
    ),
    (
        "module \"{}\" (source \"{}\") calls a module that calls it: not followed",
        "module \"{0}\"（source \"{1}\"）は自分を呼び出すモジュールを呼び出すため、たどらない",
    ),
    (
        "module \"{}\" (source \"{}\") holds no .tf file in {}: not followed",
        "module \"{0}\"（source \"{1}\"）の {2} には .tf ファイルがないため、たどらない",
    ),
    (
        "module \"{}\" has no literal source: not followed",
        "module \"{0}\" の source が文字列リテラルではないため、たどらない",
    ),
    (
        "module \"{}\" is nested more than {} modules deep: not followed",
        "module \"{0}\" はモジュールの入れ子が {1} 段を超えるため、たどらない",
    ),
    (
        "module \"{}\" is not followed: the configuration calls more than {} module folders",
        "module \"{0}\" はたどらない: 構成が呼び出すモジュールのフォルダーが {1} を超える",
    ),
    (
        "module.{} is not read: the configuration has more than {} module instances",
        "module.{0} は読まない: 構成のモジュールのインスタンスが {1} を超える",
    ),
    ("module.{} is not declared", "module.{0} は宣言されていない"),
    (
        "`module` must be followed by a module name",
        "`module` の後にはモジュール名が必要",
    ),
    (
        "module.{}[{}] is not an instance of the module",
        "module.{0}[{1}] はモジュールのインスタンスではない",
    ),
    ("{} has no output \"{}\"", "{0} に出力 \"{1}\" がない"),
    ("output \"{}\" has no value", "output \"{0}\" に value がない"),
    (
        "module.{} refers to itself through a cycle",
        "module.{0} が循環して自分自身を参照している",
    ),
    (
        "var.{} refers to itself through a cycle",
        "var.{0} が循環して自分自身を参照している",
    ),
    (
        "module.{} depends on itself through a cycle",
        "module.{0} が循環して自分自身に依存している",
    ),
    (
        "{} is not an instance of the resource",
        "{0} はリソースのインスタンスではない",
    ),
    (
        "module {} is not downloaded, so the resources it declares are not scanned: run `terraform init` in this folder",
        "module {0} はダウンロードされていないため、そのリソースはスキャンしない: このフォルダーで `terraform init` を実行する",
    ),
    (
        "{} modules are not downloaded ({}), so the resources they declare are not scanned: run `terraform init` in this folder",
        "{0} 個のモジュール（{1}）はダウンロードされていないため、そのリソースはスキャンしない: このフォルダーで `terraform init` を実行する",
    ),
    (
        "the folder {} is a Terraform module called by {}: its resources are read through its callers, at their addresses, not as a configuration of its own",
        "フォルダー {0} は {1} が呼び出す Terraform モジュール: そのリソースは単独の構成としてではなく、呼び出し元を通して呼び出し元でのアドレスで読む",
    ),
    (
        "the folder {} is a Terraform module called by {} and {} more: its resources are read through its callers, at their addresses, not as a configuration of its own",
        "フォルダー {0} は {1} ほか {2} 個のフォルダーが呼び出す Terraform モジュール: そのリソースは単独の構成としてではなく、呼び出し元を通して呼び出し元でのアドレスで読む",
    ),
    ("`{}` is not a known name", "`{0}` は既知の名前ではない"),
    ("{}[…] with an unresolved key: {r}", "{0}[…] のキーを解決できない: {1}"),
    (
        "local.{} refers to itself through a cycle",
        "local.{0} が循環して自分自身を参照している",
    ),
    ("local.{} is not declared", "local.{0} は宣言されていない"),
    ("division by zero", "0 で割っている"),
    ("modulo by zero", "0 で剰余を求めている"),
    ("grouping failed", "グループ化できない"),
    (
        "the key \"{}\" is produced twice; add `...` to group values",
        "キー \"{0}\" が 2 回作られている。値をまとめるには `...` を付ける",
    ),
    ("the collection is too large", "コレクションが大きすぎる"),
    ("the template is nested too deeply", "テンプレートの入れ子が深すぎる"),
    ("cannot iterate over a null value", "null 値は反復できない"),
    ("cannot iterate over a {t}", "{0}は反復できない"),
    ("there is no attribute \"{}\"", "属性 \"{0}\" がない"),
    ("cannot read \"{}\" of a null value", "null 値の \"{0}\" は読めない"),
    ("cannot read \"{}\" of a {t}", "{1}の \"{0}\" は読めない"),
    ("index {} is out of range", "インデックス {0} が範囲外"),
    ("there is no key \"{}\"", "キー \"{0}\" がない"),
    ("cannot index a null value", "null 値にインデックスは使えない"),
    ("cannot index a {t}", "{0}にインデックスは使えない"),
    ("the string is too long", "文字列が長すぎる"),
    ("function {}() is not evaluated", "関数 {0}() は評価しない"),
    ("cannot expand a {t} into arguments", "{0}は引数に展開できない"),
    ("cannot read {}: {lib}", "{0} を読み込めない: {1}"),
    ("{} is too large to read", "{0} は大きすぎるため読み込まない"),
    ("{}() takes {} argument(s)", "{0}() の引数は {1} 個"),
    (
        "templatefile() variables must be a map",
        "templatefile() の変数はマップで渡す",
    ),
    (
        "{}() variables must be a map, found a {t}",
        "{0}() の変数はマップで渡すが、{1}が書かれている",
    ),
    // Built-in functions (yamldecode, base64decode, csvdecode, cidr…, regex, parseint…).
    (
        "yamldecode() takes a single YAML document",
        "yamldecode() が受け取れる YAML 文書は 1 つだけ",
    ),
    (
        "a YAML mapping key must be a scalar",
        "YAML のマッピングのキーはスカラーで書く",
    ),
    (
        "a merge key (<<) must name a mapping",
        "マージキー（<<）にはマッピングを指定する",
    ),
    ("unsupported YAML tag {}", "YAML タグ {0} には対応していない"),
    (
        "a YAML alias refers to an anchor that is not defined before it",
        "YAML のエイリアスが、それより前に定義されていないアンカーを参照している",
    ),
    ("`{}` is not a valid !!{}", "`{0}` は !!{1} として不正"),
    (
        "the value is too deep or too large to encode",
        "値が深すぎるか大きすぎるためエンコードできない",
    ),
    ("the string is not valid Base64", "文字列が Base64 として不正"),
    (
        "the decoded bytes are not UTF-8 text",
        "デコードしたバイト列が UTF-8 のテキストではない",
    ),
    ("csvdecode() needs a header line", "csvdecode() にはヘッダー行が必要"),
    (
        "line {} of the CSV has {} fields, not {}",
        "CSV の {0} 行目のフィールドが {1} 個で、{2} 個ではない",
    ),
    ("the CSV has an unclosed quote", "CSV の引用符が閉じていない"),
    (
        "\"{}\" is not a CIDR prefix",
        "\"{0}\" は CIDR 表記のプレフィックスではない",
    ),
    ("{} must be a whole number", "{0} は整数で指定する"),
    (
        "cannot extend the prefix /{} by {} bits: an address has {} bits",
        "プレフィックス /{0} を {1} ビット延ばせない: アドレスは {2} ビット",
    ),
    (
        "prefix extension of {} bits does not accommodate a subnet numbered {}",
        "{0} ビットの延長には番号 {1} のサブネットが収まらない",
    ),
    (
        "prefix of {} bits cannot accommodate a host numbered {}",
        "{0} ビットのホスト部には番号 {1} のホストが収まらない",
    ),
    (
        "cidrnetmask() takes an IPv4 prefix only",
        "cidrnetmask() が受け取れるのは IPv4 のプレフィックスだけ",
    ),
    (
        "newbits {} must extend the prefix by at least one bit",
        "{0} 番目の newbits はプレフィックスを 1 ビット以上延ばす必要がある",
    ),
    (
        "newbits {} would extend the prefix to {} bits, beyond the {} of an address",
        "{0} 番目の newbits はプレフィックスを {1} ビットに延ばし、アドレスの {2} ビットを超える",
    ),
    (
        "not enough remaining address space for a subnet with a prefix of {} bits after {}",
        "{1} の後に、プレフィックス長 {0} ビットのサブネットを置くアドレス空間が残っていない",
    ),
    ("invalid regular expression: {lib}", "正規表現として不正: {0}"),
    (
        "a pattern cannot mix named and unnamed capture groups",
        "名前付きと名前なしのキャプチャグループを 1 つのパターンに混ぜられない",
    ),
    ("the pattern does not match the string", "パターンが文字列に一致しない"),
    ("invalid pattern {}: {lib}", "パターン {0} が不正: {1}"),
    (
        "fileset() would look at more than {} files",
        "fileset() が調べるファイルが {0} 個を超える",
    ),
    ("the absolute path of {} is not known", "{0} の絶対パスが分からない"),
    ("the result is not a finite number", "結果が有限の数値にならない"),
    (
        "parseint() base must be from 2 to 62",
        "parseint() の基数は 2〜62 で指定する",
    ),
    ("\"{}\" is not a number in base {}", "\"{0}\" は {1} 進数の数値ではない"),
    ("indent() takes 0 to 1024 spaces", "indent() の空白の数は 0〜1024"),
    (
        "formatlist() lists differ in length",
        "formatlist() のリストの長さが異なる",
    ),
    (
        "setproduct() needs at least two sets",
        "setproduct() には集合が 2 つ以上必要",
    ),
    ("the function needs at least one set", "この関数には集合が 1 つ以上必要"),
    (
        "chunklist() size must not be negative",
        "chunklist() の大きさは負にできない",
    ),
    ("the item is not in the list", "要素がリストにない"),
    (
        "matchkeys() lists differ in length",
        "matchkeys() のリストの長さが異なる",
    ),
    ("{} is not a valid template: {lib}", "{0} はテンプレートとして不正: {1}"),
    ("try() needs at least one argument", "try() には引数が 1 つ以上必要"),
    (
        "no argument of try() is valid: {r}",
        "try() の引数がどれも有効でない: {0}",
    ),
    ("can() takes one argument", "can() の引数は 1 つ"),
    (
        "wrong number of arguments to the function()",
        "関数の引数の数が正しくない",
    ),
    ("wrong number of arguments to {}()", "{0}() の引数の数が正しくない"),
    ("invalid JSON: {lib}", "JSON として不正: {0}"),
    ("the list is too long", "リストが長すぎる"),
    (
        "the list is too deep or too long to flatten",
        "リストが深すぎるか長すぎるため平坦化できない",
    ),
    ("length() of a {t}", "{0}に length() は使えない"),
    ("element() of an empty list", "空のリストに element() は使えない"),
    ("element() with a negative index", "element() のインデックスが負"),
    (
        "join() needs a separator and a list",
        "join() には区切り文字とリストが必要",
    ),
    ("substr() offset is out of range", "substr() のオフセットが範囲外"),
    ("range() needs one to three numbers", "range() には 1〜3 個の数値が必要"),
    ("range() would be too long", "range() の結果が長すぎる"),
    ("needs at least one number", "数値が 1 つ以上必要"),
    ("format() needs a format string", "format() には書式文字列が必要"),
    ("format() width is too large", "format() の幅が大きすぎる"),
    ("format() string ends in %", "format() の書式文字列が % で終わっている"),
    ("format() has too few arguments", "format() の引数が足りない"),
    ("%d needs a whole number", "%d には整数が必要"),
    (
        "format() verb %{} is not supported",
        "format() の変換指定 %{0} には対応していない",
    ),
    (
        "coalesce() found no non-null, non-empty argument",
        "coalesce() の引数に null でも空でもないものがない",
    ),
    ("zipmap() lists differ in length", "zipmap() に渡したリストの長さが違う"),
    (
        "one() of a list with more than one element",
        "要素が 2 つ以上あるリストに one() は使えない",
    ),
    ("slice() indexes are out of range", "slice() のインデックスが範囲外"),
    ("sum() of an empty list", "空のリストに sum() は使えない"),
    (
        "{} instances are too many to read",
        "インスタンスが {0} 個あり、多すぎるため読み込まない",
    ),
    (
        "for_each holds a {t}, not a string",
        "for_each に文字列ではなく{0}が含まれている",
    ),
    ("for_each is null", "for_each が null"),
    (
        "for_each is a {t}, not a map or a set",
        "for_each がマップでもセットでもなく{0}",
    ),
    ("the count of {} is unknown: {r}", "{0} の count が不明: {1}"),
    ("the for_each of {} is unknown: {r}", "{0} の for_each が不明: {1}"),
    (
        "the provider's default_tags are unknown: {r}",
        "プロバイダーの default_tags が不明: {0}",
    ),
    ("the attribute \"{}\" is required", "属性 \"{0}\" は必須"),
    ("blocks are nested too deeply", "ブロックの入れ子が深すぎる"),
    ("dynamic \"{}\" has no for_each", "dynamic \"{0}\" に for_each がない"),
    (
        "dynamic \"{}\" expands into too many blocks",
        "dynamic \"{0}\" が展開するブロックが多すぎる",
    ),
    (
        "the for_each of dynamic \"{}\" is unknown: {r}",
        "dynamic \"{0}\" の for_each が不明: {1}",
    ),
    (
        "container_definitions should be a JSON string, found a {t}",
        "container_definitions は JSON の文字列のはずだが、{0}が書かれている",
    ),
    ("the value is not known", "値が不明"),
    ("container_definitions is empty", "container_definitions が空"),
    (
        "assume_role_policy should be a JSON string, found a {t}",
        "assume_role_policy は JSON の文字列のはずだが、{0}が書かれている",
    ),
    ("assume_role_policy is empty", "assume_role_policy が空"),
    (
        "assume_role_policy is not valid JSON (line {}, column {}: {lib})",
        "assume_role_policy が JSON として不正（{0} 行 {1} 列: {2}）",
    ),
    (
        "container_definitions is not valid JSON (line {}, column {}: {lib})",
        "container_definitions が JSON として不正（{0} 行 {1} 列: {2}）",
    ),
    ("unexpected tagged value", "予期しないタグ付きの値"),
    ("part of the value is unknown: {r}", "値の一部が不明: {0}"),
    (
        "the object key `{}` is repeated; Terraform keeps the last value",
        "オブジェクトのキー `{0}` が繰り返されている。Terraform は最後の値を使う",
    ),
    (
        "invalid HCL: too many repeated object keys",
        "HCL として不正: 繰り返されたオブジェクトのキーが多すぎる",
    ),
    ("invalid HCL: {lib}", "HCL として不正: {0}"),
    // ---- CloudFormation ----
    (
        "expressions nested more than {} levels deep",
        "式の入れ子が {0} 段を超えている",
    ),
    (
        "the template is too large to evaluate",
        "テンプレートが大きすぎるため評価しない",
    ),
    ("unknown YAML tag {}", "未知の YAML タグ {0}"),
    ("Ref: {r}", "Ref: {0}"),
    ("Condition: {r}", "Condition: {0}"),
    ("Fn::Sub: {r}", "Fn::Sub: {0}"),
    ("Fn::Join: {r}", "Fn::Join: {0}"),
    ("Fn::FindInMap: {r}", "Fn::FindInMap: {0}"),
    ("Fn::If: {r}", "Fn::If: {0}"),
    ("Fn::GetAtt {}: {r}", "Fn::GetAtt {0}: {1}"),
    (
        "Fn::Base64 expects a string, found a {t}",
        "Fn::Base64 には文字列が必要だが、{0}が書かれている",
    ),
    (
        "Fn::ImportValue {}: an output of another stack, known only at deployment",
        "Fn::ImportValue {0}: 別のスタックの出力で、デプロイするまで決まらない",
    ),
    (
        "Fn::ImportValue: an output of another stack, known only at deployment",
        "Fn::ImportValue: 別のスタックの出力で、デプロイするまで決まらない",
    ),
    (
        "Fn::GetAZs: the Availability Zones are known only at deployment",
        "Fn::GetAZs: アベイラビリティーゾーンはデプロイするまで決まらない",
    ),
    (
        "pseudo parameter {}: known only at deployment",
        "疑似パラメーター {0}: デプロイするまで決まらない",
    ),
    (
        "Ref to {}: not a pseudo parameter the scanner knows",
        "{0} への Ref: スキャナーが知らない疑似パラメーター",
    ),
    (
        "Ref to {}: no parameter or resource of that name in the template",
        "{0} への Ref: その名前のパラメーターもリソースもテンプレートにない",
    ),
    ("Fn::GetAtt `{}` names no attribute", "Fn::GetAtt `{0}` に属性名がない"),
    (
        "Fn::GetAtt expects a logical id as its first argument",
        "Fn::GetAtt の最初の引数には論理 ID が必要",
    ),
    (
        "Fn::GetAtt expects [LogicalId, Attribute] or \"LogicalId.Attribute\"",
        "Fn::GetAtt には [LogicalId, Attribute] か \"LogicalId.Attribute\" が必要",
    ),
    (
        "Fn::GetAtt {}: no resource of that name in the template",
        "Fn::GetAtt {0}: その名前のリソースがテンプレートにない",
    ),
    (
        "Fn::Sub expects a string or [string, {{variables}}]",
        "Fn::Sub には文字列か [文字列, {{変数}}] が必要",
    ),
    (
        "Fn::Sub expects a string, found a {t}",
        "Fn::Sub には文字列が必要だが、{0}が書かれている",
    ),
    ("Fn::Sub variables: {r}", "Fn::Sub の変数: {0}"),
    (
        "Fn::Sub expects its variables as a mapping",
        "Fn::Sub の変数はマッピングで渡す",
    ),
    ("${{{}}} is a {t}, not a string", "${{{0}}} が文字列ではなく{1}"),
    (
        "Fn::Join expects [delimiter, [values]]",
        "Fn::Join には [区切り文字, [値]] が必要",
    ),
    (
        "Fn::Join expects a string delimiter",
        "Fn::Join の区切り文字は文字列で書く",
    ),
    (
        "Fn::Join expects a list of values, found a {t}",
        "Fn::Join には値のリストが必要だが、{0}が書かれている",
    ),
    ("a part is a {t}, not a string", "要素の一つが文字列ではなく{0}"),
    (
        "Fn::Select expects [index, [values]]",
        "Fn::Select には [インデックス, [値]] が必要",
    ),
    (
        "Fn::Select expects a whole number as its index",
        "Fn::Select のインデックスは整数で書く",
    ),
    (
        "Fn::Select expects a whole number index",
        "Fn::Select のインデックスは整数で書く",
    ),
    (
        "Fn::Select: index {} is past the end of a list of {}",
        "Fn::Select: インデックス {0} が要素数 {1} のリストの範囲外",
    ),
    (
        "Fn::Select expects a list, found a {t}",
        "Fn::Select にはリストが必要だが、{0}が書かれている",
    ),
    (
        "Fn::Split expects [delimiter, string]",
        "Fn::Split には [区切り文字, 文字列] が必要",
    ),
    ("Fn::Split: the delimiter is empty", "Fn::Split: 区切り文字が空"),
    (
        "Fn::Split expects a string delimiter and a string",
        "Fn::Split には文字列の区切り文字と文字列が必要",
    ),
    (
        "Fn::FindInMap expects [MapName, TopLevelKey, SecondLevelKey]",
        "Fn::FindInMap には [MapName, TopLevelKey, SecondLevelKey] が必要",
    ),
    ("a key is a {t}", "キーの一つが{0}"),
    (
        "Fn::FindInMap: no entry {} in Mappings",
        "Fn::FindInMap: Mappings に {0} の項目がない",
    ),
    (
        "Fn::If expects [condition, value if true, value if false]",
        "Fn::If には [条件, 真のときの値, 偽のときの値] が必要",
    ),
    ("Fn::If expects a condition name", "Fn::If には条件名が必要"),
    ("condition {} refers to itself", "条件 {0} が自分自身を参照している"),
    ("no condition named {} in the template", "テンプレートに条件 {0} がない"),
    ("condition {} is unknown: {r}", "条件 {0} が不明: {1}"),
    (
        "conditions nested more than {} levels deep",
        "条件の入れ子が {0} 段を超えている",
    ),
    ("Fn::Equals expects two values", "Fn::Equals には値が 2 つ必要"),
    ("Fn::{} expects a list of conditions", "Fn::{0} には条件のリストが必要"),
    ("Fn::Not expects one condition", "Fn::Not には条件が 1 つ必要"),
    ("{} is not a condition function", "{0} は条件関数ではない"),
    (
        "dynamic reference {}: resolved only at deployment",
        "動的参照 {0}: デプロイ時に解決される",
    ),
    (
        "Ref to parameter {}: read from Systems Manager Parameter Store at deployment",
        "パラメーター {0} への Ref: デプロイ時に Systems Manager パラメータストアから読み取られる",
    ),
    (
        "Ref to parameter {}: no Default, and no value in --cfn-parameters",
        "パラメーター {0} への Ref: Default がなく、--cfn-parameters にも値がない",
    ),
    (
        "Ref to parameter {}: no Default, and the parent stack passes no value",
        "パラメーター {0} への Ref: Default がなく、親スタックも値を渡さない",
    ),
    (
        "Ref to parameter {}, given by the parent stack: {r}",
        "親スタックが渡すパラメーター {0} への Ref: {1}",
    ),
    (
        "Ref to parameter {}: the Default is a {t}, not a string",
        "パラメーター {0} への Ref: Default が文字列ではなく{1}",
    ),
    (
        "values nested more than {} levels deep",
        "値の入れ子が {0} 段を超えている",
    ),
    (
        "{} inside Mappings is not evaluated",
        "Mappings の中の {0} は評価しない",
    ),
    (
        "Ref to resource {}: known only once the stack is deployed",
        "リソース {0} への Ref: スタックをデプロイするまで決まらない",
    ),
    (
        "Fn::GetAtt {}: known only once the stack is deployed",
        "Fn::GetAtt {0}: スタックをデプロイするまで決まらない",
    ),
    (
        "CloudFormation template without a Resources section",
        "Resources セクションのない CloudFormation テンプレート",
    ),
    (
        "Resources should be a mapping of logical ids to resources, found a {t}",
        "Resources は論理 ID からリソースへのマッピングのはずだが、{0}が書かれている",
    ),
    (
        "{} is expanded only with the AWS::LanguageExtensions transform, which the template does not declare: the resources it would make are not scanned",
        "{0} は AWS::LanguageExtensions 変換があるときだけ展開されるが、テンプレートがこの変換を宣言していない: それが作るリソースはスキャンしない",
    ),
    (
        "resource {} should be a mapping, found a {t}",
        "リソース {0} はマッピングのはずだが、{1}が書かれている",
    ),
    (
        "the Type of resource {} should be a string, found a {t}",
        "リソース {0} の Type は文字列のはずだが、{1}が書かれている",
    ),
    ("resource {} has no Type", "リソース {0} に Type がない"),
    (
        "the Properties of resource {} should be a mapping, found a {t}",
        "リソース {0} の Properties はマッピングのはずだが、{1}が書かれている",
    ),
    (
        "a cluster setting should be a mapping, found a {t}",
        "クラスター設定の一つがマッピングではなく{0}",
    ),
    (
        "Fn::Cidr expects [ipBlock, count, cidrBits]",
        "Fn::Cidr には [ipBlock, count, cidrBits] が必要",
    ),
    ("Fn::Cidr: {r}", "Fn::Cidr: {0}"),
    ("an argument is a {t}, not a string", "引数の一つが文字列ではなく{0}"),
    (
        "the count should be a whole number from 1 to 256",
        "count は 1 から 256 までの整数で書く",
    ),
    ("cidrBits should be a whole number", "cidrBits は整数で書く"),
    ("`{}` is not a CIDR block", "`{0}` は CIDR ブロックではない"),
    (
        "{} host bits do not fit in `{}`",
        "ホスト部 {0} ビットは `{1}` に収まらない",
    ),
    (
        "`{}` holds only {} blocks of /{}",
        "`{0}` に入る /{2} のブロックは {1} 個だけ",
    ),
    ("Fn::Length: {r}", "Fn::Length: {0}"),
    (
        "Fn::Length expects a list, found a {t}",
        "Fn::Length にはリストが必要だが、{0}が書かれている",
    ),
    ("Fn::ToJsonString: {r}", "Fn::ToJsonString: {0}"),
    (
        "Fn::ToJsonString expects a mapping or a list, found a {t}",
        "Fn::ToJsonString にはマッピングかリストが必要だが、{0}が書かれている",
    ),
    (
        "Fn::Transform {}: the macro's output is known only at deployment",
        "Fn::Transform {0}: マクロの出力はデプロイするまで決まらない",
    ),
    (
        "Fn::Transform: the macro's output is known only at deployment",
        "Fn::Transform: マクロの出力はデプロイするまで決まらない",
    ),
    (
        "{} is expanded only with the AWS::LanguageExtensions transform",
        "{0} は AWS::LanguageExtensions 変換があるときだけ展開される",
    ),
    (
        "{} is a rule function, valid only in the Rules section",
        "{0} はルール関数で、Rules セクションでしか使えない",
    ),
    (
        "{} is not a CloudFormation intrinsic function",
        "{0} は CloudFormation の組み込み関数ではない",
    ),
    (
        "Ref to parameter {}: NoEcho, so its value is not read",
        "パラメーター {0} への Ref: NoEcho のため値を読み取らない",
    ),
    (
        "Ref to parameter {}: the value of the deployed stack (UsePreviousValue)",
        "パラメーター {0} への Ref: デプロイ済みのスタックの値（UsePreviousValue）",
    ),
    (
        "Ref to parameter {}: `{}` is not a number, which CloudFormation rejects",
        "パラメーター {0} への Ref: `{1}` は数値ではなく、CloudFormation が受け付けない",
    ),
    ("Fn::GetAtt: {r}", "Fn::GetAtt: {0}"),
    (
        "{} expects [Identifier, Collection, {{OutputKey: OutputValue}}]; it is not expanded",
        "{0} には [Identifier, Collection, {{OutputKey: OutputValue}}] が必要なため展開しない",
    ),
    (
        "{} is not expanded, as its collection is unknown: {r}",
        "{0} はコレクションが不明なため展開しない: {1}",
    ),
    ("an item is a {t}, not a string", "要素の一つが文字列ではなく{0}"),
    ("it is a {t}, not a list", "リストではなく{0}"),
    (
        "{} makes `{}` twice, which CloudFormation rejects; the second is left out",
        "{0} が `{1}` を 2 回作る（CloudFormation は受け付けない）ため、2 つ目は除いた",
    ),
    (
        "{} makes more than {} entries; the rest are not scanned",
        "{0} が作る項目が {1} を超えるため、残りはスキャンしない",
    ),
    (
        "AWS SAM template: its AWS::Serverless::* resources are not container resources and are not judged; the ECS and EKS resources beside them are",
        "AWS SAM テンプレート: AWS::Serverless::* リソースはコンテナのリソースではないため判定しない。同じテンプレートの ECS と EKS のリソースは判定する",
    ),
    (
        "nested stack {} names no {}: nothing to follow",
        "入れ子のスタック {0} に {1} がない: たどるものがない",
    ),
    (
        "nested stack {}: its template {} is not fetched (only a local file is followed), so its resources are not scanned",
        "入れ子のスタック {0}: テンプレート {1} は取得しない（たどるのはローカルのファイルだけ）ため、そのリソースはスキャンしない",
    ),
    (
        "nested stack {}: its {} is unknown, so its resources are not scanned: {r}",
        "入れ子のスタック {0}: {1} が不明なため、そのリソースはスキャンしない: {2}",
    ),
    (
        "nested stack {}: {} deploys a template that deploys it, so it is not followed",
        "入れ子のスタック {0}: {1} はそれ自身をデプロイするテンプレートをデプロイするため、たどらない",
    ),
    (
        "nested stack {}: stacks nested more than {} deep are not followed",
        "入れ子のスタック {0}: {1} 段より深く入れ子になったスタックはたどらない",
    ),
    (
        "nested stack {}: its template {} cannot be read, so its resources are not scanned: {lib}",
        "入れ子のスタック {0}: テンプレート {1} を読めないため、そのリソースはスキャンしない: {2}",
    ),
    (
        "nested stack {}: {} is not a CloudFormation template, so it is not followed",
        "入れ子のスタック {0}: {1} は CloudFormation テンプレートではないため、たどらない",
    ),
    (
        "this template is deployed as a nested stack in the stacks of {}: its resources are read through them, at their addresses and with the Parameters passed down, not as a template of its own",
        "このテンプレートは {0} のスタックの中で入れ子のスタックとしてデプロイされる: そのリソースは単独のテンプレートとしてではなく、それらのスタックを通して、そのアドレスで、渡される Parameters とともに読む",
    ),
    (
        "the transform {} changes the template before it is deployed: what it adds or changes is not scanned",
        "変換 {0} がデプロイ前にテンプレートを書き換える: 変換が加えたり変えたりするものはスキャンしない",
    ),
    // ---- ECS API JSON ----
    (
        "the {} output has no `{}`; run it with `--include {}`",
        "{0} の出力に `{1}` がない。`--include {2}` を付けて実行すると判定できる",
    ),
    // ---- Files ----
    (
        "Helm chart templates are not valid manifests until rendered, so they are skipped: run `helm template <release> <chart> | mamori scan -` to scan what the chart deploys",
        "Helm チャートのテンプレートはレンダリングするまでマニフェストではないため対象外とした。チャートがデプロイするものをスキャンするには `helm template <release> <chart> | mamori scan -` を実行する",
    ),
    (
        "Kustomize kustomization: the manifests it lists are scanned as written, without its patches; to scan what Kustomize builds, run `kubectl kustomize <folder> | mamori scan -`",
        "Kustomize の kustomization: 列挙されたマニフェストはパッチを当てずに書かれたままスキャンする。Kustomize がビルドする結果をスキャンするには `kubectl kustomize <folder> | mamori scan -` を実行する",
    ),
    ("invalid YAML: {lib}", "YAML として不正: {0}"),
    (
        "invalid YAML: {lib}; skipped, as it declares no resource mamori judges",
        "YAML として不正なため対象外とした（mamori が判定するリソースを宣言していない）: {0}",
    ),
    (
        "invalid JSON: {lib}; skipped, as it declares no resource mamori judges",
        "JSON として不正なため対象外とした（mamori が判定するリソースを宣言していない）: {0}",
    ),
    ("cannot read: {lib}", "読み込めない: {0}"),
    (
        "cannot read: larger than {} MiB; not read",
        "読み込めない: {0} MiB を超えるため読み込まない",
    ),
    (
        "cannot read: not UTF-8 or UTF-16 text",
        "読み込めない: UTF-8 でも UTF-16 でもないテキスト",
    ),
    // ---- Dockerfiles ----
    (
        "the parser directive `{}` is given twice",
        "パーサーディレクティブ `{0}` が二回指定されている",
    ),
    (
        "invalid escape character `{}`: it must be `\\` or a backtick",
        "エスケープ文字 `{0}` は使えない: `\\` かバッククォートにする",
    ),
    (
        "the heredoc `<<{}` is not closed: no line `{}` follows",
        "ヒアドキュメント `<<{0}` が閉じていない: 後に `{1}` の行がない",
    ),
    ("unknown instruction `{}`", "不明な命令 `{0}`"),
    (
        "`{}` comes before the first FROM: only ARG may precede it",
        "`{0}` が最初の FROM より前にある: FROM より前に書けるのは ARG だけ",
    ),
    (
        "FROM takes an image and an optional `AS <name>`",
        "FROM にはイメージと、省略できる `AS <name>` を書く",
    ),
    (
        "the stage name `{}` is used twice",
        "ステージ名 `{0}` が二回使われている",
    ),
    (
        "no FROM instruction: a Dockerfile starts its first build stage with FROM",
        "FROM 命令がない: Dockerfile は最初のビルドステージを FROM で始める",
    ),
    (
        "a Dockerfile template (Jinja or Go) that is not a Dockerfile until rendered, skipped: render it and scan the result",
        "レンダリングするまで Dockerfile ではないテンプレート（Jinja または Go）のため対象外とした: レンダリングした結果をスキャンする",
    ),
    (
        "`{}` uses the variable `{}`, which has no value in the Dockerfile (it may be given with --build-arg)",
        "`{0}` が変数 `{1}` を使っているが、Dockerfile に値がない（--build-arg で渡される可能性がある）",
    ),
    ("`{}` is `{}`: {r}", "`{0}` は `{1}`: {2}"),
    (
        "the image `{}` of FROM uses the build argument `{}`, which has no default before the first FROM (it may be given with --build-arg)",
        "FROM のイメージ `{0}` がビルド引数 `{1}` を使っているが、最初の FROM より前に既定値がない（--build-arg で渡される可能性がある）",
    ),
    ("the image `{}` of FROM: {r}", "FROM のイメージ `{0}`: {1}"),
    ("the substitution in `{}` is not closed", "`{0}` の置換が閉じていない"),
    (
        "`${{{}}}` is a form of substitution mamori does not evaluate",
        "`${{{0}}}` は mamori が評価しない形式の置換",
    ),
    ("`{}` names no variable", "`{0}` に変数名がない"),
    ("`{}` is not an image reference", "`{0}` はイメージの参照ではない"),
    (
        "the user of the final image is unknown: {r}",
        "最終イメージのユーザーが不明: {0}",
    ),
    (
        "the base image of stage `{}` is unknown: {r}",
        "ステージ `{0}` のベースイメージが不明: {1}",
    ),
    (
        "the port `{}` of EXPOSE is not a number mamori can read",
        "EXPOSE のポート `{0}` を mamori が数値として読み取れない",
    ),
    (
        "the source `{}` of ADD uses a variable: whether it is a tar archive is not known",
        "ADD のコピー元 `{0}` が変数を使っている: tar アーカイブかどうか分からない",
    ),
    (
        "a WORKDIR of stage `{}` is unknown: {r}",
        "ステージ `{0}` の WORKDIR が不明: {1}",
    ),
    // ---- Suppressions ----
    ("suppression ignored: {r}", "抑制を無視した: {0}"),
    (
        "suppression of {} expired on {}: its findings are reported again",
        "{0} の抑制は {1} に期限切れ: 対象の検出を再び報告する",
    ),
    ("names no rule", "ルールを指定していない"),
    (
        "cannot read `{}`: expected reason=\"…\" or until=YYYY-MM-DD",
        "`{0}` を読み取れない: reason=\"…\" か until=YYYY-MM-DD を書く",
    ),
    (
        "unknown key `{}`: expected reason or until",
        "未知のキー `{0}`: reason か until を書く",
    ),
    (
        "`{}` is no rule id, rule name or control mamori knows",
        "`{0}` は mamori の知らないルール ID・ルール名・コントロール",
    ),
    (
        "`until={}` is not a date (YYYY-MM-DD)",
        "`until={0}` が日付（YYYY-MM-DD）ではない",
    ),
    (
        "has no reason: add reason=\"…\" saying why the finding may stay",
        "理由がない: 検出を残してよい理由を reason=\"…\" に書く",
    ),
    ("an empty pattern", "空のパターン"),
    // ---- mamori.toml and the command line ----
    ("--cfn-parameters {}: {r}", "--cfn-parameters {0}: {1}"),
    ("cannot find the template: {lib}", "テンプレートが見つからない: {0}"),
    (
        "item {} should be an object with ParameterKey and ParameterValue",
        "{0} 番目の項目は ParameterKey と ParameterValue を持つオブジェクトのはず",
    ),
    ("item {} has no ParameterKey", "{0} 番目の項目に ParameterKey がない"),
    (
        "the ParameterValue of {} should be a string",
        "{0} の ParameterValue は文字列のはず",
    ),
    ("{} has no ParameterValue", "{0} に ParameterValue がない"),
    (
        "expected a list of {{\"ParameterKey\": …, \"ParameterValue\": …}} or {{\"Parameters\": {{…}}}}",
        "{{\"ParameterKey\": …, \"ParameterValue\": …}} のリストか {{\"Parameters\": {{…}}}} を書く",
    ),
    ("the value of {} should be a string", "{0} の値は文字列のはず"),
    ("line {}: expected KEY=VALUE", "{0} 行目: KEY=VALUE を書く"),
    (
        "line {}: expected ParameterKey=KEY,ParameterValue=VALUE",
        "{0} 行目: ParameterKey=KEY,ParameterValue=VALUE を書く",
    ),
    (
        "{}: `{}` is no rule id, rule name or control mamori knows (`mamori rules` lists them)",
        "{0}: `{1}` は mamori の知らないルール ID・ルール名・コントロール（`mamori rules` で一覧を表示できる）",
    ),
    (
        "{}: `{}` is no severity (info, low, medium, high, critical)",
        "{0}: `{1}` は重大度ではない（info、low、medium、high、critical のどれか）",
    ),
    (
        "{}: `{}` is no format ({})",
        "{0}: `{1}` は出力形式ではない（{2} のどれか）",
    ),
    (
        "{}[scan] unknown: `{}` is neither `ignore` nor `fail`",
        "{0}[scan] unknown: `{1}` は `ignore` でも `fail` でもない",
    ),
    (
        "{}[output] files: `{}` is not `FORMAT=FILE`",
        "{0}[output] files: `{1}` が `FORMAT=FILE` の形ではない",
    ),
    ("{}: [[suppress]] `rules` is empty", "{0}: [[suppress]] の `rules` が空"),
    (
        "{}: [[suppress]] needs a `reason`: say why these findings may be ignored",
        "{0}: [[suppress]] には `reason` が必要: これらの検出を無視してよい理由を書く",
    ),
    (
        "{}[[suppress]] until: `{}` is not a date (YYYY-MM-DD)",
        "{0}[[suppress]] until: `{1}` が日付（YYYY-MM-DD）ではない",
    ),
    (
        "{}: [[suppress]] paths: `{}`: {r}",
        "{0}: [[suppress]] paths: `{1}`: {2}",
    ),
    (
        "{}: [[suppress]] resources: `{}`: {lib}",
        "{0}: [[suppress]] resources: `{1}`: {2}",
    ),
    ("{}: [scan] exclude: `{}`: {r}", "{0}: [scan] exclude: `{1}`: {2}"),
    ("{}: [params] {r}", "{0}: [params] {1}"),
    (
        "`required_tag_keys` holds an empty key",
        "`required_tag_keys` に空のキーがある",
    ),
    (
        "tag key `{}` is longer than the 128 characters AWS allows",
        "タグキー `{0}` が AWS の上限の 128 文字を超えている",
    ),
    (
        "tag key `{}` begins with `aws:`: such keys are reserved for AWS and never required",
        "タグキー `{0}` が `aws:` で始まっている: このキーは AWS 用に予約されていて、必須にはできない",
    ),
    ("`{}` is empty", "`{0}` が空"),
    (
        "`required_tag_keys` lists {} keys; Security Hub's requiredTagKeys takes at most {}, mamori checks them all",
        "`required_tag_keys` にキーが {0} 個ある。Security Hub の requiredTagKeys は {1} 個までだが、mamori はすべて検査する",
    ),
    (
        "`log_retention_min_days` is {}: it must be a number of days, 1 or more",
        "`log_retention_min_days` が {0}: 1 以上の日数を指定する",
    ),
    (
        "`log_retention_min_days` is {}; Security Hub's minRetentionTime takes one of {}, mamori uses the value given",
        "`log_retention_min_days` が {0}。Security Hub の minRetentionTime は {1} のいずれかだが、mamori は指定の値を使う",
    ),
    (
        "cannot read the baseline {}: {lib}",
        "ベースライン {0} を読み込めない: {1}",
    ),
    (
        "{}: not a mamori baseline: {lib}",
        "{0}: mamori のベースラインではない: {1}",
    ),
    (
        "{}: baseline version {} is not supported (this mamori reads version {})",
        "{0}: ベースラインのバージョン {1} には対応していない（この mamori が読めるのはバージョン {2}）",
    ),
    ("cannot write {}: {lib}", "{0} に書き込めない: {1}"),
    // ---- The live AWS collector ----
    (
        "the AWS API call {} in {} failed (attempts: {}): {lib}",
        "AWS API の呼び出し {0}（{1}）が失敗した（試行 {2} 回）: {3}",
    ),
    (
        "cannot identify the AWS account: {lib}",
        "AWS アカウントを特定できない: {0}",
    ),
    (
        "no AWS region: give --region or set AWS_REGION",
        "AWS リージョンが決まらない: --region を指定するか AWS_REGION を設定する",
    ),
    ("no AWS credentials are configured", "AWS の認証情報が設定されていない"),
    (
        "cannot start the AWS credential resolver: {lib}",
        "AWS の認証情報の解決を始められない: {0}",
    ),
    (
        "cannot list the enabled regions (ec2:DescribeRegions): {lib}",
        "有効なリージョンを一覧にできない（ec2:DescribeRegions）: {0}",
    ),
    (
        "cannot read the Terraform state {}: {lib}",
        "Terraform の state {0} を読み込めない: {1}",
    ),
    (
        "the inventory lists a live AWS account: give --aws",
        "インベントリは稼働中の AWS アカウントを一覧にする: --aws を指定する",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Entries whose Japanese is the English itself: a function's name and a colon, the arrow of
    /// a chain of references.
    const SAME_IN_BOTH: &[&str] = &[
        "Ref: {r}",
        "Condition: {r}",
        "Fn::Sub: {r}",
        "Fn::Join: {r}",
        "Fn::FindInMap: {r}",
        "Fn::If: {r}",
        "Fn::GetAtt {}: {r}",
        "{}: [[suppress]] paths: `{}`: {r}",
        "{}: [[suppress]] resources: `{}`: {lib}",
        "{}: [scan] exclude: `{}`: {r}",
        "{}: [params] {r}",
        "Fn::Cidr: {r}",
        "Fn::Length: {r}",
        "Fn::ToJsonString: {r}",
        "--cfn-parameters {}: {r}",
        "Fn::GetAtt: {r}",
        "{} ← {r}",
    ];

    const NESTED: &str = "data.region is read from the provider";
    const NESTED_JA: &str = "data.region は実行時にプロバイダーから読み取られる";

    fn has_japanese(s: &str) -> bool {
        s.chars()
            .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    /// The English text of an entry with its holes filled: fragments `F0x`, `F1x`…, types
    /// `list`, nested reasons [`NESTED`], details `D0x`….
    fn sample(en: &str) -> (String, Vec<Hole>) {
        let toks = parse_en(en).unwrap();
        let mut s = String::new();
        let mut kinds = Vec::new();
        for t in toks {
            match t {
                Tok::Lit(l) => s.push_str(&l),
                Tok::Hole(h) => {
                    let n = kinds.len();
                    kinds.push(h);
                    match h {
                        Hole::Fragment => s.push_str(&format!("F{n}x")),
                        Hole::Detail => s.push_str(&format!("D{n}x")),
                        Hole::Type => s.push_str("list"),
                        Hole::Reason => s.push_str(NESTED),
                    }
                }
            }
        }
        (s, kinds)
    }

    #[test]
    fn every_entry_parses_and_uses_each_hole_once() {
        for (en, ja) in CATALOG {
            if let Err(e) = Template::parse(en, ja) {
                panic!("{en:?} / {ja:?}: {e}");
            }
        }
        assert_eq!(templates().len(), CATALOG.len());
    }

    #[test]
    fn every_entry_is_distinct_and_japanese() {
        for (i, (en, ja)) in CATALOG.iter().enumerate() {
            assert!(
                CATALOG[..i].iter().all(|(e, _)| e != en),
                "{en:?} is in the catalog twice"
            );
            if !SAME_IN_BOTH.contains(en) {
                assert!(has_japanese(ja), "{en:?} has no Japanese: {ja:?}");
            }
        }
        for (en, ja) in TYPES {
            assert!(!ja.is_empty(), "{en}");
        }
    }

    #[test]
    fn placeholders_round_trip_for_every_entry() {
        for (en, _) in CATALOG {
            let (text, kinds) = sample(en);
            let tr = translate(&text);
            assert!(
                tr.untranslated.is_empty(),
                "{en:?}: {text:?} left {:?}",
                tr.untranslated
            );
            assert_eq!(tr.templates.first(), Some(en), "{text:?} matched another entry");
            for (n, k) in kinds.iter().enumerate() {
                let want = match k {
                    Hole::Fragment => format!("F{n}x"),
                    Hole::Detail => format!("D{n}x"),
                    Hole::Type => "リスト".to_string(),
                    Hole::Reason => NESTED_JA.to_string(),
                };
                assert!(tr.text.contains(&want), "{en:?}: {:?} lacks {want:?}", tr.text);
            }
            let fragments = kinds.iter().filter(|k| **k == Hole::Fragment).count();
            let nested = kinds.iter().filter(|k| **k == Hole::Reason).count();
            // The nested reason's own fragment (`region`) comes with each nested reason.
            assert_eq!(tr.fragments.len(), fragments + nested, "{en:?}: {:?}", tr.fragments);
            for f in &tr.fragments {
                assert_eq!(tr.text.matches(f.as_str()).count(), 1, "{en:?}: {f:?} in {:?}", tr.text);
            }
            if !SAME_IN_BOTH.contains(en) {
                assert!(
                    !tr.text.contains(&text),
                    "{en:?}: the English is still there: {:?}",
                    tr.text
                );
            }
        }
    }

    #[test]
    fn english_is_unchanged_and_japanese_follows_the_chain() {
        let en = "platform version is unknown: local.v ← local.w ← var.pv has no default, and no value is given in a variable file, --var or TF_VAR_pv";
        assert_eq!(reason(Lang::En, en), en);
        assert_eq!(
            reason(Lang::Ja, en),
            "プラットフォームバージョンが不明: local.v ← local.w ← var.pv に既定値がなく、変数ファイルにも --var にも TF_VAR_pv にも値が与えられていない"
        );
        let chain = "the image of container `web` is unknown: Fn::Sub: Ref to parameter ImageTag: no Default, and no value in --cfn-parameters";
        assert_eq!(
            reason(Lang::Ja, chain),
            "コンテナ `web` のイメージが不明: Fn::Sub: パラメーター ImageTag への Ref: Default がなく、--cfn-parameters にも値がない"
        );
    }

    #[test]
    fn the_most_specific_template_wins() {
        assert_eq!(
            reason(Lang::Ja, "`user` of container `app` is unknown: the value is not known"),
            "コンテナ `app` の `user` が不明: 値が不明"
        );
        assert_eq!(
            reason(Lang::Ja, "`pidMode` is unknown: the value is not known"),
            "`pidMode` が不明: 値が不明"
        );
        assert_eq!(
            reason(Lang::Ja, "expected a name, found a list"),
            "名前が必要だが、リストが書かれている"
        );
    }

    #[test]
    fn fragments_with_separators_are_copied_whole() {
        let en = "the image of container `app` is unknown: dynamic reference {{resolve:ssm:/img:1}}: resolved only at deployment";
        let tr = translate(en);
        assert!(tr.untranslated.is_empty(), "{tr:?}");
        assert_eq!(
            tr.text,
            "コンテナ `app` のイメージが不明: 動的参照 {{resolve:ssm:/img:1}}: デプロイ時に解決される"
        );
        let lib = "invalid YAML: mapping values are not allowed in this context at line 3 column 9";
        let tr = translate(lib);
        assert_eq!(
            tr.text,
            "YAML として不正: mapping values are not allowed in this context at line 3 column 9"
        );
        assert_eq!(
            tr.details,
            ["mapping values are not allowed in this context at line 3 column 9"]
        );
    }

    #[test]
    fn an_unknown_part_stays_english_and_the_rest_is_translated() {
        let en = "the frobnicator is unknown: data.x is read from the provider";
        let tr = translate(en);
        assert_eq!(tr.untranslated, ["the frobnicator is unknown"]);
        assert_eq!(
            tr.text,
            "the frobnicator is unknown: data.x は実行時にプロバイダーから読み取られる"
        );
        let odd = "something else entirely";
        assert_eq!(reason(Lang::Ja, odd), odd);
        for s in [
            "",
            ": ",
            "; ; :",
            "`",
            "{",
            "}}",
            "\u{1}0\u{1}",
            "the count of  is unknown: ",
        ] {
            let _ = reason(Lang::Ja, s);
        }
    }

    #[test]
    fn every_format_gives_reasons_notes_and_errors_in_the_report_language() {
        use crate::text::TextOptions;
        use crate::{InputError, OutputKind, render};
        const UNDECIDED: (&str, &str) = (
            "platform version is unknown: local.v ← data.pv is read from the provider",
            "プラットフォームバージョンが不明: local.v ← data.pv は実行時にプロバイダーから読み取られる",
        );
        const ERROR: (&str, &str) = (
            "invalid YAML: did not find expected key at line 4 column 3",
            "YAML として不正: did not find expected key at line 4 column 3",
        );
        const NOTE: (&str, &str) = (
            "suppression ignored: names no rule",
            "抑制を無視した: ルールを指定していない",
        );
        let mut data = crate::junit::tests::sample();
        data.undecided[0].reason = UNDECIDED.0.into();
        data.errors[0].message = ERROR.0.into();
        let notes = vec![InputError {
            path: "main.tf".into(),
            line: 3,
            col: 1,
            message: NOTE.0.into(),
        }];
        let line = |_: &str, _: u32| None;
        // Which of the three each format shows.
        let shows = |k: OutputKind| match k {
            OutputKind::Text | OutputKind::Junit => (true, true, false),
            OutputKind::Json | OutputKind::Html => (true, true, true),
            OutputKind::Sarif | OutputKind::GitlabSast => (false, true, true),
            OutputKind::Markdown => (false, true, false),
            OutputKind::Csv => (false, false, false),
        };
        let options = TextOptions {
            show_unknown: true,
            ..Default::default()
        };
        for &kind in OutputKind::ALL {
            let (u, e, n) = shows(kind);
            for lang in [Lang::En, Lang::Ja] {
                let mut report = crate::junit::tests::report(&data, lang, &line);
                report.notes = &notes;
                let out = render(kind, &report, options);
                for (shown, (en, ja)) in [(u, UNDECIDED), (e, ERROR), (n, NOTE)] {
                    let (want, not) = if lang == Lang::Ja { (ja, en) } else { (en, ja) };
                    assert_eq!(out.contains(want), shown, "{kind:?} {lang:?}: {want:?} in\n{out}");
                    assert!(!out.contains(not), "{kind:?} {lang:?}: {not:?} in\n{out}");
                }
            }
        }
    }

    #[test]
    fn long_chains_take_time_in_proportion_to_their_length() {
        let started = std::time::Instant::now();
        let chain = format!("{}var.x is not declared", "`x` is unknown: ".repeat(50));
        let tr = translate(&chain);
        assert_eq!(
            tr.text,
            format!("{}var.x は宣言されていない", "`x` が不明: ".repeat(50))
        );
        let nonsense = "a: b; ".repeat(300);
        assert_eq!(translate(&nonsense).text, nonsense);
        let deep = format!("{}x", "Fn::If: condition A is unknown: ".repeat(200));
        assert!(translate(&deep).text.starts_with("Fn::If: 条件 A が不明: "));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn a_name_between_backquotes_holds_no_backquote() {
        // Without the rule, "`{}` is unknown: {r}" would swallow "of container" into the name.
        let tr = translate("`hostname` of pod `x` is unknown: the value is not known");
        assert!(!tr.untranslated.is_empty(), "{tr:?}");
    }
}
