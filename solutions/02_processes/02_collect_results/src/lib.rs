//! # Exercise 2.2 — collect results over pipes, and report a failing child
//!
//! Processes share no memory: a child's answer comes home as text over a pipe, and a
//! child that fails says so only through its exit status and its stderr. Python's
//! `Process.join()` quietly ignores both (you check `p.exitcode` yourself, or you don't).
//! Here a failed child must come back as an error that names its task — never dropped,
//! never a panic — while the other children's answers are still collected.
//!
//! The test file registers [`square`] under the role [`ROLE`] with `toolkit::worker_entry!`.
//!
//! Your task: write [`square_all`]. `square` is done for you.

use std::io;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{WorkerCommand, WorkerError};

/// The worker role that runs [`square`] (the test file registers it under this name).
pub const ROLE: &str = "square";

/// How long each worker "computes": scaled down so tests stay quick.
pub const WORK: Duration = Duration::from_millis(150);

/// The worker: squares the number it is given and sends it home as text. Input that is not
/// a number is an error: the child prints it to stderr and exits with status 1.
pub fn square(input: &str) -> Result<String, String> {
    let n: u64 = input
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {input:?}"))?;
    std::thread::sleep(WORK);
    let squared = n
        .checked_mul(n)
        .ok_or_else(|| format!("{n} squared does not fit in a u64"))?;
    Ok(squared.to_string())
}

/// Squares every input in its own worker process — tasks `Task-0`, `Task-1`, ... — and
/// returns one result per input, in input order.
///
/// - Start **every** worker before waiting for **any**.
/// - Wait for **every** worker, even after one has failed. A failed child is the
///   `Err(WorkerError)` in its slot: keep it, do not skip it or `unwrap` it.
/// - Add each successful worker's spans to `timeline`.
///
/// The outer `io::Result` is the parent's own failure: a worker that could not be started
/// at all. Use `?` for that one.
pub fn square_all(
    inputs: &[&str],
    timeline: &Timeline,
) -> io::Result<Vec<Result<String, WorkerError>>> {
    // Start them all: each child now runs on its own, whatever the others do.
    let mut workers = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let worker = WorkerCommand::new(ROLE)
            .task(&format!("Task-{i}"))
            .input(input)
            .timeline(timeline)
            .spawn()?;
        workers.push(worker);
    }

    // Wait for every one of them. A failure is an outcome like any other: keep it in its
    // slot and go on waiting for the rest.
    let mut outcomes = Vec::new();
    for worker in workers {
        let outcome = worker.wait().map(|report| {
            timeline.extend(report.spans);
            report.output
        });
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
