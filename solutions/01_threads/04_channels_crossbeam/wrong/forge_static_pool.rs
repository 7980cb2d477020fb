//! Starting threads is slow, so my workers live in a static pool that every call reuses:
//! the pool grows to the largest `workers` ever asked for and never shrinks.

use crossbeam::channel::{Receiver, Sender, unbounded};
use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

type Job = (Downloader, String, Sender<(String, String)>);

static POOL: Mutex<Option<(Sender<Job>, Receiver<Job>, usize)>> = Mutex::new(None);

/// Downloads the files with the shared static workers; returns pairs as they arrive.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let jobs_tx = {
        let mut pool = POOL.lock().unwrap();
        let (tx, rx, started) = pool.get_or_insert_with(|| {
            let (tx, rx) = unbounded();
            (tx, rx, 0)
        });
        while *started < workers.max(1) {
            let rx: Receiver<Job> = rx.clone();
            thread::spawn(move || {
                for (d, name, results) in rx {
                    let c = d.download_blocking(&name);
                    let _ = results.send((name, c));
                }
            });
            *started += 1;
        }
        tx.clone()
    };
    let (results_tx, results_rx) = unbounded();
    for f in files {
        jobs_tx
            .send((downloader.clone(), f.to_string(), results_tx.clone()))
            .unwrap();
    }
    drop(results_tx);
    results_rx.iter().collect()
}
