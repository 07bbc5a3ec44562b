//! IAM policy documents from a [`Doc`], for every source that writes one: a CloudFormation
//! `AssumeRolePolicyDocument` (a mapping or a JSON string), a Terraform `jsonencode(…)`, heredoc
//! or `file(…)`, and a Terraform `aws_iam_policy_document` data source (turned into the same
//! document shape by the Terraform adapter). The grammar is read once, here.
//!
//! `Statement`, `Action`, `Resource` and each principal type take a single value or a list;
//! both become lists. `Condition` becomes one item per operator and key.

use crate::doc::{Doc, DocValue, ref_attr, str_attr};
use crate::source::SourceFile;
use mamori_model::iam::{Condition, PolicyDocument, PolicyStatement, Principal};
use mamori_model::{Attr, Origin};

/// Marks the part of a rendered string that an unknown interpolation left (the Terraform
/// adapter's lenient rendering: `\u{1}0\u{1}:sub`).
const PLACEHOLDER: char = '\u{1}';

/// Reads a policy document.
pub fn document(d: &Doc) -> Attr<PolicyDocument> {
    match &d.value {
        DocValue::Null => Attr::absent(d.origin.clone()),
        // The IAM API returns documents URL-encoded (RFC 3986); the AWS CLI decodes them.
        DocValue::Str(text) if text.trim_start().starts_with('%') => match percent_decode(text.trim()) {
            Some(decoded) => document(&Doc::new(DocValue::Str(decoded), d.origin.clone())),
            None => Attr::unknown("the URL-encoded policy document cannot be decoded", d.origin.clone()),
        },
        DocValue::Str(text) => match parse_json_text(text, &d.origin) {
            Ok(inner) => document(&inner),
            Err(why) => Attr::unknown(why, d.origin.clone()),
        },
        DocValue::Map(_) => Attr::set(
            PolicyDocument {
                origin: d.origin.clone(),
                version: str_attr(d.get("Version"), &d.origin),
                statements: statements(d.get("Statement"), &d.origin),
            },
            d.origin.clone(),
        ),
        _ => Attr::unknown(
            d.unknown_reason()
                .unwrap_or_else(|| format!("expected a mapping, found a {}", d.type_name())),
            d.origin.clone(),
        ),
    }
}

/// Decodes `%XX` escapes; `None` when an escape is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A policy written as a JSON string that cannot be mapped onto lines: every node points at
/// the string.
fn parse_json_text(text: &str, origin: &Origin) -> Result<Doc, String> {
    let file = SourceFile::new(std::sync::Arc::from("policy"), text.to_string());
    match crate::tree::parse_json(&file) {
        Ok(Some(node)) => Ok(relocate(crate::doc::from_tree(&file, &node), origin)),
        Ok(None) => Err("the policy document is empty".into()),
        Err(e) => Err(format!(
            "the policy document is not valid JSON (line {}, column {}: {})",
            e.line, e.col, e.message
        )),
    }
}

fn relocate(d: Doc, origin: &Origin) -> Doc {
    let value = match d.value {
        DocValue::List(items) => DocValue::List(items.into_iter().map(|i| relocate(i, origin)).collect()),
        DocValue::Map(entries) => DocValue::Map(
            entries
                .into_iter()
                .map(|(mut k, v)| {
                    k.origin = origin.clone();
                    (k, relocate(v, origin))
                })
                .collect(),
        ),
        v => v,
    };
    Doc::new(value, origin.clone())
}

fn statements(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<PolicyStatement>> {
    let Some(n) = node.filter(|n| !n.is_null()) else {
        return Attr::absent(parent.clone());
    };
    match &n.value {
        DocValue::Map(_) => Attr::set(vec![statement(n)], n.origin.clone()),
        DocValue::List(items) => Attr::set(items.iter().map(statement).collect(), n.origin.clone()),
        _ => Attr::unknown(
            n.unknown_reason()
                .unwrap_or_else(|| format!("`Statement` should be a list, found a {}", n.type_name())),
            n.origin.clone(),
        ),
    }
}

fn statement(s: &Doc) -> PolicyStatement {
    let mut st = PolicyStatement::new(s.origin.clone());
    if !s.is_map() {
        let why = s
            .unknown_reason()
            .unwrap_or_else(|| format!("expected a mapping, found a {}", s.type_name()));
        let o = s.origin.clone();
        st.effect = Attr::unknown(why.clone(), o.clone());
        st.principals = Attr::unknown(why.clone(), o.clone());
        st.actions = Attr::unknown(why.clone(), o.clone());
        st.resources = Attr::unknown(why.clone(), o.clone());
        st.conditions = Attr::unknown(why, o);
        return st;
    }
    let o = &s.origin;
    st.sid = str_attr(s.get("Sid"), o);
    st.effect = str_attr(s.get("Effect"), o);
    match (s.get("Principal"), s.get("NotPrincipal")) {
        (_, Some(np)) if !np.is_null() => {
            st.not_principal = true;
            st.principals = principals(Some(np), o);
        }
        (p, _) => st.principals = principals(p, o),
    }
    st.actions = one_or_many(s.get("Action"), o);
    st.not_actions = one_or_many(s.get("NotAction"), o);
    // A resource may be a reference to a resource of the scan (a key, a bucket): its address.
    st.resources = many(s.get("Resource"), o, ref_attr);
    st.not_resources = one_or_many(s.get("NotResource"), o);
    st.conditions = conditions(s.get("Condition"), o);
    st
}

/// A string or a list of strings, as a list.
fn one_or_many(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Attr<String>>> {
    many(node, parent, str_attr)
}

/// As [`one_or_many`], reading each item with `read` (references kept as addresses by
/// `ref_attr`).
fn many(
    node: Option<&Doc>,
    parent: &Origin,
    read: fn(Option<&Doc>, &Origin) -> Attr<String>,
) -> Attr<Vec<Attr<String>>> {
    let Some(n) = node.filter(|n| !n.is_null()) else {
        return Attr::absent(node.map_or_else(|| parent.clone(), |n| n.origin.clone()));
    };
    match &n.value {
        DocValue::List(items) => Attr::set(
            items.iter().map(|i| read(Some(i), &n.origin)).collect(),
            n.origin.clone(),
        ),
        _ => {
            let one = read(Some(n), parent);
            if one.is_unknown() && !matches!(n.value, DocValue::Str(_)) && n.text().is_none() {
                // An unknown value may stand for a whole list.
                return Attr::unknown(one.unknown_reason().unwrap_or_default(), n.origin.clone());
            }
            Attr::set(vec![one], n.origin.clone())
        }
    }
}

fn principals(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Principal>> {
    let Some(n) = node.filter(|n| !n.is_null()) else {
        return Attr::absent(node.map_or_else(|| parent.clone(), |n| n.origin.clone()));
    };
    match &n.value {
        DocValue::Str(s) => Attr::set(
            vec![Principal {
                origin: n.origin.clone(),
                kind: if s == "*" { "*".into() } else { "AWS".into() },
                value: Attr::set(s.clone(), n.origin.clone()),
            }],
            n.origin.clone(),
        ),
        DocValue::Map(entries) => {
            let mut out = Vec::new();
            for (k, v) in entries {
                match many(Some(v), &k.origin, ref_attr).state {
                    mamori_model::State::Set(values) => {
                        for value in values {
                            out.push(Principal {
                                origin: value.origin.clone(),
                                kind: k.text.clone(),
                                value,
                            })
                        }
                    }
                    mamori_model::State::Unknown(why) => out.push(Principal {
                        origin: v.origin.clone(),
                        kind: k.text.clone(),
                        value: Attr::unknown(why, v.origin.clone()),
                    }),
                    _ => {}
                }
            }
            Attr::set(out, n.origin.clone())
        }
        _ => Attr::unknown(
            n.unknown_reason()
                .unwrap_or_else(|| format!("expected a mapping, found a {}", n.type_name())),
            n.origin.clone(),
        ),
    }
}

fn conditions(node: Option<&Doc>, parent: &Origin) -> Attr<Vec<Condition>> {
    let Some(n) = node.filter(|n| !n.is_null()) else {
        return Attr::absent(node.map_or_else(|| parent.clone(), |n| n.origin.clone()));
    };
    let Some(operators) = n.entries() else {
        return Attr::unknown(
            n.unknown_reason()
                .unwrap_or_else(|| format!("expected a mapping, found a {}", n.type_name())),
            n.origin.clone(),
        );
    };
    let mut out = Vec::new();
    for (op, keys) in operators {
        let operator = key_attr(&op.text, &op.origin);
        match keys.entries() {
            Some(entries) => {
                for (k, v) in entries {
                    let (key, key_suffix) = match k.text.rfind(PLACEHOLDER) {
                        Some(i) => (
                            Attr::unknown(
                                "the condition key is computed at apply time".to_string(),
                                k.origin.clone(),
                            ),
                            Some(k.text[i + PLACEHOLDER.len_utf8()..].to_string()).filter(|s| !s.is_empty()),
                        ),
                        None => (Attr::set(k.text.clone(), k.origin.clone()), None),
                    };
                    out.push(Condition {
                        origin: k.origin.clone(),
                        operator: operator.clone(),
                        key,
                        key_suffix,
                        values: one_or_many(Some(v), &k.origin),
                    });
                }
            }
            None => {
                let why = keys
                    .unknown_reason()
                    .unwrap_or_else(|| format!("expected a mapping, found a {}", keys.type_name()));
                out.push(Condition {
                    origin: keys.origin.clone(),
                    operator,
                    key: Attr::unknown(why.clone(), keys.origin.clone()),
                    key_suffix: None,
                    values: Attr::unknown(why, keys.origin.clone()),
                });
            }
        }
    }
    Attr::set(out, n.origin.clone())
}

/// A mapping key that may hold a placeholder of an unknown interpolation.
fn key_attr(text: &str, origin: &Origin) -> Attr<String> {
    if text.contains(PLACEHOLDER) {
        Attr::unknown("the key is computed at apply time", origin.clone())
    } else {
        Attr::set(text.to_string(), origin.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::parse_yaml;

    fn read(yaml: &str) -> PolicyDocument {
        let file = SourceFile::new(std::sync::Arc::from("t.yaml"), yaml.to_string());
        let node = parse_yaml(&file).unwrap().remove(0);
        document(&crate::doc::from_tree(&file, &node)).value().unwrap().clone()
    }

    fn line<T>(a: &Attr<T>) -> u32 {
        a.origin.location().unwrap().span.start_line
    }

    #[test]
    fn statements_principals_and_conditions_with_their_lines() {
        let d = read(
            r#"Version: "2012-10-17"
Statement:
  - Sid: Irsa
    Effect: Allow
    Principal:
      Federated: arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC
    Action: sts:AssumeRoleWithWebIdentity
    Condition:
      StringLike:
        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:*"
      StringEquals:
        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": [sts.amazonaws.com]
"#,
        );
        let s = &d.statements.value().unwrap()[0];
        assert_eq!(s.label(0), "Irsa");
        assert_eq!(s.allows(), Some(true));
        assert_eq!(s.covers_action("sts:AssumeRoleWithWebIdentity"), Some(true));
        assert_eq!(s.covers_action("sts:AssumeRole"), Some(false));
        let fed: Vec<_> = s.principals_of("Federated").collect();
        assert_eq!(fed.len(), 1);
        assert_eq!(line(&fed[0].value), 6);
        let c = s.conditions.value().unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].key_ends_with(":sub"), Some(true));
        assert_eq!(c[0].base_operator().as_deref(), Some("StringLike"));
        assert_eq!(line(&c[0].values), 10);
        assert_eq!(c[1].values.value().unwrap()[0].value().unwrap(), "sts.amazonaws.com");
    }

    #[test]
    fn a_single_statement_a_star_principal_and_a_json_string() {
        let d = read("Statement:\n  Effect: Allow\n  Principal: \"*\"\n  Action: [\"sts:*\"]\n");
        let s = &d.statements.value().unwrap()[0];
        assert_eq!(s.label(0), "#1");
        assert_eq!(s.principals_of("*").count(), 1);
        assert_eq!(s.covers_action("sts:AssumeRoleWithWebIdentity"), Some(true));
        let d = read(
            "'{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": [\"pods.eks.amazonaws.com\"]}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]}]}'\n",
        );
        let s = &d.statements.value().unwrap()[0];
        assert_eq!(s.principals_of("Service").count(), 1);
        assert_eq!(line(&s.effect), 1);
    }

    #[test]
    fn a_url_encoded_document_as_the_iam_api_returns_it() {
        let d = read(
            "'%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D'\n",
        );
        let s = &d.statements.value().unwrap()[0];
        assert_eq!(s.covers_action("s3:GetObject"), Some(true));
        assert_eq!(s.resources.value().unwrap()[0].value().unwrap(), "*");
        assert!(percent_decode("%7").is_none());
    }

    #[test]
    fn a_key_with_an_unknown_start_keeps_its_literal_end() {
        let file = SourceFile::new(std::sync::Arc::from("t.yaml"), "{}".to_string());
        let o = file.origin_of(mamori_model::Span::default());
        let key = crate::doc::DocKey {
            text: format!("{PLACEHOLDER}0{PLACEHOLDER}:sub"),
            origin: o.clone(),
        };
        let v = Doc::new(DocValue::Str("system:serviceaccount:ns:app".into()), o.clone());
        let op = crate::doc::DocKey {
            text: "StringEquals".into(),
            origin: o.clone(),
        };
        let keys = Doc::new(DocValue::Map(vec![(key, v)]), o.clone());
        let c = conditions(Some(&Doc::new(DocValue::Map(vec![(op, keys)]), o.clone())), &o);
        let c = &c.value().unwrap()[0];
        assert!(c.key.is_unknown());
        assert_eq!(c.key_ends_with(":sub"), Some(true));
        assert_eq!(c.key_ends_with(":aud"), Some(false));
    }
}
