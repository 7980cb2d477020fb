//! Each thread returns its pair and I join them in spawn order; the channel is not really
//! needed when join gives the value back.

use std::thread;
use toolkit::io::Downloader;

/// Downloads every file on its own thread and returns the pairs.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let handles: Vec<_> = files
        .iter()
        .map(|file| {
            let (downloader, name) = (downloader.clone(), file.to_string());
            thread::spawn(move || {
                let contents = downloader.download_blocking(&name);
                (name, contents)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}
