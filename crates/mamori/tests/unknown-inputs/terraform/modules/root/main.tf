# Module calls whose outputs and inputs cannot be known, each read by a cluster setting.
variable "where" {
  default = "../clusterish"
}

module "remote" {
  source = "terraform-aws-modules/ecs/aws"
}

module "gone" {
  source = "./nowhere"
}

module "computed" {
  source = var.where
}

module "loop" {
  source = "../loop-a"
}

module "unset" {
  source = "../clusterish"
}

module "counted" {
  source   = "../clusterish"
  count    = 1
  insights = "enabled"
}

module "cyc" {
  source = "../echo"
  x      = module.cyc.y
}

module "selfish" {
  source   = "../clusterish"
  count    = length(module.selfish)
  insights = count.index == 0 ? "enabled" : "disabled"
}

resource "aws_ecs_cluster" "pair" {
  count = 2
  name  = "pair-${count.index}"
}

resource "aws_ecs_cluster" "remote" {
  name = "remote"

  setting {
    name  = "containerInsights"
    value = module.remote.insights
  }
}

resource "aws_ecs_cluster" "gone" {
  name = "gone"

  setting {
    name  = "containerInsights"
    value = module.gone.insights
  }
}

resource "aws_ecs_cluster" "computed" {
  name = "computed"

  setting {
    name  = "containerInsights"
    value = module.computed.insights
  }
}

resource "aws_ecs_cluster" "undeclared" {
  name = "undeclared"

  setting {
    name  = "containerInsights"
    value = module.nope.insights
  }
}

resource "aws_ecs_cluster" "bare" {
  name = "bare"

  setting {
    name  = "containerInsights"
    value = module
  }
}

resource "aws_ecs_cluster" "index" {
  name = "index"

  setting {
    name  = "containerInsights"
    value = module.counted[3].insights
  }
}

resource "aws_ecs_cluster" "no_output" {
  name = "no-output"

  setting {
    name  = "containerInsights"
    value = module.counted[0].nothing
  }
}

resource "aws_ecs_cluster" "empty" {
  name = "empty"

  setting {
    name  = "containerInsights"
    value = module.counted[0].empty
  }
}

resource "aws_ecs_cluster" "cycle" {
  name = "cycle"

  setting {
    name  = "containerInsights"
    value = module.cyc.y
  }
}

resource "aws_ecs_cluster" "no_instance" {
  name = "no-instance"

  setting {
    name  = "containerInsights"
    value = aws_ecs_cluster.pair[5].name
  }
}
