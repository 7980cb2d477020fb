//! I split the files into one slice per worker up front; each worker downloads its slice.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (results_tx, results_rx) = unbounded();
    let per_worker = files.len().div_ceil(workers.max(1)).max(1);
    for chunk in files.chunks(per_worker) {
        let names: Vec<String> = chunk.iter().map(|f| f.to_string()).collect();
        let (results, downloader) = (results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in names {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
