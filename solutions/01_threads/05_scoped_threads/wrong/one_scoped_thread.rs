//! One scoped thread does the downloading, borrowing everything; no clones needed.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    thread::scope(|s| {
        s.spawn(|| {
            for (name, slot) in files.iter().zip(results.iter_mut()) {
                *slot = downloader.download_blocking(name);
            }
        });
    });
}
