//! The pieces go to the pool through par_bridge(): iter().enumerate() handed to rayon as it is, then map and collect.
use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece on rayon's pool.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.iter()
        .enumerate()
        .par_bridge()
        .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
        .collect()
}
