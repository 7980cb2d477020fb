//! WRONG mistake: spawns `for _ in 0..workers` with no floor of one worker, so download_with_workers(files, 0) starts nobody, downloads nothing and silently returns an empty Vec
//! GAP: every test passes workers >= 1 (1, 2, 3, 10), so the documented "exactly `workers` threads (at least 1)" is never exercised at 0; the reference's `workers.max(1)` is untested
//!
//! Exercise 1.4 — crossbeam channels: a fixed crew of workers, one queue of jobs.

use crossbeam::channel::{Receiver, Sender, unbounded};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file in `files` using `workers` threads, each pulling file names from one
/// shared crossbeam channel until it is empty and closed. Returns the `(name, contents)`
/// pairs in the order they arrived.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx): (Sender<String>, Receiver<String>) = unbounded();
    let (results_tx, results_rx) = unbounded::<(String, String)>();

    for file in files {
        jobs_tx.send(file.to_string()).expect("the queue is open");
    }
    drop(jobs_tx);

    for _ in 0..workers {
        let jobs = jobs_rx.clone();
        let results = results_tx.clone();
        let downloader = downloader.clone();
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);

    results_rx.iter().collect()
}
