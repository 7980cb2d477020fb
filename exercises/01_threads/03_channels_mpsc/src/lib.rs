//! Exercise 1.3 — channels: threads send their results instead of sharing memory.
//!
//! A channel has two ends. Every download thread gets a [`Sender`] (clone one per thread)
//! and sends its result when it is done; the caller holds the [`Receiver`]. Looping over a
//! receiver (`for msg in rx`) ends when the channel closes, and the channel closes only when
//! *every* `Sender` has been dropped — including the one you created first.
//!
//! Fill in [`start_downloads`] and [`download_all`], then run `cargo test` here.

use std::sync::mpsc::Receiver;
#[allow(unused_imports)] // remove this line when you start: you will need these
use std::sync::mpsc::{self, Sender};
use toolkit::io::Downloader;

/// Starts one thread per file and returns **at once**, without waiting for any download.
/// Each thread downloads its file and sends `(name, contents)` on the channel. The channel
/// closes when the last thread is done, so a loop over the returned receiver ends then.
#[allow(unused_variables)] // remove this line when you start
pub fn start_downloads(downloader: &Downloader, files: &[&str]) -> Receiver<(String, String)> {
    todo!("create a channel, spawn a thread per file that sends its result, return the receiver")
}

/// Downloads every file at the same time (use [`start_downloads`]) and returns the
/// `(name, contents)` pairs in the order they arrived.
#[allow(unused_variables)] // remove this line when you start
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    todo!("receive from start_downloads until the channel closes")
}
