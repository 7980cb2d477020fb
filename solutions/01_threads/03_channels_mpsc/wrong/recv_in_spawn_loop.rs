//! I spawn the thread for a file, take its result off the channel, and go on to the next:
//! that way I know which result belongs to which file.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the pairs in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let mut results = Vec::new();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            tx.send((name, contents)).unwrap();
        });
        results.push(rx.recv().unwrap());
    }
    results
}
