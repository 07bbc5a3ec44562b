# Two registry modules that `terraform init` has not downloaded, and a local one also called by
# another configuration.
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

module "cluster" {
  source   = "../clusterish"
  insights = "enabled"
}
