//! The workspace manifest the tool writes: for `assign` (a student workspace) and for
//! grading (a scratch workspace), both derived from this workspace's `Cargo.toml`.

use crate::error::{Context, Fail, Result};

/// The folders of `[workspace.dependencies]` entries that are `path = …` (the toolkit).
pub fn path_dependencies(manifest: &toml::Table) -> Vec<String> {
    manifest
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
        .map(|deps| {
            deps.values()
                .filter_map(|d| d.get("path").and_then(|p| p.as_str()).map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A virtual workspace manifest with this workspace's shared settings and `members`.
pub fn workspace_manifest(manifest: &toml::Table, members: &[String]) -> Result<String> {
    let mut workspace = manifest
        .get("workspace")
        .and_then(|w| w.as_table())
        .cloned()
        .ok_or_else(|| Fail::failure("Cargo.toml has no [workspace] table"))?;
    workspace.remove("default-members");
    workspace.insert(
        "members".into(),
        toml::Value::Array(
            members
                .iter()
                .map(|m| toml::Value::String(m.clone()))
                .collect(),
        ),
    );
    let mut out = toml::Table::new();
    out.insert("workspace".into(), toml::Value::Table(workspace));
    let body = toml::to_string(&out).context(|| "writing Cargo.toml".into())?;
    Ok(format!(
        "# A student workspace written by `cargo course assign`: a virtual workspace with the\n\
         # assigned lessons' exercises, their demos, the toolkit and the course tool.\n\n{body}"
    ))
}
