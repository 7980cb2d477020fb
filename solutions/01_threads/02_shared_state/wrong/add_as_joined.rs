//! The threads download and hand back their contents; I add each file to the progress as I
//! join its thread, in the order I spawned them, so the progress moves while I join.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;
use toolkit::io::Downloader;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Progress {
    pub files: usize,
    pub bytes: usize,
}

impl Progress {
    pub fn add(&mut self, contents: &str) {
        self.files += 1;
        self.bytes += contents.len();
        std::thread::sleep(Duration::from_millis(2)); // the "redraw"
    }
}

pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let threads: Vec<_> = files
        .iter()
        .map(|file| {
            let downloader = downloader.clone();
            let name = file.to_string();
            thread::spawn(move || downloader.download_blocking(&name))
        })
        .collect();
    for t in threads {
        let contents = t.join().unwrap();
        progress.lock().unwrap().add(&contents);
    }
}
