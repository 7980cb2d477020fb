//! The workspace manifests the tool writes — for `assign` (a student workspace), for grading
//! (a scratch workspace) and for the corpus check — all derived from this workspace's
//! `Cargo.toml`, so every one of them builds with the same dependencies, lints and profile.

use crate::error::{Context, Fail, Result};
use std::path::Path;

/// Reads and parses a manifest (or any TOML file).
pub fn read(path: &Path) -> Result<toml::Table> {
    std::fs::read_to_string(path)
        .context(|| format!("reading {}", path.display()))?
        .parse()
        .context(|| format!("parsing {}", path.display()))
}

/// Makes every `path = …` of `[workspace.dependencies]` absolute, relative to `root`: for a
/// workspace written elsewhere that uses this one's crates in place.
pub fn absolute_path_dependencies(manifest: &mut toml::Table, root: &Path) {
    let deps = manifest
        .get_mut("workspace")
        .and_then(|w| w.get_mut("dependencies"))
        .and_then(|d| d.as_table_mut());
    for (_, dep) in deps.into_iter().flat_map(|d| d.iter_mut()) {
        if let Some(path) = dep.get_mut("path")
            && let Some(rel) = path.as_str()
        {
            *path = toml::Value::String(root.join(rel).display().to_string());
        }
    }
}

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

/// A virtual workspace manifest with this workspace's shared settings, its `[profile]` (so
/// dependencies built once are reused, not rebuilt with other settings) and `members`;
/// `header` becomes its opening comment.
pub fn workspace_manifest(
    manifest: &toml::Table,
    members: &[String],
    header: &str,
) -> Result<String> {
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
    if let Some(profile) = manifest.get("profile") {
        out.insert("profile".into(), profile.clone());
    }
    let body = toml::to_string(&out).context(|| "writing Cargo.toml".into())?;
    let comment: String = header.lines().map(|l| format!("# {l}\n")).collect();
    Ok(format!("{comment}\n{body}"))
}
