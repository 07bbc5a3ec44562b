//! AWS KMS keys.
//!
//! Field names follow the KMS API (`DescribeKey`'s `KeyMetadata`, `GetKeyRotationStatus`), in
//! snake case. Terraform (`aws_kms_key`) and CloudFormation (`AWS::KMS::Key`) create customer
//! managed keys only; the API also describes AWS managed keys (`KeyManager: AWS`).

use crate::attr::Attr;
use crate::resource::ResourceMeta;

pub const KIND_KMS_KEY: &str = "AWS::KMS::Key";

/// The key spec of a symmetric encryption key, the only kind whose material KMS rotates.
pub const SYMMETRIC_DEFAULT: &str = "SYMMETRIC_DEFAULT";

/// A KMS key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KmsKey {
    pub meta: ResourceMeta,
    /// `KeyId` (or the key's ARN), when the source names it.
    pub key_id: Attr<String>,
    pub description: Attr<String>,
    /// `KeySpec` (`CustomerMasterKeySpec` in older output; Terraform
    /// `customer_master_key_spec`). Defaults to `SYMMETRIC_DEFAULT`.
    pub key_spec: Attr<String>,
    /// `KeyUsage`: `ENCRYPT_DECRYPT` (the default), `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`,
    /// `KEY_AGREEMENT`.
    pub key_usage: Attr<String>,
    /// Automatic rotation of the key material (`KeyRotationEnabled`; Terraform
    /// `enable_key_rotation`, CloudFormation `EnableKeyRotation`, both `false` when omitted).
    /// Read from the API only with `get-key-rotation-status` output.
    pub rotation_enabled: Attr<bool>,
    /// `RotationPeriodInDays`: 90 to 2560; KMS uses 365 when rotation is on and none is given.
    pub rotation_period_days: Attr<i64>,
    pub multi_region: Attr<bool>,
    /// `KeyManager`: `CUSTOMER` or `AWS`. Keys declared in IaC are the customer's.
    pub key_manager: Attr<String>,
    /// `Origin`: `AWS_KMS` (the default), `EXTERNAL` (imported material), `AWS_CLOUDHSM`,
    /// `EXTERNAL_KEY_STORE`.
    pub key_origin: Attr<String>,
}

impl KmsKey {
    pub fn new(meta: ResourceMeta) -> Self {
        let o = meta.origin.clone();
        KmsKey {
            meta,
            key_id: Attr::absent(o.clone()),
            description: Attr::absent(o.clone()),
            key_spec: Attr::absent(o.clone()),
            key_usage: Attr::absent(o.clone()),
            rotation_enabled: Attr::absent(o.clone()),
            rotation_period_days: Attr::absent(o.clone()),
            multi_region: Attr::absent(o.clone()),
            key_manager: Attr::absent(o.clone()),
            key_origin: Attr::absent(o),
        }
    }

    /// `CreateKey`'s defaults, which Terraform and CloudFormation keep.
    pub fn apply_defaults(&mut self) {
        self.key_spec.or_default_to(SYMMETRIC_DEFAULT.to_string());
        self.key_usage.or_default_to("ENCRYPT_DECRYPT".to_string());
        self.key_origin.or_default_to("AWS_KMS".to_string());
        self.multi_region.or_default_to(false);
        // `EnableKeyRotation` / `enable_key_rotation` default to false. API output without
        // `get-key-rotation-status` leaves it unknown (the reader says so), never absent.
        self.rotation_enabled.or_default_to(false);
        // Every key a template or configuration creates is a customer managed key.
        self.key_manager.or_default_to("CUSTOMER".to_string());
    }
}
