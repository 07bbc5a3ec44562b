# Secrets whose key, or whose execution role's grant on it, cannot be known.
variable "key" {
  type = string
}

variable "keys" {
  type = list(string)
}

resource "aws_secretsmanager_secret" "from_variable" {
  name       = "app/from-variable"
  kms_key_id = var.key
}

resource "aws_secretsmanager_secret" "cmk" {
  name       = "app/cmk"
  kms_key_id = "arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_ecs_task_definition" "key_unknown" {
  family                   = "key-unknown"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0"
    readonlyRootFilesystem = true
    user                   = "1000"
    secrets                = [{ name = "TOKEN", valueFrom = aws_secretsmanager_secret.from_variable.arn }]
  }])
}

resource "aws_ecs_task_definition" "grant_unknown" {
  family                   = "grant-unknown"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0"
    readonlyRootFilesystem = true
    user                   = "1000"
    secrets                = [{ name = "TOKEN", valueFrom = aws_secretsmanager_secret.cmk.arn }]
  }])
}

resource "aws_iam_role" "execution" {
  name = "execution"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  inline_policy {
    name = "keys"
    policy = jsonencode({
      Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = var.keys }]
    })
  }
}

# Parameters whose type, or whose key, cannot be known.
variable "parameter_type" {
  type = string
}

resource "aws_ssm_parameter" "type_unknown" {
  name  = "/app/type-unknown"
  type  = var.parameter_type
  value = "x"
}

resource "aws_ssm_parameter" "key_unknown" {
  name   = "/app/key-unknown"
  type   = "SecureString"
  value  = "x"
  key_id = var.key
}

resource "aws_ecs_task_definition" "parameters" {
  for_each                 = { type = "/app/type-unknown", key = "/app/key-unknown" }
  family                   = "parameter-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0"
    readonlyRootFilesystem = true
    user                   = "1000"
    secrets                = [{ name = "VALUE", valueFrom = each.value }]
  }])
}
