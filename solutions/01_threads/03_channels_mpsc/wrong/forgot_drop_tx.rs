//! Every thread gets its own clone of the Sender and its clone is dropped when the thread
//! ends, so the channel closes by itself once they are all done.

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
            tx.send((name, contents)).unwrap();
        });
    }
    rx.iter().collect()
}
