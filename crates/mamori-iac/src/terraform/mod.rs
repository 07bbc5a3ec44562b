//! Terraform: `.tf` files of one folder (a module), with its variables, `terraform.tfvars` and
//! `*.auto.tfvars`, locals and the expressions between them, into the model.

use crate::AdapterOutput;
use crate::source::SourceFile;
use std::path::Path;

/// Whether Terraform loads a variable file by itself: `terraform.tfvars` and `*.auto.tfvars`.
pub fn is_auto_loaded_var_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "terraform.tfvars" || name.ends_with(".auto.tfvars")
}

/// Whether text read from standard input looks like HCL rather than YAML or JSON.
pub fn looks_like_hcl(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|l| {
        ["resource ", "variable ", "locals ", "locals{", "module ", "provider ", "data ", "terraform ", "output "]
            .iter()
            .any(|k| l.starts_with(k))
    })
}

/// Reads one module: its `.tf` files and the variable files Terraform loads automatically.
pub fn load_module(_dir: &Path, _configs: &[SourceFile], _vars: &[SourceFile]) -> AdapterOutput {
    AdapterOutput::default()
}
