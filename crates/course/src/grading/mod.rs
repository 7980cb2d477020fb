//! Grading: a grader a student cannot talk into marks, where one student cannot touch another.
//!
//! | module | what lives there |
//! |---|---|
//! | [`engine`] | grade one exercise from a set of sources (reusable: `grade`, `grade-class`, the corpus check) |
//! | [`submission`] | reading a student's files as data: no links followed, sizes capped |
//! | [`scan`] | the static scan: refusals (files read at compile time) and flags for review |
//! | [`scratch`] | the locked scratch slot, laid down fresh for every exercise |
//! | [`sandbox`] | bubblewrap, or user `nobody`, or nothing: what the build and the tests may touch |
//! | [`build`] | `cargo test --no-run` under the build limit, and the test executables it made |
//! | [`verdict`] | one test, one process, and the sentinel's evidence |
//! | [`select`] | what is graded: the instructor's choice, never the student's files |
//! | [`points`] | the `[grading]` table of the instructor's `course.toml` |
//! | [`report`] | the results, per test, exercise and student |
//! | [`formats`] | text, JSON, Markdown, JUnit XML, Exercism `results.json` v3 |

pub mod build;
pub mod engine;
pub mod formats;
pub mod points;
pub mod report;
pub mod sandbox;
pub mod scan;
pub mod scratch;
pub mod select;
pub mod submission;
pub mod verdict;

pub use engine::{Engine, Limits};
pub use report::Report;
