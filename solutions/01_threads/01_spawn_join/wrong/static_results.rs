//! Each thread pushes (its index, its contents) into one results list; after joining them
//! all I take the list and sort it by index. The list is a static, so no Arc is needed.

use std::sync::Mutex;
use std::thread;
use toolkit::io::Downloader;

static RESULTS: Mutex<Vec<(usize, String)>> = Mutex::new(Vec::new());

/// Downloads every file on its own thread and returns the contents in input order.
pub fn download_all(downloader: &Downloader, files: &[&str]) -> Vec<String> {
    let mut threads = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let (downloader, name) = (downloader.clone(), file.to_string());
        threads.push(thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            RESULTS.lock().unwrap().push((i, contents));
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
    let mut results = std::mem::take(&mut *RESULTS.lock().unwrap());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, c)| c).collect()
}
