//! `course grade DIR`: grade a student's workspace with this workspace's pristine tests.
//!
//! The student's folder is never modified. For each exercise, a scratch workspace (under
//! `target/course-grade/`; one grading at a time) gets the
//! student's `src/` and *this* workspace's `Cargo.toml`, `tests/` and toolkit, so nothing
//! the student changed outside `src/` can change the grade. A student's test file that
//! differs from the pristine one is flagged `tampered` (and the pristine one is used).
//! Each exercise is built, then tested under a timeout; a compile error or a timeout scores
//! 0 with the reason. An exercise whose pristine tests all pass earns [`POINTS`], else 0
//! (the report still says how many of its tests pass).

use super::Ctx;
use super::assign::{path_dependencies, workspace_manifest};
use crate::cli::Format;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::plan::{Item, Plan};
use crate::runner::{self, Outcome, TestJob};
use crate::state::folder_hash;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Points per exercise.
pub const POINTS: usize = 10;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Points earned.
    pub score: usize,
    /// Points possible.
    pub max_score: usize,
    /// Per exercise.
    pub exercises: Vec<Graded>,
}

/// One exercise's grade.
#[derive(Debug, Serialize)]
pub struct Graded {
    /// The exercise id.
    pub exercise: String,
    /// Did every pristine test pass?
    pub passed: bool,
    /// Points earned.
    pub score: usize,
    /// Points possible.
    pub max_score: usize,
    /// Pristine tests that passed.
    pub tests_passed: usize,
    /// Pristine tests that ran.
    pub tests_total: usize,
    /// Did the student's `tests/` differ from the pristine one?
    pub tampered: bool,
    /// Why it scored 0 without running (compile error, timeout, missing folder).
    pub error: Option<String>,
    /// Per test.
    pub tests: Vec<GradedTest>,
}

/// One test's result.
#[derive(Debug, Serialize)]
pub struct GradedTest {
    /// The test's name.
    pub name: String,
    /// Did it pass?
    pub passed: bool,
}

/// Grades `dir` and prints the report; exit code 0 (the grade is in the report).
pub fn run(
    ctx: &Ctx,
    dir: &Path,
    format: Format,
    only: &[String],
    timeout: Duration,
) -> Result<i32> {
    if !dir.is_dir() {
        return Err(Fail::usage(format!(
            "grade: {} is not a folder; give the student's workspace",
            dir.display()
        )));
    }
    let student = dir
        .canonicalize()
        .context(|| format!("reading {}", dir.display()))?;
    let items = chosen(ctx, &student, only)?;
    // One scratch workspace and one target folder, used for nothing else. Cargo names build
    // outputs by the package's path *relative to its workspace*, and decides freshness by
    // time stamps: a target folder shared with another workspace holding the same exercise
    // could hand us that workspace's build. In our own scratch copy, a file whose contents
    // change gets a new time stamp, so the build always matches the student being graded.
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| ctx.root.join("target"));
    let scratch = target_root.join("course-grade").join("ws");
    let target_dir = target_root.join("course-grade").join("target");
    prepare(ctx, &scratch, &items)?;

    let mut graded = Vec::new();
    for item in &items {
        eprintln!("grading {}…", item.id());
        graded.push(grade_one(
            ctx,
            &student,
            &scratch,
            &target_dir,
            item,
            timeout,
        )?);
    }
    let report = Report {
        score: graded.iter().map(|g| g.score).sum(),
        max_score: graded.iter().map(|g| g.max_score).sum(),
        exercises: graded,
    };
    let text = match format {
        Format::Text => text(&report, &student),
        Format::Json => {
            serde_json::to_string_pretty(&report).context(|| "encoding JSON".into())? + "\n"
        }
        Format::Markdown => markdown(&report),
        Format::Junit => junit(&report),
    };
    print!("{text}");
    Ok(0)
}

/// The exercises to grade: `--exercise` ones, else those of the student's `course.toml`,
/// else those whose folders exist in the student's workspace.
fn chosen<'a>(ctx: &'a Ctx, student: &Path, only: &[String]) -> Result<Vec<Item<'a>>> {
    if !only.is_empty() {
        return only.iter().map(|name| ctx.plan.find(name)).collect();
    }
    let assigned: Option<Vec<String>> = std::fs::read_to_string(student.join("course.toml"))
        .ok()
        .and_then(|t| Plan::parse(&t).ok())
        .map(|p| p.items().iter().map(|i| i.id().to_string()).collect());
    let items: Vec<Item> = ctx
        .plan
        .items()
        .into_iter()
        .filter(|item| match &assigned {
            Some(ids) => ids.iter().any(|id| id == item.id()),
            None => student.join(item.rel_dir()).is_dir(),
        })
        .collect();
    if items.is_empty() {
        return Err(Fail::usage(format!(
            "grade: {} holds no exercise of this course (no course.toml naming them, no exercise folders)",
            student.display()
        )));
    }
    Ok(items)
}

/// The scratch workspace: this workspace's manifest, lock file, toolkit and exercise
/// manifests and tests; the students' sources come in [`grade_one`].
fn prepare(ctx: &Ctx, scratch: &Path, items: &[Item]) -> Result<()> {
    let manifest: toml::Table = std::fs::read_to_string(ctx.root.join("Cargo.toml"))
        .context(|| "reading Cargo.toml".into())?
        .parse()
        .context(|| "parsing Cargo.toml".into())?;
    let mut members = Vec::new();
    for dep in path_dependencies(&manifest) {
        fsutil::mirror_dir(&ctx.root.join(&dep), &scratch.join(&dep))?;
        members.push(dep);
    }
    for item in items {
        let rel = item.rel_dir();
        let (ours, theirs) = (ctx.root.join(&rel), scratch.join(&rel));
        fsutil::copy_file(&ours.join("Cargo.toml"), &theirs.join("Cargo.toml"))?;
        fsutil::mirror_dir(&ours.join("tests"), &theirs.join("tests"))?;
        members.push(fsutil::rel(&rel, Path::new("")));
    }
    let text = workspace_manifest(&manifest, &members)?;
    if std::fs::read_to_string(scratch.join("Cargo.toml"))
        .ok()
        .as_deref()
        != Some(text.as_str())
    {
        fsutil::write_atomic(&scratch.join("Cargo.toml"), text.as_bytes())?;
    }
    fsutil::copy_file(&ctx.root.join("Cargo.lock"), &scratch.join("Cargo.lock"))
}

fn grade_one(
    ctx: &Ctx,
    student: &Path,
    scratch: &Path,
    target_dir: &Path,
    item: &Item,
    timeout: Duration,
) -> Result<Graded> {
    let rel = item.rel_dir();
    let mut graded = Graded {
        exercise: item.id().to_string(),
        passed: false,
        score: 0,
        max_score: POINTS,
        tests_passed: 0,
        tests_total: 0,
        tampered: false,
        error: None,
        tests: Vec::new(),
    };
    let src = student.join(&rel).join("src");
    if !src.is_dir() {
        graded.error = Some(format!("{} is missing", fsutil::rel(&src, student)));
        return Ok(graded);
    }
    let pristine_tests = ctx.root.join(&rel).join("tests");
    let student_tests = student.join(&rel).join("tests");
    graded.tampered =
        !student_tests.is_dir() || folder_hash(&student_tests)? != folder_hash(&pristine_tests)?;
    fsutil::mirror_dir(&src, &scratch.join(&rel).join("src"))?;

    let run = runner::run(&TestJob {
        root: scratch.to_path_buf(),
        package: item.id().to_string(),
        // Only the integration tests in tests/: unit tests in src/ are the student's own.
        extra: vec!["--test".into(), "*".into()],
        timeout,
        target_dir: Some(target_dir.to_path_buf()),
    })?;
    graded.tests = run
        .tests
        .iter()
        .map(|t| GradedTest {
            name: t.name.clone(),
            passed: t.passed,
        })
        .collect();
    graded.tests_passed = run.passed_count();
    graded.tests_total = run.tests.len();
    match &run.outcome {
        Outcome::Passed => {
            graded.passed = graded.tests_total > 0;
            graded.score = if graded.passed { POINTS } else { 0 };
        }
        Outcome::Failed => {
            if graded.tests_passed == graded.tests_total {
                graded.error = Some(format!(
                    "the test binary failed outside any test:\n{}",
                    super::tail(&run.stderr, 15)
                ));
            }
        }
        Outcome::CompileError(errors) => {
            graded.error = Some(format!("does not compile:\n{}", errors.trim_end()));
        }
        Outcome::TimedOut(limit) => {
            graded.score = 0;
            graded.error = Some(format!(
                "stopped after the {} s timeout (a deadlock or a hang?)",
                limit.as_secs()
            ));
        }
    }
    Ok(graded)
}

fn text(report: &Report, student: &Path) -> String {
    let mut s = format!("Grade of {}\n\n", student.display());
    for g in &report.exercises {
        let mark = if g.passed { "✓" } else { "✗" };
        s += &format!(
            "{mark} {:<26} {:>3}/{:<3} {}/{} tests{}\n",
            g.exercise,
            g.score,
            g.max_score,
            g.tests_passed,
            g.tests_total,
            if g.tampered {
                "  (tests/ tampered: pristine tests used)"
            } else {
                ""
            }
        );
        for t in g.tests.iter().filter(|t| !t.passed) {
            s += &format!("    ✗ {}\n", t.name);
        }
        if let Some(error) = &g.error {
            for line in error.lines().take(30) {
                s += &format!("    {line}\n");
            }
        }
    }
    s + &format!("\nScore: {}/{}\n", report.score, report.max_score)
}

fn markdown(report: &Report) -> String {
    let mut s =
        String::from("| exercise | score | tests | tampered | note |\n|---|---:|---:|:---:|---|\n");
    for g in &report.exercises {
        let note = g
            .error
            .as_deref()
            .and_then(|e| e.lines().next())
            .unwrap_or("")
            .replace('|', "\\|");
        s += &format!(
            "| {} {} | {}/{} | {}/{} | {} | {note} |\n",
            if g.passed { "✅" } else { "❌" },
            g.exercise,
            g.score,
            g.max_score,
            g.tests_passed,
            g.tests_total,
            if g.tampered { "⚠️ yes" } else { "no" }
        );
    }
    s + &format!("\n**Score: {}/{}**\n", report.score, report.max_score)
}

fn junit(report: &Report) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures: usize = report.exercises.iter().map(failures_of).sum();
    let tests: usize = report.exercises.iter().map(|g| g.tests.len().max(1)).sum();
    s += &format!("<testsuites name=\"course grade\" tests=\"{tests}\" failures=\"{failures}\">\n");
    for g in &report.exercises {
        s += &format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            xml(&g.exercise),
            g.tests.len().max(1),
            failures_of(g)
        );
        if let Some(error) = g.error.as_deref().filter(|_| g.tests.is_empty()) {
            s += &format!(
                "    <testcase name=\"build\" classname=\"{}\"><failure message=\"{}\">{}</failure></testcase>\n",
                xml(&g.exercise),
                xml(error.lines().next().unwrap_or("")),
                xml(error)
            );
        }
        for t in &g.tests {
            s += &format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                xml(&t.name),
                xml(&g.exercise)
            );
            s += if t.passed {
                "/>\n"
            } else {
                "><failure message=\"test failed\"/></testcase>\n"
            };
        }
        s += "  </testsuite>\n";
    }
    s + "</testsuites>\n"
}

fn failures_of(g: &Graded) -> usize {
    if g.tests.is_empty() {
        usize::from(g.error.is_some())
    } else {
        g.tests.iter().filter(|t| !t.passed).count()
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
