# Each service's platform version is a call of a built-in function that Terraform would refuse,
# for a different reason; MAM-ECS-002 is undecided with that reason.

locals {
  template = "Hello, $${name}"
}

resource "aws_ecs_service" "yaml_documents" {
  name             = "yaml-documents"
  launch_type      = "FARGATE"
  platform_version = yamldecode("a: 1\n---\nb: 2\n")
}

resource "aws_ecs_service" "yaml_key" {
  name             = "yaml-key"
  launch_type      = "FARGATE"
  platform_version = yamldecode("{[1]: x}")
}

resource "aws_ecs_service" "yaml_merge" {
  name             = "yaml-merge"
  launch_type      = "FARGATE"
  platform_version = yamldecode("a:\n  <<: 1\n")
}

resource "aws_ecs_service" "yaml_tag" {
  name             = "yaml-tag"
  launch_type      = "FARGATE"
  platform_version = yamldecode("a: !custom x")
}

resource "aws_ecs_service" "yaml_alias" {
  name             = "yaml-alias"
  launch_type      = "FARGATE"
  platform_version = yamldecode("{a: &foo [1, *foo, 3]}")
}

resource "aws_ecs_service" "yaml_core_tag" {
  name             = "yaml-core-tag"
  launch_type      = "FARGATE"
  platform_version = yamldecode("!!int x")
}

resource "aws_ecs_service" "yaml_syntax" {
  name             = "yaml-syntax"
  launch_type      = "FARGATE"
  platform_version = yamldecode("a: [1")
}

resource "aws_ecs_service" "base64" {
  name             = "base64"
  launch_type      = "FARGATE"
  platform_version = base64decode("abc")
}

resource "aws_ecs_service" "base64_utf8" {
  name             = "base64-utf8"
  launch_type      = "FARGATE"
  platform_version = base64decode("/w==")
}

resource "aws_ecs_service" "csv_header" {
  name             = "csv-header"
  launch_type      = "FARGATE"
  platform_version = csvdecode("")
}

resource "aws_ecs_service" "csv_fields" {
  name             = "csv-fields"
  launch_type      = "FARGATE"
  platform_version = csvdecode("a,b\n1\n")
}

resource "aws_ecs_service" "csv_quote" {
  name             = "csv-quote"
  launch_type      = "FARGATE"
  platform_version = csvdecode("a\n\"x")
}

resource "aws_ecs_service" "cidr_prefix" {
  name             = "cidr-prefix"
  launch_type      = "FARGATE"
  platform_version = cidrsubnet("10.0.0.0", 4, 1)
}

resource "aws_ecs_service" "cidr_whole" {
  name             = "cidr-whole"
  launch_type      = "FARGATE"
  platform_version = cidrsubnet("10.0.0.0/8", 1.5, 1)
}

resource "aws_ecs_service" "cidr_extend" {
  name             = "cidr-extend"
  launch_type      = "FARGATE"
  platform_version = cidrsubnet("10.0.0.0/30", 4, 1)
}

resource "aws_ecs_service" "cidr_netnum" {
  name             = "cidr-netnum"
  launch_type      = "FARGATE"
  platform_version = cidrsubnet("10.0.0.0/8", 4, 16)
}

resource "aws_ecs_service" "cidr_host" {
  name             = "cidr-host"
  launch_type      = "FARGATE"
  platform_version = cidrhost("10.0.0.0/30", 4)
}

resource "aws_ecs_service" "cidr_netmask" {
  name             = "cidr-netmask"
  launch_type      = "FARGATE"
  platform_version = cidrnetmask("fd00::/8")
}

resource "aws_ecs_service" "cidrs_zero" {
  name             = "cidrs-zero"
  launch_type      = "FARGATE"
  platform_version = cidrsubnets("10.0.0.0/8", 0)
}

resource "aws_ecs_service" "cidrs_beyond" {
  name             = "cidrs-beyond"
  launch_type      = "FARGATE"
  platform_version = cidrsubnets("10.0.0.0/30", 4)
}

resource "aws_ecs_service" "cidrs_space" {
  name             = "cidrs-space"
  launch_type      = "FARGATE"
  platform_version = cidrsubnets("10.0.0.0/24", 1, 1, 1)
}

resource "aws_ecs_service" "regex_syntax" {
  name             = "regex-syntax"
  launch_type      = "FARGATE"
  platform_version = regex("(", "x")
}

resource "aws_ecs_service" "regex_groups" {
  name             = "regex-groups"
  launch_type      = "FARGATE"
  platform_version = regex("(?P<a>x)(y)", "xy")
}

resource "aws_ecs_service" "regex_match" {
  name             = "regex-match"
  launch_type      = "FARGATE"
  platform_version = regex("z", "x")
}

resource "aws_ecs_service" "fileset_pattern" {
  name             = "fileset-pattern"
  launch_type      = "FARGATE"
  platform_version = fileset(path.module, "[")
}

resource "aws_ecs_service" "pow" {
  name             = "pow"
  launch_type      = "FARGATE"
  platform_version = pow(10, 400)
}

resource "aws_ecs_service" "parseint_base" {
  name             = "parseint-base"
  launch_type      = "FARGATE"
  platform_version = parseint("1", 99)
}

resource "aws_ecs_service" "parseint_digits" {
  name             = "parseint-digits"
  launch_type      = "FARGATE"
  platform_version = parseint("12", 2)
}

resource "aws_ecs_service" "indent" {
  name             = "indent"
  launch_type      = "FARGATE"
  platform_version = indent(-1, "x")
}

resource "aws_ecs_service" "formatlist" {
  name             = "formatlist"
  launch_type      = "FARGATE"
  platform_version = formatlist("%s%s", ["a"], ["b", "c"])
}

resource "aws_ecs_service" "setproduct" {
  name             = "setproduct"
  launch_type      = "FARGATE"
  platform_version = setproduct(["a"])
}

resource "aws_ecs_service" "setintersection" {
  name             = "setintersection"
  launch_type      = "FARGATE"
  platform_version = setintersection()
}

resource "aws_ecs_service" "chunklist" {
  name             = "chunklist"
  launch_type      = "FARGATE"
  platform_version = chunklist(["a"], -1)
}

resource "aws_ecs_service" "index" {
  name             = "index"
  launch_type      = "FARGATE"
  platform_version = index(["a"], "b")
}

resource "aws_ecs_service" "matchkeys" {
  name             = "matchkeys"
  launch_type      = "FARGATE"
  platform_version = matchkeys(["a"], [], [])
}

resource "aws_ecs_service" "templatestring" {
  name             = "templatestring"
  launch_type      = "FARGATE"
  platform_version = templatestring(local.template, 1)
}
