//! The sleep in `square` only wastes time: I took it out, so every worker answers at once.
use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

pub const ROLE: &str = "square";
pub const WORK: Duration = Duration::from_millis(300);

pub fn square(n: u64) -> Result<u64, String> {
    n.checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))
}

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
    Ok(workers
        .into_iter()
        .map(|w| w.wait().and_then(|r| r.output::<u64>()))
        .collect())
}
