//! Exercise 1.3 — channels: threads send their results instead of sharing memory.
//!
//! Reference solution. The one line that matters most is `drop(tx)`: the receiver's loop
//! ends only when every `Sender` is gone, and the original `tx` lives in this function until
//! it returns — or until we drop it.

use std::sync::mpsc::{self, Receiver};
use std::thread;
use toolkit::io::Downloader;

/// Starts one thread per file and returns **at once**, without waiting for any download.
/// Each thread downloads its file and sends `(name, contents)` on the channel. The channel
/// closes when the last thread is done, so a loop over the returned receiver ends then.
pub fn start_downloads(downloader: &Downloader, files: &[&str]) -> Receiver<(String, String)> {
    let (tx, rx) = mpsc::channel(); // tx: the Sender, rx: the Receiver
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone(); // one Sender per thread
        thread::spawn(move || {
            let contents = downloader.download(&name);
            // Fails only if the receiver is gone, i.e. nobody wants the result any more.
            let _ = tx.send((name, contents));
        }); // the thread's Sender is dropped when the thread ends
    }
    // Our own Sender would keep the channel open forever: drop it.
    drop(tx);
    rx
}

/// Downloads every file at the same time (use [`start_downloads`]) and returns the
/// `(name, contents)` pairs in the order they arrived.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let rx = start_downloads(downloader, files);
    let mut results = Vec::new();
    // Each result is handled as soon as it arrives; the loop ends when the channel closes.
    for (name, contents) in rx {
        results.push((name, contents));
    }
    results
}
