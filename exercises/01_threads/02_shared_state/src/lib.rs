//! Exercise 1.2 — shared state: every download thread adds to one progress report.
//!
//! Threads share the same memory, says the tutorial. In Rust, sharing means two things:
//! an [`Arc`] so every thread owns a handle to the same value, and a [`Mutex`] so only one
//! thread changes it at a time. Fill in [`download_all`], then run `cargo test` here.

use std::sync::{Arc, Mutex};
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
#[allow(unused_variables)] // remove this line when you start
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    todo!("spawn one thread per file; each downloads, then updates the shared progress")
}
