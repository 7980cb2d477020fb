//! A square that does not fit is a bug, so my worker says so loudly: `square` panics with
//! `expect` instead of building an error message. The parent still collects every outcome.
use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

/// The worker role that runs [`square`].
pub const ROLE: &str = "square";

/// How long each worker "computes".
pub const WORK: Duration = Duration::from_millis(300);

/// The worker: squares the number it is given, and panics if it does not fit.
pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    Ok(n.checked_mul(n).expect("the square does not fit in a u64"))
}

/// Squares every number in its own worker process.
pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    let mut workers = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&format!("Task-{i}"))
                .input(n)
                .spawn(timeline)?,
        );
    }
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(worker.wait().and_then(|report| report.output::<u64>()));
    }
    Ok(outcomes)
}
