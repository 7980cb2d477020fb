//! Exercise 1.2 — shared state: every download thread adds to one progress report.
//!
//! Reference solution: each thread gets its own clone of the `Arc` (one more owner of the
//! same `Mutex<Progress>`), downloads **without** holding the lock, then locks only for the
//! update — a read-modify-write that must happen under one guard.

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
/// finishes, its thread adds it to `progress` with [`Progress::add`]. Returns once
/// every thread has finished.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        // Cloning an Arc copies the pointer, not the Progress: all threads share one.
        let progress = Arc::clone(&progress);
        threads.push(thread::spawn(move || {
            // The slow part runs with no lock held, so the downloads overlap.
            let contents = downloader.download_blocking(&name);
            // Lock, update, unlock: the guard is a temporary, dropped at the `;`.
            progress
                .lock()
                .expect("another thread panicked holding the lock")
                .add(&contents);
        }));
    }
    for t in threads {
        t.join().expect("a download thread panicked");
    }
}
