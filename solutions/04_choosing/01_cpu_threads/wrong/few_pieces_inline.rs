//! Threads cost more than they save for a handful of pieces, so under four pieces I compute them right here, one after another; only bigger jobs get a thread per piece.
use toolkit::Timeline;

/// Runs every piece of CPU work at the same time, each on its own thread, and returns their
/// answers in input order.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    if work.len() < 4 {
        return work
            .iter()
            .enumerate()
            .map(|(i, &n)| toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            .collect();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
