//! # course — the command-line tool of the course
//!
//! Learners run it as `cargo course …` (an alias in `.cargo/config.toml`):
//! `list`, `check`, `hint`, `watch`, `reset`, `solution`. Instructors use
//! `lessons`, `assign`, `grade`, `classroom`, and authors `dev check`.
//! `docs/course-tool.md` documents every command.
//!
//! ## Layout
//! | module | what lives there |
//! |---|---|
//! | [`cli`] | the command line (clap) |
//! | [`plan`] | `course.toml`: lessons, exercises, hints, and where they live |
//! | [`state`] | `.course/progress.json`: hints shown, cached results keyed by a source hash |
//! | [`runner`] | `cargo test` under a timeout, and reading libtest's output |
//! | [`fsutil`] | atomic writes, copying folders |
//! | [`commands`] | one file per command |

mod cli;
mod commands;
mod error;
mod fsutil;
mod plan;
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
