variable "name" {}
variable "cluster" {}
variable "public" {}

variable "strategy" {
  default = { FARGATE_SPOT = 3, FARGATE = 1 }
}

resource "aws_ecs_service" "this" {
  name    = var.name
  cluster = var.cluster

  dynamic "capacity_provider_strategy" {
    for_each = var.strategy
    content {
      capacity_provider = capacity_provider_strategy.key
      weight            = capacity_provider_strategy.value
    }
  }

  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = var.public
  }
}
