//! The values Terraform expressions evaluate to, including the ones the scanner cannot know.

use std::collections::BTreeMap;

/// Longest string or collection the evaluator builds; beyond it a value becomes an error, so that
/// a hostile configuration cannot exhaust memory.
pub const MAX_LEN: usize = 1 << 20;

/// A Terraform value.
///
/// Lists, tuples and sets are all `List`; maps and objects are both `Map` (Terraform orders both
/// by key). The last three variants are not concrete: every judgement treats them as unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// An attribute of a managed resource, known only after apply. The address is kept so that
    /// one resource can be linked to another (a service to its cluster).
    Computed {
        address: String,
        attr: String,
    },
    /// A value the scanner cannot resolve; the text says why.
    Unknown(String),
    /// An expression Terraform itself would reject. Kept apart from `Unknown` for `try` and `can`.
    Error(String),
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// Whether the value itself (not necessarily its elements) is concrete.
    pub fn is_known(&self) -> bool {
        !matches!(self, Value::Computed { .. } | Value::Unknown(_) | Value::Error(_))
    }

    /// Whether the value and everything inside it is concrete.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::List(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(m) => m.values().all(Value::is_wholly_known),
            v => v.is_known(),
        }
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Value::Error(_))
    }

    /// For a value that is not concrete, the value to hand on to whatever used it: a computed
    /// attribute becomes a plain unknown (its address belongs to the reference only), unknowns
    /// and errors pass through unchanged.
    pub fn pending(&self) -> Option<Value> {
        match self {
            Value::Computed { .. } => Some(Value::Unknown(self.unknown_reason().unwrap_or_default())),
            Value::Unknown(_) | Value::Error(_) => Some(self.clone()),
            _ => None,
        }
    }

    /// The first value inside this one (or this one) that is not concrete, handed on as by
    /// [`Value::pending`].
    pub fn deep_pending(&self) -> Option<Value> {
        match self {
            Value::List(items) => items.iter().find_map(Value::deep_pending),
            Value::Map(m) => m.values().find_map(Value::deep_pending),
            v => v.pending(),
        }
    }

    /// Why the value is not concrete.
    pub fn unknown_reason(&self) -> Option<String> {
        match self {
            Value::Computed { address, attr } if attr.is_empty() => {
                Some(format!("{address} is known only after apply"))
            }
            Value::Computed { address, attr } => Some(format!("{address}.{attr} is known only after apply")),
            Value::Unknown(r) => Some(r.clone()),
            Value::Error(e) => Some(format!("the expression is invalid: {e}")),
            _ => None,
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Computed { .. } | Value::Unknown(_) => "unknown value",
            Value::Error(_) => "invalid value",
        }
    }

    /// The value as a string, converting numbers and bools as Terraform does.
    pub fn to_str(&self) -> Result<String, Value> {
        if let Some(p) = self.pending() {
            return Err(p);
        }
        match self {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(fmt_number(*n)),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Null => Err(Value::Error("a null value cannot be used as a string".into())),
            v => Err(Value::Error(format!("a {} cannot be used as a string", v.type_name()))),
        }
    }

    /// The value as a number; strings holding numbers convert.
    pub fn to_number(&self) -> Result<f64, Value> {
        if let Some(p) = self.pending() {
            return Err(p);
        }
        match self {
            Value::Number(n) => Ok(*n),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .ok_or_else(|| Value::Error(format!("\"{s}\" is not a number"))),
            v => Err(Value::Error(format!("a {} cannot be used as a number", v.type_name()))),
        }
    }

    /// The value as a bool; the strings `"true"` and `"false"` convert.
    pub fn to_bool(&self) -> Result<bool, Value> {
        if let Some(p) = self.pending() {
            return Err(p);
        }
        match self {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s == "true" => Ok(true),
            Value::String(s) if s == "false" => Ok(false),
            v => Err(Value::Error(format!("a {} cannot be used as a bool", v.type_name()))),
        }
    }

    /// A whole number that fits an index or a count.
    pub fn to_index(&self) -> Result<i64, Value> {
        let n = self.to_number()?;
        if n.fract() != 0.0 || n.abs() > 9.0e15 {
            return Err(Value::Error(format!("{} is not a whole number", fmt_number(n))));
        }
        Ok(n as i64)
    }

    /// Terraform's `==`: same type and same value. Unknown when either side is not wholly known,
    /// except against `null`: a known collection is not null whatever it holds, as cty decides.
    pub fn equals(&self, other: &Value) -> Value {
        if (*self == Value::Null && other.is_known()) || (*other == Value::Null && self.is_known()) {
            return Value::Bool(self == other);
        }
        if let Some(p) = self.deep_pending().or_else(|| other.deep_pending()) {
            return p;
        }
        Value::Bool(same(self, other))
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => false,
    }
}

/// Numbers as Terraform prints them: whole numbers without a fraction.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Builds a set from values: duplicates removed, strings sorted as Terraform orders them.
pub fn to_set(items: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for v in items {
        if !out
            .iter()
            .any(|o| o.is_wholly_known() && v.is_wholly_known() && same(o, &v))
        {
            out.push(v);
        }
    }
    if out.iter().all(|v| matches!(v, Value::String(_))) {
        out.sort_by(|a, b| match (a, b) {
            (Value::String(x), Value::String(y)) => x.cmp(y),
            _ => std::cmp::Ordering::Equal,
        });
    }
    out
}

/// JSON text of a value, as `jsonencode` writes it (object keys in order).
pub fn to_json(v: &Value) -> Result<serde_json::Value, Value> {
    Ok(match v {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                serde_json::Value::from(*n as i64)
            } else {
                serde_json::Number::from_f64(*n)
                    .map(serde_json::Value::Number)
                    .unwrap_or(serde_json::Value::Null)
            }
        }
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect::<Result<_, _>>()?),
        Value::Map(m) => {
            let mut o = serde_json::Map::new();
            for (k, v) in m {
                o.insert(k.clone(), to_json(v)?);
            }
            serde_json::Value::Object(o)
        }
        p => return Err(p.pending().unwrap_or(Value::Null)),
    })
}

/// A value from parsed JSON, as `jsondecode` returns it.
pub fn from_json(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::List(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_terraform() {
        assert_eq!(fmt_number(3.0), "3");
        assert_eq!(fmt_number(-2.0), "-2");
        assert_eq!(fmt_number(1.5), "1.5");
    }

    #[test]
    fn computed_is_unknown_with_a_reason() {
        let v = Value::Computed {
            address: "aws_ecs_cluster.main".into(),
            attr: "id".into(),
        };
        assert!(!v.is_known());
        assert_eq!(
            v.pending(),
            Some(Value::Unknown(
                "aws_ecs_cluster.main.id is known only after apply".into()
            ))
        );
    }

    #[test]
    fn equality_needs_known_values() {
        assert_eq!(Value::str("a").equals(&Value::str("a")), Value::Bool(true));
        assert_eq!(Value::Number(1.0).equals(&Value::str("1")), Value::Bool(false));
        assert!(
            !Value::List(vec![Value::Unknown("x".into())])
                .equals(&Value::List(vec![]))
                .is_known()
        );
        // A known collection is not null, whatever it holds; an unknown value may be.
        assert_eq!(
            Value::List(vec![Value::Unknown("x".into())]).equals(&Value::Null),
            Value::Bool(false)
        );
        assert!(!Value::Unknown("x".into()).equals(&Value::Null).is_known());
        assert_eq!(Value::Null.equals(&Value::Null), Value::Bool(true));
    }

    #[test]
    fn sets_drop_duplicates_and_sort() {
        let s = to_set(vec![Value::str("b"), Value::str("a"), Value::str("b")]);
        assert_eq!(s, vec![Value::str("a"), Value::str("b")]);
    }
}
