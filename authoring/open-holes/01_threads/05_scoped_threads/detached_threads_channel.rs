//! WRONG mistake: no scope: spawns detached 'static threads (as in 1.1, cloning the downloader and names), each sends (index, contents) over an mpsc channel, and the caller fills the slots from it; the threads are never joined
//! GAP: 1.5 has no ThreadExits test (1.1 and 1.2 do), so a thread that is never joined but sends its result before ending is indistinguishable: late==0, the idle check and all_overlap hold
//!
//! Exercise 1.5 — scoped threads, without a scope.

use std::sync::mpsc;
use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own thread, all at the
/// same time. Returns once every download is done.
///
/// # Panics
/// If `files` and `results` differ in length.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    assert_eq!(files.len(), results.len(), "one result slot per file");
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    for (i, file) in files.iter().enumerate() {
        let downloader = downloader.clone();
        let name = file.to_string();
        let tx = tx.clone();
        thread::spawn(move || {
            let contents = downloader.download_blocking(&name);
            let _ = tx.send((i, contents));
        });
    }
    drop(tx);
    for (i, contents) in rx {
        results[i] = contents;
    }
}
