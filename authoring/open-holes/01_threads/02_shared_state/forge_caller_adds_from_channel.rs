//! WRONG forgery: the Mutex is never shared: the threads only download and send their contents down a channel, and the calling thread does every Progress::add as each arrives, then joins
//! GAP: the tests see only the values of the Progress and when they change (watcher samples, Arc count at return), never which thread called add, so "every thread adds to one shared Progress" is not evidenced at all
//!
//! Exercise 1.2 — shared state, without sharing it.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

/// A progress report shared by every download thread.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Progress {
    /// How many files have finished downloading.
    pub files: usize,
    /// How many bytes have arrived, over all files (the length of each file's contents).
    pub bytes: usize,
}

impl Progress {
    /// Adds one finished file and its bytes, then redraws the progress line — which, like
    /// any write to a terminal, takes a moment. Call it with the lock held. Leave it as it
    /// is: the tests rely on it.
    pub fn add(&mut self, contents: &str) {
        self.files += 1;
        self.bytes += contents.len();
        std::thread::sleep(Duration::from_millis(2)); // the "redraw"
    }
}

/// Downloads every file in `files` on its own thread, all at the same time. As each download
/// finishes, it is added to `progress`. Returns once every thread has finished.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let (tx, rx) = mpsc::channel::<String>();
    let mut threads = Vec::new();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send(contents);
        }));
    }
    drop(tx);
    // Only this thread ever locks the progress.
    for contents in rx {
        progress.lock().expect("poisoned").add(&contents);
    }
    for t in threads {
        t.join().expect("a download thread panicked");
    }
}
