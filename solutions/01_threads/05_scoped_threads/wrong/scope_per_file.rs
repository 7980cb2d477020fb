//! A scope lets a thread borrow the slot, so each file gets a scope with its thread in it.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    for (name, slot) in files.iter().zip(results.iter_mut()) {
        thread::scope(|s| {
            s.spawn(move || *slot = downloader.download_blocking(name));
        });
    }
}
