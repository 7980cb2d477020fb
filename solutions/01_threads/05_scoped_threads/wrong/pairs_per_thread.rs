//! Threads are not free: each scoped thread takes two files.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    thread::scope(|s| {
        for (names, slots) in files.chunks(2).zip(results.chunks_mut(2)) {
            s.spawn(move || {
                for (name, slot) in names.iter().zip(slots.iter_mut()) {
                    *slot = downloader.download_blocking(name);
                }
            });
        }
    });
}
