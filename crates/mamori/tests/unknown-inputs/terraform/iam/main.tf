# IAM roles named by the ServiceAccounts beside them (IRSA), whose trust policies cannot be read.
variable "trust" {
  type = string
}

variable "effect" {
  type = string
}

variable "sub_key" {
  type = string
}

resource "aws_iam_role" "from_variable" {
  name               = "from-variable"
  assume_role_policy = var.trust
}

resource "aws_iam_role" "effect_unknown" {
  name = "effect-unknown"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = var.effect
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

data "aws_iam_policy_document" "key_unknown" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"]
    }
    condition {
      test     = "StringEquals"
      variable = var.sub_key
      values   = ["system:serviceaccount:tools:app"]
    }
  }
}

resource "aws_iam_role" "key_unknown" {
  name               = "key-unknown"
  assume_role_policy = data.aws_iam_policy_document.key_unknown.json
}

resource "aws_iam_role" "number" {
  name               = "number"
  assume_role_policy = 42
}

resource "aws_iam_role" "empty" {
  name               = "empty"
  assume_role_policy = ""
}

resource "aws_iam_role" "broken" {
  name               = "broken"
  assume_role_policy = <<EOT
{ "Statement": [ }
EOT
}

variable "override_documents" {
  type = list(string)
}

data "aws_iam_policy_document" "overridden" {
  override_policy_documents = var.override_documents
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"]
    }
  }
}

resource "aws_iam_role" "overridden" {
  name               = "overridden"
  assume_role_policy = data.aws_iam_policy_document.overridden.json
}
