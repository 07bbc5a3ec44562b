# Each role names the one workload that may assume it.

resource "aws_iam_role" "web_api" {
  name = "shop-web-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E:sub" = "system:serviceaccount:shop:web-api"
            "oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E:aud" = "sts.amazonaws.com"
          }
        }
      }
    ]
  })
}

resource "aws_iam_role" "sales_report" {
  name = "shop-sales-report"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:SourceAccount"                          = "123456789012"
            "aws:RequestTag/eks-cluster-name"            = "shop-prod"
            "aws:RequestTag/kubernetes-namespace"        = "tools"
            "aws:RequestTag/kubernetes-service-account" = "sales-report"
          }
        }
      }
    ]
  })
}

resource "aws_eks_pod_identity_association" "sales_report" {
  cluster_name    = aws_eks_cluster.shop.name
  namespace       = "tools"
  service_account = "sales-report"
  role_arn        = aws_iam_role.sales_report.arn
}
