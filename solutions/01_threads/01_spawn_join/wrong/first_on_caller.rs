//! Why waste the calling thread? It downloads the first file itself while the spawned
//! threads do the others.

use std::thread;
use toolkit::io::Downloader;

/// Downloads every file at the same time and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let Some((first, rest)) = files.split_first() else {
        return Vec::new();
    };
    let handles: Vec<_> = rest
        .iter()
        .map(|f| {
            let (downloader, name) = (downloader.clone(), f.to_string());
            thread::spawn(move || downloader.download_blocking(&name))
        })
        .collect();
    let mut results = vec![downloader.download_blocking(first)];
    results.extend(handles.into_iter().map(|h| h.join().unwrap()));
    results
}
