//! Squaring is cheap, so I square in the parent: each worker gets 0 (its answer is 0, plus
//! whatever it adds) and I add n² to what it sends home. Only a number whose square does
//! not fit goes to its worker as is, so that the worker makes the error.
use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

pub const ROLE: &str = "square";
pub const WORK: Duration = Duration::from_millis(300);

pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    n.checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))
}

pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    let mut workers = Vec::new();
    for (i, &n) in numbers.iter().enumerate() {
        let sent = if n.checked_mul(n).is_some() { 0 } else { n };
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Task-{i}"))
            .input(&sent)
            .spawn(timeline)?;
        workers.push((n, worker));
    }
    let mut outcomes = Vec::new();
    for (n, worker) in workers {
        let outcome = worker
            .wait()
            .and_then(|report| report.output::<u64>())
            .map(|got| got.wrapping_add(n.wrapping_mul(n)));
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
