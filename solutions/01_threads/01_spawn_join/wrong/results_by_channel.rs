//! I start one thread per file and let each send its index and contents down a channel; I
//! receive one message per file and put each in its slot. I never join the threads: once
//! every result has arrived, they are done anyway.

use std::sync::mpsc;
use toolkit::io::Downloader;

/// Downloads every file at once, one thread each, and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let (tx, rx) = mpsc::channel();
    for (i, name) in files.iter().enumerate() {
        let (tx, downloader, name) = (tx.clone(), downloader.clone(), name.to_string());
        std::thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((i, contents));
        });
    }
    drop(tx);
    let mut results = vec![String::new(); files.len()];
    for (i, contents) in rx {
        results[i] = contents;
    }
    results
}
