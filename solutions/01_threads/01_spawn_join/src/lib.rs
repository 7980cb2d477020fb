//! Exercise 1.1 — spawn and join: the tutorial's A/B/C downloads, all at once.
//!
//! Reference solution. It reads side by side with the tutorial's Python: a first loop starts
//! every thread (`t.start()`), a second loop joins them (`t.join()`).

use std::thread::{self, JoinHandle};
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time, and returns the
/// contents in the same order as `files` (not in the order the downloads finished).
///
/// `downloader.download_blocking(name)` parks its thread for one download (the `_blocking`
/// suffix says so) and records it as evidence on the test's timeline, which is how the tests
/// see what ran when.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut threads: Vec<JoinHandle<String>> = Vec::new();
    for file in files {
        // A spawned thread may outlive this function, so it must own what it uses:
        // a clone of the downloader (cheap: it records into the same timeline) and the file name as a String.
        let downloader = downloader.clone();
        let name = file.to_string();
        let t = thread::spawn(move || downloader.download_blocking(&name));
        threads.push(t);
    }

    // Join in the order we spawned: the results come back in input order, however the
    // downloads happened to finish. `join` returns Err only if the thread panicked.
    threads
        .into_iter()
        .map(|t| t.join().expect("a download thread panicked"))
        .collect()
}
