//! I collect every result and then put them back in the order of the files: nicer for
//! the caller.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file using `workers` threads; returns the pairs in input order.
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
    for _ in 0..workers.max(1) {
        let (jobs, results, downloader) = (jobs_rx.clone(), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    let mut results: Vec<(String, String)> = results_rx.iter().collect();
    results.sort_by_key(|(name, _)| files.iter().position(|f| f == name));
    results
}
