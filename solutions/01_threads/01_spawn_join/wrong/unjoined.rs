//! The threads push their results into a shared Vec. The threads run on their own, so I
//! don't think I need to join them.

use std::sync::{Arc, Mutex};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the contents.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let results = Arc::new(Mutex::new(Vec::new()));
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let results = Arc::clone(&results);
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            results.lock().unwrap().push(contents);
        });
    }
    let done = results.lock().unwrap().clone();
    done
}
