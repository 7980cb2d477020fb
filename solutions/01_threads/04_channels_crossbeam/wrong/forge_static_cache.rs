//! A file downloaded once does not change, so I keep every file's contents in a static and
//! send the workers only the files no earlier call has downloaded; the cached ones arrive
//! first, at once.

use crossbeam::channel::unbounded;
use std::collections::HashMap;
use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

static CACHE: Mutex<Option<HashMap<String, String>>> = Mutex::new(None);

/// Downloads every file using `workers` threads; returns the pairs in arrival order.
pub fn download_with_workers(
    downloader: &Downloader,
    files: &[&str],
    workers: usize,
) -> Vec<(String, String)> {
    let mut results = Vec::new();
    let (jobs_tx, jobs_rx) = unbounded::<String>();
    let (results_tx, results_rx) = unbounded();
    {
        let mut cache = CACHE.lock().unwrap();
        let cache = cache.get_or_insert_with(HashMap::new);
        for file in files {
            match cache.get(*file) {
                Some(contents) => results.push((file.to_string(), contents.clone())),
                None => jobs_tx.send(file.to_string()).unwrap(),
            }
        }
    }
    drop(jobs_tx);
    for _ in 0..workers.max(1) {
        let (jobs, results, downloader) = (jobs_rx.clone(), results_tx.clone(), downloader.clone());
        thread::spawn(move || {
            for name in jobs {
                let contents = downloader.download_blocking(&name);
                results.send((name, contents)).unwrap();
            }
        });
    }
    drop(results_tx);
    for (name, contents) in results_rx {
        CACHE
            .lock()
            .unwrap()
            .get_or_insert_with(HashMap::new)
            .insert(name.clone(), contents.clone());
        results.push((name, contents));
    }
    results
}
