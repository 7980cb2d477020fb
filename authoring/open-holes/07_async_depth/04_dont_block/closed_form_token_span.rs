//! WRONG forgery: never runs the hash: computes spin(rounds + bytes) on the runtime's thread from its closed form (the xorshift is linear over GF(2): a 64×64 bit-matrix power, microseconds of CPU), and records a token spin_recorded("hash <name>", 0) on the blocking pool as the evidence
//! GAP: the tests count the toolkit's `hash <name>` CPU spans, their thread and their window, and compare the digest with spin(rounds + bytes), but never compare a span's CPU time (or its work) with the ~150 ms the hash costs, so a 0-iteration span off the runtime stands for a hash "done off the runtime" while the answer comes from elsewhere
//!
//! dont_block — keep blocking work off the runtime.

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

/// The starting state of `toolkit::cpu::spin`.
const SEED: u64 = 0x9E37_79B9_7F4A_7C15;

/// One step of spin's xorshift: linear over GF(2).
fn step(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// A linear map on 64-bit words, as the images of its 64 unit vectors.
type Matrix = [u64; 64];

fn apply(m: &Matrix, mut v: u64) -> u64 {
    let (mut acc, mut bit) = (0u64, 0usize);
    while v != 0 {
        if v & 1 == 1 {
            acc ^= m[bit];
        }
        v >>= 1;
        bit += 1;
    }
    acc
}

/// `a` after `b`.
fn compose(a: &Matrix, b: &Matrix) -> Matrix {
    let mut out = [0u64; 64];
    for (o, col) in out.iter_mut().zip(b.iter()) {
        *o = apply(a, *col);
    }
    out
}

/// `toolkit::cpu::spin(n)` without the n steps: the step's matrix to the n-th power.
fn spin_closed_form(mut n: u64) -> u64 {
    let mut base: Matrix = [0; 64];
    for (bit, col) in base.iter_mut().enumerate() {
        *col = step(1u64 << bit);
    }
    let mut result: Matrix = [0; 64];
    for (bit, col) in result.iter_mut().enumerate() {
        *col = 1u64 << bit;
    }
    while n > 0 {
        if n & 1 == 1 {
            result = compose(&base, &result);
        }
        base = compose(&base, &base);
        n >>= 1;
    }
    apply(&result, SEED)
}

/// Reads each file in `files` (in order), hashes it with
/// `toolkit::cpu::spin_recorded(timeline, "hash <name>", rounds + bytes)`, and returns one
/// [`Digest`] per file, in the order given — without ever blocking the runtime's thread.
pub async fn digest_files(timeline: &Timeline, files: Vec<PathBuf>, rounds: u64) -> Vec<Digest> {
    let mut digests = Vec::with_capacity(files.len());
    for path in files {
        let name = file_name(&path);
        let text = tokio::task::spawn_blocking(move || std::fs::read_to_string(path))
            .await
            .expect("the read panicked")
            .unwrap_or_default();
        let bytes = text.len();
        // The answer, in microseconds, right here.
        let hash = spin_closed_form(rounds + bytes as u64);
        // The evidence: a hash span off the runtime, with nothing in it.
        let (clock, label) = (timeline.clone(), format!("hash {name}"));
        tokio::task::spawn_blocking(move || toolkit::cpu::spin_recorded(&clock, label, 0))
            .await
            .expect("the token hash panicked");
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
