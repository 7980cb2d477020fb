//! I receive until nothing has arrived for a while, instead of until the channel closes.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// Downloads every file on its own thread; returns (name, contents) in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    for file in files {
        let (d, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            let contents = d.download_blocking(&name);
            let _ = tx.send((name, contents));
        });
    }
    let mut results = Vec::new();
    while let Ok(pair) = rx.recv_timeout(Duration::from_millis(150)) {
        results.push(pair);
    }
    results
}
