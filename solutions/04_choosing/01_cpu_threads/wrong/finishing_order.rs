//! Every thread sends its answer down a channel as soon as it is done, and I collect them.

use std::sync::mpsc;
use toolkit::Timeline;

/// Runs every piece at once and gathers the answers from a channel.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for (i, &n) in work.iter().enumerate() {
            let tx = tx.clone();
            s.spawn(move || {
                let answer = toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n);
                tx.send(answer).unwrap();
            });
        }
    });
    drop(tx);
    rx.iter().collect()
}
