resource "aws_ecs_cluster" "x" {
  name = "ÿþý"
}
