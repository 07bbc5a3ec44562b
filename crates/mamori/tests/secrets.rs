//! A finding about a plaintext credential names the variable and never prints its value, in
//! any output format or language.

use std::process::Command;

const ACCESS_KEY: &str = "AKIAZ7Q4TXMPLE3K9VQD";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq81mGd3Tk";
const PASSWORD: &str = "Tr0ub4dor&3-horse-battery";

fn task_definition() -> String {
    // Each variable on one line, the way many task definitions are written: quoting the line
    // of a finding would print the value.
    format!(
        r#"{{
  "family": "billing",
  "taskRoleArn": "arn:aws:iam::123456789012:role/billing-task",
  "containerDefinitions": [
    {{
      "name": "billing",
      "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/billing:3.2.1",
      "environment": [
        {{"name": "AWS_ACCESS_KEY_ID", "value": "{ACCESS_KEY}"}},
        {{"name": "AWS_SECRET_ACCESS_KEY", "value": "{SECRET_KEY}"}},
        {{"name": "DB_PASSWORD", "value": "{PASSWORD}"}}
      ]
    }}
  ]
}}
"#
    )
}

#[test]
fn secret_values_are_never_printed() {
    let dir = std::env::temp_dir().join(format!("mamori-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("register-task-definition.json");
    std::fs::write(&file, task_definition()).unwrap();
    let mut rules_seen = Vec::new();
    for format in [
        "text",
        "json",
        "sarif",
        "junit",
        "csv",
        "markdown",
        "gitlab-sast",
        "html",
    ] {
        for lang in ["en", "ja"] {
            let out = Command::new(env!("CARGO_BIN_EXE_mamori"))
                .args([
                    "scan",
                    "--format",
                    format,
                    "--lang",
                    lang,
                    "--color",
                    "always",
                    "--show-unknown",
                ])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1));
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            for secret in [ACCESS_KEY, SECRET_KEY, PASSWORD] {
                // As written, and as HTML or XML would escape it.
                let escaped = secret.replace('&', "&amp;");
                assert!(
                    !all.contains(secret) && !all.contains(&escaped),
                    "{format}/{lang} printed a secret:\n{all}"
                );
            }
            for rule in ["MAM-ECS-008", "MAM-ECS-018"] {
                if all.contains(rule) {
                    rules_seen.push(rule);
                }
            }
            // The variables are named.
            assert!(
                all.contains("DB_PASSWORD") && all.contains("AWS_SECRET_ACCESS_KEY"),
                "{all}"
            );
        }
    }
    assert!(rules_seen.contains(&"MAM-ECS-008") && rules_seen.contains(&"MAM-ECS-018"));
    std::fs::remove_dir_all(&dir).ok();
}
