//! GuardDuty API JSON: what `aws guardduty get-detector` prints (`Status`,
//! `FindingPublishingFrequency`, `ServiceRole`, `DataSources`, `Features[]` with
//! `AdditionalConfiguration[]`). The output does not name the detector: a `DetectorId` member
//! beside them (as a collector that knows it writes) names it. The API's own camel-case
//! spelling (`status`, `features`) is read too.

use crate::AdapterOutput;
use crate::api_json::{found_resources, items, meta};
use crate::source::SourceFile;
use crate::tree::{Node, str_attr};
use mamori_model::guardduty::{DetectorFeature, FeatureConfiguration, GuardDutyDetector, KIND_GUARDDUTY_DETECTOR};
use mamori_model::{Attr, Resource};

/// Whether the text may be GuardDuty API output: worth parsing.
pub fn sniff(text: &str) -> bool {
    text.contains("FindingPublishingFrequency")
        || text.contains("findingPublishingFrequency")
        || text.contains("AWSServiceRoleForAmazonGuardDuty")
}

/// Whether the text surely is GuardDuty API output, so that a parse failure is an error.
pub fn strong_sniff(text: &str) -> bool {
    text.contains("AWSServiceRoleForAmazonGuardDuty")
}

/// A member in the CLI's Pascal case or the API's camel case.
fn get<'a>(n: &'a Node, pascal: &str) -> Option<&'a Node> {
    n.get(pascal).or_else(|| {
        let mut c = pascal.chars();
        let camel: String = c.next().map(|f| f.to_ascii_lowercase()).into_iter().chain(c).collect();
        n.get(&camel)
    })
}

fn is_detector(n: &Node) -> bool {
    get(n, "Status").is_some()
        && (get(n, "FindingPublishingFrequency").is_some()
            || get(n, "ServiceRole")
                .and_then(Node::as_str)
                .is_some_and(|r| r.contains("guardduty")))
}

/// Reads a GuardDuty API document; `None` when it is not one.
pub fn adapt(file: &SourceFile, doc: &Node) -> Option<AdapterOutput> {
    found_resources(
        items(doc)
            .into_iter()
            .filter(|n| is_detector(n))
            .map(|n| Resource::GuardDutyDetector(detector(file, n)))
            .collect(),
    )
}

fn detector(file: &SourceFile, n: &Node) -> GuardDutyDetector {
    let id = str_attr(file, get(n, "DetectorId"), n.span);
    let id_key = if n.get("DetectorId").is_some() {
        "DetectorId"
    } else {
        "detectorId"
    };
    let mut d = GuardDutyDetector::new(meta(file, n, KIND_GUARDDUTY_DETECTOR, "get-detector", &id, id_key));
    d.detector_id = id;
    let status = str_attr(file, get(n, "Status"), n.span);
    d.enabled = match status.explicit().map(|s| s.to_ascii_uppercase()) {
        Some(s) if s == "ENABLED" => Attr::set(true, status.origin),
        Some(s) if s == "DISABLED" => Attr::set(false, status.origin),
        Some(s) => Attr::unknown(format!("`{s}` is neither ENABLED nor DISABLED"), status.origin),
        None => status.map(|_| false),
    };
    d.finding_publishing_frequency = str_attr(file, get(n, "FindingPublishingFrequency"), n.span);
    let audit = get(n, "DataSources")
        .and_then(|ds| get(ds, "Kubernetes"))
        .and_then(|k| get(k, "AuditLogs"));
    d.kubernetes_audit_logs = match audit {
        Some(a) => {
            let s = str_attr(file, get(a, "Status"), a.span);
            match s.explicit() {
                Some(v) => Attr::set(v.eq_ignore_ascii_case("ENABLED"), s.origin),
                None => s.map(|_| false),
            }
        }
        None => Attr::absent(file.origin_of(n.span)),
    };
    d.features = match get(n, "Features").and_then(Node::as_seq) {
        Some(fs) => Attr::set(
            fs.iter().map(|f| feature(file, f)).collect(),
            file.origin_of(get(n, "Features").map_or(n.span, |f| f.span)),
        ),
        None => Attr::absent(file.origin_of(n.span)),
    };
    d
}

fn feature(file: &SourceFile, f: &Node) -> DetectorFeature {
    DetectorFeature {
        origin: file.origin_of(f.span),
        name: str_attr(file, get(f, "Name"), f.span),
        status: str_attr(file, get(f, "Status"), f.span),
        additional_configuration: match get(f, "AdditionalConfiguration").and_then(Node::as_seq) {
            Some(cs) => Attr::set(
                cs.iter()
                    .map(|c| FeatureConfiguration {
                        origin: file.origin_of(c.span),
                        name: str_attr(file, get(c, "Name"), c.span),
                        status: str_attr(file, get(c, "Status"), c.span),
                    })
                    .collect(),
                file.origin_of(f.span),
            ),
            None => Attr::absent(file.origin_of(f.span)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori_model::guardduty::{EKS_ADDON_MANAGEMENT, EKS_AUDIT_LOGS, RUNTIME_MONITORING, Setting};

    fn read(text: &str) -> Vec<GuardDutyDetector> {
        crate::api_json::read_as("d.json", text, adapt, |r| match r {
            Resource::GuardDutyDetector(x) => Some(x),
            _ => None,
        })
    }

    #[test]
    fn get_detector_in_the_cli_and_the_api_spelling() {
        let cli = read(
            r#"{"FindingPublishingFrequency": "SIX_HOURS", "Status": "ENABLED",
  "ServiceRole": "arn:aws:iam::1:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
  "DataSources": {"Kubernetes": {"AuditLogs": {"Status": "DISABLED"}}},
  "Features": [{"Name": "EKS_AUDIT_LOGS", "Status": "ENABLED"},
               {"Name": "RUNTIME_MONITORING", "Status": "ENABLED",
                "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", "Status": "DISABLED"}]}]}"#,
        );
        let d = &cli[0];
        assert_eq!(d.meta.name, "(unnamed)");
        assert_eq!(d.enabled.value(), Some(&true));
        assert_eq!(d.kubernetes_audit_logs.value(), Some(&false));
        assert!(matches!(d.feature_setting(EKS_AUDIT_LOGS), Setting::On(_)));
        match d.additional_setting(RUNTIME_MONITORING, EKS_ADDON_MANAGEMENT) {
            Setting::Off(o) => assert_eq!(o.location().unwrap().span.start_line, 6),
            s => panic!("{s:?}"),
        }
        let api = read(
            r#"{"detectorId": "d1", "status": "DISABLED", "findingPublishingFrequency": "SIX_HOURS",
                "features": [{"name": "RUNTIME_MONITORING", "status": "ENABLED"}]}"#,
        );
        assert_eq!(api[0].meta.name, "d1");
        assert_eq!(api[0].enabled.value(), Some(&false));
        assert!(matches!(api[0].feature_setting(RUNTIME_MONITORING), Setting::On(_)));
        // Something else with a Status is not a detector.
        assert!(read(r#"{"Status": "ENABLED", "Name": "x"}"#).is_empty());
    }
}
