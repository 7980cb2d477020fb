//! Exercise 1.4 — crossbeam channels: a fixed crew of workers, one queue of jobs.
//!
//! A std `Receiver` has exactly one owner. A crossbeam [`Receiver`] can be cloned, so several
//! worker threads can pull from the same queue: whoever is free takes the next file
//! (fan-out), and every worker sends its results into one results channel (fan-in).
//!
//! Fill in [`download_with_workers`], then run `cargo test` here.

#[allow(unused_imports)] // remove this line when you start: you will need these
use crossbeam::channel::{Receiver, Sender, unbounded};
use toolkit::io::Downloader;

/// Downloads every file in `files` using exactly `workers` threads (at least 1), each pulling
/// file names from one shared crossbeam channel until it is empty and closed. Returns the
/// `(name, contents)` pairs in the order they arrived.
///
/// `downloader.download_blocking(name)` parks its thread for one download and records it on
/// the test's timeline.
#[allow(unused_variables)] // remove this line when you start
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    todo!("a jobs channel, `workers` threads pulling from it, a results channel back")
}
