//! The values of a module's input variables that come from outside its `.tf` files, in the order
//! in which Terraform lets them override each other (later wins):
//!
//! 1. `TF_VAR_name` environment variables;
//! 2. `terraform.tfvars`;
//! 3. `terraform.tfvars.json`;
//! 4. `*.auto.tfvars` and `*.auto.tfvars.json`, in the lexical order of their names;
//! 5. `--var-file FILE` and `--var name=value`, in the order given on the command line.
//!
//! A variable's `default` applies only when none of them gives a value. Values from files are
//! HCL (or JSON) values. Values from the environment and `--var` are text: Terraform takes the
//! text literally for a variable without a type or with a primitive type (`string`, `number`,
//! `bool`), and parses it as an HCL expression for any other type (`list(string)`, `map(any)`,
//! `object({…})`, `any`…); so does the scanner.

use super::eval::Eval;
use super::value::{Value, from_json};
use crate::source::SourceFile;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A value given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliInput {
    /// `--var-file FILE`.
    File(PathBuf),
    /// `--var name=value`.
    Var { name: String, value: String },
}

impl CliInput {
    /// Reads `name=value` as `--var` does: the name ends at the first `=`.
    pub fn parse_var(s: &str) -> Result<CliInput, String> {
        match s.split_once('=') {
            Some((name, value)) if valid_name(name.trim()) => Ok(CliInput::Var {
                name: name.trim().to_string(),
                value: value.to_string(),
            }),
            _ => Err(format!("`{s}` is not a variable assignment: write --var 'name=value'")),
        }
    }
}

/// Whether a text is a valid variable name: a letter or `_` first, then letters, digits, `_` and
/// `-`.
fn valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The input variable values given to a scan, as to `terraform plan`. They apply to every root
/// module scanned.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// `TF_VAR_name` environment variables: (name, value).
    pub env: Vec<(String, String)>,
    /// `--var-file` and `--var`, in the order given.
    pub cli: Vec<CliInput>,
}

impl Inputs {
    /// The `TF_VAR_` variables of an environment.
    pub fn env_from(vars: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = vars
            .into_iter()
            .filter_map(|(k, v)| {
                let name = k.strip_prefix("TF_VAR_")?;
                valid_name(name).then(|| (name.to_string(), v))
            })
            .collect();
        out.sort();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.env.is_empty() && self.cli.is_empty()
    }
}

/// [`Inputs`] with the variable files read: what every module of a scan is given.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub env: Vec<(String, String)>,
    pub cli: Vec<LoadedInput>,
}

#[derive(Clone, Debug)]
pub enum LoadedInput {
    File(SourceFile),
    Var { name: String, value: String },
}

/// Whether a variable file is written in JSON (`*.tfvars.json`).
pub fn is_json(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".json")
}

/// A value as it was given: a value from a file, or text from the environment or `--var`, parsed
/// only once the variable's type is known.
#[derive(Clone, Debug)]
enum Raw {
    Value(Value),
    Text(String),
}

/// The values given to one module, the last one of each name kept.
#[derive(Debug, Default)]
pub struct Given {
    values: HashMap<String, (Raw, Arc<str>)>,
}

/// A variable file of the module's folder or of `--var-file`, parsed.
pub enum VarFile<'a> {
    Hcl(&'a SourceFile, &'a Body),
    /// A JSON file: its top-level object (read by [`json_values`]).
    Json(&'a SourceFile, Vec<(String, Value)>),
}

impl VarFile<'_> {
    fn file(&self) -> &SourceFile {
        match self {
            VarFile::Hcl(f, _) | VarFile::Json(f, _) => f,
        }
    }

    fn values(&self, ev: &mut Eval<'_, '_>) -> Vec<(String, Raw)> {
        match self {
            VarFile::Hcl(_, body) => body
                .attributes()
                .map(|a| (a.key.as_str().to_string(), Raw::Value(ev.eval(&a.value))))
                .collect(),
            VarFile::Json(_, values) => values.iter().map(|(k, v)| (k.clone(), Raw::Value(v.clone()))).collect(),
        }
    }
}

/// The top-level properties of a JSON variable file.
pub fn json_values(text: &str) -> Result<Vec<(String, Value)>, String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(o)) => Ok(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
        Ok(_) => Err("a JSON variable file must hold an object of variable values".into()),
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// Where a file stands in the order in which Terraform loads the module's own variable files.
fn load_rank(path: &str) -> (u8, String) {
    let name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
        .to_string();
    let rank = match name.as_str() {
        "terraform.tfvars" => 0,
        "terraform.tfvars.json" => 1,
        _ => 2,
    };
    (rank, name)
}

impl Given {
    /// Collects the values of the environment, of the module's own variable files (`auto`, in
    /// any order: they are sorted here) and of the command line (`cli`, the files among them
    /// already parsed, in the order given), later ones overriding earlier ones.
    pub fn collect(
        env: &[(String, String)],
        auto: &[VarFile<'_>],
        cli: &[CliValue<'_>],
        ev: &mut Eval<'_, '_>,
    ) -> Given {
        let mut g = Given::default();
        for (name, value) in env {
            g.set(name.clone(), Raw::Text(value.clone()), format!("TF_VAR_{name}").into());
        }
        let mut ordered: Vec<&VarFile<'_>> = auto.iter().collect();
        ordered.sort_by_key(|f| load_rank(&f.file().path));
        for f in ordered {
            g.file(f, ev);
        }
        for c in cli {
            match c {
                CliValue::File(f) => g.file(f, ev),
                CliValue::Var(name, value) => g.set(name.clone(), Raw::Text(value.clone()), "--var".into()),
            }
        }
        g
    }

    fn file(&mut self, f: &VarFile<'_>, ev: &mut Eval<'_, '_>) {
        let path = f.file().path.clone();
        for (name, raw) in f.values(ev) {
            self.set(name, raw, path.clone());
        }
    }

    fn set(&mut self, name: String, raw: Raw, source: Arc<str>) {
        self.values.insert(name, (raw, source));
    }

    /// The value given for a variable declared with the type constraint `ty`, if any.
    pub fn get(&self, name: &str, ty: Option<&Expression>, ev: &mut Eval<'_, '_>) -> Option<Value> {
        let (raw, source) = self.values.get(name)?;
        Some(match raw {
            Raw::Value(v) => v.clone(),
            Raw::Text(t) if parses_as_hcl(ty) => match hcl_edit::parser::parse_expr(t) {
                Ok(e) => ev.eval(&e),
                Err(e) => Value::Error(format!(
                    "the value given in {source} for var.{name} is not a valid expression: {}",
                    e.message().lines().next().unwrap_or("").trim()
                )),
            },
            Raw::Text(t) => Value::String(t.clone()),
        })
    }
}

/// A value of the command line, its file parsed.
pub enum CliValue<'a> {
    File(VarFile<'a>),
    Var(String, String),
}

/// Whether text given for a variable of this type is parsed as an HCL expression: for every
/// type but none and the primitive ones.
fn parses_as_hcl(ty: Option<&Expression>) -> bool {
    match ty {
        None => false,
        Some(Expression::Parenthesis(p)) => parses_as_hcl(Some(p.inner())),
        Some(Expression::Variable(id)) => !matches!(id.as_str(), "string" | "number" | "bool"),
        Some(_) => true,
    }
}

/// Why a variable has no value.
pub fn missing(name: &str) -> Value {
    Value::Unknown(format!(
        "var.{name} has no default, and no value is given in a variable file, --var or TF_VAR_{name}"
    ))
}

/// Every concrete string, number and bool inside a value, as text: what a sensitive variable's
/// value may show in a message.
pub fn leaves(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::List(items) => items.iter().for_each(|i| leaves(i, out)),
        Value::Map(m) => m.values().for_each(|i| leaves(i, out)),
        v => {
            if let Ok(s) = v.to_str()
                && !s.is_empty()
            {
                out.push(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn var_flags_split_on_the_first_equals_sign() {
        assert_eq!(
            CliInput::parse_var("tags={a=\"b=c\"}"),
            Ok(CliInput::Var {
                name: "tags".into(),
                value: "{a=\"b=c\"}".into()
            })
        );
        assert_eq!(
            CliInput::parse_var("empty="),
            Ok(CliInput::Var {
                name: "empty".into(),
                value: String::new()
            })
        );
        assert!(CliInput::parse_var("no_value").is_err());
        assert!(CliInput::parse_var("=x").is_err());
        assert!(CliInput::parse_var("1abc=x").is_err());
    }

    #[test]
    fn only_tf_var_environment_variables_are_inputs() {
        let env = Inputs::env_from([
            ("TF_VAR_region".to_string(), "ap-northeast-1".to_string()),
            ("TF_VAR_".to_string(), "x".to_string()),
            ("PATH".to_string(), "/bin".to_string()),
            ("tf_var_lower".to_string(), "x".to_string()),
        ]);
        assert_eq!(env, vec![("region".to_string(), "ap-northeast-1".to_string())]);
    }

    #[test]
    fn json_variable_files_hold_an_object() {
        let v = json_values("{\"a\": [1, \"x\"], \"b\": {\"c\": true}}").unwrap();
        assert_eq!(v[0].0, "a");
        assert_eq!(v[0].1, Value::List(vec![Value::Number(1.0), Value::str("x")]));
        assert!(json_values("[1]").unwrap_err().contains("must hold an object"));
        assert!(json_values("{").unwrap_err().starts_with("invalid JSON: "));
    }

    #[test]
    fn files_load_in_terraforms_order() {
        let mut names = vec![
            "b.auto.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars.json",
            "terraform.tfvars",
            "a.auto.tfvars",
        ];
        names.sort_by_key(|n| load_rank(&format!("dir/{n}")));
        assert_eq!(
            names,
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars",
                "a.auto.tfvars.json",
                "b.auto.tfvars"
            ]
        );
    }
}
