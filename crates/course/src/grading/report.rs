//! What grading produces: per test, per exercise, per student. Serialized as the JSON
//! report (and read back by `grade-class`); [`super::formats`] renders the other formats.

use serde::{Deserialize, Serialize};

/// One student's grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    /// The student's workspace, as given.
    pub student: String,
    /// Points earned.
    pub score: u32,
    /// Points possible.
    pub max_score: u32,
    /// The sandbox the code ran in: `bubblewrap`, `user nobody` or `none`.
    pub sandbox: String,
    /// Per exercise, in plan order.
    pub exercises: Vec<ExerciseResult>,
}

/// One exercise's grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExerciseResult {
    /// The exercise id.
    pub exercise: String,
    /// Did every pristine test pass?
    pub passed: bool,
    /// Points earned.
    pub score: u32,
    /// Points possible.
    pub max_score: u32,
    /// Pristine tests that passed.
    pub tests_passed: usize,
    /// Pristine tests.
    pub tests_total: usize,
    /// Did the student's `tests/` (or `Cargo.toml`) differ from the pristine one?
    pub tampered: bool,
    /// Why it scored 0 without a verdict per test (refused, missing, compile error…).
    pub error: Option<String>,
    /// Notes for the instructor's review (the static scan), `file:line: what`.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Per pristine test.
    pub tests: Vec<TestResult>,
}

/// One test's verdict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    /// The test's name, from the pristine test binary's list.
    pub name: String,
    /// Did it pass (exit status 0, the sentinel's evidence, no failure)?
    pub passed: bool,
    /// Why it failed: the reason, then libtest's report (its output and the timeline).
    #[serde(default)]
    pub message: Option<String>,
}

impl ExerciseResult {
    /// A result with no verdicts yet and nothing earned.
    pub fn empty(exercise: &str, max_score: u32) -> ExerciseResult {
        ExerciseResult {
            exercise: exercise.to_string(),
            passed: false,
            score: 0,
            max_score,
            tests_passed: 0,
            tests_total: 0,
            tampered: false,
            error: None,
            flags: Vec::new(),
            tests: Vec::new(),
        }
    }

    /// The same, scoring 0 for `reason`.
    pub fn refused(exercise: &str, max_score: u32, reason: String) -> ExerciseResult {
        ExerciseResult {
            error: Some(reason),
            ..ExerciseResult::empty(exercise, max_score)
        }
    }
}

impl Report {
    /// A report from its exercises (the totals added up).
    pub fn new(student: String, sandbox: &str, exercises: Vec<ExerciseResult>) -> Report {
        Report {
            student,
            score: exercises.iter().map(|e| e.score).sum(),
            max_score: exercises.iter().map(|e| e.max_score).sum(),
            sandbox: sandbox.to_string(),
            exercises,
        }
    }
}

/// `text` safe for a terminal: control characters (escape sequences, carriage returns,
/// bells) become `�`; line feeds and tabs stay.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// [`printable`], on one line (for names and table cells).
pub fn printable_line(text: &str) -> String {
    printable(text).replace(['\n', '\t'], " ")
}
