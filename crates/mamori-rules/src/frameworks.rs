//! The compliance frameworks mamori reports against, and every control in each.
//!
//! A rule names the controls it implements as `framework/control` strings (its `controls`);
//! a catalog here lists every control of a framework, whether or not a rule maps to it, so a
//! compliance report can say what mamori does not cover. Titles are mamori's own summaries.

/// How CIS classifies a benchmark item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assessment {
    Automated,
    Manual,
}

impl Assessment {
    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::Automated => "automated",
            Assessment::Manual => "manual",
        }
    }
}

/// One control of a framework.
#[derive(Debug)]
pub struct Control {
    /// The control's id within its framework: `ECS.2`, `4.1.1`, `AC-6`, `1.4.4`, `privileged`.
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ja: &'static str,
    /// CIS's automated or manual classification; `None` outside CIS.
    pub assessment: Option<Assessment>,
    /// Retired by the framework's owner: kept for reference, never reported.
    pub retired: bool,
}

impl Control {
    pub fn title(&self) -> mamori_model::Text {
        mamori_model::Text::new(self.title_en, self.title_ja)
    }
}

/// A framework and its controls, in the framework's own order.
#[derive(Debug)]
pub struct Framework {
    /// The id given to `mamori compliance --framework`.
    pub id: &'static str,
    pub title_en: &'static str,
    pub title_ja: &'static str,
    /// The prefixes (with their `/`) of the rule controls that map to this framework's
    /// controls. `pss-restricted` also accepts `pss-baseline/`, as it includes the baseline.
    pub prefixes: &'static [&'static str],
    pub controls: &'static [Control],
}

impl Framework {
    pub fn title(&self) -> mamori_model::Text {
        mamori_model::Text::new(self.title_en, self.title_ja)
    }

    /// The controls a report lists: all but the retired ones, in catalog order.
    pub fn current(&self) -> Vec<&'static Control> {
        let controls: &'static [Control] = self.controls;
        controls.iter().filter(|c| !c.retired).collect()
    }

    /// Whether a rule's control string (`aws-securityhub/ECS.2`) names this control.
    pub fn maps(&self, rule_control: &str, control: &Control) -> bool {
        self.prefixes
            .iter()
            .any(|p| rule_control.strip_prefix(p) == Some(control.id))
    }
}

/// Every framework, in the order `mamori compliance --help` lists them.
pub fn frameworks() -> &'static [&'static Framework] {
    static ALL: [&Framework; 7] = [
        &AWS_FSBP,
        &CIS_EKS_1_8,
        &CIS_K8S_1_12,
        &PSS_BASELINE,
        &PSS_RESTRICTED,
        &NIST_800_53,
        &PCI_DSS_4_0_1,
    ];
    &ALL
}

/// The framework with this id (case does not matter).
pub fn framework(id: &str) -> Option<&'static Framework> {
    frameworks()
        .iter()
        .copied()
        .find(|f| f.id.eq_ignore_ascii_case(id.trim()))
}

const fn c(id: &'static str, title_en: &'static str, title_ja: &'static str) -> Control {
    Control {
        id,
        title_en,
        title_ja,
        assessment: None,
        retired: false,
    }
}

const fn auto(id: &'static str, title_en: &'static str, title_ja: &'static str) -> Control {
    Control {
        assessment: Some(Assessment::Automated),
        ..c(id, title_en, title_ja)
    }
}

const fn manual(id: &'static str, title_en: &'static str, title_ja: &'static str) -> Control {
    Control {
        assessment: Some(Assessment::Manual),
        ..c(id, title_en, title_ja)
    }
}

pub static AWS_FSBP: Framework = Framework {
    id: "aws-fsbp",
    title_en: "AWS Foundational Security Best Practices (Security Hub): ECS, EKS, ECR, EC2 security groups",
    title_ja: "AWS 基礎セキュリティのベストプラクティス（Security Hub）: ECS・EKS・ECR・EC2 セキュリティグループ",
    prefixes: &["aws-securityhub/"],
    controls: &[
        c(
            "EC2.13",
            "Security groups should not admit port 22 from 0.0.0.0/0 or ::/0",
            "セキュリティグループで 0.0.0.0/0 や ::/0 から 22 番ポートへの通信を許可しない",
        ),
        c(
            "EC2.14",
            "Security groups should not admit port 3389 from 0.0.0.0/0 or ::/0",
            "セキュリティグループで 0.0.0.0/0 や ::/0 から 3389 番ポートへの通信を許可しない",
        ),
        c(
            "EC2.18",
            "Security groups should admit unrestricted inbound traffic only on authorized ports",
            "セキュリティグループで送信元を制限しない受信を許可するのは、認めたポートだけにする",
        ),
        Control {
            retired: true,
            ..c(
                "ECS.1",
                "ECS task definitions in host network mode should not run containers as root without privilege",
                "ホストネットワークモードのタスク定義では root ユーザーで非特権コンテナを実行しない",
            )
        },
        c(
            "ECS.2",
            "ECS services should not get public IP addresses automatically",
            "ECS サービスにパブリック IP アドレスを自動で割り当てない",
        ),
        c(
            "ECS.3",
            "ECS task definitions should not share the host's process namespace",
            "ECS タスク定義でホストのプロセス名前空間を共有しない",
        ),
        c(
            "ECS.4",
            "ECS containers should not run privileged",
            "ECS コンテナを特権モードで実行しない",
        ),
        c(
            "ECS.5",
            "ECS containers should mount their root filesystem read-only",
            "ECS コンテナのルートファイルシステムを読み取り専用にする",
        ),
        c(
            "ECS.8",
            "Credentials should not be passed to containers as environment variables",
            "認証情報をコンテナの環境変数で渡さない",
        ),
        c(
            "ECS.9",
            "ECS task definitions should configure logging for every container",
            "ECS タスク定義のすべてのコンテナでログ設定を行う",
        ),
        c(
            "ECS.10",
            "ECS services on Fargate should use the latest platform version",
            "Fargate の ECS サービスでは最新のプラットフォームバージョンを使う",
        ),
        c(
            "ECS.12",
            "ECS clusters should have Container Insights turned on",
            "ECS クラスターで Container Insights を有効にする",
        ),
        c(
            "ECS.13",
            "ECS services should carry the required tags",
            "ECS サービスに必須のタグを付ける",
        ),
        c(
            "ECS.14",
            "ECS clusters should carry the required tags",
            "ECS クラスターに必須のタグを付ける",
        ),
        c(
            "ECS.15",
            "ECS task definitions should carry the required tags",
            "ECS タスク定義に必須のタグを付ける",
        ),
        c(
            "ECS.16",
            "ECS task sets should not get public IP addresses automatically",
            "ECS タスクセットにパブリック IP アドレスを自動で割り当てない",
        ),
        c(
            "ECS.17",
            "ECS task definitions should not use the host network mode",
            "ECS タスク定義でホストネットワークモードを使わない",
        ),
        c(
            "ECS.18",
            "EFS volumes of ECS task definitions should be encrypted in transit",
            "ECS タスク定義の EFS ボリュームで転送時の暗号化を有効にする",
        ),
        c(
            "ECS.19",
            "ECS capacity providers should have managed termination protection",
            "ECS キャパシティプロバイダーでマネージド終了保護を有効にする",
        ),
        c(
            "ECS.20",
            "Linux containers of ECS task definitions should run as a non-root user",
            "ECS タスク定義の Linux コンテナを root 以外のユーザーで実行する",
        ),
        c(
            "ECS.21",
            "Windows containers of ECS task definitions should run as a non-administrator user",
            "ECS タスク定義の Windows コンテナを管理者以外のユーザーで実行する",
        ),
        c(
            "EKS.1",
            "EKS cluster API endpoints should not be reachable from the internet",
            "EKS クラスターの API エンドポイントをインターネットに公開しない",
        ),
        c(
            "EKS.2",
            "EKS clusters should run a Kubernetes version that is still supported",
            "EKS クラスターではサポート中の Kubernetes バージョンを使う",
        ),
        c(
            "EKS.3",
            "EKS clusters should encrypt Kubernetes secrets",
            "EKS クラスターで Kubernetes のシークレットを暗号化する",
        ),
        c(
            "EKS.6",
            "EKS clusters should carry the required tags",
            "EKS クラスターに必須のタグを付ける",
        ),
        c(
            "EKS.7",
            "EKS identity provider configurations should carry the required tags",
            "EKS の ID プロバイダー設定に必須のタグを付ける",
        ),
        c(
            "EKS.8",
            "EKS clusters should send audit logs",
            "EKS クラスターで監査ログを有効にする",
        ),
        c(
            "EKS.9",
            "EKS node groups should run a Kubernetes version that is still supported",
            "EKS ノードグループではサポート中の Kubernetes バージョンを使う",
        ),
        c(
            "ECR.1",
            "ECR private repositories should scan their images",
            "ECR プライベートリポジトリでイメージスキャンを設定する",
        ),
        c(
            "ECR.2",
            "ECR private repositories should make image tags immutable",
            "ECR プライベートリポジトリでイメージタグを変更不可にする",
        ),
        c(
            "ECR.3",
            "ECR repositories should have a lifecycle policy",
            "ECR リポジトリにライフサイクルポリシーを設定する",
        ),
        c(
            "ECR.4",
            "ECR public repositories should carry the required tags",
            "ECR パブリックリポジトリに必須のタグを付ける",
        ),
        c(
            "ECR.5",
            "ECR repositories should be encrypted with a customer managed KMS key",
            "ECR リポジトリをカスタマー管理の KMS キーで暗号化する",
        ),
        c(
            "KMS.4",
            "KMS key rotation should be enabled",
            "KMS キーのローテーションを有効にする",
        ),
        c(
            "CloudWatch.16",
            "CloudWatch log groups should be retained for a specified time period",
            "CloudWatch ロググループを指定の期間保持する",
        ),
        c(
            "GuardDuty.5",
            "GuardDuty EKS Audit Log Monitoring should be enabled",
            "GuardDuty で EKS 監査ログのモニタリングを有効にする",
        ),
        c(
            "GuardDuty.7",
            "GuardDuty EKS Runtime Monitoring should be enabled",
            "GuardDuty で EKS のランタイムモニタリングを有効にする",
        ),
        c(
            "GuardDuty.11",
            "GuardDuty Runtime Monitoring should be enabled",
            "GuardDuty のランタイムモニタリングを有効にする",
        ),
        c(
            "GuardDuty.12",
            "GuardDuty ECS Runtime Monitoring should be enabled",
            "GuardDuty で ECS のランタイムモニタリングを有効にする",
        ),
    ],
};

pub static CIS_EKS_1_8: Framework = Framework {
    id: "cis-eks-1.8",
    title_en: "CIS Amazon EKS Benchmark v1.8.0",
    title_ja: "CIS Amazon EKS ベンチマーク v1.8.0",
    prefixes: &["cis-eks-1.8/"],
    controls: &[
        manual("2.1.1", "Turn on audit logs", "監査ログを有効にする"),
        manual(
            "2.1.2",
            "Collect and manage the audit logs",
            "監査ログを収集して管理する",
        ),
        auto(
            "3.1.1",
            "The kubeconfig file should be mode 644 or stricter",
            "kubeconfig ファイルの権限を 644 以下にする",
        ),
        auto(
            "3.1.2",
            "The kubelet kubeconfig file should be owned by root:root",
            "kubelet の kubeconfig ファイルの所有者を root:root にする",
        ),
        auto(
            "3.1.3",
            "The kubelet configuration file should be mode 644 or stricter",
            "kubelet 設定ファイルの権限を 644 以下にする",
        ),
        auto(
            "3.1.4",
            "The kubelet configuration file should be owned by root:root",
            "kubelet 設定ファイルの所有者を root:root にする",
        ),
        auto(
            "3.2.1",
            "The kubelet should refuse anonymous requests",
            "kubelet で匿名認証を無効にする",
        ),
        auto(
            "3.2.2",
            "The kubelet authorization mode should not be AlwaysAllow",
            "kubelet の認可モードを AlwaysAllow にしない",
        ),
        auto(
            "3.2.3",
            "The kubelet should have a client CA file",
            "kubelet にクライアント CA ファイルを設定する",
        ),
        auto(
            "3.2.4",
            "The kubelet read-only port should be off",
            "kubelet の読み取り専用ポートを無効にする",
        ),
        auto(
            "3.2.5",
            "Idle streaming connections to the kubelet should time out",
            "kubelet のストリーミング接続にアイドルタイムアウトを設定する",
        ),
        auto(
            "3.2.6",
            "The kubelet should manage its iptables chains",
            "kubelet に iptables チェーンを管理させる",
        ),
        auto(
            "3.2.7",
            "The kubelet should record events at a suitable rate",
            "kubelet のイベント記録レートを適切に設定する",
        ),
        auto(
            "3.2.8",
            "The kubelet should rotate its client certificates",
            "kubelet のクライアント証明書をローテーションする",
        ),
        auto(
            "3.2.9",
            "The kubelet should rotate its server certificates",
            "kubelet のサーバー証明書をローテーションする",
        ),
        auto(
            "4.1.1",
            "Bind the cluster-admin role only where it is needed",
            "cluster-admin ロールは必要な場合にのみバインドする",
        ),
        auto(
            "4.1.2",
            "Limit who can read secrets",
            "シークレットを読み取れる主体を最小限にする",
        ),
        auto(
            "4.1.3",
            "Avoid wildcards in Roles and ClusterRoles",
            "Role と ClusterRole でワイルドカードを避ける",
        ),
        auto(
            "4.1.4",
            "Limit who can create pods",
            "Pod を作成できる主体を最小限にする",
        ),
        auto(
            "4.1.5",
            "Do not use default service accounts actively",
            "デフォルトのサービスアカウントを積極的に使わない",
        ),
        auto(
            "4.1.6",
            "Mount service account tokens only where they are needed",
            "サービスアカウントトークンは必要な場合にのみマウントする",
        ),
        manual(
            "4.1.7",
            "Manage cluster access with access entries (Cluster Access Manager API)",
            "クラスターへのアクセスはアクセスエントリー（Cluster Access Manager API）で管理する",
        ),
        manual(
            "4.1.8",
            "Limit the bind, impersonate and escalate permissions",
            "bind・impersonate・escalate の権限を制限する",
        ),
        manual(
            "4.1.9",
            "Limit who can create PersistentVolumes",
            "PersistentVolume を作成できる主体を最小限にする",
        ),
        manual(
            "4.1.10",
            "Limit access to the proxy subresource of nodes",
            "ノードの proxy サブリソースへのアクセスを最小限にする",
        ),
        manual(
            "4.1.11",
            "Limit access to webhook configurations",
            "Webhook 設定オブジェクトへのアクセスを最小限にする",
        ),
        manual(
            "4.1.12",
            "Limit who can create service account tokens",
            "サービスアカウントトークンを作成できる主体を最小限にする",
        ),
        auto(
            "4.2.1",
            "Admit as few privileged containers as possible",
            "特権コンテナの許可を最小限にする",
        ),
        auto(
            "4.2.2",
            "Admit as few containers sharing the host PID namespace as possible",
            "ホストの PID 名前空間を共有するコンテナの許可を最小限にする",
        ),
        auto(
            "4.2.3",
            "Admit as few containers sharing the host IPC namespace as possible",
            "ホストの IPC 名前空間を共有するコンテナの許可を最小限にする",
        ),
        auto(
            "4.2.4",
            "Admit as few containers sharing the host network as possible",
            "ホストのネットワーク名前空間を共有するコンテナの許可を最小限にする",
        ),
        auto(
            "4.2.5",
            "Admit as few containers allowing privilege escalation as possible",
            "権限昇格を許すコンテナの許可を最小限にする",
        ),
        manual(
            "4.3.1",
            "Use a CNI plugin that enforces network policies",
            "ネットワークポリシーに対応した CNI プラグインを使う",
        ),
        auto(
            "4.3.2",
            "Every namespace should have a NetworkPolicy",
            "すべての名前空間に NetworkPolicy を定義する",
        ),
        auto(
            "4.4.1",
            "Mount secrets as files rather than environment variables",
            "シークレットは環境変数ではなくファイルとして渡す",
        ),
        manual(
            "4.4.2",
            "Consider storing secrets outside the cluster",
            "外部のシークレットストアの利用を検討する",
        ),
        manual(
            "4.5.1",
            "Draw administrative boundaries with namespaces",
            "名前空間で管理の境界を設ける",
        ),
        auto(
            "4.5.2",
            "Do not use the default namespace",
            "default 名前空間を使わない",
        ),
        manual(
            "5.1.1",
            "Scan images for vulnerabilities (ECR scanning or another tool)",
            "イメージの脆弱性をスキャンする（ECR のスキャンまたは他のツール）",
        ),
        manual(
            "5.1.2",
            "Limit user access to Amazon ECR",
            "Amazon ECR へのユーザーのアクセスを最小限にする",
        ),
        manual(
            "5.1.3",
            "Give clusters read-only access to Amazon ECR",
            "クラスターの Amazon ECR へのアクセスを読み取り専用にする",
        ),
        manual(
            "5.1.4",
            "Pull images only from approved registries",
            "承認されたコンテナレジストリだけを使う",
        ),
        manual(
            "5.2.1",
            "Prefer dedicated EKS service accounts",
            "EKS 専用のサービスアカウントを使う",
        ),
        manual(
            "5.3.1",
            "Encrypt Kubernetes secrets with customer managed KMS keys",
            "Kubernetes のシークレットを KMS のカスタマー管理キーで暗号化する",
        ),
        manual(
            "5.4.1",
            "Restrict access to the control plane endpoint",
            "コントロールプレーンのエンドポイントへのアクセスを制限する",
        ),
        manual(
            "5.4.2",
            "Turn on the private endpoint and turn off public access",
            "プライベートエンドポイントを有効にし、パブリックアクセスを無効にする",
        ),
        manual(
            "5.4.3",
            "Create clusters with private nodes",
            "プライベートノードでクラスターを作成する",
        ),
        manual(
            "5.4.4",
            "Turn on network policy and configure it suitably",
            "ネットワークポリシーを有効にし、適切に設定する",
        ),
        manual(
            "5.4.5",
            "Serve HTTPS load balancers with TLS certificates",
            "HTTPS ロードバランサーへの通信を TLS 証明書で暗号化する",
        ),
        manual(
            "5.5.1",
            "Manage RBAC users with the AWS IAM Authenticator or a recent AWS CLI",
            "RBAC ユーザーは AWS IAM Authenticator または新しい AWS CLI で管理する",
        ),
    ],
};

pub static CIS_K8S_1_12: Framework = Framework {
    id: "cis-k8s-1.12",
    title_en: "CIS Kubernetes Benchmark v1.12.0, section 5 (policies)",
    title_ja: "CIS Kubernetes ベンチマーク v1.12.0 セクション 5（ポリシー）",
    prefixes: &["cis-k8s-1.12/"],
    controls: &[
        manual(
            "5.1.1",
            "Bind the cluster-admin role only where it is needed",
            "cluster-admin ロールは必要な場合にのみバインドする",
        ),
        manual(
            "5.1.2",
            "Limit who can read secrets",
            "シークレットを読み取れる主体を最小限にする",
        ),
        manual(
            "5.1.3",
            "Avoid wildcards in Roles and ClusterRoles",
            "Role と ClusterRole でワイルドカードを避ける",
        ),
        manual(
            "5.1.4",
            "Limit who can create pods",
            "Pod を作成できる主体を最小限にする",
        ),
        manual(
            "5.1.5",
            "Do not use default service accounts actively",
            "デフォルトのサービスアカウントを積極的に使わない",
        ),
        manual(
            "5.1.6",
            "Mount service account tokens only where they are needed",
            "サービスアカウントトークンは必要な場合にのみマウントする",
        ),
        manual(
            "5.1.7",
            "Do not use the system:masters group",
            "system:masters グループを使わない",
        ),
        manual(
            "5.1.8",
            "Limit the bind, impersonate and escalate permissions",
            "bind・impersonate・escalate の権限を制限する",
        ),
        manual(
            "5.1.9",
            "Limit who can create persistent volumes",
            "PersistentVolume を作成できる主体を最小限にする",
        ),
        manual(
            "5.1.10",
            "Limit access to the proxy subresource of nodes",
            "ノードの proxy サブリソースへのアクセスを最小限にする",
        ),
        manual(
            "5.1.11",
            "Limit access to approving certificate signing requests",
            "CertificateSigningRequest の承認サブリソースへのアクセスを最小限にする",
        ),
        manual(
            "5.1.12",
            "Limit access to webhook configurations",
            "Webhook 設定オブジェクトへのアクセスを最小限にする",
        ),
        manual(
            "5.1.13",
            "Limit who can create service account tokens",
            "サービスアカウントトークンを作成できる主体を最小限にする",
        ),
        manual(
            "5.2.1",
            "Have at least one active policy control mechanism",
            "有効なポリシー制御の仕組みを少なくとも一つ用意する",
        ),
        manual(
            "5.2.2",
            "Admit as few privileged containers as possible",
            "特権コンテナの許可を最小限にする",
        ),
        manual(
            "5.2.3",
            "Admit as few containers sharing the host PID namespace as possible",
            "ホストの PID 名前空間を共有するコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.4",
            "Admit as few containers sharing the host IPC namespace as possible",
            "ホストの IPC 名前空間を共有するコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.5",
            "Admit as few containers sharing the host network as possible",
            "ホストのネットワーク名前空間を共有するコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.6",
            "Admit as few containers allowing privilege escalation as possible",
            "権限昇格を許すコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.7",
            "Admit as few containers running as root as possible",
            "root で実行するコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.8",
            "Admit as few containers with the NET_RAW capability as possible",
            "NET_RAW ケーパビリティを持つコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.9",
            "Admit as few containers with added capabilities as possible",
            "ケーパビリティを追加したコンテナの許可を最小限にする",
        ),
        manual(
            "5.2.10",
            "Admit as few Windows HostProcess containers as possible",
            "Windows の HostProcess コンテナの許可を最小限にする",
        ),
        manual(
            "5.2.11",
            "Admit as few HostPath volumes as possible",
            "HostPath ボリュームの許可を最小限にする",
        ),
        manual(
            "5.2.12",
            "Admit as few containers using host ports as possible",
            "ホストポートを使うコンテナの許可を最小限にする",
        ),
        manual(
            "5.3.1",
            "Use a CNI plugin that supports NetworkPolicies",
            "NetworkPolicy に対応した CNI を使う",
        ),
        manual(
            "5.3.2",
            "Every namespace should have a NetworkPolicy",
            "すべての名前空間に NetworkPolicy を定義する",
        ),
        manual(
            "5.4.1",
            "Mount secrets as files rather than environment variables",
            "シークレットは環境変数ではなくファイルとして渡す",
        ),
        manual(
            "5.4.2",
            "Consider storing secrets outside the cluster",
            "外部のシークレットストアの利用を検討する",
        ),
        manual(
            "5.5.1",
            "Check image provenance with the ImagePolicyWebhook admission controller",
            "ImagePolicyWebhook アドミッションコントローラーでイメージの来歴を確認する",
        ),
        manual(
            "5.6.1",
            "Draw administrative boundaries between resources with namespaces",
            "名前空間でリソース間の管理の境界を設ける",
        ),
        manual(
            "5.6.2",
            "Set the seccomp profile to RuntimeDefault in pod definitions",
            "Pod 定義で seccomp プロファイルを RuntimeDefault にする",
        ),
        manual(
            "5.6.3",
            "Give pods and containers a security context",
            "Pod とコンテナにセキュリティコンテキストを設定する",
        ),
        manual(
            "5.6.4",
            "Do not use the default namespace",
            "default 名前空間を使わない",
        ),
    ],
};

/// The Baseline controls, named as the Pod Security Standards page names them (kebab case), in
/// its order. Each is implemented by one check of `kubernetes/pod-security-admission`.
macro_rules! pss_baseline {
    () => {
        [
            c(
                "host-process",
                "Windows pods should not run HostProcess containers",
                "Windows の HostProcess コンテナを実行しない",
            ),
            c(
                "host-namespaces",
                "Pods should not share the host's network, PID or IPC namespace",
                "Pod でホストのネットワーク・PID・IPC 名前空間を共有しない",
            ),
            c(
                "privileged-containers",
                "Containers should not run privileged",
                "コンテナを特権モードで実行しない",
            ),
            c(
                "capabilities",
                "Containers should add only capabilities from the default set",
                "コンテナに追加するケーパビリティはデフォルトの集合の範囲に限る",
            ),
            c(
                "hostpath-volumes",
                "Pods should not use hostPath volumes",
                "Pod で hostPath ボリュームを使わない",
            ),
            c(
                "host-ports",
                "Containers should not bind host ports",
                "コンテナでホストポートを使わない",
            ),
            c(
                "host-probes-lifecycle",
                "Probes and lifecycle hooks should not target another host",
                "プローブとライフサイクルフックで別のホストを指定しない",
            ),
            c(
                "apparmor",
                "AppArmor should not be set to unconfined",
                "AppArmor を unconfined にしない",
            ),
            c(
                "selinux",
                "SELinux options should keep to the allowed types, with no custom user or role",
                "SELinux オプションは許可された type のみとし、user や role を指定しない",
            ),
            c(
                "proc-mount-type",
                "Containers should keep the default /proc mount",
                "コンテナの /proc マウントはデフォルトのままにする",
            ),
            c(
                "seccomp",
                "The seccomp profile should not be Unconfined",
                "seccomp プロファイルを Unconfined にしない",
            ),
            c(
                "sysctls",
                "Pods should set only safe sysctls",
                "Pod で設定する sysctl は安全なものに限る",
            ),
        ]
    };
}

static PSS_BASELINE_CONTROLS: [Control; 12] = pss_baseline!();

pub static PSS_BASELINE: Framework = Framework {
    id: "pss-baseline",
    title_en: "Kubernetes Pod Security Standards: baseline",
    title_ja: "Kubernetes Pod セキュリティ標準: baseline",
    prefixes: &["pss-baseline/"],
    controls: &PSS_BASELINE_CONTROLS,
};

/// The Restricted profile: the Baseline controls (its `capabilities` and `seccomp` made
/// stricter, under the same names), then the Restricted-only ones.
static PSS_RESTRICTED_CONTROLS: [Control; 16] = {
    let b = pss_baseline!();
    let [b0, b1, b2, _, b4, b5, b6, b7, b8, b9, _, b11] = b;
    [
        b0,
        b1,
        b2,
        c(
            "capabilities",
            "Containers should drop ALL capabilities and add back at most NET_BIND_SERVICE",
            "コンテナですべてのケーパビリティを削除し、追加は NET_BIND_SERVICE のみとする",
        ),
        b4,
        b5,
        b6,
        b7,
        b8,
        b9,
        c(
            "seccomp",
            "The seccomp profile should be RuntimeDefault or Localhost",
            "seccomp プロファイルを RuntimeDefault または Localhost にする",
        ),
        b11,
        c(
            "volume-types",
            "Pods should use only the allowed volume types",
            "Pod では許可された種類のボリュームだけを使う",
        ),
        c(
            "privilege-escalation",
            "Containers should set allowPrivilegeEscalation to false",
            "コンテナで allowPrivilegeEscalation を false に設定する",
        ),
        c(
            "running-as-non-root",
            "Containers should be required to run as non-root",
            "コンテナに root 以外での実行を求める",
        ),
        c(
            "running-as-non-root-user",
            "Containers should not run as user ID 0",
            "コンテナをユーザー ID 0 で実行しない",
        ),
    ]
};

pub static PSS_RESTRICTED: Framework = Framework {
    id: "pss-restricted",
    title_en: "Kubernetes Pod Security Standards: restricted (includes baseline)",
    title_ja: "Kubernetes Pod セキュリティ標準: restricted（baseline を含む）",
    prefixes: &["pss-restricted/", "pss-baseline/"],
    controls: &PSS_RESTRICTED_CONTROLS,
};

pub static NIST_800_53: Framework = Framework {
    id: "nist-800-53",
    title_en: "NIST SP 800-53 Rev. 5 (controls related to the FSBP container controls)",
    title_ja: "NIST SP 800-53 Rev. 5（FSBP のコンテナ関連コントロールに対応する管理策）",
    prefixes: &["nist-800-53/"],
    controls: &[
        c(
            "AC-2(1)",
            "Account management: automated support",
            "アカウント管理: 自動化による支援",
        ),
        c("AC-3", "Access enforcement", "アクセスの強制"),
        c(
            "AC-3(7)",
            "Access enforcement: role-based access control",
            "アクセスの強制: ロールベースのアクセス制御",
        ),
        c(
            "AC-3(15)",
            "Access enforcement: discretionary and mandatory access control",
            "アクセスの強制: 任意アクセス制御と強制アクセス制御",
        ),
        c("AC-4", "Information flow enforcement", "情報フローの強制"),
        c(
            "AC-4(21)",
            "Information flow enforcement: physical or logical separation of flows",
            "情報フローの強制: フローの物理的または論理的な分離",
        ),
        c(
            "AC-4(26)",
            "Information flow enforcement: audit of filtering actions",
            "情報フローの強制: フィルタリング動作の監査",
        ),
        c("AC-5", "Separation of duties", "職務の分離"),
        c("AC-6", "Least privilege", "最小権限"),
        c("AC-21", "Information sharing", "情報共有"),
        c("AU-2", "Event logging", "イベントのログ記録"),
        c("AU-3", "Content of audit records", "監査記録の内容"),
        c(
            "AU-5",
            "Response to audit logging failures",
            "監査ログ記録の失敗への対応",
        ),
        c(
            "AU-6(3)",
            "Audit review: correlation across audit repositories",
            "監査記録の確認: 監査記録の保管場所をまたぐ相関分析",
        ),
        c(
            "AU-6(4)",
            "Audit review: central review and analysis",
            "監査記録の確認: 一元的な確認と分析",
        ),
        c("AU-9", "Protection of audit information", "監査情報の保護"),
        c("AU-10", "Non-repudiation", "否認防止"),
        c("AU-11", "Audit record retention", "監査記録の保持"),
        c("AU-12", "Generation of audit records", "監査記録の生成"),
        c("CA-7", "Continuous monitoring", "継続的な監視"),
        c(
            "CA-9(1)",
            "Internal system connections: compliance checks",
            "内部システム接続: 準拠性の確認",
        ),
        c("CM-2", "Baseline configuration", "ベースライン構成"),
        c(
            "CM-2(2)",
            "Baseline configuration: automated support for accuracy and currency",
            "ベースライン構成: 正確さと最新性の自動化による支援",
        ),
        c("CM-3", "Configuration change control", "構成変更の管理"),
        c(
            "CM-3(6)",
            "Configuration change control: cryptography management",
            "構成変更の管理: 暗号の管理",
        ),
        c("CM-6", "Configuration settings", "構成設定"),
        c("CM-7", "Least functionality", "機能の最小化"),
        c(
            "CM-8(1)",
            "Component inventory: updates on installation and removal",
            "コンポーネント台帳: 導入と撤去時の更新",
        ),
        c(
            "IA-5(7)",
            "Authenticator management: no embedded unencrypted static authenticators",
            "認証子の管理: 暗号化されていない静的な認証子を埋め込まない",
        ),
        c(
            "RA-5",
            "Vulnerability monitoring and scanning",
            "脆弱性の監視とスキャン",
        ),
        c("SC-6", "Resource availability", "リソースの可用性"),
        c("SC-7", "Boundary protection", "境界の保護"),
        c(
            "SC-7(3)",
            "Boundary protection: limited access points",
            "境界の保護: アクセスポイントの限定",
        ),
        c(
            "SC-7(4)",
            "Boundary protection: external telecommunication services",
            "境界の保護: 外部の通信サービス",
        ),
        c(
            "SC-7(9)",
            "Boundary protection: restrict threatening outgoing traffic",
            "境界の保護: 脅威となる送信トラフィックの制限",
        ),
        c(
            "SC-7(10)",
            "Boundary protection: prevent exfiltration",
            "境界の保護: 情報持ち出しの防止",
        ),
        c(
            "SC-7(11)",
            "Boundary protection: restrict incoming traffic",
            "境界の保護: 受信トラフィックの制限",
        ),
        c(
            "SC-7(16)",
            "Boundary protection: prevent discovery of system components",
            "境界の保護: システムコンポーネントの探索防止",
        ),
        c(
            "SC-7(20)",
            "Boundary protection: dynamic isolation and segregation",
            "境界の保護: 動的な隔離と分離",
        ),
        c(
            "SC-7(21)",
            "Boundary protection: isolation of system components",
            "境界の保護: システムコンポーネントの隔離",
        ),
        c(
            "SC-8",
            "Confidentiality and integrity of transmitted data",
            "送信データの機密性と完全性",
        ),
        c(
            "SC-12",
            "Cryptographic key establishment and management",
            "暗号鍵の確立と管理",
        ),
        c(
            "SC-12(2)",
            "Key establishment and management: symmetric keys",
            "鍵の確立と管理: 共通鍵",
        ),
        c("SC-13", "Cryptographic protection", "暗号による保護"),
        c("SC-28", "Protection of data at rest", "保存データの保護"),
        c(
            "SC-28(1)",
            "Protection of data at rest: cryptographic protection",
            "保存データの保護: 暗号による保護",
        ),
        c(
            "SC-28(3)",
            "Protection of data at rest: cryptographic keys",
            "保存データの保護: 暗号鍵",
        ),
        c("SC-39", "Process isolation", "プロセスの分離"),
        c("SI-2", "Flaw remediation", "欠陥の修正"),
        c(
            "SI-2(2)",
            "Flaw remediation: automated status of remediation",
            "欠陥の修正: 修正状況の自動把握",
        ),
        c(
            "SI-2(4)",
            "Flaw remediation: automated patch management tools",
            "欠陥の修正: 自動パッチ管理ツール",
        ),
        c(
            "SI-2(5)",
            "Flaw remediation: automatic software and firmware updates",
            "欠陥の修正: ソフトウェアとファームウェアの自動更新",
        ),
        c(
            "SI-7",
            "Integrity of software, firmware and information",
            "ソフトウェア・ファームウェア・情報の完全性",
        ),
        c(
            "SI-7(6)",
            "Integrity: cryptographic protection",
            "完全性: 暗号による保護",
        ),
        c(
            "SI-7(8)",
            "Integrity: auditing of significant events",
            "完全性: 重要なイベントの監査",
        ),
        c("SI-12", "Information management and retention", "情報の管理と保持"),
    ],
};

pub static PCI_DSS_4_0_1: Framework = Framework {
    id: "pci-dss-4.0.1",
    title_en: "PCI DSS v4.0.1 (requirements related to the FSBP container controls)",
    title_ja: "PCI DSS v4.0.1（FSBP のコンテナ関連コントロールに対応する要件）",
    prefixes: &["pci-dss-4.0.1/"],
    controls: &[
        c(
            "1.3.1",
            "Inbound traffic to the cardholder data environment is restricted to what is necessary",
            "カード会員データ環境への受信トラフィックを必要なものだけに制限する",
        ),
        c(
            "1.4.4",
            "Components holding cardholder data are not reachable directly from untrusted networks",
            "カード会員データを保持するコンポーネントに信頼できないネットワークから直接到達できない",
        ),
        c(
            "3.7.4",
            "Cryptographic keys are changed at the end of their cryptoperiod",
            "暗号鍵を暗号期間の終わりに交換する",
        ),
        c(
            "6.2.3",
            "Bespoke and custom software is reviewed for vulnerabilities before release",
            "独自開発ソフトウェアはリリース前に脆弱性を確認する",
        ),
        c(
            "6.2.4",
            "Software engineering practices prevent or reduce common attacks",
            "ソフトウェア開発の手法で一般的な攻撃を防ぐ、または緩和する",
        ),
        c(
            "6.3.3",
            "Components are protected from known vulnerabilities by installing patches",
            "パッチの適用で既知の脆弱性からコンポーネントを守る",
        ),
        c(
            "8.6.2",
            "Passwords of application and system accounts are not hard-coded in files or code",
            "アプリケーションとシステムのアカウントのパスワードをファイルやコードに埋め込まない",
        ),
        c(
            "11.5.1",
            "Intrusion-detection or intrusion-prevention techniques detect and alert on intrusions",
            "侵入検知・侵入防止の仕組みで侵入を検知し、警告する",
        ),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_titles_translated() {
        let mut ids = HashSet::new();
        for f in frameworks() {
            assert!(ids.insert(f.id), "{} listed twice", f.id);
            let mut seen = HashSet::new();
            for ctl in f.controls {
                assert!(seen.insert(ctl.id), "{}: {} listed twice", f.id, ctl.id);
                assert!(!ctl.title_en.is_empty() && !ctl.title_ja.is_empty(), "{}", ctl.id);
                assert_ne!(ctl.title_en, ctl.title_ja, "{}: {} is not translated", f.id, ctl.id);
                assert_eq!(ctl.assessment.is_some(), f.id.starts_with("cis-"), "{}", ctl.id);
            }
        }
    }

    #[test]
    fn every_rule_control_of_a_framework_is_in_its_catalog() {
        for r in crate::all() {
            for rc in r.meta().controls {
                for f in frameworks() {
                    if f.prefixes.iter().any(|p| rc.starts_with(p)) {
                        assert!(
                            f.controls.iter().any(|ctl| f.maps(rc, ctl) && !ctl.retired),
                            "{}: {rc} is not a current control of {}",
                            r.meta().id,
                            f.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn restricted_includes_baseline_and_ecs1_is_retired() {
        for b in PSS_BASELINE.controls {
            assert!(PSS_RESTRICTED.controls.iter().any(|r| r.id == b.id), "{}", b.id);
        }
        assert!(PSS_RESTRICTED.maps("pss-baseline/privileged-containers", &PSS_RESTRICTED.controls[2]));
        assert!(PSS_RESTRICTED.maps("pss-restricted/seccomp", &PSS_RESTRICTED.controls[10]));
        assert!(PSS_RESTRICTED.maps("pss-baseline/seccomp", &PSS_RESTRICTED.controls[10]));
        let ecs1 = AWS_FSBP.controls.iter().find(|c| c.id == "ECS.1").unwrap();
        assert!(ecs1.retired);
        assert!(AWS_FSBP.current().iter().all(|c| c.id != "ECS.1"));
        assert_eq!(AWS_FSBP.current().len(), 38);
        assert!(framework("AWS-FSBP").is_some());
    }
}
