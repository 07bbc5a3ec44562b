variable "image" {
  type = string
}

locals {
  sidecar = {
    name  = "log-router"
    image = "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0"
    user  = "0"
  }
}

resource "aws_ecs_task_definition" "encoded" {
  family                   = "web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  pid_mode                 = "host"
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.task.arn
  container_definitions = jsonencode([
    {
      name       = "web"
      image      = var.image
      privileged = true
      environment = [
        { name = "DB_PASSWORD", value = "hunter2" },
      ]
    },
    local.sidecar,
  ])
  volume {
    name = "data"
    efs_volume_configuration {
      file_system_id = "fs-12345678"
    }
  }
  runtime_platform {
    operating_system_family = "LINUX"
  }
}

resource "aws_ecs_task_definition" "heredoc" {
  family                = "worker"
  container_definitions = <<-EOT
    [
      {
        "name": "worker",
        "image": "${var.image}",
        "user": "1000",
        "cpu": ${var.cpu},
        "readonlyRootFilesystem": true
      }
    ]
  EOT
}

resource "aws_ecs_task_definition" "file" {
  family                = "batch"
  container_definitions = file("${path.module}/batch.json")
}

resource "aws_ecs_task_definition" "tpl" {
  family                = "tpl"
  container_definitions = templatefile("tpl.json.tftpl", { image = "nginx:1.27", user = "nobody" })
}

variable "cpu" {}

variable "env" {}

# Whether the container is privileged depends on a variable without a value.
resource "aws_ecs_task_definition" "conditional" {
  family                = "conditional"
  container_definitions = <<-EOT
    [
      {
        "name": "app",
        %{ if "env-${var.env}" == "env-prod" }"privileged": true,%{ endif }
        "image": "nginx:1.27"
      }
    ]
  EOT
}

# A directive repeats lines: positions can no longer be matched line for line.
resource "aws_ecs_task_definition" "looped" {
  family                = "looped"
  container_definitions = <<-EOT
    [
    %{ for n in ["a", "b"] ~}
      {"name": "${n}", "image": "nginx:1.27", "privileged": true},
    %{ endfor ~}
      {"name": "last", "image": "nginx:1.27"}
    ]
  EOT
}
