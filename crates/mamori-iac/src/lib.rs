//! Reading what teams write: discovery, parsing with spans, and one adapter per source format
//! into the model.
//!
//! Adapters are the only code that knows a format. Each turns its input into
//! [`mamori_model::Resource`]s whose values carry their source location.

mod api_json;
pub mod cloudformation;
pub mod comments;
pub mod diag;
pub mod discover;
pub mod doc;
pub mod dockerfile;
pub mod ec2_json;
pub mod ecr_json;
pub mod ecs_json;
pub mod ecs_task;
pub mod eks_json;
pub mod eksctl;
pub mod guardduty_json;
pub mod iam_json;
pub mod iam_policy;
pub mod kms_json;
pub mod kubernetes;
pub mod logs_json;
pub mod scan;
pub mod secretsmanager_json;
pub mod source;
pub mod ssm_json;
pub mod terraform;
pub mod tree;

pub use diag::{Diagnostic, Level};
pub use scan::{FileStatus, ScanInput, ScanOptions, scan};
pub use source::SourceFile;

use mamori_model::Resource;

/// What an adapter produces from its input.
#[derive(Debug, Default)]
pub struct AdapterOutput {
    pub resources: Vec<Resource>,
    pub diagnostics: Vec<Diagnostic>,
    /// Texts the input held as secrets (the values of Terraform variables declared
    /// `sensitive = true`), which no output may show.
    pub sensitive: Vec<String>,
    /// The input variables the Terraform modules read declare, so that a `--var` no module
    /// declares can be noted.
    pub terraform_variables: Vec<String>,
}
