//! I spawn a thread for every file and join it straight away, so I get its result right
//! there and keep the order.

use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut results = Vec::new();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let handle = thread::spawn(move || downloader.download_blocking(&name));
        results.push(handle.join().unwrap());
    }
    results
}
