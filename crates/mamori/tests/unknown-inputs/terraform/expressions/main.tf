# Each service's platform version is an expression the evaluator cannot resolve, for a
# different reason; MAM-ECS-002 is undecided with that reason.

variable "which" {}

locals {
  version = data.aws_ssm_parameter.version.value
  cycle_a = local.cycle_b
  cycle_b = local.cycle_a
  object  = { a = "1.4.0" }
  nothing = null
  text    = "1.4.0"
  number  = 5
  list    = ["1.4.0"]
}

resource "aws_ecs_service" "data_source" {
  name             = "data-source"
  launch_type      = "FARGATE"
  platform_version = data.aws_ssm_parameter.version.value
}

resource "aws_ecs_service" "through_local" {
  name             = "through-local"
  launch_type      = "FARGATE"
  platform_version = local.version
}

resource "aws_ecs_service" "resource_attribute" {
  name             = "resource-attribute"
  launch_type      = "FARGATE"
  platform_version = aws_ssm_parameter.version.value
}

resource "aws_ecs_service" "resource_splat" {
  name             = "resource-splat"
  launch_type      = "FARGATE"
  platform_version = aws_ssm_parameter.versions[*].value
}

resource "aws_ecs_service" "unresolved_key" {
  name             = "unresolved-key"
  launch_type      = "FARGATE"
  platform_version = aws_ssm_parameter.versions[var.which].value
}

resource "aws_ecs_service" "module_output" {
  name             = "module-output"
  launch_type      = "FARGATE"
  platform_version = module.versions.fargate
}

resource "aws_ecs_service" "workspace" {
  name             = "workspace"
  launch_type      = "FARGATE"
  platform_version = terraform.workspace
}

resource "aws_ecs_service" "function_not_evaluated" {
  name             = "function-not-evaluated"
  launch_type      = "FARGATE"
  platform_version = timestamp()
}

resource "aws_ecs_service" "provider_function" {
  name             = "provider-function"
  launch_type      = "FARGATE"
  platform_version = provider::aws::arn_parse("arn:aws:iam::123456789012:role/x").account_id
}

resource "aws_ecs_service" "regex_replace" {
  name             = "regex-replace"
  launch_type      = "FARGATE"
  platform_version = replace("1.4.0", "/(/", "-")
}

resource "aws_ecs_service" "undeclared_variable" {
  name             = "undeclared-variable"
  launch_type      = "FARGATE"
  platform_version = var.undeclared
}

resource "aws_ecs_service" "undeclared_local" {
  name             = "undeclared-local"
  launch_type      = "FARGATE"
  platform_version = local.undeclared
}

resource "aws_ecs_service" "cycle" {
  name             = "cycle"
  launch_type      = "FARGATE"
  platform_version = local.cycle_a
}

resource "aws_ecs_service" "division" {
  name             = "division"
  launch_type      = "FARGATE"
  platform_version = 1 / 0
}

resource "aws_ecs_service" "modulo" {
  name             = "modulo"
  launch_type      = "FARGATE"
  platform_version = 1 % 0
}

resource "aws_ecs_service" "count_outside_count" {
  name             = "count-outside-count"
  launch_type      = "FARGATE"
  platform_version = count.index
}

resource "aws_ecs_service" "each_outside_for_each" {
  name             = "each-outside-for-each"
  launch_type      = "FARGATE"
  platform_version = each.key
}

resource "aws_ecs_service" "unknown_name" {
  name             = "unknown-name"
  launch_type      = "FARGATE"
  platform_version = nothing_of_that_name
}

resource "aws_ecs_service" "index_out_of_range" {
  name             = "index-out-of-range"
  launch_type      = "FARGATE"
  platform_version = ["1.4.0"][3]
}

resource "aws_ecs_service" "missing_key" {
  name             = "missing-key"
  launch_type      = "FARGATE"
  platform_version = { a = "1.4.0" }["b"]
}

resource "aws_ecs_service" "missing_attribute" {
  name             = "missing-attribute"
  launch_type      = "FARGATE"
  platform_version = local.object.b
}

resource "aws_ecs_service" "attribute_of_null" {
  name             = "attribute-of-null"
  launch_type      = "FARGATE"
  platform_version = local.nothing.b
}

resource "aws_ecs_service" "attribute_of_string" {
  name             = "attribute-of-string"
  launch_type      = "FARGATE"
  platform_version = local.text.b
}

resource "aws_ecs_service" "index_of_null" {
  name             = "index-of-null"
  launch_type      = "FARGATE"
  platform_version = local.nothing[0]
}

resource "aws_ecs_service" "index_of_number" {
  name             = "index-of-number"
  launch_type      = "FARGATE"
  platform_version = local.number[0]
}

resource "aws_ecs_service" "iterate_null" {
  name             = "iterate-null"
  launch_type      = "FARGATE"
  platform_version = join("", [for x in local.nothing : x])
}

resource "aws_ecs_service" "iterate_number" {
  name             = "iterate-number"
  launch_type      = "FARGATE"
  platform_version = join("", [for x in local.number : x])
}

resource "aws_ecs_service" "duplicate_key" {
  name             = "duplicate-key"
  launch_type      = "FARGATE"
  platform_version = { for x in ["a", "a"] : x => x }["a"]
}

resource "aws_ecs_service" "condition" {
  name             = "condition"
  launch_type      = "FARGATE"
  platform_version = var.which == "a" ? "1.4.0" : "1.3.0"
}

resource "aws_ecs_service" "null_as_string" {
  name             = "null-as-string"
  launch_type      = "FARGATE"
  platform_version = "v${local.nothing}"
}

resource "aws_ecs_service" "list_as_string" {
  name             = "list-as-string"
  launch_type      = "FARGATE"
  platform_version = "v${local.list}"
}

resource "aws_ecs_service" "not_a_number" {
  name             = "not-a-number"
  launch_type      = "FARGATE"
  platform_version = 1 + "x"
}

resource "aws_ecs_service" "list_as_number" {
  name             = "list-as-number"
  launch_type      = "FARGATE"
  platform_version = 1 + local.list
}

resource "aws_ecs_service" "number_as_bool" {
  name             = "number-as-bool"
  launch_type      = "FARGATE"
  platform_version = !local.number
}

resource "aws_ecs_service" "fractional_index" {
  name             = "fractional-index"
  launch_type      = "FARGATE"
  platform_version = ["1.4.0"][1.5]
}

resource "aws_ecs_service" "list_value" {
  name             = "list-value"
  launch_type      = "FARGATE"
  platform_version = ["1.4.0"]
}

resource "aws_ecs_service" "file_missing" {
  name             = "file-missing"
  launch_type      = "FARGATE"
  platform_version = file("${path.module}/missing.txt")
}

resource "aws_ecs_service" "file_arguments" {
  name             = "file-arguments"
  launch_type      = "FARGATE"
  platform_version = file()
}

resource "aws_ecs_service" "templatefile_variables" {
  name             = "templatefile-variables"
  launch_type      = "FARGATE"
  platform_version = templatefile("${path.module}/version.tpl", 5)
}

resource "aws_ecs_service" "template_invalid" {
  name             = "template-invalid"
  launch_type      = "FARGATE"
  platform_version = templatefile("${path.module}/broken.tpl", {})
}

resource "aws_ecs_service" "try_empty" {
  name             = "try-empty"
  launch_type      = "FARGATE"
  platform_version = try()
}

resource "aws_ecs_service" "try_invalid" {
  name             = "try-invalid"
  launch_type      = "FARGATE"
  platform_version = try(local.undeclared)
}

resource "aws_ecs_service" "can_arguments" {
  name             = "can-arguments"
  launch_type      = "FARGATE"
  platform_version = can(1, 2)
}

resource "aws_ecs_service" "arity" {
  name             = "arity"
  launch_type      = "FARGATE"
  platform_version = lower()
}

resource "aws_ecs_service" "arity_generic" {
  name             = "arity-generic"
  launch_type      = "FARGATE"
  platform_version = upper("a", "b")
}

resource "aws_ecs_service" "json" {
  name             = "json"
  launch_type      = "FARGATE"
  platform_version = jsondecode("{")
}

resource "aws_ecs_service" "lookup" {
  name             = "lookup"
  launch_type      = "FARGATE"
  platform_version = lookup({}, "k")
}

resource "aws_ecs_service" "length" {
  name             = "length"
  launch_type      = "FARGATE"
  platform_version = tostring(length(5))
}

resource "aws_ecs_service" "element_empty" {
  name             = "element-empty"
  launch_type      = "FARGATE"
  platform_version = element([], 0)
}

resource "aws_ecs_service" "element_negative" {
  name             = "element-negative"
  launch_type      = "FARGATE"
  platform_version = element(["1.4.0"], -1)
}

resource "aws_ecs_service" "join_arguments" {
  name             = "join-arguments"
  launch_type      = "FARGATE"
  platform_version = join(",")
}

resource "aws_ecs_service" "substr" {
  name             = "substr"
  launch_type      = "FARGATE"
  platform_version = substr("abc", 10, 1)
}

resource "aws_ecs_service" "range_arguments" {
  name             = "range-arguments"
  launch_type      = "FARGATE"
  platform_version = tostring(range())
}

resource "aws_ecs_service" "range_long" {
  name             = "range-long"
  launch_type      = "FARGATE"
  platform_version = tostring(length(range(0, 100000000)))
}

resource "aws_ecs_service" "max_empty" {
  name             = "max-empty"
  launch_type      = "FARGATE"
  platform_version = tostring(max())
}

resource "aws_ecs_service" "format_none" {
  name             = "format-none"
  launch_type      = "FARGATE"
  platform_version = format()
}

resource "aws_ecs_service" "format_width" {
  name             = "format-width"
  launch_type      = "FARGATE"
  platform_version = format("%900000000d", 1)
}

resource "aws_ecs_service" "format_percent" {
  name             = "format-percent"
  launch_type      = "FARGATE"
  platform_version = format("abc %")
}

resource "aws_ecs_service" "format_few" {
  name             = "format-few"
  launch_type      = "FARGATE"
  platform_version = format("%s")
}

resource "aws_ecs_service" "format_whole" {
  name             = "format-whole"
  launch_type      = "FARGATE"
  platform_version = format("%d", 1.5)
}

resource "aws_ecs_service" "format_verb" {
  name             = "format-verb"
  launch_type      = "FARGATE"
  platform_version = format("%z", 1)
}

resource "aws_ecs_service" "coalesce" {
  name             = "coalesce"
  launch_type      = "FARGATE"
  platform_version = coalesce(null, "")
}

resource "aws_ecs_service" "zipmap" {
  name             = "zipmap"
  launch_type      = "FARGATE"
  platform_version = zipmap(["a"], [])["a"]
}

resource "aws_ecs_service" "one" {
  name             = "one"
  launch_type      = "FARGATE"
  platform_version = one(["a", "b"])
}

resource "aws_ecs_service" "slice" {
  name             = "slice"
  launch_type      = "FARGATE"
  platform_version = slice(["a"], 0, 5)[0]
}

resource "aws_ecs_service" "sum" {
  name             = "sum"
  launch_type      = "FARGATE"
  platform_version = tostring(sum([]))
}

resource "aws_ecs_service" "tolist_number" {
  name             = "tolist-number"
  launch_type      = "FARGATE"
  platform_version = join(",", tolist(5))
}

resource "aws_ecs_service" "keys_string" {
  name             = "keys-string"
  launch_type      = "FARGATE"
  platform_version = join(",", keys("x"))
}

resource "aws_ecs_service" "expand_number" {
  name             = "expand-number"
  launch_type      = "FARGATE"
  platform_version = join(5...)
}

resource "aws_ecs_service" "long_string" {
  name             = "long-string"
  launch_type      = "FARGATE"
  platform_version = join("", [for i in range(0, 20000) : "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"])
}

resource "aws_ecs_service" "path_other" {
  name             = "path-other"
  launch_type      = "FARGATE"
  platform_version = path.other
}

resource "aws_ecs_service" "self_attribute" {
  name             = "self-attribute"
  launch_type      = "FARGATE"
  platform_version = self.version
}

resource "aws_ecs_service" "var_alone" {
  name             = "var-alone"
  launch_type      = "FARGATE"
  platform_version = var
}

resource "aws_ecs_service" "local_alone" {
  name             = "local-alone"
  launch_type      = "FARGATE"
  platform_version = local
}

resource "aws_ecs_service" "module_alone" {
  name             = "module-alone"
  launch_type      = "FARGATE"
  platform_version = module
}

resource "aws_ecs_service" "data_alone" {
  name             = "data-alone"
  launch_type      = "FARGATE"
  platform_version = data
}

resource "aws_ecs_service" "exec_string" {
  name                   = "exec-string"
  cluster                = "elsewhere"
  enable_execute_command = "maybe"
}

resource "aws_ecs_service" "exec_list" {
  name                   = "exec-list"
  cluster                = "elsewhere"
  enable_execute_command = [true]
}
