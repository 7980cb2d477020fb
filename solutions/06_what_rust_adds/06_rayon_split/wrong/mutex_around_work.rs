//! The timeline is shared by every thread, so I guard the recording with a Mutex to be safe.

use rayon::prelude::*;
use std::sync::Mutex;
use toolkit::Timeline;

/// Computes every piece in parallel and returns the answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    let guard = Mutex::new(());
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| {
            let _turn = guard.lock().unwrap();
            toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n)
        })
        .collect()
}
