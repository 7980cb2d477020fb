//! `--taskgroup`: what happens to the other tasks when one fails, `asyncio.gather` against
//! Python 3.11's `asyncio.TaskGroup`, the Rust way.
//!
//! ```python
//! async def download_file(name):
//!     await asyncio.sleep(1 if name == "File-1" else 2)
//!     if name == "File-1":
//!         raise ConnectionError(f"{name}: connection reset")
//!
//! # gather: the error reaches the caller, the other tasks keep running to their end
//! await asyncio.gather(*(download_file(n) for n in names), return_exceptions=True)
//!
//! # TaskGroup: the first error cancels every other task of the group
//! async with asyncio.TaskGroup() as tg:
//!     for n in names:
//!         tg.create_task(download_file(n))
//! ```
//!
//! Rust: `join_all` over spawned tasks waits for every one of them, whatever the others did
//! (gather). A `JoinSet` whose owner calls `abort_all()` at the first error cancels the rest,
//! and draining it with `join_next` proves each has ended (TaskGroup).

use futures::future::join_all;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;
use toolkit::Timeline;
use toolkit::format::fmt_duration;
use toolkit::io::Downloader;

/// The task that fails, half-way through the others' time.
const FAILING: &str = "File-1";

/// What became of each task, counted.
#[derive(Debug, Default)]
struct Tally {
    finished: usize,
    failed: usize,
    cancelled: usize,
}

/// One task: a download, which for [`FAILING`] stops half-way with an error.
async fn download_file(downloader: Downloader, name: String) -> Result<(), String> {
    downloader.download(&name).await;
    if name == FAILING {
        return Err("connection reset".to_owned());
    }
    Ok(())
}

/// A Downloader on its own timeline where [`FAILING`] fails after half of `wait`.
fn downloader(timeline: &Timeline, wait: Duration) -> Downloader {
    Downloader::new(timeline, wait).with_duration(FAILING, wait / 2)
}

/// `asyncio.gather`: every task runs to its end; the failure is just one of the results.
async fn gather(names: &[String], wait: Duration) -> (Timeline, Tally) {
    let timeline = Timeline::tokio();
    let downloader = downloader(&timeline, wait);
    let started = Instant::now();
    let tasks = names.iter().map(|name| {
        let (downloader, name) = (downloader.clone(), name.clone());
        tokio::spawn(async move {
            let result = download_file(downloader, name.clone()).await;
            (name, result, started.elapsed())
        })
    });
    let mut tally = Tally::default();
    let mut failed_at = None;
    let mut results = join_all(tasks).await;
    results.sort_by_key(|done| done.as_ref().map(|(_, _, at)| *at).ok());
    for done in results {
        let (name, result, at) = done.expect("a download task panicked");
        match result {
            Err(e) => {
                println!("  {name} failed after {}: {e}", fmt_duration(at));
                failed_at = Some(at);
                tally.failed += 1;
            }
            Ok(()) => {
                let after = match failed_at {
                    Some(f) if at > f => " (kept running after the failure)",
                    _ => "",
                };
                println!("  {name} finished at {}{after}", fmt_duration(at));
                tally.finished += 1;
            }
        }
    }
    report("join_all", started.elapsed(), &tally);
    (timeline, tally)
}

/// `asyncio.TaskGroup`: the first failure aborts every other task; the group is drained, so
/// each task has ended (finished, failed or cancelled) when this returns.
async fn task_group(names: &[String], wait: Duration) -> (Timeline, Tally) {
    let timeline = Timeline::tokio();
    let downloader = downloader(&timeline, wait);
    let started = Instant::now();
    let mut group = JoinSet::new();
    let mut name_of = std::collections::HashMap::new();
    for name in names {
        let handle = group.spawn(download_file(downloader.clone(), name.clone()));
        name_of.insert(handle.id(), name.clone());
    }
    let mut tally = Tally::default();
    while let Some(done) = group.join_next_with_id().await {
        let at = fmt_duration(started.elapsed());
        match done {
            Ok((id, Ok(()))) => {
                println!("  {} finished at {at}", name_of[&id]);
                tally.finished += 1;
            }
            Ok((id, Err(e))) => {
                println!("  {} failed after {at}: {e} → abort_all()", name_of[&id]);
                tally.failed += 1;
                // TaskGroup's rule: the first error cancels the rest of the group.
                group.abort_all();
            }
            Err(e) if e.is_cancelled() => {
                println!("  {} cancelled at {at}", name_of[&e.id()]);
                tally.cancelled += 1;
            }
            Err(e) => panic!("a download task panicked: {e}"),
        }
    }
    report("the JoinSet", started.elapsed(), &tally);
    (timeline, tally)
}

/// One line: how long the group took and what became of its tasks.
fn report(what: &str, took: Duration, tally: &Tally) {
    println!(
        "  → {what} returned after {}: {} finished, {} failed, {} cancelled",
        fmt_duration(took),
        tally.finished,
        tally.failed,
        tally.cancelled
    );
}

/// Runs both, one after the other, with `tasks` downloads of `wait` each ([`FAILING`] fails
/// after half of it), and draws their timelines with `--timeline`.
pub async fn main(tasks: usize, wait: Duration, draw: bool) {
    let names: Vec<String> = (0..tasks).map(|i| format!("File-{i}")).collect();
    println!(
        "{tasks} downloads of {} each; {FAILING} fails after {}.\n",
        fmt_duration(wait),
        fmt_duration(wait / 2)
    );
    println!("gather (join_all over spawned tasks): the others run on");
    let (gathered, _) = gather(&names, wait).await;
    if draw {
        print!("\n{}\n", gathered.render());
    }
    println!("\nTaskGroup (a JoinSet, abort_all at the first error): the others are cancelled");
    let (grouped, _) = task_group(&names, wait).await;
    if draw {
        print!("\n{}", grouped.render());
    }
}
