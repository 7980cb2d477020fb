//! I collect the results over a channel and sort them at the end so the order is stable.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the contents, sorted.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        handles.push(thread::spawn(move || {
            tx.send(downloader.download_blocking(&name)).unwrap()
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    drop(tx);
    let mut results: Vec<String> = rx.iter().collect();
    results.sort();
    results
}
