//! The workspace the tool works on ([`Ctx`]), and "test this exercise and remember the
//! result" ([`Ctx::test`]), which the learner's commands share.

use crate::error::{Context, Result};
use crate::git::git_modified;
use crate::plan::{Item, Plan, find_root};
use crate::runner::{self, Outcome, TestJob, TestRun};
use crate::state::{CachedRun, Progress, source_hash};
use std::path::{Path, PathBuf};
use std::time::Duration;

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
