//! WRONG mistake: the answer is read as an f64 and cast back to u64 (as if JSON numbers were floats)
//! GAP: small answers survive; n² + 2³²×PID beyond 2⁵³ (new beyond-u32 test, big PIDs) loses its low bits

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
///
/// - Start **every** worker before waiting for **any**:
///   `WorkerCommand::new(ROLE).task(&task).input(&n).spawn(timeline)?`.
/// - Wait for **every** worker, even after one has failed. `worker.wait()` is already a
///   `Result<WorkerReport, WorkerError>`; the answer is `report.output::<u64>()`. A failed
///   child is the `Err(WorkerError)` in its slot: keep it, do not skip it or `unwrap` it.
///
/// The outer `io::Result` is the parent's own failure: a worker that could not be started
/// at all. Use `?` for that one only.
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
        .map(|w| w.wait().and_then(|r| r.output::<f64>()).map(|x| x as u64))
        .collect())
}
