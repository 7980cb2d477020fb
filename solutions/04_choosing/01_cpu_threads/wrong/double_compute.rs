//! Forgery: parallel recorded pieces for the timeline, but the answers I return come from
//! a second, unrecorded computation on the calling thread.

use toolkit::Timeline;

/// Records in parallel, answers from elsewhere.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        for (i, &n) in work.iter().enumerate() {
            s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n));
        }
        work.iter().map(|&n| toolkit::cpu::spin(n)).collect()
    })
}
