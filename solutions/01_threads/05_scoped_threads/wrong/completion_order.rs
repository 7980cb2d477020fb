//! The threads send their contents over a channel and I fill the slots as they come in.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    let (tx, rx) = mpsc::channel();
    thread::scope(|s| {
        for name in files {
            let tx = tx.clone();
            s.spawn(move || tx.send(downloader.download_blocking(name)).unwrap());
        }
    });
    drop(tx);
    for (slot, contents) in results.iter_mut().zip(rx) {
        *slot = contents;
    }
}
