//! WRONG mistake: to keep the 2 ms redraw out of the lock, each thread bumps `files` under one lock and `bytes` under a second one (and never calls add), so the update is not atomic: a reader can see a file counted without its bytes
//! GAP: the watcher samples only `files`, never checks that `bytes` matches it, and nothing checks that Progress::add ran; no update is lost, so the final totals add up
//!
//! Exercise 1.2 — shared state: every download thread adds to one progress report.

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
/// finishes, its thread adds it to `progress`. Returns once every thread has finished.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let progress = Arc::clone(&progress);
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            // Hold the lock as briefly as possible: one short lock per counter, no redraw.
            progress.lock().expect("poisoned").files += 1;
            progress.lock().expect("poisoned").bytes += contents.len();
        }));
    }
    for t in threads {
        t.join().expect("a download thread panicked");
    }
}
