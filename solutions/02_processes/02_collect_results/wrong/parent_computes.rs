//! The workers tell me whether a number is OK; the square itself I can compute right here.
use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

/// The worker role that runs [`square`].
pub const ROLE: &str = "square";

/// How long each worker "computes".
pub const WORK: Duration = Duration::from_millis(300);

/// The worker: squares the number it is given.
pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    n.checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))
}

/// Squares every number in its own worker process.
pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    let mut workers = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        let task = format!("Task-{i}");
        workers.push(WorkerCommand::new(ROLE).task(&task).input(n).spawn(timeline)?);
    }
    let mut outcomes = Vec::new();
    for (worker, n) in workers.into_iter().zip(numbers) {
        outcomes.push(worker.wait().map(|_| n * n));
    }
    Ok(outcomes)
}
