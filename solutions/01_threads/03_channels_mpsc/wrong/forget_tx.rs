//! My own Sender must go away before I receive, so I get rid of it with mem::forget.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the pairs in arrival order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let (tx, rx) = mpsc::channel();
    for file in files {
        let (downloader, name, tx) = (downloader.clone(), file.to_string(), tx.clone());
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((name, contents));
        });
    }
    std::mem::forget(tx);
    rx.iter().collect()
}
