//! for_each in parallel, each piece pushes its answer into a shared Vec behind a Mutex.

use rayon::prelude::*;
use std::sync::Mutex;
use toolkit::Timeline;

/// Computes every piece in parallel and returns the answers.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let answers = Mutex::new(Vec::new());
    work.par_iter().enumerate().for_each(|(i, &n)| {
        let answer = toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n);
        answers.lock().unwrap().push(answer);
    });
    answers.into_inner().unwrap()
}
