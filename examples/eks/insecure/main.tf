# An EKS cluster as it often starts: reachable from the internet, no secrets encryption, no audit
# logs, an old Kubernetes version, and a node group that anyone can reach over SSH.

resource "aws_eks_cluster" "shop" {
  name     = "shop-prod"
  role_arn = "arn:aws:iam::123456789012:role/shop-eks-cluster"
  version  = "1.29"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }

  enabled_cluster_log_types = ["api"]
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.shop.name
  node_group_name = "default"
  node_role_arn   = "arn:aws:iam::123456789012:role/shop-eks-nodes"
  subnet_ids      = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]

  scaling_config {
    desired_size = 2
    max_size     = 4
    min_size     = 2
  }

  remote_access {
    ec2_ssh_key = "ops-key"
  }
}
