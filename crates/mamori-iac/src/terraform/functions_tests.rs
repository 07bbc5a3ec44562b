//! Terraform's built-in functions against the examples of Terraform's documentation
//! (developer.hashicorp.com/terraform/language/functions), with the values it gives.

use super::build_module;
use super::eval::{Eval, Module};
use super::value::Value;
use crate::source::SourceFile;
use hcl_edit::structure::Body;
use std::path::Path;

/// Evaluates `expr` in a module of the folder `dir`.
fn eval_in(dir: &Path, expr: &str) -> Value {
    let main = SourceFile::new("main.tf", format!("locals {{\n  result = {expr}\n}}\n"));
    let files: Vec<(&SourceFile, Body)> = vec![(&main, hcl_edit::parser::parse_body(&main.text).unwrap())];
    let mut m: Module<'_> = build_module(&files, &[], Default::default());
    m.dir = dir.to_path_buf();
    let e = *m.locals.get("result").unwrap();
    Eval::new(&m, Vec::new()).eval(e)
}

fn eval(expr: &str) -> Value {
    eval_in(Path::new("."), expr)
}

/// Evaluates a Terraform expression written as the expected value (`["a", "b"]`, `{ a = 1 }`).
fn want(expr: &str) -> Value {
    let v = eval(expr);
    assert!(v.is_wholly_known(), "{expr}: {v:?}");
    v
}

/// Asserts that every `(expression, expected)` pair evaluates alike.
fn check(cases: &[(&str, &str)]) {
    for (expr, expected) in cases {
        assert_eq!(eval(expr), want(expected), "{expr}");
    }
}

fn error(expr: &str) -> String {
    match eval(expr) {
        Value::Error(e) => e,
        v => panic!("{expr}: expected an error, got {v:?}"),
    }
}

#[test]
fn string_functions() {
    check(&[
        (r#"chomp("hello\n")"#, r#""hello""#),
        (r#"chomp("hello\r\n")"#, r#""hello""#),
        (r#"chomp("hello\n\n")"#, r#""hello""#),
        (r#"endswith("hello world", "world")"#, "true"),
        (r#"endswith("hello world", "hello")"#, "false"),
        (r#"format("Hello, %s!", "Ander")"#, r#""Hello, Ander!""#),
        (r#"format("There are %d lights", 4)"#, r#""There are 4 lights""#),
        (
            r#"formatlist("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"])"#,
            r#"["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"]"#,
        ),
        (
            r#"formatlist("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"])"#,
            r#"["Salutations, Valentina!", "Salutations, Ander!", "Salutations, Olivia!", "Salutations, Sam!"]"#,
        ),
        (
            r#"indent(2, "[\n  foo,\n  bar,\n]\n")"#,
            r#""[\n    foo,\n    bar,\n  ]\n  ""#,
        ),
        (r#"join("-", ["foo", "bar", "baz"])"#, r#""foo-bar-baz""#),
        (r#"join(", ", ["foo"])"#, r#""foo""#),
        (r#"lower("HELLO")"#, r#""hello""#),
        (r#"lower("АЛЛО!")"#, r#""алло!""#),
        (r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#, r#""aaabbbccc""#),
        (
            r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#,
            r#"["2019", "02", "01"]"#,
        ),
        (
            r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#,
            r#"{ authority = "terraform.io", scheme = "https" }"#,
        ),
        (r#"regexall("[a-z]+", "1234abcd5678efgh9")"#, r#"["abcd", "efgh"]"#),
        (r#"length(regexall("[a-z]+", "1234abcd5678efgh9"))"#, "2"),
        (r#"length(regexall("[a-z]+", "123456789")) > 0"#, "false"),
        (r#"replace("1 + 2 + 3", "+", "-")"#, r#""1 - 2 - 3""#),
        (
            r#"replace("hello world", "/w.*d/", "everybody")"#,
            r#""hello everybody""#,
        ),
        (r#"split(",", "foo,bar,baz")"#, r#"["foo", "bar", "baz"]"#),
        (r#"split(",", "foo")"#, r#"["foo"]"#),
        (r#"split(",", "")"#, r#"[""]"#),
        (r#"startswith("hello world", "hello")"#, "true"),
        (r#"startswith("hello world", "world")"#, "false"),
        (r#"strcontains("hello world", "wor")"#, "true"),
        (r#"strcontains("hello world", "wod")"#, "false"),
        (r#"strrev("hello")"#, r#""olleh""#),
        (r#"strrev("a ☃")"#, r#""☃ a""#),
        (r#"substr("hello world", 1, 4)"#, r#""ello""#),
        (r#"substr("🤔🤷", 0, 1)"#, r#""🤔""#),
        (r#"substr("hello world", -5, -1)"#, r#""world""#),
        (r#"substr("hello world", 6, 10)"#, r#""world""#),
        (r#"title("hello world")"#, r#""Hello World""#),
        (r#"trim("?!hello?!", "!?")"#, r#""hello""#),
        (r#"trim("foobar", "far")"#, r#""oob""#),
        (r#"trim("   hello! world.!  ", "! ")"#, r#""hello! world.""#),
        (r#"trimprefix("helloworld", "hello")"#, r#""world""#),
        (r#"trimprefix("helloworld", "cat")"#, r#""helloworld""#),
        (r#"trimsuffix("helloworld", "world")"#, r#""hello""#),
        (r#"trimspace("  hello\n\n")"#, r#""hello""#),
        (r#"upper("hello")"#, r#""HELLO""#),
        (r#"upper("алло!")"#, r#""АЛЛО!""#),
    ]);
    assert!(error(r#"regex("[a-z]+", "53453453.34534523454")"#).contains("does not match"));
}

#[test]
fn collection_functions() {
    check(&[
        (r#"alltrue(["true", true])"#, "true"),
        ("alltrue([true, false])", "false"),
        ("alltrue([])", "true"),
        (r#"anytrue(["true"])"#, "true"),
        ("anytrue([true, false])", "true"),
        ("anytrue([])", "false"),
        (
            r#"chunklist(["a", "b", "c", "d", "e"], 2)"#,
            r#"[["a", "b"], ["c", "d"], ["e"]]"#,
        ),
        (
            r#"chunklist(["a", "b", "c", "d", "e"], 1)"#,
            r#"[["a"], ["b"], ["c"], ["d"], ["e"]]"#,
        ),
        (r#"coalesce("a", "b")"#, r#""a""#),
        (r#"coalesce("", "b")"#, r#""b""#),
        ("coalesce(1, 2)", "1"),
        (r#"coalesce(["", "b"]...)"#, r#""b""#),
        (r#"coalesce(1, "hello")"#, r#""1""#),
        (r#"coalescelist(["a", "b"], ["c", "d"])"#, r#"["a", "b"]"#),
        (r#"coalescelist([], ["c", "d"])"#, r#"["c", "d"]"#),
        (r#"compact(["a", "", "b", null, "c"])"#, r#"["a", "b", "c"]"#),
        (r#"concat(["a", ""], ["b", "c"])"#, r#"["a", "", "b", "c"]"#),
        (r#"contains(["a", "b", "c"], "a")"#, "true"),
        (r#"contains(["a", "b", "c"], "d")"#, "false"),
        (r#"distinct(["a", "b", "a", "c", "d", "b"])"#, r#"["a", "b", "c", "d"]"#),
        (r#"element(["a", "b", "c"], 1)"#, r#""b""#),
        (r#"element(["a", "b", "c"], 3)"#, r#""a""#),
        (r#"element(["a", "b", "c"], length(["a", "b", "c"]) - 1)"#, r#""c""#),
        (r#"flatten([["a", "b"], [], ["c"]])"#, r#"["a", "b", "c"]"#),
        (r#"flatten([[["a", "b"], []], ["c"]])"#, r#"["a", "b", "c"]"#),
        (r#"index(["a", "b", "c"], "b")"#, "1"),
        (r#"keys({ a = 1, c = 2, d = 3 })"#, r#"["a", "c", "d"]"#),
        ("length([])", "0"),
        (r#"length(["a", "b"])"#, "2"),
        (r#"length({ "a" = "b" })"#, "1"),
        (r#"length("hello")"#, "5"),
        (r#"length("👾🕹️")"#, "2"),
        (r#"lookup({ a = "ay", b = "bee" }, "a", "what?")"#, r#""ay""#),
        (r#"lookup({ a = "ay", b = "bee" }, "c", "what?")"#, r#""what?""#),
        (
            r#"matchkeys(["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"])"#,
            r#"["i-abc", "i-def"]"#,
        ),
        (
            r#"merge({ a = "b", c = "d" }, { e = "f", c = "z" })"#,
            r#"{ a = "b", c = "z", e = "f" }"#,
        ),
        (
            r#"merge({ a = "b" }, { a = [1, 2], c = "z" }, { d = 3 })"#,
            r#"{ a = [1, 2], c = "z", d = 3 }"#,
        ),
        ("one([])", "null"),
        (r#"one(["hello"])"#, r#""hello""#),
        ("range(3)", "[0, 1, 2]"),
        ("range(1, 4)", "[1, 2, 3]"),
        ("range(1, 8, 2)", "[1, 3, 5, 7]"),
        ("range(1, 4, 0.5)", "[1, 1.5, 2, 2.5, 3, 3.5]"),
        ("range(4, 1)", "[4, 3, 2]"),
        ("range(10, 5, -2)", "[10, 8, 6]"),
        ("reverse([1, 2, 3])", "[3, 2, 1]"),
        (r#"setintersection(["a", "b"], ["b", "c"], ["b", "d"])"#, r#"["b"]"#),
        (
            r#"setproduct(["development", "staging", "production"], ["app1", "app2"])"#,
            r#"[["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"], ["production", "app1"], ["production", "app2"]]"#,
        ),
        (r#"setproduct(["foo", "bar"], [])"#, "[]"),
        (r#"setsubtract(["a", "b", "c"], ["a", "c"])"#, r#"["b"]"#),
        (r#"setunion(["a", "b"], ["b", "c"], ["d"])"#, r#"["a", "b", "c", "d"]"#),
        (r#"slice(["a", "b", "c", "d"], 1, 3)"#, r#"["b", "c"]"#),
        (r#"sort(["e", "d", "a", "x"])"#, r#"["a", "d", "e", "x"]"#),
        ("sum([10, 13, 6, 4.5])", "33.5"),
        (
            r#"transpose({ "a" = ["1", "2"], "b" = ["2", "3"] })"#,
            r#"{ "1" = ["a"], "2" = ["a", "b"], "3" = ["b"] }"#,
        ),
        ("values({ a = 3, c = 2, d = 1 })", "[3, 2, 1]"),
        (r#"zipmap(["a", "b"], [1, 2])"#, "{ a = 1, b = 2 }"),
    ]);
    assert!(error(r#"one(["hello", "goodbye"])"#).contains("more than one"));
    assert!(error(r#"index(["a", "b", "c"], "z")"#).contains("not in the list"));
}

#[test]
fn numeric_functions() {
    check(&[
        ("abs(23)", "23"),
        ("abs(0)", "0"),
        ("abs(-12.4)", "12.4"),
        ("ceil(5)", "5"),
        ("ceil(5.1)", "6"),
        ("floor(5)", "5"),
        ("floor(4.9)", "4"),
        ("log(16, 2)", "4"),
        ("max(12, 54, 3)", "54"),
        ("max([12, 54, 3]...)", "54"),
        ("min(12, 54, 3)", "3"),
        (r#"parseint("100", 10)"#, "100"),
        (r#"parseint("FF", 16)"#, "255"),
        (r#"parseint("-10", 16)"#, "-16"),
        (r#"parseint("1011111011101111", 2)"#, "48879"),
        (r#"parseint("aA", 62)"#, "656"),
        ("pow(3, 2)", "9"),
        ("pow(4, 0)", "1"),
        ("signum(-13)", "-1"),
        ("signum(0)", "0"),
        ("signum(344)", "1"),
    ]);
    assert_eq!(eval("log(50, 10)"), Value::Number(50f64.ln() / 10f64.ln()));
    assert!(error(r#"parseint("12", 2)"#).contains("not a number in base 2"));
}

#[test]
fn encoding_functions() {
    check(&[
        (r#"base64decode("SGVsbG8gV29ybGQ=")"#, r#""Hello World""#),
        (r#"base64encode("Hello World")"#, r#""SGVsbG8gV29ybGQ=""#),
        (
            r#"csvdecode("a,b,c\n1,2,3\n4,5,6")"#,
            r#"[{ a = "1", b = "2", c = "3" }, { a = "4", b = "5", c = "6" }]"#,
        ),
        (r#"jsondecode("{\"hello\": \"world\"}")"#, r#"{ hello = "world" }"#),
        (r#"jsondecode("true")"#, "true"),
        (r#"jsonencode({ "hello" = "world" })"#, r#""{\"hello\":\"world\"}""#),
        (
            r#"jsonencode({ html = "<a>&" })"#,
            r#""{\"html\":\"\\u003ca\\u003e\\u0026\"}""#,
        ),
        (r#"urlencode("Hello World!")"#, r#""Hello+World%21""#),
        (r#"urlencode("☃")"#, r#""%E2%98%83""#),
        (
            r#"urlencode("foo:bar@localhost?foo=bar&bar=baz")"#,
            r#""foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz""#,
        ),
        (r#"yamldecode("hello: world")"#, r#"{ hello = "world" }"#),
        (r#"yamldecode("true")"#, "true"),
        (
            r#"yamldecode("{a: &foo [1, 2, 3], b: *foo}")"#,
            "{ a = [1, 2, 3], b = [1, 2, 3] }",
        ),
        (
            r#"yamlencode({ "a" = "b", "c" = "d" })"#,
            r#""\"a\": \"b\"\n\"c\": \"d\"\n""#,
        ),
        (
            r#"yamlencode({ "foo" = [1, 2, 3], "bar" = "baz" })"#,
            r#""\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n""#,
        ),
        (
            r#"yamlencode({ "foo" = [1, { "a" = "b", "c" = "d" }, 3], "bar" = "baz" })"#,
            r#""\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n""#,
        ),
    ]);
    assert!(error(r#"yamldecode("{a: &foo [1, *foo, 3]}")"#).contains("anchor"));
    assert!(error(r#"yamldecode("{a: !not-supported foo}")"#).contains("unsupported YAML tag"));
    // A decoded value is a value like any other: containers written in YAML are read.
    assert_eq!(
        eval(r#"yamldecode(yamlencode({ name = "app", privileged = true }))"#),
        want(r#"{ name = "app", privileged = true }"#)
    );
}

#[test]
fn ip_network_functions() {
    check(&[
        (r#"cidrhost("10.12.112.0/20", 16)"#, r#""10.12.112.16""#),
        (r#"cidrhost("10.12.112.0/20", 268)"#, r#""10.12.113.12""#),
        (
            r#"cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)"#,
            r#""fd00:fd12:3456:7890::22""#,
        ),
        (r#"cidrnetmask("172.16.0.0/12")"#, r#""255.240.0.0""#),
        (r#"cidrsubnet("172.16.0.0/12", 4, 2)"#, r#""172.18.0.0/16""#),
        (r#"cidrsubnet("10.1.2.0/24", 4, 15)"#, r#""10.1.2.240/28""#),
        (
            r#"cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)"#,
            r#""fd00:fd12:3456:7800:a200::/72""#,
        ),
        (
            r#"cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)"#,
            r#"["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]"#,
        ),
        (
            r#"[for cidr_block in cidrsubnets("10.0.0.0/8", 8, 8) : cidrsubnets(cidr_block, 4, 4)]"#,
            r#"[["10.0.0.0/20", "10.0.16.0/20"], ["10.1.0.0/20", "10.1.16.0/20"]]"#,
        ),
    ]);
}

#[test]
fn type_conversion_functions() {
    check(&[
        ("tobool(true)", "true"),
        (r#"tobool("true")"#, "true"),
        ("tobool(null)", "null"),
        (r#"tolist(["a", "b", "c"])"#, r#"["a", "b", "c"]"#),
        (r#"tolist(["a", "b", 3])"#, r#"["a", "b", "3"]"#),
        (r#"tomap({ "a" = 1, "b" = 2 })"#, "{ a = 1, b = 2 }"),
        (r#"tomap({ "a" = "foo", "b" = true })"#, r#"{ a = "foo", b = "true" }"#),
        ("tonumber(1)", "1"),
        (r#"tonumber("1")"#, "1"),
        ("tonumber(null)", "null"),
        (r#"toset(["a", "b", "c"])"#, r#"["a", "b", "c"]"#),
        (r#"toset(["c", "b", "b"])"#, r#"["b", "c"]"#),
        (r#"toset(["a", "b", 3])"#, r#"["3", "a", "b"]"#),
        (r#"tostring("hello")"#, r#""hello""#),
        ("tostring(1)", r#""1""#),
        ("tostring(true)", r#""true""#),
        ("tostring(null)", "null"),
        (r#"sensitive("secret")"#, r#""secret""#),
        (r#"nonsensitive(sensitive("secret"))"#, r#""secret""#),
    ]);
    assert!(eval(r#"tobool("no")"#).is_error());
    assert!(eval("tobool(1)").is_error());
    assert!(eval(r#"tonumber("no")"#).is_error());
    assert!(eval("tostring([])").is_error());
}

#[test]
fn try_and_can_as_the_documentation_shows() {
    let locals = "{ foo = { bar = \"baz\" } }";
    assert_eq!(eval(&format!("try({locals}.foo.bar, \"fallback\")")), Value::str("baz"));
    assert_eq!(
        eval(&format!("try({locals}.foo.boop, \"fallback\")")),
        Value::str("fallback")
    );
    assert_eq!(eval(&format!("can({locals}.foo.bar)")), Value::Bool(true));
    assert_eq!(eval(&format!("can({locals}.foo.boop)")), Value::Bool(false));
    assert_eq!(eval(r#"can(regex("^ami-", "ami-123"))"#), Value::Bool(true));
    assert_eq!(eval(r#"can(regex("^ami-", "img-123"))"#), Value::Bool(false));
}

#[test]
fn filesystem_functions() {
    let dir = std::env::temp_dir().join(format!("mamori-fileset-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("files/sub")).unwrap();
    for f in [
        "files/hello.txt",
        "files/world.txt",
        "files/sub/deep.txt",
        "files/other.json",
    ] {
        std::fs::write(dir.join(f), "hi").unwrap();
    }
    std::fs::write(dir.join("tpl.tftpl"), "Hello, ${name}!").unwrap();
    let e = |expr: &str| eval_in(&dir, expr);
    assert_eq!(
        e(r#"fileset(path.module, "files/*.txt")"#),
        want(r#"["files/hello.txt", "files/world.txt"]"#)
    );
    assert_eq!(
        e(r#"fileset(path.module, "files/{hello,world}.txt")"#),
        want(r#"["files/hello.txt", "files/world.txt"]"#)
    );
    assert_eq!(
        e(r#"fileset("${path.module}/files", "*")"#),
        want(r#"["hello.txt", "other.json", "world.txt"]"#)
    );
    assert_eq!(
        e(r#"fileset("${path.module}/files", "**")"#),
        want(r#"["hello.txt", "other.json", "sub/deep.txt", "world.txt"]"#)
    );
    assert_eq!(e(r#"fileset(path.module, "nothing/*")"#), want("[]"));
    assert_eq!(e(r#"filebase64("files/hello.txt")"#), Value::str("aGk="));
    assert_eq!(e(r#"fileexists("files/hello.txt")"#), Value::Bool(true));
    assert_eq!(
        e(r#"templatefile("tpl.tftpl", { name = "Ander" })"#),
        Value::str("Hello, Ander!")
    );
    assert_eq!(
        e(r#"templatestring(file("tpl.tftpl"), { name = "Olivia" })"#),
        Value::str("Hello, Olivia!")
    );
    match e(r#"abspath("files/../files/hello.txt")"#) {
        Value::String(p) => {
            assert!(Path::new(&p).is_absolute(), "{p}");
            assert!(p.ends_with("/files/hello.txt") && !p.contains(".."), "{p}");
        }
        v => panic!("{v:?}"),
    }
    check(&[
        (r#"basename("foo/bar/baz.txt")"#, r#""baz.txt""#),
        (r#"dirname("foo/bar/baz.txt")"#, r#""foo/bar""#),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn functions_the_scanner_does_not_compute_are_unknown_with_their_name() {
    for f in [
        "timestamp()",
        "uuid()",
        "bcrypt(\"x\")",
        "sha256(\"x\")",
        "md5(\"x\")",
        "base64gzip(\"x\")",
        "pathexpand(\"~/x\")",
    ] {
        let name = &f[..f.find('(').unwrap()];
        assert_eq!(
            eval(f),
            Value::Unknown(format!("function {name}() is not evaluated")),
            "{f}"
        );
    }
}

#[test]
fn unknown_arguments_give_unknown_results() {
    for f in [
        "cidrsubnet(var.x, 4, 2)",
        "yamldecode(var.x)",
        "regex(\"a\", var.x)",
        "base64decode(var.x)",
        "setproduct([\"a\"], var.x)",
        "formatlist(\"%s\", var.x)",
        "parseint(var.x, 10)",
    ] {
        let src = format!("variable \"x\" {{}}\nlocals {{\n  result = {f}\n}}\n");
        let main = SourceFile::new("main.tf", src);
        let files: Vec<(&SourceFile, Body)> = vec![(&main, hcl_edit::parser::parse_body(&main.text).unwrap())];
        let m = build_module(&files, &[], Default::default());
        let v = Eval::new(&m, Vec::new()).eval(m.locals.get("result").unwrap());
        assert!(matches!(v, Value::Unknown(_)), "{f}: {v:?}");
    }
}
