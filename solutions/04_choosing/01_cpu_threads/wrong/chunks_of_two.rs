//! Two pieces per thread halves the threads to start: each thread computes a pair of pieces,
//! one after the other.
use toolkit::Timeline;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .chunks(2)
            .enumerate()
            .map(|(c, pair)| {
                s.spawn(move || {
                    pair.iter()
                        .enumerate()
                        .map(|(k, &n)| {
                            toolkit::cpu::spin_recorded(timeline, format!("Piece-{}", 2 * c + k), n)
                        })
                        .collect::<Vec<u64>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}
