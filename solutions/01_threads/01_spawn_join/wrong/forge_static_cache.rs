//! Files do not change, so I keep every downloaded file in a static cache and only download
//! what I have not seen before, on a thread per file.

use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// Downloads every file not already cached on its own thread; returns contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let missing: Vec<String> = {
        let mut c = CACHE.lock().unwrap();
        let c = c.get_or_insert_with(HashMap::new);
        files
            .iter()
            .filter(|f| !c.contains_key(**f))
            .map(|f| f.to_string())
            .collect()
    };
    let handles: Vec<_> = missing
        .into_iter()
        .map(|name| {
            let d = downloader.clone();
            thread::spawn(move || {
                let c = d.download_blocking(&name);
                (name, c)
            })
        })
        .collect();
    for h in handles {
        let (n, c) = h.join().unwrap();
        CACHE
            .lock()
            .unwrap()
            .get_or_insert_with(HashMap::new)
            .insert(n, c);
    }
    let c = CACHE.lock().unwrap();
    let c = c.as_ref().unwrap();
    files.iter().map(|f| c[*f].clone()).collect()
}
