//! So that a long list does not start hundreds of threads, I download at most 16 files at
//! a time: one thread::scope per group of 16, one scoped thread per file in it.

use std::thread;
use toolkit::io::Downloader;

const AT_ONCE: usize = 16;

/// Downloads `files[i]` into `results[i]` for every `i`, 16 scoped threads at a time.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    for (names, slots) in files.chunks(AT_ONCE).zip(results.chunks_mut(AT_ONCE)) {
        thread::scope(|s| {
            for (name, slot) in names.iter().zip(slots.iter_mut()) {
                s.spawn(move || *slot = downloader.download_blocking(name));
            }
        });
    }
}
