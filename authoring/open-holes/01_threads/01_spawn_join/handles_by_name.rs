//! WRONG mistake: keeps the JoinHandles in a HashMap keyed by file name, so a file named twice replaces its first handle, and that thread is never joined
//! GAP: the only test with a repeated name (["A","B","A"]) watches no thread exits (no ThreadExits), and the detached A ends before the slower B is joined, so late==0 and the idle check both hold
//!
//! Exercise 1.1 — spawn and join. Handles and results are looked up by name.

use std::collections::HashMap;
use std::thread::{self, JoinHandle};
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time, and returns the
/// contents in the same order as `files`.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    // One handle per file name, so that each file's contents can be found by its name.
    let mut handles: HashMap<&str, JoinHandle<String>> = HashMap::new();
    for &file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        handles.insert(file, thread::spawn(move || downloader.download_blocking(&name)));
    }

    let mut contents: HashMap<&str, String> = HashMap::new();
    for (name, handle) in handles {
        contents.insert(name, handle.join().expect("a download thread panicked"));
    }
    files.iter().map(|name| contents[name].clone()).collect()
}
