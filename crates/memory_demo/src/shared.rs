//! Memory: shared (threads) or separate (processes)?

use std::sync::atomic::{AtomicU64, Ordering};
use toolkit::Timeline;
use toolkit::worker::WorkerCommand;

/// One global counter. Every thread of this process sees the same one; every child process
/// starts with a copy of its own.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Adds one to `COUNTER` and returns what this process now sees (run in threads or children).
pub fn add_one(_: ()) -> Result<u64, String> {
    Ok(COUNTER.fetch_add(1, Ordering::SeqCst) + 1)
}

/// Runs the experiment and prints what each side saw.
pub fn run() -> Result<(), String> {
    println!("Memory: shared or separate?");

    COUNTER.store(0, Ordering::SeqCst);
    let threads: Vec<_> = (0..3).map(|_| std::thread::spawn(|| add_one(()))).collect();
    for t in threads {
        t.join().map_err(|_| "a thread panicked")??;
    }
    println!(
        "  threads:   3 threads each added 1 to COUNTER -> the parent sees {} (one shared memory)",
        COUNTER.load(Ordering::SeqCst)
    );

    COUNTER.store(0, Ordering::SeqCst);
    let children = (0..3)
        .map(|i| {
            WorkerCommand::new("add_one")
                .task(&format!("Child-{i}"))
                .relay(false)
                .spawn(&Timeline::new())
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("could not start a child process: {e}"))?;
    let mut seen = Vec::new();
    for child in children {
        let report = child.wait().map_err(|e| e.to_string())?;
        let count: u64 = report.output().map_err(|e| e.to_string())?;
        seen.push(count.to_string());
    }
    println!(
        "  processes: 3 processes each added 1 to COUNTER -> the parent sees {}; \
         the children saw {} (each its own copy)",
        COUNTER.load(Ordering::SeqCst),
        seen.join(", ")
    );
    Ok(())
}
