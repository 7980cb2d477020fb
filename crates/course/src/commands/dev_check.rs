//! `course dev check`: the stub check, for the course's authors and CI.
//!
//! For every exercise of `course.toml` it proves:
//! - the plan and the folders agree, both ways (no exercise without a folder, no folder
//!   without an entry), and each exercise has a README.md, a src/, a tests/ and 1 to 3 hints;
//! - the solution crate mirrors the exercise: package `<id>_solution`, lib name `<id>`, and a
//!   `[[test]]` pointing at each of the exercise's test files (one copy of the tests);
//! - the stub compiles without warnings and at least one test *fails at run time*;
//! - the solution compiles without warnings and every test passes;
//! - every wrong solution in the exercise's corpus compiles, is rejected at run time, and
//!   its failure message names the mistake (see [`super::corpus`]).

use super::Ctx;
use crate::error::Result;
use crate::fsutil;
use crate::plan::Item;
use crate::runner::{self, Outcome, TestJob};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How much of the check to run.
pub struct Options {
    /// Only the plan and folder checks.
    pub static_only: bool,
    /// Leave the solutions' tests out (run by `cargo test -p '*_solution'` instead).
    pub skip_solutions: bool,
    /// Delete each wrong solution's test binaries once it is judged (CI's disk).
    pub discard_binaries: bool,
    /// Wrong solutions run at once.
    pub jobs: usize,
    /// The limit on each test run.
    pub timeout: Duration,
}

/// Runs the check; exit code 0 when everything holds, 1 otherwise.
pub fn run(ctx: &Ctx, only: &[String], options: &Options) -> Result<i32> {
    let Options {
        static_only,
        skip_solutions,
        discard_binaries,
        jobs,
        timeout,
    } = *options;
    let started = Instant::now();
    let mut problems: Vec<String> = Vec::new();
    let items: Vec<Item> = if only.is_empty() {
        ctx.plan.items()
    } else {
        only.iter()
            .map(|n| ctx.plan.find(n))
            .collect::<Result<_>>()?
    };
    problems.extend(plan_and_folders(ctx));
    let mut runnable = Vec::new();
    for item in &items {
        let found = structure(ctx, item);
        if found.is_empty() {
            runnable.push(*item);
        }
        problems.extend(found.into_iter().map(|p| format!("{}: {p}", item.id())));
    }
    if !static_only && !runnable.is_empty() {
        let job = |package: &str| TestJob {
            root: ctx.root.clone(),
            package: package.to_string(),
            extra: Vec::new(),
            timeout,
            target_dir: None,
        };
        // Build all stubs, then all solutions, in one cargo call each (in parallel).
        // Not together: a stub and its solution share a lib name.
        let stubs: Vec<String> = runnable.iter().map(|i| i.id().to_string()).collect();
        let solutions: Vec<String> = runnable.iter().map(|i| i.solution_package()).collect();
        if skip_solutions {
            eprintln!("building {} stubs…", stubs.len());
        } else {
            eprintln!("building {} stubs and their solutions…", stubs.len());
        }
        let _ = runner::build_many(&job(&stubs[0]), &stubs);
        if !skip_solutions {
            let _ = runner::build_many(&job(&solutions[0]), &solutions);
        }
        for item in &runnable {
            let stub = runner::run(&job(item.id()))?;
            let mut mine = Vec::new();
            match &stub.outcome {
                Outcome::Failed if stub.tests.iter().any(|t| !t.passed) => {}
                Outcome::Failed => {
                    mine.push("the stub's tests fail, but not in a test (a crash?)".into())
                }
                Outcome::Passed => mine.push(format!(
                    "the stub passes all {} tests; it must fail at least one",
                    stub.tests.len()
                )),
                Outcome::CompileError(e) => mine.push(format!(
                    "the stub does not compile (it must fail at run time):\n{e}"
                )),
                Outcome::TimedOut(t) => mine.push(format!(
                    "the stub's tests hang (stopped after {} s)",
                    t.as_secs()
                )),
            }
            if !stub.warnings.is_empty() {
                mine.push(format!(
                    "the stub compiles with warnings:\n{}",
                    stub.warnings.join("")
                ));
            }
            let solution_line = if skip_solutions {
                "solution not run (--skip-solutions)".to_string()
            } else {
                let solution = runner::run(&job(&item.solution_package()))?;
                mine.extend(solution_problems(&solution));
                format!(
                    "solution passes {}/{}",
                    solution.passed_count(),
                    solution.tests.len()
                )
            };
            let verdict = if mine.is_empty() { "✓" } else { "✗" };
            println!(
                "{verdict} {:<26} stub fails {}/{} tests, {solution_line}",
                item.id(),
                stub.tests.len() - stub.passed_count(),
                stub.tests.len(),
            );
            problems.extend(mine.into_iter().map(|p| format!("{}: {p}", item.id())));
        }
    }
    if !static_only && !runnable.is_empty() {
        let corpus = super::corpus::check(ctx, &runnable, timeout, jobs, discard_binaries)?;
        problems.extend(corpus.problems);
    }
    println!(
        "\nstub check: {} exercise(s), {} problem(s), {:.1} s",
        items.len(),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    for problem in &problems {
        println!("✗ {problem}");
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

/// What is wrong with a solution's test run: it must compile without warnings and pass.
fn solution_problems(solution: &runner::TestRun) -> Vec<String> {
    let mut mine = Vec::new();
    match &solution.outcome {
        Outcome::Passed if !solution.tests.is_empty() => {}
        Outcome::Passed => mine.push("the solution runs no test".into()),
        Outcome::Failed => mine.push(format!(
            "the solution fails {} of {} tests:\n{}",
            solution.tests.len() - solution.passed_count(),
            solution.tests.len(),
            solution.failure_report()
        )),
        Outcome::CompileError(e) => mine.push(format!("the solution does not compile:\n{e}")),
        Outcome::TimedOut(t) => mine.push(format!(
            "the solution's tests hang (stopped after {} s)",
            t.as_secs()
        )),
    }
    if !solution.warnings.is_empty() {
        mine.push(format!(
            "the solution compiles with warnings:\n{}",
            solution.warnings.join("")
        ));
    }
    mine
}

/// The plan and the folders agree, both ways; ids are unique.
fn plan_and_folders(ctx: &Ctx) -> Vec<String> {
    let mut problems = Vec::new();
    let items = ctx.plan.items();
    let mut ids = BTreeSet::new();
    for item in &items {
        if !ids.insert(item.id()) {
            problems.push(format!(
                "course.toml: exercise id `{}` is used twice",
                item.id()
            ));
        }
    }
    let planned: BTreeSet<PathBuf> = items.iter().map(|i| i.rel_dir()).collect();
    let planned_solutions: BTreeSet<PathBuf> = items.iter().map(|i| i.solution_rel_dir()).collect();
    for (top, planned) in [("exercises", &planned), ("solutions", &planned_solutions)] {
        for crate_dir in crate_folders(&ctx.root, top) {
            if !planned.contains(&crate_dir) {
                problems.push(format!(
                    "{}: a crate folder that course.toml does not list",
                    crate_dir.display()
                ));
            }
        }
    }
    for lesson in &ctx.plan.lessons {
        if !ctx.root.join(&lesson.dir).is_dir() {
            problems.push(format!(
                "lesson {}: its folder {} is missing",
                lesson.id, lesson.dir
            ));
        }
    }
    problems
}

/// The `top/*/*` folders that hold a Cargo.toml, relative to the root.
fn crate_folders(root: &Path, top: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(lessons) = std::fs::read_dir(root.join(top)) else {
        return found;
    };
    for lesson in lessons.flatten().filter(|e| e.path().is_dir()) {
        for krate in std::fs::read_dir(lesson.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if krate.path().join("Cargo.toml").is_file() {
                found.push(
                    Path::new(top)
                        .join(lesson.file_name())
                        .join(krate.file_name()),
                );
            }
        }
    }
    found.sort();
    found
}

/// The files and manifests of one exercise and its solution.
fn structure(ctx: &Ctx, item: &Item) -> Vec<String> {
    let mut problems = Vec::new();
    let hints = item.exercise.hints.len();
    if !(1..=3).contains(&hints) {
        problems.push(format!("has {hints} hints in course.toml; give 1 to 3"));
    }
    let dir = ctx.root.join(item.rel_dir());
    if !dir.is_dir() {
        problems.push(format!(
            "its folder {} is missing",
            item.rel_dir().display()
        ));
        return problems;
    }
    for needed in ["README.md", "Cargo.toml", "src/lib.rs"] {
        if !dir.join(needed).is_file() {
            problems.push(format!("{} is missing", needed));
        }
    }
    let tests = test_files(&dir.join("tests"));
    if tests.is_empty() {
        problems.push("tests/ holds no .rs file".into());
    }
    match manifest_names(&dir.join("Cargo.toml")) {
        Ok((package, lib)) => {
            if package != item.id() {
                problems.push(format!(
                    "its package is `{package}`; course.toml says `{}`",
                    item.id()
                ));
            }
            if lib.as_deref().is_some_and(|l| l != item.id()) {
                problems.push(format!("its [lib] name is not `{}`", item.id()));
            }
        }
        Err(e) => problems.push(e),
    }
    let solution = ctx.root.join(item.solution_rel_dir());
    let manifest = solution.join("Cargo.toml");
    match manifest_names(&manifest) {
        Ok((package, lib)) => {
            if package != item.solution_package() {
                problems.push(format!(
                    "the solution's package is `{package}`, not `{}`",
                    item.solution_package()
                ));
            }
            if lib.as_deref() != Some(item.id()) {
                problems.push(format!("the solution's [lib] name must be `{}`", item.id()));
            }
        }
        Err(e) => problems.push(e),
    }
    if solution.join("tests").exists() {
        problems
            .push("the solution has its own tests/; the exercise's tests/ is the only copy".into());
    }
    // Each test file of the exercise is a [[test]] of the solution.
    let targets = test_targets(&manifest);
    for test in &tests {
        let covered = targets.iter().any(|t| {
            solution
                .join(t)
                .canonicalize()
                .ok()
                .zip(test.canonicalize().ok())
                .is_some_and(|(a, b)| a == b)
        });
        if !covered {
            problems.push(format!(
                "the solution has no [[test]] with path = the exercise's {}",
                fsutil::rel(test, &ctx.root)
            ));
        }
    }
    problems
}

/// The `.rs` files of an exercise's `tests/`, sorted.
pub(super) fn test_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// The package name and the `[lib] name` (if set) of a manifest.
fn manifest_names(path: &Path) -> std::result::Result<(String, Option<String>), String> {
    let table = read(path)?;
    let package = table
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| format!("{}: no [package] name", path.display()))?;
    let lib = table
        .get("lib")
        .and_then(|l| l.get("name"))
        .and_then(|n| n.as_str())
        .map(String::from);
    Ok((package.to_string(), lib))
}

fn test_targets(path: &Path) -> Vec<String> {
    read(path)
        .ok()
        .and_then(|t| t.get("test").and_then(|t| t.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.get("path").and_then(|p| p.as_str()).map(String::from))
        .collect()
}

fn read(path: &Path) -> std::result::Result<toml::Table, String> {
    crate::manifest::read(path).map_err(|e| e.message)
}
