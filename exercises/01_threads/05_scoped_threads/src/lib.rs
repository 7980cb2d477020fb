//! Exercise 1.5 — scoped threads: borrow instead of clone.
//!
//! `std::thread::spawn` needs `'static` data, which is why exercise 1.1 cloned the
//! downloader and turned each name into a `String`. Threads started inside
//! `std::thread::scope(|s| ...)` are all joined before `scope` returns, so they may borrow
//! local data — even write into a `&mut` slice, one element per thread. No `Arc`, no clones.
//!
//! The code below works but downloads one file after another. Make it download every file on
//! its own scoped thread, then run `cargo test` here.

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
    // One after another: the next download starts only when this one has finished.
    for (name, slot) in files.iter().zip(results.iter_mut()) {
        *slot = downloader.download_blocking(name);
    }
}
