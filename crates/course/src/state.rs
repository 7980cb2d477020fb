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
    /// Did it compile? (Files from before this field existed did not say: assume so.)
    #[serde(default = "yes")]
    pub compiled: bool,
}

fn yes() -> bool {
    true
}

impl Progress {
    /// Where the file lives.
    pub fn path(root: &Path) -> PathBuf {
        root.join(".course").join("progress.json")
    }

    /// Reads the progress file. Whatever it holds, this never fails: a missing file is a
    /// fresh start, and what cannot be read is dropped with a note (hints shown and
    /// results of the exercises that *can* be read are kept; results are rebuilt from the
    /// tests anyway).
    pub fn load(root: &Path) -> Progress {
        let path = Progress::path(root);
        let Ok(bytes) = std::fs::read(&path) else {
            return Progress::default();
        };
        let (progress, problems) = Progress::parse(&String::from_utf8_lossy(&bytes));
        if let Some(first) = problems.first() {
            eprintln!(
                "note: {} was unreadable in part ({first}{}); starting afresh there, results are rebuilt from the tests",
                path.display(),
                match problems.len() {
                    1 => String::new(),
                    n => format!(", and {} more", n - 1),
                }
            );
        }
        progress
    }

    /// Parses the text of a progress file, leniently: each exercise on its own, so one
    /// bad entry costs only that entry. Returns what could be read and what could not.
    pub fn parse(text: &str) -> (Progress, Vec<String>) {
        let mut problems = Vec::new();
        let mut progress = Progress::default();
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(e) => return (progress, vec![e.to_string()]),
        };
        let Some(exercises) = value.get("exercises").and_then(|e| e.as_object()) else {
            problems.push("no \"exercises\" object".to_string());
            return (progress, problems);
        };
        for (id, state) in exercises {
            match serde_json::from_value::<ExerciseState>(state.clone()) {
                Ok(state) => {
                    progress.exercises.insert(id.clone(), state);
                }
                Err(e) => problems.push(format!("exercise {id:?}: {e}")),
            }
        }
        (progress, problems)
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

    /// A tiny deterministic random source (xorshift), so the fuzz test needs no crate.
    fn xorshift(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn any_text_parses_without_a_panic_and_good_entries_survive() {
        let good = r#"{"exercises": {"a": {"hints_shown": 2, "touched": true}}}"#;
        let pieces = [
            "{",
            "}",
            "[",
            "]",
            "\"exercises\"",
            ":",
            ",",
            "\"a\"",
            "\"hints_shown\"",
            "18446744073709551615",
            "1e400",
            "-1",
            "null",
            "true",
            "\"x\"",
            "\"last\"",
            "{\"hash\": 1}",
            "\u{0}",
            "é",
            "99999999999999999999999",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..5_000 {
            let n = (xorshift(&mut seed) % 12) as usize;
            let text: String = (0..n)
                .map(|_| pieces[(xorshift(&mut seed) % pieces.len() as u64) as usize])
                .collect();
            let _ = Progress::parse(&text);
            let _ = Progress::parse(&format!("{{\"exercises\": {{\"b\": {text}}}}}"));
        }
        let mixed = r#"{"exercises": {"a": {"hints_shown": 2}, "b": {"hints_shown": "many"},
            "c": {"hints_shown": 18446744073709551615}, "d": {"last": {"hash": 5}}}}"#;
        let (progress, problems) = Progress::parse(mixed);
        assert_eq!(progress.exercises["a"].hints_shown, 2);
        assert_eq!(progress.exercises["c"].hints_shown, usize::MAX);
        assert!(!progress.exercises.contains_key("b"));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(Progress::parse(good).1.is_empty());
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
