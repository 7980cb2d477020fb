//! `course assign --lessons 1,3 --out DIR`: a standalone student workspace.
//!
//! It holds the chosen lessons' exercises (stubs, tests, READMEs), the demos those lessons
//! refer to, the toolkit, the course tool, the same `Cargo.lock`, a `course.toml` with just
//! those lessons, and a class README. It holds no solution source: `solutions/` is never
//! copied, and the last step checks that no file of it slipped in.
//!
//! The root `Cargo.toml` is a *virtual* workspace (no root package): the course's own
//! root package has tests for every demo, and most demos are not assigned.

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::manifest::{path_dependencies, workspace_manifest};
use crate::plan::{Lesson, Plan};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Writes the workspace; exit code 0.
pub fn run(ctx: &Ctx, lessons: &str, out: &Path, force: bool, no_git: bool) -> Result<i32> {
    let lessons = ctx.plan.lessons_from_list(lessons)?;
    if out.exists() {
        let busy = std::fs::read_dir(out)
            .context(|| format!("reading --out {}", out.display()))?
            .next()
            .is_some();
        if busy && !force {
            return Err(Fail::usage(format!(
                "--out {} already holds files; choose an empty or new folder, or add --force to write into it",
                out.display()
            )));
        }
    }
    let root = &ctx.root;
    let skip_target = |p: &Path| p.ends_with("target");

    // The crates: the toolkit (and any other path dependency), the course tool, the demos.
    let mut members = Vec::new();
    let manifest = read_toml(&root.join("Cargo.toml"))?;
    let mut crates: Vec<String> = path_dependencies(&manifest);
    crates.push("crates/course".into());
    for lesson in &lessons {
        for demo in &lesson.demos {
            let dir = format!("crates/{demo}");
            if root.join(&dir).join("Cargo.toml").is_file() {
                crates.push(dir);
            } else {
                eprintln!(
                    "note: lesson {} refers to demo `{demo}`, which is not in crates/; skipped",
                    lesson.id
                );
            }
        }
    }
    crates.sort();
    crates.dedup();
    for dir in &crates {
        fsutil::copy_dir(&root.join(dir), &out.join(dir), &skip_target)?;
        members.push(dir.clone());
    }

    // The exercises: each lesson's files (its README) and the exercises course.toml lists.
    for lesson in &lessons {
        let lesson_dir = root.join(&lesson.dir);
        if let Ok(entries) = std::fs::read_dir(&lesson_dir) {
            for entry in entries.flatten() {
                if entry.path().is_file() {
                    fsutil::copy_file(
                        &entry.path(),
                        &out.join(&lesson.dir).join(entry.file_name()),
                    )?;
                }
            }
        }
        for exercise in &lesson.exercises {
            let rel = Path::new(&lesson.dir).join(&exercise.dir);
            fsutil::copy_dir(&root.join(&rel), &out.join(&rel), &skip_target)?;
            members.push(fsutil::rel(&rel, Path::new("")));
        }
    }

    // The files around them.
    for file in [
        "Cargo.lock",
        ".cargo/config.toml",
        "docs/course-tool.md",
        "rust-toolchain.toml",
    ] {
        if root.join(file).is_file() {
            fsutil::copy_file(&root.join(file), &out.join(file))?;
        }
    }
    if let Some(tutorial) = &ctx.plan.course.tutorial
        && root.join(tutorial).is_file()
    {
        fsutil::copy_file(&root.join(tutorial), &out.join(tutorial))?;
    }
    write(out, "Cargo.toml", &workspace_manifest(&manifest, &members)?)?;
    write(out, "course.toml", &filter_plan(root, &lessons)?)?;
    write(out, "README.md", &class_readme(&ctx.plan, &lessons))?;
    write(out, ".gitignore", "/target\n/.course/\n")?;

    // The promise: no solution source anywhere.
    let mut files = Vec::new();
    fsutil::walk_files(out, &mut files)?;
    if let Some(leak) = files
        .iter()
        .find(|f| fsutil::rel(f, out).starts_with("solutions/"))
    {
        return Err(Fail::failure(format!(
            "a solution file was copied: {}",
            leak.display()
        )));
    }
    if !no_git && !out.join(".git").exists() {
        init_git(out);
    }
    let ids: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    println!(
        "Wrote a student workspace for lesson(s) {} to {} ({} crates, {} exercises, no solutions).",
        ids.join(", "),
        out.display(),
        crates.len(),
        members.len() - crates.len()
    );
    println!("Try it: cd {} && cargo course list", out.display());
    Ok(0)
}

fn read_toml(path: &Path) -> Result<toml::Table> {
    let text = std::fs::read_to_string(path).context(|| format!("reading {}", path.display()))?;
    text.parse()
        .context(|| format!("parsing {}", path.display()))
}

fn write(out: &Path, name: &str, text: &str) -> Result<()> {
    fsutil::write_atomic(&out.join(name), text.as_bytes())
}

/// `course.toml` with only the chosen lessons. It is filtered as text, so the schema
/// comments at the top survive; the result is parsed back to be sure it is right.
fn filter_plan(root: &Path, lessons: &[&Lesson]) -> Result<String> {
    let text = std::fs::read_to_string(root.join("course.toml"))
        .context(|| "reading course.toml".into())?;
    let mut out = String::new();
    let mut keep = true;
    let mut section = String::new();
    let flush = |section: &mut String, out: &mut String, keep: bool| {
        if keep {
            out.push_str(section);
        }
        section.clear();
    };
    for line in text.split_inclusive('\n') {
        if line.trim() == "[[lessons]]" {
            flush(&mut section, &mut out, keep);
            keep = false; // decided when the section's id is seen
        }
        if let Some(id) = line
            .trim()
            .strip_prefix("id")
            .map(str::trim)
            .and_then(|r| r.strip_prefix('='))
            && section.trim_start().starts_with("[[lessons]]")
            && !section.contains("[[lessons.exercises]]")
        {
            let id = id.trim().trim_matches('"');
            keep = lessons.iter().any(|l| l.id == id);
        }
        section.push_str(line);
    }
    flush(&mut section, &mut out, keep);
    let plan =
        Plan::parse(&out).map_err(|e| Fail::failure(format!("filtering course.toml: {e}")))?;
    let got: Vec<&str> = plan.lessons.iter().map(|l| l.id.as_str()).collect();
    let want: Vec<&str> = lessons.iter().map(|l| l.id.as_str()).collect();
    if got != want {
        return Err(Fail::failure(format!(
            "filtering course.toml kept lessons {got:?}, wanted {want:?}"
        )));
    }
    Ok(out)
}

/// The README students see first.
fn class_readme(plan: &Plan, lessons: &[&Lesson]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", plan.course.title);
    let _ = writeln!(
        s,
        "Your workspace for this class. You need Rust (rustup) and nothing else.\n"
    );
    let _ = writeln!(s, "## How to work\n");
    let _ = writeln!(
        s,
        "1. `cargo course list` shows every exercise and where you stand."
    );
    let _ = writeln!(
        s,
        "2. Open the next exercise's folder and read its `README.md`."
    );
    let _ = writeln!(
        s,
        "3. Edit `src/lib.rs` until `cargo test` in that folder is green"
    );
    let _ = writeln!(
        s,
        "   (or run `cargo course check`, or `cargo course watch` to re-check on every save)."
    );
    let _ = writeln!(
        s,
        "4. Stuck? `cargo course hint <exercise>` shows one more hint each time."
    );
    let _ = writeln!(
        s,
        "5. `cargo course reset <exercise>` restores the stub (your files are backed up first).\n"
    );
    let _ = writeln!(
        s,
        "When a test fails it draws the timeline of how your code ran: read it."
    );
    let _ = writeln!(
        s,
        "Do not edit the files in `tests/`: grading uses the original tests.\n"
    );
    let _ = writeln!(s, "## Lessons\n");
    for lesson in lessons {
        let _ = writeln!(
            s,
            "### Lesson {} · {} ({} min)\n",
            lesson.number, lesson.title, lesson.minutes
        );
        let _ = writeln!(
            s,
            "Tutorial section: {}. Demos: {}.\n",
            lesson.section,
            lesson
                .demos
                .iter()
                .map(|d| format!("`cargo run -p {d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for objective in &lesson.objectives {
            let _ = writeln!(s, "- {objective}");
        }
        let _ = writeln!(s, "\n| exercise | folder | title |\n|---|---|---|");
        for e in &lesson.exercises {
            let _ = writeln!(
                s,
                "| `{}` | `{}/{}` | {} |",
                e.id, lesson.dir, e.dir, e.title
            );
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "`docs/course-tool.md` documents every `cargo course` command."
    );
    s
}

/// Makes the workspace a git repository with one commit: `course reset` reads stubs from it.
fn init_git(out: &Path) {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(out)
            .args(args)
            .output()
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
