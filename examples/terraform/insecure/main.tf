# The shop's ECS platform as many teams first build it: tasks in public subnets with
# public IPs so they can pull images without a NAT gateway, an old pinned Fargate
# platform version, and no Container Insights.
#
# `mamori scan examples/terraform/insecure` reports MAM-ECS-001, -002, -003 and -004, and the
# tasks' security group open to the internet (MAM-EC2-001, MAM-EC2-002), and the KMS, log group
# and GuardDuty findings (MAM-KMS-001, MAM-LOGS-001/002, MAM-GD-001 to -004).

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80"
    }
  }
}

provider "aws" {
  region = var.region
}

locals {
  name = "shop-prod"
  azs  = ["ap-northeast-1a", "ap-northeast-1c"]

  # bad: carries the pinned version from the variable default to the service
  platform_version = var.fargate_platform_version

  tags = {
    Project     = "shop"
    Environment = "production"
    ManagedBy   = "terraform"
  }
}

# --- Network: public subnets only -------------------------------------------------

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = local.name })
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
  tags   = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.main.id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 8, count.index)
  map_public_ip_on_launch = true
  tags                    = merge(local.tags, { Name = "${local.name}-public-${local.azs[count.index]}" })
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }

  tags = merge(local.tags, { Name = "${local.name}-public" })
}

resource "aws_route_table_association" "public" {
  count          = length(aws_subnet.public)
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "tasks" {
  name        = "${local.name}-tasks"
  description = "Tasks of the shop services"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "Application port from anywhere"
    from_port   = 8080
    to_port     = 8080
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # bad: reachable because the tasks have public IPs (MAM-EC2-001)
  }

  ingress {
    description = "SSH for debugging"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"] # bad: SSH from the internet (MAM-EC2-001, MAM-EC2-002); use ECS Exec
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}

# --- IAM and logs ------------------------------------------------------------------

resource "aws_iam_role" "task_execution" {
  name = "${local.name}-task-execution"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# bad: the application's queue permission on the execution role, which only the ECS agent uses
resource "aws_iam_role_policy" "task_execution_orders" {
  name = "orders-queue"
  role = aws_iam_role.task_execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sqs:SendMessage"
      Resource = "arn:aws:sqs:ap-northeast-1:123456789012:shop-prod-orders"
    }]
  })
}

resource "aws_iam_role" "web_api_task" {
  name = "${local.name}-web-api-task"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  # bad: every action on every bucket of the account, for an API that reads one bucket
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"]

  tags = local.tags
}

# bad: a role for the support vendor that any principal of any AWS account can assume
resource "aws_iam_role" "support" {
  name = "${local.name}-support"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "sts:AssumeRole"
    }]
  })

  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
  tags                = local.tags
}

resource "aws_cloudwatch_log_group" "web_api" {
  name              = "/ecs/${local.name}/web-api"
  retention_in_days = 30
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "checkout" {
  name              = "/ecs/${local.name}/checkout"
  retention_in_days = 30
  tags              = local.tags
}

# bad: the key that encrypts the database secret never rotates, the log groups above keep
# their events a month and are not encrypted with it
resource "aws_kms_key" "secrets" {
  description = "Encrypts the ${local.name} secrets"
  tags        = local.tags
}

# bad: GuardDuty runs, but without Runtime Monitoring and with EKS audit logs turned off
resource "aws_guardduty_detector" "main" {
  enable = true

  datasources {
    kubernetes {
      audit_logs {
        enable = false
      }
    }
  }
}

# --- ECS ---------------------------------------------------------------------------

resource "aws_ecs_cluster" "main" {
  name = local.name
  # bad: no containerInsights setting (MAM-ECS-001)
  tags = local.tags
}

resource "aws_ecs_task_definition" "web_api" {
  family                   = "web-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.task_execution.arn
  task_role_arn            = aws_iam_role.web_api_task.arn

  runtime_platform {
    operating_system_family = "LINUX"
  }

  # bad: runs as the image's default user, root (MAM-ECS-016), on a writable root filesystem
  # (MAM-ECS-007), with Docker's default capabilities (MAM-ECS-020).
  container_definitions = jsonencode([{
    name         = "web-api"
    image        = var.web_api_image # bad: the `latest` tag (MAM-ECS-025)
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    environment = [
      { name = "DB_HOST", value = "shop-prod.cluster-c9akciq32.ap-northeast-1.rds.amazonaws.com" },
      { name = "DB_PASSWORD", value = "s3cr3t-Passw0rd!" }, # bad: a plaintext password (MAM-ECS-018)
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.web_api.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "web-api"
      } # bad: no `mode`, so the account's default log mode decides (MAM-ECS-029)
    }
  }])

  tags = local.tags
}

resource "aws_ecs_service" "web_api" {
  name             = "web-api"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.web_api.arn
  desired_count    = 2
  launch_type      = "FARGATE"
  platform_version = local.platform_version # bad: resolves to "1.3.0" (MAM-ECS-002)

  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = true # bad: every task gets a public IP (MAM-ECS-003)
  }

  tags = local.tags
}

resource "aws_ecs_task_definition" "checkout" {
  family                   = "checkout"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.task_execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
  }

  # bad: root user (MAM-ECS-016), writable root filesystem (MAM-ECS-007), default capabilities
  # (MAM-ECS-020).
  container_definitions = jsonencode([{
    name         = "checkout"
    image        = var.checkout_image
    essential    = true
    portMappings = [{ containerPort = 8080, protocol = "tcp" }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.checkout.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "checkout"
      } # bad: no `mode` (MAM-ECS-029)
    }
  }])

  tags = local.tags
}

# Deployed by an external controller: the network settings live on the task sets.
resource "aws_ecs_service" "checkout" {
  name          = "checkout"
  cluster       = aws_ecs_cluster.main.id
  desired_count = 2

  deployment_controller {
    type = "EXTERNAL"
  }

  tags = local.tags
}

resource "aws_ecs_task_set" "checkout_blue" {
  cluster          = aws_ecs_cluster.main.id
  service          = aws_ecs_service.checkout.id
  task_definition  = aws_ecs_task_definition.checkout.arn
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  network_configuration {
    subnets          = aws_subnet.public[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = var.checkout_assign_public_ip # bad: defaults to true (MAM-ECS-004)
  }

  scale {
    unit  = "PERCENT"
    value = 100
  }

  tags = local.tags
}
