//! The threads send their contents over a channel to one progress thread, which does all the
//! adding; I join the download threads, and the progress thread stops by itself.

use std::sync::mpsc;
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

/// Downloads every file on its own thread; one progress thread adds each as it arrives.
pub fn download_all(downloader: &Downloader, files: &[&str], progress: Arc<Mutex<Progress>>) {
    let (tx, rx) = mpsc::channel::<String>();
    thread::spawn(move || {
        for c in rx {
            progress.lock().unwrap().add(&c);
        }
    });
    let handles: Vec<_> = files
        .iter()
        .map(|f| {
            let (d, name, tx) = (downloader.clone(), f.to_string(), tx.clone());
            thread::spawn(move || {
                let _ = tx.send(d.download_blocking(&name));
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
