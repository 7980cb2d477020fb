//! I start every worker first, then give each one a thread that waits for it and sends its PID
//! down a channel: I collect the PIDs as they arrive, so whoever finishes first is first.
use std::error::Error;
use std::sync::mpsc;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

pub const ROLE: &str = "compute";
pub const WORK: Duration = Duration::from_millis(300);

pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    std::thread::sleep(WORK);
    println!("Finished {task}");
    Ok(std::process::id())
}

pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let mut workers = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        workers.push(WorkerCommand::new(ROLE).task(&task).input(&task).spawn(timeline)?);
    }
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for worker in workers {
            let tx = tx.clone();
            s.spawn(move || {
                let _ = tx.send(worker.wait().map(|r| r.pid()).map_err(|e| e.to_string()));
            });
        }
    });
    drop(tx);
    let mut pids = Vec::new();
    for pid in rx {
        pids.push(pid?);
    }
    Ok(pids)
}
