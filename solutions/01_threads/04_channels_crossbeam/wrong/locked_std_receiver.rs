//! std's Receiver cannot be cloned, so the workers share it behind a Mutex and each
//! iterates over it.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

use std::sync::{Arc, Mutex, mpsc};

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = mpsc::channel::<String>();
    let jobs_rx = Arc::new(Mutex::new(jobs_rx));
    let (results_tx, results_rx) = unbounded();
    for file in files {
        jobs_tx.send(file.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers.max(1) {
        let (jobs, results, downloader) =
            (Arc::clone(&jobs_rx), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs.lock().unwrap().iter() {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
