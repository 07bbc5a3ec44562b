# One task definition per way a container's value can be unknown; every container rule is
# undecided on at least one of them with its own reason. Linux on EC2, with a task role unless
# the case is about MAM-ECS-027, which looks for AWS calls only without one.

variable "sv" {}
variable "vn" {}
variable "hp" {}
variable "opts" {}
variable "mode" {}
variable "ld" {}
variable "cap" {}
variable "opt" {}
variable "pw" {}
variable "n" {}
variable "image" {}
variable "env" {}
variable "lc" {}
variable "fl_opts" {}
variable "fl_name" {}
variable "fl_auth" {}
variable "efs" {}
variable "rc" {}

resource "aws_ecs_task_definition" "mount_volume" {
  family                   = "mount-volume"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    mountPoints = [{ sourceVolume = var.sv, containerPath = "/data" }]
  }])
}

resource "aws_ecs_task_definition" "mount_volumes_unknown" {
  family                   = "mount-volumes-unknown"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  dynamic "volume" {
    for_each = var.efs
    content {
      name = volume.key
    }
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    mountPoints = [{ sourceVolume = "data", containerPath = "/data" }]
  }])
}

resource "aws_ecs_task_definition" "mount_volume_name" {
  family                   = "mount-volume-name"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name = var.vn
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    mountPoints = [{ sourceVolume = "data", containerPath = "/data" }]
  }])
}

resource "aws_ecs_task_definition" "mount_host_path" {
  family                   = "mount-host-path"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name      = "data"
    host_path = var.hp
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    mountPoints = [{ sourceVolume = "data", containerPath = "/data" }]
  }])
}

resource "aws_ecs_task_definition" "log_options" {
  family                   = "log-options"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = "awslogs", options = var.opts }
  }])
}

resource "aws_ecs_task_definition" "log_mode" {
  family                   = "log-mode"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = "awslogs", options = { mode = var.mode } }
  }])
}

resource "aws_ecs_task_definition" "log_driver" {
  family                   = "log-driver"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = var.ld }
  }])
}

resource "aws_ecs_task_definition" "capability" {
  family                   = "capability"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name            = "app"
    image           = "nginx:1"
    linuxParameters = { capabilities = { add = [var.cap], drop = [var.cap] } }
  }])
}

resource "aws_ecs_task_definition" "security_option" {
  family                   = "security-option"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name                  = "app"
    image                 = "nginx:1"
    dockerSecurityOptions = [var.opt]
  }])
}

resource "aws_ecs_task_definition" "version_consistency" {
  family                   = "version-consistency"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name               = "app"
    image              = "nginx:1"
    versionConsistency = "sometimes"
  }])
}

resource "aws_ecs_task_definition" "version_consistency_image" {
  family                   = "version-consistency-image"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name               = "app"
    image              = var.image
    versionConsistency = "disabled"
  }])
}

resource "aws_ecs_task_definition" "no_image" {
  family                   = "no-image"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name      = "app"
    essential = true
  }])
}

resource "aws_ecs_task_definition" "empty_image" {
  family                   = "empty-image"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name  = "app"
    image = ""
  }])
}

resource "aws_ecs_task_definition" "bad_digest" {
  family                   = "bad-digest"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name  = "app"
    image = "nginx@sha256:not-a-digest"
  }])
}

resource "aws_ecs_task_definition" "variable_name" {
  family                   = "variable-name"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    environment = [{ name = var.n, value = "x" }]
  }])
}

resource "aws_ecs_task_definition" "variable_value" {
  family                   = "variable-value"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    environment = [{ name = "DB_PASSWORD", value = var.pw }]
  }])
}

resource "aws_ecs_task_definition" "efs_unknown" {
  family                   = "efs-unknown"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name = "shared"
    dynamic "efs_volume_configuration" {
      for_each = var.efs
      content {
        file_system_id = "fs-1"
      }
    }
  }
  container_definitions = jsonencode([{
    name  = "app"
    image = "nginx:1"
  }])
}

resource "aws_ecs_task_definition" "efs_maybe" {
  family                   = "efs-maybe"
  requires_compatibilities = ["EC2"]
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  volume {
    name = "shared"
    efs_volume_configuration {
      file_system_id     = "fs-1"
      transit_encryption = "MAYBE"
    }
  }
  container_definitions = jsonencode([{
    name  = "app"
    image = "nginx:1"
  }])
}

resource "aws_ecs_task_definition" "role_image" {
  family                   = "role-image"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name  = "app"
    image = var.image
  }])
}

resource "aws_ecs_task_definition" "role_variables" {
  family                   = "role-variables"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    environment = var.env
  }])
}

resource "aws_ecs_task_definition" "role_variable_name" {
  family                   = "role-variable-name"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name        = "app"
    image       = "nginx:1"
    environment = [{ name = var.n, value = "x" }]
  }])
}

resource "aws_ecs_task_definition" "role_log" {
  family                   = "role-log"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = var.lc
  }])
}

resource "aws_ecs_task_definition" "role_log_driver" {
  family                   = "role-log-driver"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = var.ld }
  }])
}

resource "aws_ecs_task_definition" "role_firelens_options" {
  family                   = "role-firelens-options"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = "awsfirelens", options = var.fl_opts }
  }])
}

resource "aws_ecs_task_definition" "role_firelens_name" {
  family                   = "role-firelens-name"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = "awsfirelens", options = { Name = var.fl_name } }
  }])
}

resource "aws_ecs_task_definition" "role_firelens_auth" {
  family                   = "role-firelens-auth"
  requires_compatibilities = ["EC2"]
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{
    name             = "app"
    image            = "nginx:1"
    logConfiguration = { logDriver = "awsfirelens", options = { Name = "es", AWS_Auth = var.fl_auth } }
  }])
}

resource "aws_ecs_task_definition" "fargate_unknown" {
  family                   = "fargate-unknown"
  requires_compatibilities = var.rc
  task_role_arn            = "arn:aws:iam::123456789012:role/task"
  runtime_platform {
    operating_system_family = "LINUX"
  }
  container_definitions = jsonencode([{ name = "app", image = "nginx:1" }])
}

# container_definitions written in the ways the reader follows.

resource "aws_ecs_task_definition" "heredoc_placeholder" {
  family                = "heredoc-placeholder"
  task_role_arn         = "arn:aws:iam::123456789012:role/task"
  container_definitions = <<EOT
[{"name": "app", "image": "nginx:${var.image}"}]
EOT
}

resource "aws_ecs_task_definition" "heredoc_invalid" {
  family                = "heredoc-invalid"
  task_role_arn         = "arn:aws:iam::123456789012:role/task"
  container_definitions = <<EOT
[{"name": "app", "image": }]
EOT
}

resource "aws_ecs_task_definition" "empty" {
  family                = "empty"
  container_definitions = ""
}

resource "aws_ecs_task_definition" "number" {
  family                = "number"
  container_definitions = 5
}

resource "aws_ecs_task_definition" "template_variables" {
  family                = "template-variables"
  container_definitions = templatefile("${path.module}/containers.json.tpl", "image")
}

resource "aws_ecs_task_definition" "file_missing" {
  family                = "file-missing"
  container_definitions = file("${path.module}/missing.json")
}
