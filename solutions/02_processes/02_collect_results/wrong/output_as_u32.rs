//! Mistake: reads each answer back as report.output::<u32>() (copied from 2.1, where the worker sends a u32 PID) and widens it with u64::from: any square of 2^32 or more comes back as a BadOutput error instead of the worker's answer
//! What it hoped to slip past (review round 7): every successful answer in the tests is a small square plus a PID (well under 2^32); the only big number, 5_000_000_000, fails in the worker anyway, so no test has a square that fits a u64 but not a u32
//!
//! # Exercise 2.2 — collect results over pipes, and report a failing child

use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

/// The worker role that runs [`square`] (the test file registers it under this name).
pub const ROLE: &str = "square";

/// How long each worker "computes": scaled down so tests stay quick.
pub const WORK: Duration = Duration::from_millis(300);

/// The worker: squares the number it is given. A square that does not fit in a `u64` is an
/// error: the child prints it to stderr and exits with status 1.
pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    n.checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))
}

/// Squares every number in its own worker process — tasks `Task-0`, `Task-1`, ... — and
/// returns one outcome per number, in input order.
pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    let mut workers = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Task-{i}"))
            .input(n)
            .spawn(timeline)?;
        workers.push(worker);
    }

    let mut outcomes = Vec::new();
    for worker in workers {
        // Read back the way 2.1 read its PIDs, then widen to the u64 we return.
        let outcome = worker
            .wait()
            .and_then(|report| report.output::<u32>())
            .map(u64::from);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
