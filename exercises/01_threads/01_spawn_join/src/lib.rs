//! Exercise 1.1 — spawn and join: the tutorial's A/B/C downloads, all at once.
//!
//! The code below works, but it downloads the files one after another, like calling
//! `download_file` three times without threads. Make it start one thread per file, let them
//! all wait at the same time, then join them. Run `cargo test` in this folder to check.

use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time, and returns the
/// contents in the same order as `files` (not in the order the downloads finished).
///
/// `downloader.download_blocking(name)` parks its thread for one download (the `_blocking`
/// suffix says so) and records it as evidence on the test's timeline, which is how the tests
/// see what ran when.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    // One after another: each download starts only when the previous one has finished.
    files
        .iter()
        .map(|name| downloader.download_blocking(name))
        .collect()
}
