//! Each worker takes one name from the queue, downloads it and sends the result.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads the files with `workers` threads; results in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded();
    for f in files {
        jobs_tx.send(f.to_string()).unwrap();
    }
    drop(jobs_tx);
    for _ in 0..workers {
        let (jobs, results, d) = (jobs_rx.clone(), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            if let Ok(name) = jobs.recv() {
                let contents = d.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
