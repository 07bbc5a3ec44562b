//! Task definitions read from every way Terraform writes `container_definitions`, each value
//! pointing at the line that wrote it.

use mamori_iac::ScanOptions;
use mamori_model::ecs_task::{ContainerDefinition, EcsTaskDefinition};
use mamori_model::{Attr, Origin, Resource, State};
use std::path::Path;

fn scan(dir: &str) -> Vec<EcsTaskDefinition> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(dir);
    let input = mamori_iac::scan(&ScanOptions {
        paths: vec![root],
        stdin: None,
        ..Default::default()
    })
    .unwrap();
    assert!(
        input.diagnostics.iter().all(|d| d.level != mamori_iac::Level::Error),
        "{:?}",
        input.diagnostics
    );
    input
        .resources
        .into_iter()
        .filter_map(|r| match r {
            Resource::EcsTaskDefinition(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn td<'a>(all: &'a [EcsTaskDefinition], address: &str) -> &'a EcsTaskDefinition {
    all.iter().find(|t| t.meta.address == address).expect(address)
}

fn containers(t: &EcsTaskDefinition) -> &[ContainerDefinition] {
    t.containers.value().expect("containers are known")
}

/// `file:line:column` of a value, the file given by its name only.
fn at<T>(a: &Attr<T>) -> String {
    at_origin(&a.origin)
}

fn at_origin(o: &Origin) -> String {
    let l = o.location().expect("a source location");
    let name = Path::new(&*l.path).file_name().unwrap().to_string_lossy().to_string();
    format!("{name}:{}:{}", l.span.start_line, l.span.start_col)
}

#[test]
fn jsonencode_points_at_the_hcl_inside_it_and_follows_locals() {
    let all = scan("tf-task-definitions");
    let t = td(&all, "aws_ecs_task_definition.encoded");
    assert_eq!(t.pid_mode.explicit().map(String::as_str), Some("host"));
    assert_eq!(
        t.task_role_arn.explicit().map(String::as_str),
        Some("aws_iam_role.task")
    );
    assert_eq!(t.os_family.explicit().map(String::as_str), Some("LINUX"));
    let c = containers(t);
    assert_eq!(c.len(), 2);
    assert_eq!(at_origin(&c[0].origin), "main.tf:21:5");
    assert_eq!(c[0].privileged.explicit(), Some(&true));
    assert_eq!(at(&c[0].privileged), "main.tf:24:20");
    // An unset variable leaves the image unknown, not the container.
    assert!(c[0].image.is_unknown());
    // Absent fields point at the container's object.
    assert!(c[0].user.is_absent());
    assert_eq!(at(&c[0].user), "main.tf:21:5");
    let env = c[0].environment.value().unwrap();
    assert_eq!(env[0].name.explicit().map(String::as_str), Some("DB_PASSWORD"));
    assert_eq!(at(&env[0].value), "main.tf:26:41");
    // The second container is a local declared at the top of the file.
    assert_eq!(c[1].user.explicit().map(String::as_str), Some("0"));
    assert_eq!(at(&c[1].user), "main.tf:9:13");
    let v = t.volumes.value().unwrap();
    assert!(v[0].efs.value().is_some());
}

#[test]
fn heredoc_json_maps_lines_and_keeps_known_parts_of_a_partly_unknown_document() {
    let all = scan("tf-task-definitions");
    let c = containers(td(&all, "aws_ecs_task_definition.heredoc"));
    assert_eq!(at_origin(&c[0].origin), "main.tf:46:7");
    assert_eq!(c[0].user.explicit().map(String::as_str), Some("1000"));
    assert_eq!(at(&c[0].user), "main.tf:49:17");
    assert_eq!(c[0].readonly_root_filesystem.explicit(), Some(&true));
    assert_eq!(at(&c[0].readonly_root_filesystem), "main.tf:51:35");
    // `${var.image}` is unknown inside a string, `${var.cpu}` outside one: both stay local.
    assert!(matches!(&c[0].image.state, State::Unknown(r) if r.contains("var.image")));
}

#[test]
fn file_points_into_the_json_file() {
    let all = scan("tf-task-definitions");
    let c = containers(td(&all, "aws_ecs_task_definition.file"));
    assert_eq!(c[0].privileged.explicit(), Some(&true));
    assert_eq!(at(&c[0].privileged), "batch.json:5:19");
    let l = c[0].privileged.origin.location().unwrap();
    assert!(!l.path.contains("/./"), "{}", l.path);
}

#[test]
fn templatefile_renders_and_points_into_the_template() {
    let all = scan("tf-task-definitions");
    let c = containers(td(&all, "aws_ecs_task_definition.tpl"));
    assert_eq!(c[0].image.explicit().map(String::as_str), Some("nginx:1.27"));
    assert_eq!(c[0].user.explicit().map(String::as_str), Some("nobody"));
    assert_eq!(at(&c[0].user), "tpl.json.tftpl:5:5");
}

#[test]
fn cloudformation_properties_in_pascal_case_with_intrinsics() {
    let all = scan("cfn-task-definitions");
    let t = td(&all, "Web");
    assert_eq!(t.pid_mode.explicit().map(String::as_str), Some("host"));
    assert_eq!(t.task_role_arn.explicit().map(String::as_str), Some("TaskRole"));
    let efs = t.volumes.value().unwrap()[0].efs.value().unwrap();
    assert_eq!(efs.transit_encryption.explicit(), Some(&true));
    let c = containers(t);
    // `AWS::NoValue` removes the list item.
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].privileged.explicit(), Some(&true));
    assert_eq!(at(&c[0].privileged), "template.yaml:27:23");
    assert_eq!(c[0].user.explicit().map(String::as_str), Some("1000"));
    assert!(c[0].image.is_unknown());
    let add = c[0].capabilities_add.value().unwrap();
    assert_eq!(add[0].explicit().map(String::as_str), Some("NET_ADMIN"));
    assert_eq!(at(&add[0]), "template.yaml:31:21");
    // A dynamic reference is unknown, never read as the secret itself.
    let env = c[0].environment.value().unwrap();
    assert!(env[0].value.is_unknown());
}

#[test]
fn api_json_register_input_and_describe_output() {
    let all = scan("api-task-definitions");
    assert_eq!(all.len(), 2);
    let reg = all
        .iter()
        .find(|t| t.meta.source_type == "register-task-definition")
        .unwrap();
    assert_eq!(reg.network_mode.explicit().map(String::as_str), Some("host"));
    assert_eq!(at(&reg.network_mode), "register.json:3:18");
    let c = containers(reg);
    let log = c[0].log_configuration.value().unwrap();
    assert_eq!(log.log_driver.explicit().map(String::as_str), Some("awslogs"));
    let desc = all
        .iter()
        .find(|t| t.meta.source_type == "describe-task-definition")
        .unwrap();
    assert_eq!(desc.meta.name, "api:7");
    assert_eq!(
        desc.tags.value().unwrap()[0].key.explicit().map(String::as_str),
        Some("Owner")
    );
    assert_eq!(at(&containers(desc)[0].privileged), "describe.json:7:55");
}

#[test]
fn a_template_directive_on_an_unknown_value_leaves_the_document_unknown() {
    let all = scan("tf-task-definitions");
    let t = td(&all, "aws_ecs_task_definition.conditional");
    // Not a container without `privileged`: whether it has one is not known.
    assert!(
        matches!(&t.containers.state, State::Unknown(r) if r.contains("var.env")),
        "{:?}",
        t.containers
    );
}

#[test]
fn a_heredoc_whose_directives_change_its_lines_points_at_its_first_line() {
    let all = scan("tf-task-definitions");
    let c = containers(td(&all, "aws_ecs_task_definition.looped"));
    assert_eq!(c.len(), 3);
    assert_eq!(c[1].name.explicit().map(String::as_str), Some("b"));
    assert_eq!(c[1].privileged.explicit(), Some(&true));
    // The `[` line, not a line of the template that did not write the value.
    assert_eq!(at(&c[1].privileged), "main.tf:89:5");
}
