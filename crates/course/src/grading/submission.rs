//! Reading a student's files as data: no link is followed, no file is read past a size cap.
//!
//! A symbolic link anywhere in a submission (the exercise folder, its `src/`, any folder
//! on the way from the student's workspace to it) is refused and reported with where it
//! points; it is never followed, so a link to the reference solution, to `/proc/self` or to
//! another student's folder gives nothing. Files other than plain files and folders
//! (FIFOs, devices, sockets) are refused too. Sizes are checked from the metadata before
//! anything is read, so a 512 MB sparse file costs nothing.

use std::fs;
use std::path::{Path, PathBuf};

/// The largest source file read (bytes).
pub const FILE_CAP: u64 = 256 * 1024;
/// The most bytes of all source files of one exercise together.
pub const TOTAL_CAP: u64 = 2 * 1024 * 1024;
/// The most files (and folders) in one exercise's `src/`.
pub const COUNT_CAP: usize = 200;

/// A file of a submission: its path relative to the folder read, and its bytes.
pub type SubFile = (PathBuf, Vec<u8>);

/// Why a submission is not graded (one sentence, for the report).
pub type Refusal = String;

/// Refuses `dir` when it, or any folder from `base` down to it, is a symbolic link.
pub fn check_path(base: &Path, dir: &Path) -> Result<(), Refusal> {
    let rel = dir.strip_prefix(base).unwrap_or(dir);
    let mut at = base.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(link(&at, base)),
            Ok(_) => {}
            Err(_) => return Ok(()), // missing: the caller reports it
        }
    }
    Ok(())
}

/// Every file under `dir`, links refused, sizes capped; paths relative to `dir`.
pub fn read_tree(dir: &Path, shown: &Path) -> Result<Vec<SubFile>, Refusal> {
    let meta = fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", show(shown)))?;
    if meta.file_type().is_symlink() {
        return Err(link(dir, dir.parent().unwrap_or(dir)));
    }
    if !meta.is_dir() {
        return Err(format!("{} is not a folder", show(shown)));
    }
    let (mut files, mut total, mut count) = (Vec::new(), 0u64, 0usize);
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let here = dir.join(&rel);
        let entries =
            fs::read_dir(&here).map_err(|e| format!("{}: {e}", show(&shown.join(&rel))))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", show(&shown.join(&rel))))?;
            let rel = rel.join(entry.file_name());
            let path = dir.join(&rel);
            let meta = fs::symlink_metadata(&path)
                .map_err(|e| format!("{}: {e}", show(&shown.join(&rel))))?;
            count += 1;
            if count > COUNT_CAP {
                return Err(format!("{} holds more than {COUNT_CAP} files", show(shown)));
            }
            let kind = meta.file_type();
            if kind.is_symlink() {
                let to = fs::read_link(&path)
                    .map(|t| t.display().to_string())
                    .unwrap_or_default();
                return Err(format!(
                    "{} is a symbolic link (to {}); links in a submission are not followed",
                    show(&shown.join(&rel)),
                    super::report::printable(&to)
                ));
            } else if kind.is_dir() {
                stack.push(rel);
            } else if kind.is_file() {
                if meta.len() > FILE_CAP {
                    return Err(format!(
                        "{} is {} bytes; source files over {FILE_CAP} bytes are not graded",
                        show(&shown.join(&rel)),
                        meta.len()
                    ));
                }
                total += meta.len();
                if total > TOTAL_CAP {
                    return Err(format!("{} holds more than {TOTAL_CAP} bytes", show(shown)));
                }
                let bytes = fs::read(&path)
                    .map_err(|e| format!("{}: cannot be read: {e}", show(&shown.join(&rel))))?;
                files.push((rel, bytes));
            } else {
                return Err(format!(
                    "{} is not a plain file or folder (a FIFO, socket or device?)",
                    show(&shown.join(&rel))
                ));
            }
        }
    }
    files.sort();
    Ok(files)
}

fn link(path: &Path, base: &Path) -> Refusal {
    let to = fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    format!(
        "{} is a symbolic link (to {}); links in a submission are not followed",
        show(path.strip_prefix(base).unwrap_or(path)),
        super::report::printable(&to)
    )
}

fn show(path: &Path) -> String {
    super::report::printable(&path.display().to_string())
}
