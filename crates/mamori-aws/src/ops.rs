//! The operations the collector may call, and the rule that keeps it read-only.
//!
//! Every request goes through [`crate::client::Client::call`], which refuses an operation whose
//! name does not start with `Describe`, `List`, `Get` or `BatchGet` before anything is signed or
//! sent. The collector's modules name their operations from [`OPERATIONS`], so a test can check
//! each one.

/// Whether an operation only reads: its name starts with `Describe`, `List`, `Get` or
/// `BatchGet` (then an upper-case letter, so `Getaway` or `Listen` do not pass).
pub fn is_read_only(operation: &str) -> bool {
    ["Describe", "List", "Get", "BatchGet"].iter().any(|p| {
        operation
            .strip_prefix(p)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase())
    })
}

/// Every operation the collector calls, by service (the IAM action prefix).
pub const OPERATIONS: &[(&str, &str)] = &[
    ("sts", "GetCallerIdentity"),
    ("ec2", "DescribeRegions"),
    ("ecs", "ListClusters"),
    ("ecs", "DescribeClusters"),
    ("ecs", "ListServices"),
    ("ecs", "DescribeServices"),
    ("ecs", "DescribeTaskSets"),
    ("ecs", "ListTaskDefinitionFamilies"),
    ("ecs", "DescribeTaskDefinition"),
    ("ecs", "DescribeCapacityProviders"),
    ("eks", "ListClusters"),
    ("eks", "DescribeCluster"),
    ("eks", "ListNodegroups"),
    ("eks", "DescribeNodegroup"),
    ("eks", "ListAccessEntries"),
    ("eks", "DescribeAccessEntry"),
    ("eks", "ListAssociatedAccessPolicies"),
    ("eks", "ListPodIdentityAssociations"),
    ("eks", "DescribePodIdentityAssociation"),
    ("ecr", "DescribeRepositories"),
    ("ecr", "GetRepositoryPolicy"),
    ("ecr", "GetLifecyclePolicy"),
    ("ecr", "GetRegistryScanningConfiguration"),
    ("ecr", "DescribeRegistry"),
    ("inspector2", "BatchGetAccountStatus"),
    ("ec2", "DescribeSecurityGroups"),
    ("kms", "ListKeys"),
    ("kms", "DescribeKey"),
    ("kms", "GetKeyRotationStatus"),
    ("logs", "DescribeLogGroups"),
    ("guardduty", "ListDetectors"),
    ("guardduty", "GetDetector"),
    ("iam", "GetRole"),
    ("iam", "ListRolePolicies"),
    ("iam", "GetRolePolicy"),
    ("iam", "ListAttachedRolePolicies"),
    ("iam", "GetPolicy"),
    ("iam", "GetPolicyVersion"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_the_collector_calls_only_reads() {
        for (service, op) in OPERATIONS {
            assert!(is_read_only(op), "{service}:{op}");
        }
    }

    #[test]
    fn the_readme_policy_allows_every_operation() {
        let readme = include_str!("../../../README.md");
        let start = readme
            .find("\"Sid\": \"MamoriReadOnly\"")
            .expect("the README's IAM policy");
        let policy = &readme[start..start + readme[start..].find("```").unwrap()];
        for (service, op) in OPERATIONS {
            if *service == "sts" {
                continue; // GetCallerIdentity needs no permission.
            }
            assert!(policy.contains(&format!("\"{service}:{op}\"")), "{service}:{op}");
        }
    }

    #[test]
    fn writes_are_refused() {
        for op in [
            "CreateCluster",
            "DeleteService",
            "UpdateService",
            "PutAccountSetting",
            "RunTask",
            "TagResource",
            "AssumeRole",
            "Getaway",
            "Listen",
            "Describe",
            "describeClusters",
            "",
        ] {
            assert!(!is_read_only(op), "{op}");
        }
        for op in ["DescribeClusters", "ListServices", "GetRole", "BatchGetImage"] {
            assert!(is_read_only(op), "{op}");
        }
    }
}
