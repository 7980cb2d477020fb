//! All threads start at once, but I put a Mutex around the work so two pieces never fight
//! over the CPU. Safer that way.

use std::sync::Mutex;
use toolkit::Timeline;

/// Runs each piece on its own thread, one at a time inside the lock.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let lock = Mutex::new(());
    std::thread::scope(|s| {
        let handles: Vec<_> = work
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let lock = &lock;
                s.spawn(move || {
                    let _turn = lock.lock().unwrap();
                    toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
