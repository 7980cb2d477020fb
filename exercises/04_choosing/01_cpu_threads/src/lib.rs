//! # Exercise 4.1 — CPU-bound speed-up with threads (Rust has no GIL)
//!
//! The tutorial's summary table says threads give no parallelism for CPU-bound work:
//!
//! | Feature     | Multithreading |
//! |-------------|----------------|
//! | Parallelism | No (GIL)       |
//! | CPU-bound   | ❌             |
//!
//! That is true of CPython, whose Global Interpreter Lock lets one thread at a time run Python
//! code. Rust has no GIL: two threads doing CPU work run on two cores at once, and finish in
//! about the time of one. This exercise measures it.
//!
//! Your task: write [`spin_on_threads`].

use toolkit::Timeline;

/// Runs every piece of CPU work at the same time, each on its own thread, and returns their
/// answers in input order.
///
/// Piece `i` is computed, inside its own thread, by
/// `toolkit::cpu::spin_recorded(timeline, format!("Piece-{i}"), work[i])`: it spins
/// `work[i]` iterations, records them on `timeline` as a span of CPU work called `Piece-{i}`,
/// and returns the answer (equal to `toolkit::cpu::spin(work[i])`). Start every thread
/// before joining any. `std::thread::scope` lets the threads borrow `work` and `timeline`
/// directly.
#[allow(unused_variables)] // Remove this line once you use the parameters.
pub fn spin_on_threads(work: &[u64], timeline: &Timeline) -> Vec<u64> {
    // A wrong answer of the right type, so this compiles: replace it.
    Vec::new()
}
