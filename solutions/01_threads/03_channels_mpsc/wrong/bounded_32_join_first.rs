//! Mistake: a bounded sync_channel(32) "so results cannot pile up", and every thread joined before receiving: with more than 32 files the 33rd send blocks forever and so does its join
//! What it hoped to slip past (review round 7): the largest test has 24 files, so the buffer never fills; joining first still returns at the last download's end and the buffered pairs keep their send (= arrival) order
//!
//! Exercise 1.3 — channels: threads send their results instead of sharing memory.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file in `files` on its own thread, all at the same time. Each thread
/// sends `(name, contents)` over one `std::sync::mpsc` channel as soon as its download is
/// done; this function returns the pairs in the order they arrived.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    // Bounded, so that results never pile up without limit.
    let (tx, rx): (SyncSender<(String, String)>, Receiver<(String, String)>) =
        mpsc::sync_channel(32);
    let mut threads = Vec::new();
    for file in files {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            tx.send((name, contents)).expect("the receiver is still there");
        }));
    }
    drop(tx);
    // Make sure every download is finished before reading the results.
    for t in threads {
        t.join().expect("a download thread panicked");
    }
    rx.into_iter().collect()
}
