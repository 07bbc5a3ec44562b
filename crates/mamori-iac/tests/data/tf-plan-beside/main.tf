resource "aws_ecs_cluster" "main" {
  name = "shop"

  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

module "svc" {
  source   = "./modules/service"
  for_each = { api = true, worker = false }

  name    = each.key
  cluster = aws_ecs_cluster.main.id
  public  = each.value
}
