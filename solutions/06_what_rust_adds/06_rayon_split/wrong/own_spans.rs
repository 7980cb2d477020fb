//! par_iter with toolkit::cpu::spin, and each piece recorded on the timeline with
//! timeline.record so it shows up.

use rayon::prelude::*;
use toolkit::Timeline;

/// Computes every piece in parallel and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| timeline.record(format!("Piece-{i}"), || toolkit::cpu::spin(n)))
        .collect()
}
