//! Each scoped thread is joined as soon as it is spawned, to be sure its slot is filled.

use std::thread;
use toolkit::io::Downloader;

/// Downloads `files[i]` into `results[i]` for every `i`, each on its own scoped thread.
pub fn download_into(downloader: &Downloader, files: &[&str], results: &mut [String]) {
    thread::scope(|s| {
        for (name, slot) in files.iter().zip(results.iter_mut()) {
            s.spawn(move || *slot = downloader.download_blocking(name))
                .join()
                .unwrap();
        }
    });
}
