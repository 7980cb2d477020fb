//! I kept the workers in one `PROCESSES` list at module level, like the tutorial's
//! `processes = []`: each call pushes its workers there, then takes the list and waits.
use std::error::Error;
use std::sync::Mutex;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::{Worker, WorkerCommand};

pub const ROLE: &str = "compute";
pub const WORK: Duration = Duration::from_millis(300);

pub fn compute(task: String) -> Result<u32, String> {
    println!("Processing {task} in PID {}", std::process::id());
    std::thread::sleep(WORK);
    println!("Finished {task}");
    Ok(std::process::id())
}

/// The tutorial's `processes = []`.
static PROCESSES: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    for i in 0..n {
        let task = format!("Task-{i}");
        let worker = WorkerCommand::new(ROLE)
            .task(&task)
            .input(&task)
            .spawn(timeline)?;
        PROCESSES.lock().unwrap().push(worker);
    }
    let processes = std::mem::take(&mut *PROCESSES.lock().unwrap());
    let mut pids = Vec::new();
    for p in processes {
        pids.push(p.wait()?.pid());
    }
    Ok(pids)
}
