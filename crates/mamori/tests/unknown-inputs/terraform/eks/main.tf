# EKS settings left to variables without values, and a version that is no Kubernetes version.
variable "version" {}
variable "log_types" {}
variable "cidr" {}
variable "resources" {}

resource "aws_eks_cluster" "unknown" {
  name     = "unknown"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  version  = var.version

  vpc_config {
    subnet_ids             = ["subnet-1"]
    endpoint_public_access = true
    public_access_cidrs    = [var.cidr]
  }

  encryption_config {
    resources = var.resources
    provider {
      key_arn = "arn:aws:kms:ap-northeast-1:123456789012:key/1"
    }
  }

  enabled_cluster_log_types = var.log_types
}

resource "aws_eks_cluster" "some_logs" {
  name                      = "some-logs"
  role_arn                  = "arn:aws:iam::123456789012:role/eks"
  version                   = "latest"
  enabled_cluster_log_types = ["api", var.log_types]
}
