//! Where `assign` may write: checked before anything is read or written.
//!
//! `--out` must be a folder (missing, empty, or with `--force` one that holds files), and
//! never the course itself or a folder inside it: `--out . --force` in the course root once
//! overwrote the course's own `Cargo.toml`, `course.toml` and `README.md`.

use crate::error::{Context, Fail, Result};
use std::path::{Path, PathBuf};

/// Checks `out` against the course `root` (canonical); exit 2 with what to do if it is bad.
pub fn check(root: &Path, out: &Path, force: bool) -> Result<()> {
    if out.exists() && !out.is_dir() {
        return Err(Fail::usage(format!(
            "--out {} is a file; give a folder for the student workspace (missing or empty)",
            out.display()
        )));
    }
    let resolved = resolve(out)?;
    if resolved.starts_with(root) {
        let what = if resolved == root {
            "is the course itself"
        } else {
            "is inside the course"
        };
        return Err(Fail::usage(format!(
            "--out {} {what} ({}); assign would overwrite the course's own files. \
             Give a folder outside it, e.g. --out ../class-1",
            out.display(),
            root.display()
        )));
    }
    if out.is_dir() && !force {
        let busy = std::fs::read_dir(out)
            .context(|| format!("reading --out {}", out.display()))?
            .next()
            .is_some();
        if busy {
            return Err(Fail::usage(format!(
                "--out {} already holds files; choose an empty or new folder, or add --force to write into it",
                out.display()
            )));
        }
    }
    Ok(())
}

/// `out` as an absolute path with symbolic links resolved, even if (part of) it does not
/// exist yet: the nearest existing ancestor is canonicalized and the rest appended.
fn resolve(out: &Path) -> Result<PathBuf> {
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .context(|| "reading the current folder".into())?
            .join(out)
    };
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut resolved = canonical;
            for part in missing.iter().rev() {
                resolved = resolved.join(part);
            }
            return Ok(normalize(&resolved));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(normalize(&absolute)),
        }
    }
}

/// Removes `.` and resolves `..` lexically (for the part of the path that does not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_and_folders_inside_it_are_refused() {
        let root = std::env::temp_dir()
            .canonicalize()
            .unwrap()
            .join(format!("course-out-{}", std::process::id()));
        std::fs::create_dir_all(root.join("exercises")).unwrap();
        std::fs::write(root.join("file"), "x").unwrap();
        for bad in ["", "exercises", "exercises/new/deeper", "new/../exercises"] {
            let err = check(&root, &root.join(bad), true).unwrap_err();
            assert_eq!(err.code, 2, "{bad}: {}", err.message);
        }
        let err = check(&root, &root.join("file"), true).unwrap_err();
        assert!(err.message.contains("is a file"), "{}", err.message);
        assert!(check(&root, &root.join("../course-out-elsewhere"), false).is_ok());
        std::fs::remove_dir_all(root).unwrap();
    }
}
