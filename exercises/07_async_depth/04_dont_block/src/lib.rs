//! # dont_block — keep blocking work off the runtime
//!
//! `digest_files` reads files from a slow disk and hashes each one: a blocking read and a
//! CPU job, inside an `async fn`. Called as they are, both hold the runtime's thread, and
//! every other task on it (a server's other clients, a heartbeat, a timeout) stops until
//! they return. asyncio says the same: "not suitable for heavy CPU tasks — will block the
//! event loop", and hands such work to a thread:
//!
//! ```python
//! async def digest_files(paths, rounds):
//!     digests = []
//!     for path in paths:
//!         text = await asyncio.to_thread(path.read_text)          # the blocking read
//!         digest = await asyncio.to_thread(spin, rounds + len(text))  # the CPU job
//!         digests.append(Digest(path.name, len(text), digest))
//!     return digests
//! ```
//!
//! Your task: the code below works, but blocks the runtime twice per file. Keep what it
//! does, and move the blocking parts off the runtime's thread.

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
        // TODO: both lines below block the runtime's thread. Move them off it.
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let bytes = text.len();
        let hash =
            toolkit::cpu::spin_recorded(timeline, format!("hash {name}"), rounds + bytes as u64);
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
