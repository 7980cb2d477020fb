//! Forgery: the real pieces run one after another, recorded, each on a fresh thread, while
//! two extra threads burn CPU the whole time so the machine looks busy on every core.

use std::sync::atomic::{AtomicBool, Ordering};
use toolkit::Timeline;

/// Sequential pieces with decoys burning CPU beside them.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..2 {
            let done = &done;
            s.spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    std::hint::black_box(toolkit::cpu::spin(10_000));
                }
            });
        }
        let answers = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                s.spawn(move || toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n))
                    .join()
                    .unwrap()
            })
            .collect();
        done.store(true, Ordering::Relaxed);
        answers
    })
}
