//! Waiting for the lock is slow, so each thread uses try_lock and skips the update when
//! another thread holds the lock: the progress is only a display anyway.

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

/// Downloads every file on its own thread and adds each to `progress` if the lock is free.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let (downloader, name, progress) =
            (downloader.clone(), file.to_string(), Arc::clone(&progress));
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            if let Ok(mut p) = progress.try_lock() {
                p.add(&contents);
            }
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
}
