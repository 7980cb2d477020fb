//! I wait for the first worker so the timeline shows one, and `mem::forget` the others
//! instead of dropping them (a dropped Worker is killed): they keep running and finish on
//! their own, like daemon processes, and I return at once with every PID.
use std::error::Error;
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
        workers.push(
            WorkerCommand::new(ROLE)
                .task(&task)
                .input(&task)
                .spawn(timeline)?,
        );
    }
    let mut pids: Vec<u32> = workers.iter().map(|w| w.pid()).collect();
    let mut workers = workers.into_iter();
    if let Some(first) = workers.next() {
        pids[0] = first.wait()?.pid();
    }
    for rest in workers {
        std::mem::forget(rest);
    }
    Ok(pids)
}
