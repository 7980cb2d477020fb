//! Runs `cargo test` for one package, under a timeout, and reads libtest's output.
//!
//! Two steps, so that a slow first compile is never mistaken for a hanging test:
//! 1. **build**: `cargo test --no-run` (no timeout worth the name; compiling tokio takes a while);
//! 2. **run**: `cargo test`, which finds everything fresh and only runs the tests, under the
//!    timeout. On timeout, or Ctrl-C, everything the run started is killed (see
//!    [`crate::proc`]), so a deadlocked exercise cannot outlive the check.

use crate::error::Result;
use crate::proc::{self, Captured, Ending};
use serde::Deserialize;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// How long a build may take before we give up on it (cold builds of tokio included).
const BUILD_LIMIT: Duration = Duration::from_secs(15 * 60);

/// What to test and how.
#[derive(Debug, Clone)]
pub struct TestJob {
    /// The workspace root cargo runs in.
    pub root: PathBuf,
    /// The package to test.
    pub package: String,
    /// Extra arguments for `cargo test` (e.g. `--test '*'`).
    pub extra: Vec<String>,
    /// The timeout of the run step.
    pub timeout: Duration,
    /// A target folder; `None` keeps cargo's own choice (the workspace's, or `CARGO_TARGET_DIR`).
    pub target_dir: Option<PathBuf>,
}

/// How a test run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It compiled and every test passed.
    Passed,
    /// It compiled and at least one test failed (or the test binary crashed).
    Failed,
    /// It did not compile; the compiler's errors.
    CompileError(String),
    /// The tests ran longer than the timeout and were stopped.
    TimedOut(Duration),
}

/// One test's result, from a `test name ... ok` line.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// The test's path, e.g. `spawn_overlaps`.
    pub name: String,
    /// Did it pass?
    pub passed: bool,
}

/// The result of [`run`].
#[derive(Debug, Clone)]
pub struct TestRun {
    /// How it ended.
    pub outcome: Outcome,
    /// Every test that ran (ignored ones left out).
    pub tests: Vec<TestCase>,
    /// What libtest printed (the failures, with the timelines the tests drew).
    pub stdout: String,
    /// What cargo printed.
    pub stderr: String,
    /// The compiler's warnings about the tested package.
    pub warnings: Vec<String>,
}

impl TestRun {
    /// Tests that passed.
    pub fn passed_count(&self) -> usize {
        self.tests.iter().filter(|t| t.passed).count()
    }

    /// The failure reports libtest printed: each failing test's output, with its timeline.
    pub fn failure_report(&self) -> String {
        failure_sections(&self.stdout)
    }
}

/// The cargo to run: the one that started us if any (`cargo course`), else `cargo` on PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Builds, then runs, the tests of `job.package`.
pub fn run(job: &TestJob) -> Result<TestRun> {
    let built = build(job)?;
    if !built.ok {
        return Ok(TestRun {
            outcome: Outcome::CompileError(built.errors),
            tests: Vec::new(),
            stdout: String::new(),
            stderr: built.stderr,
            warnings: built.warnings,
        });
    }
    let mut cmd = cargo();
    cmd.current_dir(&job.root)
        .args([
            "test",
            "--color",
            "never",
            "--no-fail-fast",
            "-p",
            &job.package,
        ])
        .args(&job.extra)
        // A failing exercise test draws the learner's timeline; a backtrace would bury it
        // under frames of the test harness. (`cargo test` in the folder still honours it.)
        .env("RUST_BACKTRACE", "0");
    if let Some(dir) = &job.target_dir {
        cmd.env("CARGO_TARGET_DIR", dir);
    }
    let out = run_with_timeout(cmd, job.timeout)?;
    let tests = parse_tests(&out.stdout);
    let outcome = if out.ending == Ending::TimedOut {
        Outcome::TimedOut(job.timeout)
    } else if out.success() && tests.iter().all(|t| t.passed) {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    Ok(TestRun {
        outcome,
        tests,
        stdout: out.stdout,
        stderr: out.stderr,
        warnings: built.warnings,
    })
}

/// The result of the build step.
#[derive(Debug)]
pub struct Built {
    /// Did it compile?
    pub ok: bool,
    /// The compiler's errors, as rustc renders them.
    pub errors: String,
    /// The compiler's warnings about the packages asked for (not their dependencies).
    pub warnings: Vec<String>,
    /// What cargo printed.
    pub stderr: String,
}

/// `cargo test --no-run` for `job.package` (and `more` packages, built together in parallel).
pub fn build(job: &TestJob) -> Result<Built> {
    build_many(job, std::slice::from_ref(&job.package))
}

/// `cargo test --no-run` for several packages at once; warnings are those of `packages`.
pub fn build_many(job: &TestJob, packages: &[String]) -> Result<Built> {
    let mut cmd = cargo();
    cmd.current_dir(&job.root)
        .args(["test", "--no-run", "--message-format", "json"])
        .args(&job.extra);
    for package in packages {
        cmd.args(["-p", package]);
    }
    if let Some(dir) = &job.target_dir {
        cmd.env("CARGO_TARGET_DIR", dir);
    }
    let out = run_with_timeout_capped(cmd, BUILD_LIMIT, CARGO_MESSAGES_CAP)?;
    let mut errors = String::new();
    let mut warnings = Vec::new();
    for line in out.stdout.lines() {
        let Ok(msg) = serde_json::from_str::<CargoMessage>(line) else {
            continue;
        };
        let Some(diag) = msg.message.filter(|_| msg.reason == "compiler-message") else {
            continue;
        };
        let ours = packages
            .iter()
            .any(|p| msg.package_id.contains(&format!("#{p}@")))
            || packages
                .iter()
                .any(|p| msg.package_id.contains(&format!("/{p}#")));
        let rendered = diag.rendered.unwrap_or(diag.message);
        match diag.level.as_str() {
            // A lib's error comes twice, once per target that compiles it (the lib and
            // its unit tests): show it once.
            "error" if !errors.contains(&rendered) => errors.push_str(&rendered),
            "error" => {}
            "warning"
                if ours
                    && !rendered.contains("warning emitted")
                    && !rendered.contains("warnings emitted") =>
            {
                warnings.push(rendered)
            }
            _ => {}
        }
    }
    let ok = out.success();
    if !ok && errors.is_empty() {
        // Not a compiler error: a bad manifest, a missing package... cargo says what.
        errors = out
            .stderr
            .lines()
            .filter(|l| {
                !l.trim_start().starts_with("Compiling") && !l.trim_start().starts_with("Blocking")
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    Ok(Built {
        ok,
        errors,
        warnings,
        stderr: out.stderr,
    })
}

/// One line of `--message-format json`, just the parts we read.
#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    #[serde(default)]
    package_id: String,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: String,
    rendered: Option<String>,
}

/// The most of cargo's own output kept from a build of many packages (its JSON messages, one
/// per artifact): far more than the 1 MiB kept of a student's output.
pub const CARGO_MESSAGES_CAP: usize = 256 << 20;

/// Runs `cmd` under `limit` (see [`proc`]); Ctrl-C becomes an error with exit code 130.
pub fn run_with_timeout(cmd: Command, limit: Duration) -> Result<Captured> {
    run_with_timeout_capped(cmd, limit, proc::OUTPUT_CAP)
}

/// [`run_with_timeout`], keeping at most `cap` bytes of each output stream.
pub fn run_with_timeout_capped(cmd: Command, limit: Duration, cap: usize) -> Result<Captured> {
    let out = proc::run_capped(cmd, limit, cap)?;
    if out.ending == Ending::Interrupted {
        return Err(proc::interrupted_error());
    }
    Ok(out)
}

/// Reads libtest's `test name ... ok` / `... FAILED` lines.
pub fn parse_tests(stdout: &str) -> Vec<TestCase> {
    stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, result) = rest.rsplit_once(" ... ")?;
            let passed = match result.trim() {
                "ok" => true,
                "FAILED" => false,
                _ => return None, // ignored, or a benchmark
            };
            Some(TestCase {
                name: name.trim().to_string(),
                passed,
            })
        })
        .collect()
}

/// The `failures:` sections of libtest's output: each failing test's output and panic message.
pub fn failure_sections(stdout: &str) -> String {
    let mut report = String::new();
    let mut inside = false;
    for line in stdout.lines() {
        if line == "failures:" && !inside {
            inside = true;
            continue;
        }
        if inside && (line.starts_with("test result:") || line == "failures:") {
            inside = false;
            continue;
        }
        if inside {
            report.push_str(line);
            report.push('\n');
        }
    }
    report.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\nrunning 3 tests\ntest a ... ok\ntest b::c ... FAILED\ntest d ... ignored\n\nfailures:\n\n---- b::c stdout ----\ntimeline here\n\nthread 'b::c' panicked\n\nfailures:\n    b::c\n\ntest result: FAILED. 1 passed; 1 failed; 1 ignored\n";

    #[test]
    fn reads_libtest_lines() {
        let tests = parse_tests(OUTPUT);
        assert_eq!(tests.len(), 2);
        assert!(tests[0].passed && !tests[1].passed);
        assert_eq!(tests[1].name, "b::c");
    }

    #[test]
    fn keeps_the_failing_tests_output() {
        let report = failure_sections(OUTPUT);
        assert!(report.contains("timeline here"), "{report}");
        assert!(!report.contains("test result"), "{report}");
    }
}
