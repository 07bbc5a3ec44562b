module "b" {
  source = "../loop-b"
}

resource "aws_ecs_cluster" "a" {
  name = "a"

  setting {
    name  = "containerInsights"
    value = module.b.insights
  }
}
