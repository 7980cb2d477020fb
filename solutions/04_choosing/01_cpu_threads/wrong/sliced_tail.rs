//! Forgery: 80% of each piece is recorded on its own thread, in parallel; the last 20% of
//! every piece is finished unrecorded, one after another, on the calling thread with
//! `spin_from`.
use toolkit::Timeline;

pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let heads: Vec<u64> = std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n * 4 / 5))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    heads
        .iter()
        .zip(work)
        .map(|(&head, &n)| toolkit::cpu::spin_from(Some(head), n - n * 4 / 5))
        .collect()
}
