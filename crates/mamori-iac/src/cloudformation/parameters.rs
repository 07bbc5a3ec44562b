//! Values for templates' parameters, from the files `--cfn-parameters` names.
//!
//! Three forms are read, each the way its own tool reads it:
//!
//! * the AWS CLI's list, as `aws cloudformation create-stack --parameters file://…` takes it:
//!   `[{"ParameterKey": "Env", "ParameterValue": "prod"}, {"ParameterKey": "Tag",
//!   "UsePreviousValue": true}]`;
//! * the template configuration file of CodePipeline, which `aws cloudformation deploy
//!   --parameter-overrides file://…` also takes: `{"Parameters": {"Env": "prod"}}` (its `Tags`
//!   and `StackPolicy` are not read);
//! * `Key=Value` lines, as `aws cloudformation deploy --parameter-overrides` takes them on the
//!   command line (the AWS CLI's shorthand `ParameterKey=Env,ParameterValue=prod` too). Blank
//!   lines and lines starting with `#` are skipped; the value is the rest of the line after the
//!   first `=`, without the spaces around it.
//!
//! Every value is a string, as CloudFormation receives it; the template's declaration types it
//! (a `CommaDelimitedList` or `List<…>` splits at commas, a `Number` must be a number).
//!
//! Keys of pseudo parameters (`AWS::Region`, `AWS::AccountId`, `AWS::StackName`…) are read too,
//! which CloudFormation itself does not take from a file: they let a scan know what the
//! deployment would.
//!
//! A file applies to every template of the scan, or, given as `TEMPLATE=FILE`, to that template
//! only. Files for every template are applied first, in the order given, then files for one
//! template: a later value of the same key wins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A value given for one parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Given {
    Value(String),
    /// `UsePreviousValue`: the value of the deployed stack, which the scanner cannot know.
    Previous,
}

/// The values given for one template's parameters and pseudo parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    values: BTreeMap<String, Given>,
}

impl Inputs {
    pub const fn new() -> Inputs {
        Inputs {
            values: BTreeMap::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Given> {
        self.values.get(key)
    }

    pub fn insert(&mut self, key: impl Into<String>, value: Given) {
        self.values.insert(key.into(), value);
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The pseudo parameters a nested stack shares with its parent: all but its own name and
    /// id (`AWS::StackName`, `AWS::StackId`), which CloudFormation generates for it.
    pub fn for_nested_stack(&self) -> Inputs {
        Inputs {
            values: self
                .values
                .iter()
                .filter(|(k, _)| k.starts_with("AWS::") && !matches!(k.as_str(), "AWS::StackName" | "AWS::StackId"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    fn extend(&mut self, other: &Inputs) {
        for (k, v) in &other.values {
            self.values.insert(k.clone(), v.clone());
        }
    }
}

/// One `--cfn-parameters` argument: a file, and the template it is for (every template when
/// `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterFile {
    pub target: Option<PathBuf>,
    pub path: PathBuf,
}

impl ParameterFile {
    /// Reads `FILE` or `TEMPLATE=FILE`. An argument that names an existing file is that file,
    /// even when its name holds a `=`.
    pub fn from_arg(arg: &str) -> ParameterFile {
        match arg.split_once('=') {
            Some((t, f)) if !t.is_empty() && !f.is_empty() && !Path::new(arg).is_file() => ParameterFile {
                target: Some(PathBuf::from(t)),
                path: PathBuf::from(f),
            },
            _ => ParameterFile {
                target: None,
                path: PathBuf::from(arg),
            },
        }
    }

    fn label(&self) -> String {
        match &self.target {
            Some(t) => format!("{}={}", t.display(), self.path.display()),
            None => self.path.display().to_string(),
        }
    }
}

/// Every file given, read: the values for every template and those for one.
#[derive(Clone, Debug, Default)]
pub struct ParameterSet {
    all: Inputs,
    /// By the template's canonical path.
    by_template: Vec<(PathBuf, Inputs)>,
}

impl ParameterSet {
    /// Reads the files. An error names the argument and says what is wrong.
    pub fn load(files: &[ParameterFile]) -> Result<ParameterSet, String> {
        let mut set = ParameterSet::default();
        for f in files.iter().filter(|f| f.target.is_none()) {
            set.all.extend(&read(f)?);
        }
        for f in files {
            let Some(target) = &f.target else { continue };
            let inputs = read(f)?;
            let canonical = std::fs::canonicalize(target)
                .map_err(|e| format!("--cfn-parameters {}: cannot find the template: {e}", f.label()))?;
            match set.by_template.iter_mut().find(|(p, _)| *p == canonical) {
                Some((_, existing)) => existing.extend(&inputs),
                None => set.by_template.push((canonical, inputs)),
            }
        }
        Ok(set)
    }

    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.by_template.is_empty()
    }

    /// The values for the template at `path` (`None` for standard input).
    pub fn for_template(&self, path: Option<&Path>) -> Inputs {
        let mut out = self.all.clone();
        if !self.by_template.is_empty()
            && let Some(canonical) = path.and_then(|p| std::fs::canonicalize(p).ok())
        {
            for (_, inputs) in self.by_template.iter().filter(|(p, _)| *p == canonical) {
                out.extend(inputs);
            }
        }
        out
    }
}

fn read(f: &ParameterFile) -> Result<Inputs, String> {
    let text =
        std::fs::read_to_string(&f.path).map_err(|e| format!("--cfn-parameters {}: cannot read: {e}", f.label()))?;
    parse(&text).map_err(|e| format!("--cfn-parameters {}: {e}", f.label()))
}

/// Reads a parameters file in any of its three forms.
pub fn parse(text: &str) -> Result<Inputs, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
        return from_json(&v);
    }
    from_lines(text)
}

fn from_json(v: &serde_json::Value) -> Result<Inputs, String> {
    use serde_json::Value;
    let mut out = Inputs::new();
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let n = i + 1;
                let Some(obj) = item.as_object() else {
                    return Err(format!(
                        "item {n} should be an object with ParameterKey and ParameterValue"
                    ));
                };
                let Some(key) = obj.get("ParameterKey").and_then(Value::as_str) else {
                    return Err(format!("item {n} has no ParameterKey"));
                };
                if obj.get("UsePreviousValue").and_then(Value::as_bool) == Some(true) {
                    out.insert(key, Given::Previous);
                    continue;
                }
                match obj.get("ParameterValue").map(scalar) {
                    Some(Some(v)) => out.insert(key, Given::Value(v)),
                    Some(None) => return Err(format!("the ParameterValue of {key} should be a string")),
                    None => return Err(format!("{key} has no ParameterValue")),
                }
            }
        }
        Value::Object(obj) => {
            let Some(params) = obj.get("Parameters").and_then(Value::as_object) else {
                return Err(
                    "expected a list of {\"ParameterKey\": …, \"ParameterValue\": …} or {\"Parameters\": {…}}"
                        .to_string(),
                );
            };
            for (key, value) in params {
                match scalar(value) {
                    Some(v) => out.insert(key.as_str(), Given::Value(v)),
                    None => return Err(format!("the value of {key} should be a string")),
                }
            }
        }
        _ => unreachable!("only arrays and objects reach here"),
    }
    Ok(out)
}

/// A JSON value as the string CloudFormation receives: strings as they are, numbers and
/// booleans as written, a list of strings joined with commas (a list parameter's value).
fn scalar(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Array(_) => None,
                i => scalar(i),
            })
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join(",")),
        _ => None,
    }
}

fn from_lines(text: &str) -> Result<Inputs, String> {
    let mut out = Inputs::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let n = i + 1;
        // The AWS CLI's shorthand: ParameterKey=Env,ParameterValue=prod.
        if let Some(rest) = trimmed.strip_prefix("ParameterKey=") {
            let (key, tail) = rest.split_once(',').unwrap_or((rest, ""));
            if tail.trim() == "UsePreviousValue=true" {
                out.insert(key.trim(), Given::Previous);
                continue;
            }
            match tail.strip_prefix("ParameterValue=") {
                Some(v) => out.insert(key.trim(), Given::Value(v.to_string())),
                None => return Err(format!("line {n}: expected ParameterKey=KEY,ParameterValue=VALUE")),
            }
            continue;
        }
        match trimmed.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => out.insert(k.trim(), Given::Value(v.trim().to_string())),
            _ => return Err(format!("line {n}: expected KEY=VALUE")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(i: &Inputs, k: &str) -> String {
        match i.get(k) {
            Some(Given::Value(v)) => v.clone(),
            other => panic!("{k}: {other:?}"),
        }
    }

    #[test]
    fn aws_cli_form() {
        let i = parse(
            r#"[
              {"ParameterKey": "Env", "ParameterValue": "prod"},
              {"ParameterKey": "Subnets", "ParameterValue": "subnet-a,subnet-b"},
              {"ParameterKey": "Port", "ParameterValue": 8080},
              {"ParameterKey": "Tag", "UsePreviousValue": true},
              {"ParameterKey": "Old", "ParameterValue": "x", "ResolvedValue": "y"}
            ]"#,
        )
        .unwrap();
        assert_eq!(value(&i, "Env"), "prod");
        assert_eq!(value(&i, "Subnets"), "subnet-a,subnet-b");
        assert_eq!(value(&i, "Port"), "8080");
        assert_eq!(i.get("Tag"), Some(&Given::Previous));
        assert_eq!(value(&i, "Old"), "x");
    }

    #[test]
    fn codepipeline_form() {
        let i = parse(
            "\u{feff}{\"Parameters\": {\"Env\": \"prod\", \"Count\": 2, \"Zones\": [\"a\", \"b\"]}, \"Tags\": {\"team\": \"x\"}}",
        )
        .unwrap();
        assert_eq!(value(&i, "Env"), "prod");
        assert_eq!(value(&i, "Count"), "2");
        assert_eq!(value(&i, "Zones"), "a,b");
        assert!(i.get("team").is_none());
    }

    #[test]
    fn lines_form() {
        let i = parse(
            "# prod\nEnv=prod\n\n  Image = repo/app:1.2=3 \nParameterKey=Vpc,ParameterValue=vpc-1\nParameterKey=Tag,UsePreviousValue=true\nAWS::Region=eu-west-1\n",
        )
        .unwrap();
        assert_eq!(value(&i, "Env"), "prod");
        // The value is the rest of the line after the first `=`, without the spaces around it.
        assert_eq!(value(&i, "Image"), "repo/app:1.2=3");
        assert_eq!(value(&i, "Vpc"), "vpc-1");
        assert_eq!(i.get("Tag"), Some(&Given::Previous));
        assert_eq!(value(&i, "AWS::Region"), "eu-west-1");
    }

    #[test]
    fn malformed_files_say_what_is_wrong() {
        for (text, want) in [
            ("[1]", "item 1 should be an object"),
            ("[{\"ParameterValue\": \"x\"}]", "item 1 has no ParameterKey"),
            ("[{\"ParameterKey\": \"A\"}]", "A has no ParameterValue"),
            (
                "[{\"ParameterKey\": \"A\", \"ParameterValue\": {}}]",
                "ParameterValue of A",
            ),
            ("{\"Env\": \"prod\"}", "expected a list"),
            ("{\"Parameters\": {\"A\": null}}", "the value of A"),
            ("[{", "invalid JSON"),
            ("Env=prod\njust words\n", "line 2: expected KEY=VALUE"),
            ("ParameterKey=A,Value=x", "line 1: expected ParameterKey="),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
    }

    #[test]
    fn arguments_and_precedence() {
        let d = std::env::temp_dir().join(format!("mamori-cfn-params-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        let template = d.join("app.yaml");
        std::fs::write(&template, "Resources: {}\n").unwrap();
        std::fs::write(d.join("all.txt"), "Env=dev\nTier=web\n").unwrap();
        std::fs::write(d.join("app.json"), r#"{"Parameters": {"Env": "prod"}}"#).unwrap();
        std::fs::write(d.join("a=b.txt"), "X=1\n").unwrap();
        let targeted = ParameterFile::from_arg(&format!("{}={}", template.display(), d.join("app.json").display()));
        assert_eq!(targeted.target.as_deref(), Some(template.as_path()));
        let odd = ParameterFile::from_arg(&d.join("a=b.txt").display().to_string());
        assert_eq!(odd.target, None);
        // The file for one template wins, whatever the order.
        let set = ParameterSet::load(&[
            targeted,
            ParameterFile::from_arg(&d.join("all.txt").display().to_string()),
            odd,
        ])
        .unwrap();
        let app = set.for_template(Some(&template));
        assert_eq!(value(&app, "Env"), "prod");
        assert_eq!(value(&app, "Tier"), "web");
        assert_eq!(value(&app, "X"), "1");
        let other = set.for_template(Some(&d.join("all.txt")));
        assert_eq!(value(&other, "Env"), "dev");
        assert_eq!(value(&set.for_template(None), "Env"), "dev");
        // Errors name the argument.
        let e = ParameterSet::load(&[ParameterFile::from_arg(&d.join("none.json").display().to_string())]).unwrap_err();
        assert!(e.starts_with("--cfn-parameters ") && e.contains("none.json"), "{e}");
        let e = ParameterSet::load(&[ParameterFile::from_arg(&format!(
            "{}={}",
            d.join("missing.yaml").display(),
            d.join("all.txt").display()
        ))])
        .unwrap_err();
        assert!(e.contains("cannot find the template"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
