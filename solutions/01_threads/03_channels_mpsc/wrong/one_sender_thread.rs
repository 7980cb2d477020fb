//! One worker thread downloads the files and sends each result as soon as it has it; the
//! calling thread receives them.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file and returns the pairs in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    let downloader = downloader.clone();
    let names: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    thread::spawn(move || {
        for name in names {
            let contents = downloader.download_blocking(&name);
            tx.send((name, contents)).unwrap();
        }
    });
    rx.iter().collect()
}
