//! `.course/assignment.toml`: what an instructor handed out, written into the class folder.
//!
//! The grader reads it so that *what is graded* is decided by the instructor (the lessons
//! and exercises assigned, at which revision), not by whatever `course.toml` a student's
//! copy holds. Each exercise carries the git tree id of its pristine `tests/`, so a
//! grader that has the course's history can tell edited tests from the originals.

use serde::{Deserialize, Serialize};

/// Where the record lives, relative to the class folder's root.
pub const PATH: &str = ".course/assignment.toml";

/// The record's format version; bumped when a field changes meaning.
pub const FORMAT: u32 = 1;

/// The whole record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The format version ([`FORMAT`]).
    pub format: u32,
    /// The full commit hash the files were read from.
    pub source_rev: String,
    /// The revision as the instructor typed it (`HEAD`, a tag, a branch).
    pub rev_spec: String,
    /// When it was written, in seconds since the Unix epoch.
    pub assigned_at_unix: u64,
    /// The lesson ids, in plan order.
    pub lessons: Vec<String>,
    /// The exercises, in plan order.
    pub exercises: Vec<AssignedExercise>,
}

/// One assigned exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssignedExercise {
    /// The exercise id (its package name).
    pub id: String,
    /// The id of its lesson.
    pub lesson: String,
    /// Its folder, relative to the workspace root.
    pub dir: String,
    /// The git tree id of its `tests/` folder at `source_rev` (empty if it had none).
    pub tests_tree: String,
}

impl Assignment {
    /// The file's text: a comment saying what it is, then the TOML.
    pub fn to_text(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Written by `cargo course assign`: what was handed out, read from git commit\n\
             # source_rev. `cargo course grade` grades exactly these exercises. Do not edit.\n\n{body}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_reads_back_as_written() {
        let record = Assignment {
            format: FORMAT,
            source_rev: "0123456789abcdef0123456789abcdef01234567".into(),
            rev_spec: "HEAD".into(),
            assigned_at_unix: 1,
            lessons: vec!["threads".into()],
            exercises: vec![AssignedExercise {
                id: "spawn_join".into(),
                lesson: "threads".into(),
                dir: "exercises/01_threads/01_spawn_join".into(),
                tests_tree: "abc".into(),
            }],
        };
        let text = record.to_text();
        assert!(text.contains("[[exercises]]"), "{text}");
        let back: Assignment = toml::from_str(&text).unwrap();
        assert_eq!(back, record);
    }
}
