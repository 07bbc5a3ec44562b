resource "aws_ecs_cluster" "tags" {
  name = "tags"
  tags = {
    Owner = "a"
    Owner = "b"
  }
}
