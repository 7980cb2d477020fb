//! A failing test leaves the timeline it drew behind as a trace, to open in Perfetto:
//! `target/course-traces/<test>.json`. Best effort: where nothing can be written (a read-only
//! sandbox when grading), the failure message simply says nothing about a trace.

use super::Span;
use super::trace::render;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

/// The line a failure message gains when the trace of `spans` was written, or `""`.
pub(crate) fn note(spans: &[Span]) -> String {
    note_as(&test_name(), spans)
}

/// [`note`] for the test named `test` (the watchdog may see a hang from another thread).
pub(crate) fn note_as(test: &str, spans: &[Span]) -> String {
    if spans.is_empty() {
        return String::new();
    }
    match folder().and_then(|dir| save_in(&dir, test, spans)) {
        Some(path) => format!(
            "\nOpen this timeline in https://ui.perfetto.dev: {}\n",
            path.display()
        ),
        None => String::new(),
    }
}

/// Writes the trace as `dir/<test>.json`, making `dir` if needed; `None` on any error.
fn save_in(dir: &Path, test: &str, spans: &[Span]) -> Option<PathBuf> {
    fs::create_dir_all(dir).ok()?;
    let path = dir.join(format!("{}.json", file_name(test)));
    crate::outfile::write_atomic(&path, render(&[("", spans)]).as_bytes()).ok()?;
    Some(path)
}

/// `target/course-traces`, in the target folder cargo builds into: `CARGO_TARGET_DIR` when
/// set, else `target/` beside the workspace's Cargo.lock.
fn folder() -> Option<PathBuf> {
    let target = match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        // Relative to where cargo was started, which a test cannot know; the workspace's
        // root is where it usually is.
        Some(dir) if !dir.is_empty() => workspace_root()?.join(dir),
        _ => workspace_root()?.join("target"),
    };
    Some(target.join("course-traces"))
}

/// The nearest folder, from the tested package up, with a Cargo.lock or a `[workspace]`
/// Cargo.toml. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test; a test binary started
/// by hand starts from the current folder.
fn workspace_root() -> Option<PathBuf> {
    let start = match env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => env::current_dir().ok()?,
    };
    let is_root = |dir: &Path| {
        dir.join("Cargo.lock").is_file()
            || fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|l| l.trim() == "[workspace]"))
    };
    start
        .ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
}

/// The running test's name: libtest names each test's thread after the test (and the
/// watchdog's thread keeps that name).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed-test")
        .to_owned()
}

/// A test path as a file name: `tests::a_b` → `tests.a_b`; anything unusual becomes `_`.
fn file_name(test: &str) -> String {
    test.replace("::", ".")
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
            _ => '_',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timeline;

    #[test]
    fn test_paths_become_plain_file_names() {
        assert_eq!(file_name("tests::a_b"), "tests.a_b");
        assert_eq!(file_name("a/b c"), "a_b_c");
    }

    #[test]
    fn the_workspace_root_has_the_lock_file() {
        let root = workspace_root().expect("found from CARGO_MANIFEST_DIR");
        assert!(root.join("Cargo.lock").is_file(), "{}", root.display());
        assert!(folder().unwrap().ends_with("course-traces"));
    }

    #[test]
    fn nothing_is_claimed_where_nothing_can_be_written() {
        let timeline = Timeline::new();
        timeline.record("A", || ());
        // A folder under a file cannot be made: as in a read-only sandbox, no path comes back.
        let file = env::temp_dir().join(format!("toolkit-not-a-dir-{}", std::process::id()));
        fs::write(&file, "").unwrap();
        assert_eq!(save_in(&file.join("traces"), "t", &timeline.spans()), None);
        fs::remove_file(file).unwrap();
    }
}
