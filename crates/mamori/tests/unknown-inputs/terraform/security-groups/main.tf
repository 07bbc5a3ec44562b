# Security group values a scan cannot know: the checks on them are undecided, never failed.
variable "admin_cidr" {}
variable "app_port" {}
variable "protocol" {}
variable "rule_type" {}
variable "extra_ingress" {}
variable "public_cidrs" {}

resource "aws_ecs_service" "web" {
  name            = "web"
  cluster         = "main"
  task_definition = "web:1"
  network_configuration {
    subnets         = ["subnet-1"]
    security_groups = [aws_security_group.web.id]
  }
}

resource "aws_security_group" "web" {
  name = "web"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }

  ingress {
    from_port        = var.app_port
    to_port          = var.app_port
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = var.protocol
    cidr_blocks = var.public_cidrs
  }

  ingress {
    from_port   = 50
    to_port     = 50
    protocol    = "esp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "dynamic" {
  name    = "dynamic"
  ingress = var.extra_ingress
}

resource "aws_security_group_rule" "maybe_ingress" {
  type              = var.rule_type
  security_group_id = aws_security_group.web.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group" "broken" {
  name = "broken"
  ingress = [
    "tcp/22"
  ]
}

resource "aws_security_group" "per_port" {
  name = "per-port"
  dynamic "ingress" {
    for_each = var.extra_ingress
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}
