//! Threads all at once, each piece wrapped in timeline.record like the old README said.

use toolkit::Timeline;

/// Runs every piece at once, recording it myself.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                s.spawn(move || timeline.record(format!("Piece-{i}"), || toolkit::cpu::spin(n)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
