//! I moved the downloading off the calling thread onto a background thread, and join it.

use std::thread;
use toolkit::io::Downloader;

/// Downloads every file in the background and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let downloader = downloader.clone();
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    thread::spawn(move || {
        names
            .iter()
            .map(|name| downloader.download_blocking(name))
            .collect()
    })
    .join()
    .unwrap()
}
