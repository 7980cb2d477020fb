//! There are only so many cores, so I run the pieces in batches of
//! `available_parallelism()`: more threads than cores would just fight.

use toolkit::Timeline;

/// Runs the pieces a batch at a time, one thread per core.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let mut answers = Vec::new();
    let numbered: Vec<(usize, u64)> = work.iter().copied().enumerate().collect();
    for batch in numbered.chunks(cores) {
        std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .map(|&(i, n)| {
                    s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                })
                .collect();
            for h in handles {
                answers.push(h.join().unwrap());
            }
        });
    }
    answers
}
