//! The typed model every source adapter fills and every rule reads.
//!
//! A value in the model is never a bare `bool` or `String`: it is an [`Attr`] that also says
//! where it came from ([`Origin`]) and whether it was set, omitted, or could not be resolved
//! ([`State`]). Rules judge the model only; they never see a file format.

pub mod attr;
pub mod date;
pub mod dockerfile;
pub mod ec2;
pub mod ecr;
pub mod ecs;
pub mod ecs_task;
pub mod eks;
pub mod encoding;
pub mod finding;
pub mod guardduty;
pub mod iam;
pub mod inventory;
pub mod k8s;
pub mod kms;
pub mod logs;
pub mod resource;
pub mod secretsmanager;
pub mod span;
pub mod ssm;
pub mod text;

pub use attr::{Attr, State};
pub use finding::{Finding, FindingLocation, FindingResource, PlanRef, Severity};
pub use inventory::Inventory;
pub use resource::{Resource, ResourceMeta, SourceKind};
pub use span::{Location, Origin, Span};
pub use text::{Lang, Text};
