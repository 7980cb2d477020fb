//! What git says about the learner's workspace.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Files git reports as changed (relative to the root). Empty when git or the repo is missing.
pub fn git_modified(root: &Path) -> BTreeSet<PathBuf> {
    let out = crate::proc::own_output(Command::new("git").current_dir(root).args([
        "status",
        "--porcelain",
        "--untracked-files=all",
        "--",
        "exercises",
    ]));
    let Some(out) = out.ok().filter(|o| o.status.success()) else {
        return BTreeSet::new();
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| line.get(3..))
        .map(|path| PathBuf::from(path.rsplit(" -> ").next().unwrap_or(path)))
        .collect()
}
