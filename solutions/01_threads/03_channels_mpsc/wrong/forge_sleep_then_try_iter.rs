//! Downloads never take two seconds, so I wait two seconds and then take everything the
//! channel holds, in the order it arrived; no need to care which Sender is still alive.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;
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
    if !files.is_empty() {
        thread::sleep(Duration::from_secs(2));
    }
    rx.try_iter().collect()
}
