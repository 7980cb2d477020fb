//! Exercise 1.4 — crossbeam channels: a fixed crew of workers, one queue of jobs.
//!
//! Reference solution. Two channels, two places to close them:
//! - jobs: every name is sent, then the sender is dropped, so each worker's `for name in
//!   jobs` ends once the queue is empty;
//! - results: each worker owns a clone of the sender; ours is dropped, so the collecting loop
//!   ends when the last worker finishes.

use crossbeam::channel::{Receiver, Sender, unbounded};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file in `files` using exactly `workers` threads (at least 1), each pulling
/// file names from one shared crossbeam channel until it is empty and closed. Returns the
/// `(name, contents)` pairs in the order they arrived.
///
/// `downloader.download_blocking(name)` parks its thread for one download and records it on
/// the test's timeline.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx): (Sender<String>, Receiver<String>) = unbounded();
    let (results_tx, results_rx) = unbounded::<(String, String)>();

    // Fill the queue, then close it: workers stop once it is empty *and* closed.
    for file in files {
        jobs_tx.send(file.to_string()).expect("the queue is open");
    }
    drop(jobs_tx);

    for _ in 0..workers.max(1) {
        let jobs = jobs_rx.clone(); // fan-out: every worker pulls from the same queue
        let results = results_tx.clone(); // fan-in: every worker sends to the same place
        let downloader = downloader.clone();
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    // Only the workers' senders may keep the results channel open.
    drop(results_tx);

    results_rx.iter().collect()
}
