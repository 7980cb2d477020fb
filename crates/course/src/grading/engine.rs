//! Grading one exercise from a set of sources: the reusable engine.
//!
//! [`Engine::grade_sources`] takes an exercise of the plan and a folder holding a `src/`
//! (a student's, or a wrong solution of the corpus check) and returns an
//! [`ExerciseResult`] with a verdict and a failure message per pristine test. It never
//! fails for anything the sources do: a refusal, a compile error, a hang or a crash is that
//! exercise's `error` or that test's failure. Only Ctrl-C stops it (an `Err` with exit
//! code 130).
//!
//! The steps: read the sources as data ([`super::submission`]); scan them
//! ([`super::scan`]); lay down a fresh scratch workspace in this grading's slot
//! ([`super::scratch`]); build it in the sandbox under the build limit
//! ([`super::build`]); list the tests from the test binaries and check them against the
//! pristine files; run each test alone and decide its verdict ([`super::verdict`]).

use super::build::{self, Built};
use super::points::Points;
use super::report::ExerciseResult;
use super::sandbox::Sandbox;
use super::scratch::{self, Layout, Slot};
use super::submission;
use super::verdict::{self, SENTINEL, Verdict};
use super::{report::TestResult, scan};
use crate::error::{Fail, Result};
use crate::plan::Item;
use crate::proc::{self, Ending};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Time limits of one exercise.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// How long each test may run.
    pub test: Duration,
    /// How long the build may run (a `const` that never ends stops here).
    pub build: Duration,
}

/// A grading in progress: its slot, sandbox, secret and rules.
pub struct Engine {
    root: PathBuf,
    slot: Slot,
    sandbox: Sandbox,
    limits: Limits,
    points: Points,
    key: [u64; 2],
    configs: Vec<(PathBuf, Vec<u8>)>,
}

impl Engine {
    /// Takes a free slot under `<target>/course-grade/` for a grading with the pristine
    /// files of the course at `root`.
    pub fn new(root: &Path, limits: Limits) -> Result<Engine> {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        let target = if target.is_absolute() {
            target
        } else {
            root.join(target)
        };
        let slot = Slot::acquire(&target.join("course-grade"))?;
        Ok(Engine {
            root: root.to_path_buf(),
            configs: scratch::cargo_configs(&slot.ws()),
            slot,
            sandbox: Sandbox::detect(),
            limits,
            points: Points::load(root)?,
            key: verdict::random_u64s::<2>(),
        })
    }

    /// The sandbox's name, for the report.
    pub fn sandbox(&self) -> &'static str {
        self.sandbox.name()
    }

    /// Grades the exercise `item` of the student's workspace `student` (never modified):
    /// its `src/` is graded, its `tests/` and `Cargo.toml` are only compared with the
    /// pristine ones (`tampered`).
    pub fn grade_exercise(&self, item: &Item, student: &Path) -> Result<ExerciseResult> {
        let rel = item.rel_dir();
        let dir = student.join(&rel);
        let max = self.max_without_run(item);
        let shown = crate::fsutil::rel(&rel, Path::new(""));
        if let Err(refusal) = submission::check_path(student, &dir.join("src")) {
            return Ok(ExerciseResult::refused(item.id(), max, refusal));
        }
        if !dir.is_dir() {
            return Ok(ExerciseResult::refused(
                item.id(),
                max,
                format!("{shown}/ is missing: not handed in"),
            ));
        }
        let tampered = self.tampered(&dir, &rel);
        let mut result = self.grade_sources(item, &dir.join("src"))?;
        result.tampered = tampered;
        Ok(result)
    }

    /// Grades the sources in `src_dir` (a folder like an exercise's `src/`) against the
    /// pristine tests of `item`: a verdict and a failure message per test.
    pub fn grade_sources(&self, item: &Item, src_dir: &Path) -> Result<ExerciseResult> {
        let id = item.id();
        let max = self.max_without_run(item);
        let files = match submission::read_tree(src_dir, Path::new("src")) {
            Ok(files) => files,
            Err(refusal) => return Ok(ExerciseResult::refused(id, max, refusal)),
        };
        if !files.iter().any(|(p, _)| p == Path::new("lib.rs")) {
            return Ok(ExerciseResult::refused(
                id,
                max,
                "src/lib.rs is missing".into(),
            ));
        }
        let mut texts = Vec::new();
        for (path, bytes) in &files {
            if path.extension().is_some_and(|e| e == "rs") {
                match String::from_utf8(bytes.clone()) {
                    Ok(text) => texts.push((path.clone(), text)),
                    Err(_) => {
                        return Ok(ExerciseResult::refused(
                            id,
                            max,
                            format!("src/{} is not UTF-8 text", path.display()),
                        ));
                    }
                }
            }
        }
        let found = scan::scan(&texts);
        let mut result = ExerciseResult::empty(id, max);
        result.flags = found.flags;
        if !found.refusals.is_empty() {
            result.error = Some(format!(
                "refused: the sources read files outside src/ at compile time:\n{}",
                found.refusals.join("\n")
            ));
            return Ok(result);
        }
        let ws = self.slot.ws();
        if scratch::cargo_configs(&ws) != self.configs {
            return Err(Fail::failure(format!(
                "a cargo configuration file above {} appeared or changed while grading (planted by a student's code?); check it, then grade again",
                ws.display()
            )));
        }
        let rel = item.rel_dir();
        let sentinel = verdict::sentinel_source(self.key);
        let layout = Layout {
            root: &self.root,
            rel: &rel,
            src: &files,
            sentinel: &sentinel,
        };
        if let Err(e) = scratch::lay_down(&ws, &layout) {
            result.error = Some(format!("the scratch workspace could not be written: {e}"));
            return Ok(result);
        }
        let binaries = match build::build(self.build_command(id), id, self.limits.build) {
            Built::Binaries(b) => b,
            Built::Failed(why) => {
                result.error = Some(why);
                return Ok(result);
            }
            Built::Interrupted => return Err(proc::interrupted_error()),
        };
        let mut tests = Vec::new();
        for (target, exe) in &binaries {
            match self.list(
                exe,
                &ws.join(&rel),
                &self
                    .root
                    .join(&rel)
                    .join("tests")
                    .join(format!("{target}.rs")),
            ) {
                Ok(names) => tests.extend(names.into_iter().map(|n| (exe.clone(), n))),
                Err(why) => {
                    result.error = Some(why);
                    return Ok(result);
                }
            }
        }
        if tests.is_empty() {
            result.error = Some("the pristine test binaries list no test".into());
            return Ok(result);
        }
        for (exe, name) in &tests {
            let verdict = self.run_one(exe, &ws.join(&rel), name)?;
            result.tests.push(match verdict {
                Verdict::Passed => TestResult {
                    name: name.clone(),
                    passed: true,
                    message: None,
                },
                Verdict::Failed(message) => TestResult {
                    name: name.clone(),
                    passed: false,
                    message: Some(message),
                },
            });
        }
        result.tests_total = result.tests.len();
        result.tests_passed = result.tests.iter().filter(|t| t.passed).count();
        result.passed = result.tests_passed == result.tests_total;
        (result.score, result.max_score) =
            self.points
                .score(id, result.tests_passed, result.tests_total);
        Ok(result)
    }

    fn max_without_run(&self, item: &Item) -> u32 {
        let tests = self.root.join(item.rel_dir()).join("tests");
        let mut files = Vec::new();
        let _ = crate::fsutil::walk_files(&tests, &mut files);
        let count = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .map(|t| t.matches("#[test]").count() + t.matches("#[tokio::test").count())
            .sum();
        self.points.max_without_run(item.id(), count)
    }

    /// Do the student's `tests/` and `Cargo.toml` differ from the pristine ones?
    fn tampered(&self, dir: &Path, rel: &Path) -> bool {
        let ours = self.root.join(rel);
        let same_tests = match (
            submission::read_tree(&dir.join("tests"), Path::new("tests")),
            submission::read_tree(&ours.join("tests"), Path::new("tests")),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        let manifest = |d: &Path| {
            std::fs::symlink_metadata(d.join("Cargo.toml"))
                .ok()
                .filter(|m| m.is_file() && m.len() <= submission::FILE_CAP)
                .and_then(|_| std::fs::read(d.join("Cargo.toml")).ok())
        };
        !same_tests || manifest(dir) != manifest(&ours)
    }

    fn build_command(&self, package: &str) -> Command {
        let cargo = which(&std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        let ws = self.slot.ws();
        let slot = self.slot.dir.clone();
        let mut writable: Vec<&Path> = vec![&slot];
        let cargo_home = cargo_home();
        if let Some(home) = &cargo_home {
            writable.push(home); // cargo locks its package cache, even offline
        }
        let mut cmd = self
            .sandbox
            .command(&cargo, &ws, &self.root, &[], &writable, false);
        cmd.args([
            "test",
            "--no-run",
            "--message-format",
            "json",
            "--color",
            "never",
        ])
        .args(["-p", package, "--test", "*"])
        .env("CARGO_TARGET_DIR", self.slot.target());
        if matches!(self.sandbox, Sandbox::Bwrap(_)) {
            cmd.arg("--offline"); // no network in the sandbox
        }
        cmd
    }

    /// The tests a pristine test binary lists (ignored ones left out), each checked against
    /// the pristine test file and present once.
    fn list(
        &self,
        exe: &Path,
        cwd: &Path,
        pristine: &Path,
    ) -> std::result::Result<Vec<String>, String> {
        let source = std::fs::read_to_string(pristine)
            .map_err(|e| format!("reading the pristine {}: {e}", pristine.display()))?;
        let run = |extra: &[&str]| -> std::result::Result<Vec<String>, String> {
            let mut cmd = self.test_command(exe, cwd, None)?;
            cmd.args(["--list", "--format", "terse"]).args(extra);
            let out = proc::run(cmd, self.limits.test).map_err(|e| e.message)?;
            if !out.success() {
                return Err(format!(
                    "the test binary could not list its tests ({:?}):\n{}",
                    out.ending,
                    out.stderr.trim()
                ));
            }
            Ok(verdict::listed(&out.stdout))
        };
        let all = run(&[])?;
        let ignored = run(&["--ignored"])?;
        let mut names = Vec::new();
        for name in all.into_iter().filter(|n| !ignored.contains(n)) {
            let last = name.rsplit("::").next().unwrap_or(&name);
            let declared = source.match_indices(&format!("fn {last}")).any(|(at, m)| {
                !source[at + m.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            });
            if !declared || names.contains(&name) || name.as_str() >= SENTINEL {
                return Err(format!(
                    "the test binary lists `{name}`, which is not a test of the pristine {} (or is listed twice)",
                    pristine.file_name().unwrap_or_default().to_string_lossy()
                ));
            }
            names.push(name);
        }
        Ok(names)
    }

    fn test_command(
        &self,
        exe: &Path,
        cwd: &Path,
        _name: Option<&str>,
    ) -> std::result::Result<Command, String> {
        let tmp = self.slot.tmp().map_err(|e| e.message)?;
        self.sandbox.give(&tmp);
        let slot = self.slot.dir.clone();
        let mut cmd = self
            .sandbox
            .command(exe, cwd, &self.root, &[&slot], &[&tmp], true);
        cmd.env("TMPDIR", &tmp)
            .env("HOME", &tmp)
            .env("RUST_BACKTRACE", "0")
            .env_remove("RUST_TEST_THREADS")
            .env_remove(verdict::NONCE_VAR);
        Ok(cmd)
    }

    /// Runs one test alone, with the sentinel after it, and decides its verdict.
    fn run_one(&self, exe: &Path, cwd: &Path, name: &str) -> Result<Verdict> {
        let nonce: String = verdict::random_u64s::<2>()
            .iter()
            .map(|n| format!("{n:016x}"))
            .collect();
        let mut cmd = match self.test_command(exe, cwd, Some(name)) {
            Ok(cmd) => cmd,
            Err(why) => return Ok(Verdict::Failed(format!("could not be run: {why}"))),
        };
        cmd.args([
            "--exact",
            name,
            SENTINEL,
            "--test-threads=1",
            "--color",
            "never",
        ])
        .env(verdict::NONCE_VAR, &nonce)
        .env(verdict::TEST_VAR, name);
        let out = match proc::run(cmd, self.limits.test) {
            Ok(out) => out,
            Err(e) => return Ok(Verdict::Failed(format!("could not be run: {e}"))),
        };
        if out.ending == Ending::Interrupted {
            return Err(proc::interrupted_error());
        }
        let expected = verdict::evidence(self.key, &nonce, name);
        Ok(verdict::decide(
            name,
            &expected,
            &out,
            self.limits.test.as_secs(),
        ))
    }
}

/// `program` resolved on PATH (the sandbox needs a full path); as given if not found.
fn which(program: &std::ffi::OsStr) -> PathBuf {
    let p = PathBuf::from(program);
    if p.components().count() > 1 {
        return p;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join(&p))
        .find(|c| c.is_file())
        .unwrap_or(p)
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .filter(|p| p.is_dir())
}
