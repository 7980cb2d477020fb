//! The command line, declared with clap's derive: one variant per command.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The course tool: learners list, check, hint and watch; instructors assign and grade.
#[derive(Debug, Parser)]
#[command(name = "course", version, about, long_about = None)]
pub struct Cli {
    /// The course workspace (default: the nearest folder above the current one with a course.toml).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Cmd,
}

/// Seconds, from 1 to 3600 (clap rejects anything else with exit code 2).
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=3600)
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Every lesson and exercise with its status, and progress per lesson and overall.
    List {
        /// Show cached results only; never run tests (exercises changed since are shown as `?`).
        #[arg(long)]
        cached: bool,
        /// Seconds the tests of one exercise may run.
        #[arg(long, default_value_t = 60, value_parser = seconds())]
        timeout: u64,
    },
    /// Build and test an exercise (default: the one you are in, else the next unfinished one).
    Check {
        /// The exercise id, as `course list` shows it.
        exercise: Option<String>,
        /// Seconds the tests may run before they are stopped.
        #[arg(long, default_value_t = 60, value_parser = seconds())]
        timeout: u64,
    },
    /// Show the next hint for an exercise; each call shows one more.
    Hint {
        /// The exercise id or folder (default: the one you are in, else the next unfinished one).
        exercise: Option<String>,
    },
    /// Re-check the current exercise on every save. Keys: n next, h hint, l list, q quit.
    Watch {
        /// Start with this exercise (default: the next unfinished one).
        exercise: Option<String>,
        /// Seconds the tests may run before they are stopped.
        #[arg(long, default_value_t = 60, value_parser = seconds())]
        timeout: u64,
    },
    /// Restore an exercise's stub (a backup of your files is kept in .course/backups/).
    Reset {
        /// The exercise id.
        exercise: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// The git revision holding the stub.
        #[arg(long, default_value = "HEAD")]
        rev: String,
    },
    /// Show the reference solution (once the exercise passes).
    Solution {
        /// The exercise id.
        exercise: String,
        /// Show it even though the exercise does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// The lesson plan: titles, minutes, objectives and exercises.
    Lessons,
    /// Write a standalone student workspace with some lessons and no solutions.
    Assign {
        /// Lessons by number or id, separated by commas: `1,3` or `threads,async`.
        #[arg(long, value_name = "LIST")]
        lessons: String,
        /// The folder to write (must be empty or missing, unless --force).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Write into a folder that already holds files (files of the same name are replaced).
        #[arg(long)]
        force: bool,
        /// Do not make the new workspace a git repository (`course reset` needs one).
        #[arg(long)]
        no_git: bool,
        /// The git revision to hand out (files come from git, never the working tree).
        #[arg(long, default_value = "HEAD")]
        rev: String,
    },
    /// Grade a student's workspace with this workspace's pristine tests.
    Grade {
        /// The student's workspace.
        dir: PathBuf,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Grade only these exercises (repeatable); default: every exercise the student was assigned.
        #[arg(long = "exercise", value_name = "ID")]
        exercises: Vec<String>,
        /// Seconds the tests of one exercise may run.
        #[arg(long, default_value_t = 60, value_parser = seconds())]
        timeout: u64,
    },
    /// Write a GitHub Classroom autograding workflow: one step, with points, per exercise.
    Classroom {
        /// Where to write it.
        #[arg(long, default_value = ".github/workflows/classroom.yml")]
        out: PathBuf,
        /// Points per exercise.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
        points: u32,
        /// Minutes each exercise's step may run.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=360))]
        minutes: u64,
    },
    /// Commands for the course's authors.
    Dev {
        /// What to do.
        #[command(subcommand)]
        command: DevCmd,
    },
}

/// The authors' commands.
#[derive(Debug, Subcommand)]
pub enum DevCmd {
    /// The stub check: stubs compile without warnings and fail, solutions pass, plan and folders agree.
    Check {
        /// Check only these exercises (repeatable).
        #[arg(long = "exercise", value_name = "ID")]
        exercises: Vec<String>,
        /// Only the plan and folder checks; build and run nothing.
        #[arg(long)]
        static_only: bool,
        /// Seconds the tests of one exercise may run.
        #[arg(long, default_value_t = 120, value_parser = seconds())]
        timeout: u64,
    },
}

/// Report formats of `course grade`.
#[derive(Debug, Clone, Copy, PartialEq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Text,
    /// Machine-readable: score, max_score, exercises.
    Json,
    /// A Markdown table (for a pull-request comment).
    Markdown,
    /// JUnit XML (for CI test reports).
    Junit,
}
