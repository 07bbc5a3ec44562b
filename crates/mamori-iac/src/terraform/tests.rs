//! Tests of the evaluator and of the mapping into the model.

use super::eval::Eval;
use super::value::Value;
use super::{build_module, load_module};
use crate::source::SourceFile;
use crate::{AdapterOutput, Level};
use hcl_edit::structure::Body;
use mamori_model::ecs::{EcsCluster, EcsService, EcsTaskSet};
use mamori_model::{Attr, Origin, Resource, State};
use std::collections::BTreeMap;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Helpers

fn parse(f: &SourceFile) -> Body {
    hcl_edit::parser::parse_body(&f.text).expect("test input parses")
}

/// Evaluates `expr` as a local of a module that also holds `extra`, with variable files.
fn eval_with(extra: &str, vars: &[(&str, &str)], expr: &str) -> Value {
    let main = SourceFile::new("main.tf", format!("{extra}\nlocals {{\n  result = {expr}\n}}\n"));
    let files: Vec<(&SourceFile, Body)> = vec![(&main, parse(&main))];
    let var_files: Vec<SourceFile> = vars.iter().map(|(n, t)| SourceFile::new(*n, *t)).collect();
    let tfvars: Vec<(&SourceFile, Body)> = var_files.iter().map(|f| (f, parse(f))).collect();
    let m = build_module(&files, &tfvars, Default::default());
    let e = *m.locals.get("result").expect("result local");
    Eval::new(&m, Vec::new()).eval(e)
}

fn eval(expr: &str) -> Value {
    eval_with("", &[], expr)
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn n(v: f64) -> Value {
    Value::Number(v)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn map(items: &[(&str, Value)]) -> Value {
    Value::Map(
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn unknown_reason(v: &Value) -> String {
    match v {
        Value::Unknown(r) => r.clone(),
        other => panic!("expected an unknown value, got {other:?}"),
    }
}

fn load(files: &[(&str, &str)]) -> AdapterOutput {
    let configs: Vec<SourceFile> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".tf"))
        .map(|(n, t)| SourceFile::new(*n, *t))
        .collect();
    let vars: Vec<SourceFile> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".tfvars"))
        .map(|(n, t)| SourceFile::new(*n, *t))
        .collect();
    load_module(Path::new("."), &configs, &vars)
}

fn clusters(out: &AdapterOutput) -> Vec<&EcsCluster> {
    out.resources
        .iter()
        .filter_map(|r| match r {
            Resource::EcsCluster(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn services(out: &AdapterOutput) -> Vec<&EcsService> {
    out.resources
        .iter()
        .filter_map(|r| match r {
            Resource::EcsService(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn task_sets(out: &AdapterOutput) -> Vec<&EcsTaskSet> {
    out.resources
        .iter()
        .filter_map(|r| match r {
            Resource::EcsTaskSet(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The 1-based line of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).expect("needle in text") as u32 + 1
}

fn line<T>(a: &Attr<T>) -> u32 {
    match &a.origin {
        Origin::Source(l) => l.span.start_line,
        o => panic!("no source origin: {o:?}"),
    }
}

fn set<T: Clone>(a: &Attr<T>) -> T {
    match &a.state {
        State::Set(v) => v.clone(),
        s => panic!("expected a set value, got {:?}", std::mem::discriminant(s)),
    }
}

// ---------------------------------------------------------------------------------------------
// Operators

#[test]
fn arithmetic_operators() {
    assert_eq!(eval("1 + 2 * 3"), n(7.0));
    assert_eq!(eval("(1 + 2) * 3"), n(9.0));
    assert_eq!(eval("10 / 4"), n(2.5));
    assert_eq!(eval("10 % 3"), n(1.0));
    assert_eq!(eval("5 - 7"), n(-2.0));
    assert_eq!(eval("-(3)"), n(-3.0));
    assert_eq!(eval("\"2\" + 3"), n(5.0));
    assert!(eval("1 / 0").is_error());
    assert!(eval("\"a\" + 1").is_error());
}

#[test]
fn comparison_and_equality_operators() {
    assert_eq!(eval("1 < 2"), Value::Bool(true));
    assert_eq!(eval("2 <= 2"), Value::Bool(true));
    assert_eq!(eval("3 > 4"), Value::Bool(false));
    assert_eq!(eval("4 >= 5"), Value::Bool(false));
    assert_eq!(eval("\"a\" == \"a\""), Value::Bool(true));
    assert_eq!(eval("\"a\" != \"b\""), Value::Bool(true));
    assert_eq!(eval("[1, 2] == [1, 2]"), Value::Bool(true));
    assert_eq!(eval("{ a = 1 } == { a = 2 }"), Value::Bool(false));
    assert_eq!(eval("1 == \"1\""), Value::Bool(false));
    assert_eq!(eval("null == null"), Value::Bool(true));
}

#[test]
fn logical_operators_and_unknowns() {
    assert_eq!(eval("true && false"), Value::Bool(false));
    assert_eq!(eval("true || false"), Value::Bool(true));
    assert_eq!(eval("!true"), Value::Bool(false));
    // Decided by one side even when the other is unknown.
    assert_eq!(eval("false && aws_s3_bucket.b.id == \"x\""), Value::Bool(false));
    assert_eq!(eval("true || data.aws_region.r.name == \"x\""), Value::Bool(true));
    assert_eq!(eval("data.aws_region.r.name == \"x\" || true"), Value::Bool(true));
    let v = eval("true && data.aws_region.r.name == \"x\"");
    assert!(unknown_reason(&v).contains("data.aws_region.r"));
    let v = eval("-data.aws_region.r.count");
    assert!(!v.is_known());
}

#[test]
fn conditionals() {
    assert_eq!(eval("true ? \"a\" : \"b\""), s("a"));
    assert_eq!(eval("1 > 2 ? \"a\" : \"b\""), s("b"));
    // Only the chosen branch is evaluated.
    assert_eq!(eval("false ? null.x : 3"), n(3.0));
    let v = eval("data.x.y.z ? 1 : 0");
    assert!(unknown_reason(&v).starts_with("the condition is unknown"));
}

#[test]
fn index_attribute_and_nesting() {
    assert_eq!(eval("[10, 20, 30][1]"), n(20.0));
    assert_eq!(eval("{ a = { b = [1, 2] } }.a.b[1]"), n(2.0));
    assert_eq!(eval("{ a = 1 }[\"a\"]"), n(1.0));
    assert_eq!(eval("[[1, 2], [3]][0].1"), n(2.0));
    assert_eq!(
        eval("{ \"k-1\" = 1, (\"k\" + \"2\") = 2 }"),
        Value::Error("\"k\" is not a number".into())
    );
    assert_eq!(
        eval("{ \"k-1\" = 1, (join(\"\", [\"k\", \"2\"])) = 2 }"),
        map(&[("k-1", n(1.0)), ("k2", n(2.0))])
    );
    assert!(eval("[1][5]").is_error());
    assert!(eval("{ a = 1 }.b").is_error());
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn templates_with_interpolation() {
    assert_eq!(
        eval_with(
            "variable \"env\" {\n  default = \"prod\"\n}",
            &[],
            "\"app-${var.env}-${1 + 1}\""
        ),
        s("app-prod-2")
    );
    assert_eq!(eval("\"a$${b}\""), s("a${b}"));
    assert_eq!(eval("\"${1}$${b}%%{c}\\t\\n\\\"\""), s("1${b}%{c}\t\n\""));
    assert_eq!(eval("\"x${true}\""), s("xtrue"));
    // A lone interpolation keeps the value's type.
    assert_eq!(eval("\"${[1, 2]}\""), list(vec![n(1.0), n(2.0)]));
    let v = eval("\"arn:${data.aws_partition.p.partition}:ecs\"");
    assert!(unknown_reason(&v).contains("data.aws_partition.p"));
}

#[test]
fn template_directives() {
    assert_eq!(eval("\"%{if true}yes%{else}no%{endif}\""), s("yes"));
    assert_eq!(eval("\"%{if 1 > 2}yes%{else}no%{endif}\""), s("no"));
    assert_eq!(eval("\"%{if false}yes%{endif}!\""), s("!"));
    assert_eq!(eval("\"%{for x in [\"a\", \"b\"]}<${x}>%{endfor}\""), s("<a><b>"));
    assert_eq!(
        eval("\"%{for k, v in { a = 1, b = 2 }}${k}=${v};%{endfor}\""),
        s("a=1;b=2;")
    );
    assert_eq!(eval("\"a %{~ if true ~} b %{~ endif ~} c\""), s("abc"));
    assert!(!eval("\"%{if data.a.b.c}x%{endif}\"").is_known());
}

#[test]
fn heredocs() {
    let v = eval("<<-EOT\n    hello ${\"world\"}\n      indented\n    EOT\n");
    assert_eq!(v, s("hello world\n  indented\n"));
    let v = eval("<<EOT\n%{for i in [1, 2]~}\nline ${i}\n%{endfor~}\nEOT\n");
    assert_eq!(v, s("line 1\nline 2\n"));
}

// ---------------------------------------------------------------------------------------------
// For expressions and splats

#[test]
fn for_expressions() {
    assert_eq!(eval("[for x in [1, 2, 3] : x * 2]"), list(vec![n(2.0), n(4.0), n(6.0)]));
    assert_eq!(
        eval("[for i, x in [\"a\", \"b\"] : \"${i}${x}\"]"),
        list(vec![s("0a"), s("1b")])
    );
    assert_eq!(
        eval("[for x in [1, 2, 3, 4] : x if x % 2 == 0]"),
        list(vec![n(2.0), n(4.0)])
    );
    assert_eq!(
        eval("{ for k, v in { a = 1, b = 2 } : v => k }"),
        map(&[("1", s("a")), ("2", s("b"))])
    );
    assert_eq!(
        eval("{ for x in [\"a\", \"b\"] : x => upper(x) }"),
        map(&[("a", s("A")), ("b", s("B"))])
    );
    assert_eq!(
        eval("{ for x in [\"a1\", \"a2\", \"b1\"] : substr(x, 0, 1) => x... }"),
        map(&[("a", list(vec![s("a1"), s("a2")])), ("b", list(vec![s("b1")]))])
    );
    assert!(eval("{ for x in [\"a\", \"a\"] : x => x }").is_error());
    assert!(!eval("[for x in data.a.b.list : x]").is_known());
}

#[test]
fn splats() {
    let objs = "[{ name = \"a\", p = { q = 1 } }, { name = \"b\", p = { q = 2 } }]";
    assert_eq!(eval(&format!("{objs}[*].name")), list(vec![s("a"), s("b")]));
    assert_eq!(eval(&format!("{objs}.*.name")), list(vec![s("a"), s("b")]));
    assert_eq!(eval(&format!("{objs}[*].p.q")), list(vec![n(1.0), n(2.0)]));
    assert_eq!(eval("null[*].name"), list(vec![]));
    assert_eq!(eval("{ name = \"x\" }[*].name"), list(vec![s("x")]));
    assert!(!eval("aws_subnet.private[*].id").is_known());
}

// ---------------------------------------------------------------------------------------------
// Functions

#[test]
fn json_functions() {
    assert_eq!(
        eval("jsonencode({ b = [1, true, null], a = \"x\" })"),
        s(r#"{"a":"x","b":[1,true,null]}"#)
    );
    assert_eq!(
        eval("jsondecode(\"{\\\"a\\\": [1, 2]}\")"),
        map(&[("a", list(vec![n(1.0), n(2.0)]))])
    );
    assert!(eval("jsondecode(\"{\")").is_error());
    assert!(!eval("jsonencode({ a = aws_iam_role.r.arn })").is_known());
}

#[test]
fn collection_functions() {
    assert_eq!(
        eval("merge({ a = 1, b = 1 }, { b = 2 }, null)"),
        map(&[("a", n(1.0)), ("b", n(2.0))])
    );
    assert_eq!(eval("lookup({ a = 1 }, \"a\", 0)"), n(1.0));
    assert_eq!(eval("lookup({ a = 1 }, \"z\", 0)"), n(0.0));
    assert!(eval("lookup({ a = 1 }, \"z\")").is_error());
    assert_eq!(eval("concat([1], [], [2, 3])"), list(vec![n(1.0), n(2.0), n(3.0)]));
    assert_eq!(eval("flatten([1, [2, [3]], []])"), list(vec![n(1.0), n(2.0), n(3.0)]));
    assert_eq!(eval("length([1, 2])"), n(2.0));
    assert_eq!(eval("length({ a = 1 })"), n(1.0));
    assert_eq!(eval("length(\"守り\")"), n(2.0));
    assert_eq!(eval("length([aws_s3_bucket.a.id])"), n(1.0));
    assert_eq!(eval("keys({ b = 1, a = 2 })"), list(vec![s("a"), s("b")]));
    assert_eq!(eval("values({ b = 1, a = 2 })"), list(vec![n(2.0), n(1.0)]));
    assert_eq!(eval("contains([\"a\", \"b\"], \"b\")"), Value::Bool(true));
    assert_eq!(eval("contains([\"a\"], \"z\")"), Value::Bool(false));
    assert!(!eval("contains([aws_s3_bucket.a.id], \"z\")").is_known());
    assert_eq!(eval("element([\"a\", \"b\"], 3)"), s("b"));
    assert_eq!(eval("tolist([\"a\"])"), list(vec![s("a")]));
    assert_eq!(eval("toset([\"b\", \"a\", \"b\"])"), list(vec![s("a"), s("b")]));
    assert_eq!(eval("tomap({ a = 1 })"), map(&[("a", n(1.0))]));
    assert!(eval("tomap([1])").is_error());
    assert_eq!(eval("compact([\"a\", \"\", null])"), list(vec![s("a")]));
    assert_eq!(eval("distinct([1, 2, 1])"), list(vec![n(1.0), n(2.0)]));
    assert_eq!(eval("zipmap([\"a\"], [1])"), map(&[("a", n(1.0))]));
    assert_eq!(eval("one([])"), Value::Null);
    assert_eq!(eval("range(3)"), list(vec![n(0.0), n(1.0), n(2.0)]));
    assert_eq!(
        eval("concat([1], [2]...)"),
        Value::Error("expected a list, found a number".into())
    );
    assert_eq!(eval("concat([[1], [2]]...)"), list(vec![n(1.0), n(2.0)]));
    assert_eq!(eval("slice([1, 2, 3], 1, 3)"), list(vec![n(2.0), n(3.0)]));
    assert_eq!(eval("sort([\"b\", \"a\"])"), list(vec![s("a"), s("b")]));
    assert_eq!(eval("sum([1, 2.5])"), n(3.5));
    assert_eq!(eval("setunion([\"b\"], [\"a\", \"b\"])"), list(vec![s("a"), s("b")]));
    assert_eq!(eval("basename(\"a/b/c.json\")"), s("c.json"));
    assert_eq!(eval("dirname(\"a/b/c.json\")"), s("a/b"));
}

#[test]
fn string_functions() {
    assert_eq!(eval("join(\",\", [\"a\", \"b\"])"), s("a,b"));
    assert_eq!(eval("split(\",\", \"a,b\")"), list(vec![s("a"), s("b")]));
    assert_eq!(eval("replace(\"a-b-c\", \"-\", \"_\")"), s("a_b_c"));
    assert_eq!(eval("replace(\"a.b\", \"/[.]/\", \"_\")"), s("a_b"));
    assert_eq!(eval("lower(\"AbC\")"), s("abc"));
    assert_eq!(eval("upper(\"AbC\")"), s("ABC"));
    assert_eq!(eval("trimspace(\"  a \\n\")"), s("a"));
    assert_eq!(eval("format(\"%s-%d-%v\", \"a\", 3, true)"), s("a-3-true"));
    assert_eq!(
        eval("format(\"%03d|%-3s|%.2f|%%|%q\", 7, \"x\", 1.5, \"q\")"),
        s("007|x  |1.50|%|\"q\"")
    );
    assert!(eval("format(\"%d\", 1.5)").is_error());
    assert_eq!(eval("trimprefix(\"ab\", \"a\")"), s("b"));
    assert_eq!(eval("startswith(\"ab\", \"a\")"), Value::Bool(true));
}

#[test]
fn conversion_functions() {
    assert_eq!(eval("tostring(1)"), s("1"));
    assert_eq!(eval("tostring(null)"), Value::Null);
    assert_eq!(eval("tonumber(\"4\")"), n(4.0));
    assert!(eval("tonumber(\"x\")").is_error());
    assert_eq!(eval("tobool(\"true\")"), Value::Bool(true));
    assert!(eval("tobool(\"yes\")").is_error());
}

#[test]
fn coalesce_try_and_can() {
    assert_eq!(eval("coalesce(null, \"\", \"a\", \"b\")"), s("a"));
    assert!(eval("coalesce(null, \"\")").is_error());
    // An unknown before the first usable argument makes the result unknown …
    assert!(!eval("coalesce(null, data.a.b.c, \"x\")").is_known());
    // … but not one after it.
    assert_eq!(eval("coalesce(\"x\", data.a.b.c)"), s("x"));
    assert_eq!(eval("try({ a = 1 }.b, \"fallback\")"), s("fallback"));
    assert_eq!(eval("try(\"first\", \"second\")"), s("first"));
    assert!(!eval("try(data.a.b.c, \"fallback\")").is_known());
    assert!(eval("try({}.x, [][0])").is_error());
    assert_eq!(eval("can({ a = 1 }.a)"), Value::Bool(true));
    assert_eq!(eval("can({ a = 1 }.b)"), Value::Bool(false));
    assert!(!eval("can(data.a.b.c)").is_known());
}

#[test]
fn unsupported_function_is_unknown_with_its_name() {
    assert_eq!(
        unknown_reason(&eval("timestamp()")),
        "function timestamp() is not evaluated"
    );
    assert_eq!(
        unknown_reason(&eval("provider::aws::arn_parse(\"x\")")),
        "function provider::aws::arn_parse() is not evaluated"
    );
}

// ---------------------------------------------------------------------------------------------
// Variables and locals

const PV_VAR: &str = "variable \"platform_version\" {\n  type    = string\n  default = \"1.3.0\"\n}\n";

#[test]
fn variable_default_is_used_without_tfvars() {
    assert_eq!(eval_with(PV_VAR, &[], "var.platform_version"), s("1.3.0"));
}

#[test]
fn terraform_tfvars_overrides_the_default_and_auto_tfvars_override_it_in_order() {
    let tfvars = ("terraform.tfvars", "platform_version = \"1.4.0\"\n");
    assert_eq!(eval_with(PV_VAR, &[tfvars], "var.platform_version"), s("1.4.0"));
    let b = ("b.auto.tfvars", "platform_version = \"B\"\n");
    let a = ("a.auto.tfvars", "platform_version = \"A\"\n");
    // Given in any order, terraform.tfvars loads first and the auto files in lexical order.
    assert_eq!(eval_with(PV_VAR, &[b, tfvars, a], "var.platform_version"), s("B"));
    assert_eq!(eval_with(PV_VAR, &[a, tfvars], "var.platform_version"), s("A"));
}

#[test]
fn variable_without_value_is_unknown_with_a_reason() {
    let v = eval_with("variable \"platform_version\" {}\n", &[], "var.platform_version");
    assert_eq!(
        unknown_reason(&v),
        "var.platform_version has no default, and no value is given in a variable file, --var or TF_VAR_platform_version"
    );
    let v = eval_with("variable \"pv\" {}\nlocals {\n  pv = var.pv\n}\n", &[], "local.pv");
    assert!(unknown_reason(&v).starts_with("local.pv ← var.pv has no default"));
}

#[test]
fn variable_types_convert_values() {
    let vars = "variable \"public\" {\n  type = bool\n}\nvariable \"n\" {\n  type    = number\n  default = \"3\"\n}\n\
                variable \"cfg\" {\n  type = object({\n    a = optional(string, \"dflt\")\n    b = optional(number)\n    c = string\n  })\n  default = { c = \"x\", extra = 1 }\n}\n";
    assert_eq!(
        eval_with(vars, &[("terraform.tfvars", "public = \"true\"\n")], "var.public"),
        Value::Bool(true)
    );
    assert_eq!(eval_with(vars, &[], "var.n"), n(3.0));
    assert_eq!(
        eval_with(vars, &[], "var.cfg"),
        map(&[("a", s("dflt")), ("b", Value::Null), ("c", s("x"))])
    );
    let nn = "variable \"t\" {\n  default  = \"d\"\n  nullable = false\n}\n";
    assert_eq!(eval_with(nn, &[("terraform.tfvars", "t = null\n")], "var.t"), s("d"));
}

#[test]
fn locals_chain_across_blocks() {
    let src = "locals {\n  a = \"x\"\n  b = \"${local.a}-y\"\n}\nlocals {\n  c = upper(local.b)\n}\n";
    assert_eq!(eval_with(src, &[], "local.c"), s("X-Y"));
}

#[test]
fn locals_cycle_is_unknown() {
    let src = "locals {\n  a = local.b\n  b = local.a\n}\n";
    let v = eval_with(src, &[], "local.a");
    assert!(unknown_reason(&v).contains("cycle"));
    let v = eval_with("locals {\n  me = \"${local.me}x\"\n}\n", &[], "local.me");
    assert!(unknown_reason(&v).contains("cycle"));
}

#[test]
fn deep_nesting_is_unknown_not_a_crash() {
    let mut src = String::from("locals {\n  l0 = 1\n");
    for i in 1..200 {
        src.push_str(&format!("  l{i} = local.l{} + 1\n", i - 1));
    }
    src.push_str("}\n");
    let v = eval_with(&src, &[], "local.l199");
    assert!(unknown_reason(&v).contains("nested"));
    assert_eq!(eval_with(&src, &[], "local.l10"), n(11.0));
}

#[test]
fn other_references_are_unknown() {
    for (expr, needle) in [
        ("data.aws_vpc.main.id", "data.aws_vpc.main"),
        ("path.other", "path.other"),
        ("terraform.workspace", "terraform.workspace"),
    ] {
        let v = eval(expr);
        assert!(unknown_reason(&v).contains(needle), "{expr}: {v:?}");
    }
}

#[test]
fn module_paths_are_the_module_folder() {
    // Relative paths are read against the module's folder, so `path.module` is `.`.
    assert_eq!(eval("path.module"), s("."));
    assert_eq!(eval("\"${path.module}/task.json\""), s("./task.json"));
}

#[test]
fn resource_references_keep_the_address() {
    assert_eq!(
        eval("aws_ecs_cluster.main.id"),
        Value::Computed {
            address: "aws_ecs_cluster.main".into(),
            attr: "id".into()
        }
    );
    assert_eq!(
        eval("aws_ecs_cluster.this[0].arn"),
        Value::Computed {
            address: "aws_ecs_cluster.this[0]".into(),
            attr: "arn".into()
        }
    );
    assert_eq!(
        eval("aws_ecs_cluster.this[\"a\"].name"),
        Value::Computed {
            address: "aws_ecs_cluster.this[\"a\"]".into(),
            attr: "name".into()
        }
    );
    let src = "locals {\n  cluster = aws_ecs_cluster.main.arn\n}\n";
    assert!(matches!(eval_with(src, &[], "local.cluster"), Value::Computed { .. }));
    // Used in an operation, the value becomes a plain unknown.
    let v = eval("\"${aws_ecs_cluster.main.name}-x\"");
    assert_eq!(
        unknown_reason(&v),
        "aws_ecs_cluster.main.name is known only after apply"
    );
}

#[test]
fn evaluation_budget_is_bounded() {
    let v = eval("length(flatten([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]))");
    assert!(!v.is_known());
}

// ---------------------------------------------------------------------------------------------
// count and for_each

fn cluster_with(meta_arg: &str) -> String {
    format!(
        "variable \"create\" {{\n  default = true\n}}\nresource \"aws_ecs_cluster\" \"this\" {{\n  {meta_arg}\n  name = \"c-${{{}}}\"\n}}\n",
        "count.index"
    )
}

#[test]
fn count_expands_instances() {
    let out = load(&[("main.tf", &cluster_with("count = 0"))]);
    assert!(out.resources.is_empty());
    let out = load(&[("main.tf", &cluster_with("count = var.create ? 1 : 0"))]);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].meta.address, "aws_ecs_cluster.this[0]");
    assert_eq!(cs[0].meta.name, "c-0");
    let out = load(&[("main.tf", &cluster_with("count = 3"))]);
    let names: Vec<String> = clusters(&out).iter().map(|c| set(&c.cluster_name)).collect();
    assert_eq!(names, ["c-0", "c-1", "c-2"]);
    let addrs: Vec<&str> = clusters(&out).iter().map(|c| c.meta.address.as_str()).collect();
    assert_eq!(
        addrs,
        [
            "aws_ecs_cluster.this[0]",
            "aws_ecs_cluster.this[1]",
            "aws_ecs_cluster.this[2]"
        ]
    );
}

#[test]
fn unknown_count_gives_one_instance_with_unknown_index() {
    let out = load(&[("main.tf", &cluster_with("count = length(data.aws_subnets.s.ids)"))]);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].meta.address, "aws_ecs_cluster.this[*]");
    assert_eq!(cs[0].meta.name, "aws_ecs_cluster.this[*]");
    let reason = cs[0].cluster_name.unknown_reason().expect("unknown name");
    assert!(reason.contains("count of aws_ecs_cluster.this is unknown"), "{reason}");
}

#[test]
fn for_each_over_map_and_set() {
    let src = "resource \"aws_ecs_cluster\" \"c\" {\n  for_each = { a = \"enabled\", b = \"disabled\" }\n  name = \"c-${each.key}\"\n  setting {\n    name  = \"containerInsights\"\n    value = each.value\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0].meta.address, "aws_ecs_cluster.c[\"a\"]");
    assert_eq!(set(&cs[1].cluster_name), "c-b");
    assert_eq!(set(&cs[1].setting("containerInsights").unwrap().value), "disabled");

    let src = "resource \"aws_ecs_cluster\" \"c\" {\n  for_each = toset([\"y\", \"x\"])\n  name = each.value\n}\n";
    let out = load(&[("main.tf", src)]);
    let addrs: Vec<&str> = clusters(&out).iter().map(|c| c.meta.address.as_str()).collect();
    assert_eq!(addrs, ["aws_ecs_cluster.c[\"x\"]", "aws_ecs_cluster.c[\"y\"]"]);
}

#[test]
fn unknown_for_each_gives_one_instance_with_unknown_each() {
    let src = "resource \"aws_ecs_cluster\" \"c\" {\n  for_each = data.x.y.names\n  name = each.key\n}\n";
    let out = load(&[("main.tf", src)]);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].meta.address, "aws_ecs_cluster.c[*]");
    assert!(
        cs[0]
            .cluster_name
            .unknown_reason()
            .unwrap()
            .contains("for_each of aws_ecs_cluster.c is unknown")
    );
}

// ---------------------------------------------------------------------------------------------
// dynamic blocks

#[test]
fn dynamic_blocks_from_a_local_map() {
    let src = "locals {\n  settings = { containerInsights = \"enhanced\" }\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n  dynamic \"setting\" {\n    for_each = local.settings\n    content {\n      name  = setting.key\n      value = setting.value\n    }\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let c = clusters(&out)[0];
    let st = c.setting("containerInsights").expect("setting");
    assert_eq!(set(&st.value), "enhanced");
    assert_eq!(line(&st.value), line_of(src, "value = setting.value"));
}

#[test]
fn dynamic_blocks_nested_with_iterator() {
    let src = "variable \"cfg\" {\n  default = { kms = \"k\", logs = [{ group = \"g\" }] }\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n  dynamic \"configuration\" {\n    for_each = [var.cfg]\n    iterator = conf\n    content {\n      execute_command_configuration {\n        kms_key_id = conf.value.kms\n        logging    = \"OVERRIDE\"\n        dynamic \"log_configuration\" {\n          for_each = conf.value.logs\n          content {\n            cloud_watch_log_group_name = log_configuration.value.group\n          }\n        }\n      }\n    }\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let c = clusters(&out)[0];
    let ec = set(&c.execute_command);
    assert_eq!(set(&ec.kms_key_id), "k");
    assert_eq!(set(&ec.logging), "OVERRIDE");
    let log = set(&ec.log_configuration);
    assert_eq!(set(&log.cloud_watch_log_group_name), "g");
    assert!(log.cloud_watch_encryption_enabled.is_absent());
}

#[test]
fn dynamic_block_with_unknown_for_each_is_unknown() {
    let src = "resource \"aws_ecs_cluster\" \"c\" {\n  name = \"c\"\n  dynamic \"setting\" {\n    for_each = data.x.y.settings\n    content {\n      name  = setting.value.name\n      value = setting.value.value\n    }\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let c = clusters(&out)[0];
    assert!(c.settings.is_unknown());
    assert_eq!(line(&c.settings), line_of(src, "for_each = data"));
    assert!(c.settings.unknown_reason().unwrap().contains("dynamic \"setting\""));
}

#[test]
fn terraform_aws_modules_style_cluster_with_defaults() {
    let src = "variable \"create\" {\n  type    = bool\n  default = true\n}\nvariable \"setting\" {\n  type = list(object({\n    name  = string\n    value = string\n  }))\n  default = [{ name = \"containerInsights\", value = \"enabled\" }]\n}\nvariable \"configuration\" {\n  type = object({\n    execute_command_configuration = optional(object({\n      kms_key_id = optional(string)\n      logging    = optional(string, \"OVERRIDE\")\n    }))\n    managed_storage_configuration = optional(object({ kms_key_id = optional(string) }))\n  })\n  default = { execute_command_configuration = {} }\n}\nresource \"aws_ecs_cluster\" \"this\" {\n  count = var.create ? 1 : 0\n  name  = \"main\"\n  dynamic \"configuration\" {\n    for_each = var.configuration != null ? [var.configuration] : []\n    content {\n      dynamic \"execute_command_configuration\" {\n        for_each = configuration.value.execute_command_configuration != null ? [configuration.value.execute_command_configuration] : []\n        content {\n          kms_key_id = execute_command_configuration.value.kms_key_id\n          logging    = execute_command_configuration.value.logging\n        }\n      }\n    }\n  }\n  dynamic \"setting\" {\n    for_each = var.setting != null ? var.setting : []\n    content {\n      name  = setting.value.name\n      value = setting.value.value\n    }\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let c = clusters(&out)[0];
    assert_eq!(c.meta.address, "aws_ecs_cluster.this[0]");
    assert_eq!(set(&c.setting("containerInsights").unwrap().value), "enabled");
    let ec = set(&c.execute_command);
    assert_eq!(set(&ec.logging), "OVERRIDE");
    assert!(ec.kms_key_id.is_absent());
}

// ---------------------------------------------------------------------------------------------
// Mapping, with the lines values point at

const CLUSTER_TF: &str = r#"resource "aws_ecs_cluster" "main" {
  name = "prod"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  configuration {
    execute_command_configuration {
      kms_key_id = "arn:aws:kms:eu-west-1:111122223333:key/k"
      logging    = "OVERRIDE"

      log_configuration {
        cloud_watch_encryption_enabled = true
        cloud_watch_log_group_name     = "/ecs/exec"
        s3_bucket_name                 = "exec-logs"
        s3_bucket_encryption_enabled   = "true"
        s3_key_prefix                  = "exec"
      }
    }
  }

  tags = {
    Team = "platform"
  }
}

resource "aws_ecs_cluster" "bare" {
  name = "bare"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 2
  }
}

resource "aws_ecs_cluster_capacity_providers" "by_name" {
  cluster_name = "bare"

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }
}
"#;

#[test]
fn cluster_fields_and_lines() {
    let out = load(&[("main.tf", CLUSTER_TF)]);
    assert!(out.diagnostics.is_empty());
    let cs = clusters(&out);
    assert_eq!(cs.len(), 2);
    let c = cs[0];
    let t = CLUSTER_TF;
    assert_eq!(c.meta.kind, mamori_model::ecs::KIND_CLUSTER);
    assert_eq!(c.meta.source_type, "aws_ecs_cluster");
    assert_eq!(c.meta.name, "prod");
    assert_eq!(c.meta.address, "aws_ecs_cluster.main");
    assert_eq!(line(&Attr::<()>::absent(c.meta.origin.clone())), 1);
    assert_eq!(set(&c.cluster_name), "prod");
    assert_eq!(line(&c.cluster_name), line_of(t, "name = \"prod\""));
    let st = c.setting("containerInsights").unwrap();
    assert_eq!(line(&st.name), line_of(t, "name  = \"containerInsights\""));
    assert_eq!(line(&st.value), line_of(t, "value = \"enabled\""));
    let ec = set(&c.execute_command);
    assert_eq!(line(&c.execute_command), line_of(t, "execute_command_configuration {"));
    assert_eq!(set(&ec.kms_key_id), "arn:aws:kms:eu-west-1:111122223333:key/k");
    assert_eq!(line(&ec.logging), line_of(t, "logging    ="));
    let log = set(&ec.log_configuration);
    assert!(set(&log.cloud_watch_encryption_enabled));
    assert_eq!(
        line(&log.cloud_watch_encryption_enabled),
        line_of(t, "cloud_watch_encryption_enabled")
    );
    assert_eq!(set(&log.cloud_watch_log_group_name), "/ecs/exec");
    assert_eq!(set(&log.s3_bucket_name), "exec-logs");
    assert!(
        set(&log.s3_encryption_enabled),
        "a bool written as a string is accepted"
    );
    assert_eq!(set(&log.s3_key_prefix), "exec");
    let tags = set(&c.tags);
    assert_eq!(set(&tags[0].key), "Team");
    assert_eq!(line(&tags[0].value), line_of(t, "Team = "));

    // The capacity providers resource attaches its strategy to the cluster it references.
    let strat = set(&c.default_capacity_provider_strategy);
    assert_eq!(set(&strat[0].capacity_provider), "FARGATE");
    assert_eq!((set(&strat[0].weight), set(&strat[0].base)), (1, 2));
    assert_eq!(line(&strat[0].weight), line_of(t, "weight            = 1"));

    // Omitted values are absent and point at the block.
    let bare = cs[1];
    let bare_line = line_of(t, "resource \"aws_ecs_cluster\" \"bare\"");
    for l in [line(&bare.settings), line(&bare.execute_command), line(&bare.tags)] {
        assert_eq!(l, bare_line);
    }
    assert!(bare.settings.is_absent() && bare.execute_command.is_absent() && bare.tags.is_absent());
    // … and the one named by a literal gets its strategy too, with base omitted.
    let strat = set(&bare.default_capacity_provider_strategy);
    assert_eq!(set(&strat[0].capacity_provider), "FARGATE_SPOT");
    assert!(strat[0].base.is_absent());
    assert_eq!(
        line(&strat[0].base),
        line_of(t, "capacity_provider = \"FARGATE_SPOT\"") - 1
    );
}

const SERVICE_TF: &str = r#"variable "public_ip" {
  type    = bool
  default = true
}

resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  platform_version = "1.3.0"

  network_configuration {
    subnets          = ["subnet-1", "subnet-2"]
    security_groups  = [aws_security_group.api.id]
    assign_public_ip = var.public_ip
  }

  enable_execute_command = true

  deployment_controller {
    type = "ECS"
  }

  tags = {
    Service = "api"
  }
}

resource "aws_ecs_service" "worker" {
  name    = "worker"
  cluster = "shared"

  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 1
  }

  network_configuration {
    subnets = ["subnet-1"]
  }
}

resource "aws_ecs_task_set" "blue" {
  service         = aws_ecs_service.api.id
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  launch_type     = "FARGATE"
  platform_version = "LATEST"

  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = true
  }

  tags = {
    Color = "blue"
  }
}

resource "aws_ecs_task_set" "green" {
  service         = "api"
  cluster         = "main"
  task_definition = "api:3"
}
"#;

#[test]
fn service_fields_and_lines() {
    let out = load(&[("main.tf", SERVICE_TF)]);
    assert!(out.diagnostics.is_empty());
    let t = SERVICE_TF;
    let ss = services(&out);
    assert_eq!(ss.len(), 2);
    let s = ss[0];
    assert_eq!(s.meta.name, "api");
    assert_eq!(s.meta.address, "aws_ecs_service.api");
    assert_eq!(set(&s.service_name), "api");
    assert_eq!(
        set(&s.cluster),
        "aws_ecs_cluster.main",
        "a reference keeps the cluster's address"
    );
    assert_eq!(
        line(&s.cluster),
        line_of(t, "cluster         = aws_ecs_cluster.main.id")
    );
    assert_eq!(set(&s.task_definition), "aws_ecs_task_definition.api");
    assert_eq!(set(&s.launch_type), "FARGATE");
    assert_eq!(set(&s.platform_version), "1.3.0");
    assert_eq!(line(&s.platform_version), line_of(t, "platform_version = \"1.3.0\""));
    let net = set(&s.network);
    assert_eq!(line(&s.network), line_of(t, "network_configuration {"));
    let subnets = set(&net.subnets);
    assert_eq!(subnets.iter().map(set).collect::<Vec<_>>(), ["subnet-1", "subnet-2"]);
    assert_eq!(
        set(&set(&net.security_groups)[0]),
        "aws_security_group.api",
        "a reference keeps the group's address, to link the group"
    );
    assert!(set(&net.assign_public_ip), "the value arrives through a variable");
    assert_eq!(
        line(&net.assign_public_ip),
        line_of(t, "assign_public_ip = var.public_ip")
    );
    assert!(set(&s.enable_execute_command));
    assert_eq!(
        line(&s.enable_execute_command),
        line_of(t, "enable_execute_command = true")
    );
    assert_eq!(set(&s.deployment_controller), "ECS");
    assert_eq!(line(&s.deployment_controller), line_of(t, "type = \"ECS\""));
    assert_eq!(set(&set(&s.tags)[0].value), "api");
    assert!(s.platform_family.is_absent());

    let w = ss[1];
    let w_line = line_of(t, "resource \"aws_ecs_service\" \"worker\"");
    assert_eq!(set(&w.cluster), "shared");
    assert!(w.launch_type.is_absent());
    assert_eq!(line(&w.launch_type), w_line);
    assert!(w.platform_version.is_absent());
    assert_eq!(line(&w.platform_version), w_line);
    assert_eq!(
        set(&set(&w.capacity_provider_strategy)[0].capacity_provider),
        "FARGATE_SPOT"
    );
    assert_eq!(w.compute(), mamori_model::ecs::Compute::Fargate);
    let net = set(&w.network);
    assert!(
        net.assign_public_ip.is_absent(),
        "omitted stays absent; the model applies the default"
    );
    assert_eq!(line(&net.assign_public_ip), line_of(t, "subnets = [\"subnet-1\"]") - 1);
    assert!(net.security_groups.is_absent());
    assert!(w.enable_execute_command.is_absent());
    assert_eq!(line(&w.deployment_controller), w_line);
    assert_eq!(line(&w.tags), w_line);
}

#[test]
fn task_set_fields_and_lines() {
    let out = load(&[("main.tf", SERVICE_TF)]);
    let t = SERVICE_TF;
    let ts = task_sets(&out);
    assert_eq!(ts.len(), 2);
    let b = ts[0];
    assert_eq!(b.meta.kind, mamori_model::ecs::KIND_TASK_SET);
    assert_eq!(b.meta.name, "aws_ecs_task_set.blue");
    assert_eq!(set(&b.service), "aws_ecs_service.api");
    assert_eq!(set(&b.cluster), "aws_ecs_cluster.main");
    assert_eq!(set(&b.task_definition), "aws_ecs_task_definition.api");
    assert_eq!(set(&b.launch_type), "FARGATE");
    assert_eq!(set(&b.platform_version), "LATEST");
    let net = set(&b.network);
    assert!(set(&net.assign_public_ip));
    assert_eq!(line(&net.assign_public_ip), line_of(t, "assign_public_ip = true"));
    assert_eq!(set(&set(&b.tags)[0].key), "Color");
    let g = ts[1];
    let g_line = line_of(t, "resource \"aws_ecs_task_set\" \"green\"");
    assert_eq!(set(&g.service), "api");
    assert_eq!(set(&g.task_definition), "api:3");
    assert!(g.network.is_absent());
    assert_eq!(line(&g.network), g_line);
    assert!(g.capacity_provider_strategy.is_absent());
    assert_eq!(line(&g.capacity_provider_strategy), g_line);
}

#[test]
fn unresolved_and_mistyped_values_are_unknown() {
    let src = "variable \"pv\" {}\nresource \"aws_ecs_service\" \"s\" {\n  name             = \"s\"\n  platform_version = var.pv\n  enable_execute_command = \"maybe\"\n  launch_type      = [\"FARGATE\"]\n  network_configuration {\n    subnets          = \"subnet-1\"\n    assign_public_ip = null\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let s = services(&out)[0];
    assert_eq!(
        s.platform_version.unknown_reason(),
        Some("var.pv has no default, and no value is given in a variable file, --var or TF_VAR_pv")
    );
    assert_eq!(line(&s.platform_version), line_of(src, "platform_version = var.pv"));
    assert!(
        s.enable_execute_command
            .unknown_reason()
            .unwrap()
            .contains("expected a bool")
    );
    assert!(s.launch_type.unknown_reason().unwrap().contains("expected a string"));
    let net = set(&s.network);
    assert!(net.subnets.is_unknown());
    // null counts as omitted.
    assert!(net.assign_public_ip.is_absent());
}

#[test]
fn unknown_dynamic_network_configuration_is_unknown() {
    let src = "resource \"aws_ecs_service\" \"s\" {\n  name = \"s\"\n  dynamic \"network_configuration\" {\n    for_each = module.net.configs\n    content {\n      subnets = network_configuration.value\n    }\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    let s = services(&out)[0];
    assert!(s.network.is_unknown());
    assert!(s.network.unknown_reason().unwrap().contains("module.net"));
}

#[test]
fn unmapped_resources_are_ignored_and_a_module_not_downloaded_is_noted() {
    let src = "module \"ecs\" {\n  source = \"terraform-aws-modules/ecs/aws\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\noutput \"o\" {\n  value = 1\n}\n";
    let out = load(&[("main.tf", src)]);
    assert!(out.resources.is_empty());
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    assert_eq!((d.level, d.line), (Level::Note, 1));
    assert!(d.message.contains("module ecs is not downloaded"), "{}", d.message);
    assert!(d.message.contains("terraform init"), "{}", d.message);
}

// ---------------------------------------------------------------------------------------------
// Files that do not parse

#[test]
fn malformed_file_gives_an_error_and_the_other_files_are_read() {
    let bad = "resource \"aws_ecs_cluster\" \"x\" {\n  name = \"x\"\n  setting {\n    name = = \"oops\"\n  }\n}\n";
    let good = "resource \"aws_ecs_cluster\" \"ok\" {\n  name = \"ok\"\n}\n";
    let out = load(&[("bad.tf", bad), ("good.tf", good)]);
    assert_eq!(out.diagnostics.len(), 1);
    let d = &out.diagnostics[0];
    assert_eq!(d.level, Level::Error);
    assert_eq!(&*d.path, "bad.tf");
    assert_eq!(d.line, 4);
    assert!(d.message.starts_with("invalid HCL"), "{}", d.message);
    let cs = clusters(&out);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].meta.name, "ok");
}

#[test]
fn repeated_object_keys_keep_the_last_value() {
    let src = "locals {\n  cfg = {\n    min_size = 2\n    \"max\" = 2\n    min_size = 4\n    \"max\" = 5\n  }\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = \"c-${local.cfg.min_size}-${local.cfg.max}\"\n  tags = {\n    Team = \"a\"\n    Team = \"b\"\n  }\n}\n";
    let out = load(&[("main.tf", src)]);
    assert!(
        out.diagnostics.iter().all(|d| d.level == Level::Note),
        "{:?}",
        out.diagnostics
    );
    assert_eq!(out.diagnostics.len(), 3);
    assert_eq!(out.diagnostics[0].line, 5);
    let c = clusters(&out)[0];
    assert_eq!(set(&c.cluster_name), "c-4-5");
    let tags = set(&c.tags);
    assert_eq!(tags.len(), 1);
    assert_eq!(
        (set(&tags[0].key), set(&tags[0].value)),
        ("Team".to_string(), "b".to_string())
    );
    // Repeated arguments of a block are an error in Terraform too.
    let out = load(&[(
        "main.tf",
        "resource \"aws_ecs_cluster\" \"c\" {\n  name = \"a\"\n  name = \"b\"\n}\n",
    )]);
    assert_eq!(out.diagnostics[0].level, Level::Error);
    assert_eq!(out.diagnostics[0].line, 3);
}

#[test]
fn malformed_tfvars_gives_an_error() {
    let main = "variable \"v\" {\n  default = \"d\"\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = var.v\n}\n";
    let out = load(&[("main.tf", main), ("terraform.tfvars", "v = \n")]);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(&*out.diagnostics[0].path, "terraform.tfvars");
    assert_eq!(clusters(&out)[0].meta.name, "d");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let inputs = [
        "a = ".to_string(),
        format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(63), "]".repeat(63)),
        format!("{}{}", "a {\n".repeat(200), "}\n".repeat(200)),
        "locals {\n  a = \"${local.b}${local.b}\"\n  b = \"${local.c}${local.c}\"\n  c = \"${local.d}${local.d}\"\n  d = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\n}\nresource \"aws_ecs_cluster\" \"c\" {\n  name = local.a\n  count = 1e300\n}\n".to_string(),
        "resource \"aws_ecs_cluster\" \"c\" {\n  for_each = range(100000)\n  name = format(\"%99999999d\", 1)\n}\n".to_string(),
        "resource \"aws_ecs_service\" \"s\" {\n  dynamic \"capacity_provider_strategy\" {\n    for_each = range(5)\n    content {\n      weight = \"x\"\n      base = 1.5\n    }\n  }\n  network_configuration {}\n  network_configuration {}\n}\n".to_string(),
        "resource \"aws_ecs_cluster\" {\n}\nresource \"aws_ecs_cluster\" \"a\" \"b\" {\n}\nlocals {\n  x = each.key\n  y = count.index\n  z = var\n}\n".to_string(),
    ];
    for text in &inputs {
        let _ = load(&[("main.tf", text)]);
    }
}

#[test]
fn every_explicit_field_points_at_its_value() {
    let t = SERVICE_TF;
    let out = load(&[("main.tf", t)]);
    let s = services(&out)[0];
    let net = set(&s.network);
    for (l, needle) in [
        (line(&s.service_name), "name            = \"api\""),
        (
            line(&s.task_definition),
            "task_definition = aws_ecs_task_definition.api.arn",
        ),
        (line(&s.launch_type), "launch_type     = \"FARGATE\""),
        (line(&net.subnets), "subnets          = [\"subnet-1\", \"subnet-2\"]"),
        (
            line(&net.security_groups),
            "security_groups  = [aws_security_group.api.id]",
        ),
        (line(&s.tags), "tags = {"),
    ] {
        assert_eq!(l, line_of(t, needle), "{needle}");
    }
    let w = services(&out)[1];
    let cps = set(&w.capacity_provider_strategy);
    assert_eq!(
        line(&w.capacity_provider_strategy),
        line_of(t, "capacity_provider_strategy {")
    );
    assert_eq!(
        line(&cps[0].capacity_provider),
        line_of(t, "capacity_provider = \"FARGATE_SPOT\"")
    );
    assert_eq!(
        line(&cps[0].weight),
        line_of(t, "capacity_provider = \"FARGATE_SPOT\"") + 1
    );
    let b = task_sets(&out)[0];
    let blue = line_of(t, "resource \"aws_ecs_task_set\" \"blue\"");
    let after = |needle: &str| blue + line_of(&t.lines().skip(blue as usize).collect::<Vec<_>>().join("\n"), needle);
    for (l, needle) in [
        (line(&b.service), "service         = aws_ecs_service.api.id"),
        (line(&b.cluster), "cluster         = aws_ecs_cluster.main.id"),
        (
            line(&b.task_definition),
            "task_definition = aws_ecs_task_definition.api.arn",
        ),
        (line(&b.launch_type), "launch_type     = \"FARGATE\""),
        (line(&b.platform_version), "platform_version = \"LATEST\""),
        (line(&b.network), "network_configuration {"),
        (line(&set(&b.network).subnets), "subnets          = [\"subnet-1\"]"),
        (line(&b.tags), "tags = {"),
    ] {
        assert_eq!(l, after(needle), "{needle}");
    }
}

#[test]
fn every_omitted_field_points_at_the_block() {
    let t = "resource \"aws_ecs_cluster\" \"c\" {\n}\n\nresource \"aws_ecs_service\" \"s\" {\n}\n\nresource \"aws_ecs_task_set\" \"t\" {\n}\n";
    let out = load(&[("main.tf", t)]);
    let c = clusters(&out)[0];
    let s = services(&out)[0];
    let ts = task_sets(&out)[0];
    assert_eq!(c.meta.name, "aws_ecs_cluster.c");
    let cluster_lines = [
        (line(&c.cluster_name), c.cluster_name.is_absent()),
        (line(&c.settings), c.settings.is_absent()),
        (line(&c.execute_command), c.execute_command.is_absent()),
        (
            line(&c.default_capacity_provider_strategy),
            c.default_capacity_provider_strategy.is_absent(),
        ),
        (line(&c.tags), c.tags.is_absent()),
    ];
    assert!(cluster_lines.iter().all(|&(l, absent)| l == 1 && absent));
    let service_lines = [
        (line(&s.service_name), s.service_name.is_absent()),
        (line(&s.cluster), s.cluster.is_absent()),
        (line(&s.task_definition), s.task_definition.is_absent()),
        (line(&s.launch_type), s.launch_type.is_absent()),
        (
            line(&s.capacity_provider_strategy),
            s.capacity_provider_strategy.is_absent(),
        ),
        (line(&s.platform_version), s.platform_version.is_absent()),
        (line(&s.platform_family), s.platform_family.is_absent()),
        (line(&s.network), s.network.is_absent()),
        (line(&s.enable_execute_command), s.enable_execute_command.is_absent()),
        (line(&s.deployment_controller), s.deployment_controller.is_absent()),
        (line(&s.tags), s.tags.is_absent()),
    ];
    assert!(
        service_lines.iter().all(|&(l, absent)| l == 4 && absent),
        "{service_lines:?}"
    );
    let task_set_lines = [
        (line(&ts.service), ts.service.is_absent()),
        (line(&ts.cluster), ts.cluster.is_absent()),
        (line(&ts.task_definition), ts.task_definition.is_absent()),
        (line(&ts.launch_type), ts.launch_type.is_absent()),
        (
            line(&ts.capacity_provider_strategy),
            ts.capacity_provider_strategy.is_absent(),
        ),
        (line(&ts.platform_version), ts.platform_version.is_absent()),
        (line(&ts.network), ts.network.is_absent()),
        (line(&ts.tags), ts.tags.is_absent()),
    ];
    assert!(
        task_set_lines.iter().all(|&(l, absent)| l == 7 && absent),
        "{task_set_lines:?}"
    );

    // Inside a block, what it omits points at that block.
    let t = "resource \"aws_ecs_cluster\" \"c\" {\n  configuration {\n    execute_command_configuration {\n      log_configuration {\n      }\n    }\n  }\n}\n";
    let out = load(&[("main.tf", t)]);
    let ec = set(&clusters(&out)[0].execute_command);
    assert_eq!((line(&ec.kms_key_id), line(&ec.logging)), (3, 3));
    let log = set(&ec.log_configuration);
    for l in [
        line(&log.cloud_watch_log_group_name),
        line(&log.cloud_watch_encryption_enabled),
        line(&log.s3_bucket_name),
        line(&log.s3_encryption_enabled),
        line(&log.s3_key_prefix),
    ] {
        assert_eq!(l, 4);
    }
    let t = "resource \"aws_ecs_cluster\" \"c\" {\n  configuration {\n  }\n}\n";
    let out = load(&[("main.tf", t)]);
    let ec = &clusters(&out)[0].execute_command;
    assert!(ec.is_absent());
    assert_eq!(line(ec), 2);
}

#[test]
fn references_link_to_a_cluster_whose_instances_are_unknown() {
    let src = "resource \"aws_ecs_cluster\" \"this\" {\n  count = length(data.x.y.ids)\n  name  = \"c\"\n}\nresource \"aws_ecs_service\" \"s\" {\n  name    = \"s\"\n  cluster = aws_ecs_cluster.this[0].id\n}\nresource \"aws_ecs_service\" \"other\" {\n  name    = \"o\"\n  cluster = aws_ecs_cluster.missing.id\n}\n";
    let out = load(&[("main.tf", src)]);
    let ss = services(&out);
    assert_eq!(set(&ss[0].cluster), "aws_ecs_cluster.this[*]");
    assert_eq!(set(&ss[1].cluster), "aws_ecs_cluster.missing");
}

// ---------------------------------------------------------------------------------------------
// Modules

/// Writes files under a new temporary folder and returns it.
fn write_tree(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("mamori-tf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    for (path, text) in files {
        let p = d.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    d
}

/// Reads the root module in `dir` (its `.tf` files and `terraform.tfvars`) as a configuration.
fn load_dir(dir: &Path) -> super::Loaded {
    let mut configs = Vec::new();
    let mut vars = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let name = p.display().to_string();
        if name.ends_with(".tf") {
            configs.push(SourceFile::new(name, std::fs::read_to_string(&p).unwrap()));
        } else if name.ends_with("terraform.tfvars") {
            vars.push(SourceFile::new(name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    super::load_config(dir, &configs, &vars, &super::inputs::Loaded::default())
}

fn by_address<'a>(out: &'a AdapterOutput, address: &str) -> &'a Resource {
    out.resources
        .iter()
        .find(|r| r.meta().address == address)
        .unwrap_or_else(|| {
            let all: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
            panic!("no resource at {address}: {all:?}")
        })
}

fn path_of<T>(a: &Attr<T>) -> String {
    match &a.origin {
        Origin::Source(l) => l.path.to_string(),
        o => panic!("no source location: {o:?}"),
    }
}

const SERVICE_MODULE: &str = r#"variable "name" {
  type = string
}

variable "cluster_arn" {
  type = string
}

variable "public" {
  type    = bool
  default = false
}

resource "aws_ecs_service" "this" {
  name    = var.name
  cluster = var.cluster_arn

  network_configuration {
    subnets          = ["subnet-1"]
    assign_public_ip = var.public
  }
}

output "name" {
  value = aws_ecs_service.this.name
}
"#;

const ECS_MODULE: &str = r#"variable "name" {
  type = string
}

variable "create" {
  type    = bool
  default = true
}

variable "services" {
  type = map(object({
    public = optional(bool, false)
  }))
  default = {}
}

resource "aws_ecs_cluster" "this" {
  count = var.create ? 1 : 0
  name  = var.name
}

module "service" {
  source   = "../service"
  for_each = var.services

  name        = "${var.name}-${each.key}"
  cluster_arn = aws_ecs_cluster.this[0].arn
  public      = each.value.public
}

output "cluster_arn" {
  value = try(aws_ecs_cluster.this[0].arn, null)
}

output "cluster_name" {
  value = try(aws_ecs_cluster.this[0].name, null)
}

output "service_names" {
  value = { for k, s in module.service : k => s.name }
}
"#;

const ROOT: &str = r#"module "ecs" {
  source = "./modules/ecs"

  name = "prod"
  services = {
    api = { public = true }
    web = {}
  }
}

module "extra" {
  source = "./modules/service"
  count  = 2

  name        = "extra-${count.index}"
  cluster_arn = module.ecs.cluster_arn
}

module "off" {
  source = "./modules/ecs"
  create = false
  name   = "off"
}

resource "aws_ecs_cluster" "named" {
  name = "${module.ecs.cluster_name}-copy"
  tags = module.ecs.service_names
}

resource "aws_ecs_service" "direct" {
  name    = module.extra[1].name
  cluster = module.ecs.cluster_arn
}
"#;

fn sample_tree(name: &str) -> std::path::PathBuf {
    write_tree(
        name,
        &[
            ("root/main.tf", ROOT),
            ("root/modules/ecs/main.tf", ECS_MODULE),
            ("root/modules/service/main.tf", SERVICE_MODULE),
        ],
    )
}

#[test]
fn module_chains_two_deep_with_for_each_and_count_have_their_own_addresses() {
    let d = sample_tree("chain");
    let loaded = load_dir(&d.join("root"));
    let out = &loaded.out;
    let mut addresses: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        [
            "aws_ecs_cluster.named",
            "aws_ecs_service.direct",
            "module.ecs.aws_ecs_cluster.this[0]",
            "module.ecs.module.service[\"api\"].aws_ecs_service.this",
            "module.ecs.module.service[\"web\"].aws_ecs_service.this",
            "module.extra[0].aws_ecs_service.this",
            "module.extra[1].aws_ecs_service.this",
        ]
    );
    // Inputs: for_each keys and values, count.index, defaults.
    let Resource::EcsService(api) = by_address(out, "module.ecs.module.service[\"api\"].aws_ecs_service.this") else {
        panic!()
    };
    assert_eq!(set(&api.service_name), "prod-api");
    assert!(set(&set(&api.network).assign_public_ip));
    let Resource::EcsService(web) = by_address(out, "module.ecs.module.service[\"web\"].aws_ecs_service.this") else {
        panic!()
    };
    assert!(!set(&set(&web.network).assign_public_ip));
    let Resource::EcsService(extra) = by_address(out, "module.extra[1].aws_ecs_service.this") else {
        panic!()
    };
    assert_eq!(set(&extra.service_name), "extra-1");
    // Values point at the lines inside the module's file.
    let net = set(&api.network);
    assert!(path_of(&net.assign_public_ip).ends_with("modules/service/main.tf"));
    assert_eq!(line(&net.assign_public_ip), line_of(SERVICE_MODULE, "assign_public_ip"));
    assert!(
        api.meta
            .origin
            .location()
            .unwrap()
            .path
            .ends_with("modules/service/main.tf")
    );
    // A reference to a resource of another module keeps its address.
    assert_eq!(set(&api.cluster), "module.ecs.aws_ecs_cluster.this[0]");
    assert_eq!(set(&extra.cluster), "module.ecs.aws_ecs_cluster.this[0]");
    // The module files are handed back for showing lines.
    let mut files: Vec<String> = loaded.module_files.iter().map(|f| f.path.to_string()).collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files[0].ends_with("root/modules/ecs/main.tf") && files[1].ends_with("root/modules/service/main.tf"));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    // Every resource is scoped by its root module.
    assert!(
        out.resources
            .iter()
            .all(|r| r.meta().scope.as_deref().is_some_and(|s| s.ends_with("/root")))
    );
}

#[test]
fn module_outputs_are_evaluated_in_the_module() {
    let d = sample_tree("outputs");
    let loaded = load_dir(&d.join("root"));
    let out = &loaded.out;
    let Resource::EcsCluster(named) = by_address(out, "aws_ecs_cluster.named") else {
        panic!()
    };
    // `try(aws_ecs_cluster.this[0].name, null)`: a configured argument is known at plan time.
    assert_eq!(set(&named.cluster_name), "prod-copy");
    // An output built over the instances of a for_each module.
    let tags: Vec<(String, String)> = set(&named.tags)
        .iter()
        .map(|t| (t.key.value().unwrap().clone(), t.value.value().unwrap().clone()))
        .collect();
    assert_eq!(
        tags,
        [("api".into(), "prod-api".into()), ("web".into(), "prod-web".into())]
    );
    // An output of one instance of a count module.
    let Resource::EcsService(direct) = by_address(out, "aws_ecs_service.direct") else {
        panic!()
    };
    assert_eq!(set(&direct.service_name), "extra-1");
    // An output that is a computed resource attribute names the resource.
    assert_eq!(set(&direct.cluster), "module.ecs.aws_ecs_cluster.this[0]");
    // A module with count = 0 resources declares none, and try() falls back.
    assert!(!out.resources.iter().any(|r| r.meta().address.starts_with("module.off")));
}

#[test]
fn module_values_by_expression() {
    let d = sample_tree("exprs");
    let root = d.join("root");
    let extra = "locals {\n  all_names  = module.extra[*].name\n  by_index   = module.extra[0].name\n  whole      = module.ecs\n  off_arn    = module.off.cluster_arn\n  missing    = module.extra[5].name\n}\n";
    std::fs::write(root.join("locals.tf"), extra).unwrap();
    let get = |local: &str| -> Value {
        let configs = vec![
            SourceFile::new(
                root.join("main.tf").display().to_string(),
                std::fs::read_to_string(root.join("main.tf")).unwrap(),
            ),
            SourceFile::new(root.join("locals.tf").display().to_string(), extra.to_string()),
        ];
        eval_config(&root, &configs, local)
    };
    assert_eq!(get("all_names"), list(vec![s("extra-0"), s("extra-1")]));
    assert_eq!(get("by_index"), s("extra-0"));
    assert_eq!(get("off_arn"), Value::Null);
    assert!(get("missing").is_error());
    let Value::Map(whole) = get("whole") else { panic!() };
    assert_eq!(whole["cluster_name"], s("prod"));
    assert_eq!(
        whole["cluster_arn"],
        Value::Computed {
            address: "module.ecs.aws_ecs_cluster.this[0]".into(),
            attr: "arn".into()
        }
    );
}

/// Evaluates a local of a root module read as a configuration (with the modules it calls).
fn eval_config(dir: &Path, configs: &[SourceFile], local: &str) -> Value {
    use super::modules;
    use std::rc::Rc;
    let bodies: Vec<Body> = configs.iter().map(parse).collect();
    let discovery = modules::discover(modules::DirSource {
        dir: dir.to_path_buf(),
        files: configs.to_vec(),
        bodies,
        renamed: Default::default(),
        calls: Default::default(),
    });
    let store: Vec<Vec<SourceFile>> = discovery.dirs.iter().map(|d| d.files.clone()).collect();
    let config = modules::Config {
        dirs: discovery
            .dirs
            .into_iter()
            .zip(&store)
            .map(|(d, files)| modules::DirConfig {
                dir: d.dir,
                files: files.iter().zip(d.bodies).collect(),
                renamed: d.renamed,
                calls: d.calls,
            })
            .collect(),
        root_abs: dir.to_path_buf(),
    };
    let mut m = build_module(&config.dirs[0].files, &[], Default::default());
    m.dir = dir.to_path_buf();
    m.tree = modules::Tree::root(&config);
    let m = Rc::new(m);
    *m.tree.me.borrow_mut() = Rc::downgrade(&m);
    let e = *m.locals.get(local).expect("local");
    Eval::new(&m, Vec::new()).eval(e)
}

#[test]
fn a_module_input_without_value_or_default_is_unknown_with_the_call() {
    let d = write_tree(
        "noinput",
        &[
            (
                "root/main.tf",
                "module \"svc\" {\n  source = \"../svc\"\n  cluster_arn = \"arn:aws:ecs:eu-west-1:1:cluster/x\"\n}\n",
            ),
            ("svc/main.tf", SERVICE_MODULE),
        ],
    );
    let loaded = load_dir(&d.join("root"));
    let Resource::EcsService(s) = by_address(&loaded.out, "module.svc.aws_ecs_service.this") else {
        panic!()
    };
    assert_eq!(
        s.service_name.unknown_reason(),
        Some("var.name has no default and module \"svc\" does not set it")
    );
    assert_eq!(set(&s.cluster), "arn:aws:ecs:eu-west-1:1:cluster/x");
}

#[test]
fn downloaded_registry_modules_are_read_through_modules_json() {
    let manifest = r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"ecs","Source":"registry.terraform.io/terraform-aws-modules/ecs/aws","Version":"6.0.0","Dir":".terraform/modules/ecs"},{"Key":"ecs.service","Source":"./modules/service","Dir":".terraform/modules/ecs/modules/service"}]}"#;
    let wrapper = r#"variable "name" {
  type = string
}

module "service" {
  source      = "./modules/service"
  name        = var.name
  cluster_arn = "arn:aws:ecs:eu-west-1:1:cluster/c"
  public      = true
}
"#;
    let d = write_tree(
        "registry",
        &[
            (
                "root/main.tf",
                "module \"ecs\" {\n  source  = \"terraform-aws-modules/ecs/aws\"\n  version = \"~> 6.0\"\n  name    = \"reg\"\n}\n",
            ),
            ("root/.terraform/modules/modules.json", manifest),
            ("root/.terraform/modules/ecs/main.tf", wrapper),
            ("root/.terraform/modules/ecs/modules/service/main.tf", SERVICE_MODULE),
        ],
    );
    let loaded = load_dir(&d.join("root"));
    let Resource::EcsService(s) = by_address(&loaded.out, "module.ecs.module.service.aws_ecs_service.this") else {
        panic!()
    };
    assert_eq!(set(&s.service_name), "reg");
    assert!(path_of(&s.service_name).ends_with("root/.terraform/modules/ecs/modules/service/main.tf"));
    assert!(loaded.out.diagnostics.is_empty(), "{:?}", loaded.out.diagnostics);
}

#[test]
fn registry_modules_not_downloaded_make_their_outputs_unknown() {
    let d = write_tree(
        "absent",
        &[(
            "root/main.tf",
            "module \"ecs\" {\n  source = \"terraform-aws-modules/ecs/aws\"\n}\nresource \"aws_ecs_service\" \"s\" {\n  name    = \"s\"\n  cluster = module.ecs.cluster_arn\n}\n",
        )],
    );
    let loaded = load_dir(&d.join("root"));
    let Resource::EcsService(s) = by_address(&loaded.out, "aws_ecs_service.s") else {
        panic!()
    };
    assert_eq!(
        s.cluster.unknown_reason(),
        Some("module \"ecs\" (source \"terraform-aws-modules/ecs/aws\") is not downloaded: run terraform init")
    );
    assert_eq!(loaded.out.diagnostics.len(), 1);
}

#[test]
fn module_cycles_and_missing_folders_do_not_hang() {
    let a = "variable \"n\" {\n  default = 1\n}\nmodule \"b\" {\n  source = \"../b\"\n}\nresource \"aws_ecs_cluster\" \"a\" {\n  name = \"a-${module.b.name}\"\n}\noutput \"name\" {\n  value = \"a\"\n}\n";
    let b = "module \"a\" {\n  source = \"../a\"\n}\noutput \"name\" {\n  value = module.a.name\n}\n";
    let d = write_tree(
        "cycle",
        &[
            ("a/main.tf", a),
            ("b/main.tf", b),
            (
                "root/main.tf",
                "module \"a\" {\n  source = \"../a\"\n}\nmodule \"gone\" {\n  source = \"./nowhere\"\n}\nresource \"aws_ecs_cluster\" \"r\" {\n  name = module.gone.name\n}\n",
            ),
        ],
    );
    let loaded = load_dir(&d.join("root"));
    let Resource::EcsCluster(c) = by_address(&loaded.out, "module.a.aws_ecs_cluster.a") else {
        panic!()
    };
    let why = c.cluster_name.unknown_reason().unwrap();
    assert!(why.contains("calls a module that calls it"), "{why}");
    let Resource::EcsCluster(r) = by_address(&loaded.out, "aws_ecs_cluster.r") else {
        panic!()
    };
    let why = r.cluster_name.unknown_reason().unwrap();
    assert!(
        why.contains("module \"gone\" (source \"./nowhere\") holds no .tf file"),
        "{why}"
    );
}

#[test]
fn resource_instances_decide_references() {
    let src = "variable \"create\" {\n  default = false\n}\nresource \"aws_ecs_cluster\" \"this\" {\n  count = var.create ? 1 : 0\n  name  = \"c\"\n}\nresource \"aws_ecs_cluster\" \"each\" {\n  for_each = toset([\"a\", \"b\"])\n  name     = \"c-${each.key}\"\n}\n";
    assert_eq!(
        eval_with(src, &[], "try(aws_ecs_cluster.this[0].arn, null)"),
        Value::Null
    );
    assert_eq!(eval_with(src, &[], "aws_ecs_cluster.each[\"b\"].name"), s("c-b"));
    assert!(eval_with(src, &[], "aws_ecs_cluster.each[\"z\"].name").is_error());
    assert_eq!(
        eval_with(src, &[], "[for k, c in aws_ecs_cluster.each : c.arn]"),
        list(vec![
            Value::Computed {
                address: "aws_ecs_cluster.each[\"a\"]".into(),
                attr: "arn".into()
            },
            Value::Computed {
                address: "aws_ecs_cluster.each[\"b\"]".into(),
                attr: "arn".into()
            },
        ])
    );
    assert_eq!(eval_with(src, &[], "length(aws_ecs_cluster.this)"), n(0.0));
}

// ---------------------------------------------------------------------------------------------
// Plan JSON

const PLAN: &str = include_str!("../../../mamori/tests/unknown-inputs/terraform/plan/plan.json");

fn read_plan(text: &str) -> (AdapterOutput, SourceFile) {
    let file = SourceFile::new("plan.json", text);
    let doc = crate::tree::parse_json(&file).unwrap().unwrap();
    assert!(super::is_plan(&doc));
    super::adapt_plan(&file, &doc).expect("a plan")
}

#[test]
fn plan_json_is_recognised_by_content() {
    assert!(super::sniff_plan(PLAN));
    assert!(!super::sniff_plan(
        "{\"format_version\": \"1.0\", \"provider_schemas\": {}}"
    ));
    let file = SourceFile::new("p.json", "{\"format_version\": \"1.0\"}");
    let doc = crate::tree::parse_json(&file).unwrap().unwrap();
    assert!(!super::is_plan(&doc));
}

#[test]
fn plan_resources_are_read_with_their_addresses_and_lines() {
    let (out, _) = read_plan(PLAN);
    let mut addresses: Vec<&str> = out.resources.iter().map(|r| r.meta().address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        [
            "aws_ecs_cluster.main",
            "aws_ecs_task_definition.app",
            "module.svc[\"api\"].aws_ecs_service.this"
        ]
    );
    let Resource::EcsCluster(c) = by_address(&out, "aws_ecs_cluster.main") else {
        panic!()
    };
    let setting = &set(&c.settings)[0];
    assert_eq!(set(&setting.value), "disabled");
    assert_eq!(line(&setting.value), line_of(PLAN, "\"value\": \"disabled\""));
    assert_eq!(path_of(&setting.value), "plan.json");
    // `tags_all`: the provider's default tags too.
    let keys: Vec<String> = set(&c.tags).iter().map(|t| t.key.value().unwrap().clone()).collect();
    assert_eq!(keys, ["Env", "Team"]);
    let Resource::EcsService(s) = by_address(&out, "module.svc[\"api\"].aws_ecs_service.this") else {
        panic!()
    };
    let net = set(&s.network);
    assert!(set(&net.assign_public_ip));
    assert_eq!(line(&net.assign_public_ip), line_of(PLAN, "\"assign_public_ip\": true"));
    // Known after apply: unknown, pointing at the block that will hold it.
    assert_eq!(
        net.subnets.unknown_reason(),
        Some("module.svc[\"api\"].aws_ecs_service.this.network_configuration[0].subnets is known only after apply")
    );
    assert!(net.security_groups.is_absent());
    // Unknown, but the configuration shows it refers to the cluster, through the module's
    // variable and the caller's argument.
    assert_eq!(set(&s.cluster), "aws_ecs_cluster.main");
    assert_eq!(set(&s.task_definition), "aws_ecs_task_definition.app");
    assert!(
        out.resources
            .iter()
            .all(|r| r.meta().scope.as_deref() == Some("plan.json"))
    );
}

#[test]
fn plan_sensitive_values_are_not_read_and_are_masked() {
    let (out, shown) = read_plan(PLAN);
    let Resource::EcsTaskDefinition(t) = by_address(&out, "aws_ecs_task_definition.app") else {
        panic!()
    };
    assert_eq!(
        t.containers.unknown_reason(),
        Some("aws_ecs_task_definition.app.container_definitions is sensitive in the plan, so it is not read")
    );
    // An unknown value that names a data source stays a plain unknown.
    assert_eq!(
        t.execution_role_arn.unknown_reason(),
        Some("aws_ecs_task_definition.app.execution_role_arn is known only after apply")
    );
    assert!(PLAN.contains("hunter2-plan-secret"));
    assert!(!shown.text.contains("hunter2"), "{}", shown.text);
    assert_eq!(shown.text.len(), PLAN.len());
    assert_eq!(shown.text.lines().count(), PLAN.lines().count());
    // Values that are not sensitive are kept.
    assert!(shown.text.contains("\"value\": \"disabled\"") && shown.text.contains("\"value\": \"shop\""));
}

#[test]
fn plan_without_planned_values_reads_the_changes() {
    let plan = r#"{"format_version": "1.0", "resource_changes": [
  {"address": "aws_ecs_cluster.c", "mode": "managed", "type": "aws_ecs_cluster", "name": "c",
   "change": {"actions": ["create"], "after": {"name": "c", "setting": [{"name": "containerInsights", "value": "enabled"}]},
              "after_unknown": {"setting": [{"value": true}]}, "after_sensitive": {}}},
  {"address": "aws_ecs_cluster.gone", "mode": "managed", "type": "aws_ecs_cluster", "name": "gone",
   "change": {"actions": ["delete"], "after": null}}
]}"#;
    let (out, _) = read_plan(plan);
    assert_eq!(out.resources.len(), 1);
    let Resource::EcsCluster(c) = &out.resources[0] else {
        panic!()
    };
    assert_eq!(
        set(&c.settings)[0].value.unknown_reason(),
        Some("aws_ecs_cluster.c.setting[0].value is known only after apply")
    );
}

#[test]
fn configured_arguments_are_known_at_plan_time_element_by_element() {
    let src = "variable \"v\" {\n  default = \"1.31\"\n}\nresource \"time_sleep\" \"this\" {\n  triggers = {\n    version  = var.v\n    endpoint = aws_eks_cluster.this.endpoint\n  }\n}\nresource \"aws_eks_cluster\" \"this\" {\n  name = \"c\"\n}\n";
    assert_eq!(eval_with(src, &[], "time_sleep.this.triggers[\"version\"]"), s("1.31"));
    assert_eq!(
        eval_with(src, &[], "time_sleep.this.triggers[\"endpoint\"]"),
        Value::Computed {
            address: "aws_eks_cluster.this".into(),
            attr: "endpoint".into()
        }
    );
    // Not written in the configuration: computed by the provider.
    assert_eq!(
        eval_with(src, &[], "aws_eks_cluster.this.arn"),
        Value::Computed {
            address: "aws_eks_cluster.this".into(),
            attr: "arn".into()
        }
    );
    // A known map holding unknown values is not null.
    assert_eq!(
        eval_with(src, &[], "time_sleep.this.triggers != null"),
        Value::Bool(true)
    );
}

#[test]
fn module_chains_deeper_than_the_limit_stop_with_a_reason() {
    let depth = super::modules::MAX_MODULE_DEPTH + 3;
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..depth {
        let text = format!(
            "module \"next\" {{\n  source = \"../m{}\"\n}}\nresource \"aws_ecs_cluster\" \"c\" {{\n  name = module.next.name\n}}\noutput \"name\" {{\n  value = \"m{i}\"\n}}\n",
            i + 1
        );
        files.push((format!("m{i}/main.tf"), text));
    }
    files.push((
        format!("m{depth}/main.tf"),
        "output \"name\" {\n  value = \"end\"\n}\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let d = write_tree("deep", &refs);
    let loaded = load_dir(&d.join("m0"));
    let names: Vec<Attr<String>> = loaded
        .out
        .resources
        .iter()
        .map(|r| match r {
            Resource::EcsCluster(c) => c.cluster_name.clone(),
            _ => panic!(),
        })
        .collect();
    // The root module and the 16 it calls one into another.
    assert_eq!(names.len(), super::modules::MAX_MODULE_DEPTH + 1);
    assert_eq!(set(&names[0]), "m1");
    let last = names.last().unwrap().unknown_reason().unwrap();
    assert!(last.contains("modules deep: not followed"), "{last}");
}

// ---------------------------------------------------------------------------------------------
// Plan JSON beside its configuration

/// Reads the plan of `tests/data/tf-plan-beside`, with its configuration beside it.
fn read_plan_beside() -> (super::PlanRead, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tf-plan-beside");
    let path = dir.join("plan.json").display().to_string();
    let file = SourceFile::new(path.clone(), std::fs::read_to_string(&path).unwrap());
    let doc = crate::tree::parse_json(&file).unwrap().unwrap();
    (super::adapt_plan_beside(&file, &doc, Some(&dir)).expect("a plan"), path)
}

#[test]
fn plan_findings_point_at_the_tf_lines_beside_the_plan() {
    let (read, plan_path) = read_plan_beside();
    let out = &read.out;
    let main = "tests/data/tf-plan-beside/main.tf";
    let module = "tests/data/tf-plan-beside/modules/service/main.tf";
    let at = |a: &Origin| match a {
        Origin::Source(l) => {
            let p = l.path.to_string();
            let short = p[p.find("tests/data/").expect("a fixture path")..].to_string();
            (short, l.span.start_line)
        }
        o => panic!("no source origin: {o:?}"),
    };
    // The cluster: its block in main.tf, the setting's value where main.tf writes it.
    let Resource::EcsCluster(c) = by_address(out, "aws_ecs_cluster.main") else {
        panic!()
    };
    assert_eq!(at(&c.meta.origin), (main.to_string(), 1));
    let setting = &set(&c.settings)[0];
    assert_eq!(set(&setting.value), "disabled");
    assert_eq!(at(&setting.value.origin), (main.to_string(), 6));
    assert_eq!(c.meta.plan.as_deref(), Some(plan_path.as_str()));
    // Each instance of the module called with for_each: the block in the module's folder.
    for (key, public) in [("api", true), ("worker", false)] {
        let address = format!("module.svc[\"{key}\"].aws_ecs_service.this");
        let Resource::EcsService(s) = by_address(out, &address) else {
            panic!()
        };
        assert_eq!(at(&s.meta.origin), (module.to_string(), 9), "{address}");
        let net = set(&s.network);
        // Set in the .tf (through a variable): the argument's line.
        assert_eq!(set(&net.assign_public_ip), public);
        assert_eq!(at(&net.assign_public_ip.origin), (module.to_string(), 23));
        assert_eq!(at(&net.subnets.origin), (module.to_string(), 22));
        // The nested block itself.
        assert_eq!(at(&s.network.origin), (module.to_string(), 21));
        // Not written in the .tf, computed by the provider: the resource block.
        assert_eq!(
            s.platform_version.unknown_reason(),
            Some(format!("{address}.platform_version is known only after apply").as_str())
        );
        assert_eq!(at(&s.platform_version.origin), (module.to_string(), 9));
        // A dynamic block's content: its arguments' lines.
        let strategy = set(&s.capacity_provider_strategy);
        assert_eq!(strategy.len(), 2);
        assert_eq!(set(&strategy[1].capacity_provider), "FARGATE_SPOT");
        assert_eq!(at(&strategy[1].capacity_provider.origin), (module.to_string(), 16));
        assert_eq!(at(&strategy[1].weight.origin), (module.to_string(), 17));
        // Planned but not written in the .tf (the provider's default): the resource block.
        assert!(!set(&s.enable_execute_command));
        assert_eq!(at(&s.enable_execute_command.origin), (module.to_string(), 9));
        // Still linked to the cluster through the module variable.
        assert_eq!(set(&s.cluster), "aws_ecs_cluster.main");
    }
    // In the plan but declared in no .tf file (a plan older than the configuration): the plan's
    // own lines.
    let Resource::EcsTaskDefinition(t) = by_address(out, "aws_ecs_task_definition.app") else {
        panic!()
    };
    let plan_text = std::fs::read_to_string(&plan_path).unwrap();
    assert_eq!(path_of(&t.family), plan_path);
    assert_eq!(line(&t.family), line_of(&plan_text, "\"family\": \"app\""));
    // The .tf files pointed into are kept for showing lines.
    let mut shown: Vec<String> = read.configuration.iter().map(|f| f.path.to_string()).collect();
    shown.sort();
    assert_eq!(shown.len(), 2);
    assert!(shown[0].ends_with(main) && shown[1].ends_with(module), "{shown:?}");
}

#[test]
fn plan_without_its_configuration_keeps_the_plan_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tf-plan-beside");
    let text = std::fs::read_to_string(dir.join("plan.json")).unwrap();
    let file = SourceFile::new("plan.json", text.clone());
    let doc = crate::tree::parse_json(&file).unwrap().unwrap();
    // A folder without .tf files.
    let empty = write_tree("plan-alone", &[("README.md", "no configuration here")]);
    let read = super::adapt_plan_beside(&file, &doc, Some(&empty)).expect("a plan");
    assert!(read.configuration.is_empty());
    let Resource::EcsCluster(c) = by_address(&read.out, "aws_ecs_cluster.main") else {
        panic!()
    };
    assert_eq!(path_of(&c.settings), "plan.json");
    assert_eq!(
        line(&set(&c.settings)[0].value),
        line_of(&text, "\"value\": \"disabled\"")
    );
    assert_eq!(c.meta.plan.as_deref(), Some("plan.json"));
}
