//! A private queue per worker, dealt out in turn; the first file is often the big one, so
//! it gets worker 0 to itself and the others are dealt among the other workers.

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
        let (tx, rx) = unbounded::<String>();
        queues.push(tx);
        let (results, downloader) = (results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in rx {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    for (i, file) in files.iter().enumerate() {
        let w = if i == 0 || workers == 1 {
            0
        } else {
            1 + (i - 1) % (workers - 1)
        };
        queues[w].send(file.to_string()).unwrap();
    }
    drop(queues);
    drop(results_tx);
    results_rx.iter().collect()
}
