//! The expansions of the AWS documentation's `Fn::ForEach` examples, with the templates it says
//! they are equivalent to.

use super::*;
use crate::cloudformation::parameters::{Given, Inputs};
use crate::cloudformation::value::Val;
use crate::source::SourceFile;
use crate::tree::{parse_json, parse_yaml};

fn yaml(text: &str) -> Node {
    parse_yaml(&SourceFile::new("t.yaml", text)).unwrap().remove(0)
}

fn expanded(doc: &Node) -> Expansion {
    let mut ev = Evaluator::new(doc);
    expand(doc, &mut ev)
}

fn keys<'a>(doc: &'a Node, section: &str) -> Vec<&'a str> {
    doc.get(section)
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .map(|(k, _)| k.text.as_str())
        .collect()
}

/// A property of a resource of the expanded template, evaluated.
fn prop(doc: &Node, resource: &str, name: &str) -> Option<Val> {
    let mut ev = Evaluator::new(doc);
    let props = ev.resolve(doc.get("Resources")?.get(resource)?.get("Properties")?);
    props.get(name).cloned()
}

fn text(v: Option<Val>) -> String {
    v.and_then(|v| v.text()).expect("a known string")
}

#[test]
fn replicate_a_resource() {
    let doc = yaml(
        "AWSTemplateFormatVersion: 2010-09-09
Transform: 'AWS::LanguageExtensions'
Resources:
  'Fn::ForEach::Topics':
    - TopicName
    - [Success, Failure, Timeout, Unknown]
    - 'SnsTopic${TopicName}':
        Type: 'AWS::SNS::Topic'
        Properties:
          TopicName:
           'Fn::Join':
            - '.'
            - - !Ref TopicName
              - fifo
          DisplayName: !Sub '${TopicName}.fifo'
          FifoTopic: true
",
    );
    let x = expanded(&doc);
    assert!(x.notes.is_empty(), "{:?}", x.notes);
    assert_eq!(
        keys(&x.doc, "Resources"),
        [
            "SnsTopicSuccess",
            "SnsTopicFailure",
            "SnsTopicTimeout",
            "SnsTopicUnknown"
        ]
    );
    for t in ["Success", "Failure", "Timeout", "Unknown"] {
        let id = format!("SnsTopic{t}");
        assert_eq!(text(prop(&x.doc, &id, "TopicName")), format!("{t}.fifo"));
        assert_eq!(text(prop(&x.doc, &id, "DisplayName")), format!("{t}.fifo"));
    }
    // Generated entries keep the fragment's lines.
    let r = x.doc.get("Resources").unwrap().as_map().unwrap();
    assert_eq!(r[0].0.span.start_line, 7);
    assert_eq!(r[3].0.span.start_line, 7);
    assert_eq!(r[2].1.get("Type").unwrap().span.start_line, 8);
}

#[test]
fn the_collection_from_a_list_parameter() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Parameters:
  pRepoARNs:
    Type: CommaDelimitedList
Resources:
  'Fn::ForEach::Topics':
    - TopicName
    - !Ref pRepoARNs
    - 'SnsTopic${TopicName}':
        Type: 'AWS::SNS::Topic'
",
    );
    // Without a value, the loop cannot be expanded, and says why.
    let x = expanded(&doc);
    assert!(keys(&x.doc, "Resources").is_empty());
    assert_eq!(
        x.notes[0].1,
        "Fn::ForEach::Topics is not expanded, as its collection is unknown: Ref to parameter pRepoARNs: no Default, and no value in --cfn-parameters"
    );
    assert_eq!(x.notes[0].0.start_line, 6);
    // With a value given, it is.
    let mut given = Inputs::new();
    given.insert("pRepoARNs", Given::Value("Success,Failure".into()));
    let mut ev = Evaluator::with_inputs(&doc, &given);
    let x = expand(&doc, &mut ev);
    assert_eq!(keys(&x.doc, "Resources"), ["SnsTopicSuccess", "SnsTopicFailure"]);
}

#[test]
fn replicate_multiple_resources_with_conditions_from_mappings() {
    let doc = yaml(
        "AWSTemplateFormatVersion: 2010-09-09
Transform: AWS::LanguageExtensions
Mappings:
  NatGateway:
    Condition:
      B: TwoNatGateways
      C: ThreeNatGateways
Conditions:
  TwoNatGateways: !Equals [a, a]
  ThreeNatGateways: !Equals [a, b]
Resources:
  Fn::ForEach::NatGatewayAndEIP:
    - Identifier
    - - A
      - B
      - C
    - NatGateway${Identifier}:
        Type: AWS::EC2::NatGateway
        Properties:
          AllocationId: !GetAtt
            - !Sub NatGatewayAttachment${Identifier}
            - AllocationId
          SubnetId: !Ref
            Fn::Sub: PublicSubnet${Identifier}
        Condition: !FindInMap
          - NatGateway
          - Condition
          - !Ref Identifier
          - DefaultValue: !Ref AWS::NoValue
      NatGatewayAttachment${Identifier}:
        Type: AWS::EC2::EIP
        Properties:
          Domain: vpc
        Condition: !FindInMap
          - NatGateway
          - Condition
          - !Ref Identifier
          - DefaultValue: !Ref AWS::NoValue
",
    );
    let x = expanded(&doc);
    assert_eq!(
        keys(&x.doc, "Resources"),
        [
            "NatGatewayA",
            "NatGatewayAttachmentA",
            "NatGatewayB",
            "NatGatewayAttachmentB",
            "NatGatewayC",
            "NatGatewayAttachmentC"
        ]
    );
    let mut ev = Evaluator::new(&x.doc);
    let resources = x.doc.get("Resources").unwrap();
    let alloc = ev.resolve(resources.get("NatGatewayB").unwrap().get("Properties").unwrap());
    assert_eq!(
        alloc.get("AllocationId").unwrap().kind,
        Kind::Computed {
            resource: "NatGatewayAttachmentB".into(),
            attribute: Some("AllocationId".into())
        }
    );
    assert!(matches!(
        &alloc.get("SubnetId").unwrap().kind,
        Kind::Unknown(r) if r.contains("PublicSubnetB")
    ));
    // The Condition is a mapping's entry, or none at all.
    let cond = |id: &str, ev: &mut Evaluator<'_>| ev.resolve(resources.get(id).unwrap().get("Condition").unwrap());
    assert!(cond("NatGatewayA", &mut ev).is_no_value());
    assert_eq!(cond("NatGatewayB", &mut ev).text().as_deref(), Some("TwoNatGateways"));
    assert_eq!(
        cond("NatGatewayAttachmentC", &mut ev).text().as_deref(),
        Some("ThreeNatGateways")
    );
}

#[test]
fn nested_loops() {
    let doc = yaml(
        "AWSTemplateFormatVersion: 2010-09-09
Transform: 'AWS::LanguageExtensions'
Resources:
  VPC:
    Type: 'AWS::EC2::VPC'
    Properties:
      CidrBlock: 10.0.0.0/16
  'Fn::ForEach::SubnetResources':
  - Prefix
  - [Transit, Public]
  - 'Nacl${Prefix}Subnet':
      Type: 'AWS::EC2::NetworkAcl'
      Properties:
        VpcId: !Ref 'VPC'
    'Fn::ForEach::LoopInner':
    - Suffix
    - [A, B, C]
    - '${Prefix}Subnet${Suffix}':
        Type: 'AWS::EC2::Subnet'
        Properties:
          VpcId: !Ref 'VPC'
      'Nacl${Prefix}Subnet${Suffix}Association':
        Type: 'AWS::EC2::SubnetNetworkAclAssociation'
        Properties:
          SubnetId: !Ref
            'Fn::Sub': '${Prefix}Subnet${Suffix}'
          NetworkAclId: !Ref
            'Fn::Sub': 'Nacl${Prefix}Subnet'
",
    );
    let x = expanded(&doc);
    assert!(x.notes.is_empty(), "{:?}", x.notes);
    assert_eq!(
        keys(&x.doc, "Resources"),
        [
            "VPC",
            "NaclTransitSubnet",
            "TransitSubnetA",
            "NaclTransitSubnetAAssociation",
            "TransitSubnetB",
            "NaclTransitSubnetBAssociation",
            "TransitSubnetC",
            "NaclTransitSubnetCAssociation",
            "NaclPublicSubnet",
            "PublicSubnetA",
            "NaclPublicSubnetAAssociation",
            "PublicSubnetB",
            "NaclPublicSubnetBAssociation",
            "PublicSubnetC",
            "NaclPublicSubnetCAssociation"
        ]
    );
    let computed = |r: &str| Kind::Computed {
        resource: r.into(),
        attribute: None,
    };
    assert_eq!(
        prop(&x.doc, "NaclPublicSubnetBAssociation", "SubnetId").unwrap().kind,
        computed("PublicSubnetB")
    );
    assert_eq!(
        prop(&x.doc, "NaclPublicSubnetBAssociation", "NetworkAclId")
            .unwrap()
            .kind,
        computed("NaclPublicSubnet")
    );
}

#[test]
fn find_in_map_with_a_default_value_per_item() {
    let doc = parse_json(&SourceFile::new(
        "t.json",
        r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Transform": "AWS::LanguageExtensions",
  "Mappings": {
    "Instances": {
      "InstanceType": {"B": "m5.4xlarge", "C": "c5.2xlarge"},
      "ImageId": {"A": "ami-id1"}
    }
  },
  "Resources": {
    "Fn::ForEach::Instances": [
      "Identifier",
      ["A", "B", "C"],
      {
        "Instance${Identifier}": {
          "Type": "AWS::EC2::Instance",
          "Properties": {
            "InstanceType": {"Fn::FindInMap": ["Instances", "InstanceType", {"Ref": "Identifier"}, {"DefaultValue": "m5.xlarge"}]},
            "ImageId": {"Fn::FindInMap": ["Instances", "ImageId", {"Ref": "Identifier"}, {"DefaultValue": "ami-id-default"}]}
          }
        }
      }
    ]
  },
  "Outputs": {
    "SecondInstanceId": {"Value": {"Ref": "InstanceB"}}
  }
}"#,
    ))
    .unwrap()
    .unwrap();
    let x = expanded(&doc);
    assert_eq!(keys(&x.doc, "Resources"), ["InstanceA", "InstanceB", "InstanceC"]);
    for (id, ty, image) in [
        ("InstanceA", "m5.xlarge", "ami-id1"),
        ("InstanceB", "m5.4xlarge", "ami-id-default"),
        ("InstanceC", "c5.2xlarge", "ami-id-default"),
    ] {
        assert_eq!(text(prop(&x.doc, id, "InstanceType")), ty);
        assert_eq!(text(prop(&x.doc, id, "ImageId")), image);
    }
    // The output refers to a generated resource.
    let mut ev = Evaluator::new(&x.doc);
    let out = ev.resolve(
        x.doc
            .get("Outputs")
            .unwrap()
            .get("SecondInstanceId")
            .unwrap()
            .get("Value")
            .unwrap(),
    );
    assert!(matches!(out.kind, Kind::Computed { ref resource, .. } if resource == "InstanceB"));
}

#[test]
fn replicate_properties() {
    let doc = yaml(
        "AWSTemplateFormatVersion: 2010-09-09
Transform: 'AWS::LanguageExtensions'
Mappings:
  InstanceA:
    Properties:
      ImageId: ami-id1
      InstanceType: m5.xlarge
  InstanceB:
    Properties:
      ImageId: ami-id2
  InstanceC:
    Properties:
      ImageId: ami-id3
      InstanceType: m5.2xlarge
      AvailabilityZone: us-east-1a
Resources:
  'Fn::ForEach::Instances':
  - InstanceLogicalId
  - [InstanceA, InstanceB, InstanceC]
  - '${InstanceLogicalId}':
      Type: 'AWS::EC2::Instance'
      Properties:
        DisableApiTermination: true
        'Fn::ForEach::Properties':
          - PropertyName
          - [ImageId, InstanceType, AvailabilityZone]
          - '${PropertyName}':
             'Fn::FindInMap':
               - Ref: 'InstanceLogicalId'
               - Properties
               - Ref: 'PropertyName'
               - {DefaultValue: !Ref 'AWS::NoValue'}
",
    );
    let x = expanded(&doc);
    assert!(x.notes.is_empty(), "{:?}", x.notes);
    assert_eq!(keys(&x.doc, "Resources"), ["InstanceA", "InstanceB", "InstanceC"]);
    let mut ev = Evaluator::new(&x.doc);
    let props = |id: &str, ev: &mut Evaluator<'_>| {
        let v = ev.resolve(
            x.doc
                .get("Resources")
                .unwrap()
                .get(id)
                .unwrap()
                .get("Properties")
                .unwrap(),
        );
        match v.kind {
            Kind::Map(entries) => entries
                .into_iter()
                .map(|(k, v)| format!("{}={}", k.text, v.text().unwrap_or_default()))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        props("InstanceA", &mut ev),
        [
            "DisableApiTermination=true",
            "ImageId=ami-id1",
            "InstanceType=m5.xlarge"
        ]
    );
    assert_eq!(
        props("InstanceB", &mut ev),
        ["DisableApiTermination=true", "ImageId=ami-id2"]
    );
    assert_eq!(
        props("InstanceC", &mut ev),
        [
            "DisableApiTermination=true",
            "ImageId=ami-id3",
            "InstanceType=m5.2xlarge",
            "AvailabilityZone=us-east-1a"
        ]
    );
}

#[test]
fn non_alphanumeric_items_in_logical_ids() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Resources:
  'Fn::ForEach::Subnets':
    - CIDR
    - [10.0.2.0/24, 10.0.3.0/24]
    - 'Subnet&{CIDR}':
        Type: AWS::EC2::Subnet
        Properties:
          CidrBlock: !Ref CIDR
          Tags: [{Key: Name, Value: !Sub 'subnet-&{CIDR}-${CIDR}'}]
",
    );
    let x = expanded(&doc);
    assert_eq!(keys(&x.doc, "Resources"), ["Subnet1002024", "Subnet1003024"]);
    assert_eq!(text(prop(&x.doc, "Subnet1003024", "CidrBlock")), "10.0.3.0/24");
    let mut ev = Evaluator::new(&x.doc);
    let tags = ev.resolve(
        x.doc
            .get("Resources")
            .unwrap()
            .get("Subnet1002024")
            .unwrap()
            .get("Properties")
            .unwrap(),
    );
    let Kind::List(tags) = &tags.get("Tags").unwrap().kind else {
        panic!()
    };
    assert_eq!(
        tags[0].get("Value").unwrap().text().as_deref(),
        Some("subnet-1002024-10.0.2.0/24")
    );
}

#[test]
fn conditions_and_outputs() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  'Fn::ForEach::Envs':
    - E
    - [prod, dev]
    - 'Is${E}': !Equals [!Ref Env, !Ref E]
Resources:
  Bucket: {Type: AWS::S3::Bucket}
Outputs:
  'Fn::ForEach::Out':
    - Name
    - [a, b]
    - 'Out${Name}':
        Value: !Sub '${Name}-${Env}'
        Condition: Isprod
",
    );
    let x = expanded(&doc);
    assert_eq!(keys(&x.doc, "Conditions"), ["Isprod", "Isdev"]);
    assert_eq!(keys(&x.doc, "Outputs"), ["Outa", "Outb"]);
    let mut ev = Evaluator::new(&x.doc);
    assert_eq!(ev.condition("Isprod"), super::super::intrinsics::Truth::True);
    assert_eq!(ev.condition("Isdev"), super::super::intrinsics::Truth::False);
    let v = ev.resolve(x.doc.get("Outputs").unwrap().get("Outb").unwrap().get("Value").unwrap());
    assert_eq!(v.text().as_deref(), Some("b-prod"));
}

#[test]
fn plain_strings_and_escapes_are_left_as_written() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Resources:
  'Fn::ForEach::Q':
    - X
    - [a]
    - 'Queue${X}':
        Type: AWS::SQS::Queue
        Properties:
          QueueName: 'plain-${X}'
          Other: !Sub 'keep-${!X}-${X}'
          Ref: !Ref PubSubnet${X}
",
    );
    let x = expanded(&doc);
    assert_eq!(text(prop(&x.doc, "Queuea", "QueueName")), "plain-${X}");
    assert_eq!(text(prop(&x.doc, "Queuea", "Other")), "keep-${X}-a");
    // `!Ref PubSubnet${X}` is not replaced: CloudFormation does not either.
    assert!(matches!(prop(&x.doc, "Queuea", "Ref").unwrap().kind, Kind::Unknown(r) if r.contains("PubSubnet${X}")));
}

#[test]
fn malformed_and_duplicated_loops_are_noted() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Resources:
  Topic1: {Type: AWS::SNS::Topic}
  'Fn::ForEach::Shape': [X, [a]]
  'Fn::ForEach::Fragment': [X, [a], notamap]
  'Fn::ForEach::Items': [X, [[a]], {'T${X}': {Type: AWS::SNS::Topic}}]
  'Fn::ForEach::Twice': [X, ['1', '1', '2'], {'Topic${X}': {Type: AWS::SNS::Topic}}]
  'Fn::ForEach::NotAList': [X, abc, {'T${X}': {Type: AWS::SNS::Topic}}]
",
    );
    let x = expanded(&doc);
    assert_eq!(keys(&x.doc, "Resources"), ["Topic1", "Topic2"]);
    let notes: Vec<&str> = x.notes.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        notes,
        [
            "Fn::ForEach::Shape expects [Identifier, Collection, {OutputKey: OutputValue}]; it is not expanded",
            "Fn::ForEach::Fragment expects [Identifier, Collection, {OutputKey: OutputValue}]; it is not expanded",
            "Fn::ForEach::Items is not expanded, as its collection is unknown: an item is a list, not a string",
            "Fn::ForEach::Twice makes `Topic1` twice, which CloudFormation rejects; the second is left out",
            "Fn::ForEach::Twice makes `Topic1` twice, which CloudFormation rejects; the second is left out",
            "Fn::ForEach::NotAList is not expanded, as its collection is unknown: it is a string, not a list",
        ]
    );
}

#[test]
fn runaway_loops_stop() {
    let doc = yaml(
        "Transform: AWS::LanguageExtensions
Resources:
  'Fn::ForEach::A':
    - X
    - !Split [',', !Join [',', [a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,Z,0,1,2,3,4,5,6,7,8,9,aa,bb,cc,dd,ee,ff,gg,hh,ii,jj,kk,ll,mm,nn,oo,pp,qq,rr,ss,tt,uu,vv,ww,xx,yy,zz,AA,BB,CC,DD,EE,FF,GG,HH,II,JJ,KK,LL,MM,NN,OO,PP,QQ,RR,SS,TT,UU,VV,WW,XX,YY,ZZ,a0,a1,a2,a3,a4,a5,a6,a7,a8,a9]]]
    - 'Fn::ForEach::B':
        - Y
        - !Split [',', !Join [',', [a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,Z,0,1,2,3,4,5,6,7,8,9,aa,bb,cc,dd,ee,ff,gg,hh,ii,jj,kk,ll,mm,nn,oo,pp,qq,rr,ss,tt,uu,vv,ww,xx,yy,zz,AA,BB,CC,DD,EE,FF,GG,HH,II,JJ,KK,LL,MM,NN,OO,PP,QQ,RR,SS,TT,UU,VV,WW,XX,YY,ZZ,a0,a1,a2,a3,a4,a5,a6,a7,a8,a9]]]
        - 'T${X}${Y}': {Type: AWS::SNS::Topic}
",
    );
    let x = expanded(&doc);
    assert!(keys(&x.doc, "Resources").len() <= MAX_GENERATED);
    assert!(
        x.notes.iter().any(|(_, n)| n.contains("makes more than")),
        "{:?}",
        x.notes.len()
    );
}
