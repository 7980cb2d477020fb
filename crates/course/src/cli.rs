//! The command line, declared with clap's derive: one variant per command.

use crate::grading::formats::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
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

/// `--timeout`, shared by every command that runs tests.
#[derive(Debug, Clone, Copy, Args)]
pub struct Timeout {
    /// Seconds the tests may run before they are stopped, with everything they started
    /// (grading: each test; the others: the tests of one exercise).
    #[arg(long = "timeout", default_value_t = 60, value_parser = seconds(), value_name = "SECONDS")]
    pub secs: u64,
}

/// What to grade and how long it may take: shared by `grade` and `grade-class`.
#[derive(Debug, Clone, Args)]
pub struct GradeOpts {
    /// The lessons to grade, by number or id (`1,3`); decided by the instructor, never by
    /// the student's files. Default: every lesson of this workspace's course.toml.
    #[arg(long, value_name = "LIST")]
    pub lessons: Option<String>,
    /// Grade only these exercises (repeatable).
    #[arg(long = "exercise", value_name = "ID")]
    pub exercises: Vec<String>,
    /// Seconds each test may run.
    #[command(flatten)]
    pub timeout: Timeout,
    /// Seconds the build of one exercise may run (a `const` that never ends stops here).
    #[arg(long, default_value_t = 300, value_parser = seconds(), value_name = "SECONDS")]
    pub build_timeout: u64,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Every lesson and exercise with its status, and progress per lesson and overall.
    List {
        /// Show cached results only; never run tests (exercises changed since are shown as `?`).
        #[arg(long)]
        cached: bool,
        #[command(flatten)]
        timeout: Timeout,
    },
    /// Build and test an exercise (default: the one you are in, else the next unfinished one).
    Check {
        /// The exercise id, as `course list` shows it.
        exercise: Option<String>,
        #[command(flatten)]
        timeout: Timeout,
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
        #[command(flatten)]
        timeout: Timeout,
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
        /// The student's workspace (never modified).
        dir: PathBuf,
        /// The report's format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also write the report to FILE (rewritten after each exercise, so an interruption
        /// loses nothing finished).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write a JUnit XML report to FILE (for CI), whatever --format is.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// What to grade, and the limits.
        #[command(flatten)]
        opts: GradeOpts,
    },
    /// Grade a class: every student workspace in DIR (one per subfolder), into a gradebook.
    GradeClass {
        /// The folder of student workspaces.
        dir: PathBuf,
        /// The gradebook folder (gradebook.csv, gradebook.md, one JSON per student).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Students graded at once (default: the number of cores).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
        jobs: Option<u32>,
        /// Grade every student again, even those whose files did not change.
        #[arg(long)]
        regrade: bool,
        /// What to grade, and the limits.
        #[command(flatten)]
        opts: GradeOpts,
    },
    /// Write a CI workflow that grades a student's push and publishes JUnit and a summary.
    Ci {
        /// The CI system.
        #[arg(long, value_enum)]
        provider: Provider,
        /// Where to write it (default: .github/workflows/grade.yml or .gitlab-ci.yml).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The lessons the workflow grades (default: those of course.toml).
        #[arg(long, value_name = "LIST")]
        lessons: Option<String>,
    },
    /// Write the course as a book (book/src, from the READMEs) and build it with mdBook if installed.
    Book(crate::commands::BookArgs),
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
        /// Do not run the solutions' tests (when `cargo test -p '*_solution'` has just run
        /// them, or while working on the corpus alone).
        #[arg(long)]
        skip_solutions: bool,
        /// Delete each wrong solution's test binaries once it is judged: CI builds every one
        /// once and runs it once, and hundreds of them are gigabytes of a machine's disk. (Off
        /// by default: a second local run would have to link them all again.)
        #[arg(long)]
        discard_binaries: bool,
        /// Wrong solutions run at once (default 2: most of their time is spent waiting).
        #[arg(long, default_value_t = 2, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=16))]
        jobs: u32,
        #[command(flatten)]
        timeout: Timeout,
    },
}

/// CI systems `course ci` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Provider {
    /// GitHub Actions: `.github/workflows/grade.yml`, the grade in the job summary.
    Github,
    /// GitLab CI: `.gitlab-ci.yml`, the JUnit report in the merge request.
    Gitlab,
}
