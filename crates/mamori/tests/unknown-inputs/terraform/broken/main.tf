resource "aws_ecs_cluster" "broken" {
  name = "broken"
  setting {
    name = "containerInsights"
