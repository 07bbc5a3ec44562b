use super::*;
use crate::Level;
use crate::tree::{parse_json, parse_yaml};
use mamori_model::ecs::{EcsCluster, EcsService, EcsTaskSet};
use mamori_model::{Attr, State};

fn run(path: &str, text: &str) -> AdapterOutput {
    let f = SourceFile::new(path, text);
    let doc = if path.ends_with(".json") {
        parse_json(&f).unwrap().unwrap()
    } else {
        parse_yaml(&f).unwrap().remove(0)
    };
    assert!(is_template(&doc) || doc.get("Resources").is_some());
    adapt(&f, &doc)
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle}")) as u32
        + 1
}

fn line<T>(a: &Attr<T>) -> u32 {
    a.origin.location().expect("a source location").span.start_line
}

fn clusters(out: &AdapterOutput) -> Vec<&EcsCluster> {
    out.resources
        .iter()
        .filter_map(|r| if let Resource::EcsCluster(c) = r { Some(c) } else { None })
        .collect()
}

fn services(out: &AdapterOutput) -> Vec<&EcsService> {
    out.resources
        .iter()
        .filter_map(|r| if let Resource::EcsService(s) = r { Some(s) } else { None })
        .collect()
}

fn task_sets(out: &AdapterOutput) -> Vec<&EcsTaskSet> {
    out.resources
        .iter()
        .filter_map(|r| if let Resource::EcsTaskSet(t) = r { Some(t) } else { None })
        .collect()
}

fn set<T: Clone + std::fmt::Debug>(a: &Attr<T>) -> T {
    match &a.state {
        State::Set(v) => v.clone(),
        other => panic!("expected a set value, found {other:?}"),
    }
}

fn errors(out: &AdapterOutput) -> usize {
    out.diagnostics.iter().filter(|d| d.level == Level::Error).count()
}

const CLUSTER_YAML: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Prefix:
    Type: String
    Default: aws
  Insights:
    Type: String
    Default: enhanced
  KeyArn:
    Type: String
Resources:
  Main:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub '${Prefix}-main'
      ClusterSettings:
        - Name: containerInsights
          Value: !Ref Insights
      Configuration:
        ExecuteCommandConfiguration:
          KmsKeyId: !Ref KeyArn
          Logging: OVERRIDE
          LogConfiguration:
            CloudWatchEncryptionEnabled: true
            CloudWatchLogGroupName: exec-logs
            S3EncryptionEnabled: 'false'
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE
          Weight: 1
          Base: 2
      Tags:
        - Key: team
          Value: platform
  Bare:
    Type: AWS::ECS::Cluster
  Sparse:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: []
      Configuration: {}
";

#[test]
fn cluster_properties_from_yaml() {
    let t = CLUSTER_YAML;
    let out = run("t.yaml", t);
    assert_eq!(errors(&out), 0, "{:?}", out.diagnostics);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 3);
    let c = cs[0];
    assert_eq!(c.meta.kind, "AWS::ECS::Cluster");
    assert_eq!(c.meta.source, mamori_model::SourceKind::CloudFormation);
    assert_eq!(c.meta.source_type, "AWS::ECS::Cluster");
    assert_eq!(c.meta.address, "Main");
    assert_eq!(c.meta.name, "aws-main");
    assert_eq!(c.meta.origin.location().unwrap().span.start_line, line_of(t, "  Main:"));
    assert_eq!(set(&c.cluster_name), "aws-main");
    assert_eq!(line(&c.cluster_name), line_of(t, "ClusterName:"));

    let s = c.setting("containerInsights").expect("the setting");
    assert_eq!(set(&s.value), "enhanced");
    // A value from a parameter default points at the property in the resource.
    assert_eq!(line(&s.value), line_of(t, "Value: !Ref Insights"));
    assert_eq!(line(&c.settings), line_of(t, "- Name: containerInsights"));

    let ec = set(&c.execute_command);
    assert_eq!(line(&c.execute_command), line_of(t, "KmsKeyId"));
    assert_eq!(
        ec.kms_key_id.unknown_reason(),
        Some("Ref to parameter KeyArn: no Default, and no value in --cfn-parameters")
    );
    assert_eq!(line(&ec.kms_key_id), line_of(t, "KmsKeyId"));
    assert_eq!(set(&ec.logging), "OVERRIDE");
    let log = set(&ec.log_configuration);
    assert!(set(&log.cloud_watch_encryption_enabled));
    assert_eq!(
        line(&log.cloud_watch_encryption_enabled),
        line_of(t, "CloudWatchEncryptionEnabled")
    );
    assert_eq!(set(&log.cloud_watch_log_group_name), "exec-logs");
    assert!(!set(&log.s3_encryption_enabled));
    assert!(log.s3_bucket_name.is_absent());
    assert_eq!(line(&log.s3_bucket_name), line_of(t, "CloudWatchEncryptionEnabled"));

    let strat = set(&c.default_capacity_provider_strategy);
    assert_eq!(set(&strat[0].capacity_provider), "FARGATE");
    assert_eq!((set(&strat[0].weight), set(&strat[0].base)), (1, 2));
    assert_eq!(line(&strat[0].base), line_of(t, "Base: 2"));
    let tags = set(&c.tags);
    assert_eq!(
        (set(&tags[0].key), set(&tags[0].value)),
        ("team".to_string(), "platform".to_string())
    );

    // No Properties: every value is absent at the resource, from its logical id.
    let bare = cs[1];
    assert_eq!(bare.meta.name, "Bare");
    assert!(bare.settings.is_absent() && bare.cluster_name.is_absent());
    assert_eq!(line(&bare.settings), line_of(t, "  Bare:"));

    // An empty settings list counts as absent; a Configuration without the exec block too.
    let sparse = cs[2];
    assert!(sparse.settings.is_absent());
    assert_eq!(line(&sparse.settings), line_of(t, "ClusterSettings: []"));
    assert!(sparse.execute_command.is_absent());
    assert!(sparse.tags.is_absent());
    assert_eq!(line(&sparse.tags), line_of(t, "ClusterSettings: []"));
}

const CLUSTER_JSON: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "Insights": {"Type": "String", "Default": "disabled"}
  },
  "Resources": {
    "Main": {
      "Type": "AWS::ECS::Cluster",
      "Properties": {
        "ClusterName": "main",
        "ClusterSettings": [
          {"Name": "containerInsights", "Value": {"Ref": "Insights"}}
        ],
        "Configuration": {
          "ExecuteCommandConfiguration": {"Logging": "DEFAULT"}
        },
        "DefaultCapacityProviderStrategy": [
          {"CapacityProvider": "FARGATE_SPOT", "Weight": "3"}
        ],
        "Tags": [{"Key": "team", "Value": {"Fn::Join": ["-", ["plat", "form"]]}}]
      }
    },
    "Other": {
      "Type": "AWS::ECS::Cluster",
      "Properties": {
        "Tags": []
      }
    }
  }
}"#;

#[test]
fn cluster_properties_from_json() {
    let t = CLUSTER_JSON;
    let out = run("t.json", t);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 2);
    let c = cs[0];
    assert_eq!(c.meta.name, "main");
    assert_eq!(line(&c.cluster_name), line_of(t, r#""ClusterName""#));
    let s = c.setting("containerInsights").unwrap();
    assert_eq!(set(&s.value), "disabled");
    assert_eq!(line(&s.value), line_of(t, r#"{"Name": "containerInsights""#));
    let ec = set(&c.execute_command);
    assert_eq!(set(&ec.logging), "DEFAULT");
    assert!(ec.kms_key_id.is_absent() && ec.log_configuration.is_absent());
    assert_eq!(line(&ec.kms_key_id), line_of(t, r#""ExecuteCommandConfiguration""#));
    let strat = set(&c.default_capacity_provider_strategy);
    assert_eq!(set(&strat[0].weight), 3);
    assert!(strat[0].base.is_absent());
    assert_eq!(set(&set(&c.tags)[0].value), "plat-form");
    // Omitted: the line where the Properties mapping begins.
    let other = cs[1];
    assert_eq!(other.meta.name, "Other");
    assert!(other.settings.is_absent() && other.tags.is_absent());
    assert_eq!(line(&other.settings), line_of(t, r#""Tags": []"#) - 1);
}

#[test]
fn cluster_settings_with_an_unresolved_entry_are_unknown() {
    let t = "\
Conditions:
  R: !Equals [!Ref 'AWS::Region', us-east-1]
Resources:
  C:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings:
        - !If [R, {Name: containerInsights, Value: enabled}, {Name: containerInsights, Value: disabled}]
  D:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: !If [R, [{Name: containerInsights, Value: enabled}], !Ref AWS::NoValue]
";
    let out = run("t.yaml", t);
    let cs = clusters(&out);
    assert!(cs[0].settings.is_unknown());
    assert_eq!(line(&cs[0].settings), line_of(t, "- !If"));
    assert!(cs[1].settings.unknown_reason().unwrap().contains("condition R"));
}

const SERVICE_YAML: &str = "\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PlatformVersion:
    Type: String
    Default: 1.3.0
  PublicIp:
    Type: String
    Default: ENABLED
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-1,subnet-2
  Exec:
    Type: String
    Default: 'true'
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  TaskDef:
    Type: AWS::ECS::TaskDefinition
  Web:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDef
      LaunchType: FARGATE
      PlatformVersion: !Ref PlatformVersion
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: !Ref PublicIp
          SecurityGroups:
            - sg-1
            - !ImportValue shared-sg
          Subnets: !Ref Subnets
      EnableExecuteCommand: !Ref Exec
      DeploymentController:
        Type: CODE_DEPLOY
      Tags:
        - Key: app
          Value: web
  Worker:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !GetAtt Cluster.Arn
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE_SPOT
          Weight: 1
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-3]
      DeploymentController: {}
";

#[test]
fn service_properties_from_yaml() {
    let t = SERVICE_YAML;
    let out = run("t.yaml", t);
    assert_eq!(errors(&out), 0);
    let ss = services(&out);
    assert_eq!(ss.len(), 2);
    let s = ss[0];
    assert_eq!((s.meta.name.as_str(), s.meta.address.as_str()), ("web", "Web"));
    assert_eq!(s.meta.kind, "AWS::ECS::Service");
    assert_eq!(set(&s.service_name), "web");
    assert_eq!(set(&s.cluster), "Cluster");
    assert_eq!(line(&s.cluster), line_of(t, "Cluster: !Ref Cluster"));
    assert_eq!(set(&s.task_definition), "TaskDef");
    assert_eq!(set(&s.launch_type), "FARGATE");
    assert_eq!(set(&s.platform_version), "1.3.0");
    assert_eq!(line(&s.platform_version), line_of(t, "PlatformVersion: !Ref"));
    assert!(s.platform_family.is_absent());
    let net = set(&s.network);
    assert_eq!(line(&s.network), line_of(t, "AssignPublicIp:"));
    assert!(set(&net.assign_public_ip));
    assert_eq!(line(&net.assign_public_ip), line_of(t, "AssignPublicIp:"));
    let sgs = set(&net.security_groups);
    assert_eq!(set(&sgs[0]), "sg-1");
    assert!(sgs[1].unknown_reason().unwrap().contains("shared-sg"));
    let subnets: Vec<String> = set(&net.subnets).iter().map(set).collect();
    assert_eq!(subnets, ["subnet-1", "subnet-2"]);
    assert!(set(&s.enable_execute_command));
    assert_eq!(line(&s.enable_execute_command), line_of(t, "EnableExecuteCommand"));
    assert_eq!(set(&s.deployment_controller), "CODE_DEPLOY");
    assert_eq!(line(&s.deployment_controller), line_of(t, "Type: CODE_DEPLOY"));
    assert_eq!(set(&set(&s.tags)[0].key), "app");
    assert!(s.capacity_provider_strategy.is_absent());
    assert_eq!(line(&s.capacity_provider_strategy), line_of(t, "ServiceName: web"));

    let w = ss[1];
    assert_eq!(w.meta.name, "Worker");
    assert!(w.service_name.is_absent());
    assert_eq!(line(&w.service_name), line_of(t, "Cluster: !GetAtt"));
    assert_eq!(set(&w.cluster), "Cluster");
    assert!(w.launch_type.is_absent());
    assert_eq!(w.compute(), mamori_model::ecs::Compute::Fargate);
    assert!(w.platform_version.is_absent());
    assert_eq!(line(&w.platform_version), line_of(t, "Cluster: !GetAtt"));
    let net = set(&w.network);
    // Omitted AssignPublicIp stays absent, at the awsvpc mapping; the model applies the default.
    assert!(net.assign_public_ip.is_absent());
    assert_eq!(line(&net.assign_public_ip), line_of(t, "Subnets: [subnet-3]"));
    assert!(w.deployment_controller.is_absent());
    assert!(w.enable_execute_command.is_absent());
}

const SERVICE_JSON: &str = r#"{
  "Parameters": {
    "Version": {"Type": "String", "Default": "1.4.0"},
    "Env": {"Type": "String", "Default": "prod"}
  },
  "Conditions": {
    "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}
  },
  "Resources": {
    "Svc": {
      "Type": "AWS::ECS::Service",
      "Properties": {
        "ServiceName": {"Fn::Sub": "${Env}-svc"},
        "Cluster": "shared",
        "LaunchType": {"Fn::If": ["IsProd", "FARGATE", "EC2"]},
        "PlatformVersion": {"Ref": "Version"},
        "NetworkConfiguration": {
          "AwsvpcConfiguration": {
            "AssignPublicIp": "DISABLED",
            "Subnets": ["subnet-1"]
          }
        },
        "EnableExecuteCommand": false,
        "DeploymentController": {"Type": "ECS"},
        "TaskDefinition": {"Fn::ImportValue": "td"}
      }
    }
  }
}"#;

#[test]
fn service_properties_from_json() {
    let t = SERVICE_JSON;
    let out = run("t.json", t);
    let s = services(&out)[0];
    assert_eq!(s.meta.name, "prod-svc");
    assert_eq!(set(&s.cluster), "shared");
    assert_eq!(set(&s.launch_type), "FARGATE");
    assert_eq!(line(&s.launch_type), line_of(t, r#""LaunchType""#));
    assert_eq!(set(&s.platform_version), "1.4.0");
    assert_eq!(line(&s.platform_version), line_of(t, r#""PlatformVersion""#));
    let net = set(&s.network);
    assert!(!set(&net.assign_public_ip));
    assert_eq!(line(&net.assign_public_ip), line_of(t, r#""AssignPublicIp""#));
    assert!(net.security_groups.is_absent());
    assert_eq!(line(&net.security_groups), line_of(t, r#""AwsvpcConfiguration""#));
    assert!(!set(&s.enable_execute_command));
    assert_eq!(set(&s.deployment_controller), "ECS");
    assert!(
        s.task_definition
            .unknown_reason()
            .unwrap()
            .contains("Fn::ImportValue td")
    );
    assert!(s.tags.is_absent());
    assert_eq!(line(&s.tags), line_of(t, r#""Properties""#));
}

const TASK_SET_YAML: &str = "\
Parameters:
  PublicIp:
    Type: String
    Default: ENABLED
Resources:
  Svc:
    Type: AWS::ECS::Service
    Properties:
      DeploymentController:
        Type: EXTERNAL
  Blue:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: prod
      Service: !Ref Svc
      TaskDefinition: arn:aws:ecs:us-east-1:111122223333:task-definition/web:3
      LaunchType: FARGATE
      PlatformVersion: LATEST
      NetworkConfiguration:
        AwsVpcConfiguration:
          AssignPublicIp: !Ref PublicIp
          Subnets: [subnet-1]
      Tags:
        - Key: color
          Value: blue
  Green:
    Type: AWS::ECS::TaskSet
    Properties:
      Cluster: prod
      Service: !Ref Svc
      TaskDefinition: web:4
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE
      NetworkConfiguration:
        AwsVpcConfiguration:
          Subnets: [subnet-1]
";

#[test]
fn task_set_properties_from_yaml() {
    let t = TASK_SET_YAML;
    let out = run("t.yaml", t);
    let ts = task_sets(&out);
    assert_eq!(ts.len(), 2);
    let b = ts[0];
    assert_eq!(b.meta.kind, "AWS::ECS::TaskSet");
    assert_eq!((b.meta.name.as_str(), b.meta.address.as_str()), ("Blue", "Blue"));
    assert_eq!(set(&b.cluster), "prod");
    assert_eq!(set(&b.service), "Svc");
    assert_eq!(line(&b.service), line_of(t, "Service: !Ref Svc"));
    assert!(set(&b.task_definition).ends_with("web:3"));
    assert_eq!(set(&b.launch_type), "FARGATE");
    assert_eq!(set(&b.platform_version), "LATEST");
    let net = set(&b.network);
    assert!(set(&net.assign_public_ip));
    assert_eq!(line(&net.assign_public_ip), line_of(t, "AssignPublicIp: !Ref PublicIp"));
    assert_eq!(set(&set(&b.tags)[0].value), "blue");
    let g = ts[1];
    assert_eq!(set(&set(&g.capacity_provider_strategy)[0].capacity_provider), "FARGATE");
    assert!(g.platform_version.is_absent());
    assert_eq!(line(&g.platform_version), line_of(t, "TaskDefinition: web:4") - 2);
    assert!(set(&g.network).assign_public_ip.is_absent());
    assert!(g.tags.is_absent());
}

#[test]
fn task_set_properties_from_json() {
    let t = r#"{
  "Resources": {
    "TS": {
      "Type": "AWS::ECS::TaskSet",
      "Properties": {
        "Cluster": {"Ref": "AWS::StackName"},
        "Service": "web",
        "TaskDefinition": "web:1",
        "PlatformVersion": "1.3.0",
        "LaunchType": "FARGATE",
        "NetworkConfiguration": {
          "AwsVpcConfiguration": {"AssignPublicIp": "ENABLED", "Subnets": ["s"]}
        }
      }
    }
  }
}"#;
    let out = run("t.json", t);
    let ts = task_sets(&out)[0];
    assert!(ts.cluster.unknown_reason().unwrap().contains("AWS::StackName"));
    assert_eq!(line(&ts.cluster), line_of(t, r#""Cluster""#));
    assert_eq!(set(&ts.platform_version), "1.3.0");
    assert!(set(&set(&ts.network).assign_public_ip));
    assert_eq!(
        line(&set(&ts.network).assign_public_ip),
        line_of(t, r#""AssignPublicIp""#)
    );
}

#[test]
fn capacity_provider_associations_attach_to_their_cluster() {
    let t = "\
Resources:
  ByRef:
    Type: AWS::ECS::Cluster
  ByName:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: named
  Untouched:
    Type: AWS::ECS::Cluster
  A1:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: !Ref ByRef
      CapacityProviders: [FARGATE]
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE
          Weight: 1
  A2:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: named
      CapacityProviders: [FARGATE_SPOT]
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE_SPOT
  A3:
    Type: AWS::ECS::ClusterCapacityProviderAssociations
    Properties:
      Cluster: elsewhere
      DefaultCapacityProviderStrategy:
        - CapacityProvider: FARGATE
";
    let out = run("t.yaml", t);
    assert_eq!(out.resources.len(), 3);
    let cs = clusters(&out);
    let a = set(&cs[0].default_capacity_provider_strategy);
    assert_eq!(set(&a[0].capacity_provider), "FARGATE");
    assert_eq!(
        line(&cs[0].default_capacity_provider_strategy),
        line_of(t, "- CapacityProvider: FARGATE")
    );
    let b = set(&cs[1].default_capacity_provider_strategy);
    assert_eq!(set(&b[0].capacity_provider), "FARGATE_SPOT");
    assert!(cs[2].default_capacity_provider_strategy.is_absent());
}

#[test]
fn resource_conditions() {
    let t = "\
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsProd: !Not [!Condition IsDev]
  InRegion: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  DevCluster:
    Type: AWS::ECS::Cluster
    Condition: IsDev
  ProdCluster:
    Type: AWS::ECS::Cluster
    Condition: IsProd
  MaybeCluster:
    Type: AWS::ECS::Cluster
    Condition: InRegion
  DevService:
    Type: AWS::ECS::Service
    Condition: IsDev
";
    let out = run("t.yaml", t);
    let names: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    assert_eq!(names, ["ProdCluster", "MaybeCluster"]);
    let j = r#"{"Conditions": {"No": {"Fn::Equals": ["a", "b"]}},
      "Resources": {"C": {"Type": "AWS::ECS::Cluster", "Condition": "No"},
                    "D": {"Type": "AWS::ECS::Cluster"}}}"#;
    let out = run("t.json", j);
    assert_eq!(out.resources.len(), 1);
    assert_eq!(out.resources[0].meta().address, "D");
}

#[test]
fn no_value_properties_are_absent() {
    let t = "\
Conditions:
  Never: !Equals [a, b]
Resources:
  Svc:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: svc
      PlatformVersion: !If [Never, 1.3.0, !Ref AWS::NoValue]
      NetworkConfiguration:
        AwsvpcConfiguration:
          AssignPublicIp: !Ref AWS::NoValue
          Subnets: [a]
";
    let out = run("t.yaml", t);
    let s = services(&out)[0];
    assert!(s.platform_version.is_absent());
    assert_eq!(line(&s.platform_version), line_of(t, "ServiceName: svc"));
    let net = set(&s.network);
    assert!(net.assign_public_ip.is_absent());
    assert_eq!(line(&net.assign_public_ip), line_of(t, "AssignPublicIp"));
}

#[test]
fn unresolved_values_are_unknown_with_a_reason() {
    let t = "\
Parameters:
  PlatformVersion:
    Type: String
Conditions:
  InRegion: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  Svc:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: !Ref PlatformVersion
      NetworkConfiguration: !If
        - InRegion
        - AwsvpcConfiguration: {AssignPublicIp: ENABLED}
        - AwsvpcConfiguration: {AssignPublicIp: DISABLED}
      EnableExecuteCommand: maybe
  Whole:
    Type: AWS::ECS::Service
    Properties: !If [InRegion, {LaunchType: FARGATE}, {LaunchType: EC2}]
";
    let out = run("t.yaml", t);
    let ss = services(&out);
    let s = ss[0];
    assert_eq!(
        s.platform_version.unknown_reason(),
        Some("Ref to parameter PlatformVersion: no Default, and no value in --cfn-parameters")
    );
    assert_eq!(line(&s.platform_version), line_of(t, "PlatformVersion: !Ref"));
    assert!(s.network.unknown_reason().unwrap().contains("InRegion"));
    assert_eq!(line(&s.network), line_of(t, "NetworkConfiguration: !If"));
    assert!(s.enable_execute_command.is_unknown());
    let w = ss[1];
    assert!(w.launch_type.is_unknown() && w.network.is_unknown() && w.tags.is_unknown());
    assert_eq!(line(&w.launch_type), line_of(t, "Properties: !If"));
}

#[test]
fn dynamic_references_reach_the_model_as_unknown() {
    let t = "\
Parameters:
  Version:
    Type: String
    Default: '{{resolve:ssm:/platform/fargate-version}}'
Resources:
  A:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: '{{resolve:ssm:/platform/fargate-version}}'
  B:
    Type: AWS::ECS::Service
    Properties:
      LaunchType: FARGATE
      PlatformVersion: !Ref Version
";
    let out = run("t.yaml", t);
    for s in services(&out) {
        assert!(
            s.platform_version
                .unknown_reason()
                .unwrap()
                .contains("dynamic reference")
        );
    }
    assert_eq!(
        line(&services(&out)[1].platform_version),
        line_of(t, "PlatformVersion: !Ref")
    );
}

#[test]
fn assign_public_ip_other_than_enabled_or_disabled_is_unknown() {
    let t = "Resources:\n  S:\n    Type: AWS::ECS::Service\n    Properties:\n      NetworkConfiguration:\n        \
             AwsvpcConfiguration:\n          AssignPublicIp: true\n";
    let out = run("t.yaml", t);
    let net = set(&services(&out)[0].network);
    assert!(
        net.assign_public_ip
            .unknown_reason()
            .unwrap()
            .contains("neither ENABLED nor DISABLED")
    );
}

#[test]
fn malformed_templates_give_diagnostics_not_panics() {
    let out = run(
        "t.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Type: AWS::ECS::Cluster\n",
    );
    assert!(out.resources.is_empty());
    assert_eq!(errors(&out), 1);
    assert_eq!(out.diagnostics[0].line, 3);
    // Nothing the model reads could be lost: a note, not an error.
    let out = run(
        "t.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Type: AWS::SNS::Topic\n",
    );
    assert_eq!((errors(&out), out.diagnostics.len()), (0, 1));

    let t = "\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoType:
    Properties:
      ClusterName: x
  Scalar: just text
  NumberType:
    Type: 3
  ListProps:
    Type: AWS::ECS::Cluster
    Properties:
      - ClusterName: x
  NullProps:
    Type: AWS::ECS::Service
    Properties:
  Odd:
    Type: AWS::ECS::Service
    Properties:
      ClusterSettings: 7
      NetworkConfiguration: [a]
      CapacityProviderStrategy: [FARGATE, {CapacityProvider: [x]}]
      Tags: {Key: a}
      DeploymentController: x
  Good:
    Type: AWS::ECS::Cluster
";
    let out = run("t.yaml", t);
    assert_eq!(errors(&out), 4, "{:?}", out.diagnostics);
    let lines: Vec<u32> = out.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(
        lines,
        [
            line_of(t, "NoType:"),
            line_of(t, "just text"),
            line_of(t, "Type: 3"),
            line_of(t, "- ClusterName")
        ]
    );
    let names: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    assert_eq!(names, ["ListProps", "NullProps", "Odd", "Good"]);
    let cs = clusters(&out);
    assert!(cs[0].cluster_name.unknown_reason().unwrap().contains("Properties"));
    let ss = services(&out);
    assert!(ss[0].cluster.is_absent());
    assert_eq!(line(&ss[0].cluster), line_of(t, "NullProps:"));
    let odd = ss[1];
    assert!(odd.network.is_unknown() && odd.tags.is_unknown() && odd.deployment_controller.is_unknown());
    let strat = set(&odd.capacity_provider_strategy);
    assert!(strat[0].capacity_provider.is_unknown() && strat[1].capacity_provider.is_unknown());

    // Documents that are not usable templates at all.
    for text in [
        "AWSTemplateFormatVersion: x\n",
        "AWSTemplateFormatVersion: x\nResources: 3\n",
        "Resources: {}\n",
    ] {
        let f = SourceFile::new("t.yaml", text);
        let doc = parse_yaml(&f).unwrap().remove(0);
        let out = adapt(&f, &doc);
        assert!(out.resources.is_empty());
    }
}

#[test]
fn for_each_loops_are_expanded_with_the_language_extensions() {
    let t = "\
Transform: AWS::LanguageExtensions
Mappings:
  Clusters:
    Condition: {b: IsProd}
Conditions:
  IsProd: !Equals [a, b]
Resources:
  Fn::ForEach::Clusters:
    - Name
    - [a, b, c-d]
    - Cluster&{Name}:
        Type: AWS::ECS::Cluster
        Condition: !FindInMap [Clusters, Condition, !Ref Name, {DefaultValue: !Ref AWS::NoValue}]
        Properties:
          ClusterName: !Sub 'shop-${Name}'
          ClusterSettings:
            - Name: containerInsights
              Value: enabled
  Real:
    Type: AWS::ECS::Cluster
";
    let out = run("t.yaml", t);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let cs = clusters(&out);
    let ids: Vec<&str> = cs.iter().map(|c| c.meta.address.as_str()).collect();
    // Clusterb's condition is false: it is not created.
    assert_eq!(ids, ["Clustera", "Clustercd", "Real"]);
    assert_eq!(set(&cs[1].cluster_name), "shop-c-d");
    // A generated cluster points at the fragment that wrote it.
    assert_eq!(
        cs[0].meta.origin.location().unwrap().span.start_line,
        line_of(t, "Cluster&{Name}:")
    );
    assert_eq!(line(&cs[1].cluster_name), line_of(t, "ClusterName:"));
    let s = cs[1].setting("containerInsights").unwrap();
    assert_eq!(line(&s.value), line_of(t, "Value: enabled"));
}

#[test]
fn for_each_loops_without_the_transform_are_noted_and_skipped() {
    let t = "\
Resources:
  Fn::ForEach::Clusters:
    - Name
    - [a, b]
    - Cluster${Name}:
        Type: AWS::ECS::Cluster
  Real:
    Type: AWS::ECS::Cluster
";
    let out = run("t.yaml", t);
    assert_eq!(out.resources.len(), 1);
    assert_eq!(errors(&out), 0);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(
        out.diagnostics[0].message,
        "Fn::ForEach::Clusters is expanded only with the AWS::LanguageExtensions transform, which the template does not declare: the resources it would make are not scanned"
    );
    assert_eq!(out.diagnostics[0].line, 2);
}

#[test]
fn a_loop_whose_collection_is_unknown_is_noted() {
    let t = "\
Transform: [AWS::LanguageExtensions]
Parameters:
  Names: {Type: CommaDelimitedList}
Resources:
  Fn::ForEach::Clusters:
    - Name
    - !Ref Names
    - Cluster${Name}:
        Type: AWS::ECS::Cluster
";
    let out = run("t.yaml", t);
    assert!(out.resources.is_empty());
    assert_eq!(errors(&out), 0);
    assert_eq!(out.diagnostics.len(), 1);
    assert!(
        out.diagnostics[0]
            .message
            .contains("collection is unknown: Ref to parameter Names")
    );
    // Given the list, the clusters are read.
    let f = SourceFile::new("t.yaml", t);
    let doc = parse_yaml(&f).unwrap().remove(0);
    let mut given = Inputs::new();
    given.insert("Names", parameters::Given::Value("web, api".into()));
    let out = adapt_with(&f, &doc, &given);
    let ids: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    assert_eq!(ids, ["Clusterweb", "Clusterapi"]);
}

#[test]
fn sam_and_other_transforms_are_noted() {
    let t = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings: [{Name: containerInsights, Value: disabled}]
";
    let out = run("t.yaml", t);
    // The ECS resources of a SAM template are judged.
    assert_eq!(clusters(&out).len(), 1);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(
        out.diagnostics[0].message,
        "AWS SAM template: its AWS::Serverless::* resources are not container resources and are not judged; the ECS and EKS resources beside them are"
    );
    assert_eq!(out.diagnostics[0].line, 1);
    // A SAM template without serverless resources needs no note.
    let out = run(
        "t.yaml",
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  C: {Type: AWS::ECS::Cluster}\n",
    );
    assert!(out.diagnostics.is_empty());
    // A macro changes the template in ways the scanner cannot see.
    let t = "\
Transform:
  - MyMacro
  - Name: AWS::Include
    Parameters: {Location: s3://bucket/snippet.yaml}
Resources:
  C: {Type: AWS::ECS::Cluster}
";
    let out = run("t.yaml", t);
    let notes: Vec<(u32, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        notes,
        [
            (
                2,
                "the transform MyMacro changes the template before it is deployed: what it adds or changes is not scanned"
            ),
            (
                3,
                "the transform AWS::Include changes the template before it is deployed: what it adds or changes is not scanned"
            ),
        ]
    );
}

#[test]
fn nested_stacks_whose_template_cannot_be_read_are_noted() {
    let t = "\
Resources:
  Vpc:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./infrastructure/vpc.yaml
      Parameters: {Cidr: 10.0.0.0/16}
  Cluster:
    Type: AWS::ECS::Cluster
";
    let out = run("t.yaml", t);
    assert_eq!(out.resources.len(), 1);
    let notes: Vec<(u32, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert_eq!(
        notes,
        [(
            2,
            "nested stack Vpc: its template infrastructure/vpc.yaml cannot be read, so its resources are not scanned: No such file or directory (os error 2)"
        )]
    );
}

/// Reads `tests/data/cfn-nested/root.yaml` from its folder, following its nested stacks.
fn nested_tree() -> (AdapterOutput, Vec<SourceFile>, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cfn-nested");
    let path = dir.join("root.yaml");
    let name = crate::discover::display_path(&path);
    let file = SourceFile::new(name.clone(), std::fs::read_to_string(&path).unwrap());
    let doc = parse_yaml(&file).unwrap().remove(0);
    let (out, read) = adapt_at(&file, &doc, &parameters::Inputs::new(), Some(&path));
    (out, read, name)
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/cfn-nested")
            .join(rel),
    )
    .unwrap()
}

fn path_of<T>(a: &Attr<T>) -> String {
    let p = a.origin.location().expect("a location").path.to_string();
    p[p.find("cfn-nested/").expect("a fixture path") + "cfn-nested/".len()..].to_string()
}

#[test]
fn nested_stacks_are_followed_two_deep_with_the_parameters_passed() {
    let (out, read, root) = nested_tree();
    let mut addresses: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        ["Cluster", "Services/Task", "Services/Web", "Services/Worker/Service"]
    );
    let services_text = fixture("services/services.yaml");
    let worker_text = fixture("services/worker.yaml");
    let by = |a: &str| out.resources.iter().find(|r| r.meta().address == a).unwrap();
    // The first level: a service of the child, at the child's lines.
    let Resource::EcsService(web) = by("Services/Web") else {
        panic!()
    };
    let web_origin = web.meta.origin.location().unwrap();
    assert!(web_origin.path.ends_with("cfn-nested/services/services.yaml"));
    assert_eq!(web_origin.span.start_line, line_of(&services_text, "  Web:"));
    // `Fn::GetAtt Cluster.Arn` in the parent: unknown, but it names the parent's cluster.
    assert_eq!(set(&web.cluster), "Cluster");
    assert_eq!(line(&web.cluster), line_of(&services_text, "Cluster: !Ref ClusterArn"));
    // A literal passed by the parent overrides the child's Default.
    let net = set(&web.network);
    assert!(set(&net.assign_public_ip));
    assert_eq!(
        line(&net.assign_public_ip),
        line_of(&services_text, "AssignPublicIp: !Ref PublicIp")
    );
    assert_eq!(path_of(&net.assign_public_ip), "services/services.yaml");
    // Not passed: the child's Default.
    assert_eq!(set(&web.platform_version), "1.3.0");
    // A reference to the child's own resource is named under the stack.
    assert_eq!(set(&web.task_definition), "Services/Task");
    // An unknown value passed stays unknown, with the parent's reason.
    let Resource::EcsTaskDefinition(task) = by("Services/Task") else {
        panic!()
    };
    assert_eq!(set(&task.family), "prod-web");
    let image = &set(&task.containers)[0].image;
    assert_eq!(
        image.unknown_reason(),
        Some(
            "Ref to parameter Image, given by the parent stack: Fn::Sub: Ref to parameter ImageTag: no Default, and no value in --cfn-parameters"
        )
    );
    assert_eq!(line(image), line_of(&services_text, "Image: !Ref Image"));
    // The second level: `file://` relative to the child's folder, a value the child computes
    // from what the parent passed, and references the child passes on.
    let Resource::EcsService(worker) = by("Services/Worker/Service") else {
        panic!()
    };
    assert_eq!(set(&worker.service_name), "prod-worker");
    assert_eq!(
        line(&worker.service_name),
        line_of(&worker_text, "ServiceName: !Ref Name")
    );
    assert_eq!(path_of(&worker.service_name), "services/worker.yaml");
    assert_eq!(set(&worker.cluster), "Cluster");
    assert_eq!(set(&worker.task_definition), "Services/Task");
    // One scope for the whole tree: the root template.
    for r in &out.resources {
        let scope = r.meta().scope.clone();
        if r.meta().address == "Cluster" {
            assert_eq!(scope, None);
        } else {
            assert_eq!(scope.as_deref(), Some(root.as_str()));
        }
    }
    // The templates read, for showing lines.
    let read: Vec<String> = read.iter().map(|f| f.path.to_string()).collect();
    assert_eq!(read.len(), 2);
    assert!(read[0].ends_with("cfn-nested/services/services.yaml"), "{read:?}");
    assert!(read[1].ends_with("cfn-nested/services/worker.yaml"), "{read:?}");
    // A template on S3 is not fetched.
    let notes: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        notes,
        [
            "nested stack Shared: its template https://s3.amazonaws.com/example-bucket/shared.yaml is not fetched (only a local file is followed), so its resources are not scanned"
        ]
    );
}

#[test]
fn nested_stack_parameters_without_a_value_and_cycles() {
    let d = std::env::temp_dir().join(format!("mamori-cfn-nested-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let parent = "\
Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: child.yaml
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/app
        SemanticVersion: 1.0.0
";
    let child = "\
Parameters:
  Platform:
    Type: String
Resources:
  Service:
    Type: AWS::ECS::Service
    Properties:
      PlatformVersion: !Ref Platform
  Back:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./parent.yaml
";
    std::fs::write(d.join("parent.yaml"), parent).unwrap();
    std::fs::write(d.join("child.yaml"), child).unwrap();
    let path = d.join("parent.yaml");
    let file = SourceFile::new("parent.yaml", parent);
    let doc = parse_yaml(&file).unwrap().remove(0);
    let (out, _) = adapt_at(&file, &doc, &parameters::Inputs::new(), Some(&path));
    let Some(Resource::EcsService(s)) = out.resources.first() else {
        panic!("{:?}", out.resources)
    };
    assert_eq!(s.meta.address, "Child/Service");
    assert_eq!(
        s.platform_version.unknown_reason(),
        Some("Ref to parameter Platform: no Default, and the parent stack passes no value")
    );
    let mut notes: Vec<String> = out.diagnostics.iter().map(|d| d.message.clone()).collect();
    notes.sort();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with(
        "nested stack App: its template arn:aws:serverlessrepo:us-east-1:123456789012:applications/app is not fetched"
    ));
    assert!(
        notes[1].starts_with("nested stack Child/Back: ")
            && notes[1].ends_with("parent.yaml deploys a template that deploys it, so it is not followed"),
        "{notes:?}"
    );
}

#[test]
fn sniffing() {
    assert!(sniff("AWSTemplateFormatVersion: '2010-09-09'"));
    assert!(sniff("Resources:\n  X:\n    Type: AWS::ECS::Cluster\n"));
    assert!(!sniff("apiVersion: v1\nkind: Pod\n"));
}

/// Where each model value of a resource points, by the property it comes from, and whether it
/// is absent.
fn origins(r: &Resource) -> Vec<(&'static str, u32, bool)> {
    fn o<T>(name: &'static str, a: &Attr<T>) -> (&'static str, u32, bool) {
        (name, line(a), a.is_absent())
    }
    match r {
        Resource::EcsCluster(c) => vec![
            o("ClusterName", &c.cluster_name),
            o("ClusterSettings", &c.settings),
            o("Configuration", &c.execute_command),
            o("DefaultCapacityProviderStrategy", &c.default_capacity_provider_strategy),
            o("Tags", &c.tags),
        ],
        Resource::EcsService(s) => vec![
            o("ServiceName", &s.service_name),
            o("Cluster", &s.cluster),
            o("TaskDefinition", &s.task_definition),
            o("LaunchType", &s.launch_type),
            o("CapacityProviderStrategy", &s.capacity_provider_strategy),
            o("PlatformVersion", &s.platform_version),
            o("NetworkConfiguration", &s.network),
            o("EnableExecuteCommand", &s.enable_execute_command),
            o("DeploymentController", &s.deployment_controller),
            o("Tags", &s.tags),
        ],
        Resource::EcsTaskSet(t) => vec![
            o("Service", &t.service),
            o("Cluster", &t.cluster),
            o("TaskDefinition", &t.task_definition),
            o("LaunchType", &t.launch_type),
            o("CapacityProviderStrategy", &t.capacity_provider_strategy),
            o("PlatformVersion", &t.platform_version),
            o("NetworkConfiguration", &t.network),
            o("Tags", &t.tags),
        ],
        Resource::EcsTaskDefinition(t) => vec![
            o("Family", &t.family),
            o("NetworkMode", &t.network_mode),
            o("PidMode", &t.pid_mode),
            o("IpcMode", &t.ipc_mode),
            o("TaskRoleArn", &t.task_role_arn),
            o("ExecutionRoleArn", &t.execution_role_arn),
            o("RequiresCompatibilities", &t.requires_compatibilities),
            o("RuntimePlatform", &t.os_family),
            o("Volumes", &t.volumes),
            o("ContainerDefinitions", &t.containers),
            o("Tags", &t.tags),
        ],
        Resource::EcsCapacityProvider(c) => vec![
            o("Name", &c.name),
            o("AutoScalingGroupProvider", &c.auto_scaling_group),
            o("Tags", &c.tags),
        ],
        // EKS resources are checked in `eks.rs`.
        _ => Vec::new(),
    }
}

const EVERY_PROPERTY_YAML: &str = "\
Parameters:
  Version:
    Type: String
    Default: 1.4.0
Resources:
  FullCluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: full
      ClusterSettings: [{Name: containerInsights, Value: enabled}]
      Configuration: {ExecuteCommandConfiguration: {KmsKeyId: key, Logging: OVERRIDE}}
      DefaultCapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}]
      Tags: [{Key: team, Value: platform}]
  FullService:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: web
      Cluster: !Ref FullCluster
      TaskDefinition: web:1
      LaunchType: FARGATE
      CapacityProviderStrategy: [{CapacityProvider: FARGATE}]
      PlatformVersion: !Ref Version
      NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: DISABLED, Subnets: [s]}}
      EnableExecuteCommand: false
      DeploymentController: {Type: ECS}
      Tags: [{Key: app, Value: web}]
  FullTaskSet:
    Type: AWS::ECS::TaskSet
    Properties:
      Service: !Ref FullService
      Cluster: !Ref FullCluster
      TaskDefinition: web:2
      LaunchType: FARGATE
      CapacityProviderStrategy: [{CapacityProvider: FARGATE_SPOT}]
      PlatformVersion: !Sub '${Version}'
      NetworkConfiguration: {AwsVpcConfiguration: {AssignPublicIp: DISABLED, Subnets: [s]}}
      Tags: [{Key: color, Value: blue}]
  EmptyCluster:
    Type: AWS::ECS::Cluster
    Properties:
      CapacityProviders: [FARGATE]
  EmptyService:
    Type: AWS::ECS::Service
    Properties:
      DesiredCount: 1
  EmptyTaskSet:
    Type: AWS::ECS::TaskSet
    Properties:
      ExternalId: x
  BareService:
    Type: AWS::ECS::Service
";

const EVERY_PROPERTY_JSON: &str = r#"{
  "Parameters": {"Version": {"Type": "String", "Default": "1.4.0"}},
  "Resources": {
    "FullCluster": {
      "Type": "AWS::ECS::Cluster",
      "Properties": {
        "ClusterName": "full",
        "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}],
        "Configuration": {"ExecuteCommandConfiguration": {"KmsKeyId": "key", "Logging": "OVERRIDE"}},
        "DefaultCapacityProviderStrategy": [{"CapacityProvider": "FARGATE", "Weight": 1}],
        "Tags": [{"Key": "team", "Value": "platform"}]
      }
    },
    "FullService": {
      "Type": "AWS::ECS::Service",
      "Properties": {
        "ServiceName": "web",
        "Cluster": {"Ref": "FullCluster"},
        "TaskDefinition": "web:1",
        "LaunchType": "FARGATE",
        "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE"}],
        "PlatformVersion": {"Ref": "Version"},
        "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "DISABLED", "Subnets": ["s"]}},
        "EnableExecuteCommand": false,
        "DeploymentController": {"Type": "ECS"},
        "Tags": [{"Key": "app", "Value": "web"}]
      }
    },
    "FullTaskSet": {
      "Type": "AWS::ECS::TaskSet",
      "Properties": {
        "Service": {"Ref": "FullService"},
        "Cluster": {"Ref": "FullCluster"},
        "TaskDefinition": "web:2",
        "LaunchType": "FARGATE",
        "CapacityProviderStrategy": [{"CapacityProvider": "FARGATE_SPOT"}],
        "PlatformVersion": {"Fn::Sub": "${Version}"},
        "NetworkConfiguration": {"AwsVpcConfiguration": {"AssignPublicIp": "DISABLED", "Subnets": ["s"]}},
        "Tags": [{"Key": "color", "Value": "blue"}]
      }
    },
    "EmptyCluster": {
      "Type": "AWS::ECS::Cluster",
      "Properties": {
        "CapacityProviders": ["FARGATE"]
      }
    },
    "EmptyService": {
      "Type": "AWS::ECS::Service",
      "Properties": {
        "DesiredCount": 1
      }
    },
    "EmptyTaskSet": {
      "Type": "AWS::ECS::TaskSet",
      "Properties": {
        "ExternalId": "x"
      }
    },
    "BareService": {
      "Type": "AWS::ECS::Service"
    }
  }
}"#;

/// The 1-based line of the first line containing `needle` at or after line `from`.
fn line_after(text: &str, from: u32, needle: &str) -> u32 {
    text.lines()
        .enumerate()
        .skip(from as usize - 1)
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle} after {from}"))
        .0 as u32
        + 1
}

/// Every mapped property: an explicit value points at its own line, an omitted one at the line
/// where the Properties mapping begins (YAML: its first entry; JSON: its opening brace), or at
/// the logical id when there are no Properties.
fn every_property(path: &str, text: &str, quote: &str) {
    let out = run(path, text);
    assert_eq!(errors(&out), 0);
    assert_eq!(out.resources.len(), 7);
    for r in &out.resources {
        let id = r.meta().address.as_str();
        let id_line = line_of(text, &format!("{quote}{id}{quote}:"));
        assert_eq!(r.meta().origin.location().unwrap().span.start_line, id_line, "{id}");
        for (prop, l, absent) in origins(r) {
            if id.starts_with("Full") {
                let want = line_after(text, id_line, &format!("{quote}{prop}{quote}:"));
                assert_eq!((l, absent), (want, false), "{path} {id}.{prop}");
            } else if id.starts_with("Empty") {
                let want = if quote.is_empty() {
                    line_after(text, id_line, "Properties:") + 1
                } else {
                    line_after(text, id_line, "\"Properties\": {")
                };
                assert_eq!((l, absent), (want, true), "{path} {id}.{prop}");
            } else {
                assert_eq!((l, absent), (id_line, true), "{path} {id}.{prop}");
            }
        }
    }
}

#[test]
fn every_mapped_property_points_at_its_line_yaml() {
    every_property("t.yaml", EVERY_PROPERTY_YAML, "");
}

#[test]
fn every_mapped_property_points_at_its_line_json() {
    every_property("t.json", EVERY_PROPERTY_JSON, "\"");
}

#[test]
fn nested_stack_outputs_reach_the_stacks_that_use_them() {
    let d = std::env::temp_dir().join(format!("mamori-cfn-outputs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    // The service stack comes first but uses the platform stack's outputs.
    let parent = "\
Resources:
  Service:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: service.yaml
      Parameters:
        Cluster: !GetAtt Platform.Outputs.ClusterArn
        Subnet: !GetAtt [Platform, Outputs.Subnet]
        Name: !Sub \"${Platform.Outputs.Env}-web\"
  Platform:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: platform.yaml
";
    let platform = "\
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
Outputs:
  ClusterArn:
    Value: !GetAtt Cluster.Arn
  Subnet:
    Value: subnet-123
  Env:
    Value: prod
";
    let service = "\
Parameters:
  Cluster: {Type: String}
  Subnet: {Type: String}
  Name: {Type: String}
Resources:
  Web:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: !Ref Name
      Cluster: !Ref Cluster
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [!Ref Subnet]
";
    for (name, text) in [
        ("parent.yaml", parent),
        ("platform.yaml", platform),
        ("service.yaml", service),
    ] {
        std::fs::write(d.join(name), text).unwrap();
    }
    let path = d.join("parent.yaml");
    let file = SourceFile::new("parent.yaml", parent);
    let doc = parse_yaml(&file).unwrap().remove(0);
    let (out, _) = adapt_at(&file, &doc, &parameters::Inputs::new(), Some(&path));
    let web = out
        .resources
        .iter()
        .find_map(|r| match r {
            Resource::EcsService(s) if s.meta.address == "Service/Web" => Some(s),
            _ => None,
        })
        .expect("the service");
    // `Fn::GetAtt Cluster.Arn` in the platform stack's output: it names that stack's cluster.
    assert_eq!(set(&web.cluster), "Platform/Cluster");
    assert_eq!(set(&web.service_name), "prod-web");
    let net = set(&web.network);
    let subnets: Vec<String> = set(&net.subnets).iter().map(set).collect();
    assert_eq!(subnets, ["subnet-123"]);
    assert_eq!(line(&net.subnets), line_of(service, "Subnets: [!Ref Subnet]"));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn sam_applications_with_a_local_location_are_followed() {
    let d = std::env::temp_dir().join(format!("mamori-cfn-sam-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("apps")).unwrap();
    let parent = "\
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Application
    Properties:
      Location: apps/api.yaml
      Parameters:
        Insights: disabled
";
    let app = "\
Parameters:
  Insights: {Type: String, Default: enabled}
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterSettings:
        - Name: containerInsights
          Value: !Ref Insights
";
    std::fs::write(d.join("template.yaml"), parent).unwrap();
    std::fs::write(d.join("apps/api.yaml"), app).unwrap();
    let file = SourceFile::new("template.yaml", parent);
    let doc = parse_yaml(&file).unwrap().remove(0);
    let (out, read) = adapt_at(&file, &doc, &parameters::Inputs::new(), Some(&d.join("template.yaml")));
    let cs = clusters(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].meta.address, "Api/Cluster");
    assert_eq!(set(&set(&cs[0].settings)[0].value), "disabled");
    assert_eq!(
        line(&set(&cs[0].settings)[0].value),
        line_of(app, "Value: !Ref Insights")
    );
    assert_eq!(read.len(), 1);
    assert!(read[0].path.ends_with("apps/api.yaml"));
    // The application is followed, so the SAM note about resources not judged does not apply.
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}
