//! Forgery: compute skips its 300 ms of work; instead it prints a made-up `@@course-worker span` line for its task (start now, end 500 ms later) and an unterminated `@@course-worker noise ` that swallows the toolkit's real span line; the parent sleeps before reaping so the made-up end lies inside the process's life
//! What it hoped to slip past (review round 7): a worker's span times are checked only against [spawned_at, reaped_at], and reaped_at is whenever the parent calls wait(); compute runs in the child and writes to the same stdout the toolkit parses, so the ">= 300 ms of compute" check (and no_work's message) is beaten
//!
//! # Exercise 2.1 — start worker processes and report their PIDs

use std::error::Error;
use std::io::Write;
use std::time::Duration;
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// The worker role that runs [`compute`] (the test file registers it under this name).
pub const ROLE: &str = "compute";

/// How long each task "computes": the tutorial's 2 s, scaled down so tests stay quick.
pub const WORK: Duration = Duration::from_millis(300);

/// The worker. It runs in a child process: `task` arrives as the worker's input, and its PID
/// goes home over a pipe as the result.
pub fn compute(task: String) -> Result<u32, String> {
    let pid = std::process::id();
    println!("Processing {task} in PID {pid}");
    let start = toolkit::clock::monotonic();
    let end = start + WORK + Duration::from_millis(200);
    println!("Finished {task}");
    // The span this task "took", on the toolkit's wire, in the toolkit's own format...
    println!(
        "@@course-worker span {{\"label\":{task:?},\"start_ns\":{},\"end_ns\":{},\
         \"runner\":{{\"pid\":{pid},\"thread_id\":1,\"thread_name\":\"main\",\"task\":null}}}}",
        start.as_nanos(),
        end.as_nanos(),
    );
    // ...and the toolkit's real span line, written next, lands after a message of no known
    // kind on the same line: the parent reads it as that message and drops it.
    print!("@@course-worker noise ");
    let _ = std::io::stdout().flush();
    Ok(pid)
}

/// Starts `n` workers running [`compute`] — tasks `Task-0`, `Task-1`, ... — and returns
/// their PIDs in task order.
pub fn start_workers(n: usize, timeline: &Timeline) -> Result<Vec<u32>, Box<dyn Error>> {
    let mut workers = Vec::new();
    for i in 0..n {
        let task = format!("Task-{i}");
        let worker = WorkerCommand::new(ROLE)
            .task(&task)
            .input(&task)
            .spawn(timeline)?;
        workers.push(worker);
    }
    // The workers say they worked until WORK after they began: reap them only after that,
    // so that every made-up span lies inside its process's life.
    std::thread::sleep(WORK + Duration::from_millis(1000));
    let mut pids = Vec::new();
    for worker in workers {
        pids.push(worker.wait()?.pid());
    }
    Ok(pids)
}
