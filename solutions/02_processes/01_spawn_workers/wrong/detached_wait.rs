//! Forgery: I start every worker, return their PIDs at once, and leave a background thread to
//! wait for them after start_workers has returned.
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
///
/// - Start **every** worker before waiting for **any** (the Python code's two loops), so they
///   run at the same time: `WorkerCommand::new(ROLE).task(&task).input(&task).spawn(timeline)?`.
/// - Then wait for each one (`worker.wait()?`): that is when the toolkit puts the child's
///   task on `timeline`. Its report knows the child's PID (`report.pid()`).
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
    let pids: Vec<u32> = workers.iter().map(|w| w.pid()).collect();
    std::thread::spawn(move || {
        for worker in workers {
            let _ = worker.wait();
        }
    });
    Ok(pids)
}
