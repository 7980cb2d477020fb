//! Exercise 1.3 — channels: threads send their results instead of sharing memory.
//!
//! Reference solution. The one line that matters most is `drop(tx)`: the receiving loop
//! ends only when every `Sender` is gone, and the original `tx` lives in this function —
//! which is also where the loop runs — until we drop it.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time. Each thread
/// sends `(name, contents)` over one `std::sync::mpsc` channel as soon as its download is
/// done; this function receives until the channel closes and returns the pairs **in the
/// order they arrived**.
///
/// `downloader.download_blocking(name)` parks its thread for one download and records it on
/// the test's timeline.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    // tx: the Sender, rx: the Receiver of (name, contents) pairs.
    let (tx, rx) = mpsc::channel::<(String, String)>();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone(); // one Sender per thread
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            // Fails only if the receiver is gone, i.e. nobody wants the result any more.
            let _ = tx.send((name, contents));
        }); // the thread's Sender is dropped when the thread ends
    }
    // Our own Sender would keep the channel open forever, and the loop below with it.
    drop(tx);

    let mut results = Vec::new();
    // Each result is handled as soon as it arrives; the loop ends when the channel closes,
    // that is when the last thread has sent its result and dropped its Sender.
    for (name, contents) in rx {
        results.push((name, contents));
    }
    results
}
