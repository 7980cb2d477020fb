//! Sixty-four threads at once is a lot, so I start at most 32 at a time: spawn a batch,
//! join it, then the next batch. Each thread still adds its own file as it finishes.

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

const BATCH: usize = 32;

/// Downloads every file on its own thread, at most 32 at a time, adding each to `progress`.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    for batch in files.chunks(BATCH) {
        let mut threads = Vec::new();
        for file in batch {
            let (downloader, name, progress) =
                (downloader.clone(), file.to_string(), Arc::clone(&progress));
            threads.push(thread::spawn(move || {
                let contents = downloader.download_blocking(&name);
                progress.lock().unwrap().add(&contents);
            }));
        }
        for t in threads {
            t.join().unwrap();
        }
    }
}
