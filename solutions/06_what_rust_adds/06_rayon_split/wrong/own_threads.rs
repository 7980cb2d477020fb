//! rayon is one more dependency; scoped threads do the same job, one per piece.

use toolkit::Timeline;

/// Computes every piece on a thread of its own and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
