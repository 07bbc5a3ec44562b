variable "insights" {}

resource "aws_ecs_cluster" "this" {
  name = "clusterish"

  setting {
    name  = "containerInsights"
    value = var.insights
  }
}

output "insights" {
  value = var.insights
}

output "empty" {}
