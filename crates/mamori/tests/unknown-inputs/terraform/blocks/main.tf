# Resources whose instances, blocks or default tags cannot be known.

variable "replicas" {}
variable "clusters" {}
variable "default_tags" {}

variable "settings" {
  type = object({ name = string, value = string })
}

provider "aws" {
  default_tags {
    tags = var.default_tags
  }
}

resource "aws_ecs_cluster" "counted" {
  count = var.replicas
  name  = "counted"
  setting {
    name  = "containerInsights"
    value = tostring(count.index)
  }
}

resource "aws_ecs_cluster" "each" {
  for_each = var.clusters
  name     = each.key
  setting {
    name  = "containerInsights"
    value = each.value
  }
}

resource "aws_ecs_cluster" "too_many" {
  count = 100000
  name  = "too-many"
  setting {
    name  = "containerInsights"
    value = tostring(count.index)
  }
}

resource "aws_ecs_cluster" "too_many_keys" {
  for_each = toset([for i in range(0, 20000) : tostring(i)])
  name     = "too-many-keys"
  setting {
    name  = "containerInsights"
    value = each.key
  }
}

resource "aws_ecs_cluster" "each_null" {
  for_each = null
  name     = "each-null"
  setting {
    name  = "containerInsights"
    value = each.key
  }
}

resource "aws_ecs_cluster" "each_number" {
  for_each = 5
  name     = "each-number"
  setting {
    name  = "containerInsights"
    value = each.key
  }
}

resource "aws_ecs_cluster" "each_numbers" {
  for_each = [1, 2]
  name     = "each-numbers"
  setting {
    name  = "containerInsights"
    value = each.key
  }
}

resource "aws_ecs_cluster" "dynamic_without_for_each" {
  name = "dynamic-without-for-each"
  dynamic "setting" {
    content {
      name  = "containerInsights"
      value = "enabled"
    }
  }
}

resource "aws_ecs_cluster" "dynamic_too_many" {
  name = "dynamic-too-many"
  dynamic "setting" {
    for_each = range(0, 20000)
    content {
      name  = "containerInsights"
      value = "enabled"
    }
  }
}

resource "aws_ecs_cluster" "typed" {
  name = "typed"
  setting {
    name  = var.settings.name
    value = "enabled"
  }
}
