//! I download the files in batches of `workers`: a thread per file of the batch, wait for
//! the batch, then the next one.

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
    for batch in files.chunks(workers.max(1)) {
        let handles: Vec<_> = batch
            .iter()
            .map(|f| {
                let (results, downloader, name) =
                    (results_tx.clone(), downloader.clone(), f.to_string());
                thread::spawn(move || {
                    let contents = downloader.download_blocking(&name);
                    results.send((name, contents)).unwrap();
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
    }
    drop(results_tx);
    results_rx.iter().collect()
}
