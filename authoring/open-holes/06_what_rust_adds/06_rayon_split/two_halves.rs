//! WRONG mistake: splits the work in two halves "one per core, like lesson 4" (par_chunks of len/2) and runs each half's pieces in a plain loop: on a pool of 4 threads only 2 ever work, and a half of big pieces keeps one thread busy while the others idle
//! GAP: the tests only ask for at least 2 of the pool's threads and two pieces in progress at one instant (never that every thread of the 4-thread pool takes a piece when 8 pieces are given), and "ran alone while work waited" needs a piece with no other piece beside it, which two halves running side by side never show
//!
//! Exercise 6.6 — data parallelism with rayon.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
///
/// Piece `i` is computed by
/// `toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), work[i])`, which does the
/// work, records it on `timeline` as a span of CPU work called `Piece-{i}`, and returns the
/// answer (equal to `toolkit::cpu::spin(work[i])`). Use the pool you are called on (the
/// caller may have chosen it with `ThreadPool::install`): do not build one of your own.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    // Two halves, one per core: each half is a plain loop on one of the pool's threads.
    let half = work.len().div_ceil(2).max(1);
    let halves: Vec<Vec<u64>> = work
        .par_chunks(half)
        .enumerate()
        .map(|(h, chunk)| {
            chunk
                .iter()
                .enumerate()
                .map(|(j, &n)| {
                    let i = h * half + j;
                    toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)
                })
                .collect::<Vec<u64>>()
        })
        .collect();
    halves.concat()
}
