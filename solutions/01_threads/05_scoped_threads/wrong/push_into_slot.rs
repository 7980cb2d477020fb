//! Each scoped thread appends its file's contents to its slot.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    thread::scope(|s| {
        for (name, slot) in files.iter().zip(results.iter_mut()) {
            s.spawn(move || slot.push_str(&downloader.download_blocking(name)));
        }
    });
}
