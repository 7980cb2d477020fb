//! WRONG mistake: waits for the workers last-first (the order they finish anyway) and then sorts the PIDs, taking "in task order" to mean ascending PIDs
//! GAP: the tests catch PIDs in the wrong places only through finishing order, but the kernel hands out PIDs in increasing order, so sorting restores spawn order every time; it breaks only when PIDs wrap (pid_max is 32768 on this machine)
//!
//! # Exercise 2.1 — start worker processes and report their PIDs

use std::error::Error;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`compute`] (the test file registers it under this name).
pub const ROLE: &str = "compute";

/// How long each task "computes": the tutorial's 2 s, scaled down so tests stay quick.
pub const WORK: Duration = Duration::from_millis(300);

/// The worker, the tutorial's `compute(task)`. It runs in a child process: `task` arrives as
/// the worker's input, and its PID goes home over a pipe as the result.
pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    std::thread::sleep(WORK);
    println!("Finished {task}");
    Ok(std::process::id())
}

/// Starts `n` workers running [`compute`] — tasks `Task-0`, `Task-1`, ... — and returns
/// their PIDs in task order.
pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let mut workers = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        let worker = WorkerCommand::new(ROLE)
            .task(&task)
            .input(&task)
            .spawn(timeline)?;
        workers.push(worker);
    }

    // The last one started is the likeliest to be still running: wait for it first.
    let mut pids = Vec::new();
    while let Some(worker) = workers.pop() {
        pids.push(worker.wait()?.pid());
    }
    // Back in task order.
    pids.sort_unstable();
    Ok(pids)
}
