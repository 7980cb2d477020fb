//! par_iter, called from a scoped thread of its own so the caller's thread is not tied up by
//! the work while it runs.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece on rayon's pool, in parallel, and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        s.spawn(|| {
            work.par_iter()
                .enumerate()
                .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                .collect()
        })
        .join()
        .expect("the work panicked")
    })
}
