//! # course — the command-line tool of the course
//!
//! Learners run it as `cargo course …` (an alias in `.cargo/config.toml`):
//! `list`, `check`, `hint`, `watch`, `reset`, `solution`. Instructors use
//! `lessons`, `assign`, `grade`, `grade-class`, `ci`; everyone `book` (the course as an
//! mdBook), and authors `dev check`.
//! `docs/course-tool.md` documents every command.
//!
//! ## Layout
//! | module | what lives there |
//! |---|---|
//! | [`cli`] | the command line (clap) |
//! | [`plan`] | `course.toml`: lessons, exercises, hints, and where they live |
//! | [`state`] | `.course/progress.json`: hints shown, cached results keyed by a source hash |
//! | [`ctx`] | the loaded workspace, and testing an exercise for a learner |
//! | [`runner`] | `cargo test` under a timeout, and reading libtest's output |
//! | [`proc`] | child processes that cannot outlive the tool (subreaper, Ctrl-C, capped output) |
//! | [`grading`] | the grader: isolated, sandboxed, one process and one verdict per test |
//! | [`manifest`] | the workspace manifests `assign` and the grader write |
//! | [`print`](mod@print), [`git`] | a test run for a learner; what git says changed |
//! | [`fsutil`] | atomic writes, copying folders |
//! | [`commands`] | one file per command, and the dispatch |

mod cli;
mod commands;
mod ctx;
mod error;
mod fsutil;
mod git;
mod grading;
mod manifest;
mod plan;
mod print;
mod proc;
mod runner;
mod state;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let code = match commands::dispatch(cli) {
        Ok(code) => code,
        Err(fail) => {
            eprintln!("error: {fail}");
            fail.code
        }
    };
    std::process::exit(code);
}
