//! `course grade DIR`: grade one student's workspace with this workspace's pristine tests.
//!
//! What is graded comes from the instructor (`--lessons`, `--exercise`, else every lesson
//! of this workspace's `course.toml`); how, from [`crate::grading`]. The student's folder
//! is never modified. With `--out FILE` the report is rewritten after each exercise, so an
//! interruption loses nothing finished.

use super::Ctx;
use crate::cli::GradeOpts;
use crate::error::{Fail, Result};
use crate::fsutil;
use crate::grading::formats::{self, Format};
use crate::grading::{Engine, Limits, Report, select};
use std::path::Path;
use std::time::Duration;

/// Grades `dir` and prints the report; exit code 0 (the grade is in the report).
pub fn run(
    ctx: &Ctx,
    dir: &Path,
    format: Format,
    [out, junit]: [Option<&Path>; 2],
    opts: &GradeOpts,
) -> Result<i32> {
    let student = student_dir(dir)?;
    for file in [out, junit].into_iter().flatten() {
        check_out_file(ctx, file)?;
    }
    let items = select::chosen(&ctx.plan, opts)?;
    let engine = Engine::new(&ctx.root, limits(opts))?;
    let shown = dir.display().to_string();
    let mut done = Vec::new();
    for item in &items {
        eprintln!("grading {}…", item.id());
        let result = engine.grade_exercise(item, &student)?;
        done.push(result);
        let report = Report::new(shown.clone(), engine.sandbox(), done.clone());
        for (file, format) in [(out, format), (junit, Format::Junit)] {
            if let Some(file) = file {
                fsutil::write_atomic(file, formats::render(&report, format).as_bytes())?;
            }
        }
    }
    let report = Report::new(shown, engine.sandbox(), done);
    print!("{}", formats::render(&report, format));
    Ok(0)
}

/// The limits `opts` asks for.
pub fn limits(opts: &GradeOpts) -> Limits {
    Limits {
        test: Duration::from_secs(opts.timeout.secs),
        build: Duration::from_secs(opts.build_timeout),
    }
}

/// The student's workspace, checked: a folder (not a link, not a file), canonical.
pub fn student_dir(dir: &Path) -> Result<std::path::PathBuf> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| {
        Fail::usage(format!(
            "grade: {}: {e}; give the student's workspace folder",
            dir.display()
        ))
    })?;
    if !meta.is_dir() {
        return Err(Fail::usage(format!(
            "grade: {} is not a folder (a file or a link); give the student's workspace folder",
            dir.display()
        )));
    }
    dir.canonicalize()
        .map_err(|e| Fail::usage(format!("grade: {}: {e}", dir.display())))
}

/// `--out FILE` must be writable and outside the course (exit 2 before anything runs).
fn check_out_file(ctx: &Ctx, out: &Path) -> Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let parent = parent.canonicalize().map_err(|e| {
        Fail::usage(format!(
            "--out {}: its folder cannot be used ({e}); create it first",
            out.display()
        ))
    })?;
    if out.is_dir() {
        return Err(Fail::usage(format!(
            "--out {} is a folder; give a file name",
            out.display()
        )));
    }
    if parent.starts_with(&ctx.root) && !parent.starts_with(ctx.root.join("target")) {
        return Err(Fail::usage(format!(
            "--out {} is inside the course itself; write the report elsewhere",
            out.display()
        )));
    }
    let probe = parent.join(format!(".course-probe-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .map_err(|e| Fail::usage(format!("--out {}: cannot write there: {e}", out.display())))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}
