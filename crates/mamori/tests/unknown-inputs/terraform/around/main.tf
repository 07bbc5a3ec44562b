# KMS keys, log groups and GuardDuty detectors whose settings come from variables without a
# value.

variable "rotate" {
  type = bool
}

variable "log_days" {
  type = number
}

variable "log_key" {
  type = string
}

variable "guardduty_on" {
  type = bool
}

variable "feature" {
  type = string
}

resource "aws_kms_key" "logs" {
  description         = "Encrypts the container logs"
  enable_key_rotation = var.rotate
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/ecs/web"
  retention_in_days = var.log_days
  kms_key_id        = var.log_key
}

resource "aws_guardduty_detector" "maybe" {
  enable = var.guardduty_on
}

resource "aws_guardduty_detector" "main" {
  enable = true
}

resource "aws_guardduty_detector_feature" "some" {
  detector_id = aws_guardduty_detector.main.id
  name        = var.feature
  status      = "ENABLED"
}
