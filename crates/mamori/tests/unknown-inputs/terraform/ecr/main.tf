# ECR values the scanner cannot know: a lifecycle policy whose repository comes from a variable
# without a value (so the repository beside it is undecided, not failed), and a key declared in
# the configuration whose ARN cannot be compared with `ecr_kms_key_arns` before deployment.
variable "repository" {}

resource "aws_kms_key" "ecr" {
  enable_key_rotation = true
}

resource "aws_ecr_repository" "app" {
  name                 = "app"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.ecr.arn
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = var.repository
  policy     = jsonencode({ rules = [] })
}
