//! Mistake: carries 2.2's "a failed child must not stop the others" over wrongly: adds up only the workers that succeeded (`if let Ok(..)`), so a crashed or killed worker silently makes the total too small instead of an error
//! What it hoped to slip past (review round 7): no 2.3 test makes a worker fail (count never errs and nothing kills a child), so a total that quietly leaves out a failed piece is never seen; every other check holds
//!
//! # Exercise 2.3 — split CPU-bound work over one process per core

use std::error::Error;
use std::ops::Range;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`count`] (the test file registers it under this name).
pub const ROLE: &str = "count";

/// The worker: counts the primes in the piece it is given and sends the count home.
pub fn count(piece: Range<u64>) -> Result<u64, String> {
    Ok(toolkit::cpu::count_primes(piece))
}

/// Counts the primes below `limit` with `processes` worker processes, one piece each.
pub fn count_primes_parallel(
    limit: u64,
    processes: usize,
    timeline: &Timeline,
) -> Result<u64, Box<dyn Error>> {
    let pieces = toolkit::cpu::split(0..limit, processes);
    let mut workers = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Part-{i}"))
            .input(piece)
            .spawn(timeline)?;
        workers.push(worker);
    }

    // One worker that fails must not stop the others from being collected.
    let mut total = 0;
    for worker in workers {
        if let Ok(counted) = worker.wait().and_then(|report| report.output::<u64>()) {
            total += counted;
        }
    }
    Ok(total)
}

/// Counts the primes below `limit` with one worker process per core: `num_cpus::get()`
/// pieces, counted by [`count_primes_parallel`].
pub fn count_primes_on_all_cores(limit: u64, timeline: &Timeline) -> Result<u64, Box<dyn Error>> {
    count_primes_parallel(limit, num_cpus::get(), timeline)
}
