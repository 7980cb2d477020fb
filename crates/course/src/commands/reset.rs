//! `course reset EXERCISE`: restore the stub, after backing up the learner's files.
//!
//! **Where the stub comes from:** git. The stub is the exercise folder as committed at
//! `--rev` (default `HEAD`), read with `git ls-tree` and `git show`, so no second copy of
//! every stub has to be kept in sync. If you commit your own work, pass the revision that
//! still has the stub (`--rev <first commit>`). `course assign` makes each student
//! workspace a git repository for this reason.
//!
//! Before anything is overwritten, the whole exercise folder (all but a `target/` folder
//! at its top, cargo's output) is copied to a new folder `.course/backups/<id>-<unix
//! time>[-N]/`, never one that exists, and without `--yes` the tool asks first.

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::state::Progress;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Restores the stub; exit code 0, or 2 when refused or not confirmed.
pub fn run(ctx: &Ctx, name: &str, yes: bool, rev: &str) -> Result<i32> {
    let item = ctx.plan.find(name)?;
    let rel = item.rel_dir();
    let dir = ctx.root.join(&rel);
    let stub = stub_files(&ctx.root, rev, &rel)?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(Fail::usage(format!(
                "reset would replace your files in {}; there is no terminal to ask for confirmation, so pass --yes",
                rel.display()
            )));
        }
        print!(
            "Restore the stub of {} ({})? Your files are backed up first. [y/N] ",
            item.id(),
            rel.display()
        );
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(2);
        }
    }

    // 1. The backup, before anything is touched: a new folder every time (never one that
    //    exists), holding everything in the exercise folder but cargo's own `target/`.
    let backup = new_backup_dir(&ctx.root, item.id())?;
    let top_target = dir.join("target");
    fsutil::copy_dir(&dir, &backup, &|p: &Path| p == top_target)?;

    // 2. Remove the learner's extra files in src/ and tests/ (they are in the backup) ...
    for part in ["src", "tests"] {
        let mut files = Vec::new();
        if dir.join(part).is_dir() {
            fsutil::walk_files(&dir.join(part), &mut files)?;
        }
        for file in files {
            let rel_file = Path::new(&fsutil::rel(&file, &ctx.root)).to_path_buf();
            if !stub.iter().any(|(p, _)| *p == rel_file) {
                std::fs::remove_file(&file).context(|| format!("removing {}", file.display()))?;
            }
        }
    }
    // ... and the folders that are now empty (the stub's own folders come back below).
    for part in ["src", "tests"] {
        remove_empty_dirs(&dir.join(part));
    }
    // 3. ... and write the stub's files.
    for (path, bytes) in &stub {
        fsutil::write_atomic(&ctx.root.join(path), bytes)?;
    }
    let mut progress = Progress::load(&ctx.root);
    let state = progress.entry(item.id());
    state.touched = false;
    state.last = None;
    progress.save(&ctx.root)?;
    println!(
        "Restored the stub of {} from git {rev}. Your files are in {}",
        item.id(),
        fsutil::rel(&backup, &ctx.root)
    );
    Ok(0)
}

/// Removes the empty folders below `dir` (not `dir` itself), deepest first. Best effort: a
/// folder that cannot be removed is only clutter, and its files are in the backup.
fn remove_empty_dirs(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_empty_dirs(&path);
            let _ = std::fs::remove_dir(&path); // fails, as it should, unless empty
        }
    }
}

/// Creates and returns a backup folder that did not exist before:
/// `.course/backups/<id>-<unix time>`, or `…-2`, `…-3` when a reset in the same second
/// already made that one. `create_dir` (not `create_dir_all`) fails on an existing
/// folder, so two resets can never write into the same backup.
fn new_backup_dir(root: &Path, id: &str) -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let parent = root.join(".course/backups");
    std::fs::create_dir_all(&parent).context(|| format!("creating {}", parent.display()))?;
    for n in 1..10_000 {
        let name = match n {
            1 => format!("{id}-{stamp}"),
            n => format!("{id}-{stamp}-{n}"),
        };
        let path = parent.join(name);
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(Fail::failure(format!(
                    "creating the backup folder {}: {e}",
                    path.display()
                )));
            }
        }
    }
    Err(Fail::failure(format!(
        "too many backups of {id} in {}; nothing was changed",
        parent.display()
    )))
}

/// The stub's files (path relative to the root, contents) as committed at `rev`.
fn stub_files(root: &Path, rev: &str, rel: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let git = |args: &[&str]| {
        crate::proc::own_output(Command::new("git").current_dir(root).args(args))
            .context(|| "running git (reset reads the stub from git)".into())
    };
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        &rel.to_string_lossy(),
    ])?;
    let names = String::from_utf8_lossy(&listing.stdout).into_owned();
    if !listing.status.success() || names.trim().is_empty() {
        return Err(Fail::failure(format!(
            "no stub of {} found in git at {rev} ({}). reset reads the stub from git; is this a git repository, and was the exercise committed?",
            rel.display(),
            String::from_utf8_lossy(&listing.stderr).trim()
        )));
    }
    names
        .lines()
        .map(|name| {
            let shown = git(&["show", &format!("{rev}:./{name}")])?;
            if !shown.status.success() {
                return Err(Fail::failure(format!("git show {rev}:{name} failed")));
            }
            Ok((PathBuf::from(name), shown.stdout))
        })
        .collect()
}
