//! `mamori init`: a commented `mamori.toml` with every setting at its default.

use crate::config::FILE_NAME;
use mamori_model::Lang;
use std::path::Path;

pub const TEMPLATE_EN: &str = r#"# mamori.toml: settings for `mamori scan`, `mamori compliance` and `mamori suppressions`.
# mamori reads the first mamori.toml in the scanned folder or a folder above it
# (or the file named by --config / MAMORI_CONFIG). An unknown key is an error.
# Every value below is the default; uncomment a line to change it.

[scan]
# Files and folders never scanned. Globs relative to this file's folder; a pattern
# without "/" matches a file or folder name at any depth, as in .gitignore.
# exclude = ["vendor", "**/testdata/**", "*.generated.yaml"]

# The lowest severity reported and counted for the exit code (info, low, medium,
# high, critical). --severity overrides it.
# min_severity = "info"

# Whether `mamori:ignore` comments and CloudFormation Metadata suppressions count.
# --no-inline-suppressions turns them off for one run.
# inline_suppressions = true

# Whether checkov:skip=, trivy:ignore: and kics-scan ignore comments silence the
# mamori rules that share their check ids. --honour-foreign-ignores=false overrides it.
# honour_foreign_ignores = true

# Checks a rule cannot decide because a value is unknown (a variable without a value,
# a data source, an attribute known only after apply): "ignore" lists them with
# --show-unknown only; "fail" lists them always, reports them as failures (JUnit) or
# results to review (SARIF), and makes the exit code 1. --unknown overrides it.
# unknown = "ignore"

[rules]
# Rules are named by id (MAM-ECS-001), name (ecs-cluster-container-insights) or
# control (ECS.12). When `enable` is not empty, only those rules run.
# enable = []
# disable = ["MAM-ECS-025"]

# A severity per rule, replacing the rule's own.
# severity = { "MAM-ECS-029" = "low", "ECS.10" = "high" }

[output]
# The format on standard output when --format is not given: text, json, sarif,
# junit, csv, markdown, html, gitlab-sast.
# format = "text"

# Reports also written on every scan, as FORMAT=FILE (relative to this file's
# folder). Any -o FORMAT=FILE on the command line replaces this list.
# files = ["sarif=mamori.sarif"]

[params]
# Tag keys every ECS cluster, service and task definition must carry (ECS.13,
# ECS.14, ECS.15). The tagging rules stay off while the list is empty.
# required_tag_keys = ["Owner", "Environment"]

# The latest Fargate platform versions (ECS.10).
# fargate_latest_linux = "1.4.0"
# fargate_latest_windows = "1.0.0"

# The oldest Kubernetes version EKS clusters and node groups may run (EKS.2,
# EKS.9). Unset, it is the oldest version under EKS standard support today,
# from the release calendar shipped with mamori.
# eks_oldest_supported_version = "1.33"
# The Pod Security Standards profile Kubernetes workloads are held to:
# "restricted" (the default) or "baseline". A Namespace whose
# pod-security.kubernetes.io/enforce label is lower holds its own workloads to it.
# pss_profile = "restricted"
# The fewest days a container log group (/ecs/…, /aws/eks/…, or one a task
# definition writes to) keeps its events (CloudWatch.16; never expiring passes).
# log_retention_min_days = 365

# AWS accounts (12-digit ids) trusted to receive ECR images by replication. The
# registry's own account is trusted when the scan knows it.
# trusted_accounts = ["111122223333"]

# The KMS keys ECR repositories may be encrypted with (ECR.5's kmsKeyArns), as key
# ARNs. Empty, any customer managed key passes.
# ecr_kms_key_arns = ["arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]

# The TCP ports a security group of ECS tasks or an EKS cluster may open to
# 0.0.0.0/0 or ::/0 (Security Hub EC2.18's authorizedTcpPorts).
# authorized_public_ports = [80, 443]

# Registries Dockerfile base images may come from (MAM-DKR-012), as hosts
# ("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", "ghcr.io") or host and
# path prefixes ("docker.io/library"). A name without a host is on Docker Hub:
# `nginx` is docker.io/library/nginx. The rule stays off while the list is empty.
# trusted_registries = ["123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", "docker.io/library"]

# Findings to live with, for files you cannot annotate (generated or third-party).
# Each entry needs a reason; `until` makes it lapse after that day.
# [[suppress]]
# rules = ["MAM-ECS-025"]                 # rule ids, names or controls
# paths = ["third_party/**"]              # globs as in [scan] exclude; any when left out
# resources = ["aws_ecs_service.legacy_*"] # address or name globs; any when left out
# reason = "Vendored module, pinned upstream; tracked in INFRA-123"
# until = 2027-03-31
"#;

pub const TEMPLATE_JA: &str = r#"# mamori.toml: `mamori scan`、`mamori compliance`、`mamori suppressions` の設定です。
# スキャン対象のフォルダーから上へ向かって最初に見つかった mamori.toml を読みます
# （--config または MAMORI_CONFIG で指定することもできます）。未知のキーはエラーです。
# 以下の値はすべて既定値です。変更するときはコメントを外してください。

[scan]
# スキャンしないファイルとフォルダー。このファイルのフォルダーからの相対 glob です。
# "/" を含まないパターンは、.gitignore と同じく任意の階層の名前に一致します。
# exclude = ["vendor", "**/testdata/**", "*.generated.yaml"]

# 報告し、終了コードに数える最低の重大度（info、low、medium、high、critical）。
# --severity が優先されます。
# min_severity = "info"

# `mamori:ignore` コメントと CloudFormation の Metadata による抑制を有効にするか。
# --no-inline-suppressions でその実行だけ無効にできます。
# inline_suppressions = true

# checkov:skip=、trivy:ignore:、kics-scan の無視コメントを、同じチェック ID を持つ
# mamori のルールにも適用するか。--honour-foreign-ignores=false が優先されます。
# honour_foreign_ignores = true

# 値が不明（値のない変数、データソース、apply 後に決まる属性）でルールが判定できない
# チェックの扱い: "ignore" は --show-unknown のときだけ一覧にし、"fail" は常に一覧にして、
# 失敗（JUnit）やレビュー対象の結果（SARIF）として報告し、終了コードを 1 にします。
# --unknown が優先されます。
# unknown = "ignore"

[rules]
# ルールは ID（MAM-ECS-001）、名前（ecs-cluster-container-insights）、
# コントロール（ECS.12）で指定します。enable が空でなければ、そのルールだけを実行します。
# enable = []
# disable = ["MAM-ECS-025"]

# ルールごとの重大度。ルール本来の重大度を置き換えます。
# severity = { "MAM-ECS-029" = "low", "ECS.10" = "high" }

[output]
# --format を指定しないときの標準出力の形式: text、json、sarif、junit、csv、
# markdown、html、gitlab-sast。
# format = "text"

# 毎回あわせて書き出すレポート。FORMAT=FILE の形で、パスはこのファイルの
# フォルダーからの相対です。コマンドラインで -o FORMAT=FILE を指定すると置き換わります。
# files = ["sarif=mamori.sarif"]

[params]
# ECS クラスター、サービス、タスク定義に必須のタグキー（ECS.13、ECS.14、ECS.15）。
# 空のあいだはタグのルールは動きません。
# required_tag_keys = ["Owner", "Environment"]

# Fargate の最新プラットフォームバージョン（ECS.10）。
# fargate_latest_linux = "1.4.0"
# fargate_latest_windows = "1.0.0"

# EKS クラスターとノードグループに許す最も古い Kubernetes バージョン（EKS.2、
# EKS.9）。未指定なら、mamori 同梱のリリースカレンダーから、その日に EKS の
# 標準サポートが続いている最も古いバージョンを使います。
# eks_oldest_supported_version = "1.33"
# Kubernetes のワークロードに求める Pod セキュリティ標準のプロファイル:
# "restricted"（既定）または "baseline"。pod-security.kubernetes.io/enforce ラベルが
# より低い名前空間は、その中のワークロードをそのレベルで判定します。
# pss_profile = "restricted"
# コンテナのロググループ（/ecs/…、/aws/eks/…、タスク定義が書き込むもの）が
# イベントを保持する最短の日数（CloudWatch.16。失効しない設定は合格）。
# log_retention_min_days = 365

# ECR のレプリケーションでイメージを受け取ってよい AWS アカウント（12 桁の ID）。
# スキャン対象からレジストリ自身のアカウントが分かる場合、そのアカウントも信頼します。
# trusted_accounts = ["111122223333"]

# ECR リポジトリの暗号化に使ってよい KMS キーの ARN（ECR.5 の kmsKeyArns）。
# 空のあいだは、どのカスタマー管理キーでも合格です。
# ecr_kms_key_arns = ["arn:aws:kms:ap-northeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]

# ECS タスクや EKS クラスターのセキュリティグループが 0.0.0.0/0 や ::/0 に開いてよい
# TCP ポート（Security Hub EC2.18 の authorizedTcpPorts に相当）。
# authorized_public_ports = [80, 443]

# Dockerfile のベースイメージを取得してよいレジストリ（MAM-DKR-012）。ホスト名
# （"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"、"ghcr.io"）か、ホスト名と
# パスの先頭（"docker.io/library"）で書きます。ホスト名のないイメージ名は Docker Hub
# のものです（`nginx` は docker.io/library/nginx）。空のあいだはこのルールは動きません。
# trusted_registries = ["123456789012.dkr.ecr.ap-northeast-1.amazonaws.com", "docker.io/library"]

# 注釈を書けないファイル（生成物やサードパーティ製）で受け入れる検出。
# 各エントリーに理由が必要です。until を書くと、その日を過ぎると無効になります。
# [[suppress]]
# rules = ["MAM-ECS-025"]                 # ルール ID、名前、コントロール
# paths = ["third_party/**"]              # [scan] exclude と同じ glob。省略時はすべて
# resources = ["aws_ecs_service.legacy_*"] # アドレスまたは名前の glob。省略時はすべて
# reason = "ベンダーのモジュールで上流に固定。INFRA-123 で管理"
# until = 2027-03-31
"#;

/// Writes the template into `dir`; refuses to replace a file unless `force`.
pub fn run(dir: &Path, force: bool, lang: Lang) -> u8 {
    let path = dir.join(FILE_NAME);
    if path.exists() && !force {
        match lang {
            Lang::Ja => eprintln!(
                "mamori: {} はすでにあります。置き換えるには --force を付けてください",
                path.display()
            ),
            Lang::En => eprintln!("mamori: {} already exists; use --force to replace it", path.display()),
        }
        return 2;
    }
    let text = match lang {
        Lang::Ja => TEMPLATE_JA,
        Lang::En => TEMPLATE_EN,
    };
    if let Err(e) = std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, text)) {
        match lang {
            Lang::Ja => eprintln!("mamori: {} に書き込めません: {e}", path.display()),
            Lang::En => eprintln!("mamori: cannot write {}: {e}", path.display()),
        }
        return 2;
    }
    match lang {
        Lang::Ja => println!("{} を作成しました", path.display()),
        Lang::En => println!("wrote {}", path.display()),
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Uncommenting every setting line gives a file that parses: the template names only real
    /// keys, with values of the right type.
    fn uncommented(t: &str) -> String {
        t.lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with('[')
                        || rest.split_once(" = ").is_some_and(|(k, _)| {
                            !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        }) =>
                {
                    rest.split(" #").next().unwrap_or(rest).to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn templates_parse_as_they_are_and_uncommented() {
        for t in [TEMPLATE_EN, TEMPLATE_JA] {
            crate::config::parse(t).unwrap();
            let all = uncommented(t);
            assert!(all.contains("\n[[suppress]]\nrules = [\"MAM-ECS-025\"]"), "{all}");
            let (c, r, _) = crate::config::parse(&all).unwrap_or_else(|e| panic!("{e}\n{all}"));
            assert_eq!(c.params.required_tag_keys, ["Owner", "Environment"]);
            assert_eq!(r.suppress.len(), 1);
            assert_eq!(r.files.len(), 1);
        }
    }
}
