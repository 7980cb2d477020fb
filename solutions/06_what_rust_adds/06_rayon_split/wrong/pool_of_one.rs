//! My own rayon pool, to be sure of where the work runs. One thread is plenty to start with.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece on a rayon pool and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    pool.install(|| {
        work.par_iter()
            .enumerate()
            .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            .collect()
    })
}
