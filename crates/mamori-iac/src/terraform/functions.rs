//! Terraform's built-in functions that matter for reading configuration.
//!
//! A function not listed here evaluates to an unknown value that names it. An unknown argument
//! gives an unknown result, except where Terraform defines otherwise (`try`, `can`, `coalesce`).

use super::eval::Eval;
use super::value::{MAX_LEN, Value, fmt_number, from_json, to_json, to_set};
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
        "file" | "fileexists" | "templatefile" => return filesystem(ev, name, call),
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

/// `file(path)`, `fileexists(path)` and `templatefile(path, vars)`.
fn filesystem(ev: &mut Eval<'_, '_>, name: &str, call: &FuncCall) -> Value {
    let args: Vec<Value> = call.args.iter().map(|a| ev.eval(a)).collect();
    let want = if name == "templatefile" { 2 } else { 1 };
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
        _ => {
            let text = match read_module_file(&dir, &path) {
                Ok((_, text)) => text,
                Err(e) => return e,
            };
            let vars = match &args[1] {
                Value::Map(m) => m.clone(),
                v if !v.is_known() => return v.pending().unwrap_or(Value::Null),
                v => {
                    return Value::Error(format!(
                        "templatefile() variables must be a map, found a {}",
                        v.type_name()
                    ));
                }
            };
            render_template(ev, &path, &text, vars, false).map_or_else(|e| e, |(s, _)| Value::String(s))
        }
    }
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
        "title" => |a| str_fn(a, title),
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
        "setunion" => setunion,
        "basename" => |a| str_fn(a, |s| s.rsplit(['/', '\\']).next().unwrap_or("").to_string()),
        "dirname" => |a| {
            str_fn(a, |s| match s.rfind(['/', '\\']) {
                Some(0) => "/".to_string(),
                Some(i) => s[..i].to_string(),
                None => ".".to_string(),
            })
        },
        // Sensitivity only hides a value in Terraform's own output; the value is the same.
        "sensitive" | "nonsensitive" => |a| {
            arity(&a, 1, 1, "sensitive")?;
            Ok(first(a))
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
    check_len(serde_json::to_string(&j).unwrap_or_default())
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
        Value::String(s) => s.chars().count() as f64,
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
        return Err(Value::Unknown(
            "replace() with a regular expression is not evaluated".into(),
        ));
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

fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = !c.is_alphanumeric();
    }
    out
}

fn substr(args: Vec<Value>) -> R {
    arity(&args, 3, 3, "substr")?;
    let s = args[0].to_str()?;
    let chars: Vec<char> = s.chars().collect();
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
    Ok(Value::String(
        chars[off as usize..end.max(off) as usize].iter().collect(),
    ))
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
    for a in args {
        known(&a)?;
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
        v => Ok(Value::List(list_of(v)?)),
    }
}

fn toset(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "toset")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::List(to_set(list_of(v)?))),
    }
}

fn tomap(args: Vec<Value>) -> R {
    arity(&args, 1, 1, "tomap")?;
    match first(args) {
        Value::Null => Ok(Value::Null),
        v => Ok(Value::Map(map_of(v)?)),
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

fn setunion(args: Vec<Value>) -> R {
    let mut all = Vec::new();
    for a in args {
        let items = list_of(a)?;
        if let Some(p) = items.iter().find_map(Value::deep_pending) {
            return Err(p);
        }
        all.extend(items);
    }
    Ok(Value::List(to_set(all)))
}
