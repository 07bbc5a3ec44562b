# A role policy whose role cannot be known may be the task role's.
variable "role" {
  type = string
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  task_role_arn            = aws_iam_role.app.arn
  container_definitions = jsonencode([{
    name                   = "app"
    image                  = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/app:1.0.0"
    readonlyRootFilesystem = true
    user                   = "1000"
  }])
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "somewhere" {
  name = "somewhere"
  role = var.role
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::data/*" }]
  })
}
