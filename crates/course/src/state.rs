//! The learner's state in `.course/progress.json`: how many hints were shown, and the last
//! test result of each exercise, keyed by a hash of its sources.
//!
//! The hash is what makes `course list` fast: while an exercise's `src/`, `tests/` and
//! `Cargo.toml` are unchanged, its cached result is still true and cargo is not run.
//! The file is written atomically (a temporary file, then a rename), so an interrupted
//! run never leaves half a file; a missing or unreadable file is rebuilt, never fatal.

use crate::error::{Context, Result};
use crate::fsutil;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Everything the tool remembers about one learner.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Progress {
    /// Per exercise id.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseState>,
}

/// What the tool remembers about one exercise.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ExerciseState {
    /// How many hints `course hint` has shown so far.
    #[serde(default)]
    pub hints_shown: usize,
    /// The learner has worked on it (checked, asked for a hint, reset).
    #[serde(default)]
    pub touched: bool,
    /// The last test result, valid while the sources hash to `hash`.
    #[serde(default)]
    pub last: Option<CachedRun>,
}

/// A cached test result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedRun {
    /// The hash of the sources the result belongs to.
    pub hash: String,
    /// Did every test pass?
    pub passed: bool,
    /// Tests that passed.
    pub tests_passed: usize,
    /// Tests that ran.
    pub tests_total: usize,
}

impl Progress {
    /// Where the file lives.
    pub fn path(root: &Path) -> PathBuf {
        root.join(".course").join("progress.json")
    }

    /// Reads the progress file; a missing or corrupt one gives a fresh start (with a note).
    pub fn load(root: &Path) -> Progress {
        let path = Progress::path(root);
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Progress::default();
        };
        match serde_json::from_str(&text) {
            Ok(progress) => progress,
            Err(e) => {
                eprintln!(
                    "note: {} was unreadable ({e}); starting afresh, results are rebuilt from the tests",
                    path.display()
                );
                Progress::default()
            }
        }
    }

    /// Writes the progress file atomically.
    pub fn save(&self, root: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).context(|| "encoding progress".into())?;
        fsutil::write_atomic(&Progress::path(root), text.as_bytes())
    }

    /// The state of one exercise, created on first use.
    pub fn entry(&mut self, id: &str) -> &mut ExerciseState {
        self.exercises.entry(id.to_string()).or_default()
    }

    /// The cached result of `id` if it belongs to sources hashing to `hash`.
    pub fn cached(&self, id: &str, hash: &str) -> Option<&CachedRun> {
        self.exercises
            .get(id)
            .and_then(|s| s.last.as_ref())
            .filter(|run| run.hash == hash)
    }
}

/// A hash of everything that decides an exercise's test result: `Cargo.toml`, `src/`, `tests/`.
pub fn source_hash(exercise_dir: &Path) -> Result<String> {
    hash_parts(exercise_dir, &["Cargo.toml", "src", "tests"])
}

/// A hash of the files and folders `parts` of `base`: their names and contents.
fn hash_parts(base: &Path, parts: &[&str]) -> Result<String> {
    let exercise_dir = base;
    let mut hasher = Sha256::new();
    let mut files = Vec::new();
    for part in parts {
        let path = exercise_dir.join(part);
        if path.is_file() {
            files.push(path);
        } else if path.is_dir() {
            fsutil::walk_files(&path, &mut files)?;
        }
    }
    files.sort();
    for file in files {
        let rel = file.strip_prefix(exercise_dir).unwrap_or(&file);
        let bytes = std::fs::read(&file).context(|| format!("reading {}", file.display()))?;
        // Name and length first, so moving bytes between files changes the hash too.
        hasher.update(rel.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_file_is_rebuilt_and_saving_is_atomic() {
        let root = std::env::temp_dir().join(format!("course-state-{}", std::process::id()));
        std::fs::create_dir_all(root.join(".course")).unwrap();
        std::fs::write(Progress::path(&root), "{ not json").unwrap();
        let mut progress = Progress::load(&root);
        assert!(progress.exercises.is_empty());
        progress.entry("spawn").hints_shown = 2;
        progress.save(&root).unwrap();
        assert_eq!(Progress::load(&root).exercises["spawn"].hints_shown, 2);
        let leftovers = std::fs::read_dir(root.join(".course")).unwrap().count();
        assert_eq!(leftovers, 1, "only progress.json, no temporary file");
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn the_hash_changes_with_the_sources() {
        let dir = std::env::temp_dir().join(format!("course-hash-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/lib.rs"), "fn a() {}").unwrap();
        let before = source_hash(&dir).unwrap();
        assert_eq!(before, source_hash(&dir).unwrap());
        std::fs::write(dir.join("src/lib.rs"), "fn b() {}").unwrap();
        assert_ne!(before, source_hash(&dir).unwrap());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
