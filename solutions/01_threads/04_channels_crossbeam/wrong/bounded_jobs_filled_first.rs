//! One slot per worker in the jobs channel is enough, since a worker takes one name at a
//! time: bounded(workers). I fill it, then start the workers.

use crossbeam::channel::bounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads the files with `workers` threads sharing one queue; returns pairs as they arrive.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = bounded::<String>(workers.max(1));
    let (results_tx, results_rx) = crossbeam::channel::unbounded();
    for f in files {
        jobs_tx.send(f.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers.max(1) {
        let (jobs, results, d) = (jobs_rx.clone(), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs {
                let c = d.download_blocking(&name);
                let _ = results.send((name, c));
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
