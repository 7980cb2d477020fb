//! One file per command, and what they share: the loaded workspace ([`Ctx`]) and
//! "test this exercise and remember the result" ([`Ctx::test`]).

mod assign;
mod check;
mod classroom;
mod corpus;
mod dev_check;
mod grade;
mod hint;
mod lessons;
mod list;
mod reset;
mod solution;
mod watch;

use crate::cli::{Cli, Cmd, DevCmd};
use crate::error::{Context, Result};
use crate::plan::{Item, Plan, find_root};
use crate::runner::{self, Outcome, TestJob, TestRun};
use crate::state::{CachedRun, Progress, source_hash};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Runs the command the user asked for; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<i32> {
    let ctx = Ctx::load(cli.root.as_deref())?;
    match cli.command {
        Cmd::List { cached, timeout } => list::run(&ctx, cached, secs(timeout)),
        Cmd::Check { exercise, timeout } => check::run(&ctx, exercise.as_deref(), secs(timeout)),
        Cmd::Hint { exercise } => hint::run(&ctx, exercise.as_deref()),
        Cmd::Watch { exercise, timeout } => watch::run(&ctx, exercise.as_deref(), secs(timeout)),
        Cmd::Reset { exercise, yes, rev } => reset::run(&ctx, &exercise, yes, &rev),
        Cmd::Solution { exercise, force } => solution::run(&ctx, &exercise, force),
        Cmd::Lessons => lessons::run(&ctx),
        Cmd::Assign {
            lessons,
            out,
            force,
            no_git,
            rev,
        } => assign::run(&ctx, &lessons, &out, force, no_git, &rev),
        Cmd::Grade {
            dir,
            format,
            exercises,
            timeout,
        } => grade::run(&ctx, &dir, format, &exercises, secs(timeout)),
        Cmd::Classroom {
            out,
            points,
            minutes,
        } => classroom::run(&ctx, &out, points, minutes),
        Cmd::Dev {
            command:
                DevCmd::Check {
                    exercises,
                    static_only,
                    timeout,
                },
        } => dev_check::run(&ctx, &exercises, static_only, secs(timeout)),
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// The workspace the tool works on: its root and its lesson plan.
pub struct Ctx {
    /// The workspace root (the folder of `course.toml`).
    pub root: PathBuf,
    /// The lesson plan.
    pub plan: Plan,
}

/// An exercise's status in `course list`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Status {
    /// Every test passes.
    Done,
    /// Worked on, tests still failing.
    Failing,
    /// Worked on, and it does not compile.
    DoesNotCompile,
    /// Untouched stub.
    NotStarted,
    /// Changed since the last run, and `--cached` said not to run it.
    Unknown,
}

impl Status {
    /// The marker and word `course list` prints.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "✓ done",
            Status::Failing => "✗ failing",
            Status::DoesNotCompile => "✗ does not compile",
            Status::NotStarted => "· not started",
            Status::Unknown => "? changed",
        }
    }
}

impl Ctx {
    /// Finds the workspace (from `--root` or the current folder) and reads `course.toml`.
    pub fn load(root: Option<&Path>) -> Result<Ctx> {
        let start = match root {
            Some(dir) => dir.to_path_buf(),
            None => std::env::current_dir().context(|| "reading the current folder".into())?,
        };
        let root = find_root(&start)?;
        let root = root.canonicalize().unwrap_or(root);
        let plan = Plan::load(&root)?;
        Ok(Ctx { root, plan })
    }

    /// The exercise's folder.
    pub fn dir(&self, item: &Item) -> PathBuf {
        self.root.join(item.rel_dir())
    }

    /// Tests an exercise the way the learner would (`cargo test -p ID`), records the result
    /// in `progress` and returns the run.
    pub fn test(&self, progress: &mut Progress, item: &Item, timeout: Duration) -> Result<TestRun> {
        let hash = source_hash(&self.dir(item))?;
        let run = runner::run(&TestJob {
            root: self.root.clone(),
            package: item.id().to_string(),
            extra: Vec::new(),
            timeout,
            target_dir: None,
        })?;
        // Remember the result only if the sources did not change while the tests ran.
        if source_hash(&self.dir(item))? == hash {
            progress.entry(item.id()).last = Some(CachedRun {
                hash,
                passed: run.outcome == Outcome::Passed,
                tests_passed: run.passed_count(),
                tests_total: run.tests.len(),
                compiled: !matches!(run.outcome, Outcome::CompileError(_)),
            });
        }
        Ok(run)
    }

    /// The status of every exercise from the cache; `None` where the sources changed since.
    pub fn cached_statuses(&self, progress: &Progress) -> Result<Vec<Option<Status>>> {
        let modified = git_modified(&self.root);
        self.plan
            .items()
            .iter()
            .map(|item| {
                let hash = source_hash(&self.dir(item))?;
                Ok(progress.cached(item.id(), &hash).map(|run| {
                    if run.passed {
                        Status::Done
                    } else if !run.compiled {
                        Status::DoesNotCompile
                    } else if progress.exercises.get(item.id()).is_some_and(|s| s.touched)
                        || modified.iter().any(|p| p.starts_with(item.rel_dir()))
                    {
                        Status::Failing
                    } else {
                        Status::NotStarted
                    }
                }))
            })
            .collect()
    }

    /// The first exercise, in plan order, not known to pass.
    pub fn next_unfinished(&self, progress: &Progress) -> Result<Option<Item<'_>>> {
        let statuses = self.cached_statuses(progress)?;
        Ok(self
            .plan
            .items()
            .into_iter()
            .zip(statuses)
            .find(|(_, s)| *s != Some(Status::Done))
            .map(|(item, _)| item))
    }
}

/// Files git reports as changed (relative to the root). Empty when git or the repo is missing.
fn git_modified(root: &Path) -> BTreeSet<PathBuf> {
    let out = Command::new("git")
        .current_dir(root)
        .args([
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            "exercises",
        ])
        .output();
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        return BTreeSet::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.get(3..))
        .map(|path| PathBuf::from(path.rsplit(" -> ").next().unwrap_or(path)))
        .collect()
}

/// Prints a test run for a learner: pass/fail, failing tests' output, compile errors.
pub fn print_run(item: &Item, run: &TestRun) {
    let id = item.id();
    match &run.outcome {
        Outcome::Passed => println!("✓ {id}: all {} tests pass", run.tests.len()),
        Outcome::Failed => {
            let report = run.failure_report();
            if !report.is_empty() {
                println!("{report}\n");
            } else if !run.stderr.trim().is_empty() {
                println!("{}", tail(&run.stderr, 40));
            }
            for test in run.tests.iter().filter(|t| !t.passed) {
                println!("  ✗ {}", test.name);
            }
            println!(
                "✗ {id}: {} of {} tests pass",
                run.passed_count(),
                run.tests.len()
            );
        }
        Outcome::CompileError(errors) => {
            println!("{}", errors.trim_end());
            println!("✗ {id}: does not compile (the compiler's messages are above)");
        }
        Outcome::TimedOut(limit) => {
            // What finished before the stop (libtest's noise about empty targets left out).
            let finished: Vec<&str> = run
                .stdout
                .lines()
                .filter(|l| l.starts_with("test ") && !l.starts_with("test result"))
                .collect();
            if !finished.is_empty() {
                println!("{}", finished.join("\n"));
            }
            println!(
                "⏰ {id}: the tests were still running after {} s and were stopped. A deadlock? A thread that is never joined, a Sender still alive, a lock still held? (--timeout changes the limit)",
                limit.as_secs()
            );
        }
    }
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
