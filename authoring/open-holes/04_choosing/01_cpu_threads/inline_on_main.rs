//! WRONG forgery: computes every piece one after another on the calling thread when that thread is named `main` (a real program's), and a thread per piece otherwise (a test's thread is named after the test).
//! GAP: every 4.1 test calls spin_on_threads from the watchdog's thread, named after the test; none from a thread named `main` (3.4 added exactly such a run for this trick, 4.1 did not).
use toolkit::Timeline;

/// Runs every piece of CPU work at the same time, each on its own thread, answers in input order.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    if std::thread::current().name() == Some("main") {
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
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}
