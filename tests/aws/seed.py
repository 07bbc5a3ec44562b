#!/usr/bin/env python3
"""Seeds a moto server with the ECS, EKS and ECR configurations of the examples, good and bad,
and the security groups their services use.

Usage: seed.py ENDPOINT REGION [small|scale CLUSTERS SERVICES REVISIONS]

`small` (the default) writes the fixture account the live tests assert rule by rule;
`scale` writes CLUSTERS clusters holding SERVICES services in all and REVISIONS task
definition revisions in all (bench/aws-live.sh). Prints a JSON summary of what it made.

It reuses the examples' `register-task-definition` documents (examples/ecs-api/*/) as they are,
and the intent of their services and of examples/eks. What moto 5.2.5 cannot hold is said here
and covered by recorded replies in the Rust test (crates/mamori/tests/aws_live.rs):
  * `enableExecuteCommand` is dropped by CreateService (set here with UpdateService, which keeps it);
  * EKS access entries and Pod Identity associations are not implemented (404).
"""

import json
import os
import sys

import boto3

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ACCOUNT = "123456789012"


def client(service, endpoint, region):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def example(path):
    with open(os.path.join(ROOT, "examples", path)) as f:
        return json.load(f)


def trust(service):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
            ],
        }
    )


def seeded(ecs, eks, ec2, kms, guardduty, region):
    """What an earlier run made in this region (the tests share one server), or None."""
    if not ecs.describe_clusters(clusters=["shop-prod"])["clusters"]:
        return None
    arn = lambda rest: f"arn:aws:{rest.split(':')[0]}:{region}:{ACCOUNT}:{rest.split(':', 1)[1]}"
    bg = ecs.describe_services(cluster="shop-prod", services=["checkout-bg"])["services"][0]
    return {
        "task_definitions": [arn(f"ecs:task-definition/{f}") for f in ["admin-api:1", "admin-api:2", "old-batch:3"]],
        "insecure_service": arn("ecs:service/shop-prod/admin-api"),
        "secure_service": arn("ecs:service/shop-secure/admin-api"),
        "external_service": bg["serviceArn"],
        "task_set": bg["taskSets"][0]["taskSetArn"],
        "eks_insecure": arn("eks:cluster/shop-prod"),
        "eks_secure": arn("eks:cluster/shop-secure"),
        "nodegroup": eks.describe_nodegroup(clusterName="shop-prod", nodegroupName="default")["nodegroup"]["nodegroupArn"],
        "ecr_insecure": arn("ecr:repository/shop/admin-api"),
        "ecr_secure": arn("ecr:repository/shop/checkout"),
        "sg_open": ec2.describe_security_groups(GroupNames=["shop-admin-open"])["SecurityGroups"][0]["GroupId"],
        "sg_private": ec2.describe_security_groups(GroupNames=["shop-private"])["SecurityGroups"][0]["GroupId"],
        "kms_static": kms.describe_key(KeyId="alias/shop-static")["KeyMetadata"]["Arn"],
        "kms_rotating": kms.describe_key(KeyId="alias/shop-rotating")["KeyMetadata"]["Arn"],
        "detector": guardduty.list_detectors()["DetectorIds"][0],
    }


def small(endpoint, region):
    ecs = client("ecs", endpoint, region)
    eks = client("eks", endpoint, region)
    ec2 = client("ec2", endpoint, region)
    iam = client("iam", endpoint, region)
    ecr = client("ecr", endpoint, region)
    inspector = client("inspector2", endpoint, region)
    kms = client("kms", endpoint, region)
    logs = client("logs", endpoint, region)
    guardduty = client("guardduty", endpoint, region)
    made = seeded(ecs, eks, ec2, kms, guardduty, region)
    if made:
        return made
    made = {}

    for name, service in [
        ("shop-prod-task-execution", "ecs-tasks.amazonaws.com"),
        ("shop-prod-admin-api-task", "ecs-tasks.amazonaws.com"),
        ("shop-eks-cluster", "eks.amazonaws.com"),
        ("shop-eks-nodes", "ec2.amazonaws.com"),
    ]:
        try:
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(service))
        except iam.exceptions.EntityAlreadyExistsException:
            pass
    # Roles for EKS Pod Identity (the associations themselves are recorded replies): one any
    # association of the account can use, one limited to this account's clusters.
    pods = {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}
    scoped = dict(pods, Condition={"StringEquals": {"aws:SourceAccount": ACCOUNT}})
    for name, statement in [("shop-app-pod-identity", pods), ("shop-app-pod-identity-scoped", scoped)]:
        try:
            iam.create_role(
                RoleName=name,
                AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
            )
        except iam.exceptions.EntityAlreadyExistsException:
            pass

    # The roles' permissions: the insecure task role (also its execution role) holds every
    # action through an inline policy (moto does not hold AWS managed policies unless told to
    # load them); the secure task
    # role holds one customer managed policy that reads one bucket.
    iam.put_role_policy(
        RoleName="shop-prod-task-execution",
        PolicyName="everything",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )
    assets = f"arn:aws:iam::{ACCOUNT}:policy/shop-admin-api-assets"
    try:
        iam.create_policy(
            PolicyName="shop-admin-api-assets",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shop-assets/*"}
                    ],
                }
            ),
        )
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    iam.attach_role_policy(RoleName="shop-prod-admin-api-task", PolicyArn=assets)

    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    sg = ec2.describe_security_groups(GroupNames=["default"])["SecurityGroups"][0]["GroupId"]
    vpc = ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]

    # Security groups: the insecure service's admits SSH and RDP from anywhere and 8080 from
    # anywhere over IPv6; the secure service's admits 443 from the VPC only. A third group, open
    # over SSH too, is used by nothing mamori reads and is not read.
    def group(name, permissions):
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=permissions)
        return gid

    anywhere = [{"CidrIp": "0.0.0.0/0"}]
    open_sg = group(
        "shop-admin-open",
        [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": anywhere},
            {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": anywhere},
            {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": anywhere},
        ],
    )
    private_sg = group(
        "shop-private",
        [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}],
    )
    group("unused-bastion", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": anywhere}])
    made["sg_open"] = open_sg
    made["sg_private"] = private_sg

    # ECR, after examples/ecr: shop/admin-api with mutable tags, no scan on push, AES256, no
    # lifecycle policy and a policy that lets anyone pull; shop/checkout immutable, scanned on
    # push, encrypted with a customer managed key, with a lifecycle policy and a policy for the
    # account only. Inspector is on for EC2 only, and the registry scans BASIC: the ECR images
    # in use are not scanned by Inspector.
    bad_repo = ecr.create_repository(
        repositoryName="shop/admin-api",
        imageTagMutability="MUTABLE",
        imageScanningConfiguration={"scanOnPush": False},
    )["repository"]["repositoryArn"]
    ecr.set_repository_policy(
        repositoryName="shop/admin-api",
        policyText=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "AnyonePulls", "Effect": "Allow", "Principal": "*",
                     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}
                ],
            }
        ),
    )
    good_repo = ecr.create_repository(
        repositoryName="shop/checkout",
        imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True},
        encryptionConfiguration={"encryptionType": "KMS", "kmsKey": f"arn:aws:kms:{region}:{ACCOUNT}:key/1234abcd"},
    )["repository"]["repositoryArn"]
    ecr.set_repository_policy(
        repositoryName="shop/checkout",
        policyText=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Sid": "AccountPulls", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}
                ],
            }
        ),
    )
    ecr.put_lifecycle_policy(
        repositoryName="shop/checkout",
        lifecyclePolicyText=json.dumps(
            {"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed",
                        "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]}
        ),
    )
    inspector.enable(accountIds=[ACCOUNT], resourceTypes=["EC2"])
    made["ecr_insecure"] = bad_repo
    made["ecr_secure"] = good_repo

    # KMS: a customer managed key that rotates, one that does not.
    for alias, rotates in [("shop-rotating", True), ("shop-static", False)]:
        key = kms.create_key(Description=alias)["KeyMetadata"]
        kms.create_alias(AliasName=f"alias/{alias}", TargetKeyId=key["KeyId"])
        if rotates:
            kms.enable_key_rotation(KeyId=key["KeyId"])
        made[f"kms_{alias.split('-')[1]}"] = key["Arn"]

    # CloudWatch Logs: the secure task definition's group (a year, encrypted), the EKS control
    # plane's (a week, not encrypted), and a group of no container platform, which is not read.
    logs.create_log_group(logGroupName="/ecs/shop-prod/admin-api", kmsKeyId=made["kms_rotating"])
    logs.put_retention_policy(logGroupName="/ecs/shop-prod/admin-api", retentionInDays=365)
    logs.create_log_group(logGroupName="/aws/eks/shop-prod/cluster")
    logs.put_retention_policy(logGroupName="/aws/eks/shop-prod/cluster", retentionInDays=7)
    logs.create_log_group(logGroupName="/app/batch-reports")
    logs.put_retention_policy(logGroupName="/app/batch-reports", retentionInDays=1)

    # GuardDuty: a detector without EKS audit logs and without Runtime Monitoring.
    made["detector"] = guardduty.create_detector(
        Enable=True,
        Features=[
            {"Name": "EKS_AUDIT_LOGS", "Status": "DISABLED"},
            {"Name": "RUNTIME_MONITORING", "Status": "DISABLED"},
        ],
    )["DetectorId"]

    # Clusters: shop-prod as examples/ecs-api/insecure describes it (no Container Insights, no
    # tags, ECS Exec logging DEFAULT), shop-secure as the secure example (enhanced insights).
    ecs.create_cluster(
        clusterName="shop-prod",
        configuration={"executeCommandConfiguration": {"logging": "DEFAULT"}},
    )
    ecs.create_cluster(
        clusterName="shop-secure",
        settings=[{"name": "containerInsights", "value": "enhanced"}],
        tags=[{"key": "Project", "value": "shop"}, {"key": "Environment", "value": "production"}],
    )

    # Task definitions: the examples' documents as they are. admin-api:1 is the insecure one,
    # admin-api:2 the secure one (the latest ACTIVE revision of the family); the service
    # shop-prod/admin-api still runs revision 1, so both are read. old-batch has three revisions
    # and no service: only its latest (3) is read.
    insecure = example("ecs-api/insecure/register-task-definition.json")
    secure = example("ecs-api/secure/register-task-definition.json")
    # The example logs to ap-northeast-1; here, to the seeded region.
    for c in secure["containerDefinitions"]:
        options = (c.get("logConfiguration") or {}).get("options") or {}
        if "awslogs-region" in options:
            options["awslogs-region"] = region
    td1 = ecs.register_task_definition(**insecure)["taskDefinition"]["taskDefinitionArn"]
    td2 = ecs.register_task_definition(
        **secure, tags=[{"key": "Project", "value": "shop"}, {"key": "Environment", "value": "production"}]
    )["taskDefinition"]["taskDefinitionArn"]
    batch = dict(secure, family="old-batch")
    for _ in range(3):
        batch_arn = ecs.register_task_definition(**batch)["taskDefinition"]["taskDefinitionArn"]
    made["task_definitions"] = [td1, td2, batch_arn]

    # Services: the insecure example's admin-api (public IP, platform 1.3.0 in the example:
    # here LATEST is not set, so the check of the platform version passes) on revision 1, and the
    # secure one on revision 2. Subnets are the default VPC's (moto checks they exist).
    svc = example("ecs-api/insecure/create-service.json")
    svc.update(
        cluster="shop-prod",
        taskDefinition=td1,
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": subnets, "securityGroups": [open_sg], "assignPublicIp": "ENABLED"}
        },
    )
    svc.pop("enableExecuteCommand", None)
    made["insecure_service"] = ecs.create_service(**svc)["service"]["serviceArn"]
    # The example allows ECS Exec; moto drops enableExecuteCommand on CreateService but keeps it
    # on UpdateService.
    ecs.update_service(cluster="shop-prod", service="admin-api", enableExecuteCommand=True)
    good = example("ecs-api/secure/create-service.json")
    good.update(
        cluster="shop-secure",
        taskDefinition=td2,
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": subnets, "securityGroups": [private_sg], "assignPublicIp": "DISABLED"}
        },
    )
    good.pop("loadBalancers", None)
    good.pop("enableExecuteCommand", None)
    made["secure_service"] = ecs.create_service(**good)["service"]["serviceArn"]

    # A blue/green service with an EXTERNAL controller and a task set with a public IP.
    ext = ecs.create_service(
        cluster="shop-prod",
        serviceName="checkout-bg",
        deploymentController={"type": "EXTERNAL"},
        desiredCount=1,
        tags=[{"key": "Project", "value": "shop"}],
    )["service"]["serviceArn"]
    ts = ecs.create_task_set(
        cluster="shop-prod",
        service="checkout-bg",
        taskDefinition=td2,
        launchType="FARGATE",
        platformVersion="1.4.0",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": subnets, "securityGroups": [sg], "assignPublicIp": "ENABLED"}
        },
    )["taskSet"]["taskSetArn"]
    made["external_service"] = ext
    made["task_set"] = ts

    # EKS, after examples/eks: shop-prod public to the internet, no secrets encryption, API logs
    # only, Kubernetes 1.29, a node group open over SSH; shop-secure private, encrypted, every
    # log type.
    role = f"arn:aws:iam::{ACCOUNT}:role/shop-eks-cluster"
    bad = eks.create_cluster(
        name="shop-prod",
        version="1.29",
        roleArn=role,
        resourcesVpcConfig={"subnetIds": subnets, "endpointPublicAccess": True, "endpointPrivateAccess": False},
        logging={"clusterLogging": [{"types": ["api"], "enabled": True}]},
    )["cluster"]["arn"]
    ng = eks.create_nodegroup(
        clusterName="shop-prod",
        nodegroupName="default",
        nodeRole=f"arn:aws:iam::{ACCOUNT}:role/shop-eks-nodes",
        subnets=subnets,
        scalingConfig={"minSize": 2, "maxSize": 4, "desiredSize": 2},
        remoteAccess={"ec2SshKey": "ops-key"},
    )["nodegroup"]["nodegroupArn"]
    ok = eks.create_cluster(
        name="shop-secure",
        version="1.33",
        roleArn=role,
        resourcesVpcConfig={
            "subnetIds": subnets,
            "endpointPublicAccess": False,
            "endpointPrivateAccess": True,
        },
        logging={
            "clusterLogging": [
                {
                    "types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                    "enabled": True,
                }
            ]
        },
        encryptionConfig=[
            {"resources": ["secrets"], "provider": {"keyArn": f"arn:aws:kms:{region}:{ACCOUNT}:key/1234abcd"}}
        ],
        tags={"Project": "shop"},
    )["cluster"]["arn"]
    made["eks_insecure"] = bad
    made["eks_secure"] = ok
    made["nodegroup"] = ng
    return made


def scale(endpoint, region, clusters, services, revisions):
    """An account of the given size: CLUSTERS clusters, SERVICES services spread over them, and
    REVISIONS task definition revisions spread over one family per service; with them, in
    proportion, what the services use: 10 security groups, one ECR repository per 10 services
    (half with a lifecycle policy, each with a policy), a log group per family, 20 KMS keys, a
    GuardDuty detector, and the task role with an inline and a customer managed policy."""
    ecs = client("ecs", endpoint, region)
    ec2 = client("ec2", endpoint, region)
    ecr = client("ecr", endpoint, region)
    kms = client("kms", endpoint, region)
    logs = client("logs", endpoint, region)
    iam = client("iam", endpoint, region)
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]][:2]
    vpc = ec2.describe_subnets(SubnetIds=subnets[:1])["Subnets"][0]["VpcId"]
    groups = []
    for g in range(10):
        gid = ec2.create_security_group(GroupName=f"svc-{g}", Description="svc", VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(
            GroupId=gid,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}],
        )
        groups.append(gid)
    for r in range(max(1, services // 10)):
        name = f"app-{r:04d}"
        ecr.create_repository(repositoryName=name)
        ecr.set_repository_policy(
            repositoryName=name,
            policyText=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ecr:BatchGetImage"}]}),
        )
        if r % 2 == 0:
            ecr.put_lifecycle_policy(repositoryName=name, lifecyclePolicyText=json.dumps({"rules": [
                {"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan",
                 "countNumber": 100}, "action": {"type": "expire"}}]}))
    for k in range(20):
        key = kms.create_key(Description=f"key-{k}")["KeyMetadata"]["KeyId"]
        if k % 2 == 0:
            kms.enable_key_rotation(KeyId=key)
    for s in range(services):
        logs.create_log_group(logGroupName=f"/ecs/app-{s:04d}")
    client("guardduty", endpoint, region).create_detector(Enable=True)
    try:
        iam.create_role(RoleName="shop-prod-task-execution", AssumeRolePolicyDocument=trust("ecs-tasks.amazonaws.com"))
        iam.put_role_policy(RoleName="shop-prod-task-execution", PolicyName="logs", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}))
        arn = iam.create_policy(PolicyName="pull", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}]}
        ))["Policy"]["Arn"]
        iam.attach_role_policy(RoleName="shop-prod-task-execution", PolicyArn=arn)
    except iam.exceptions.EntityAlreadyExistsException:
        pass
    td = example("ecs-api/insecure/register-task-definition.json")
    per_family = max(1, revisions // services)
    arns = []
    for s in range(services):
        for _ in range(per_family):
            arn = ecs.register_task_definition(**dict(td, family=f"app-{s:04d}"))["taskDefinition"]["taskDefinitionArn"]
        arns.append(arn)
    for c in range(clusters):
        ecs.create_cluster(clusterName=f"cluster-{c:03d}")
    for s in range(services):
        ecs.create_service(
            cluster=f"cluster-{s % clusters:03d}",
            serviceName=f"svc-{s:04d}",
            taskDefinition=arns[s],
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration={
                "awsvpcConfiguration": {"subnets": subnets, "securityGroups": [groups[s % len(groups)]], "assignPublicIp": "DISABLED"}
            },
        )
    return {"clusters": clusters, "services": services, "revisions": per_family * services}


if __name__ == "__main__":
    endpoint, region = sys.argv[1], sys.argv[2]
    mode = sys.argv[3] if len(sys.argv) > 3 else "small"
    if mode == "scale":
        out = scale(endpoint, region, int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        out = small(endpoint, region)
    print(json.dumps(out))
