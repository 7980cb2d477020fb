//! I keep the workers on a timeline of my own and return the PIDs.
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
pub fn start_workers(n: usize, _timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let mine = Timeline::new();
    let mut workers = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        workers.push(WorkerCommand::new(ROLE).task(&task).input(&task).spawn(&mine)?);
    }
    let mut pids = Vec::new();
    for worker in workers {
        pids.push(worker.wait()?.pid());
    }
    Ok(pids)
}
