//! One thread per piece, and I join each one so I get its answer straight away.

use toolkit::Timeline;

/// Runs each piece on its own thread.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let mut answers = Vec::new();
    std::thread::scope(|s| {
        for (i, &n) in work.iter().enumerate() {
            let handle =
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n));
            answers.push(handle.join().unwrap());
        }
    });
    answers
}
