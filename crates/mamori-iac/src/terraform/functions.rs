//! Terraform's built-in functions that matter for reading configuration.
//!
//! A function not listed here evaluates to an unknown value that names it: those whose result
//! depends on the time or chance (`timestamp`, `uuid`, `bcrypt`), on the machine that runs
//! Terraform (`pathexpand`), hashes (`sha256`, `md5`, `filebase64sha256`…) and compression
//! (`base64gzip`), which the scanner does not compute. An unknown argument gives an unknown
//! result, except where Terraform defines otherwise (`try`, `can`, `coalesce`).

use super::eval::Eval;
use super::strings::graphemes;
use super::value::{MAX_LEN, Value, fmt_number, from_json, to_json, to_set};
use super::{cidr, encoding, strings};
use hcl_edit::expr::FuncCall;
use std::collections::BTreeMap;

/// A result whose error side is the value to return instead (unknown, or an error).
type R = Result<Value, Value>;

/// Evaluates a function call.
pub fn call(ev: &mut Eval<'_, '_>, call: &FuncCall) -> Value {
    let name = call.name.name.as_str();
    if call.name.is_namespaced() {
        let ns: Vec<&str> = call.name.namespace.iter().map(|n| n.as_str()).collect();
        return Value::Unknown(format!("function {}::{name}() is not evaluated", ns.join("::")));
    }
    match name {
        "try" => return try_(ev, call),
        "can" => return can(ev, call),
        "file" | "fileexists" | "templatefile" | "filebase64" | "fileset" | "abspath" | "templatestring" => {
            return filesystem(ev, name, call);
        }
        _ => {}
    }
    let Some(f) = lookup_fn(name) else {
        return Value::Unknown(format!("function {name}() is not evaluated"));
    };
    let mut args: Vec<Value> = call.args.iter().map(|a| ev.eval(a)).collect();
    if call.args.expand_final() {
        match args.pop() {
            Some(Value::List(items)) => args.extend(items),
            Some(v) if !v.is_known() => return v.pending().unwrap_or(v),
            Some(v) => {
                return Value::Error(format!("cannot expand a {} into arguments", v.type_name()));
            }
            None => {}
        }
    }
    f(args).unwrap_or_else(|e| e)
}

/// Largest file `file()` and `templatefile()` read.
const MAX_FILE: u64 = 4 << 20;

/// Reads a file the configuration names, relative to the module's folder.
pub fn read_module_file(dir: &std::path::Path, path: &str) -> Result<(std::path::PathBuf, String), Value> {
    let p = std::path::Path::new(path);
    let full = if p.is_absolute() { p.to_path_buf() } else { dir.join(p) };
    let meta = std::fs::metadata(&full).map_err(|e| Value::Error(format!("cannot read {path}: {e}")))?;
    if meta.len() > MAX_FILE {
        return Err(Value::Unknown(format!("{path} is too large to read")));
    }
    let text = std::fs::read_to_string(&full).map_err(|e| Value::Error(format!("cannot read {path}: {e}")))?;
    Ok((full, text))
}

/// `file(path)`, `filebase64(path)`, `fileexists(path)`, `fileset(path, pattern)`,
/// `abspath(path)`, `templatefile(path, vars)` and `templatestring(template, vars)`: relative
/// paths are read against the module's folder.
fn filesystem(ev: &mut Eval<'_, '_>, name: &str, call: &FuncCall) -> Value {
    let args: Vec<Value> = call.args.iter().map(|a| ev.eval(a)).collect();
    let want = if matches!(name, "templatefile" | "templatestring" | "fileset") {
        2
    } else {
        1
    };
    if args.len() != want {
        return Value::Error(format!("{name}() takes {want} argument(s)"));
    }
    let path = match args[0].to_str() {
        Ok(p) => p,
        Err(p) => return p,
    };
    let dir = ev.module.dir.clone();
    match name {
        "fileexists" => Value::Bool(dir.join(&path).is_file()),
        "file" => match read_module_file(&dir, &path) {
            Ok((_, text)) => Value::String(text),
            Err(e) => e,
        },
        "filebase64" => match read_module_bytes(&dir, &path) {
            Ok(bytes) => Value::String(encoding::base64_encode(&bytes)),
            Err(e) => e,
        },
        "fileset" => match args[1].to_str() {
            Ok(pattern) => fileset(&dir, &path, &pattern).unwrap_or_else(|e| e),
            Err(p) => p,
        },
        "abspath" => abspath(&dir, &path),
        _ => {
            let text = if name == "templatestring" {
                path.clone()
            } else {
                match read_module_file(&dir, &path) {
                    Ok((_, text)) => text,
                    Err(e) => return e,
                }
            };
            let vars = match &args[1] {
                Value::Map(m) => m.clone(),
                v if !v.is_known() => return v.pending().unwrap_or(Value::Null),
                v => {
                    return Value::Error(format!("{name}() variables must be a map, found a {}", v.type_name()));
                }
            };
            let what = if name == "templatestring" {
                "the template"
            } else {
                &path
            };
            render_template(ev, what, &text, vars, false).map_or_else(|e| e, |(s, _)| Value::String(s))
        }
    }
}

/// Reads the bytes of a file the configuration names, relative to the module's folder.
fn read_module_bytes(dir: &std::path::Path, path: &str) -> Result<Vec<u8>, Value> {
    let p = std::path::Path::new(path);
    let full = if p.is_absolute() { p.to_path_buf() } else { dir.join(p) };
    let meta = std::fs::metadata(&full).map_err(|e| Value::Error(format!("cannot read {path}: {e}")))?;
    if meta.len() > MAX_FILE {
        return Err(Value::Unknown(format!("{path} is too large to read")));
    }
    std::fs::read(&full).map_err(|e| Value::Error(format!("cannot read {path}: {e}")))
}

/// Most files `fileset()` looks at, so that a pattern over a huge tree stays cheap.
const MAX_FILESET: usize = 10_000;

/// `fileset(path, pattern)`: the files under `path` whose path relative to it matches the glob
/// (`*`, `**`, `?`, `[…]`, `{a,b}`), relative to `path`, with `/`, sorted.
fn fileset(dir: &std::path::Path, path: &str, pattern: &str) -> Result<Value, Value> {
    let glob = globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| Value::Error(format!("invalid pattern {pattern:?}: {}", e.kind())))?
        .compile_matcher();
    let base = {
        let p = std::path::Path::new(path);
        if p.is_absolute() { p.to_path_buf() } else { dir.join(p) }
    };
    let mut out = Vec::new();
    let mut seen = 0usize;
    let mut stack = vec![(base.clone(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            seen += 1;
            if seen > MAX_FILESET {
                return Err(Value::Unknown(format!(
                    "fileset() would look at more than {MAX_FILESET} files"
                )));
            }
            let Ok(ft) = e.file_type() else { continue };
            let p = e.path();
            if ft.is_dir() && depth < 32 {
                stack.push((p, depth + 1));
            } else if ft.is_file() {
                let rel: Vec<String> = p
                    .strip_prefix(&base)
                    .unwrap_or(&p)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let rel = rel.join("/");
                if glob.is_match(&rel) {
                    out.push(Value::String(rel));
                }
            }
        }
    }
    Ok(Value::List(to_set(out)))
}

/// `abspath(path)`: the absolute path, with `/`, of a path relative to the folder Terraform
/// runs in (the module's, for a root module).
fn abspath(dir: &std::path::Path, path: &str) -> Value {
    let p = std::path::Path::new(path);
    let joined = if p.is_absolute() { p.to_path_buf() } else { dir.join(p) };
    let Ok(abs) = std::path::absolute(&joined) else {
        return Value::Unknown(format!("the absolute path of {path} is not known"));
    };
    let mut clean = std::path::PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            c => clean.push(c),
        }
    }
    Value::String(clean.to_string_lossy().replace('\\', "/"))
}

/// Parses and renders the text of a template file with the variables given. With `lenient`
/// rendering, unknown interpolations become placeholders (see [`Eval::render_lenient`]).
pub fn render_template(
    ev: &mut Eval<'_, '_>,
    path: &str,
    text: &str,
    vars: BTreeMap<String, Value>,
    lenient: bool,
) -> Result<(String, Vec<String>), Value> {
    let t = hcl_edit::parser::parse_template(text).map_err(|e| {
        Value::Error(format!(
            "{path} is not a valid template: {}",
            e.message().lines().next().unwrap_or("")
        ))
    })?;
    let mut inner = Eval::new(ev.module, vars.into_iter().collect());
    if lenient {
        inner.render_lenient(&t)
    } else {
        inner.template_value(&t).map(|s| (s, Vec::new()))
    }
}

/// `try(a, b, …)`: the first argument that evaluates without an error. An unknown argument makes
/// the result unknown, since it could still fail.
fn try_(ev: &mut Eval<'_, '_>, call: &FuncCall) -> Value {
    let mut last = Value::Error("try() needs at least one argument".into());
    for a in call.args.iter() {
        let v = ev.eval(a);
        match v {
            Value::Error(_) => last = v,
            // A reference to an attribute known after apply stays that reference, so that the
            // resource it names can still be linked.
            v @ Value::Computed { .. } => return v,
            v if !v.is_known() => return v.pending().unwrap_or(v),
            v => return v,
        }
    }
    match last {
        Value::Error(e) => Value::Error(format!("no argument of try() is valid: {e}")),
        v => v,
    }
}

/// `can(x)`: whether `x` evaluates without an error; unknown when `x` is unknown.
fn can(ev: &mut Eval<'_, '_>, call: &FuncCall) -> Value {
    if call.args.len() != 1 {
        return Value::Error("can() takes one argument".into());
    }
    match call.args.get(0).map(|a| ev.eval(a)) {
        Some(Value::Error(_)) => Value::Bool(false),
        Some(v) if !v.is_known() => v.pending().unwrap_or(v),
        _ => Value::Bool(true),
    }
}

fn lookup_fn(name: &str) -> Option<fn(Vec<Value>) -> R> {
    let f: fn(Vec<Value>) -> R = match name {
        "jsonencode" => jsonencode,
        "jsondecode" => jsondecode,
        "merge" => merge,
        "lookup" => lookup,
        "concat" => concat,
        "flatten" => flatten,
        "length" => length,
        "keys" => keys,
        "values" => values,
        "contains" => contains,
        "element" => element,
        "join" => join,
        "split" => split,
        "replace" => replace,
        "lower" => |a| str_fn(a, |s| s.to_lowercase()),
        "upper" => |a| str_fn(a, |s| s.to_uppercase()),
        "trimspace" => |a| str_fn(a, |s| s.trim().to_string()),
        "title" => |a| str_fn(a, strings::title),
        "trim" => |a| str2_fn(a, strings::trim),
        "chomp" => |a| str_fn(a, strings::chomp),
        "strrev" => |a| str_fn(a, |s| graphemes(s).into_iter().rev().collect()),
        "strcontains" => |a| str2_bool(a, |s, p| s.contains(p)),
        "indent" => indent,
        "regex" => |a| regex_fn(a, false),
        "regexall" => |a| regex_fn(a, true),
        "formatlist" => formatlist,
        "yamlencode" => yamlencode,
        "yamldecode" => yamldecode,
        "base64encode" => |a| str_fn(a, |s| encoding::base64_encode(s.as_bytes())),
        "base64decode" => base64decode,
        "urlencode" => |a| str_fn(a, encoding::url_encode),
        "csvdecode" => csvdecode,
        "sensitive" | "nonsensitive" => |a| {
            arity(&a, 1, 1, "the function")?;
            Ok(first(a))
        },
        "setproduct" => setproduct,
        "setintersection" => |a| set_combine(a, true),
        "setsubtract" => setsubtract,
        "chunklist" => chunklist,
        "index" => index_fn,
        "matchkeys" => matchkeys,
        "transpose" => transpose,
        "pow" => |a| num2_fn(a, f64::powf),
        "log" => |a| num2_fn(a, |x, b| x.ln() / b.ln()),
        "signum" => |a| num_fn(a, |x| if x == 0.0 { 0.0 } else { x.signum() }),
        "parseint" => parseint,
        "cidrsubnet" => |a| {
            arity(&a, 3, 3, "cidrsubnet")?;
            cidr::subnet(&a[0], &a[1], &a[2])
        },
        "cidrsubnets" => |a| {
            if a.is_empty() {
                return Err(Value::Error("wrong number of arguments to cidrsubnets()".into()));
            }
            cidr::subnets(&a[0], &a[1..])
        },
        "cidrhost" => |a| {
            arity(&a, 2, 2, "cidrhost")?;
            cidr::host(&a[0], &a[1])
        },
        "cidrnetmask" => |a| {
            arity(&a, 1, 1, "cidrnetmask")?;
            cidr::netmask(&a[0])
        },
        "format" => format,
        "coalesce" => coalesce,
        "coalescelist" => coalescelist,
        "tostring" => tostring,
        "tonumber" => tonumber,
        "tobool" => tobool,
        "tolist" => tolist,
        "toset" => toset,
        "tomap" => tomap,
        "compact" => compact,
        "distinct" => distinct,
        "zipmap" => zipmap,
        "one" => one,
        "trimprefix" => |a| str2_fn(a, |s, p| s.strip_prefix(p).unwrap_or(s).into()),
        "trimsuffix" => |a| str2_fn(a, |s, p| s.strip_suffix(p).unwrap_or(s).into()),
        "startswith" => |a| str2_bool(a, |s, p| s.starts_with(p)),
        "endswith" => |a| str2_bool(a, |s, p| s.ends_with(p)),
        "substr" => substr,
        "range" => range,
        "max" => |a| num_fold(a, f64::max),
        "min" => |a| num_fold(a, f64::min),
        "abs" => |a| num_fn(a, f64::abs),
        "ceil" => |a| num_fn(a, f64::ceil),
        "floor" => |a| num_fn(a, f64::floor),
        "reverse" => reverse,
        "slice" => slice,
        "sort" => sort,
        "sum" => sum,
        "setunion" => |a| set_combine(a, false),
        "basename" => |a| str_fn(a, |s| s.rsplit(['/', '\\']).next().unwrap_or("").to_string()),
        "dirname" => |a| {
            str_fn(a, |s| match s.rfind(['/', '\\']) {
                Some(0) => "/".to_string(),
                Some(i) => s[..i].to_string(),
                None => ".".to_string(),
            })
        },
        "alltrue" => |a| bool_fold(a, true),
        "anytrue" => |a| bool_fold(a, false),
        _ => return None,
    };
    Some(f)
}

fn arity(args: &[Value], min: usize, max: usize, name: &str) -> Result<(), Value> {
    if args.len() < min || args.len() > max {
        return Err(Value::Error(format!("wrong number of arguments to {name}()")));
    }
    Ok(())
}

fn known(v: &Value) -> Result<(), Value> {
    match v.pending() {
        Some(p) => Err(p),
        None => Ok(()),
    }
}

fn list_of(v: Value) -> Result<Vec<Value>, Value> {
    known(&v)?;
    match v {
        Value::List(items) => Ok(items),
        v => Err(Value::Error(format!("expected a list, found a {}", v.type_name()))),
    }
}

fn map_of(v: Value) -> Result<BTreeMap<String, Value>, Value> {
    known(&v)?;
    match v {
        Value::Map(m) => Ok(m),
        v => Err(Value::Error(format!("expected a map, found a {}", v.type_name()))),
    }
}

fn first(args: Vec<Value>) -> Value {
    args.into_iter().next().unwrap_or(Value::Null)
}

fn check_len(s: String) -> R {
    if s.len() > MAX_LEN {
        Err(Value::Error("the string is too long".into()))
    } else {
        Ok(Value::String(s))
    }
}

fn jsonencode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "jsonencode")?;
    let j = to_json(&args[0])?;
    check_len(encoding::json_text(&j))
}

fn jsondecode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "jsondecode")?;
    let s = args[0].to_str()?;
    match serde_json::from_str::<serde_json::Value>(&s) {
        Ok(j) => Ok(from_json(&j)),
        Err(e) => Err(Value::Error(format!("invalid JSON: {e}"))),
    }
}

fn merge(args: Vec<Value>) -> R {
    let mut out = BTreeMap::new();
    for a in args {
        if a == Value::Null {
            continue;
        }
        out.extend(map_of(a)?);
    }
    Ok(Value::Map(out))
}

fn lookup(args: Vec<Value>) -> R {
    arity(&args, 2, 3, "lookup")?;
    let mut it = args.into_iter();
    let m = map_of(it.next().unwrap_or(Value::Null))?;
    let key = it.next().unwrap_or(Value::Null).to_str()?;
    match (m.get(&key), it.next()) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(Value::Error(format!("there is no key \"{key}\""))),
    }
}

fn concat(args: Vec<Value>) -> R {
    let mut out = Vec::new();
    for a in args {
        out.extend(list_of(a)?);
        if out.len() > MAX_LEN {
            return Err(Value::Error("the list is too long".into()));
        }
    }
    Ok(Value::List(out))
}

fn flatten(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "flatten")?;
    fn walk(items: Vec<Value>, out: &mut Vec<Value>, depth: usize) -> Result<(), Value> {
        if depth > 64 || out.len() > MAX_LEN {
            return Err(Value::Error("the list is too deep or too long to flatten".into()));
        }
        for i in items {
            match i {
                Value::List(inner) => walk(inner, out, depth + 1)?,
                // A resource's `id` or `arn` is a string in every AWS provider schema, never a
                // list: it stays in place, and keeps the reference (a service's security groups,
                // `flatten(concat([try(aws_security_group.this[0].id, [])], var.ids))`).
                v @ Value::Computed { .. } if matches!(&v, Value::Computed { attr, .. } if attr == "id" || attr == "arn") => {
                    out.push(v)
                }
                // An unknown element could be a list: the flat result cannot be known.
                v if !v.is_known() => return Err(v.pending().unwrap_or(v)),
                v => out.push(v),
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(list_of(first(args))?, &mut out, 0)?;
    Ok(Value::List(out))
}

fn length(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "length")?;
    let v = first(args);
    known(&v)?;
    Ok(Value::Number(match &v {
        Value::List(items) => items.len() as f64,
        Value::Map(m) => m.len() as f64,
        Value::String(s) => graphemes(s).len() as f64,
        v => return Err(Value::Error(format!("length() of a {}", v.type_name()))),
    }))
}

fn keys(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "keys")?;
    Ok(Value::List(
        map_of(first(args))?.into_keys().map(Value::String).collect(),
    ))
}

fn values(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "values")?;
    Ok(Value::List(map_of(first(args))?.into_values().collect()))
}

fn contains(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "contains")?;
    let mut it = args.into_iter();
    let items = list_of(it.next().unwrap_or(Value::Null))?;
    let needle = it.next().unwrap_or(Value::Null);
    if let Some(p) = needle.deep_pending() {
        return Err(p);
    }
    let mut pending = None;
    for i in &items {
        match i.equals(&needle) {
            Value::Bool(true) => return Ok(Value::Bool(true)),
            Value::Bool(false) => {}
            p => pending = Some(p),
        }
    }
    match pending {
        Some(p) => Err(p),
        None => Ok(Value::Bool(false)),
    }
}

fn element(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "element")?;
    let mut it = args.into_iter();
    let items = list_of(it.next().unwrap_or(Value::Null))?;
    let i = it.next().unwrap_or(Value::Null).to_index()?;
    if items.is_empty() {
        return Err(Value::Error("element() of an empty list".into()));
    }
    if i < 0 {
        return Err(Value::Error("element() with a negative index".into()));
    }
    Ok(items[(i as usize) % items.len()].clone())
}

fn join(args: Vec<Value>) -> R {
    if args.len() < 2 {
        return Err(Value::Error("join() needs a separator and a list".into()));
    }
    let mut it = args.into_iter();
    let sep = it.next().unwrap_or(Value::Null).to_str()?;
    let mut parts = Vec::new();
    for l in it {
        for v in list_of(l)? {
            parts.push(v.to_str()?);
        }
    }
    check_len(parts.join(&sep))
}

fn split(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "split")?;
    let sep = args[0].to_str()?;
    let s = args[1].to_str()?;
    if sep.is_empty() {
        return Ok(Value::List(s.chars().map(|c| Value::String(c.to_string())).collect()));
    }
    Ok(Value::List(s.split(sep.as_str()).map(Value::str).collect()))
}

fn replace(args: Vec<Value>) -> R {
    arity(&args, 3, 3, "replace")?;
    let s = args[0].to_str()?;
    let from = args[1].to_str()?;
    let to = args[2].to_str()?;
    if from.len() >= 2 && from.starts_with('/') && from.ends_with('/') {
        return strings::replace_regex(&s, &from[1..from.len() - 1], &to);
    }
    if from.is_empty() {
        return Ok(Value::String(s));
    }
    if s.matches(from.as_str()).count().saturating_mul(to.len()) > MAX_LEN {
        return Err(Value::Error("the string is too long".into()));
    }
    check_len(s.replace(from.as_str(), &to))
}

fn str_fn(args: Vec<Value>, f: fn(&str) -> String) -> R {
    arity(&args, 1, 1, "the function")?;
    Ok(Value::String(f(&args[0].to_str()?)))
}

fn str2_fn(args: Vec<Value>, f: fn(&str, &str) -> String) -> R {
    arity(&args, 2, 2, "the function")?;
    Ok(Value::String(f(&args[0].to_str()?, &args[1].to_str()?)))
}

fn str2_bool(args: Vec<Value>, f: fn(&str, &str) -> bool) -> R {
    arity(&args, 2, 2, "the function")?;
    Ok(Value::Bool(f(&args[0].to_str()?, &args[1].to_str()?)))
}

fn substr(args: Vec<Value>) -> R {
    arity(&args, 3, 3, "substr")?;
    let s = args[0].to_str()?;
    let chars: Vec<&str> = graphemes(&s);
    let n = chars.len() as i64;
    let mut off = args[1].to_index()?;
    let len = args[2].to_index()?;
    if off < 0 {
        off += n;
    }
    if off < 0 || off > n {
        return Err(Value::Error("substr() offset is out of range".into()));
    }
    let end = if len < 0 { n } else { (off + len).min(n) };
    Ok(Value::String(chars[off as usize..end.max(off) as usize].concat()))
}

fn range(args: Vec<Value>) -> R {
    arity(&args, 1, 3, "range")?;
    let nums: Vec<f64> = args.iter().map(Value::to_number).collect::<Result<_, _>>()?;
    let (start, end, step) = match nums.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, if e >= s { 1.0 } else { -1.0 }),
        [s, e, st] => (*s, *e, *st),
        _ => return Err(Value::Error("range() needs one to three numbers".into())),
    };
    if step == 0.0 || (end - start) / step > 1024.0 * 1024.0 {
        return Err(Value::Error("range() would be too long".into()));
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end) || (step < 0.0 && x > end) {
        out.push(Value::Number(x));
        x += step;
    }
    Ok(Value::List(out))
}

fn num_fn(args: Vec<Value>, f: fn(f64) -> f64) -> R {
    arity(&args, 1, 1, "the function")?;
    Ok(Value::Number(f(args[0].to_number()?)))
}

fn num_fold(args: Vec<Value>, f: fn(f64, f64) -> f64) -> R {
    let mut acc: Option<f64> = None;
    for a in &args {
        let n = a.to_number()?;
        acc = Some(acc.map_or(n, |x| f(x, n)));
    }
    acc.map(Value::Number)
        .ok_or_else(|| Value::Error("needs at least one number".into()))
}

fn bool_fold(args: Vec<Value>, all: bool) -> R {
    arity(&args, 1, 1, "the function")?;
    let mut pending = None;
    for v in list_of(first(args))? {
        match v.to_bool() {
            Ok(b) if b != all => return Ok(Value::Bool(!all)),
            Ok(_) => {}
            Err(p) => pending = Some(p),
        }
    }
    match pending {
        Some(p) => Err(p),
        None => Ok(Value::Bool(all)),
    }
}

fn reverse(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "reverse")?;
    let mut items = list_of(first(args))?;
    items.reverse();
    Ok(Value::List(items))
}

/// `format` with the verbs `%s %d %v %q %f %t` and `%%`, flags `-` and `0`, width and
/// precision.
fn format(args: Vec<Value>) -> R {
    if args.is_empty() {
        return Err(Value::Error("format() needs a format string".into()));
    }
    let fmt = args[0].to_str()?;
    let mut rest = args[1..].iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut left, mut zero) = (false, false);
        while let Some(&f) = chars.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '+' | ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = 0usize;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            width = width.saturating_mul(10).saturating_add(d as usize);
            chars.next();
        }
        let mut prec = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                p = p.saturating_mul(10).saturating_add(d as usize);
                chars.next();
            }
            prec = Some(p.min(64));
        }
        if width > 1024 {
            return Err(Value::Error("format() width is too large".into()));
        }
        let verb = chars
            .next()
            .ok_or_else(|| Value::Error("format() string ends in %".into()))?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = rest
            .next()
            .ok_or_else(|| Value::Error("format() has too few arguments".into()))?;
        if let Some(p) = arg.deep_pending() {
            return Err(p);
        }
        let text = match verb {
            's' => arg.to_str()?,
            'd' => {
                let n = arg.to_number()?;
                if n.fract() != 0.0 {
                    return Err(Value::Error("%d needs a whole number".into()));
                }
                fmt_number(n)
            }
            'f' => format!("{:.*}", prec.unwrap_or(6), arg.to_number()?),
            't' => arg.to_bool()?.to_string(),
            'q' => serde_json::to_string(&arg.to_str()?).unwrap_or_default(),
            'v' => match arg {
                Value::String(s) => s.clone(),
                Value::List(_) | Value::Map(_) => serde_json::to_string(&to_json(arg)?).unwrap_or_default(),
                Value::Null => "null".into(),
                v => v.to_str()?,
            },
            v => return Err(Value::Error(format!("format() verb %{v} is not supported"))),
        };
        let len = text.chars().count();
        if len < width {
            let pad = width - len;
            if left {
                out.push_str(&text);
                out.extend(std::iter::repeat_n(' ', pad));
            } else if zero && matches!(verb, 'd' | 'f') {
                let (sign, digits) = match text.strip_prefix('-') {
                    Some(d) => ("-", d),
                    None => ("", text.as_str()),
                };
                out.push_str(sign);
                out.extend(std::iter::repeat_n('0', pad));
                out.push_str(digits);
            } else {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
        if out.len() > MAX_LEN {
            return Err(Value::Error("the string is too long".into()));
        }
    }
    Ok(Value::String(out))
}

/// `coalesce`: the first argument that is neither null nor an empty string. An unknown argument
/// met before it makes the result unknown.
fn coalesce(args: Vec<Value>) -> R {
    for a in &args {
        // An unknown argument before the first non-empty one could be that one.
        known(a)?;
        if !matches!(a, Value::Null) && a != &Value::str("") {
            break;
        }
    }
    for a in unify(args) {
        match &a {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            _ => return Ok(a),
        }
    }
    Err(Value::Error("coalesce() found no non-null, non-empty argument".into()))
}

fn coalescelist(args: Vec<Value>) -> R {
    for a in args {
        let items = list_of(a)?;
        if !items.is_empty() {
            return Ok(Value::List(items));
        }
    }
    Ok(Value::List(Vec::new()))
}

fn tostring(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tostring")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::String(v.to_str()?)),
    }
}

fn tonumber(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tonumber")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Number(v.to_number()?)),
    }
}

fn tobool(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tobool")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Bool(v.to_bool()?)),
    }
}

fn tolist(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tolist")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::List(unify(list_of(v)?))),
    }
}

fn toset(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "toset")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::List(to_set(unify(list_of(v)?)))),
    }
}

fn tomap(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tomap")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => {
            let m = map_of(v)?;
            let keys: Vec<String> = m.keys().cloned().collect();
            Ok(Value::Map(
                keys.into_iter().zip(unify(m.into_values().collect())).collect(),
            ))
        }
    }
}

fn compact(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "compact")?;
    let mut out = Vec::new();
    for v in list_of(first(args))? {
        known(&v)?;
        match &v {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            _ => out.push(v),
        }
    }
    Ok(Value::List(out))
}

fn distinct(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "distinct")?;
    let items = list_of(first(args))?;
    let mut out: Vec<Value> = Vec::new();
    for v in items {
        if let Some(p) = v.deep_pending() {
            return Err(p);
        }
        if !out.iter().any(|o| o.equals(&v) == Value::Bool(true)) {
            out.push(v);
        }
    }
    Ok(Value::List(out))
}

fn zipmap(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "zipmap")?;
    let mut it = args.into_iter();
    let ks = list_of(it.next().unwrap_or(Value::Null))?;
    let vs = list_of(it.next().unwrap_or(Value::Null))?;
    if ks.len() != vs.len() {
        return Err(Value::Error("zipmap() lists differ in length".into()));
    }
    let mut out = BTreeMap::new();
    for (k, v) in ks.into_iter().zip(vs) {
        out.insert(k.to_str()?, v);
    }
    Ok(Value::Map(out))
}

fn one(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "one")?;
    let items = list_of(first(args))?;
    match items.len() {
        0 => Ok(Value::Null),
        1 => Ok(items.into_iter().next().unwrap_or(Value::Null)),
        _ => Err(Value::Error("one() of a list with more than one element".into())),
    }
}

fn slice(args: Vec<Value>) -> R {
    arity(&args, 3, 3, "slice")?;
    let mut it = args.into_iter();
    let items = list_of(it.next().unwrap_or(Value::Null))?;
    let start = it.next().unwrap_or(Value::Null).to_index()?;
    let end = it.next().unwrap_or(Value::Null).to_index()?;
    if start < 0 || end < start || end as usize > items.len() {
        return Err(Value::Error("slice() indexes are out of range".into()));
    }
    Ok(Value::List(items[start as usize..end as usize].to_vec()))
}

fn sort(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "sort")?;
    let mut strings = Vec::new();
    for v in list_of(first(args))? {
        strings.push(v.to_str()?);
    }
    strings.sort();
    Ok(Value::List(strings.into_iter().map(Value::String).collect()))
}

fn sum(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "sum")?;
    let items = list_of(first(args))?;
    if items.is_empty() {
        return Err(Value::Error("sum() of an empty list".into()));
    }
    let mut total = 0.0;
    for v in &items {
        total += v.to_number()?;
    }
    Ok(Value::Number(total))
}

fn num2_fn(args: Vec<Value>, f: fn(f64, f64) -> f64) -> R {
    arity(&args, 2, 2, "the function")?;
    let r = f(args[0].to_number()?, args[1].to_number()?);
    if r.is_finite() {
        Ok(Value::Number(r))
    } else {
        Err(Value::Error("the result is not a finite number".into()))
    }
}

/// `parseint(string, base)`: an integer written in a base from 2 to 62 (digits, then lower
/// case, then upper case letters; below base 37 letters of either case).
fn parseint(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "parseint")?;
    let s = args[0].to_str()?;
    let base = args[1].to_index()?;
    if !(2..=62).contains(&base) {
        return Err(Value::Error("parseint() base must be from 2 to 62".into()));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s.strip_prefix('+').unwrap_or(&s)),
    };
    if digits.is_empty() {
        return Err(Value::Error(format!("\"{s}\" is not a number in base {base}")));
    }
    let mut n: f64 = 0.0;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => base,
        };
        if d >= base {
            return Err(Value::Error(format!("\"{s}\" is not a number in base {base}")));
        }
        n = n * base as f64 + d as f64;
    }
    Ok(Value::Number(if neg { -n } else { n }))
}

fn indent(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "indent")?;
    let n = args[0].to_index()?;
    if !(0..=1024).contains(&n) {
        return Err(Value::Error("indent() takes 0 to 1024 spaces".into()));
    }
    Ok(Value::String(strings::indent(n as usize, &args[1].to_str()?)?))
}

fn regex_fn(args: Vec<Value>, all: bool) -> R {
    arity(&args, 2, 2, if all { "regexall" } else { "regex" })?;
    let pattern = args[0].to_str()?;
    let s = args[1].to_str()?;
    if all {
        strings::regexall(&pattern, &s)
    } else {
        strings::regex(&pattern, &s)
    }
}

/// `formatlist(format, args...)`: `format` applied element by element; list arguments must
/// have the same length, other arguments are repeated.
fn formatlist(args: Vec<Value>) -> R {
    if args.is_empty() {
        return Err(Value::Error("format() needs a format string".into()));
    }
    let mut len: Option<usize> = None;
    for a in &args[1..] {
        known(a)?;
        if let Value::List(items) = a {
            match len {
                Some(l) if l != items.len() => {
                    return Err(Value::Error("formatlist() lists differ in length".into()));
                }
                _ => len = Some(items.len()),
            }
        }
    }
    let rows = len.unwrap_or(1);
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let mut row = vec![args[0].clone()];
        for a in &args[1..] {
            row.push(match a {
                Value::List(items) => items[i].clone(),
                v => v.clone(),
            });
        }
        out.push(format(row)?);
    }
    Ok(Value::List(out))
}

fn yamlencode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "yamlencode")?;
    Ok(Value::String(encoding::yaml_encode(&args[0])?))
}

fn yamldecode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "yamldecode")?;
    encoding::yaml_decode(&args[0].to_str()?)
}

fn base64decode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "base64decode")?;
    let bytes = encoding::base64_decode(&args[0].to_str()?)?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| Value::Error("the decoded bytes are not UTF-8 text".into()))
}

fn csvdecode(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "csvdecode")?;
    encoding::csv_decode(&args[0].to_str()?)
}

/// The elements of a list argument, all known.
fn known_items(v: Value) -> Result<Vec<Value>, Value> {
    let items = list_of(v)?;
    if let Some(p) = items.iter().find_map(Value::deep_pending) {
        return Err(p);
    }
    Ok(items)
}

/// `setproduct(sets...)`: every combination of one element of each, in order.
fn setproduct(args: Vec<Value>) -> R {
    if args.len() < 2 {
        return Err(Value::Error("setproduct() needs at least two sets".into()));
    }
    let mut acc: Vec<Vec<Value>> = vec![Vec::new()];
    for a in args {
        let items = known_items(a)?;
        if acc.len().saturating_mul(items.len()) > MAX_LEN {
            return Err(Value::Error("the list is too long".into()));
        }
        acc = acc
            .into_iter()
            .flat_map(|prefix| {
                items.iter().map(move |i| {
                    let mut p = prefix.clone();
                    p.push(i.clone());
                    p
                })
            })
            .collect();
    }
    Ok(Value::List(acc.into_iter().map(Value::List).collect()))
}

/// `setintersection(sets...)` (and `setunion`): the elements of all (of any) of the sets.
fn set_combine(args: Vec<Value>, all: bool) -> R {
    let mut sets = Vec::new();
    for a in args {
        sets.push(known_items(a)?);
    }
    let Some(first) = sets.first().cloned() else {
        return Err(Value::Error("the function needs at least one set".into()));
    };
    if !all {
        return Ok(Value::List(to_set(sets.concat())));
    }
    let kept = first
        .into_iter()
        .filter(|v| {
            sets[1..]
                .iter()
                .all(|s| s.iter().any(|o| o.equals(v) == Value::Bool(true)))
        })
        .collect();
    Ok(Value::List(to_set(kept)))
}

fn setsubtract(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "setsubtract")?;
    let mut it = args.into_iter();
    let a = known_items(it.next().unwrap_or(Value::Null))?;
    let b = known_items(it.next().unwrap_or(Value::Null))?;
    let kept = a
        .into_iter()
        .filter(|v| !b.iter().any(|o| o.equals(v) == Value::Bool(true)))
        .collect();
    Ok(Value::List(to_set(kept)))
}

fn chunklist(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "chunklist")?;
    let mut it = args.into_iter();
    let items = list_of(it.next().unwrap_or(Value::Null))?;
    let size = it.next().unwrap_or(Value::Null).to_index()?;
    if size < 0 {
        return Err(Value::Error("chunklist() size must not be negative".into()));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items)]));
    }
    Ok(Value::List(
        items.chunks(size as usize).map(|c| Value::List(c.to_vec())).collect(),
    ))
}

/// `index(list, value)`: the position of the first element equal to the value.
fn index_fn(args: Vec<Value>) -> R {
    arity(&args, 2, 2, "index")?;
    let mut it = args.into_iter();
    let items = known_items(it.next().unwrap_or(Value::Null))?;
    let needle = it.next().unwrap_or(Value::Null);
    if let Some(p) = needle.deep_pending() {
        return Err(p);
    }
    items
        .iter()
        .position(|i| i.equals(&needle) == Value::Bool(true))
        .map(|i| Value::Number(i as f64))
        .ok_or_else(|| Value::Error("the item is not in the list".into()))
}

/// `matchkeys(values, keys, searchset)`: the values whose key (at the same position) is in the
/// search set.
fn matchkeys(args: Vec<Value>) -> R {
    arity(&args, 3, 3, "matchkeys")?;
    let mut it = args.into_iter();
    let values = list_of(it.next().unwrap_or(Value::Null))?;
    let keys = known_items(it.next().unwrap_or(Value::Null))?;
    let search = known_items(it.next().unwrap_or(Value::Null))?;
    if values.len() != keys.len() {
        return Err(Value::Error("matchkeys() lists differ in length".into()));
    }
    Ok(Value::List(
        values
            .into_iter()
            .zip(keys)
            .filter(|(_, k)| search.iter().any(|s| s.equals(k) == Value::Bool(true)))
            .map(|(v, _)| v)
            .collect(),
    ))
}

/// `transpose(map of lists of strings)`: each string to the keys whose lists hold it.
fn transpose(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "transpose")?;
    let m = map_of(first(args))?;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in m {
        for item in list_of(v)? {
            out.entry(item.to_str()?).or_default().push(Value::String(k.clone()));
        }
    }
    Ok(Value::Map(out.into_iter().map(|(k, v)| (k, Value::List(v))).collect()))
}

/// Converts the elements of a collection to one type as Terraform's type unification does for
/// primitive values: when they mix strings, numbers and bools, all become strings.
fn unify(items: Vec<Value>) -> Vec<Value> {
    let kind = |v: &Value| match v {
        Value::String(_) => 1,
        Value::Number(_) => 2,
        Value::Bool(_) => 3,
        _ => 0,
    };
    let kinds: Vec<u8> = items.iter().map(kind).filter(|k| *k != 0).collect();
    let mixed = kinds.windows(2).any(|w| w[0] != w[1]);
    if !mixed || items.iter().any(|v| matches!(v, Value::List(_) | Value::Map(_))) {
        return items;
    }
    items
        .into_iter()
        .map(|v| match &v {
            Value::Number(_) | Value::Bool(_) => v.to_str().map_or(v, Value::String),
            _ => v,
        })
        .collect()
}
