# Suppressions that silence nothing, each for a different reason.

# mamori:ignore ECS.12
resource "aws_ecs_cluster" "no_reason" {
  name = "no-reason"
}

# mamori:ignore NOT-A-RULE reason="typo"
resource "aws_ecs_cluster" "unknown_rule" {
  name = "unknown-rule"
}

# mamori:ignore ECS.12 reason="trial period" until=2020-01-31
resource "aws_ecs_cluster" "expired" {
  name = "expired"
}

# mamori:ignore ECS.12 because="no key"
resource "aws_ecs_cluster" "unknown_key" {
  name = "unknown-key"
}

# mamori:ignore ECS.12 reason="soon" until=next-week
resource "aws_ecs_cluster" "bad_date" {
  name = "bad-date"
}

# mamori:ignore ECS.12 stray
resource "aws_ecs_cluster" "unreadable" {
  name = "unreadable"
}

# mamori:ignore
resource "aws_ecs_cluster" "no_rule" {
  name = "no-rule"
}
