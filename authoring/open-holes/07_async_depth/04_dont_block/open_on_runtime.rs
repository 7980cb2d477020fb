//! WRONG mistake: opens each file with std::fs::File::open on the runtime's thread ("opening is instant, reading is the slow part") and only moves the read and the hash to spawn_blocking; opening a named pipe blocks until a writer comes, and on a slow or network disk open() blocks like read() does
//! GAP: the test's slow disk only delays the read: each pipe's writer thread is started (and blocked in its own open) before digest_files runs, so a reader's open() returns at once and the stall detector sees nothing; no test has a file whose open is slow
//!
//! dont_block — keep blocking work off the runtime.

use std::fs::File;
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
        // Opening only looks the file up: quick. The read is what waits on the disk.
        let text = match File::open(&path) {
            Ok(file) => tokio::task::spawn_blocking(move || std::io::read_to_string(file))
                .await
                .expect("the read panicked")
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        let bytes = text.len();
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
