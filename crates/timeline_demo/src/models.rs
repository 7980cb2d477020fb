//! The four ways to run tasks A, B and C. Each returns the spans it recorded.
//!
//! Every task is the tutorial's `download_file`: a wait of the same length
//! ([`toolkit::io`]), recorded as a span named after the task.

use std::time::Duration;
use toolkit::io::Downloader;
use toolkit::worker::WorkerCommand;
use toolkit::{Span, Timeline};

/// The three tasks of the Scenario.
pub const TASKS: [&str; 3] = ["A", "B", "C"];

/// The worker role a process runs: one task's wait, `input` seconds long.
pub const TASK_ROLE: &str = "task";

/// Sequential: the baseline the tutorial implies. One thread, one task after another.
pub fn sequential(wait: Duration) -> Vec<Span> {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, wait);
    for name in TASKS {
        downloader.download_blocking(name);
    }
    timeline.spans()
}

/// Multithreading: one thread per task, named `Thread-1`... as Python names them.
pub fn threads(wait: Duration) -> Vec<Span> {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, wait);
    let handles: Vec<_> = TASKS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let downloader = downloader.clone();
            std::thread::Builder::new()
                .name(format!("Thread-{}", i + 1))
                .spawn(move || downloader.download_blocking(name))
                .expect("the OS refused to start a thread")
        })
        .collect();
    for handle in handles {
        handle.join().expect("a download thread panicked");
    }
    timeline.spans()
}

/// Multiprocessing: one process per task. Each child times its own task and sends the span
/// home; the spans line up because every process reads the same machine-wide clock.
pub fn processes(wait: Duration) -> Result<Vec<Span>, String> {
    let timeline = Timeline::new();
    let workers = TASKS
        .iter()
        .map(|name| {
            WorkerCommand::new(TASK_ROLE)
                .task(name)
                .input(&(name.to_string(), wait))
                .relay(false)
                .spawn(&timeline)
                .map_err(|e| format!("could not start the process for {name}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    for worker in workers {
        worker.wait().map_err(|e| e.to_string())?;
    }
    Ok(timeline.spans())
}

/// What a process worker runs: the wait of one task, then its content as the result.
pub fn task_worker((name, wait): (String, Duration)) -> Result<String, String> {
    Ok(toolkit::io::download_blocking(&name, wait))
}

/// Asyncio: one thread, one event loop, three tasks that pause while they wait.
pub fn asyncio(wait: Duration) -> Vec<Span> {
    let timeline = Timeline::new();
    let downloader = Downloader::new(&timeline, wait);
    // `current_thread` is asyncio's model: a single thread runs every task.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not start the tokio runtime");
    runtime.block_on(async {
        let tasks: Vec<_> = TASKS
            .iter()
            .map(|name| {
                let downloader = downloader.clone();
                tokio::spawn(async move { downloader.download(name).await })
            })
            .collect();
        // asyncio.gather(*tasks)
        for task in tasks {
            task.await.expect("an async task panicked");
        }
    });
    timeline.spans()
}
