# The roles pods assume, written loosely: the web API's IRSA role trusts the cluster's OIDC
# provider for any service account, and the Pod Identity role of the reporting job can be given to
# any pod of any cluster of the account.

resource "aws_iam_role" "web_api" {
  name = "shop-web-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        # bad: only the audience is checked, so every service account of the cluster qualifies
        Condition = {
          StringEquals = {
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
        # bad: no condition on the cluster, namespace or service account
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
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
