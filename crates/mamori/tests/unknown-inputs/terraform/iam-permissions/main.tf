# Task roles whose permissions cannot all be read.
variable "policy" {
  type = string
}

variable "arns" {
  type = list(string)
}

variable "arn" {
  type = string
}

variable "effect" {
  type = string
}

locals {
  trust = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  roles = {
    a = aws_iam_role.inline_from_variable.arn
    b = aws_iam_role.managed_from_variable.arn
    c = aws_iam_role.attached_from_variable.arn
    d = aws_iam_role.effect_from_variable.arn
    e = aws_iam_role.other_team.arn
  }
}

resource "aws_ecs_task_definition" "app" {
  for_each                 = local.roles
  family                   = "app-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = each.value
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0"
    readonlyRootFilesystem = true
    user                   = "1000"
  }])
}

resource "aws_iam_role" "inline_from_variable" {
  name               = "inline-from-variable"
  assume_role_policy = local.trust
  inline_policy {
    name   = "from-variable"
    policy = var.policy
  }
}

resource "aws_iam_role" "managed_from_variable" {
  name                = "managed-from-variable"
  assume_role_policy  = local.trust
  managed_policy_arns = var.arns
}

resource "aws_iam_role" "attached_from_variable" {
  name               = "attached-from-variable"
  assume_role_policy = local.trust
}

resource "aws_iam_role_policy_attachment" "from_variable" {
  role       = aws_iam_role.attached_from_variable.name
  policy_arn = var.arn
}

resource "aws_iam_role" "effect_from_variable" {
  name               = "effect-from-variable"
  assume_role_policy = local.trust
  inline_policy {
    name = "effect"
    policy = jsonencode({
      Statement = [{
        Effect   = var.effect
        Action   = "s3:*"
        Resource = "*"
      }]
    })
  }
}

# A policy another team manages, in another configuration.
resource "aws_iam_role" "other_team" {
  name                = "other-team"
  assume_role_policy  = local.trust
  managed_policy_arns = ["arn:aws:iam::123456789012:policy/platform/shared-app-access"]
}
