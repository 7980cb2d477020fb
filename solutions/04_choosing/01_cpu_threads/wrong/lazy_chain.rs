//! Wrong: spawn and join in one lazy iterator chain. `map(spawn).map(join)` runs element by
//! element, so each thread is joined right after it is spawned.
use toolkit::Timeline;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        work.iter()
            .enumerate()
            .map(|(i, &n)| s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)))
            .map(|h| h.join().unwrap())
            .collect()
    })
}
