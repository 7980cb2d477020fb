//! A bounded channel keeps memory in check; I make sure every thread is done (join) before
//! I read what they sent.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns (name, contents) pairs as they arrive.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::sync_channel::<(String, String)>(1);
    let mut handles = Vec::new();
    for f in files {
        let (d, name, tx) = (downloader.clone(), f.to_string(), tx.clone());
        handles.push(thread::spawn(move || {
            let c = d.download_blocking(&name);
            let _ = tx.send((name, c));
        }));
    }
    drop(tx);
    for h in handles {
        h.join().unwrap();
    }
    rx.iter().collect()
}
