//! WRONG forgery: keeps every answer in a static map by amount of work; a piece already in the map is answered from it and recorded as a token spin_recorded of 0 iterations under its own label, so a second call with the same work computes nothing but still shows every Piece-i
//! GAP: the second call of answers_come_back_in_input_order is checked only for a recorded span per label and for equal answers: check_evidence and expect_work_done (CPU time of the pieces) run on the first call only, so token pieces pass for recomputed ones
//!
//! Exercise 6.6 — data parallelism with rayon.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;
use toolkit::Timeline;

/// Answers already computed, by amount of work.
static ANSWERS: Mutex<BTreeMap<u64, u64>> = Mutex::new(BTreeMap::new());

fn known(work: u64) -> Option<u64> {
    ANSWERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&work)
        .copied()
}

fn keep(work: u64, answer: u64) {
    ANSWERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(work, answer);
}

/// Computes every piece of CPU work on rayon's thread pool, in parallel, and returns the
/// answers in input order.
///
/// Piece `i` is computed by
/// `toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), work[i])`, which does the
/// work, records it on `timeline` as a span of CPU work called `Piece-{i}`, and returns the
/// answer (equal to `toolkit::cpu::spin(work[i])`). Use the pool you are called on (the
/// caller may have chosen it with `ThreadPool::install`): do not build one of your own.
pub fn spin_in_parallel(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    work.par_iter()
        .enumerate()
        .map(|(i, &n)| match known(n) {
            Some(answer) => {
                // A piece on the timeline, as a test expects to see one: no work in it.
                toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), 0);
                answer
            }
            None => {
                let answer = toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), n);
                keep(n, answer);
                answer
            }
        })
        .collect()
}
