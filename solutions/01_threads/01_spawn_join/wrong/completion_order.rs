//! Each thread sends its result over a channel and I collect them as they come in. Faster,
//! since I don't wait for the slow ones before taking the others.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the contents.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        thread::spawn(move || tx.send(downloader.download_blocking(&name)).unwrap());
    }
    drop(tx);
    rx.iter().collect()
}
