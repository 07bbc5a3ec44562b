//! `--unknown fail`: checks left undecided count as failures, and each format says so.

use crate::junit::tests::{report, sample};
use crate::text::TextOptions;
use crate::{OutputKind, render};
use mamori_model::Lang;
use serde_json::Value;

fn rendered(kind: OutputKind, fails: bool, lang: Lang) -> String {
    let data = sample();
    let line = |_: &str, _: u32| None;
    let mut r = report(&data, lang, &line);
    r.summary.unknown_fails = fails;
    render(kind, &r, TextOptions::default())
}

#[test]
fn text_lists_undecided_checks_that_fail_and_says_they_count() {
    let off = rendered(OutputKind::Text, false, Lang::En);
    assert!(!off.contains("var.x is unknown"), "{off}");
    assert!(off.contains("undecided checks: 1 (values the scanner could not resolve; list them with --show-unknown)"));
    let on = rendered(OutputKind::Text, true, Lang::En);
    assert!(
        on.contains("undecided checks (1)\n  MAM-T-003  u.tf:4:1  aws_ecs_service.u\n      reason: var.x is unknown"),
        "{on}"
    );
    assert!(
        on.contains("undecided checks: 1 (counted as failures: --unknown fail)"),
        "{on}"
    );
    let ja = rendered(OutputKind::Text, true, Lang::Ja);
    assert!(
        ja.contains("判定不能のチェック: 1 (失敗として数える: --unknown fail)"),
        "{ja}"
    );
}

#[test]
fn json_names_the_policy() {
    for (fails, want) in [(false, "ignore"), (true, "fail")] {
        let v: Value = serde_json::from_str(&rendered(OutputKind::Json, fails, Lang::En)).unwrap();
        assert_eq!(v["summary"]["unknown"], want);
        assert_eq!(v["undecided"][0]["reason"], "var.x is unknown");
    }
}

#[test]
fn junit_fails_undecided_checks() {
    let off = rendered(OutputKind::Junit, false, Lang::En);
    assert!(off.contains(r#"<skipped message="var.x is unknown"/>"#), "{off}");
    let on = rendered(OutputKind::Junit, true, Lang::En);
    assert!(!on.contains("<skipped"), "{on}");
    assert!(
        on.contains(
            r#"<failure message="var.x is unknown" type="undecided">var.x is unknown
u.tf:4:1</failure>"#
        ),
        "{on}"
    );
    assert!(on.contains(r#"tests="10" failures="7" errors="1" skipped="0""#), "{on}");
}

#[test]
fn sarif_gives_undecided_checks_to_review() {
    let results = |fails: bool| -> Vec<Value> {
        let v: Value = serde_json::from_str(&rendered(OutputKind::Sarif, fails, Lang::En)).unwrap();
        v["runs"][0]["results"].as_array().unwrap().clone()
    };
    let off = results(false);
    assert!(off.iter().all(|r| r.get("kind").is_none()));
    let on = results(true);
    assert_eq!(on.len(), off.len() + 1);
    let review = on.iter().find(|r| r["kind"] == "review").unwrap();
    assert_eq!(review["level"], "none");
    assert_eq!(review["ruleId"], "MAM-T-003");
    assert_eq!(review["message"]["text"], "var.x is unknown");
    assert_eq!(review["properties"]["undecided"], true);
    assert_eq!(
        review["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "u.tf"
    );
    assert_eq!(
        review["locations"][0]["logicalLocations"][0]["name"],
        "aws_ecs_service.u"
    );
    let fp = review["partialFingerprints"]["mamori/v2"].as_str().unwrap();
    assert_eq!(fp.len(), 16);
    // The rule index points at the rule.
    let v: Value = serde_json::from_str(&rendered(OutputKind::Sarif, true, Lang::En)).unwrap();
    let i = review["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(v["runs"][0]["tool"]["driver"]["rules"][i]["id"], "MAM-T-003");
}
