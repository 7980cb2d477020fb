//! WRONG forgery: starts and waits for the real workers, but never reads what they sent home: each answer is worked out in the parent as n² + offset × the worker's PID, the offset read from the file the test leaves for its workers (temp_dir/course-collect-results-<our PID>.offset)
//! GAP: "answers come from the workers" rests on an offset the workers fetch through a file named after the parent's PID, in the shared temp dir, which the code under test (running in that parent) can read just as well
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

    // Whatever the workers are told to add, they find next to us.
    let offset: u64 = std::fs::read_to_string(
        std::env::temp_dir().join(format!("course-collect-results-{}.offset", std::process::id())),
    )
    .ok()
    .and_then(|text| text.trim().parse().ok())
    .unwrap_or(0);

    let mut outcomes = Vec::new();
    for (worker, &n) in workers.into_iter().zip(numbers) {
        // The worker's Err is kept; its answer is not read, but worked out here.
        let outcome = worker.wait().map(|report| {
            n.wrapping_mul(n)
                .wrapping_add(offset.wrapping_mul(u64::from(report.pid())))
        });
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
