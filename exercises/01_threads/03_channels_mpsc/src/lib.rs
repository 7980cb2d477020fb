//! Exercise 1.3 — channels: threads send their results instead of sharing memory.
//!
//! A channel has two ends. Every download thread gets a [`Sender`] (clone one per thread)
//! and sends its result when it is done; this function keeps the [`Receiver`] and handles
//! each result as it arrives. Looping over a receiver (`for msg in rx`) ends when the channel
//! closes, and the channel closes only when *every* `Sender` has been dropped — including
//! the one you created first.
//!
//! Fill in [`download_all`], then run `cargo test` here.

#[allow(unused_imports)] // remove this line when you start: you will need these
use std::sync::mpsc::{self, Receiver, Sender};
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time. Each thread
/// sends `(name, contents)` over one `std::sync::mpsc` channel as soon as its download is
/// done; this function receives until the channel closes and returns the pairs **in the
/// order they arrived**.
///
/// `downloader.download_blocking(name)` parks its thread for one download and records it on
/// the test's timeline.
#[allow(unused_variables)] // remove this line when you start
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    todo!("create a channel, spawn a thread per file that sends its result, receive them all")
}
