//! `course assign --lessons 1,3 --out DIR`: a standalone student workspace.
//!
//! It holds the chosen lessons' exercises (stubs, tests, READMEs), the demos those lessons
//! refer to, the toolkit, the course tool, the same `Cargo.lock`, a `course.toml` with just
//! those lessons, and a class README. It holds no solution source: `solutions/` is never
//! copied, and the last step checks that no file of it slipped in.
//!
//! **Everything comes from git**, at `--rev` (default `HEAD`), never from the working tree:
//! an instructor's solved exercises and local edits are not handed out (a note says when
//! the working tree differs). `.course/assignment.toml` records what was assigned, from
//! which commit, for the grader ([`record`]).
//!
//! The root `Cargo.toml` is a *virtual* workspace (no root package): the course's own
//! root package has tests for every demo, and most demos are not assigned.

mod filter;
mod out;
mod readme;
mod record;
mod source;

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::manifest::{path_dependencies, workspace_manifest};
use crate::plan::{Lesson, Plan};
use filter::filter_plan;
use readme::class_readme;
use record::{AssignedExercise, Assignment};
use source::Revision;
use std::path::Path;
use std::process::Command;

/// Writes the workspace from git revision `rev`; exit code 0.
pub fn run(
    ctx: &Ctx,
    lessons: &str,
    out: &Path,
    force: bool,
    no_git: bool,
    rev: &str,
) -> Result<i32> {
    // Everything is checked, and read from git, before the first file is written.
    let revision = Revision::open(&ctx.root, rev)?;
    let plan_text = text_at(&revision, "course.toml")?;
    let plan =
        Plan::parse(&plan_text).map_err(|e| Fail::failure(format!("course.toml at {rev}: {e}")))?;
    let lessons = plan.lessons_from_list(lessons)?;
    out::check(&ctx.root, out, force)?;
    let manifest: toml::Table = text_at(&revision, "Cargo.toml")?
        .parse()
        .context(|| format!("parsing Cargo.toml at {rev}"))?;

    let Handout {
        crates,
        members,
        paths,
        assigned,
    } = choose(&revision, &plan, &lessons, &manifest, rev);
    no_solutions(&revision, &paths)?;
    // What to compare with the working tree: the folders handed out whole (so new files in
    // them count too), and the single files around them.
    let mut tops: Vec<String> = crates
        .iter()
        .cloned()
        .chain(assigned.iter().map(|e| e.dir.clone()))
        .collect();
    let loose: Vec<String> = paths
        .iter()
        .filter(|p| !tops.iter().any(|t| p.starts_with(&format!("{t}/"))))
        .cloned()
        .collect();
    tops.extend(loose);
    report_working_tree(&revision, rev, &tops);

    let mut files = revision.read(&paths)?;
    let record = Assignment {
        format: record::FORMAT,
        source_rev: revision.commit.clone(),
        rev_spec: rev.to_string(),
        assigned_at_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        lessons: lessons.iter().map(|l| l.id.clone()).collect(),
        exercises: assigned,
    };
    let generated = [
        (
            "Cargo.toml",
            workspace_manifest(&manifest, &members, ASSIGN_HEADER)?,
        ),
        ("course.toml", filter_plan(&plan_text, &lessons)?),
        ("README.md", class_readme(&plan, &lessons)),
        // The assignment record is committed with the rest, for reference: the grader takes
        // what to grade from the instructor's --lessons, never from a student's file.
        (
            ".gitignore",
            "/target\n/.course/*\n!/.course/assignment.toml\n".to_string(),
        ),
        (record::PATH, record.to_text()),
    ];
    for (name, text) in generated {
        files.insert(name.to_string(), text.into_bytes());
    }
    for (path, bytes) in &files {
        let executable = revision.files.get(path).is_some_and(|b| b.executable);
        write_file(&out.join(path), bytes, executable)?;
    }
    if !no_git && !out.join(".git").exists() {
        init_git(out);
    }
    let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    println!(
        "Wrote a student workspace for lesson(s) {} to {} from git {rev} ({}): {} crates, {} exercises, no solutions.",
        ids.join(", "),
        out.display(),
        revision.short(),
        crates.len(),
        record.exercises.len()
    );
    println!("What was assigned is recorded in {}.", record::PATH);
    println!("Try it: cd {} && cargo course list", out.display());
    // The record travels with the students' copies, so it is theirs to edit: the grader
    // takes what to grade from the instructor's command line, which this line spells out.
    println!(
        "Grade it from this course folder: cargo course grade STUDENT_FOLDER --lessons {0}   \
         (a class: cargo course grade-class CLASS_FOLDER --out GRADEBOOK --lessons {0})",
        ids.join(",")
    );
    Ok(0)
}

/// What a class folder gets from the revision.
struct Handout {
    /// The crates' folders: the toolkit and other path dependencies, the tool, the demos.
    crates: Vec<String>,
    /// The workspace members: the crates, then the exercises.
    members: Vec<String>,
    /// Every file to copy from the revision, sorted.
    paths: Vec<String>,
    /// The exercises, for the assignment record.
    assigned: Vec<AssignedExercise>,
}

/// Chooses the files of `lessons` at `revision`: their exercises, the demos they list, the
/// crates every workspace needs, and the files around them.
fn choose(
    revision: &Revision,
    plan: &Plan,
    lessons: &[&Lesson],
    manifest: &toml::Table,
    rev: &str,
) -> Handout {
    // The crates: the toolkit (and any other path dependency), the course tool, the demos.
    let mut crates: Vec<String> = path_dependencies(manifest);
    crates.push("crates/course".into());
    for lesson in lessons {
        for demo in &lesson.demos {
            let dir = format!("crates/{demo}");
            if revision.has_file(&format!("{dir}/Cargo.toml")) {
                crates.push(dir);
            } else {
                eprintln!(
                    "note: lesson {} refers to demo `{demo}`, which is not in crates/ at {rev}; skipped",
                    lesson.id
                );
            }
        }
    }
    crates.sort();
    crates.dedup();
    let mut members = crates.clone();
    let mut paths: Vec<String> = crates
        .iter()
        .flat_map(|c| revision.files_under(c))
        .collect();
    let mut assigned = Vec::new();
    for lesson in lessons {
        paths.extend(revision.files_in(&lesson.dir));
        for exercise in &lesson.exercises {
            let dir = format!("{}/{}", lesson.dir, exercise.dir);
            paths.extend(revision.files_under(&dir));
            assigned.push(AssignedExercise {
                id: exercise.id.clone(),
                lesson: lesson.id.clone(),
                tests_tree: revision
                    .trees
                    .get(&format!("{dir}/tests"))
                    .cloned()
                    .unwrap_or_default(),
                dir: dir.clone(),
            });
            members.push(dir);
        }
    }
    let mut extras = vec![
        "Cargo.lock",
        ".cargo/config.toml",
        "docs/course-tool.md",
        "rust-toolchain.toml",
    ];
    if let Some(tutorial) = &plan.course.tutorial {
        extras.push(tutorial);
    }
    paths.extend(
        extras
            .into_iter()
            .filter(|f| revision.has_file(f))
            .map(String::from),
    );
    paths.sort();
    paths.dedup();
    Handout {
        crates,
        members,
        paths,
        assigned,
    }
}

/// A text file of the revision.
fn text_at(revision: &Revision, path: &str) -> Result<String> {
    let mut files = revision.read(&[path.to_string()])?;
    let bytes = files.remove(path).unwrap_or_default();
    String::from_utf8(bytes).map_err(|_| Fail::failure(format!("{path} is not UTF-8 text")))
}

/// The promise: no solution source, neither a file under `solutions/` nor a file with the
/// same contents as one (git object ids are content hashes).
fn no_solutions(revision: &Revision, paths: &[String]) -> Result<()> {
    let solution_blobs: std::collections::BTreeSet<&str> = revision
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("solutions/") && p.contains("/src/"))
        .map(|(_, b)| b.oid.as_str())
        .collect();
    let leak = paths.iter().find(|p| {
        p.starts_with("solutions/")
            || revision
                .files
                .get(*p)
                .is_some_and(|b| solution_blobs.contains(b.oid.as_str()))
    });
    match leak {
        Some(path) => Err(Fail::failure(format!(
            "{path} at {} is (a copy of) a solution file; nothing was written",
            revision.short()
        ))),
        None => Ok(()),
    }
}

/// Says so when the working tree differs from what is handed out (local edits, solved
/// exercises): those are not assigned, the committed files are.
fn report_working_tree(revision: &Revision, rev: &str, tops: &[String]) {
    let changed = revision.changed_in_working_tree(tops);
    if changed.is_empty() {
        return;
    }
    let shown: Vec<&str> = changed.iter().take(5).map(String::as_str).collect();
    let more = changed.len().saturating_sub(shown.len());
    eprintln!(
        "note: your working tree differs from {rev} ({}) in {} assigned file(s): {}{}. \
         Those changes are NOT handed out: the files are assigned as committed at {}.",
        revision.short(),
        changed.len(),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        },
        revision.short()
    );
}

/// Writes one file unless it already holds `bytes` (an identical file keeps its time stamp,
/// so cargo does not rebuild it), with the executable bit git recorded.
fn write_file(path: &Path, bytes: &[u8], executable: bool) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    fsutil::write_atomic(path, bytes)?;
    if executable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
            .context(|| format!("making {} executable", path.display()))?;
    }
    Ok(())
}

/// The first lines of a student workspace's Cargo.toml.
const ASSIGN_HEADER: &str = "A student workspace written by `cargo course assign`: a virtual workspace with the\nassigned lessons' exercises, their demos, the toolkit and the course tool.";

/// Makes the workspace a git repository with one commit: `course reset` reads stubs from it.
fn init_git(out: &Path) {
    let git = |args: &[&str]| {
        crate::proc::own_output(Command::new("git").current_dir(out).args(args))
            .is_ok_and(|o| o.status.success())
    };
    let ok = git(&["init", "-q"])
        && git(&["add", "-A"])
        && git(&[
            "-c",
            "user.name=course assign",
            "-c",
            "user.email=course@localhost",
            "commit",
            "-q",
            "-m",
            "The assigned lessons, as handed out",
        ]);
    if !ok {
        eprintln!(
            "note: could not make {} a git repository; `course reset` needs one",
            out.display()
        );
    }
}
