//! WRONG mistake: spawns a detached std::thread per piece, each sending (index, answer) over a channel; the call collects every answer into its slot and returns without ever joining a thread (a piece that panics just leaves a 0 behind).
//! GAP: 4.1 has no ThreadExits check (4.2 has one): a span ends before its thread sends, so every piece lies inside the call, and nothing tells "waited for the answers" from "joined the threads".
use std::sync::mpsc;
use toolkit::Timeline;

/// Runs every piece at the same time, each on its own thread; answers in input order.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    for (i, &n) in work.iter().enumerate() {
        let tx = tx.clone();
        let timeline = timeline.clone();
        std::thread::spawn(move || {
            let answer = toolkit::cpu::spin_recorded(&timeline, format!("Piece-{i}"), n);
            let _ = tx.send((i, answer));
        });
    }
    drop(tx);
    // Every answer goes to its own slot, whatever order they arrive in.
    let mut answers = vec![0; work.len()];
    for (i, answer) in rx {
        answers[i] = answer;
    }
    answers
}
