//! The scratch slot: where one grading at a time builds and runs, and nothing else does.
//!
//! A slot is `<target>/course-grade/slot-N/`, held with an exclusive `flock` for as long as
//! the grading runs, so two gradings at once take two slots and never share a folder. It
//! holds `ws/` (the scratch workspace) and `target/` (its cargo target folder, kept between
//! gradings so the toolkit and tokio are built once per slot). Before *each* exercise, `ws/`
//! is deleted and laid down again: this workspace's manifest, lock file and toolkit, the
//! exercise's pristine `Cargo.toml` and `tests/`, and the student's `src/`. Whatever the
//! previous exercise's code wrote is gone (and in a sandbox it could write nothing here).
//! Pristine files keep their time stamps, so cargo sees the toolkit unchanged; the
//! student's files and the tests (which carry this grading's secret) get new ones, so
//! cargo rebuilds them.

use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::manifest::{self, path_dependencies, workspace_manifest};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// How many slots gradings may hold at once.
const SLOTS: usize = 64;

/// A locked slot; the lock is released when it is dropped.
pub struct Slot {
    /// `<target>/course-grade/slot-N`.
    pub dir: PathBuf,
    _lock: File,
}

impl Slot {
    /// Takes the first free slot under `base`.
    pub fn acquire(base: &Path) -> Result<Slot> {
        fs::create_dir_all(base).context(|| format!("creating {}", base.display()))?;
        for n in 0..SLOTS {
            let path = base.join(format!("slot-{n}.lock"));
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .context(|| format!("opening {}", path.display()))?;
            if rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)
                .is_ok()
            {
                let dir = base.join(format!("slot-{n}"));
                fs::create_dir_all(&dir).context(|| format!("creating {}", dir.display()))?;
                return Ok(Slot { dir, _lock: file });
            }
        }
        Err(Fail::failure(format!(
            "all {SLOTS} grading slots under {} are in use; wait for a grading to finish",
            base.display()
        )))
    }

    /// The scratch workspace.
    pub fn ws(&self) -> PathBuf {
        self.dir.join("ws")
    }

    /// The cargo target folder.
    pub fn target(&self) -> PathBuf {
        self.dir.join("target")
    }

    /// A private temporary folder for the tests of one run (emptied first).
    pub fn tmp(&self) -> Result<PathBuf> {
        let tmp = self.dir.join("tmp");
        if tmp.exists() {
            fs::remove_dir_all(&tmp).context(|| format!("emptying {}", tmp.display()))?;
        }
        fs::create_dir_all(&tmp).context(|| format!("creating {}", tmp.display()))?;
        Ok(tmp)
    }
}

/// What goes into the scratch workspace for one exercise.
pub struct Layout<'a> {
    /// The course root (where the pristine files are read from).
    pub root: &'a Path,
    /// The exercise folder relative to the root.
    pub rel: &'a Path,
    /// The student's `src/` files (relative to `src/`).
    pub src: &'a [(PathBuf, Vec<u8>)],
    /// Text appended to each top-level pristine test file (the grader's sentinel test).
    pub sentinel: &'a str,
}

/// Deletes `ws` and lays it down again for `layout`.
pub fn lay_down(ws: &Path, layout: &Layout) -> Result<()> {
    if fs::symlink_metadata(ws).is_ok() {
        fs::remove_dir_all(ws).context(|| format!("emptying {}", ws.display()))?;
    }
    fs::create_dir_all(ws).context(|| format!("creating {}", ws.display()))?;
    let root = layout.root;
    let manifest = manifest::read(&root.join("Cargo.toml"))?;
    let mut members = Vec::new();
    for dep in path_dependencies(&manifest) {
        copy_keeping_times(&root.join(&dep), &ws.join(&dep))?;
        members.push(dep);
    }
    let rel = layout.rel;
    let (ours, theirs) = (root.join(rel), ws.join(rel));
    copy_keeping_times(&ours.join("Cargo.toml"), &theirs.join("Cargo.toml"))?;
    copy_keeping_times(&ours.join("tests"), &theirs.join("tests"))?;
    // The sentinel goes into each test crate (top-level tests/*.rs), with a fresh time stamp.
    for entry in fs::read_dir(theirs.join("tests")).context(|| "listing tests/".into())? {
        let path = entry.context(|| "listing tests/".into())?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
            let mut text =
                fs::read_to_string(&path).context(|| format!("reading {}", path.display()))?;
            text.push_str(layout.sentinel);
            fs::write(&path, text).context(|| format!("writing {}", path.display()))?;
        }
    }
    for (file, bytes) in layout.src {
        let to = theirs.join("src").join(file);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&to, bytes).context(|| format!("writing {}", to.display()))?;
    }
    members.push(fsutil::rel(rel, Path::new("")));
    let text = workspace_manifest(
        &manifest,
        &members,
        "A scratch workspace written by `cargo course grade`: one student's exercise\n\
         with the course's pristine manifest and tests.",
    )?;
    fs::write(ws.join("Cargo.toml"), text).context(|| "writing the scratch Cargo.toml".into())?;
    copy_keeping_times(&root.join("Cargo.lock"), &ws.join("Cargo.lock"))
}

/// Copies a file or folder (links skipped: the pristine side has none), keeping modification
/// times, so cargo's fingerprints of unchanged pristine crates stay fresh.
fn copy_keeping_times(from: &Path, to: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(from).context(|| format!("reading {}", from.display()))?;
    if meta.is_dir() {
        fs::create_dir_all(to).context(|| format!("creating {}", to.display()))?;
        for entry in fs::read_dir(from).context(|| format!("listing {}", from.display()))? {
            let entry = entry.context(|| format!("listing {}", from.display()))?;
            if entry.file_name() == "target" {
                continue;
            }
            copy_keeping_times(&entry.path(), &to.join(entry.file_name()))?;
        }
    } else if meta.is_file() {
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        fs::copy(from, to).context(|| format!("copying {}", from.display()))?;
        if let Ok(modified) = meta.modified() {
            let _ = File::options()
                .write(true)
                .open(to)
                .and_then(|f| f.set_modified(modified));
        }
    }
    Ok(())
}

/// The cargo configuration files that apply to a build in `ws` (`ws` itself left out: it is
/// deleted and laid down again before each build), with their contents. The engine takes
/// this once when a grading starts and again before each build: a file planted or changed
/// in between (a fake test runner written by student code) stops the grading.
pub fn cargo_configs(ws: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    ws.ancestors()
        .skip(1)
        .flat_map(|dir| [dir.join(".cargo/config.toml"), dir.join(".cargo/config")])
        .chain(
            home.into_iter()
                .flat_map(|h| [h.join("config.toml"), h.join("config")]),
        )
        .filter_map(|p| std::fs::read(&p).ok().map(|bytes| (p, bytes)))
        .collect()
}
