# The `ops` platform; see ../README.md. Every mistake is the same in the three sources.

resource "aws_ecs_cluster" "ops" {
  name = "ops"

  # Container Insights off; ECS Exec sessions neither recorded nor encrypted with a key.
  setting {
    name  = "containerInsights"
    value = "disabled"
  }

  configuration {
    execute_command_configuration {
      logging = "NONE"
    }
  }
}

resource "aws_ecs_capacity_provider" "ec2" {
  name = "ops-ec2"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = "arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9:autoScalingGroupName/ops-ec2"
    managed_termination_protection = "DISABLED"

    managed_scaling {
      status = "ENABLED"
    }
  }
}

resource "aws_ecs_service" "web" {
  name                   = "web"
  cluster                = aws_ecs_cluster.ops.id
  task_definition        = "reporter:1"
  desired_count          = 2
  launch_type            = "FARGATE"
  platform_version       = "1.3.0"
  enable_execute_command = true

  network_configuration {
    subnets          = ["subnet-0a1b2c3d4e5f60718"]
    security_groups  = [aws_security_group.web.id]
    assign_public_ip = true
  }
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = "vpc-0a1b2c3d"

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_ecs_service" "edge" {
  name            = "edge"
  cluster         = aws_ecs_cluster.ops.id
  task_definition = "reporter:1"
  desired_count   = 1

  deployment_controller {
    type = "EXTERNAL"
  }

  tags = {
    team = "ops"
  }
}

resource "aws_ecs_task_set" "edge_blue" {
  service         = aws_ecs_service.edge.id
  cluster         = aws_ecs_cluster.ops.id
  task_definition = "reporter:1"
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = ["subnet-0a1b2c3d4e5f60718"]
    assign_public_ip = true
  }
}

resource "aws_ecs_task_definition" "tools" {
  family                   = "tools"
  requires_compatibilities = ["EC2"]
  network_mode             = "host"
  pid_mode                 = "host"
  ipc_mode                 = "host"
  task_role_arn            = "arn:aws:iam::123456789012:role/ops-tools"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ops-tools"

  runtime_platform {
    operating_system_family = "LINUX"
  }

  volume {
    name      = "docker-sock"
    host_path = "/var/run/docker.sock"
  }

  volume {
    name      = "host-etc"
    host_path = "/etc"
  }

  volume {
    name = "data"

    efs_volume_configuration {
      file_system_id = "fs-0123456789abcdef0"
    }
  }

  container_definitions = jsonencode([
    {
      name                 = "web"
      image                = "nginx:latest"
      memory               = 512
      essential            = true
      privileged           = true
      user                 = "root"
      versionConsistency   = "disabled"
      environment = [
        { name = "DB_PASSWORD", value = "hunter2-Example" },
        { name = "AWS_ACCESS_KEY_ID", value = "AKIAIOSFODNN7EXAMPLE" }
      ]
      linuxParameters = {
        capabilities = { add = ["SYS_ADMIN"] }
        devices      = [{ hostPath = "/dev/fuse" }]
      }
      mountPoints = [
        { sourceVolume = "docker-sock", containerPath = "/var/run/docker.sock" },
        { sourceVolume = "host-etc", containerPath = "/host/etc", readOnly = true },
        { sourceVolume = "data", containerPath = "/data" }
      ]
    },
    {
      name                   = "logger"
      image                  = "fluent/fluent-bit:3.1.9"
      memory                 = 128
      essential              = false
      user                   = "1000"
      readonlyRootFilesystem = true
      dockerSecurityOptions  = ["no-new-privileges"]
      linuxParameters = {
        capabilities = { drop = ["ALL"] }
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group  = "/ecs/ops/logger"
          awslogs-region = "ap-northeast-1"
          mode           = "blocking"
        }
      }
    }
  ])
}

resource "aws_ecs_task_definition" "reporter" {
  family                   = "reporter"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ops-execution"

  runtime_platform {
    operating_system_family = "LINUX"
  }

  container_definitions = jsonencode([
    {
      name                   = "xray"
      image                  = "public.ecr.aws/xray/aws-xray-daemon:3.3.12"
      essential              = true
      user                   = "1337"
      readonlyRootFilesystem = true
      linuxParameters = {
        capabilities = { drop = ["ALL"] }
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group  = "/ecs/ops/reporter"
          awslogs-region = "ap-northeast-1"
          mode           = "non-blocking"
        }
      }
    }
  ])

  tags = {
    team = "ops"
  }
}

resource "aws_ecs_task_definition" "pos" {
  family                   = "pos"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = "arn:aws:iam::123456789012:role/ops-execution"

  runtime_platform {
    operating_system_family = "WINDOWS_SERVER_2022_CORE"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name      = "pos"
      image     = "mcr.microsoft.com/windows/servercore:ltsc2022"
      essential = true
      user      = "ContainerAdministrator"
      secrets = [
        { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.ops_db.arn }
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group  = "/ecs/ops/pos"
          awslogs-region = "ap-northeast-1"
          mode           = "non-blocking"
        }
      }
    }
  ])

  tags = {
    team = "ops"
  }
}

# EKS: a cluster with every mistake the EKS rules look for, and a node group open to SSH on an
# old version.
resource "aws_eks_cluster" "kube" {
  name     = "kube"
  role_arn = "arn:aws:iam::123456789012:role/eks-cluster"
  version  = "1.24"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"]
  }

  enabled_cluster_log_types = ["api"]
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = aws_eks_cluster.kube.name
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::123456789012:role/eks-node"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60718"]
  version         = "1.25"

  scaling_config {
    desired_size = 2
    max_size     = 2
    min_size     = 1
  }

  remote_access {
    ec2_ssh_key = "ops"
  }

  tags = {
    team = "ops"
  }
}

# The registry: a repository with mutable tags, no scan on push and the default encryption,
# open to anyone, replicated to an account nobody listed as trusted, and basic scanning only.
resource "aws_ecr_repository" "shop" {
  name = "shop"
}

resource "aws_ecr_lifecycle_policy" "shop" {
  repository = aws_ecr_repository.shop.name
  policy     = jsonencode({ rules = [{ rulePriority = 1, selection = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 30 }, action = { type = "expire" } }] })
}

resource "aws_ecr_repository_policy" "shop" {
  repository = aws_ecr_repository.shop.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "PublicPull", Effect = "Allow", Principal = "*", Action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }]
  })
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "BASIC"
  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "prod"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_replication_configuration" "this" {
  replication_configuration {
    rule {
      destination {
        region      = "us-east-1"
        registry_id = "999888777666"
      }
    }
  }
}

resource "aws_kms_key" "logs" {
  description         = "Encrypts the ops logs"
  enable_key_rotation = false
}

resource "aws_cloudwatch_log_group" "logger" {
  name              = "/ecs/ops/logger"
  retention_in_days = 30
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "eks_audit_logs" {
  detector_id = aws_guardduty_detector.main.id
  name        = "EKS_AUDIT_LOGS"
  status      = "DISABLED"
}

resource "aws_guardduty_detector_feature" "runtime_monitoring" {
  detector_id = aws_guardduty_detector.main.id
  name        = "RUNTIME_MONITORING"
  status      = "DISABLED"
}

# The role of the `tools` task, used as both its task and its execution role: an administrator
# that any principal of any account may assume.
resource "aws_iam_role" "ops_tools" {
  name = "ops-tools"
  assume_role_policy = jsonencode({
    Statement = [{
      Sid       = "Anyone"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

# The execution role of `pos` and `reporter`, and the database secret `pos` reads: encrypted with
# a customer-managed key the execution role may not use.
resource "aws_iam_role" "ops_execution" {
  name = "ops-execution"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
}

resource "aws_secretsmanager_secret" "ops_db" {
  name       = "ops/db"
  kms_key_id = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
