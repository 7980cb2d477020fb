//! # Exercise 2.3 — split CPU-bound work over one process per core
//!
//! The tutorial's multiprocessing timeline, for real:
//!
//! ```text
//! CPU-1: [A: Start-----------Finish]
//! CPU-2: [B: Start-----------Finish]
//! CPU-3: [C: Start-----------Finish]
//! ```
//!
//! Counting primes is CPU-bound: no waiting, only computing. Cut the numbers into one piece
//! per core, count each piece in its own process, add up the counts. Each process has its
//! own memory, so a piece travels to its worker as text (`"0..500000"`) and its count comes
//! back as text too.
//!
//! The test file registers [`count`] under the role [`ROLE`] with `toolkit::worker_entry!`.
//!
//! Your task: write [`count_primes_parallel`]. `count` is done for you.

use std::error::Error;
use toolkit::Timeline;

/// The worker role that runs [`count`] (the test file registers it under this name).
pub const ROLE: &str = "count";

/// The worker: counts the primes in the range it is given as `"start..end"` and sends the
/// count home as text.
pub fn count(input: &str) -> Result<String, String> {
    let bad = || format!("expected a range like \"0..1000\", got {input:?}");
    let (start, end) = input.split_once("..").ok_or_else(bad)?;
    let start: u64 = start.trim().parse().map_err(|_| bad())?;
    let end: u64 = end.trim().parse().map_err(|_| bad())?;
    Ok(toolkit::cpu::count_primes(start..end).to_string())
}

/// Counts the primes below `limit` with one worker process per core.
///
/// - Ask how many cores there are: `num_cpus::get()`.
/// - Cut `0..limit` into that many pieces: `toolkit::cpu::split`.
/// - Start a [`count`] worker for each piece — tasks `Part-0`, `Part-1`, ..., input
///   `"start..end"`, clock lined up with `timeline` — all before waiting for any.
/// - Wait for each, add its spans to `timeline`, parse its count and add it up.
///
/// You will need `toolkit::worker::WorkerCommand`.
#[allow(unused_variables)] // Remove this line once you use the parameters.
pub fn count_primes_parallel(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    todo!("split 0..limit over num_cpus::get() worker processes and add up their counts")
}
