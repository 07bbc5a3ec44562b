use super::*;
use mamori_model::State;

fn read(text: &str) -> (Option<Dockerfile>, AdapterOutput) {
    let file = SourceFile::new("Dockerfile", text.to_string());
    let mut out = adapt(&file);
    let d = match out.resources.pop() {
        Some(Resource::Dockerfile(d)) => Some(*d),
        _ => None,
    };
    (d, out)
}

fn line(o: &Origin) -> u32 {
    o.location().unwrap().span.start_line
}

#[test]
fn stages_aliases_platforms_and_arg_defaults() {
    let (d, out) = read(
        "ARG BASE=node\nARG TAG\nFROM --platform=$BUILDPLATFORM ${BASE}:20-alpine AS Build\nRUN npm ci\nFROM build AS test\nFROM $BASE:$TAG\nFROM scratch\n",
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let d = d.unwrap();
    assert_eq!(d.global_args.len(), 2);
    let s = &d.stages;
    assert_eq!(s.len(), 4);
    assert_eq!(s[0].alias.as_deref(), Some("build"));
    assert_eq!(s[0].platform.as_deref(), Some("$BUILDPLATFORM"));
    assert_eq!(s[0].image.value().map(String::as_str), Some("node:20-alpine"));
    match &s[0].base {
        StageBase::Image(r) => assert_eq!(
            (r.repository.as_str(), r.tag.as_deref()),
            ("library/node", Some("20-alpine"))
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(s[1].base, StageBase::Stage(0));
    assert!(s[2].image.is_unknown());
    assert!(s[2].image.unknown_reason().unwrap().contains("`TAG`"));
    assert!(matches!(s[2].base, StageBase::Unknown(_)));
    assert_eq!(s[3].base, StageBase::Scratch);
    assert_eq!(line(&s[2].from.origin), 6);
}

#[test]
fn run_commands_point_at_their_own_lines() {
    let (d, _) = read(
        "FROM debian:12\nRUN apt-get update \\\n    # refresh\n    && apt-get install -y curl \\\n    && curl -k https://x\n",
    );
    let d = d.unwrap();
    let Body::Run(cmds) = &d.stages[0].instructions[0].body else {
        panic!()
    };
    assert_eq!(cmds.len(), 3);
    assert_eq!(cmds[1].program(), Some("apt-get"));
    assert_eq!(line(&cmds[2].words[1].origin), 5);
    assert_eq!(cmds[2].words[1].text, "-k");
    assert_eq!(line(&d.stages[0].instructions[0].origin), 2);
}

#[test]
fn heredocs_exec_form_and_shell_c() {
    let (d, out) = read(
        "FROM alpine:3.20\nRUN <<EOF\nset -e\napk update\nEOF\nRUN python3 <<EOF\nimport os\nEOF\nRUN [\"sh\", \"-c\", \"apk add curl && wget --no-check-certificate x\"]\nRUN [\"apk\", \"add\", \"git\"]\n",
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let d = d.unwrap();
    let runs: Vec<&Vec<Command>> = d.stages[0]
        .instructions
        .iter()
        .map(|i| match &i.body {
            Body::Run(c) => c,
            _ => panic!(),
        })
        .collect();
    let progs = |c: &Vec<Command>| {
        c.iter()
            .map(|c| c.program().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(progs(runs[0]), ["set", "apk"]);
    assert_eq!(line(&runs[0][1].words[0].origin), 4);
    assert_eq!(progs(runs[1]), ["python3"]);
    assert_eq!(progs(runs[2]), ["apk", "wget"]);
    assert!(d.stages[0].instructions[3].exec_form);
    assert_eq!(progs(runs[3]), ["apk"]);
}

#[test]
fn user_workdir_env_arg_expose_healthcheck_add_copy() {
    let (d, out) = read(
        "FROM alpine:3.20 AS base\nENV APP_USER=app HOME=/home/app\nFROM base\nARG DIR\nENV DB_PASSWORD=\"s3cr3t value\" LEGACY=1\nENV OLD some words\nUSER ${APP_USER}:app\nWORKDIR $HOME/srv\nWORKDIR $DIR\nEXPOSE 22/tcp 8080\nHEALTHCHECK NONE\nADD --chown=app files.tar.gz https://example.com/x /opt/\nCOPY --from=Base /a /b\n",
    );
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    assert_eq!(out.sensitive, ["s3cr3t value"]);
    let d = d.unwrap();
    let s = &d.stages[1];
    let bodies: Vec<&Body> = s.instructions.iter().map(|i| &i.body).collect();
    let Body::Env(env) = bodies[1] else { panic!() };
    assert_eq!(env[0].name, "DB_PASSWORD");
    assert_eq!(env[0].value.value().map(String::as_str), Some("s3cr3t value"));
    let Body::Env(old) = bodies[2] else { panic!() };
    assert_eq!(
        (old[0].name.as_str(), old[0].value.value().map(String::as_str)),
        ("OLD", Some("some words"))
    );
    let Body::User(u) = bodies[3] else { panic!() };
    assert_eq!(u.value().map(String::as_str), Some("app:app"));
    let Body::Workdir(w) = bodies[4] else { panic!() };
    assert_eq!(w.value().map(String::as_str), Some("/home/app/srv"));
    let Body::Workdir(w) = bodies[5] else { panic!() };
    assert!(matches!(w.state, State::Unknown(_)));
    let Body::Expose(p) = bodies[6] else { panic!() };
    assert_eq!(
        p.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        ["22/tcp", "8080"]
    );
    assert_eq!(bodies[7], &Body::Healthcheck { none: true });
    let Body::Add { sources } = bodies[8] else { panic!() };
    assert_eq!(sources.len(), 2);
    let Body::Copy { from, .. } = bodies[9] else { panic!() };
    assert_eq!(from.as_deref(), Some("base"));
    assert_eq!(d.final_chain().len(), 2);
}

#[test]
fn escape_directive_and_windows_paths() {
    let (d, out) =
        read("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\nRUN dir `\n  C:\\\n");
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let d = d.unwrap();
    let Body::Workdir(w) = &d.stages[0].instructions[0].body else {
        panic!()
    };
    assert_eq!(w.value().map(String::as_str), Some("C:\\app"));
    assert_eq!(d.stages[0].instructions.len(), 2);
}

#[test]
fn malformed_input_gives_diagnostics_not_a_crash() {
    let (d, out) = read("FROM alpine:3.20\nFROBNICATE now\nRUN <<EOF\necho never closed\n");
    assert!(d.is_some());
    let msgs: Vec<(u32, &str)> = out.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
    assert!(
        msgs.iter()
            .any(|(l, m)| *l == 2 && m.contains("unknown instruction `FROBNICATE`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|(l, m)| *l == 3 && m.contains("not closed")),
        "{msgs:?}"
    );
    let (d, out) = read("RUN echo\n");
    assert!(d.is_none());
    assert!(!out.diagnostics.is_empty());
    for text in [
        "",
        "FROM",
        "FROM a AS",
        "\\",
        "FROM a\nRUN \"unclosed",
        "FROM a\nUSER ${X",
        "FROM a\nRUN <<",
        "ARG\nFROM $",
    ] {
        let _ = read(text);
    }
}

#[test]
fn names_and_content_recognise_dockerfiles() {
    for n in [
        "Dockerfile",
        "Containerfile",
        "Dockerfile.prod",
        "api.Dockerfile",
        "x.dockerfile",
        "Containerfile.dev",
        "Dockerfile.j2",
    ] {
        assert!(is_dockerfile_name(Path::new(n)), "{n}");
    }
    for n in [
        "Dockerfile.dockerignore",
        "dockerfile.md",
        "main.tf",
        "Dockerfiles",
        "pkg/dockerfile.go",
        "Dockerfile.py",
    ] {
        assert!(!is_dockerfile_name(Path::new(n)), "{n}");
    }
    assert!(sniff(
        "# syntax=docker/dockerfile:1\nARG V=1\nFROM alpine:$V\nRUN true\n"
    ));
    assert!(sniff("from alpine as x\ncmd [\"sh\"]\n"));
    assert!(!sniff("From the start, this is prose.\n"));
    assert!(!sniff("resource \"aws_ecs_cluster\" \"x\" {\n  name = \"FROM\"\n}\n"));
    assert!(!sniff("FROM: alpine\nkind: Pod\n"));
    assert!(!sniff("# Title\n\nFROM alpine\n\nSome text here\n"));
}

#[test]
fn no_prefix_or_garbage_makes_the_reader_panic() {
    let rich = "# syntax=docker/dockerfile:1\n# escape=`\nARG BASE=ａｌｐｉｎｅ:3.20\nFROM --platform=$BUILDPLATFORM ${BASE:-x} AS ビルド\nRUN echo \"héllo\" `\n  # コメント\n  && curl -k 'https://x' | sh ; (cd /x && make) \\\n\nRUN <<-EOF bash\n\tapk update\n\tEOF\nCOPY --from=ビルド [\"/a\", \"/b\"]\nENV A=\"1 2\" B='3' C\nUSER ${U:+x}:${G-0}\nWORKDIR ${D%%x}\nEXPOSE 22/tcp 1-2\nHEALTHCHECK NONE\nADD --checksum=sha256:00 https://x/y.tar.gz /\n";
    for (i, _) in rich.char_indices() {
        let _ = read(&rich[..i]);
        let _ = sniff(&rich[..i]);
        let _ = crate::comments::lex(&rich[..i], crate::comments::Lexer::Dockerfile);
    }
    // Pseudo-random text over the characters that matter to the reader.
    let alphabet: Vec<char> = "FROM RUN USER ARG ENV <<EOF\n\\`\"'$%{}[]#=:-/ \t\r&|;()あ"
        .chars()
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut s = String::new();
        for _ in 0..200 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let _ = read(&s);
        let _ = read(&format!("FROM a\n{s}"));
        let _ = crate::comments::lex(&s, crate::comments::Lexer::Dockerfile);
    }
}
