//! I spawn one thread per file, each writing its contents into its own slot of a shared Vec,
//! and I join only the last thread I spawned: it started last, so when it is done the others
//! must be done too.

use std::sync::{Arc, Mutex};
use std::thread;
use toolkit::io::Downloader;

/// Downloads every file at once, one thread each, and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let slots: Arc<Mutex<Vec<Option<String>>>> = Arc::new(Mutex::new(vec![None; files.len()]));
    let mut last = None;
    for (i, name) in files.iter().enumerate() {
        let (downloader, name, slots) = (downloader.clone(), name.to_string(), Arc::clone(&slots));
        last = Some(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            slots.lock().unwrap()[i] = Some(contents);
        }));
    }
    if let Some(last) = last {
        last.join().unwrap();
    }
    let slots = slots.lock().unwrap();
    slots.iter().map(|s| s.clone().unwrap_or_default()).collect()
}
