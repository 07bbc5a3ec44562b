use super::*;
use crate::cloudformation::parameters::{Given, Inputs};
use crate::source::SourceFile;
use crate::tree::{parse_json, parse_yaml};

fn yaml(text: &str) -> Node {
    parse_yaml(&SourceFile::new("t.yaml", text)).unwrap().remove(0)
}

fn json(text: &str) -> Node {
    parse_json(&SourceFile::new("t.json", text)).unwrap().unwrap()
}

/// The template's `V` entry, evaluated.
fn eval(doc: &Node) -> Val {
    Evaluator::new(doc).resolve(doc.get("V").expect("a V entry"))
}

const HEAD: &str = "\
Parameters:
  Env:
    Type: String
    Default: prod
  PlatformVersion:
    Type: String
  Subnets:
    Type: CommaDelimitedList
    Default: 'subnet-a, subnet-b'
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ecs/optimized-ami
  Port:
    Type: Number
    Default: 80
Mappings:
  Regions:
    prod:
      Version: 1.4.0
      Zones: [a, b]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  InRegion: !Equals [!Ref 'AWS::Region', us-east-1]
  ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]
  ProdAndDev: !And [!Condition IsProd, !Condition IsDev]
  NotProd: !Not [!Condition IsProd]
  ProdAndRegion: !And [!Condition IsProd, !Condition InRegion]
  DevOrRegion: !Or [!Condition IsDev, !Condition InRegion]
  Loop: !Not [!Condition Loop]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
";

fn with(expr: &str) -> Node {
    yaml(&format!("{HEAD}V: {expr}\n"))
}

fn text(v: &Val) -> String {
    v.text()
        .unwrap_or_else(|| panic!("expected a known scalar, found {v:?}"))
}

fn reason(v: &Val) -> String {
    match &v.kind {
        Kind::Unknown(r) => r.clone(),
        other => panic!("expected an unknown value, found {other:?}"),
    }
}

fn texts(v: &Val) -> Vec<String> {
    match &v.kind {
        Kind::List(items) => items.iter().map(text).collect(),
        other => panic!("expected a list, found {other:?}"),
    }
}

const JSON_HEAD: &str = r#"
  "Parameters": {
    "Env": {"Type": "String", "Default": "prod"},
    "PlatformVersion": {"Type": "String"}
  },
  "Mappings": {"Regions": {"prod": {"Version": "1.4.0"}}},
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
    "IsDev": {"Fn::Equals": ["dev", {"Ref": "Env"}]},
    "ProdOrDev": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]},
    "ProdAndDev": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsDev"}]},
    "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
    "InRegion": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}
  },
  "Resources": {"Cluster": {"Type": "AWS::ECS::Cluster"}},
"#;

fn with_json(expr: &str) -> Node {
    json(&format!("{{{JSON_HEAD} \"V\": {expr}\n}}"))
}

#[test]
fn ref_to_a_parameter_gives_its_default() {
    assert_eq!(text(&eval(&with("!Ref Env"))), "prod");
    assert_eq!(text(&eval(&with_json(r#"{"Ref": "Env"}"#))), "prod");
    assert_eq!(text(&eval(&with("!Ref Port"))), "80");
}

#[test]
fn ref_to_a_parameter_without_default_is_unknown() {
    assert_eq!(
        reason(&eval(&with("!Ref PlatformVersion"))),
        "Ref to parameter PlatformVersion: no Default, and no value in --cfn-parameters"
    );
    assert_eq!(
        reason(&eval(&with_json(r#"{"Ref": "PlatformVersion"}"#))),
        "Ref to parameter PlatformVersion: no Default, and no value in --cfn-parameters"
    );
}

#[test]
fn list_parameters_split_their_default() {
    assert_eq!(texts(&eval(&with("!Ref Subnets"))), ["subnet-a", "subnet-b"]);
}

#[test]
fn parameter_store_parameters_are_unknown() {
    assert!(reason(&eval(&with("!Ref Ami"))).contains("Parameter Store"));
}

#[test]
fn a_value_reached_through_ref_keeps_the_span_of_the_ref() {
    let doc = with("!Ref Env");
    let v = eval(&doc);
    assert_eq!(v.span, doc.get("V").unwrap().span);
    assert_eq!(v.span.start_line, HEAD.lines().count() as u32 + 1);
}

#[test]
fn ref_to_a_resource_remembers_the_logical_id() {
    let v = eval(&with("!Ref Cluster"));
    assert_eq!(
        v.kind,
        Kind::Computed {
            resource: "Cluster".into(),
            attribute: None
        }
    );
    let v = eval(&with_json(r#"{"Ref": "Cluster"}"#));
    assert_eq!(
        v.kind,
        Kind::Computed {
            resource: "Cluster".into(),
            attribute: None
        }
    );
    assert!(reason(&eval(&with("!Ref Nowhere"))).contains("no parameter or resource"));
}

#[test]
fn pseudo_parameters_are_unknown_unless_given() {
    for p in [
        "AWS::Region",
        "AWS::AccountId",
        "AWS::StackName",
        "AWS::StackId",
        "AWS::NotificationARNs",
        "AWS::Partition",
        "AWS::URLSuffix",
    ] {
        assert_eq!(
            reason(&eval(&with(&format!("!Ref {p}")))),
            format!("pseudo parameter {p}: known only at deployment")
        );
    }
    assert!(eval(&with("!Ref AWS::NoValue")).is_no_value());
    assert!(eval(&with_json(r#"{"Ref": "AWS::NoValue"}"#)).is_no_value());
    assert!(reason(&eval(&with("!Ref AWS::Other"))).contains("not a pseudo parameter"));
}

fn inputs(pairs: &[(&str, &str)]) -> Inputs {
    let mut i = Inputs::new();
    for (k, v) in pairs {
        i.insert(*k, Given::Value(v.to_string()));
    }
    i
}

/// The template's `V` entry, evaluated with given parameter values.
fn eval_with(doc: &Node, given: &Inputs) -> Val {
    Evaluator::with_inputs(doc, given).resolve(doc.get("V").expect("a V entry"))
}

#[test]
fn given_pseudo_parameters() {
    let given = inputs(&[
        ("AWS::Region", "eu-west-1"),
        ("AWS::AccountId", "123456789012"),
        ("AWS::StackName", "shop"),
        ("AWS::NotificationARNs", "arn:a, arn:b"),
    ]);
    let v = |e: &str| eval_with(&with(e), &given);
    assert_eq!(text(&v("!Ref AWS::Region")), "eu-west-1");
    assert_eq!(text(&v("!Ref AWS::AccountId")), "123456789012");
    assert_eq!(
        text(&v(
            "!Sub 'arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:cluster/${AWS::StackName}'"
        )),
        "arn:aws:ecs:eu-west-1:123456789012:cluster/shop"
    );
    assert_eq!(text(&v("!Ref AWS::URLSuffix")), "amazonaws.com");
    assert_eq!(texts(&v("!Ref AWS::NotificationARNs")), ["arn:a", "arn:b"]);
    assert!(reason(&v("!Ref AWS::StackId")).contains("AWS::StackId"));
    // The partition and URL suffix follow from the Region.
    for (region, partition, suffix) in [
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
        ("us-iso-east-1", "aws-iso", "c2s.ic.gov"),
        ("us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"),
        ("ap-northeast-1", "aws", "amazonaws.com"),
    ] {
        let given = inputs(&[("AWS::Region", region)]);
        assert_eq!(text(&eval_with(&with("!Ref AWS::Partition"), &given)), partition);
        assert_eq!(text(&eval_with(&with("!Ref AWS::URLSuffix"), &given)), suffix);
    }
    // Given outright, they win.
    let given = inputs(&[("AWS::Region", "cn-north-1"), ("AWS::Partition", "aws")]);
    assert_eq!(text(&eval_with(&with("!Ref AWS::Partition"), &given)), "aws");
    // A condition on the Region is decided once the Region is given.
    let doc = with("x");
    let given = inputs(&[("AWS::Region", "us-east-1")]);
    let mut ev = Evaluator::with_inputs(&doc, &given);
    assert_eq!(ev.condition("InRegion"), Truth::True);
    assert_eq!(ev.condition("ProdAndRegion"), Truth::True);
}

#[test]
fn given_parameter_values_are_typed_as_declared() {
    let given = inputs(&[
        ("Env", "dev"),
        ("PlatformVersion", "1.4.0"),
        ("Subnets", "subnet-x, subnet-y ,subnet-z"),
        ("Port", "8080"),
    ]);
    let v = |e: &str| eval_with(&with(e), &given);
    // A given value wins over the Default.
    assert_eq!(text(&v("!Ref Env")), "dev");
    assert_eq!(text(&v("!Ref PlatformVersion")), "1.4.0");
    assert_eq!(texts(&v("!Ref Subnets")), ["subnet-x", "subnet-y", "subnet-z"]);
    assert_eq!(text(&v("!Select [2, !Ref Subnets]")), "subnet-z");
    assert_eq!(text(&v("!Ref Port")), "8080");
    // Conditions follow the given values.
    let doc = with("x");
    let mut ev = Evaluator::with_inputs(&doc, &given);
    assert_eq!(ev.condition("IsProd"), Truth::False);
    assert_eq!(ev.condition("IsDev"), Truth::True);
    // Parameter Store parameters stay unknown: the value given is the parameter's name.
    let given = inputs(&[("Ami", "/my/ami")]);
    assert!(reason(&eval_with(&with("!Ref Ami"), &given)).contains("Parameter Store"));
}

#[test]
fn numbers_are_checked_and_lists_of_numbers_split() {
    let doc = yaml(
        "Parameters:
  Port: {Type: Number}
  Ports: {Type: 'List<Number>'}
  Ratio: {Type: Number, Default: '0.5'}
V: [!Ref Port, !Ref Ports, !Ref Ratio]
",
    );
    let v = eval_with(&doc, &inputs(&[("Port", "443"), ("Ports", "80,443")]));
    let Kind::List(items) = &v.kind else { panic!("{v:?}") };
    assert_eq!(text(&items[0]), "443");
    assert_eq!(texts(&items[1]), ["80", "443"]);
    assert_eq!(text(&items[2]), "0.5");
    let v = eval_with(&doc, &inputs(&[("Port", "https"), ("Ports", "80,x")]));
    let Kind::List(items) = &v.kind else { panic!("{v:?}") };
    assert_eq!(
        reason(&items[0]),
        "Ref to parameter Port: `https` is not a number, which CloudFormation rejects"
    );
    assert!(reason(&items[1]).contains("`x` is not a number"));
}

#[test]
fn use_previous_value_is_unknown() {
    let mut given = Inputs::new();
    given.insert("Env", Given::Previous);
    assert_eq!(
        reason(&eval_with(&with("!Ref Env"), &given)),
        "Ref to parameter Env: the value of the deployed stack (UsePreviousValue)"
    );
}

#[test]
fn no_echo_values_are_never_read_but_decide_comparisons() {
    let doc = yaml(concat!(
        "Parameters:\n",
        "  Password: {Type: String, NoEcho: true, Default: hunter2}\n",
        "  Token: {Type: String, NoEcho: 'true'}\n",
        "Conditions:\n",
        "  HasPassword: !Not [!Equals [!Ref Password, '']]\n",
        "  HasToken: !Not [!Equals [!Ref Token, '']]\n",
        "V: [!Ref Password, !Sub 'x-${Password}', !If [HasPassword, 'yes', 'no'], !Ref Token]\n",
    ));
    let given = inputs(&[("Token", "s3cr3t")]);
    let v = eval_with(&doc, &given);
    let Kind::List(items) = &v.kind else { panic!("{v:?}") };
    assert_eq!(
        reason(&items[0]),
        "Ref to parameter Password: NoEcho, so its value is not read"
    );
    assert!(reason(&items[1]).contains("NoEcho"));
    assert_eq!(text(&items[2]), "yes");
    assert!(reason(&items[3]).contains("NoEcho"));
    let shown = format!("{v:?}");
    assert!(!shown.contains("hunter2") && !shown.contains("s3cr3t"), "{shown}");
    let mut ev = Evaluator::with_inputs(&doc, &given);
    assert_eq!(ev.condition("HasToken"), Truth::True);
    // Without a value, the comparison is unknown, and its reason holds no value.
    let mut ev = Evaluator::new(&doc);
    assert!(matches!(ev.condition("HasToken"), Truth::Unknown(r) if r.contains("no Default")));
}

#[test]
fn no_value_leaves_entries_out() {
    let v = eval(&with("{A: !Ref AWS::NoValue, B: 1, C: [x, !Ref AWS::NoValue, y]}"));
    assert!(v.get("A").is_none());
    assert_eq!(texts(v.get("C").unwrap()), ["x", "y"]);
    let v = eval(&with_json(
        r#"{"A": {"Ref": "AWS::NoValue"}, "B": [{"Ref": "AWS::NoValue"}]}"#,
    ));
    assert!(v.get("A").is_none());
    assert!(texts(v.get("B").unwrap()).is_empty());
}

#[test]
fn sub_string_form() {
    assert_eq!(text(&eval(&with("!Sub '${Env}-cluster'"))), "prod-cluster");
    assert_eq!(text(&eval(&with("!Sub 'a ${!Literal} b'"))), "a ${Literal} b");
    assert_eq!(text(&eval(&with("!Sub '${Env}:${ Env }'"))), "prod:prod");
    assert!(reason(&eval(&with("!Sub 'arn:${AWS::Region}'"))).contains("AWS::Region"));
    assert!(reason(&eval(&with("!Sub '${Cluster.Arn}/x'"))).contains("Fn::GetAtt Cluster.Arn"));
    assert!(reason(&eval(&with("!Sub '${Cluster}/x'"))).contains("Ref to resource Cluster"));
    assert!(reason(&eval(&with("!Sub '${PlatformVersion}'"))).contains("no Default"));
    assert_eq!(text(&eval(&with("!Sub 'open ${ brace'"))), "open ${ brace");
    assert_eq!(text(&eval(&with_json(r#"{"Fn::Sub": "${Env}-x"}"#))), "prod-x");
}

#[test]
fn sub_of_one_resource_variable_stays_a_reference() {
    let v = eval(&with("!Sub '${Cluster}'"));
    assert_eq!(
        v.kind,
        Kind::Computed {
            resource: "Cluster".into(),
            attribute: None
        }
    );
    let v = eval(&with("!Sub '${Cluster.Arn}'"));
    assert_eq!(
        v.kind,
        Kind::Computed {
            resource: "Cluster".into(),
            attribute: Some("Arn".into())
        }
    );
}

#[test]
fn sub_list_form_with_variables() {
    assert_eq!(text(&eval(&with("!Sub ['${A}-${Env}', {A: !Ref Port}]"))), "80-prod");
    assert_eq!(
        text(&eval(&with_json(
            r#"{"Fn::Sub": ["${A}/${B}", {"A": "x", "B": {"Ref": "Env"}}]}"#
        ))),
        "x/prod"
    );
    assert!(reason(&eval(&with("!Sub ['${A}', {A: !Ref PlatformVersion}]"))).contains("no Default"));
}

#[test]
fn join() {
    assert_eq!(text(&eval(&with("!Join ['-', [a, !Ref Env, 3]]"))), "a-prod-3");
    assert_eq!(
        text(&eval(&with_json(r#"{"Fn::Join": [",", ["a", {"Ref": "Env"}]]}"#))),
        "a,prod"
    );
    assert_eq!(text(&eval(&with("!Join [',', !Ref Subnets]"))), "subnet-a,subnet-b");
    assert!(reason(&eval(&with("!Join ['', [a, !Ref 'AWS::Region']]"))).contains("AWS::Region"));
}

#[test]
fn select_and_split() {
    assert_eq!(text(&eval(&with("!Select [1, [a, b, c]]"))), "b");
    assert_eq!(text(&eval(&with("!Select ['0', !Ref Subnets]"))), "subnet-a");
    assert_eq!(
        text(&eval(&with_json(
            r#"{"Fn::Select": [2, {"Fn::Split": ["/", "a/b/c"]}]}"#
        ))),
        "c"
    );
    assert_eq!(texts(&eval(&with("!Split [',', 'x,y']"))), ["x", "y"]);
    assert_eq!(
        texts(&eval(&with_json(r#"{"Fn::Split": ["-", {"Ref": "Env"}]}"#))),
        ["prod"]
    );
    assert!(reason(&eval(&with("!Select [5, [a]]"))).contains("past the end"));
    assert!(reason(&eval(&with("!Select [1, !GetAZs '']"))).contains("Fn::GetAZs"));
}

#[test]
fn find_in_map() {
    assert_eq!(text(&eval(&with("!FindInMap [Regions, !Ref Env, Version]"))), "1.4.0");
    assert_eq!(texts(&eval(&with("!FindInMap [Regions, prod, Zones]"))), ["a", "b"]);
    assert_eq!(
        text(&eval(&with_json(
            r#"{"Fn::FindInMap": ["Regions", {"Ref": "Env"}, "Version"]}"#
        ))),
        "1.4.0"
    );
    assert!(reason(&eval(&with("!FindInMap [Regions, dev, Version]"))).contains("no entry Regions/dev/Version"));
    assert_eq!(
        text(&eval(&with(
            "!FindInMap [Regions, dev, Version, {DefaultValue: LATEST}]"
        ))),
        "LATEST"
    );
    assert!(reason(&eval(&with("!FindInMap [Regions, !Ref 'AWS::Region', Version]"))).contains("AWS::Region"));
    // The value points at the call in the resource, not at the Mappings section.
    let doc = with("!FindInMap [Regions, prod, Version]");
    assert_eq!(eval(&doc).span, doc.get("V").unwrap().span);
}

#[test]
fn get_att() {
    let computed = Kind::Computed {
        resource: "Cluster".into(),
        attribute: Some("Arn".into()),
    };
    assert_eq!(eval(&with("!GetAtt Cluster.Arn")).kind, computed);
    assert_eq!(eval(&with("!GetAtt [Cluster, Arn]")).kind, computed);
    assert_eq!(eval(&with_json(r#"{"Fn::GetAtt": ["Cluster", "Arn"]}"#)).kind, computed);
    assert_eq!(eval(&with_json(r#"{"Fn::GetAtt": "Cluster.Arn"}"#)).kind, computed);
    assert!(reason(&eval(&with("!GetAtt Other.Arn"))).contains("no resource"));
    assert!(reason(&eval(&with("!GetAtt Cluster"))).contains("names no attribute"));
}

#[test]
fn conditions_yaml() {
    let doc = with("x");
    let mut ev = Evaluator::new(&doc);
    assert_eq!(ev.condition("IsProd"), Truth::True);
    assert_eq!(ev.condition("IsDev"), Truth::False);
    assert_eq!(ev.condition("ProdOrDev"), Truth::True);
    assert_eq!(ev.condition("ProdAndDev"), Truth::False);
    assert_eq!(ev.condition("NotProd"), Truth::False);
    assert!(matches!(ev.condition("InRegion"), Truth::Unknown(r) if r.contains("AWS::Region")));
    // Known operands decide And / Or even beside an unknown one.
    assert!(matches!(ev.condition("ProdAndRegion"), Truth::Unknown(_)));
    assert!(matches!(ev.condition("DevOrRegion"), Truth::Unknown(_)));
    assert!(matches!(ev.condition("Loop"), Truth::Unknown(r) if r.contains("itself")));
    assert!(matches!(ev.condition("Missing"), Truth::Unknown(r) if r.contains("no condition")));
}

#[test]
fn and_or_short_circuit_on_known_operands() {
    let doc = yaml(
        "Conditions:\n  R: !Equals [!Ref 'AWS::Region', x]\n  F: !Equals [a, b]\n  T: !Equals [a, a]\n  \
         A: !And [!Condition R, !Condition F]\n  O: !Or [!Condition R, !Condition T]\n",
    );
    let mut ev = Evaluator::new(&doc);
    assert_eq!(ev.condition("A"), Truth::False);
    assert_eq!(ev.condition("O"), Truth::True);
}

#[test]
fn conditions_json() {
    let doc = with_json("1");
    let mut ev = Evaluator::new(&doc);
    assert_eq!(ev.condition("IsProd"), Truth::True);
    assert_eq!(ev.condition("IsDev"), Truth::False);
    assert_eq!(ev.condition("ProdOrDev"), Truth::True);
    assert_eq!(ev.condition("ProdAndDev"), Truth::False);
    assert_eq!(ev.condition("NotProd"), Truth::False);
    assert!(matches!(ev.condition("InRegion"), Truth::Unknown(_)));
}

#[test]
fn fn_if() {
    assert_eq!(text(&eval(&with("!If [IsProd, a, b]"))), "a");
    assert_eq!(text(&eval(&with("!If [NotProd, a, b]"))), "b");
    assert_eq!(text(&eval(&with_json(r#"{"Fn::If": ["IsDev", "a", "b"]}"#))), "b");
    assert_eq!(text(&eval(&with_json(r#"{"Fn::If": ["ProdOrDev", "a", "b"]}"#))), "a");
    assert!(reason(&eval(&with("!If [InRegion, a, b]"))).contains("condition InRegion"));
    // Both branches alike: the value does not depend on the condition.
    assert_eq!(text(&eval(&with("!If [InRegion, a, a]"))), "a");
    assert!(eval(&with("!If [IsDev, a, !Ref AWS::NoValue]")).is_no_value());
    // A condition function in place of the name.
    assert_eq!(text(&eval(&with("!If [!Equals [!Ref Env, prod], a, b]"))), "a");
    assert_eq!(
        text(&eval(&with_json(
            r#"{"Fn::If": [{"Fn::Equals": ["x", "y"]}, "a", "b"]}"#
        ))),
        "b"
    );
    let v = eval(&with("[!If [IsDev, a, !Ref AWS::NoValue], b]"));
    assert_eq!(texts(&v), ["b"]);
}

#[test]
fn fn_if_keeps_the_span_of_the_chosen_branch() {
    let doc = yaml(&format!("{HEAD}V: !If\n  - IsProd\n  - chosen\n  - other\n"));
    let v = eval(&doc);
    assert_eq!(text(&v), "chosen");
    assert_eq!(v.span.start_line, HEAD.lines().count() as u32 + 3);
}

#[test]
fn condition_functions_as_values() {
    assert_eq!(eval(&with("!Equals [a, a]")).kind, Kind::Bool(true));
    assert_eq!(
        eval(&with_json(r#"{"Fn::Not": [{"Fn::Equals": ["a", "a"]}]}"#)).kind,
        Kind::Bool(false)
    );
}

#[test]
fn base64() {
    assert_eq!(text(&eval(&with("!Base64 hello"))), "aGVsbG8=");
    assert_eq!(
        text(&eval(&with_json(r#"{"Fn::Base64": {"Fn::Sub": "${Env}"}}"#))),
        "cHJvZA=="
    );
    assert_eq!(super::base64(b""), "");
    assert_eq!(super::base64(b"ab"), "YWI=");
    assert_eq!(super::base64(b"abc"), "YWJj");
}

#[test]
fn deploy_time_functions_are_unknown() {
    assert!(reason(&eval(&with("!ImportValue shared-cluster"))).contains("shared-cluster"));
    assert!(reason(&eval(&with_json(r#"{"Fn::ImportValue": {"Fn::Sub": "${Env}-vpc"}}"#))).contains("prod-vpc"));
    assert!(reason(&eval(&with("!GetAZs ''"))).contains("Fn::GetAZs"));
    assert!(reason(&eval(&with_json(r#"{"Fn::GetAZs": ""}"#))).contains("Fn::GetAZs"));
    // Known Region or not, the zones depend on the account.
    let given = inputs(&[("AWS::Region", "us-east-1")]);
    assert!(reason(&eval_with(&with("!GetAZs ''"), &given)).contains("Fn::GetAZs"));
    assert!(reason(&eval(&with_json(r#"{"Fn::ImportValue": "shared-cluster"}"#))).contains("shared-cluster"));
    assert_eq!(
        reason(&eval(&with_json(
            r#"{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}"#
        ))),
        "Fn::Transform AWS::Include: the macro's output is known only at deployment"
    );
    assert_eq!(
        reason(&eval(&with("!Transform {Parameters: {}}"))),
        "Fn::Transform: the macro's output is known only at deployment"
    );
}

#[test]
fn unknown_and_rule_functions() {
    assert_eq!(
        reason(&eval(&with("!NotAFunction x"))),
        "Fn::NotAFunction is not a CloudFormation intrinsic function"
    );
    assert_eq!(
        reason(&eval(&with_json(r#"{"Fn::GetAtt:": ["Cluster", "Arn"]}"#))),
        "Fn::GetAtt: is not a CloudFormation intrinsic function"
    );
    assert_eq!(
        reason(&eval(&with_json(r#"{"Fn::EachMemberEquals": [[], "x"]}"#))),
        "Fn::EachMemberEquals is a rule function, valid only in the Rules section"
    );
    assert!(reason(&eval(&with("!ValueOf [P, Tag]"))).contains("rule function"));
    assert!(
        reason(&eval(&with_json(r#"{"Fn::ForEach::X": ["i", ["a"], {"k${i}": 1}]}"#)))
            .contains("AWS::LanguageExtensions")
    );
    let v = eval(&with("!a-b x"));
    assert!(reason(&v).contains("tag"), "{v:?}");
}

#[test]
fn cidr() {
    // The documented example: six /27 blocks of 192.168.0.0/24.
    assert_eq!(
        texts(&eval(&with("!Cidr ['192.168.0.0/24', 6, 5]"))),
        [
            "192.168.0.0/27",
            "192.168.0.32/27",
            "192.168.0.64/27",
            "192.168.0.96/27",
            "192.168.0.128/27",
            "192.168.0.160/27"
        ]
    );
    assert_eq!(
        texts(&eval(&with_json(r#"{"Fn::Cidr": ["192.168.0.0/24", "6", "5"]}"#))),
        texts(&eval(&with("!Cidr ['192.168.0.0/24', 6, 5]")))
    );
    // A subnet of a /16 (cidrBits 8 gives a /24, as the documentation says).
    assert_eq!(
        text(&eval(&with("!Select [2, !Cidr [10.0.0.0/16, 4, 8]]"))),
        "10.0.2.0/24"
    );
    // The address is taken to its block's start.
    assert_eq!(
        texts(&eval(&with("!Cidr [10.0.7.9/16, 2, 12]"))),
        ["10.0.0.0/20", "10.0.16.0/20"]
    );
    // IPv6: /64 blocks.
    assert_eq!(
        texts(&eval(&with("!Cidr ['2001:db8:1234:1a00::/56', 3, 64]"))),
        [
            "2001:db8:1234:1a00::/64",
            "2001:db8:1234:1a01::/64",
            "2001:db8:1234:1a02::/64"
        ]
    );
    // Parameters feed it.
    let doc = yaml(
        "Parameters:
  Vpc: {Type: String, Default: 10.1.0.0/16}
V: !Select [1, !Cidr [!Ref Vpc, 2, 8]]
",
    );
    assert_eq!(text(&eval(&doc)), "10.1.1.0/24");
    // A resource's block is known only at deployment.
    assert!(reason(&eval(&with("!Cidr [!GetAtt Cluster.CidrBlock, 2, 8]"))).contains("Fn::GetAtt Cluster.CidrBlock"));
    for (expr, want) in [
        ("!Cidr [10.0.0.0/24, 6, 9]", "9 host bits do not fit in `10.0.0.0/24`"),
        ("!Cidr [10.0.0.0/24, 9, 5]", "`10.0.0.0/24` holds only 8 blocks of /27"),
        (
            "!Cidr [10.0.0.0/24, 0, 5]",
            "the count should be a whole number from 1 to 256",
        ),
        (
            "!Cidr [10.0.0.0/24, 257, 1]",
            "the count should be a whole number from 1 to 256",
        ),
        ("!Cidr [10.0.0.0/24, 1, x]", "cidrBits should be a whole number"),
        ("!Cidr [10.0.0.0, 1, 1]", "`10.0.0.0` is not a CIDR block"),
        ("!Cidr [10.0.0.0/33, 1, 1]", "`10.0.0.0/33` is not a CIDR block"),
        ("!Cidr [10.0.0.0/8]", "Fn::Cidr expects [ipBlock, count, cidrBits]"),
    ] {
        assert!(
            reason(&eval(&with(expr))).contains(want),
            "{expr}: {:?}",
            eval(&with(expr))
        );
    }
}

#[test]
fn length() {
    // The documented examples: a function's list and a list parameter.
    assert_eq!(
        eval(&with_json(r#"{"Fn::Length": {"Fn::Split": ["|", "a|b|c"]}}"#)).kind,
        Kind::Number("3".into())
    );
    assert_eq!(eval(&with("!Length [1, !Ref Env, 3]")).kind, Kind::Number("3".into()));
    assert_eq!(
        eval(&with("{'Fn::Length': [1, !Ref Env]}")).kind,
        Kind::Number("2".into())
    );
    assert_eq!(
        eval(&with("{'Fn::Length': !Ref Subnets}")).kind,
        Kind::Number("2".into())
    );
    // Items left out by AWS::NoValue do not count.
    assert_eq!(
        eval(&with("!Length [a, !Ref AWS::NoValue]")).kind,
        Kind::Number("1".into())
    );
    assert!(reason(&eval(&with_json(r#"{"Fn::Length": {"Fn::GetAZs": ""}}"#))).starts_with("Fn::Length: Fn::GetAZs"));
    assert_eq!(
        reason(&eval(&with("!Length abc"))),
        "Fn::Length expects a list, found a string"
    );
    // Usable as a number elsewhere.
    assert_eq!(text(&eval(&with("!Select [!Length [x], [a, b]]"))), "b");
}

#[test]
fn to_json_string() {
    // The documented examples.
    assert_eq!(
        text(&eval(&with_json(
            r#"{"Fn::ToJsonString": {"key1": "value1", "key2": {"Ref": "Env"}}}"#
        ))),
        r#"{"key1":"value1","key2":"prod"}"#
    );
    assert_eq!(
        text(&eval(&with("!ToJsonString [{key1: value1, key2: !Ref Env}]"))),
        r#"[{"key1":"value1","key2":"prod"}]"#
    );
    assert_eq!(
        text(&eval(&with(
            "!ToJsonString {n: 1, b: true, z: null, s: \"a\\\"b\", e: !Ref AWS::NoValue, l: [1.5]}"
        ))),
        r#"{"n":1,"b":true,"z":null,"s":"a\"b","l":[1.5]}"#
    );
    assert!(
        reason(&eval(&with("!ToJsonString {a: !Ref PlatformVersion}")))
            .starts_with("Fn::ToJsonString: Ref to parameter")
    );
    assert!(reason(&eval(&with("!ToJsonString {a: !Ref Cluster}"))).contains("Ref to resource Cluster"));
    assert_eq!(
        reason(&eval(&with("!ToJsonString abc"))),
        "Fn::ToJsonString expects a mapping or a list, found a string"
    );
}

#[test]
fn dynamic_references_are_unknown() {
    let v = eval(&with("'{{resolve:ssm:/platform/version}}'"));
    assert_eq!(
        reason(&v),
        "dynamic reference {{resolve:ssm:/platform/version}}: resolved only at deployment"
    );
    assert!(reason(&eval(&with("!Sub 'x-{{resolve:ssm:/p:1}}-${Env}'"))).contains("{{resolve:ssm:/p:1}}"));
    assert!(
        reason(&eval(&with_json(
            r#"{"Fn::Join": ["", ["{{resolve:secretsmanager:s}}"]]}"#
        )))
        .contains("secretsmanager")
    );
    assert_eq!(text(&eval(&with("'{{not a reference}}'"))), "{{not a reference}}");
}

#[test]
fn malformed_calls_are_unknown() {
    for expr in [
        "!Join [a]",
        "!Join [',', notalist]",
        "!Join [',', [[nested]]]",
        "!Select [x, [a]]",
        "!Select [0, notalist]",
        "!Select [-1, [a]]",
        "!Split [',']",
        "!Split ['', abc]",
        "!Sub [1, 2, 3]",
        "!Sub ['${A}', notamap]",
        "!Sub {a: b}",
        "!If [IsProd, a]",
        "!If [[x], a, b]",
        "!FindInMap [Regions, prod]",
        "!FindInMap [Regions, [x], Version]",
        "!GetAtt [Cluster]",
        "!GetAtt {a: b}",
        "!Ref [a, b]",
        "!Equals [a]",
        "!And []",
        "!Not [a, b]",
        "!Base64 [a]",
        "!Condition [a]",
        "!Cidr [[a], 1, 1]",
        "!Length {a: b}",
    ] {
        let v = eval(&with(expr));
        assert!(matches!(v.kind, Kind::Unknown(_)), "{expr}: {v:?}");
    }
    for expr in [
        r#"{"Fn::Join": "x"}"#,
        r#"{"Fn::Select": [0]}"#,
        r#"{"Fn::If": "x"}"#,
        r#"{"Fn::FindInMap": {}}"#,
        r#"{"Ref": null}"#,
        r#"{"Fn::Sub": null}"#,
    ] {
        let v = eval(&with_json(expr));
        assert!(matches!(v.kind, Kind::Unknown(_)), "{expr}: {v:?}");
    }
}

#[test]
fn deep_nesting_stops_with_a_reason() {
    let mut expr = String::from("\"x\"");
    for _ in 0..100 {
        expr = format!("{{\"Fn::Base64\": {expr}}}");
    }
    assert!(reason(&eval(&with_json(&expr))).contains("nested"));
    let mut list = String::from("1");
    for _ in 0..100 {
        list = format!("[{list}]");
    }
    let v = eval(&with_json(&list));
    assert!(matches!(v.kind, Kind::List(_)));
    let mut cond = String::from(r#"{"Fn::Equals": ["a", "a"]}"#);
    for _ in 0..100 {
        cond = format!(r#"{{"Fn::Not": [{cond}]}}"#);
    }
    let doc = json(&format!(r#"{{"Conditions": {{"C": {cond}}}}}"#));
    assert!(matches!(Evaluator::new(&doc).condition("C"), Truth::Unknown(r) if r.contains("nested")));
}

#[test]
fn sub_parsing() {
    let p = parse_sub("a${B}c${!D}${E");
    let shown: Vec<String> = p
        .iter()
        .map(|p| match p {
            Piece::Text(t) => format!("T({t})"),
            Piece::Var(v) => format!("V({v})"),
        })
        .collect();
    assert_eq!(shown, ["T(a)", "V(B)", "T(c${D}${E)"]);
}

/// The examples of the AWS documentation's pages on each function, with the values it gives.
#[test]
fn documented_examples() {
    let given = inputs(&[("AWS::Region", "us-east-1"), ("AWS::AccountId", "123456789012")]);
    let doc = |expr: &str| {
        yaml(&format!(
            "Parameters:\n  vpc: {{Type: String, Default: vpc-1a2b3c}}\n\
             Mappings:\n  RegionMap:\n    us-east-1: {{HVM64: ami-0ff8a91507f77f867, HVMG2: ami-0a584ac55a7631c0c}}\n\
             V: {expr}\n"
        ))
    };
    let v = |expr: &str| eval_with(&doc(expr), &given);
    // Fn::Join
    assert_eq!(text(&v("!Join [':', [a, b, c]]")), "a:b:c");
    assert_eq!(
        text(&v(
            "!Join ['', ['arn:', !Ref AWS::Partition, ':s3:::elasticbeanstalk-*-', !Ref AWS::AccountId]]"
        )),
        "arn:aws:s3:::elasticbeanstalk-*-123456789012"
    );
    // Fn::Split, with empty values kept.
    assert_eq!(texts(&v("!Split ['|', 'a|b|c']")), ["a", "b", "c"]);
    assert_eq!(texts(&v("!Split ['|', 'a||c|']")), ["a", "", "c", ""]);
    // Fn::Select
    assert_eq!(text(&v("!Select ['1', [apples, grapes, oranges, mangoes]]")), "grapes");
    // Fn::Base64
    assert_eq!(text(&v("!Base64 AWSCloudFormation")), "QVdTQ2xvdWRGb3JtYXRpb24=");
    // Fn::Sub
    assert_eq!(
        text(&v("!Sub 'arn:aws:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${vpc}'")),
        "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1a2b3c"
    );
    assert_eq!(
        text(&v("!Sub ['www.${Domain}', {Domain: !Ref AWS::Region}]")),
        "www.us-east-1"
    );
    // Fn::FindInMap with the Region as its key.
    assert_eq!(
        text(&v("!FindInMap [RegionMap, !Ref 'AWS::Region', HVM64]")),
        "ami-0ff8a91507f77f867"
    );
    // Fn::GetAZs is a list only the account knows.
    assert!(reason(&v("!GetAZs ''")).contains("Fn::GetAZs"));
    // Condition functions.
    assert_eq!(v("!Equals [sg-mysggroup, !Ref vpc]").kind, Kind::Bool(false));
    assert_eq!(v("!Not [!Equals [!Ref vpc, '']]").kind, Kind::Bool(true));
    assert_eq!(
        v("!Or [!Equals [sg-mysggroup, !Ref vpc], !Equals [vpc-1a2b3c, !Ref vpc]]").kind,
        Kind::Bool(true)
    );
    assert_eq!(
        v("!And [!Equals [sg-mysggroup, !Ref vpc], !Equals [vpc-1a2b3c, !Ref vpc]]").kind,
        Kind::Bool(false)
    );
}
