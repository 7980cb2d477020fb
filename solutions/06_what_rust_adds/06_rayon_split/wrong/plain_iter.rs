//! Started with .iter() to get the answers right first; parallel can come later.

use toolkit::Timeline;

/// Computes every piece and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.iter()
        .enumerate()
        .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
        .collect()
}
