//! A crew larger than eight only adds threads that wait, so I cap the workers at eight,
//! whatever the caller asks for.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

const MAX_WORKERS: usize = 8;

/// Downloads every file using `workers` threads (at most 8); returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded();
    for file in files {
        jobs_tx.send(file.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers.clamp(1, MAX_WORKERS) {
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
