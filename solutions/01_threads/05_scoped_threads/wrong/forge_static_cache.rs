//! Files do not change, so a static cache keeps every file downloaded before; only new
//! files are downloaded, each on its own scoped thread.

use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    let cached: Vec<Option<String>> = {
        let mut c = CACHE.lock().unwrap();
        let c = c.get_or_insert_with(HashMap::new);
        files.iter().map(|f| c.get(*f).cloned()).collect()
    };
    thread::scope(|s| {
        for ((name, slot), hit) in files.iter().zip(results.iter_mut()).zip(cached) {
            match hit {
                Some(c) => *slot = c,
                None => {
                    s.spawn(move || {
                        *slot = downloader.download_blocking(name);
                        CACHE
                            .lock()
                            .unwrap()
                            .get_or_insert_with(HashMap::new)
                            .insert(name.to_string(), slot.clone());
                    });
                }
            }
        }
    });
}
