//! I spawn every thread first, then join them by popping the handles off the Vec until it
//! is empty, pushing each result.

use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the contents.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut handles = Vec::new();
    for f in files {
        let (d, name) = (downloader.clone(), f.to_string());
        handles.push(thread::spawn(move || d.download_blocking(&name)));
    }
    let mut results = Vec::new();
    while let Some(h) = handles.pop() {
        results.push(h.join().unwrap());
    }
    results
}
