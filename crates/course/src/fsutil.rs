//! Small file helpers: atomic writes, recursive listing and copying.

use crate::error::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file, flushed to disk, and a rename:
/// readers see the old file or the new one, never half of one, even if the tool is
/// interrupted or the machine stops. The folder is created first. (The `outfile` crate does
/// the writing, for this tool and the demos alike.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
    outfile::write_atomic(path, bytes).context(|| format!("writing {}", path.display()))
}

/// Appends every file under `dir` (recursively) to `out`.
pub fn walk_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let entry = entry.context(|| format!("listing {}", dir.display()))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .context(|| format!("inspecting {}", path.display()))?;
        if kind.is_dir() {
            walk_files(&path, out)?;
        } else if kind.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Copies the folder `from` to `to`, skipping entries for which `skip` is true. Files
/// already there with the same contents are left alone (see [`copy_file`]).
pub fn copy_dir(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<()> {
    fs::create_dir_all(to).context(|| format!("creating {}", to.display()))?;
    let entries = fs::read_dir(from).context(|| format!("listing {}", from.display()))?;
    for entry in entries {
        let entry = entry.context(|| format!("listing {}", from.display()))?;
        let src = entry.path();
        if skip(&src) {
            continue;
        }
        let dst = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .context(|| format!("inspecting {}", src.display()))?;
        if kind.is_dir() {
            copy_dir(&src, &dst, skip)?;
        } else if kind.is_file() {
            copy_file(&src, &dst)?;
        }
    }
    Ok(())
}

/// Copies one file, creating its folder. An identical file is left alone, so its time stamp
/// (and cargo's fingerprint with it) stays; a changed one gets a fresh time stamp, so cargo
/// rebuilds it, even when the new contents are *older* than the old ones.
pub fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
    }
    if let (Ok(a), Ok(b)) = (fs::read(from), fs::read(to))
        && a == b
    {
        return Ok(());
    }
    let bytes = fs::read(from).context(|| format!("reading {}", from.display()))?;
    fs::write(to, bytes).context(|| format!("writing {}", to.display()))
}

/// The path relative to `base`, with `/` separators, for messages and manifests.
pub fn rel(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
