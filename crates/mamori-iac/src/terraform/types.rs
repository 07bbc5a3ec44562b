//! Variable type constraints (`type = list(object({ a = optional(string, "x") }))`) and the
//! conversions Terraform applies to a variable's value: strings to numbers and bools, sets
//! without duplicates, objects filled with their optional attributes' defaults.

use super::eval::Eval;
use super::value::{Value, to_set};
use hcl_edit::expr::{Expression, ObjectKey};

/// A type constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Any,
    String,
    Number,
    Bool,
    List(Box<Ty>),
    Set(Box<Ty>),
    Map(Box<Ty>),
    Tuple(Vec<Ty>),
    Object(Vec<ObjectAttr>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectAttr {
    pub name: String,
    pub ty: Ty,
    pub optional: bool,
    pub default: Option<Value>,
}

/// Reads a type constraint. Anything not understood is `any`, which converts nothing.
/// `ev` evaluates the defaults of optional attributes.
pub fn parse(expr: &Expression, ev: &mut Eval<'_, '_>, depth: usize) -> Ty {
    if depth > 32 {
        return Ty::Any;
    }
    match expr {
        Expression::Variable(id) => match id.as_str() {
            "string" => Ty::String,
            "number" => Ty::Number,
            "bool" => Ty::Bool,
            _ => Ty::Any,
        },
        Expression::Parenthesis(p) => parse(p.inner(), ev, depth + 1),
        Expression::FuncCall(call) => {
            let arg = |i: usize| call.args.get(i);
            let inner = |ev: &mut Eval<'_, '_>| match arg(0) {
                Some(a) => Box::new(parse(a, ev, depth + 1)),
                None => Box::new(Ty::Any),
            };
            match call.name.name.as_str() {
                "list" => Ty::List(inner(ev)),
                "set" => Ty::Set(inner(ev)),
                "map" => Ty::Map(inner(ev)),
                "tuple" => match arg(0) {
                    Some(Expression::Array(a)) => Ty::Tuple(a.iter().map(|e| parse(e, ev, depth + 1)).collect()),
                    _ => Ty::Any,
                },
                "object" => match arg(0) {
                    Some(Expression::Object(o)) => Ty::Object(
                        o.iter()
                            .filter_map(|(k, v)| {
                                let name = match k {
                                    ObjectKey::Ident(i) => i.as_str().to_string(),
                                    ObjectKey::Expression(e) => ev.eval(e).to_str().ok()?,
                                };
                                Some(object_attr(name, v.expr(), ev, depth + 1))
                            })
                            .collect(),
                    ),
                    _ => Ty::Any,
                },
                _ => Ty::Any,
            }
        }
        _ => Ty::Any,
    }
}

fn object_attr(name: String, expr: &Expression, ev: &mut Eval<'_, '_>, depth: usize) -> ObjectAttr {
    if let Expression::FuncCall(call) = expr
        && call.name.name.as_str() == "optional"
    {
        let ty = call.args.get(0).map_or(Ty::Any, |a| parse(a, ev, depth + 1));
        let default = call.args.get(1).map(|d| {
            let v = ev.eval(d);
            convert(v, &ty)
        });
        return ObjectAttr {
            name,
            ty,
            optional: true,
            default,
        };
    }
    ObjectAttr {
        name,
        ty: parse(expr, ev, depth + 1),
        optional: false,
        default: None,
    }
}

/// Converts a value to a type as far as it can; a value that does not fit is returned unchanged.
pub fn convert(v: Value, ty: &Ty) -> Value {
    if !v.is_known() || v == Value::Null {
        return v;
    }
    match (ty, v) {
        (Ty::Any, v) => v,
        (Ty::String, v @ (Value::Number(_) | Value::Bool(_))) => v.to_str().map_or(v, Value::String),
        (Ty::Number, Value::String(s)) => {
            let v = Value::String(s);
            v.to_number().map_or(v, Value::Number)
        }
        (Ty::Bool, Value::String(s)) => {
            let v = Value::String(s);
            v.to_bool().map_or(v, Value::Bool)
        }
        (Ty::List(t), Value::List(items)) => Value::List(items.into_iter().map(|i| convert(i, t)).collect()),
        (Ty::Set(t), Value::List(items)) => Value::List(to_set(items.into_iter().map(|i| convert(i, t)).collect())),
        (Ty::Map(t), Value::Map(m)) => Value::Map(m.into_iter().map(|(k, i)| (k, convert(i, t))).collect()),
        (Ty::Tuple(ts), Value::List(items)) if ts.len() == items.len() => {
            Value::List(items.into_iter().zip(ts).map(|(i, t)| convert(i, t)).collect())
        }
        (Ty::Object(attrs), Value::Map(mut m)) => {
            let mut out = std::collections::BTreeMap::new();
            for a in attrs {
                match m.remove(&a.name) {
                    Some(Value::Null) | None if a.optional => {
                        out.insert(a.name.clone(), a.default.clone().unwrap_or(Value::Null));
                    }
                    Some(v) => {
                        out.insert(a.name.clone(), convert(v, &a.ty));
                    }
                    // A required attribute is missing: Terraform rejects the value.
                    None => {
                        return Value::Error(format!("the attribute \"{}\" is required", a.name));
                    }
                }
            }
            Value::Map(out)
        }
        (_, v) => v,
    }
}
