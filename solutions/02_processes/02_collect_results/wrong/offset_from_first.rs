//! Reading every child's answer is slow to write, so I read one: the first worker that
//! succeeds tells me how its answers differ from n², and I work out the others myself with
//! that correction. The workers all run, and the failed ones keep their errors.
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

/// Squares every number in its own worker process (well, one of them counts).
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
    let mut correction: Option<u64> = None;
    for (worker, n) in workers.into_iter().zip(numbers) {
        let outcome = worker.wait().and_then(|report| report.output::<u64>());
        outcomes.push(match outcome {
            Ok(answer) => {
                let c = *correction.get_or_insert(answer.wrapping_sub(n * n));
                Ok(n * n + c)
            }
            Err(e) => Err(e),
        });
    }
    Ok(outcomes)
}
