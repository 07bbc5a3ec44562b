resource "aws_ecs_cluster" "y" {
  name = "y"
}
