//! Files do not change, so I keep every (name, contents) I have received in a static and
//! only download the files no earlier call downloaded; the cached ones go first.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::thread;
use toolkit::io::Downloader;

fn cache() -> &'static Mutex<HashMap<String, String>> {
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<(String, String)> {
    let mut results = Vec::new();
    let (tx, rx) = mpsc::channel::<(String, String)>();
    for file in files {
        if let Some(c) = cache().lock().unwrap().get(*file) {
            results.push((file.to_string(), c.clone()));
            continue;
        }
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((name, contents));
        });
    }
    drop(tx);
    for (name, contents) in rx {
        cache().lock().unwrap().insert(name.clone(), contents.clone());
        results.push((name, contents));
    }
    results
}
