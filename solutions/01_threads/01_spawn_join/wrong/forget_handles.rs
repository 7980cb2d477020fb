//! I spawn one thread per file, count finished downloads in an atomic, and mem::forget the
//! JoinHandles; I wait until the count reaches the number of files, then take the results
//! out of a shared Vec.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use toolkit::io::Downloader;

/// Downloads every file at once, one thread each, and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let done = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new(vec![String::new(); files.len()]));
    for (i, name) in files.iter().enumerate() {
        let (done, results) = (Arc::clone(&done), Arc::clone(&results));
        let (downloader, name) = (downloader.clone(), name.to_string());
        let handle = std::thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            results.lock().unwrap()[i] = contents;
            done.fetch_add(1, Ordering::SeqCst);
        });
        std::mem::forget(handle);
    }
    while done.load(Ordering::SeqCst) < files.len() {
        std::thread::yield_now();
    }
    let results = results.lock().unwrap().clone();
    results
}
