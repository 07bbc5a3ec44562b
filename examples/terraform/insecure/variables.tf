variable "region" {
  description = "AWS Region to deploy into."
  type        = string
  default     = "ap-northeast-1"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "fargate_platform_version" {
  description = "Fargate platform version of the web-api service."
  type        = string
  default     = "1.3.0" # bad: pins an old Fargate platform version (MAM-ECS-002)
}

variable "checkout_assign_public_ip" {
  description = "Whether tasks of the checkout task set get a public IP address."
  type        = bool
  default     = true # bad: task set tasks get public IPs (MAM-ECS-004)
}

variable "web_api_image" {
  description = "Container image of the web-api service."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/web-api:latest"
}

variable "checkout_image" {
  description = "Container image of the checkout service."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/checkout:1.9.3"
}
