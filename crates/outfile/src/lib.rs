//! Output files that are never left half-written.
//!
//! A demo that runs for a minute and then fails to write its `--json` file wastes that minute,
//! and one interrupted mid-write leaves a broken file behind. So:
//! 1. [`writable_path`] checks **up front**, as a clap value parser, that the file can be
//!    created there (it creates and removes a probe file beside it);
//! 2. [`write_atomic`] writes into a temporary file in the same directory and then renames it
//!    over the target: a rename within one directory is atomic, so readers see the old file or
//!    the whole new one, never a part. The data is flushed to disk before the rename, so a
//!    machine that stops right after still has one or the other.
//!
//! One crate, because two programs need it: the demos (as `toolkit::outfile`) and the course
//! tool (progress files, reports, gradebooks), which does not otherwise depend on the toolkit.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A clap value parser for an output file: accepts a path whose directory exists and lets us
/// create files, and that is not itself a directory.
/// Use it as `#[arg(long, value_parser = toolkit::outfile::writable_path)]`.
pub fn writable_path(text: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(text);
    if text.trim().is_empty() {
        return Err("must be a file path, such as out/timeline.svg".into());
    }
    if path.is_dir() {
        return Err("is a directory; give a file name inside it".into());
    }
    let probe = temp_beside(&path, "probe");
    match OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Ok(path)
        }
        Err(e) => Err(format!(
            "cannot create a file in {}: {e}",
            dir_of(&path).display()
        )),
    }
}

/// Writes `contents` to `path` all at once: into a temporary file beside it, flushed to disk,
/// then renamed. On any error the temporary file is removed and `path` is left as it was.
/// Threads of one process may write at the same time: each write has its own temporary file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let temp = temp_beside(path, &format!("tmp{n}"));
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The directory a file path lives in (`.` for a bare file name).
fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A hidden, per-process name in the same directory as `path`.
fn temp_beside(path: &Path, kind: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    dir_of(path).join(format!(".{name}.{kind}-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("outfile-{}-{name}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_the_whole_file_and_leaves_no_temporary_behind() {
        let dir = scratch("write");
        let path = dir.join("out.json");
        assert_eq!(writable_path(path.to_str().unwrap()), Ok(path.clone()));
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(
            fs::read_dir(&dir).unwrap().count(),
            1,
            "only out.json is left"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn rejects_missing_directories_and_directories_themselves() {
        let err = writable_path("/no/such/dir/out.svg").unwrap_err();
        assert!(err.contains("/no/such/dir"), "{err}");
        let dir = scratch("isdir");
        assert!(
            writable_path(dir.to_str().unwrap())
                .unwrap_err()
                .contains("directory")
        );
        assert!(writable_path("").is_err());
        assert!(write_atomic(Path::new("/no/such/dir/out.svg"), b"x").is_err());
        fs::remove_dir_all(dir).unwrap();
    }
}
