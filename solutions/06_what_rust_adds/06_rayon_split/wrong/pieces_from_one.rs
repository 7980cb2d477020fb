//! par_iter, enumerate, map, collect; pieces are numbered from 1 like in the timeline I drew.
use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece on rayon's pool.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{}", i + 1), n))
        .collect()
}
