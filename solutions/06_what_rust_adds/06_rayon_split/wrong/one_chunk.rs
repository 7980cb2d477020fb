//! Chunks are cheaper than single items, so: par_chunks, with chunks as big as possible.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece in parallel chunks and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let chunk = work.len().max(1);
    work.par_chunks(chunk)
        .flat_map_iter(|piece| {
            piece
                .iter()
                .enumerate()
                .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                .collect::<Vec<_>>()
        })
        .collect()
}
