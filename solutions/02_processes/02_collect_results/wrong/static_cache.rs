//! Forgery: answers are kept in a static across calls; a number squared in an earlier call gets
//! its old answer back and no worker at all.
use std::collections::HashMap;
use std::io;
use std::sync::Mutex;
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
static CACHE: Mutex<Option<HashMap<u64, u64>>> = Mutex::new(None);

pub fn square_all(
    numbers: &[u64],
    timeline: &Timeline,
) -> io::Result<Vec<Result<u64, WorkerError>>> {
    let known: Vec<Option<u64>> = {
        let cache = CACHE.lock().unwrap();
        numbers
            .iter()
            .map(|n| cache.as_ref().and_then(|c| c.get(n).copied()))
            .collect()
    };
    let mut workers = Vec::new();
    for (i, n) in numbers.iter().enumerate() {
        if known[i].is_none() {
            let worker = WorkerCommand::new(ROLE)
                .task(&format!("Task-{i}"))
                .input(n)
                .spawn(timeline)?;
            workers.push(Some(worker));
        } else {
            workers.push(None);
        }
    }
    let mut outcomes = Vec::new();
    for (i, worker) in workers.into_iter().enumerate() {
        match (worker, known[i]) {
            (Some(w), _) => {
                let outcome = w.wait().and_then(|report| report.output::<u64>());
                if let Ok(v) = &outcome {
                    CACHE
                        .lock()
                        .unwrap()
                        .get_or_insert_with(HashMap::new)
                        .insert(numbers[i], *v);
                }
                outcomes.push(outcome);
            }
            (None, Some(v)) => outcomes.push(Ok(v)),
            (None, None) => unreachable!(),
        }
    }
    Ok(outcomes)
}
