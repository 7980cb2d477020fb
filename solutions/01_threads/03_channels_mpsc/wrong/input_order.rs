//! I receive everything, then put the pairs back in the order of `files`: tidier than a
//! random order.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the pairs.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            tx.send((name, contents)).unwrap();
        });
    }
    drop(tx);
    let mut results: Vec<(String, String)> = rx.iter().collect();
    results.sort_by_key(|(name, _)| files.iter().position(|f| f == name));
    results
}
