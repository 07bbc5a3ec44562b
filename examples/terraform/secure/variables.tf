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
  description = "Fargate platform version of the web-api service. Keep LATEST so new deployments pick up AWS's fixes."
  type        = string
  default     = "LATEST"
}

variable "checkout_assign_public_ip" {
  description = "Whether tasks of the checkout task set get a public IP address. They sit in private subnets behind the load balancer."
  type        = bool
  default     = false
}

variable "certificate_arn" {
  description = "ACM certificate for the load balancer's HTTPS listener."
  type        = string
  default     = "arn:aws:acm:ap-northeast-1:123456789012:certificate/4f0c2a7e-91b3-4d6a-8e25-7c1d9b3a5f60"
}

variable "web_api_image" {
  description = "Container image of the web-api service."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/web-api:2.14.0"
}

variable "checkout_image" {
  description = "Container image of the checkout service."
  type        = string
  default     = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/checkout:1.9.3"
}
