//! Each worker gets its own queue and I deal the files out like cards, so the work is
//! spread evenly and no two workers fight over one channel.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let workers = workers.max(1);
    let (results_tx, results_rx) = unbounded();
    let mut queues = Vec::new();
    for _ in 0..workers {
        let (jobs_tx, jobs_rx) = unbounded::<String>();
        queues.push(jobs_tx);
        let (results, downloader) = (results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs_rx {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    for (i, file) in files.iter().enumerate() {
        queues[i % workers].send(file.to_string()).unwrap();
    }
    drop(queues);
    drop(results_tx);
    results_rx.iter().collect()
}
