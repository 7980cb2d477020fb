//! I moved the work off the main thread: one background thread does all the pieces.

use toolkit::Timeline;

/// Runs every piece on a worker thread.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        s.spawn(|| {
            work.iter()
                .enumerate()
                .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                .collect()
        })
        .join()
        .unwrap()
    })
}
