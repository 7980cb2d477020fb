//! Why download the same file twice? I spawn one thread per distinct name, join them, and
//! hand out the contents by name, in the order of `files`.

use std::collections::HashMap;
use std::thread;
use toolkit::io::Downloader;

pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut distinct: Vec<&str> = Vec::new();
    for f in files {
        if !distinct.contains(f) {
            distinct.push(f);
        }
    }
    let handles: Vec<_> = distinct
        .iter()
        .map(|f| {
            let downloader = downloader.clone();
            let name = f.to_string();
            thread::spawn(move || downloader.download_blocking(&name))
        })
        .collect();
    let by_name: HashMap<&str, String> = distinct
        .iter()
        .copied()
        .zip(handles.into_iter().map(|h| h.join().unwrap()))
        .collect();
    files.iter().map(|f| by_name[f].clone()).collect()
}
