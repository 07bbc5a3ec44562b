# Every value a rule needs comes from a variable without a default or a tfvars value, so that
# each check is undecided with a reason. Two task definitions: one whose operating system is
# unknown, one on Linux and EC2 whose every container field is unknown.

variable "insights" {}
variable "setting_name" {}
variable "settings" {}
variable "tags" {}
variable "tag_key" {}
variable "kms" {}
variable "exec_logging" {}
variable "exec_log" {}
variable "cw_encryption" {}
variable "public_ip" {}
variable "networks" {}
variable "platform_version" {}
variable "launch_type" {}
variable "exec" {}
variable "cluster" {}
variable "strategy" {}
variable "mtp" {}
variable "asg" {}
variable "os" {}
variable "image" {}
variable "user" {}
variable "privileged" {}
variable "readonly" {}
variable "environment" {}
variable "log" {}
variable "linux" {}
variable "mounts" {}
variable "dso" {}
variable "vc" {}
variable "pid" {}
variable "ipc" {}
variable "network_mode" {}
variable "task_role" {}
variable "exec_role" {}
variable "compat" {}
variable "volumes" {}
variable "transit" {}
variable "containers" {}

resource "aws_ecs_cluster" "insights_value" {
  name = "insights-value"
  setting {
    name  = "containerInsights"
    value = var.insights
  }
  tags = var.tags
}

resource "aws_ecs_cluster" "setting_name" {
  name = "setting-name"
  setting {
    name  = var.setting_name
    value = "enabled"
  }
  tags = {
    (var.tag_key) = "x"
  }
}

resource "aws_ecs_cluster" "settings" {
  name = "settings"
  dynamic "setting" {
    for_each = var.settings
    content {
      name  = setting.value.name
      value = setting.value.value
    }
  }
}

resource "aws_ecs_cluster" "exec_unknown" {
  name = "exec-unknown"
  dynamic "configuration" {
    for_each = var.exec_log
    content {
      execute_command_configuration {
        logging = "DEFAULT"
      }
    }
  }
}

resource "aws_ecs_cluster" "exec_logging" {
  name = "exec-logging"
  configuration {
    execute_command_configuration {
      kms_key_id = "alias/exec"
      logging    = var.exec_logging
    }
  }
}

resource "aws_ecs_cluster" "exec_override" {
  name = "exec-override"
  configuration {
    execute_command_configuration {
      kms_key_id = var.kms
      logging    = "OVERRIDE"
      dynamic "log_configuration" {
        for_each = var.exec_log
        content {
          cloud_watch_log_group_name = "exec"
        }
      }
    }
  }
}

resource "aws_ecs_cluster" "exec_encryption" {
  name = "exec-encryption"
  configuration {
    execute_command_configuration {
      kms_key_id = "alias/exec"
      logging    = "OVERRIDE"
      log_configuration {
        cloud_watch_log_group_name     = "exec"
        cloud_watch_encryption_enabled = var.cw_encryption
      }
    }
  }
}

resource "aws_ecs_cluster" "exec_weird" {
  name = "exec-weird"
  configuration {
    execute_command_configuration {
      kms_key_id = "alias/exec"
      logging    = "SOMETIMES"
    }
  }
}

resource "aws_ecs_service" "public_ip" {
  name                   = "public-ip"
  cluster                = aws_ecs_cluster.exec_unknown.id
  launch_type            = "FARGATE"
  platform_version       = var.platform_version
  enable_execute_command = var.exec
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = var.public_ip
  }
  tags = var.tags
}

resource "aws_ecs_service" "networks" {
  name                   = "networks"
  cluster                = var.cluster
  launch_type            = var.launch_type
  platform_version       = "1.3.0"
  enable_execute_command = true
  dynamic "network_configuration" {
    for_each = var.networks
    content {
      subnets = ["subnet-1"]
    }
  }
  tags = {
    (var.tag_key) = "x"
  }
}

resource "aws_ecs_service" "exec_elsewhere" {
  name                   = "exec-elsewhere"
  cluster                = "somewhere-else"
  enable_execute_command = true
  platform_version       = "1.3.0"
}

resource "aws_ecs_cluster" "strategy" {
  name = "strategy"
}

resource "aws_ecs_cluster_capacity_providers" "strategy" {
  cluster_name = aws_ecs_cluster.strategy.name
  default_capacity_provider_strategy {
    capacity_provider = var.strategy
  }
}

resource "aws_ecs_service" "default_strategy" {
  name             = "default-strategy"
  cluster          = aws_ecs_cluster.strategy.arn
  platform_version = "1.3.0"
}

resource "aws_ecs_service" "exec_cluster" {
  for_each               = toset(["logging", "override", "encryption", "weird", "unknown"])
  name                   = "exec-${each.key}"
  cluster                = each.key == "logging" ? aws_ecs_cluster.exec_logging.arn : each.key == "override" ? aws_ecs_cluster.exec_override.arn : each.key == "encryption" ? aws_ecs_cluster.exec_encryption.arn : each.key == "weird" ? aws_ecs_cluster.exec_weird.arn : aws_ecs_cluster.exec_unknown.arn
  launch_type            = "FARGATE"
  platform_version       = "1.0.0"
  enable_execute_command = true
}

resource "aws_ecs_task_set" "public_ip" {
  service         = aws_ecs_service.public_ip.id
  cluster         = aws_ecs_cluster.insights_value.id
  task_definition = aws_ecs_task_definition.os_unknown.arn
  launch_type     = var.launch_type
  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = var.public_ip
  }
}

resource "aws_ecs_task_set" "networks" {
  service         = aws_ecs_service.public_ip.id
  cluster         = aws_ecs_cluster.insights_value.id
  task_definition = aws_ecs_task_definition.os_unknown.arn
  dynamic "network_configuration" {
    for_each = var.networks
    content {
      subnets = ["subnet-1"]
    }
  }
}

resource "aws_ecs_capacity_provider" "asg" {
  name = "asg"
  dynamic "auto_scaling_group_provider" {
    for_each = var.asg
    content {
      auto_scaling_group_arn = "arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:x"
    }
  }
}

resource "aws_ecs_capacity_provider" "mtp" {
  name = "mtp"
  auto_scaling_group_provider {
    auto_scaling_group_arn         = "arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:x"
    managed_termination_protection = var.mtp
  }
}

resource "aws_ecs_task_definition" "os_unknown" {
  family                   = "os-unknown"
  requires_compatibilities = var.compat
  runtime_platform {
    operating_system_family = var.os
  }
  task_role_arn      = var.task_role
  execution_role_arn = var.exec_role
  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.key
    }
  }
  tags = var.tags
  container_definitions = jsonencode([{
    name        = "app"
    image       = var.image
    environment = var.environment
  }])
}

resource "aws_ecs_task_definition" "fields_unknown" {
  family                   = "fields-unknown"
  requires_compatibilities = ["EC2"]
  network_mode             = var.network_mode
  pid_mode                 = var.pid
  ipc_mode                 = var.ipc
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  execution_role_arn       = var.exec_role
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id     = "fs-1"
      transit_encryption = var.transit
    }
  }
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = var.image
    user                   = var.user
    privileged             = var.privileged
    readonlyRootFilesystem = var.readonly
    environment            = var.environment
    logConfiguration       = var.log
    linuxParameters        = var.linux
    mountPoints            = var.mounts
    dockerSecurityOptions  = var.dso
    versionConsistency     = var.vc
  }])
}

resource "aws_ecs_task_definition" "containers_unknown" {
  family                = "containers-unknown"
  container_definitions = var.containers
}
