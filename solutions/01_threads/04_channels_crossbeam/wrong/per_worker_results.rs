//! No second channel needed: each worker keeps what it downloaded in a Vec and returns it
//! from its thread; I join the workers and put their Vecs together.

use crossbeam::channel::unbounded;
use std::thread;
use toolkit::io::Downloader;

/// Downloads the files with `workers` threads sharing one queue; returns every pair.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    for f in files {
        jobs_tx.send(f.to_string()).unwrap();
    }
    drop(jobs_tx);
    let handles: Vec<_> = (0..workers.max(1))
        .map(|_| {
            let (jobs, d) = (jobs_rx.clone(), downloader.clone());
            thread::spawn(move || {
                let mut mine = Vec::new();
                for name in jobs {
                    let c = d.download_blocking(&name);
                    mine.push((name, c));
                }
                mine
            })
        })
        .collect();
    handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect()
}
