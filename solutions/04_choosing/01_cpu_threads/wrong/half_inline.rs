//! Threads for all pieces but the first: the calling thread does piece 0 itself while the
//! others run, to save a thread.

use toolkit::Timeline;

/// Piece 0 here, the rest on threads... but I join them before doing piece 0.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    if work.is_empty() {
        return Vec::new();
    }
    let rest: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, &n)| {
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut answers = vec![toolkit::cpu::spin_recorded(timeline, "Piece-0", work[0])];
    answers.extend(rest);
    answers
}
