//! The workers share the file names in a Vec behind a Mutex and each pops the next name off
//! it (no jobs channel needed); they send their results over a crossbeam channel.

use crossbeam::channel::unbounded;
use std::sync::{Arc, Mutex};
use std::thread;
use toolkit::io::Downloader;

pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let jobs: Arc<Mutex<Vec<String>>> =
        Arc::new(Mutex::new(files.iter().map(|f| f.to_string()).collect()));
    let (results_tx, results_rx) = unbounded::<(String, String)>();
    for _ in 0..workers.max(1) {
        let jobs = Arc::clone(&jobs);
        let results = results_tx.clone();
        let downloader = downloader.clone();
        thread::spawn(move || {
            loop {
                let Some(name) = jobs.lock().unwrap().pop() else { break };
                let contents = downloader.download_blocking(&name);
                let _ = results.send((name, contents));
            }
        });
    }
    drop(results_tx);
    results_rx.iter().collect()
}
