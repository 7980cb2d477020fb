//! Forgery: the answers are computed one after another on this thread, while threads run
//! tiny recorded pieces side by side so the timeline looks parallel.

use toolkit::Timeline;

/// Looks parallel, isn't.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        for i in 0..work.len() {
            s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), 1));
        }
        work.iter().map(|&n| toolkit::cpu::spin(n)).collect()
    })
}
