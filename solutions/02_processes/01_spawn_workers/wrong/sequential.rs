//! I start a worker, wait for it, and go on to the next one: one loop is simpler than two.
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
    let mut pids = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        let worker = WorkerCommand::new(ROLE).task(&task).input(&task).spawn(timeline)?;
        // p.start(); p.join()
        let report = worker.wait()?;
        pids.push(report.pid());
    }
    Ok(pids)
}
