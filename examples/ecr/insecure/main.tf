# The shop's image registry as first written. Comments starting with `bad:` mark each mistake.

resource "aws_ecr_repository" "app" {
  # bad: no image_tag_mutability (MUTABLE), no scan on push, no encryption_configuration
  # (AES256), and no lifecycle policy anywhere.
  name = "shop/web-api"
}

resource "aws_ecr_repository_policy" "app" {
  repository = aws_ecr_repository.app.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "AllowPull"
      Effect = "Allow"
      # bad: anyone can pull.
      Principal = "*"
      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    }]
  })
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  # bad: basic scanning only, so Amazon Inspector never looks at the images.
  scan_type = "BASIC"
}

resource "aws_ecr_replication_configuration" "this" {
  replication_configuration {
    rule {
      destination {
        region = "us-east-1"
        # bad: an account nobody listed as trusted.
        registry_id = "999888777666"
      }
    }
  }
}
