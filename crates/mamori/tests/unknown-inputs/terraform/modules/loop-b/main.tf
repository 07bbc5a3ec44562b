module "a" {
  source = "../loop-a"
}

output "insights" {
  value = module.a.insights
}
