//! `course reset EXERCISE`: restore the stub, after backing up the learner's files.
//!
//! **Where the stub comes from:** git. The stub is the exercise folder as committed at
//! `--rev` (default `HEAD`), read with `git ls-tree` and `git show`, so no second copy of
//! every stub has to be kept in sync. If you commit your own work, pass the revision that
//! still has the stub (`--rev <first commit>`). `course assign` makes each student
//! workspace a git repository for this reason.
//!
//! Before anything is overwritten, the whole exercise folder is copied to
//! `.course/backups/<id>-<unix time>/`, and without `--yes` the tool asks first.

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::state::Progress;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
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

    // 1. The backup, before anything is touched.
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let backup = ctx
        .root
        .join(".course/backups")
        .join(format!("{}-{stamp}", item.id()));
    fsutil::copy_dir(&dir, &backup, &|p: &Path| p.ends_with("target"))?;

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

/// The stub's files (path relative to the root, contents) as committed at `rev`.
fn stub_files(root: &Path, rev: &str, rel: &Path) -> Result<Vec<(std::path::PathBuf, Vec<u8>)>> {
    let git = |args: &[&str]| {
        Command::new("git")
            .current_dir(root)
            .args(args)
            .output()
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
            Ok((std::path::PathBuf::from(name), shown.stdout))
        })
        .collect()
}
