//! WRONG forgery: each job records only 70% of its work with spin_recorded on the blocking pool and jumps the remaining 30% ahead with a GF(2) bit-matrix power (spin is linear), so the answers are right while the recorded jobs are 30% short.
//! GAP: a job's size is checked only in the heartbeat test, against a floor of half its expected CPU; the jump costs well under a millisecond, so neither the size floor nor the CPU-outside-the-jobs check (25% + 15 ms) sees it.
use tokio::sync::{mpsc, oneshot};
use toolkit::Timeline;

/// One request to the front end: CPU work to do, and where to send the answer.
#[derive(Debug)]
pub struct Request {
    /// The request's number: its CPU work is recorded as CPU work called `job-{id}`.
    pub id: usize,
    /// How much CPU work it needs, in `toolkit::cpu::spin` iterations.
    pub work: u64,
    /// Where the answer, `toolkit::cpu::spin(work)`, goes.
    pub reply: oneshot::Sender<u64>,
}

/// A linear map on 64 bits: entry `j` is the image of bit `j`.
type BitMatrix = [u64; 64];

/// One xorshift step, exactly as `toolkit::cpu::spin_from` does it.
fn step(mut x: u64) -> u64 {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

fn apply(m: &BitMatrix, x: u64) -> u64 {
    let mut out = 0;
    for (j, image) in m.iter().enumerate() {
        if (x >> j) & 1 == 1 {
            out ^= image;
        }
    }
    out
}

/// `a` after `b`.
fn compose(a: &BitMatrix, b: &BitMatrix) -> BitMatrix {
    let mut c = [0u64; 64];
    for (out, image) in c.iter_mut().zip(b.iter()) {
        *out = apply(a, *image);
    }
    c
}

/// The map of `steps` xorshift steps, by squaring.
fn power(mut steps: u64) -> BitMatrix {
    let mut result = [0u64; 64];
    let mut base = [0u64; 64];
    for j in 0..64 {
        result[j] = 1u64 << j;
        base[j] = step(1u64 << j);
    }
    while steps > 0 {
        if steps & 1 == 1 {
            result = compose(&base, &result);
        }
        base = compose(&base, &base);
        steps >>= 1;
    }
    result
}

/// The front end: receives requests until the channel closes, and answers each one.
pub async fn serve(mut requests: mpsc::Receiver<Request>, timeline: Timeline) {
    while let Some(Request { id, work, reply }) = requests.recv().await {
        let timeline = timeline.clone();
        tokio::spawn(async move {
            let job = tokio::task::spawn_blocking(move || {
                let recorded = work / 10 * 7;
                let head = toolkit::cpu::spin_recorded(&timeline, format!("job-{id}"), recorded);
                // spin_from(Some(spin(a)), b) == spin(a + b): the rest, without spinning.
                apply(&power(work - recorded), head)
            });
            if let Ok(answer) = job.await {
                let _ = reply.send(answer);
            }
        });
    }
}
