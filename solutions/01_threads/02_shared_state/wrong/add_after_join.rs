//! Each thread returns its contents; once I have joined them all, I add every file to the
//! progress in one go, so the lock is taken as little as possible.

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

/// Downloads every file on its own thread, then adds them all to `progress`.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let handles: Vec<_> = files
        .iter()
        .map(|f| {
            let (d, name) = (downloader.clone(), f.to_string());
            thread::spawn(move || d.download_blocking(&name))
        })
        .collect();
    let all: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut p = progress.lock().unwrap();
    for c in &all {
        p.add(c);
    }
}
