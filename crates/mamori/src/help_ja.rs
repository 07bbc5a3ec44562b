//! `--help` in Japanese: the text of every command and argument, applied to the command line
//! definition when the language is Japanese.
//!
//! A test walks every command and argument and fails when one has no Japanese text here.

use clap::Command;

/// (subcommand, argument id, text). An empty subcommand is the top-level command; an empty
/// argument id is the command's own description.
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "AWS のコンテナ基盤（ECS、Fargate、EKS、ECR）とその上の Kubernetes ワークロードのためのセキュリティ態勢スキャナー",
    ),
    (
        "",
        "lang",
        "メッセージと文書の言語: en または ja。省略時はロケール（LC_ALL、LC_MESSAGES、LANG）、それもなければ英語",
    ),
    ("", "color", "端末の出力に色を付けるかどうか"),
    ("", "help", "ヘルプを表示する"),
    ("", "version", "バージョンを表示する"),
    (
        "scan",
        "",
        "Terraform、CloudFormation、ECS API の JSON、Kubernetes マニフェスト、Dockerfile、そして --aws なら稼働中の AWS アカウントをスキャンして弱点を見つける",
    ),
    (
        "scan",
        "paths",
        "スキャンするファイルとフォルダー。`-` は標準入力から読む",
    ),
    (
        "scan",
        "format",
        "標準出力（または `--output FILE`）に出すレポートの形式（既定値: text、または mamori.toml の `[output] format`）",
    ),
    (
        "scan",
        "output",
        "レポートを標準出力ではなく FILE に書く。`FORMAT=FILE` と書くと、FORMAT 形式のレポートを FILE にも書く。複数の形式は繰り返して指定する",
    ),
    (
        "scan",
        "severity",
        "報告し、終了コードに数える最低の重大度（既定値: info、または mamori.toml の `[scan] min_severity`）",
    ),
    ("scan", "show_unknown", "値が不明で判定できなかったチェックも一覧にする"),
    (
        "scan",
        "unknown",
        "値が不明で判定できなかったチェックの扱い: `ignore`（--show-unknown のときだけ一覧にする）または `fail`（常に一覧にし、失敗として報告し、終了コードを 1 にする）（既定値: ignore、または mamori.toml の `[scan] unknown`）",
    ),
    ("scan", "quiet", "サマリーだけを表示する（テキスト形式）"),
    (
        "scan",
        "show_suppressed",
        "抑制された検出も、だれが何の理由で抑制したかとあわせて一覧にする",
    ),
    (
        "scan",
        "baseline",
        "このベースラインファイル（`--baseline-write` で作成）にない検出だけを報告する",
    ),
    (
        "scan",
        "baseline_write",
        "今回の検出をベースラインとして FILE に記録する。以後それらは既知として扱われる",
    ),
    (
        "scan",
        "config",
        "最初のパスのフォルダーやその上で見つかる `mamori.toml` の代わりに、このファイル（なければ環境変数 MAMORI_CONFIG）から設定を読む",
    ),
    (
        "scan",
        "no_config",
        "`mamori.toml`（`--config`、`MAMORI_CONFIG` も）を読まず、既定値を使う",
    ),
    (
        "scan",
        "exclude",
        "フォルダーをたどるとき GLOB に一致するファイルとフォルダーを除く（現在のフォルダーからの相対。`/` を含まないパターンは任意の階層の名前に一致）。繰り返し指定でき、`[scan] exclude` に加わる",
    ),
    (
        "scan",
        "no_inline_suppressions",
        "`mamori:ignore` コメントと CloudFormation の `Metadata` による抑制を無視し、mamori.toml の `[[suppress]]` だけを使う",
    ),
    (
        "scan",
        "honour_foreign_ignores",
        "Checkov、Trivy、KICS の無視コメントを、同じ ID を持つ mamori のルールにも適用するか",
    ),
    (
        "scan",
        "pss_profile",
        "Kubernetes のワークロードに求める Pod セキュリティ標準のプロファイル（既定値: restricted、または mamori.toml の `[params] pss_profile`）。`pod-security.kubernetes.io/enforce` ラベルがより低い名前空間は、その中のワークロードをそのレベルで判定する",
    ),
    (
        "scan",
        "cfn_parameters",
        "CloudFormation テンプレートのパラメーター（と `AWS::Region` などの疑似パラメーター）の値: AWS CLI の `[{\"ParameterKey\": …, \"ParameterValue\": …}]` 形式、CodePipeline の `{\"Parameters\": {…}}` 形式、または `Key=Value` の行を書いたファイル。`TEMPLATE=FILE` と書くとそのテンプレートだけに、そうでなければすべてのテンプレートに適用する。繰り返して指定できる",
    ),
    (
        "scan",
        "var",
        "スキャンするすべてのルートモジュールの Terraform 入力変数を設定する（`terraform plan -var` と同じ）。繰り返し指定できる。`--var` と `--var-file` は `TF_VAR_NAME`、`terraform.tfvars`、`*.auto.tfvars` より優先され、両者の間では後に書いたものが優先される",
    ),
    (
        "scan",
        "var_file",
        "Terraform 入力変数の値を FILE（`.tfvars`、または JSON の `.tfvars.json`）から読む（`terraform plan -var-file` と同じ）。繰り返し指定できる。順序は `--var` を参照",
    ),
    ("scan", "help", "ヘルプを表示する"),
    ("rules", "", "ルールを一覧にする"),
    ("rules", "format", "一覧の形式"),
    ("rules", "help", "ヘルプを表示する"),
    (
        "explain",
        "",
        "ルールの文書（何を検査するか、なぜ危険か、どう直すか）を表示する",
    ),
    (
        "explain",
        "rule",
        "ルール ID（MAM-ECS-001）、ルール名（ecs-cluster-container-insights）、コントロール（ECS.12）、または他のスキャナーの ID（CKV_AWS_65）",
    ),
    ("explain", "help", "ヘルプを表示する"),
    (
        "compliance",
        "",
        "スキャンした構成がフレームワークの各コントロールをどう満たしているかを報告する",
    ),
    ("compliance", "framework", "報告するフレームワーク"),
    (
        "compliance",
        "unknown",
        "判定できなかったチェックのためにコントロールが不明になったときの扱い: `ignore` または `fail`（終了コードを 1 にする）（既定値: ignore、または mamori.toml の `[scan] unknown`）",
    ),
    (
        "compliance",
        "paths",
        "スキャンするファイルとフォルダー。`-` は標準入力から読む",
    ),
    ("compliance", "format", "出力の形式"),
    (
        "compliance",
        "config",
        "最初のパスのフォルダーやその上で見つかる `mamori.toml` の代わりに、このファイル（なければ環境変数 MAMORI_CONFIG）から設定を読む",
    ),
    (
        "compliance",
        "no_config",
        "`mamori.toml`（`--config`、`MAMORI_CONFIG` も）を読まず、既定値を使う",
    ),
    (
        "compliance",
        "exclude",
        "フォルダーをたどるとき GLOB に一致するファイルとフォルダーを除く（現在のフォルダーからの相対。`/` を含まないパターンは任意の階層の名前に一致）。繰り返し指定でき、`[scan] exclude` に加わる",
    ),
    (
        "compliance",
        "no_inline_suppressions",
        "`mamori:ignore` コメントと CloudFormation の `Metadata` による抑制を無視し、mamori.toml の `[[suppress]]` だけを使う",
    ),
    (
        "compliance",
        "honour_foreign_ignores",
        "Checkov、Trivy、KICS の無視コメントを、同じ ID を持つ mamori のルールにも適用するか",
    ),
    (
        "compliance",
        "pss_profile",
        "Kubernetes のワークロードに求める Pod セキュリティ標準のプロファイル（既定値: restricted、または mamori.toml の `[params] pss_profile`）。`pod-security.kubernetes.io/enforce` ラベルがより低い名前空間は、その中のワークロードをそのレベルで判定する",
    ),
    (
        "compliance",
        "cfn_parameters",
        "CloudFormation テンプレートのパラメーター（と `AWS::Region` などの疑似パラメーター）の値: AWS CLI の `[{\"ParameterKey\": …, \"ParameterValue\": …}]` 形式、CodePipeline の `{\"Parameters\": {…}}` 形式、または `Key=Value` の行を書いたファイル。`TEMPLATE=FILE` と書くとそのテンプレートだけに、そうでなければすべてのテンプレートに適用する。繰り返して指定できる",
    ),
    (
        "compliance",
        "var",
        "スキャンするすべてのルートモジュールの Terraform 入力変数を設定する（`terraform plan -var` と同じ）。繰り返し指定できる。`--var` と `--var-file` は `TF_VAR_NAME`、`terraform.tfvars`、`*.auto.tfvars` より優先され、両者の間では後に書いたものが優先される",
    ),
    (
        "compliance",
        "var_file",
        "Terraform 入力変数の値を FILE（`.tfvars`、または JSON の `.tfvars.json`）から読む（`terraform plan -var-file` と同じ）。繰り返し指定できる。順序は `--var` を参照",
    ),
    (
        "compliance",
        "output",
        "レポートを標準出力ではなく FILE に書く。`FORMAT=FILE` と書くと、FORMAT 形式のレポートを FILE にも書く。複数の形式は繰り返して指定する",
    ),
    ("compliance", "help", "ヘルプを表示する"),
    (
        "suppressions",
        "",
        "すべての抑制（コメント、CloudFormation の Metadata、mamori.toml）を、理由、期限、実際に抑制したか、だれが書いたかとあわせて一覧にする",
    ),
    (
        "suppressions",
        "paths",
        "スキャンするファイルとフォルダー。`-` は標準入力から読む",
    ),
    ("suppressions", "format", "出力の形式"),
    (
        "suppressions",
        "no_blame",
        "各抑制をだれが書いたかを `git blame` に問い合わせない",
    ),
    (
        "suppressions",
        "config",
        "最初のパスのフォルダーやその上で見つかる `mamori.toml` の代わりに、このファイル（なければ環境変数 MAMORI_CONFIG）から設定を読む",
    ),
    (
        "suppressions",
        "no_config",
        "`mamori.toml`（`--config`、`MAMORI_CONFIG` も）を読まず、既定値を使う",
    ),
    (
        "suppressions",
        "exclude",
        "フォルダーをたどるとき GLOB に一致するファイルとフォルダーを除く（現在のフォルダーからの相対。`/` を含まないパターンは任意の階層の名前に一致）。繰り返し指定でき、`[scan] exclude` に加わる",
    ),
    (
        "suppressions",
        "no_inline_suppressions",
        "`mamori:ignore` コメントと CloudFormation の `Metadata` による抑制を無視し、mamori.toml の `[[suppress]]` だけを使う",
    ),
    (
        "suppressions",
        "honour_foreign_ignores",
        "Checkov、Trivy、KICS の無視コメントを、同じ ID を持つ mamori のルールにも適用するか",
    ),
    (
        "suppressions",
        "pss_profile",
        "Kubernetes のワークロードに求める Pod セキュリティ標準のプロファイル（既定値: restricted、または mamori.toml の `[params] pss_profile`）。`pod-security.kubernetes.io/enforce` ラベルがより低い名前空間は、その中のワークロードをそのレベルで判定する",
    ),
    (
        "suppressions",
        "cfn_parameters",
        "CloudFormation テンプレートのパラメーター（と `AWS::Region` などの疑似パラメーター）の値: AWS CLI の `[{\"ParameterKey\": …, \"ParameterValue\": …}]` 形式、CodePipeline の `{\"Parameters\": {…}}` 形式、または `Key=Value` の行を書いたファイル。`TEMPLATE=FILE` と書くとそのテンプレートだけに、そうでなければすべてのテンプレートに適用する。繰り返して指定できる",
    ),
    (
        "suppressions",
        "var",
        "スキャンするすべてのルートモジュールの Terraform 入力変数を設定する（`terraform plan -var` と同じ）。繰り返し指定できる。`--var` と `--var-file` は `TF_VAR_NAME`、`terraform.tfvars`、`*.auto.tfvars` より優先され、両者の間では後に書いたものが優先される",
    ),
    (
        "suppressions",
        "var_file",
        "Terraform 入力変数の値を FILE（`.tfvars`、または JSON の `.tfvars.json`）から読む（`terraform plan -var-file` と同じ）。繰り返し指定できる。順序は `--var` を参照",
    ),
    ("suppressions", "help", "ヘルプを表示する"),
    (
        "init",
        "",
        "すべての設定を既定値とコメント付きで書いた mamori.toml を作成する",
    ),
    ("init", "dir", "mamori.toml を作成するフォルダー"),
    ("init", "force", "既存の mamori.toml を置き換える"),
    ("init", "help", "ヘルプを表示する"),
    (
        "compliance",
        "aws",
        "稼働中の AWS アカウントを読み取り専用の API（Describe*、List*、Get*）で読む。認証情報は標準の探索順（環境変数、プロファイル、SSO、credential_process、Web ID、インスタンスメタデータ）で得る",
    ),
    (
        "compliance",
        "region",
        "読むリージョン。複数なら繰り返し指定し、`all` ならアカウントで有効なすべてのリージョンを読む（既定値: AWS_REGION、なければプロファイルのリージョン）",
    ),
    (
        "compliance",
        "profile",
        "AWS の config と credentials ファイルのプロファイル（SSO、credential_process、ロールのプロファイルも使える）（既定値: AWS_PROFILE、なければ `default`）",
    ),
    (
        "compliance",
        "aws_concurrency",
        "同時に送る AWS リクエストの上限（リージョンとサービスをまたいで数える）",
    ),
    (
        "compliance",
        "endpoint_url",
        "すべての AWS リクエストをこのエンドポイント（moto などのエミュレーター）に送る（既定値: AWS_ENDPOINT_URL_<SERVICE>、なければ AWS_ENDPOINT_URL、なければ各サービスのエンドポイント）",
    ),
    (
        "compliance",
        "aws_timeout",
        "AWS リクエスト 1 回に待つ秒数。超えたら再試行する",
    ),
    (
        "inventory",
        "",
        "稼働中の AWS アカウントにあるものを一覧にする（資産インベントリ）。サービス、リージョン、リソースの種類、ECS の起動タイプごとに数える",
    ),
    ("inventory", "format", "出力の形式"),
    (
        "inventory",
        "aws",
        "稼働中の AWS アカウントを読み取り専用の API（Describe*、List*、Get*）で読む。認証情報は標準の探索順（環境変数、プロファイル、SSO、credential_process、Web ID、インスタンスメタデータ）で得る",
    ),
    (
        "inventory",
        "region",
        "読むリージョン。複数なら繰り返し指定し、`all` ならアカウントで有効なすべてのリージョンを読む（既定値: AWS_REGION、なければプロファイルのリージョン）",
    ),
    (
        "inventory",
        "profile",
        "AWS の config と credentials ファイルのプロファイル（SSO、credential_process、ロールのプロファイルも使える）（既定値: AWS_PROFILE、なければ `default`）",
    ),
    (
        "inventory",
        "aws_concurrency",
        "同時に送る AWS リクエストの上限（リージョンとサービスをまたいで数える）",
    ),
    (
        "inventory",
        "endpoint_url",
        "すべての AWS リクエストをこのエンドポイント（moto などのエミュレーター）に送る（既定値: AWS_ENDPOINT_URL_<SERVICE>、なければ AWS_ENDPOINT_URL、なければ各サービスのエンドポイント）",
    ),
    (
        "inventory",
        "aws_timeout",
        "AWS リクエスト 1 回に待つ秒数。超えたら再試行する",
    ),
    ("inventory", "help", "ヘルプを表示する"),
    (
        "scan",
        "aws",
        "稼働中の AWS アカウントを読み取り専用の API（Describe*、List*、Get*）で読む。認証情報は標準の探索順（環境変数、プロファイル、SSO、credential_process、Web ID、インスタンスメタデータ）で得る",
    ),
    (
        "scan",
        "region",
        "読むリージョン。複数なら繰り返し指定し、`all` ならアカウントで有効なすべてのリージョンを読む（既定値: AWS_REGION、なければプロファイルのリージョン）",
    ),
    (
        "scan",
        "profile",
        "AWS の config と credentials ファイルのプロファイル（SSO、credential_process、ロールのプロファイルも使える）（既定値: AWS_PROFILE、なければ `default`）",
    ),
    (
        "scan",
        "aws_concurrency",
        "同時に送る AWS リクエストの上限（リージョンとサービスをまたいで数える）",
    ),
    (
        "scan",
        "endpoint_url",
        "すべての AWS リクエストをこのエンドポイント（moto などのエミュレーター）に送る（既定値: AWS_ENDPOINT_URL_<SERVICE>、なければ AWS_ENDPOINT_URL、なければ各サービスのエンドポイント）",
    ),
    (
        "scan",
        "aws_timeout",
        "AWS リクエスト 1 回に待つ秒数。超えたら再試行する",
    ),
    (
        "scan",
        "tf_state",
        "Terraform の state ファイル（形式バージョン 4）。そのリソースの ARN から、稼働中のリソースの検出を Terraform のアドレスに結び付ける",
    ),
    (
        "help",
        "",
        "このメッセージ、または指定したサブコマンドのヘルプを表示する",
    ),
    ("help", "subcommand", "ヘルプを表示するサブコマンド"),
];

/// The Japanese text of a command (`arg` empty) or of one of its arguments. A global option
/// (`--lang`, `--color`) has its text at the top level.
pub fn text(command: &str, arg: &str) -> Option<&'static str> {
    let find = |c: &str| {
        TEXTS
            .iter()
            .find(|(tc, ta, _)| *tc == c && *ta == arg)
            .map(|(_, _, t)| *t)
    };
    find(command).or_else(|| if arg.is_empty() { None } else { find("") })
}

const TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

/// Puts the Japanese texts and headings on a command and its subcommands.
pub fn localize(mut cmd: Command) -> Command {
    cmd.build();
    localize_one(cmd, "")
}

fn localize_one(mut cmd: Command, name: &str) -> Command {
    if let Some(t) = text(name, "") {
        cmd = cmd.about(t);
    }
    cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("コマンド")
        .subcommand_value_name("コマンド");
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let Some(help) = text(name, &id) else { continue };
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let heading = if a.is_positional() { "引数" } else { "オプション" };
            // clap writes `[default: …]` and `[possible values: …]` in English: say them here.
            let mut help = help.to_string();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if a.get_action().takes_values() && !values.is_empty() {
                help.push_str(&format!("（値: {}）", values.join(", ")));
            }
            if !defaults.is_empty() {
                help.push_str(&format!("（既定値: {}）", defaults.join(" ")));
            }
            a.help_heading(heading)
                .help(help)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    let subs: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for s in subs {
        cmd = cmd.mut_subcommand(s.as_str(), |c| localize_one(c, &s));
    }
    cmd
}

/// The language asked for on the command line (`--lang ja`, `--lang=ja`), read before the
/// arguments are parsed so that `--help` itself can be in that language.
pub fn lang_flag(args: &[String]) -> Option<&str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            return it.next().map(String::as_str);
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn walk(cmd: &Command, name: &str, missing: &mut Vec<String>) {
        if text(name, "").is_none() && !name.is_empty() {
            missing.push(format!("command `{name}`"));
        }
        for a in cmd.get_arguments() {
            if text(name, a.get_id().as_str()).is_none() {
                missing.push(format!("`{name}` argument `{}`", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, s.get_name(), missing);
        }
    }

    #[test]
    fn every_command_and_argument_has_a_japanese_text() {
        let mut cmd = crate::Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "no Japanese help for: {missing:?}");
    }

    #[test]
    fn the_japanese_help_has_no_english_description_left() {
        let mut ja = localize(crate::Cli::command());
        let mut en = crate::Cli::command();
        en.build();
        let scan_ja = ja.find_subcommand_mut("scan").unwrap().render_help().to_string();
        let scan_en = en.find_subcommand_mut("scan").unwrap().render_help().to_string();
        assert!(
            scan_ja.contains("使い方") && scan_ja.contains("オプション"),
            "{scan_ja}"
        );
        assert!(
            scan_ja.contains("（既定値: .）") && !scan_ja.contains("[default:"),
            "{scan_ja}"
        );
        for a in en.find_subcommand("scan").unwrap().get_arguments() {
            if let Some(h) = a.get_help() {
                let h = h.to_string();
                assert!(scan_en.contains(&h));
                assert!(!scan_ja.contains(&h), "still in English: {h}");
            }
        }
    }

    #[test]
    fn the_language_flag_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lang_flag(&args(&["mamori", "scan", "--lang", "ja", "--help"])),
            Some("ja")
        );
        assert_eq!(lang_flag(&args(&["mamori", "--lang=ja", "--help"])), Some("ja"));
        assert_eq!(lang_flag(&args(&["mamori", "scan", "--", "--lang"])), None);
    }
}
