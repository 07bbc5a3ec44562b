//! Tests of input variable values: where they come from, in which order they override each
//! other, how text from the environment and `--var` is parsed, what a missing value says, and
//! which values are sensitive.

use super::eval::Eval;
use super::inputs::{Loaded, LoadedInput};
use super::load_module_with;
use super::value::Value;
use crate::source::SourceFile;
use crate::{AdapterOutput, Level};
use mamori_model::{Resource, State};
use std::path::Path;

/// A module with `decls` and a service whose platform version is `expr`, loaded with the
/// variable files of its folder (`auto`), the environment and the command line.
fn load(decls: &str, expr: &str, auto: &[(&str, &str)], env: &[(&str, &str)], cli: Vec<LoadedInput>) -> AdapterOutput {
    let main = SourceFile::new(
        "main.tf",
        format!(
            "{decls}\nresource \"aws_ecs_service\" \"s\" {{\n  name             = \"s\"\n  launch_type      = \"FARGATE\"\n  platform_version = {expr}\n}}\n"
        ),
    );
    let vars: Vec<SourceFile> = auto.iter().map(|(n, t)| SourceFile::new(*n, *t)).collect();
    let given = Loaded {
        env: env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        cli,
    };
    load_module_with(Path::new("."), &[main], &vars, &given)
}

/// The platform version the service was given.
fn version(out: &AdapterOutput) -> State<String> {
    let s = out
        .resources
        .iter()
        .find_map(|r| match r {
            Resource::EcsService(s) => Some(s),
            _ => None,
        })
        .expect("a service");
    s.platform_version.state.clone()
}

fn set(v: &str) -> State<String> {
    State::Set(v.to_string())
}

fn file(name: &str, text: &str) -> LoadedInput {
    LoadedInput::File(SourceFile::new(name, text))
}

fn var(name: &str, value: &str) -> LoadedInput {
    LoadedInput::Var {
        name: name.into(),
        value: value.into(),
    }
}

const PV: &str = "variable \"pv\" {\n  default = \"default\"\n}\n";

#[test]
fn the_default_holds_when_nothing_gives_a_value() {
    assert_eq!(version(&load(PV, "var.pv", &[], &[], vec![])), set("default"));
}

#[test]
fn each_source_overrides_the_ones_before_it() {
    let tfvars = ("terraform.tfvars", "pv = \"terraform.tfvars\"\n");
    let tfvars_json = ("terraform.tfvars.json", "{\"pv\": \"terraform.tfvars.json\"}");
    let auto_a = ("a.auto.tfvars", "pv = \"a.auto.tfvars\"\n");
    let auto_a_json = ("a.auto.tfvars.json", "{\"pv\": \"a.auto.tfvars.json\"}");
    let auto_b = ("b.auto.tfvars", "pv = \"b.auto.tfvars\"\n");
    let env = [("pv", "TF_VAR_pv")];
    // The environment is above the default, below every file.
    assert_eq!(version(&load(PV, "var.pv", &[], &env, vec![])), set("TF_VAR_pv"));
    assert_eq!(
        version(&load(PV, "var.pv", &[tfvars], &env, vec![])),
        set("terraform.tfvars")
    );
    // The folder's files, given in any order, load in Terraform's order.
    assert_eq!(
        version(&load(PV, "var.pv", &[tfvars_json, tfvars], &env, vec![])),
        set("terraform.tfvars.json")
    );
    assert_eq!(
        version(&load(PV, "var.pv", &[auto_a, tfvars_json, tfvars], &env, vec![])),
        set("a.auto.tfvars")
    );
    assert_eq!(
        version(&load(PV, "var.pv", &[auto_a_json, auto_a, tfvars], &env, vec![])),
        set("a.auto.tfvars.json")
    );
    let all = [auto_b, auto_a_json, auto_a, tfvars_json, tfvars];
    assert_eq!(version(&load(PV, "var.pv", &all, &env, vec![])), set("b.auto.tfvars"));
    // The command line overrides them all, in the order given.
    let named = || file("prod.tfvars", "pv = \"prod.tfvars\"\n");
    assert_eq!(
        version(&load(PV, "var.pv", &all, &env, vec![named()])),
        set("prod.tfvars")
    );
    assert_eq!(
        version(&load(PV, "var.pv", &all, &env, vec![named(), var("pv", "--var")])),
        set("--var")
    );
    assert_eq!(
        version(&load(PV, "var.pv", &all, &env, vec![var("pv", "--var"), named()])),
        set("prod.tfvars")
    );
    let json = file("prod.tfvars.json", "{\"pv\": \"prod.tfvars.json\"}");
    assert_eq!(
        version(&load(PV, "var.pv", &[], &[], vec![named(), json, var("other", "x")])),
        set("prod.tfvars.json")
    );
}

#[test]
fn a_file_that_gives_nothing_for_a_variable_leaves_the_earlier_value() {
    let tfvars = ("terraform.tfvars", "pv = \"terraform.tfvars\"\n");
    let other = ("z.auto.tfvars", "other = \"x\"\n");
    assert_eq!(
        version(&load(
            PV,
            "var.pv",
            &[other, tfvars],
            &[],
            vec![file("x.tfvars", "other = 1\n")]
        )),
        set("terraform.tfvars")
    );
}

/// The value of `var.v` declared with `decl`, given `raw` as `--var` (and as `TF_VAR_v`).
fn given(decl: &str, raw: &str) -> (Value, Value) {
    let src = SourceFile::new("main.tf", format!("{decl}\nlocals {{\n  result = var.v\n}}\n"));
    let parsed = hcl_edit::parser::parse_body(&src.text).unwrap();
    let files = vec![(&src, parsed)];
    let eval = |env: &[(String, String)], cli: &[super::inputs::CliValue<'_>]| {
        let m = super::build_module_given(&files, env, &[], cli, Default::default());
        let e = *m.locals.get("result").unwrap();
        Eval::new(&m, Vec::new()).eval(e)
    };
    let from_var = eval(&[], &[super::inputs::CliValue::Var("v".into(), raw.into())]);
    let from_env = eval(&[("v".into(), raw.into())], &[]);
    (from_var, from_env)
}

fn both(decl: &str, raw: &str) -> Value {
    let (a, b) = given(decl, raw);
    assert_eq!(a, b, "--var and TF_VAR_ parse alike");
    a
}

#[test]
fn text_is_taken_literally_for_a_variable_without_a_type_or_of_a_primitive_type() {
    assert_eq!(both("variable \"v\" {}", "[\"a\"]"), Value::str("[\"a\"]"));
    assert_eq!(
        both("variable \"v\" {\n  type = string\n}", "{a = 1}"),
        Value::str("{a = 1}")
    );
    assert_eq!(
        both("variable \"v\" {\n  type = string\n}", "\"quoted\""),
        Value::str("\"quoted\"")
    );
    assert_eq!(both("variable \"v\" {\n  type = number\n}", "5"), Value::Number(5.0));
    assert_eq!(both("variable \"v\" {\n  type = bool\n}", "true"), Value::Bool(true));
}

#[test]
fn text_is_an_hcl_expression_for_a_variable_of_any_other_type() {
    let list = Value::List(vec![Value::str("a"), Value::str("b")]);
    assert_eq!(
        both("variable \"v\" {\n  type = list(string)\n}", "[\"a\", \"b\"]"),
        list
    );
    assert_eq!(
        both("variable \"v\" {\n  type = set(string)\n}", "[\"b\", \"a\", \"a\"]"),
        list
    );
    let m = Value::Map([("Owner".to_string(), Value::str("team"))].into_iter().collect());
    assert_eq!(
        both("variable \"v\" {\n  type = map(string)\n}", "{ Owner = \"team\" }"),
        m
    );
    assert_eq!(both("variable \"v\" {\n  type = any\n}", "{ Owner = \"team\" }"), m);
    assert_eq!(
        both("variable \"v\" {\n  type = object({ n = number })\n}", "{ n = \"3\" }"),
        Value::Map([("n".to_string(), Value::Number(3.0))].into_iter().collect())
    );
    // Not a valid expression: Terraform refuses the value; the variable is invalid, with why.
    let (from_var, from_env) = given("variable \"v\" {\n  type = list(string)\n}", "[\"a\"");
    assert_eq!(
        from_var,
        Value::Error("the value given in --var for var.v is not a valid expression: expected `]`".into())
    );
    assert_eq!(
        from_env,
        Value::Error("the value given in TF_VAR_v for var.v is not a valid expression: expected `]`".into())
    );
}

#[test]
fn validation_blocks_are_not_evaluated() {
    let decl = "variable \"pv\" {\n  validation {\n    condition     = var.pv == \"LATEST\"\n    error_message = \"LATEST only\"\n  }\n}\n";
    // Terraform would refuse the value; the scanner judges the configuration as written.
    assert_eq!(
        version(&load(decl, "var.pv", &[], &[], vec![var("pv", "1.3.0")])),
        set("1.3.0")
    );
}

#[test]
fn a_missing_value_names_every_place_it_could_come_from() {
    let out = load(
        "variable \"pv\" {}\nlocals {\n  a = local.b\n  b = var.pv\n}\n",
        "local.a",
        &[],
        &[],
        vec![],
    );
    assert_eq!(
        version(&out),
        State::Unknown(
            "local.a ← local.b ← var.pv has no default, and no value is given in a variable file, --var or TF_VAR_pv"
                .into()
        )
    );
}

#[test]
fn json_variable_files_that_cannot_be_read_are_errors_with_a_place() {
    let out = load(
        PV,
        "var.pv",
        &[("terraform.tfvars.json", "{\n  \"pv\": \n}")],
        &[],
        vec![],
    );
    let d = &out.diagnostics[0];
    assert_eq!((d.level, &*d.path, d.line), (Level::Error, "terraform.tfvars.json", 3));
    assert!(d.message.starts_with("invalid JSON: "), "{}", d.message);
    assert_eq!(version(&out), set("default"));
    let out = load(PV, "var.pv", &[("terraform.tfvars.json", "[\"pv\"]")], &[], vec![]);
    assert_eq!(
        out.diagnostics[0].message,
        "a JSON variable file must hold an object of variable values"
    );
}

#[test]
fn the_values_of_sensitive_variables_are_collected() {
    let decls = "variable \"pv\" {\n  sensitive = true\n}\nvariable \"plain\" {\n  default = \"shown\"\n}\n\
                 variable \"db\" {\n  sensitive = true\n  default   = { user = \"admin\", port = 5432, tls = true, empty = \"\" }\n}\n";
    let out = load(
        decls,
        "var.pv",
        &[("terraform.tfvars", "pv = \"1.0.0-secret\"\n")],
        &[],
        vec![],
    );
    let mut s = out.sensitive.clone();
    s.sort();
    assert_eq!(s, ["1.0.0-secret", "5432", "admin", "true"]);
    // The model keeps the value: the rules judge it; the outputs hide it.
    assert_eq!(version(&out), set("1.0.0-secret"));
}
