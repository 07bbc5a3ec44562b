# Input variables given from outside the module. tests/reasons.rs also scans this folder with
# `--var 'tags={'`, which is not a valid expression for a map; its JSON variable file holds no
# object of values.

variable "tags" {
  type = map(string)
}

resource "aws_ecs_cluster" "tags" {
  name = "tags"
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
  tags = var.tags
}
