//! The course as committed at one git revision: what `assign` hands out.
//!
//! Reading from history, never from the working tree, is the point: an instructor who
//! solved an exercise in their checkout, or has half-finished edits, still hands out the
//! committed stubs. Files are listed with `git ls-tree` and read in one `git cat-file
//! --batch` process (one process for all of them, not one per file).

use crate::error::{Context, Fail, Result};
use crate::proc::{OwnChild, own_output};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One file of the revision.
#[derive(Debug, Clone)]
pub struct Blob {
    /// git's object id of the contents (equal ids, equal contents).
    pub oid: String,
    /// Should it be executable (mode 100755)?
    pub executable: bool,
}

/// A revision of the course: its commit and every file in it, by path relative to the root.
#[derive(Debug)]
pub struct Revision {
    /// The full commit hash the revision resolved to.
    pub commit: String,
    /// Every regular file (symlinks and submodules left out), by `/`-separated path.
    pub files: BTreeMap<String, Blob>,
    /// The tree id of every folder, by path (`exercises/01_threads/01_spawn_join/tests`).
    pub trees: BTreeMap<String, String>,
    root: std::path::PathBuf,
}

impl Revision {
    /// Resolves `rev` in the repository at `root` and lists its files. Bad input (not a git
    /// repository, no such revision) is exit 2 with what to do.
    pub fn open(root: &Path, rev: &str) -> Result<Revision> {
        let resolved = git(
            root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )?;
        let commit = String::from_utf8_lossy(&resolved.stdout).trim().to_string();
        if !resolved.status.success() || commit.is_empty() {
            return Err(Fail::usage(format!(
                "--rev {rev}: no such commit in {}. assign hands out the course as committed in git \
                 (never your working tree): commit the course first, or pass --rev with a commit, branch or tag",
                root.display()
            )));
        }
        let listing = git(root, &["ls-tree", "-r", "-t", "-z", "--full-tree", &commit])?;
        if !listing.status.success() {
            return Err(Fail::failure(format!(
                "git ls-tree {commit} failed: {}",
                String::from_utf8_lossy(&listing.stderr).trim()
            )));
        }
        let (mut files, mut trees) = (BTreeMap::new(), BTreeMap::new());
        for entry in listing.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            // "<mode> <type> <oid>\t<path>"
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (mode, kind, oid) = (meta.next(), meta.next(), meta.next());
            match (mode, kind, oid) {
                (Some(mode), Some("blob"), Some(oid)) if mode.starts_with("100") => {
                    let blob = Blob {
                        oid: oid.to_string(),
                        executable: mode == "100755",
                    };
                    files.insert(path.to_string(), blob);
                }
                (_, Some("tree"), Some(oid)) => {
                    trees.insert(path.to_string(), oid.to_string());
                }
                _ => {} // symlinks and submodules: nothing a student workspace needs
            }
        }
        Ok(Revision {
            commit,
            files,
            trees,
            root: root.to_path_buf(),
        })
    }

    /// The commit's first 12 hex digits, for messages.
    pub fn short(&self) -> &str {
        &self.commit[..self.commit.len().min(12)]
    }

    /// Is there a file at `path`?
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every file under the folder `dir` (recursively).
    pub fn files_under(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.files
            .keys()
            .filter(|p| p.starts_with(&prefix))
            .cloned()
            .collect()
    }

    /// The files directly inside the folder `dir` (not in its subfolders).
    pub fn files_in(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.files
            .keys()
            .filter(|p| {
                p.strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .cloned()
            .collect()
    }

    /// The contents of the files `paths`, read in one `git cat-file --batch`.
    pub fn read(&self, paths: &[String]) -> Result<BTreeMap<String, Vec<u8>>> {
        let mut child = OwnChild::spawn(
            Command::new("git")
                .current_dir(&self.root)
                .args(["cat-file", "--batch"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .context(|| "running git cat-file (assign reads the course from git)".into())?;
        let mut stdin = child
            .child()
            .stdin
            .take()
            .ok_or_else(|| Fail::failure("git cat-file: no stdin"))?;
        let oids: Vec<String> = paths
            .iter()
            .map(|p| {
                self.files
                    .get(p)
                    .map(|b| b.oid.clone())
                    .ok_or_else(|| Fail::failure(format!("{p} is not in commit {}", self.short())))
            })
            .collect::<Result<_>>()?;
        // Write the requests on a thread of their own, so neither pipe can fill up and block.
        let writer = std::thread::spawn(move || {
            for oid in oids {
                if writeln!(stdin, "{oid}").is_err() {
                    return;
                }
            }
        });
        let stdout = child
            .child()
            .stdout
            .take()
            .ok_or_else(|| Fail::failure("git cat-file: no stdout"))?;
        let mut reader = BufReader::new(stdout);
        let mut out = BTreeMap::new();
        for path in paths {
            let mut header = String::new();
            reader
                .read_line(&mut header)
                .context(|| "reading git cat-file".into())?;
            // "<oid> blob <size>"
            let size: usize = header
                .split_whitespace()
                .nth(2)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| {
                    Fail::failure(format!(
                        "git cat-file: unexpected answer {header:?} for {path}"
                    ))
                })?;
            let mut bytes = vec![0; size + 1]; // the contents, then a newline
            reader
                .read_exact(&mut bytes)
                .context(|| format!("reading {path} from git"))?;
            bytes.truncate(size);
            out.insert(path.clone(), bytes);
        }
        let _ = writer.join();
        drop(child); // waits for git to end
        Ok(out)
    }

    /// The files under `paths` (files or folders) whose working-tree copy differs from this
    /// revision: changed, deleted, or new and not ignored (none of them are handed out).
    pub fn changed_in_working_tree(&self, paths: &[String]) -> Vec<String> {
        if paths.is_empty() {
            return Vec::new();
        }
        let listed = |first: &[&str]| {
            let mut args = first.to_vec();
            args.push("--");
            args.extend(paths.iter().map(String::as_str));
            git(&self.root, &args)
                .map(|out| nul_separated(&out.stdout))
                .unwrap_or_default()
        };
        let mut changed = listed(&["diff", "--name-only", "-z", self.commit.as_str()]);
        changed.extend(listed(&[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
        ]));
        changed.sort();
        changed.dedup();
        changed
    }
}

/// The paths of git's `-z` output.
fn nul_separated(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output> {
    own_output(Command::new("git").current_dir(root).args(args))
        .context(|| "running git (assign reads the course from git; is git installed?)".into())
}
