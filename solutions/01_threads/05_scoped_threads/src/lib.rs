//! Exercise 1.5 — scoped threads: borrow instead of clone.
//!
//! Reference solution. Each scoped thread borrows `downloader` and `name`, and gets the
//! `&mut String` of its own slot: the borrow checker can see that no two threads touch the
//! same slot, and `scope` guarantees every thread is joined before the borrows end.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread, all
/// at the same time. Returns once every download is done.
///
/// `downloader.download_blocking(name)` parks its thread for one download and records it on
/// the test's timeline.
///
/// # Panics
/// If `files` and `results` differ in length.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    assert_eq!(files.len(), results.len(), "one result slot per file");
    thread::scope(|s| {
        for (name, slot) in files.iter().zip(results.iter_mut()) {
            // `move` moves the references (name, slot) into the thread, not the data.
            s.spawn(move || *slot = downloader.download_blocking(name));
        }
    }); // every scoped thread is joined here, before `results` can be read again
}
