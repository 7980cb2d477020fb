//! # concurrency-course
//!
//! This root package holds no code of its own: it exists so that `cargo test` at the root
//! runs the workspace-level tests in `tests/`, which drive the demos and the course tool as
//! a learner would, through their command lines.
//!
//! ## Layout
//! | folder | what it holds |
//! |---|---|
//! | `crates/toolkit` | the shared library: simulated I/O, CPU work, the timeline, workers, watchdog |
//! | `crates/*_demo` | one binary per tutorial example (`cargo run -p threading_demo`) |
//! | `crates/course` | the command-line tool for learners and instructors (`cargo course`) |
//! | `exercises/NN_lesson/NN_name` | the learner's stubs; their `tests/` are the only copy |
//! | `solutions/NN_lesson/NN_name` | reference solutions, tested by the exercises' own tests |
//! | `tests/` | these workspace-level tests |
