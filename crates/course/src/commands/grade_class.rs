//! `course grade-class DIR --out GRADEBOOK`: grade every student workspace in DIR.
//!
//! Each student is graded by a `course grade` process of its own (its own scratch slot,
//! its own child subreaper), at most `--jobs` at once. Each finished student's JSON is
//! written to `GRADEBOOK/students/` at once, with a hash of the files it was graded from:
//! after an interruption, a second run regrades only the students not finished, or whose
//! files changed (`--regrade`: all). A broken or empty student folder is a row with its
//! reason. The gradebook (`gradebook.csv`, `gradebook.md`) is written from every student's
//! JSON at the end, and after an interruption too.

use super::Ctx;
use crate::cli::GradeOpts;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::grading::report::{ExerciseResult, Report, printable_line};
use crate::grading::{points::Points, select, submission};
use crate::proc::{self, Ending, Running};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One student's line of the gradebook, as kept in `students/<name>.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The student's folder name.
    student: String,
    /// A hash of what was graded (the student's files and the grading options).
    hash: String,
    /// Why the student has no report (a file, a link, the grader failed).
    error: Option<String>,
    /// The report.
    report: Option<Report>,
}

/// Grades the class; exit code 0 (the grades are in the gradebook).
pub fn run(
    ctx: &Ctx,
    dir: &Path,
    out: &Path,
    jobs: Option<u32>,
    regrade: bool,
    opts: &GradeOpts,
) -> Result<i32> {
    let class = class_dir(dir)?;
    let out = out_dir(ctx, &class, out)?;
    let items = select::chosen(&ctx.plan, opts)?;
    let ids: Vec<String> = items.iter().map(|i| i.id().to_string()).collect();
    let points = Points::load(&ctx.root)?;
    let options = format!(
        "{:?}|{:?}|{ids:?}|{points:?}",
        opts.timeout, opts.build_timeout
    );
    let students = students(&class)?;
    let jobs = jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let bar = progress(students.len());
    let started = Instant::now();
    let mut queue = Vec::new();
    for (name, path) in &students {
        let file = out
            .join("students")
            .join(format!("{}.json", file_name(name)));
        let hash = match path {
            Ok(p) => hash_inputs(
                p,
                &items.iter().map(|i| i.rel_dir()).collect::<Vec<_>>(),
                &options,
            ),
            Err(_) => String::new(),
        };
        let previous: Option<Entry> = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        match (path, previous) {
            (Err(reason), _) => {
                save(
                    &file,
                    &Entry {
                        student: name.clone(),
                        hash,
                        error: Some(reason.clone()),
                        report: None,
                    },
                )?;
                bar.inc(1);
            }
            (Ok(_), Some(prev)) if prev.hash == hash && !regrade && prev.report.is_some() => {
                bar.println(format!("{}: unchanged, kept", printable_line(name)));
                bar.inc(1);
            }
            (Ok(p), _) => queue.push((name.clone(), p.clone(), hash, file)),
        }
    }
    let limit = Duration::from_secs(
        (opts.build_timeout + 20 * opts.timeout.secs) * ids.len().max(1) as u64,
    );
    let mut running: Vec<(Running, String, String, PathBuf)> = Vec::new();
    let mut interrupted = false;
    while !queue.is_empty() || !running.is_empty() {
        while running.len() < jobs && !queue.is_empty() && !interrupted {
            let (name, path, hash, file) = queue.remove(0);
            bar.set_message(printable_line(&name));
            let child = Running::start(grade_command(ctx, &path, opts), limit)?;
            running.push((child, name, hash, file));
        }
        let mut i = 0;
        while i < running.len() {
            match running[i].0.try_finish()? {
                None => i += 1,
                Some(done) => {
                    let (_, name, hash, file) = running.remove(i);
                    if done.ending == Ending::Interrupted {
                        interrupted = true;
                        continue;
                    }
                    let entry = entry_of(&name, hash, &done);
                    save(&file, &entry)?;
                    bar.inc(1);
                }
            }
        }
        if proc::interrupted() {
            interrupted = true;
            queue.clear();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    bar.finish_and_clear();
    let entries = gradebook(&out, &students, &ids)?;
    eprintln!(
        "graded {} students in {:.1} s; gradebook in {}",
        entries,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    if interrupted {
        return Err(proc::interrupted_error());
    }
    Ok(0)
}

/// The `course grade` process for one student.
fn grade_command(ctx: &Ctx, student: &Path, opts: &GradeOpts) -> Command {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("course"));
    let mut cmd = Command::new(exe);
    cmd.arg("--root").arg(&ctx.root).arg("grade").arg(student);
    cmd.args([
        "--format",
        "json",
        "--timeout",
        &opts.timeout.secs.to_string(),
    ]);
    cmd.args(["--build-timeout", &opts.build_timeout.to_string()]);
    if let Some(lessons) = &opts.lessons {
        cmd.args(["--lessons", lessons]);
    }
    for e in &opts.exercises {
        cmd.args(["--exercise", e]);
    }
    cmd
}

fn entry_of(name: &str, hash: String, done: &proc::Captured) -> Entry {
    let report: Option<Report> = serde_json::from_str(&done.stdout).ok();
    let error = match (&report, done.ending) {
        (Some(_), _) => None,
        (None, Ending::TimedOut) => Some("the grading of this student ran past its limit".into()),
        (None, ending) => Some(format!(
            "the grader failed ({ending:?}): {}",
            crate::print::tail(&done.stderr, 5)
        )),
    };
    Entry {
        student: name.to_string(),
        hash,
        error,
        report,
    }
}

fn save(file: &Path, entry: &Entry) -> Result<()> {
    let json = serde_json::to_string_pretty(entry).context(|| "encoding JSON".into())?;
    fsutil::write_atomic(file, json.as_bytes())
}

/// The class folder, checked (exit 2 when missing, a file or a link).
fn class_dir(dir: &Path) -> Result<PathBuf> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| {
        Fail::usage(format!(
            "grade-class: {}: {e}; give the folder of student workspaces",
            dir.display()
        ))
    })?;
    if !meta.is_dir() {
        return Err(Fail::usage(format!(
            "grade-class: {} is not a folder; give the folder of student workspaces (one per subfolder)",
            dir.display()
        )));
    }
    std::fs::read_dir(dir).map_err(|e| {
        Fail::usage(format!(
            "grade-class: {} cannot be read: {e}",
            dir.display()
        ))
    })?;
    dir.canonicalize()
        .map_err(|e| Fail::usage(format!("{}: {e}", dir.display())))
}

/// The gradebook folder: created, writable, not in the course nor in the class (exit 2).
fn out_dir(ctx: &Ctx, class: &Path, out: &Path) -> Result<PathBuf> {
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .context(|| "reading the current folder".into())?
            .join(out)
    };
    // Resolve what exists of it (links included) before comparing with the course and the class.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().unwrap_or_default().to_os_string());
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    if resolved.starts_with(&ctx.root) || ctx.root.starts_with(&resolved) {
        return Err(Fail::usage(format!(
            "--out {} is the course or inside it; write the gradebook elsewhere",
            out.display()
        )));
    }
    if resolved.starts_with(class) || class.starts_with(&resolved) {
        return Err(Fail::usage(format!(
            "--out {} is inside the class folder (it would be graded as a student); write it elsewhere",
            out.display()
        )));
    }
    if resolved.exists() && !resolved.is_dir() {
        return Err(Fail::usage(format!(
            "--out {} is a file; give a folder",
            out.display()
        )));
    }
    std::fs::create_dir_all(resolved.join("students")).map_err(|e| {
        Fail::usage(format!(
            "--out {}: cannot create the gradebook there: {e}",
            out.display()
        ))
    })?;
    let probe = resolved.join(".probe");
    std::fs::write(&probe, b"")
        .map_err(|e| Fail::usage(format!("--out {}: cannot write there: {e}", out.display())))?;
    let _ = std::fs::remove_file(probe);
    Ok(resolved)
}

/// The class's subfolders, by name; an entry that is not a plain folder comes with its reason.
fn students(class: &Path) -> Result<Vec<(String, std::result::Result<PathBuf, String>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(class).context(|| format!("listing {}", class.display()))? {
        let entry = entry.context(|| format!("listing {}", class.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = std::fs::symlink_metadata(&path).map(|m| m.file_type());
        let value = match kind {
            Ok(k) if k.is_symlink() => Err("a symbolic link, not followed".to_string()),
            Ok(k) if k.is_dir() => match std::fs::read_dir(&path).map(|mut d| d.next().is_none()) {
                Ok(true) => Err("an empty folder".to_string()),
                Ok(false) => Ok(path),
                Err(e) => Err(format!("cannot be read: {e}")),
            },
            Ok(_) => Err("a file, not a student workspace folder".to_string()),
            Err(e) => Err(format!("cannot be read: {e}")),
        };
        out.push((name, value));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// A file name for a student (their folder name, with anything odd replaced).
fn file_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    format!("{clean}-{:.8}", format!("{:x}", h.finalize()))
}

/// A hash of a student's graded folders (links and sizes, never following a link) and the options.
fn hash_inputs(student: &Path, rels: &[PathBuf], options: &str) -> String {
    let mut h = Sha256::new();
    h.update(options.as_bytes());
    for rel in rels {
        let mut stack = vec![student.join(rel)];
        while let Some(path) = stack.pop() {
            h.update(path.to_string_lossy().as_bytes());
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                h.update(b"missing");
                continue;
            };
            if meta.file_type().is_symlink() {
                h.update(
                    std::fs::read_link(&path)
                        .unwrap_or_default()
                        .to_string_lossy()
                        .as_bytes(),
                );
            } else if meta.is_dir() {
                let mut children: Vec<PathBuf> = std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| !p.ends_with("target"))
                    .collect();
                children.sort();
                stack.extend(children);
            } else if meta.is_file() && meta.len() <= submission::FILE_CAP {
                h.update(std::fs::read(&path).unwrap_or_default());
            } else {
                h.update(format!("{:?}{:?}", meta.len(), meta.modified().ok()).as_bytes());
            }
        }
    }
    format!("{:x}", h.finalize())
}

fn progress(n: usize) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} students · {elapsed} · {msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// Writes gradebook.csv and gradebook.md from every student's JSON; returns the rows.
fn gradebook(
    out: &Path,
    students: &[(String, std::result::Result<PathBuf, String>)],
    ids: &[String],
) -> Result<usize> {
    let mut csv = String::from("student,score,max_score");
    for id in ids {
        csv += &format!(",{id}");
    }
    csv += ",tampered,flags,note\n";
    let mut md = format!(
        "| student | total | {} | flags | note |\n|---|---:|{}---|---|\n",
        ids.join(" | "),
        "---:|".repeat(ids.len())
    );
    let mut rows = 0;
    for (name, _) in students {
        let file = out
            .join("students")
            .join(format!("{}.json", file_name(name)));
        let entry: Option<Entry> = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok());
        let Some(entry) = entry else {
            continue; // not graded yet (interrupted)
        };
        rows += 1;
        let cells = |r: &Report| -> Vec<String> {
            ids.iter()
                .map(|id| {
                    r.exercises
                        .iter()
                        .find(|e| &e.exercise == id)
                        .map(|e: &ExerciseResult| format!("{}/{}", e.score, e.max_score))
                        .unwrap_or_else(|| "-".into())
                })
                .collect()
        };
        let (score, cols, tampered, flags, note) = match &entry.report {
            Some(r) => {
                let tampered: Vec<&str> = r
                    .exercises
                    .iter()
                    .filter(|e| e.tampered)
                    .map(|e| e.exercise.as_str())
                    .collect();
                let flags: Vec<String> = r
                    .exercises
                    .iter()
                    .flat_map(|e| e.flags.iter().map(move |f| format!("{}: {f}", e.exercise)))
                    .collect();
                let errors: Vec<String> = r
                    .exercises
                    .iter()
                    .filter_map(|e| {
                        e.error.as_deref().map(|m| {
                            format!(
                                "{}: {}",
                                e.exercise,
                                m.lines().take(2).collect::<Vec<_>>().join(" ")
                            )
                        })
                    })
                    .collect();
                let tampered = if tampered.is_empty() {
                    String::new()
                } else {
                    format!("tampered: {}", tampered.join(" "))
                };
                (
                    format!("{}/{}", r.score, r.max_score),
                    cells(r),
                    tampered,
                    flags.join("; "),
                    errors.join("; "),
                )
            }
            None => (
                "0/0".into(),
                vec!["-".into(); ids.len()],
                String::new(),
                String::new(),
                entry.error.clone().unwrap_or_default(),
            ),
        };
        let (s, m) = score.split_once('/').unwrap_or(("0", "0"));
        csv += &format!("{},{s},{m}", csv_cell(name));
        for c in &cols {
            csv += &format!(",{c}");
        }
        csv += &format!(
            ",{},{},{}\n",
            csv_cell(&tampered),
            csv_cell(&flags),
            csv_cell(&note)
        );
        let md_cell = |t: &str| {
            printable_line(t)
                .replace('|', "\\|")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        md += &format!(
            "| {} | {score} | {} | {} | {} |\n",
            md_cell(name),
            cols.join(" | "),
            md_cell(
                &[tampered.as_str(), flags.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            md_cell(&note)
        );
    }
    fsutil::write_atomic(&out.join("gradebook.csv"), csv.as_bytes())?;
    fsutil::write_atomic(&out.join("gradebook.md"), md.as_bytes())?;
    Ok(rows)
}

/// A CSV cell: quoted when needed; a leading `=`, `+`, `-` or `@` is defused for spreadsheets.
fn csv_cell(text: &str) -> String {
    let mut t = printable_line(text);
    if t.starts_with(['=', '+', '-', '@']) {
        t.insert(0, '\'');
    }
    if t.contains([',', '"', '\n']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}
