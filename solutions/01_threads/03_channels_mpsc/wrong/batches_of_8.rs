//! Spawning a thread for every file could start thousands, so I start at most 8 at a time:
//! spawn a batch, receive its results until that batch's channel closes, then the next.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

const MAX_THREADS: usize = 8;

pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let mut results = Vec::new();
    for batch in files.chunks(MAX_THREADS) {
        let (tx, rx) = mpsc::channel::<(String, String)>();
        for file in batch {
            let downloader = downloader.clone();
            let name = file.to_string();
            let tx = tx.clone();
            thread::spawn(move || {
                let contents = downloader.download_blocking(&name);
                let _ = tx.send((name, contents));
            });
        }
        drop(tx);
        results.extend(rx);
    }
    results
}
