//! I start the workers in batches of one per core, so I never run more processes than the
//! machine has cores: each batch is spawned, then waited for, before the next one starts.
use std::error::Error;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`compute`].
pub const ROLE: &str = "compute";

/// How long each task "computes".
pub const WORK: Duration = Duration::from_millis(300);

/// The worker.
pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    std::thread::sleep(WORK);
    println!("Finished {task}");
    Ok(std::process::id())
}

/// Starts the workers a core's worth at a time.
pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let tasks: Vec<String> = (0..n).map(|i| format!("Task-{i}")).collect();
    let mut pids = Vec::new();
    for batch in tasks.chunks(cores) {
        let mut workers = Vec::new();
        for task in batch {
            workers.push(
                WorkerCommand::new(ROLE)
                    .task(task)
                    .input(task)
                    .spawn(timeline)?,
            );
        }
        for worker in workers {
            pids.push(worker.wait()?.pid());
        }
    }
    Ok(pids)
}
